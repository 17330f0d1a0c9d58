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
#include "multipolar/voting.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: multipolar check MODEL [--set p=v]... [--format text|json]\n"
                 "\n"
                 "Validates MODEL (YAML, Gambit .nfg or .efg, a TU table .tu/.txt or an EPIC\n"
                 "weighted voting .csv file; '-': YAML from standard input): syntax, structure, "
                 "names, and every payoff\n"
                 "expression evaluated at the parameter values; prints a summary.\n"
                 "Exit codes: 0 valid; 1 work over a limit or an I/O error; 2 invalid or a usage\n"
                 "error (FILE:LINE:COL: message, or multipolar check: message, on stderr).\n");
}

/* A node for the JSON form only (the text form has its own lines). */
static mpol_report_node *json_only(mpol_report_node *n)
{
    return mpol_report_set_forms(n, MPOL_REPORT_JSON);
}

static void strategic_summary(mpol_report_node *node, const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        lo = fmin(lo, g->payoff[i]);
        hi = fmax(hi, g->payoff[i]);
    }
    mpol_report_text(node, "  players: %zu, strategy profiles: %zu\n", g->nplayers, g->ncells);
    mpol_report_node *players = json_only(mpol_report_list(node, "players", NULL));
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_text(node, "    %s (%zu):", g->player_names[p], g->nstrategies[p]);
        mpol_report_node *pl = mpol_report_section(players, NULL, NULL);
        mpol_report_string(pl, "name", NULL, g->player_names[p]);
        mpol_report_node *st = mpol_report_list(pl, "strategies", NULL);
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            mpol_report_text(node, " %s", g->strategy_names[p][k]);
            mpol_report_string(st, NULL, NULL, g->strategy_names[p][k]);
        }
        mpol_report_text(node, "\n");
    }
    json_only(mpol_report_integer(node, "profiles", NULL, (long long)g->ncells));
    json_only(mpol_report_number(node, "payoff_min", NULL, lo, NULL));
    json_only(mpol_report_number(node, "payoff_max", NULL, hi, NULL));
    json_only(mpol_report_bool(node, "exact_payoffs", NULL, g->exact != NULL));
    mpol_report_text(node, "  payoffs in [%.10g, %.10g]%s\n", lo, hi,
                     g->exact != NULL ? ", all exact rationals" : "");
    cli_decision_report(node, g, "  ");
}

mpol_status cli_check_strategic(const mpol_model *model, mpol_report_node *node)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        strategic_summary(node, g);
    mpol_game_free(g);
    return st;
}

mpol_status cli_check_tu(const mpol_model *model, mpol_report_node *node)
{
    mpol_tu_game *g = NULL;
    mpol_status st = mpol_model_tu(&g, model);
    if (st == MPOL_OK) {
        double vn = g->v[((size_t)1 << g->n) - 1];
        json_only(mpol_report_integer(node, "players", NULL, (long long)g->n));
        json_only(mpol_report_number(node, "grand_coalition_value", NULL, vn, NULL));
        mpol_report_text(node, "  players: %zu, coalitions: %zu, v(N) = %.10g\n", g->n,
                         (size_t)1 << g->n, vn);
    }
    mpol_tu_free(g);
    return st;
}

mpol_status cli_check_wvg(const mpol_model *model, mpol_report_node *node)
{
    if (mpol_model_has_voting_rule(model))
        return cli_check_composite(model, node);
    mpol_wvg *g = NULL;
    mpol_status st = mpol_model_wvg(&g, model);
    if (st == MPOL_OK) {
        double total = 0;
        for (size_t i = 0; i < g->n; i++)
            total += g->weights[i];
        json_only(mpol_report_integer(node, "players", NULL, (long long)g->n));
        json_only(mpol_report_number(node, "quota", NULL, g->quota, NULL));
        json_only(mpol_report_number(node, "total_weight", NULL, total, NULL));
        mpol_report_text(node, "  players: %zu, quota %.10g of total weight %.10g\n", g->n,
                         g->quota, total);
    }
    mpol_wvg_free(g);
    return st;
}

/* The model's sweep axes (a "sweep" array in JSON). */
static void sweep_summary(mpol_report_node *node, const mpol_model *model)
{
    mpol_report_node *list = json_only(mpol_report_list(node, "sweep", NULL));
    for (size_t i = 0; i < mpol_model_nsweep(model); i++) {
        size_t pi, steps;
        double from, to;
        mpol_model_sweep_axis(model, i, &pi, &from, &to, &steps);
        const char *name = mpol_model_param_name(model, pi);
        mpol_report_node *axis = mpol_report_section(list, NULL, NULL);
        mpol_report_string(axis, "parameter", NULL, name);
        mpol_report_number(axis, "from", NULL, from, NULL);
        mpol_report_number(axis, "to", NULL, to, NULL);
        mpol_report_integer(axis, "steps", NULL, (long long)steps);
        mpol_report_text(node, "  sweep: %s from %.10g to %.10g in %zu steps\n", name, from, to,
                         steps);
    }
}

/* The report of a model that passed its checks; its kind's summary may still fail (the
 * game cannot be built): then nothing is written and the failure is returned. */
static int check_report(const mpol_model *model, cli_format fmt)
{
    mpol_report *rep = cli_report_new(model);
    if (rep != NULL)
        mpol_report_set_schema(rep, "multipolar/check/1");
    mpol_report_node *root = mpol_report_root(rep);
    json_only(mpol_report_bool(root, "valid", NULL, 1));
    const cli_kind *entry = cli_kind_for(mpol_model_get_kind(model));
    mpol_status st =
        entry != NULL && entry->summary != NULL ? entry->summary(model, root) : MPOL_OK;
    if (st != MPOL_OK) {
        mpol_report_free(rep);
        return cli_fail("check", st);
    }
    sweep_summary(root, model);
    /* a .efg file without perfect recall reads as its reduced strategic form (formats.c) */
    const char *desc = mpol_model_description(model);
    if (mpol_model_get_kind(model) != MPOL_MODEL_TREE && desc != NULL &&
        strncmp(desc, "no perfect recall:", 18) == 0) {
        json_only(mpol_report_string(root, "note", NULL, desc));
        mpol_report_text(root, "  note: %s\n", desc);
    }
    mpol_report_text(root, "\nvalid\n");
    return cli_report_emit("check", rep, fmt);
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

    rc = check_report(model, fmt);
done:
    mpol_model_free(model);
    return rc;
}
