/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar check MODEL`: load and validate a model (evaluating
 * every expression at the defaults), then print a summary.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/tu.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: multipolar check MODEL [--set p=v]... [--format text|json]\n"
                 "\n"
                 "Validates MODEL (YAML, Gambit .nfg or .efg, a TU table .tu/.txt or an EPIC\n"
                 "weighted voting .csv file): syntax, structure, names, and every payoff\n"
                 "expression evaluated at the parameter values; prints a summary.\n"
                 "Exit codes: 0 valid; 1 work over a limit or an I/O error; 2 invalid or a usage\n"
                 "error (FILE:LINE:COL: message, or multipolar check: message, on stderr).\n");
}

static void strategic_summary(FILE *out, json_writer *w, const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        lo = fmin(lo, g->payoff[i]);
        hi = fmax(hi, g->payoff[i]);
    }
    if (w != NULL) {
        json_key(w, "players");
        json_array_begin(w);
        for (size_t p = 0; p < g->nplayers; p++) {
            json_object_begin(w);
            json_kv_string(w, "name", g->player_names[p]);
            json_key(w, "strategies");
            json_array_begin(w);
            for (size_t k = 0; k < g->nstrategies[p]; k++)
                json_string(w, g->strategy_names[p][k]);
            json_array_end(w);
            json_object_end(w);
        }
        json_array_end(w);
        json_kv_integer(w, "profiles", (long long)g->ncells);
        json_kv_number(w, "payoff_min", lo);
        json_kv_number(w, "payoff_max", hi);
        json_kv_bool(w, "exact_payoffs", g->exact != NULL);
        cli_decision_json(w, g);
        return;
    }
    fprintf(out, "  players: %zu, strategy profiles: %zu\n", g->nplayers, g->ncells);
    for (size_t p = 0; p < g->nplayers; p++) {
        fprintf(out, "    %s (%zu):", g->player_names[p], g->nstrategies[p]);
        for (size_t k = 0; k < g->nstrategies[p]; k++)
            fprintf(out, " %s", g->strategy_names[p][k]);
        fprintf(out, "\n");
    }
    fprintf(out, "  payoffs in [%.10g, %.10g]%s\n", lo, hi,
            g->exact != NULL ? ", all exact rationals" : "");
    cli_decision_text(out, g, "  ");
}

mpol_status cli_check_strategic(const mpol_model *model, json_writer *jw)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        strategic_summary(stdout, jw, g);
    mpol_game_free(g);
    return st;
}

mpol_status cli_check_tu(const mpol_model *model, json_writer *jw)
{
    mpol_tu_game *g = NULL;
    mpol_status st = mpol_model_tu(&g, model);
    if (st == MPOL_OK) {
        if (jw != NULL) {
            json_kv_integer(jw, "players", (long long)g->n);
            json_kv_number(jw, "grand_coalition_value", g->v[((size_t)1 << g->n) - 1]);
        } else {
            fprintf(stdout, "  players: %zu, coalitions: %zu, v(N) = %.10g\n", g->n,
                    (size_t)1 << g->n, g->v[((size_t)1 << g->n) - 1]);
        }
    }
    mpol_tu_free(g);
    return st;
}

mpol_status cli_check_wvg(const mpol_model *model, json_writer *jw)
{
    mpol_wvg *g = NULL;
    mpol_status st = mpol_model_wvg(&g, model);
    if (st == MPOL_OK) {
        double total = 0;
        for (size_t i = 0; i < g->n; i++)
            total += g->weights[i];
        if (jw != NULL) {
            json_kv_integer(jw, "players", (long long)g->n);
            json_kv_number(jw, "quota", g->quota);
            json_kv_number(jw, "total_weight", total);
        } else {
            fprintf(stdout, "  players: %zu, quota %.10g of total weight %.10g\n", g->n, g->quota,
                    total);
        }
    }
    mpol_wvg_free(g);
    return st;
}

/* The model's sweep axes (a "sweep" array in JSON). */
static void sweep_summary(const mpol_model *model, json_writer *jw)
{
    size_t nsw = mpol_model_nsweep(model);
    if (jw != NULL) {
        json_key(jw, "sweep");
        json_array_begin(jw);
    }
    for (size_t i = 0; i < nsw; i++) {
        size_t pi, steps;
        double from, to;
        mpol_model_sweep_axis(model, i, &pi, &from, &to, &steps);
        if (jw != NULL) {
            json_object_begin(jw);
            json_kv_string(jw, "parameter", mpol_model_param_name(model, pi));
            json_kv_number(jw, "from", from);
            json_kv_number(jw, "to", to);
            json_kv_integer(jw, "steps", (long long)steps);
            json_object_end(jw);
        } else {
            fprintf(stdout, "  sweep: %s from %.10g to %.10g in %zu steps\n",
                    mpol_model_param_name(model, pi), from, to, steps);
        }
    }
}

/* Starts the report: the JSON writer @p w (returned) or the text header (NULL). */
static json_writer *begin_report(json_writer *w, cli_format fmt, const mpol_model *model)
{
    if (fmt != CLI_FORMAT_JSON) {
        cli_text_header(stdout, model);
        return NULL;
    }
    json_init(w, stdout);
    json_object_begin(w);
    cli_json_header(w, model);
    json_kv_bool(w, "valid", 1);
    return w;
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"set", required_argument, NULL, 's'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *sets[64];
    size_t nsets = 0;
    cli_format fmt = CLI_FORMAT_TEXT;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (nsets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "multipolar check: too many --set options\n");
                return CLI_EXIT_USAGE;
            }
            sets[nsets++] = optarg;
            break;
        case 'f':
            if (cli_parse_format(optarg, 0, &fmt) != 0) {
                fprintf(stderr, "multipolar check: --format must be text or json\n");
                return CLI_EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        case ':':
            fprintf(stderr, "multipolar check: option '%s' needs a value\n", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            fprintf(stderr, "multipolar check: unknown option '%s'; see 'multipolar help check'\n",
                    argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "multipolar check: %s; see 'multipolar help check'\n",
                argc - optind == 0 ? "a MODEL is needed" : "one model at a time");
        return CLI_EXIT_USAGE;
    }
    mpol_model *model = NULL;
    int rc = cli_load_model(argv[optind], &model);
    if (rc != CLI_EXIT_OK)
        return rc;
    for (size_t i = 0; i < nsets; i++)
        if ((rc = cli_apply_set(model, sets[i])) != CLI_EXIT_OK)
            goto done;

    json_writer w;
    json_writer *jw = begin_report(&w, fmt, model);
    const cli_kind *entry = cli_kind_for(mpol_model_get_kind(model));
    mpol_status st = entry != NULL && entry->summary != NULL ? entry->summary(model, jw) : MPOL_OK;
    if (st != MPOL_OK) {
        if (jw != NULL)
            json_finish(jw);
        rc = cli_fail("check", st);
        goto done;
    }
    sweep_summary(model, jw);
    if (jw != NULL) {
        json_array_end(jw);
        json_object_end(jw);
        json_finish(jw);
    } else {
        fprintf(stdout, "\nvalid\n");
    }
done:
    mpol_model_free(model);
    return rc;
}
