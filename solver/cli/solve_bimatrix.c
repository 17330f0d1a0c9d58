/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reports of `multipolar solve` for bimatrix models: all extreme
 * equilibria with their maximal Nash subsets (default), or Lemke-Howson from every label,
 * each equilibrium with the regrets the library recomputed independently, in floating point
 * or exact. The report is an mpol_report (multipolar/report.h) rendered in the --format.
 * As in the zero-sum report, printed probabilities below tol and payoffs and regrets below
 * the absolute tolerance (tol times the payoff scale) are printed as 0 (cli_snap); the
 * result and its check keep the computed numbers.
 */

#include "cli.h"
#include "multipolar/bimatrix.h"
#include "multipolar/zerosum.h"

static const unsigned J = MPOL_REPORT_JSON;

/* Text: "    Player      a 0.5, b 0.5" (the strategies played); JSON: the player and a
 * table of every strategy with its probability (and exact value). */
static void add_strategy(mpol_report_node *profile, mpol_report_node *text, const mpol_game *g,
                         size_t p, const double *s, char **exact, double tol)
{
    mpol_report_text(text, "    %-12s", g->player_names[p]);
    int first = 1;
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        if (!(cli_snap(s[k], tol) > 0))
            continue;
        if (exact != NULL)
            mpol_report_text(text, "%s%s %s", first ? "" : ", ", g->strategy_names[p][k], exact[k]);
        else
            mpol_report_text(text, "%s%s %.9g", first ? "" : ", ", g->strategy_names[p][k],
                             cli_snap(s[k], tol));
        first = 0;
    }
    mpol_report_text(text, "\n");
    static const char *const keys[] = {"name", "probability", "exact"};
    mpol_report_node *pl = mpol_report_section(profile, NULL, NULL);
    mpol_report_string(pl, "player", NULL, g->player_names[p]);
    mpol_report_node *t =
        mpol_report_table(pl, "strategies", NULL, exact != NULL ? 3 : 2, keys, NULL);
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->strategy_names[p][k]);
        mpol_report_cell_number(t, cli_snap(s[k], tol), NULL);
        if (exact != NULL)
            mpol_report_cell_string(t, exact[k]);
    }
}

/* A two-number JSON array on one line ("[1,0.5]"). */
static void add_pair(mpol_report_node *parent, const char *key, double a, double b)
{
    mpol_report_node *l = mpol_report_list_inline(mpol_report_list(parent, key, NULL));
    mpol_report_number(l, NULL, NULL, a, NULL);
    mpol_report_number(l, NULL, NULL, b, NULL);
}

static void add_equilibrium(mpol_report_node *root, mpol_report_node *list, const mpol_game *g,
                            const mpol_bimatrix_result *r, size_t e, int lh, double tol)
{
    const mpol_bimatrix_eq *q = &r->eq[e];
    double ta = r->tol_abs, pr = cli_snap(q->payoff_row, ta), pc = cli_snap(q->payoff_col, ta);
    double rr = cli_snap(q->regret_row, ta), rc = cli_snap(q->regret_col, ta);
    mpol_report_text(root, "  #%zu", e + 1);
    if (!lh && r->ncomponents > 0)
        mpol_report_text(root, "  (component %zu)", q->component + 1);
    if (lh) {
        mpol_report_text(root, "  (Lemke-Howson from label%s", q->nlabels == 1 ? "" : "s");
        for (size_t l = 0; l < q->nlabels; l++)
            mpol_report_text(root, " %zu", q->labels[l]);
        mpol_report_text(root, ")");
    }
    mpol_report_text(root, "\n");
    mpol_report_node *eq = mpol_report_section(list, NULL, NULL);
    mpol_report_node *profile = mpol_report_list(eq, "profile", NULL);
    add_strategy(profile, root, g, 0, q->x, q->x_exact, tol);
    add_strategy(profile, root, g, 1, q->y, q->y_exact, tol);
    if (q->payoff_row_exact != NULL)
        mpol_report_text(root, "    payoffs      %s %s, %s %s\n", g->player_names[0],
                         q->payoff_row_exact, g->player_names[1], q->payoff_col_exact);
    else
        mpol_report_text(root, "    payoffs      %s %.9g, %s %.9g\n", g->player_names[0], pr,
                         g->player_names[1], pc);
    mpol_report_text(root, "    regrets      %.3e, %.3e\n", rr, rc);
    add_pair(eq, "payoffs", pr, pc);
    add_pair(eq, "regrets", rr, rc);
    if (!lh)
        mpol_report_integer(eq, "component", NULL, (long long)q->component + 1);
}

static void add_cliques(mpol_report_node *root, const mpol_bimatrix_result *r)
{
    mpol_report_text(root, "\nMaximal Nash subsets (every mix of the listed extreme strategies "
                           "is an equilibrium):\n");
    for (size_t c = 0; c < r->ncliques; c++) {
        const mpol_bimatrix_clique *q = &r->cliques[c];
        mpol_report_text(root, "  component %zu: row vertices {", q->component + 1);
        for (size_t i = 0; i < q->nx; i++)
            mpol_report_text(root, "%s%zu", i ? ", " : "", q->xs[i] + 1);
        mpol_report_text(root, "} x column vertices {");
        for (size_t j = 0; j < q->ny; j++)
            mpol_report_text(root, "%s%zu", j ? ", " : "", q->ys[j] + 1);
        mpol_report_text(root, "}\n");
    }
}

