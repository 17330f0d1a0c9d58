/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reports of `multipolar solve` for bimatrix models: all extreme
 * equilibria with their maximal Nash subsets (default), or Lemke-Howson from every label,
 * each equilibrium with its independently computed regrets, in floating point or exact.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/bimatrix.h"

static void text_strategy(FILE *out, const mpol_game *g, size_t p, const double *s, char **exact)
{
    fprintf(out, "    %-12s", g->player_names[p]);
    int first = 1;
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        if (!(s[k] > 0))
            continue;
        if (exact != NULL)
            fprintf(out, "%s%s %s", first ? "" : ", ", g->strategy_names[p][k], exact[k]);
        else
            fprintf(out, "%s%s %.9g", first ? "" : ", ", g->strategy_names[p][k], s[k]);
        first = 0;
    }
    fprintf(out, "\n");
}

static void text_report(const mpol_model *model, const mpol_game *g, const mpol_bimatrix_result *r,
                        int lh, double tol)
{
    FILE *out = stdout;
    cli_text_header(out, model);
    fprintf(out, "%s: %zu equilibri%s%s\n\n",
            lh == 2
                ? "Lemke-Howson (one equilibrium: label 1, then the next labels if a path fails)"
            : lh ? "Lemke-Howson from every label"
                 : "All extreme Nash equilibria",
            r->neq, r->neq == 1 ? "um" : "a", r->exact ? " (exact rational arithmetic)" : "");
    for (size_t e = 0; e < r->neq; e++) {
        const mpol_bimatrix_eq *q = &r->eq[e];
        fprintf(out, "  #%zu", e + 1);
        if (!lh && r->ncomponents > 0)
            fprintf(out, "  (component %zu)", q->component + 1);
        if (lh) {
            fprintf(out, "  (Lemke-Howson from label%s", q->nlabels == 1 ? "" : "s");
            for (size_t l = 0; l < q->nlabels; l++)
                fprintf(out, " %zu", q->labels[l]);
            fprintf(out, ")");
        }
        fprintf(out, "\n");
        text_strategy(out, g, 0, q->x, q->x_exact);
        text_strategy(out, g, 1, q->y, q->y_exact);
        if (q->payoff_row_exact != NULL)
            fprintf(out, "    payoffs      %s %s, %s %s\n", g->player_names[0], q->payoff_row_exact,
                    g->player_names[1], q->payoff_col_exact);
        else
            fprintf(out, "    payoffs      %s %.9g, %s %.9g\n", g->player_names[0], q->payoff_row,
                    g->player_names[1], q->payoff_col);
        fprintf(out, "    regrets      %.3e, %.3e\n", q->regret_row, q->regret_col);
    }
    if (!lh && r->ncliques > 0) {
        fprintf(out, "\nMaximal Nash subsets (every mix of the listed extreme strategies is an "
                     "equilibrium):\n");
        for (size_t c = 0; c < r->ncliques; c++) {
            const mpol_bimatrix_clique *q = &r->cliques[c];
            fprintf(out, "  component %zu: row vertices {", q->component + 1);
            for (size_t i = 0; i < q->nx; i++)
                fprintf(out, "%s%zu", i ? ", " : "", q->xs[i] + 1);
            fprintf(out, "} x column vertices {");
            for (size_t j = 0; j < q->ny; j++)
                fprintf(out, "%s%zu", j ? ", " : "", q->ys[j] + 1);
            fprintf(out, "}\n");
        }
    }
    fprintf(out, "\nVerification (regrets recomputed from the payoff matrices):\n");
    fprintf(out, "  largest regret %.3e; %s (tolerance %g relative, %.3g absolute)\n",
            r->max_regret,
            r->exact ? "VERIFIED exactly (all regrets are exactly 0)"
                     : (r->max_regret <= r->tol_abs ? "VERIFIED" : "FAILED"),
            tol, r->tol_abs);
}

static void json_strategy(json_writer *w, const mpol_game *g, size_t p, const double *s,
                          char **exact)
{
    json_object_begin(w);
    json_kv_string(w, "player", g->player_names[p]);
    json_key(w, "strategies");
    json_array_begin(w);
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        json_object_begin(w);
        json_kv_string(w, "name", g->strategy_names[p][k]);
        json_kv_number(w, "probability", s[k]);
        if (exact != NULL)
            json_kv_string(w, "exact", exact[k]);
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
}

