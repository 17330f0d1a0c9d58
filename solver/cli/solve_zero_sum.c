/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report of `multipolar solve` for zero-sum models. */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/report.h"
#include "multipolar/zerosum.h"

/*
 * The reports print what is within the verification tolerance of 0 as 0: the value (and
 * payoffs, gap, regrets) below tol * scale, probabilities below tol. Only the printed numbers
 * change; the result and its check keep the computed ones. A symmetric game such as
 * rock-paper-scissors thus prints value 0, not 6.16e-33.
 */
static double snap(double x, double tol)
{
    return fabs(x) <= tol ? 0.0 : x;
}

/* The result with its printed numbers snapped (x and y are copies into @p x, @p y). */
static mpol_zs_result snapped(const mpol_zs_result *r, double tol, double *x, double *y)
{
    mpol_zs_result s = *r;
    double ta = tol * r->check.scale;
    for (size_t i = 0; i < r->m; i++)
        x[i] = snap(r->x[i], tol);
    for (size_t j = 0; j < r->n; j++)
        y[j] = snap(r->y[j], tol);
    s.x = x;
    s.y = y;
    s.value = snap(r->value, ta);
    s.check.row_payoff_best = snap(r->check.row_payoff_best, ta);
    s.check.col_payoff_best = snap(r->check.col_payoff_best, ta);
    s.check.gap = snap(r->check.gap, ta);
    s.check.row_regret = snap(r->check.row_regret, ta);
    s.check.col_regret = snap(r->check.col_regret, ta);
    s.check.simplex_error = snap(r->check.simplex_error, tol);
    return s;
}

static const unsigned J = MPOL_REPORT_JSON;

/* Each player's optimal strategy (text and JSON). */
static void add_players(mpol_report_node *root, const mpol_game *game, const mpol_zs_result *r)
{
    mpol_report_node *players = mpol_report_list(root, "players", NULL);
    static const char *const keys[] = {"name", "probability", "dominated", "note"};
    for (size_t p = 0; p < 2; p++) {
        const char *role = p == 0 ? "maximiser" : "minimiser";
        mpol_report_node *pl = mpol_report_section(players, NULL, NULL);
        mpol_report_set_forms(mpol_report_string(pl, "name", NULL, game->player_names[p]), J);
        mpol_report_set_forms(mpol_report_string(pl, "role", NULL, role), J);
        char label[300];
        snprintf(label, sizeof label, "%s (%s)", game->player_names[p], role);
        mpol_report_node *t = mpol_report_table(pl, "strategies", label, 4, keys, NULL);
        mpol_report_column_min_width(t, 0, 8);
        mpol_report_column_forms(t, 2, J);
        mpol_report_column_forms(t, 3, MPOL_REPORT_TEXT);
        const double *x = p == 0 ? r->x : r->y;
        const unsigned char *dom = p == 0 ? r->row_dominated : r->col_dominated;
        for (size_t k = 0; k < game->nstrategies[p]; k++) {
            mpol_report_row(t);
            mpol_report_cell_string(t, game->strategy_names[p][k]);
            mpol_report_cell_number(t, x[k], "%.9f");
            mpol_report_cell_bool(t, dom[k]);
            mpol_report_cell_string(t, dom[k] ? " (dominated, removed)" : "");
        }
    }
}

/* The verification of @p r: text lines and the JSON "verification" object. */
static void add_check(mpol_report_node *root, const mpol_game *game, const mpol_zs_result *r,
                      double tol)
{
    const mpol_zs_check *c = &r->check;
    mpol_report_text(root, "\nVerification (computed independently from the payoff matrix):\n");
    char l1[160], l2[160], l3[160], l4[160];
    snprintf(l1, sizeof l1, "best reply of %s to y", game->player_names[0]);
    snprintf(l2, sizeof l2, "best reply of %s to x", game->player_names[1]);
    snprintf(l3, sizeof l3, "regret of %s", game->player_names[0]);
    snprintf(l4, sizeof l4, "regret of %s", game->player_names[1]);
    int wd = (int)strlen(l1);
    if ((int)strlen(l2) > wd)
        wd = (int)strlen(l2);
    mpol_report_text(root, "  %-*s  %.12g\n", wd, l1, c->row_payoff_best);
    mpol_report_text(root, "  %-*s  %.12g\n", wd, l2, c->col_payoff_best);
    mpol_report_text(root, "  %-*s  %.3e\n", wd, "duality gap", c->gap);
    mpol_report_text(root, "  %-*s  %.3e\n", wd, l3, c->row_regret);
    mpol_report_text(root, "  %-*s  %.3e\n", wd, l4, c->col_regret);
    mpol_report_text(root, "  %s (tolerance %g relative to payoff scale %g)\n",
                     c->ok ? "VERIFIED" : "FAILED", tol, c->scale);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, c->ok);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "scale", NULL, c->scale, NULL);
    mpol_report_number(v, "duality_gap", NULL, c->gap, NULL);
    mpol_report_number(v, "row_regret", NULL, c->row_regret, NULL);
    mpol_report_number(v, "column_regret", NULL, c->col_regret, NULL);
    mpol_report_number(v, "row_best_reply_payoff", NULL, c->row_payoff_best, NULL);
    mpol_report_number(v, "column_best_reply_payoff", NULL, c->col_payoff_best, NULL);
}