/* CSV: every strategy's probability in every equilibrium (names always quoted). */
static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_bimatrix_result *r,
                    double tol)
{
    static const char *const keys[] = {"equilibrium", "player", "strategy", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t e = 0; e < r->neq; e++)
        for (size_t p = 0; p < 2; p++)
            for (size_t k = 0; k < g->nstrategies[p]; k++) {
                mpol_report_row(t);
                mpol_report_cell_integer(t, (long long)e + 1);
                mpol_report_cell_string(t, g->player_names[p]);
                mpol_report_cell_string(t, g->strategy_names[p][k]);
                mpol_report_cell_number(t, cli_snap(p == 0 ? r->eq[e].x[k] : r->eq[e].y[k], tol),
                                        NULL);
            }
}

static mpol_report *build_report(const mpol_model *model, const mpol_game *g,
                                 const mpol_bimatrix_result *r, mpol_bimatrix_method lh, double tol)
{
    static const char *const what[] = {
        [MPOL_BIMATRIX_ENUMERATE] = "All extreme Nash equilibria",
        [MPOL_BIMATRIX_LEMKE_HOWSON] = "Lemke-Howson from every label",
        [MPOL_BIMATRIX_ONE] =
            "Lemke-Howson (one equilibrium: label 1, then the next labels if a path fails)"};
    static const char *const json_name[] = {[MPOL_BIMATRIX_ENUMERATE] = "enumeration",
                                            [MPOL_BIMATRIX_LEMKE_HOWSON] = "lemke-howson-all",
                                            [MPOL_BIMATRIX_ONE] = "lemke-howson"};
    mpol_report *rep = cli_report_new(model);
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, json_name[lh]), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, r->exact), J);
    mpol_report_text(root, "%s: %zu equilibri%s%s\n\n", what[lh], r->neq, r->neq == 1 ? "um" : "a",
                     r->exact ? " (exact rational arithmetic)" : "");
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, "equilibria", NULL), J);
    for (size_t e = 0; e < r->neq; e++)
        add_equilibrium(root, list, g, r, e, lh != MPOL_BIMATRIX_ENUMERATE, tol);
    if (lh == MPOL_BIMATRIX_ENUMERATE && r->ncliques > 0)
        add_cliques(root, r);
    mpol_report_set_forms(mpol_report_integer(root, "components", NULL, (long long)r->ncomponents),
                          J);
    mpol_report_text(root, "\nVerification (regrets recomputed from the payoff matrices):\n");
    mpol_report_text(root, "  largest regret %.3e; %s (tolerance %g relative, %.3g absolute)\n",
                     cli_snap(r->max_regret, r->tol_abs),
                     r->exact && r->verified ? "VERIFIED exactly (all regrets are exactly 0)"
                     : r->verified           ? "VERIFIED"
                                             : "FAILED",
                     tol, r->tol_abs);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_regret", NULL, cli_snap(r->max_regret, r->tol_abs), NULL);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "tolerance_absolute", NULL, r->tol_abs, NULL);
    add_csv(root, g, r, tol);
    return rep;
}

/* The method of --method (NULL: enumeration) into *lh; 0, or the usage exit code. */
static int parse_method(const cli_solve_opts *o, mpol_bimatrix_method *lh)
{
    *lh = MPOL_BIMATRIX_ENUMERATE;
    if (o->method != NULL && mpol_bimatrix_method_parse(lh, o->method) != MPOL_OK) {
        fprintf(stderr,
                "multipolar solve: bimatrix methods are enum (all extreme "
                "equilibria, default), lh (Lemke-Howson, one equilibrium fast) and lh-all "
                "(Lemke-Howson from every label); not '%s'\n",
                o->method);
        return CLI_EXIT_USAGE;
    }
    if (o->all && *lh != MPOL_BIMATRIX_ENUMERATE) { /* --all asks for every equilibrium */
        fprintf(stderr, "multipolar solve: --all asks for every equilibrium; use --method enum\n");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int cli_solve_bimatrix(mpol_model *model, const cli_solve_opts *o)
{
    mpol_bimatrix_method lh;
    int rc = parse_method(o, &lh);
    if (rc != CLI_EXIT_OK)
        return rc;
    mpol_game *g = NULL;
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_model_game(&g, model);
    int csum = 0; /* --all on a constant-sum game: the zero-sum enumeration */
    if (st == MPOL_OK && o->all && o->method == NULL)
        st = mpol_zs_constant_sum(&csum, NULL, g);
    if (st == MPOL_OK && csum) {
        mpol_game_free(g);
        return cli_solve_zero_sum_all(model, o, 1);
    }
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.exact = o->exact;
    bo.tol = o->tol;
    if (st == MPOL_OK)
        st = mpol_bimatrix_solve_game(&r, g, lh, &bo);
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
        goto done;
    }
    char msg[1100];
    cli_message(mpol_last_error(), msg, sizeof msg); /* before the report overwrites it */
    rc = cli_report_emit("solve", build_report(model, g, r, lh, bo.tol), o->format);
    rc = cli_report_verdict(rc, st, r->verified, msg);
done:
    mpol_bimatrix_result_free(r);
    mpol_game_free(g);
    return rc;
}