static void json_report(const mpol_model *model, const mpol_game *g, const mpol_bimatrix_result *r,
                        int lh, double tol)
{
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, model);
    json_kv_string(&w, "method",
                   lh == 2 ? "lemke-howson"
                   : lh    ? "lemke-howson-all"
                           : "enumeration");
    json_kv_bool(&w, "exact", r->exact);
    json_key(&w, "equilibria");
    json_array_begin(&w);
    for (size_t e = 0; e < r->neq; e++) {
        const mpol_bimatrix_eq *q = &r->eq[e];
        json_object_begin(&w);
        json_key(&w, "profile");
        json_array_begin(&w);
        json_strategy(&w, g, 0, q->x, q->x_exact);
        json_strategy(&w, g, 1, q->y, q->y_exact);
        json_array_end(&w);
        json_key(&w, "payoffs");
        json_number_array(&w, (double[]){q->payoff_row, q->payoff_col}, 2);
        json_key(&w, "regrets");
        json_number_array(&w, (double[]){q->regret_row, q->regret_col}, 2);
        if (!lh)
            json_kv_integer(&w, "component", (long long)q->component + 1);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_kv_integer(&w, "components", (long long)r->ncomponents);
    json_key(&w, "verification");
    json_object_begin(&w);
    json_kv_bool(&w, "ok", r->exact || r->max_regret <= r->tol_abs);
    json_kv_number(&w, "max_regret", r->max_regret);
    json_kv_number(&w, "tolerance", tol);
    json_kv_number(&w, "tolerance_absolute", r->tol_abs);
    json_object_end(&w);
    json_object_end(&w);
    json_finish(&w);
}

static void csv_report(const mpol_game *g, const mpol_bimatrix_result *r)
{
    printf("equilibrium,player,strategy,probability\n");
    for (size_t e = 0; e < r->neq; e++)
        for (size_t p = 0; p < 2; p++)
            for (size_t k = 0; k < g->nstrategies[p]; k++)
                printf("%zu,\"%s\",\"%s\",%.17g\n", e + 1, g->player_names[p],
                       g->strategy_names[p][k], p == 0 ? r->eq[e].x[k] : r->eq[e].y[k]);
}

int cli_solve_bimatrix(mpol_model *model, const cli_solve_opts *o)
{
    mpol_bimatrix_method lh = MPOL_BIMATRIX_ENUMERATE;
    if (o->method != NULL) {
        if (strcmp(o->method, "lh") == 0 || strcmp(o->method, "lemke-howson") == 0)
            lh = MPOL_BIMATRIX_ONE;
        else if (strcmp(o->method, "lh-all") == 0)
            lh = MPOL_BIMATRIX_LEMKE_HOWSON;
        else if (strcmp(o->method, "enum") != 0 && strcmp(o->method, "enumeration") != 0) {
            fprintf(stderr,
                    "multipolar solve: bimatrix methods are enum (all extreme "
                    "equilibria, default), lh (Lemke-Howson, one equilibrium fast) and lh-all "
                    "(Lemke-Howson from every label); not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    if (o->all && lh) { /* --all asks for every equilibrium */
        fprintf(stderr, "multipolar solve: --all asks for every equilibrium; use --method enum\n");
        return CLI_EXIT_USAGE;
    }
    if (o->all && o->method == NULL) { /* constant-sum: the zero-sum enumeration */
        int csum = 0, crc = cli_game_constant_sum(model, &csum);
        if (crc != CLI_EXIT_OK)
            return crc;
        if (csum)
            return cli_solve_zero_sum_all(model, o, 1);
    }
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.exact = o->exact;
    bo.tol = o->tol;
    mpol_game *g = NULL;
    mpol_bimatrix_result *r = NULL;
    int rc;
    mpol_status st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        st = mpol_bimatrix_solve_game(&r, g, lh, &bo);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if (o->format == CLI_FORMAT_JSON)
        json_report(model, g, r, lh, bo.tol);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(g, r);
    else
        text_report(model, g, r, lh, bo.tol);
    rc = (r->exact || r->max_regret <= r->tol_abs) ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
done:
    mpol_bimatrix_result_free(r);
    mpol_game_free(g);
    return rc;
}