/* The CSV form. */
static void add_csv(mpol_report_node *root, const mpol_game *game, const mpol_zs_result *r)
{
    /* CSV: the strategies, then the value and the gap (player and strategy always quoted). */
    static const char *const ckeys[] = {"player", "strategy", "probability"};
    mpol_report_node *csv = mpol_report_table(root, NULL, NULL, 3, ckeys, NULL);
    mpol_report_set_forms(csv, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(csv, 1);
    for (size_t p = 0; p < 2; p++)
        for (size_t k = 0; k < game->nstrategies[p]; k++) {
            mpol_report_row(csv);
            mpol_report_cell_string(csv, game->player_names[p]);
            mpol_report_cell_string(csv, game->strategy_names[p][k]);
            mpol_report_cell_number(csv, p == 0 ? r->x[k] : r->y[k], NULL);
        }
    mpol_report_row(csv);
    mpol_report_cell_bare(csv, "value");
    mpol_report_cell_string(csv, "");
    mpol_report_cell_number(csv, r->value, NULL);
    mpol_report_row(csv);
    mpol_report_cell_bare(csv, "duality_gap");
    mpol_report_cell_string(csv, "");
    mpol_report_cell_number(csv, r->check.gap, NULL);
}

/* The report of @p r (numbers already snapped); NULL when memory runs out. */
static mpol_report *build_report(const mpol_model *model, const mpol_game *game,
                                 const mpol_zs_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, mpol_zs_method_name(r->method)),
                          J);
    mpol_report_set_forms(mpol_report_integer(root, "iterations", NULL, (long long)r->iterations),
                          J);
    mpol_report_set_forms(mpol_report_number(root, "value", NULL, r->value, NULL), J);
    mpol_report_text(root, "Value of the game to %s: %.12g\n\n", game->player_names[0], r->value);
    add_players(root, game, r);
    mpol_report_text(root,
                     "\nMethod: %s (%zu iterations); dominated strategies removed: %zu rows, %zu "
                     "columns\n",
                     mpol_zs_method_name(r->method), r->iterations, r->rows_removed,
                     r->cols_removed);
    add_check(root, game, r, tol);
    add_csv(root, game, r);
    return rep;
}

int cli_solve_zero_sum(mpol_model *model, const cli_solve_opts *o)
{
    mpol_game *game = NULL;
    double *A = NULL;
    mpol_zs_result *r = NULL;
    int rc;
    if (o->all)
        return cli_solve_zero_sum_all(model, o, 0);
    mpol_zs_opts zo;
    mpol_zs_opts_init(&zo);
    zo.eliminate = o->eliminate;
    zo.tol = o->tol;
    if (o->method != NULL && mpol_zs_method_parse(&zo.method, o->method) != MPOL_OK) {
        fprintf(stderr,
                "multipolar solve: zero-sum methods are auto, simplex, dense, oracle, glpk; "
                "not '%s'\n",
                o->method);
        return CLI_EXIT_USAGE;
    }
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact has no effect for zero-sum games "
                        "without --all; the floating-point answer is verified instead\n");
    mpol_status st = mpol_model_game(&game, model);
    if (st == MPOL_OK)
        st = mpol_game_bimatrix(game, &A, NULL);
    if (st == MPOL_OK)
        st = mpol_zs_solve(&r, A, game->nstrategies[0], game->nstrategies[1], &zo);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        rc = cli_fail("solve", st);
        goto done;
    }
    double *xs = mpol_malloc(r->m * sizeof(double)), *ys = mpol_malloc(r->n * sizeof(double));
    if (xs == NULL || ys == NULL) {
        mpol_free(xs);
        mpol_free(ys);
        fprintf(stderr, "multipolar solve: out of memory\n");
        rc = CLI_EXIT_FAILURE;
        goto done;
    }
    mpol_zs_result shown = snapped(r, zo.tol, xs, ys);
    rc = cli_report_emit("solve", build_report(model, game, &shown, zo.tol), o->format);
    mpol_free(xs);
    mpol_free(ys);
    if (rc != CLI_EXIT_OK)
        goto done;
    rc = st == MPOL_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
    if (st == MPOL_EVERIFY) {
        char buf[1100];
        fprintf(stderr, "multipolar solve: verification failed: %s\n",
                cli_message(mpol_last_error(), buf, sizeof buf));
    }
done:
    mpol_zs_result_free(r);
    mpol_free(A);
    mpol_game_free(game);
    return rc;
}
