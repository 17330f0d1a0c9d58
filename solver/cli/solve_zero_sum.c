/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report of `multipolar solve` for zero-sum models. */
#include <math.h>
#include <string.h>

#include "cli.h"
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

static void text_report(const mpol_model *model, const mpol_game *game, const mpol_zs_result *r,
                        double tol)
{
    FILE *out = stdout;
    cli_text_header(out, model);
    fprintf(out, "Value of the game to %s: %.12g\n\n", game->player_names[0], r->value);
    cli_text_strategy_table(out, game->player_names[0], "maximiser", game->strategy_names[0], r->x,
                            r->m, r->row_dominated);
    cli_text_strategy_table(out, game->player_names[1], "minimiser", game->strategy_names[1], r->y,
                            r->n, r->col_dominated);
    fprintf(out,
            "\nMethod: %s (%zu iterations); dominated strategies removed: %zu rows, %zu "
            "columns\n",
            mpol_zs_method_name(r->method), r->iterations, r->rows_removed, r->cols_removed);
    const mpol_zs_check *c = &r->check;
    fprintf(out, "\nVerification (computed independently from the payoff matrix):\n");
    char l1[160], l2[160], l3[160], l4[160];
    snprintf(l1, sizeof l1, "best reply of %s to y", game->player_names[0]);
    snprintf(l2, sizeof l2, "best reply of %s to x", game->player_names[1]);
    snprintf(l3, sizeof l3, "regret of %s", game->player_names[0]);
    snprintf(l4, sizeof l4, "regret of %s", game->player_names[1]);
    int wd = (int)strlen(l1);
    if ((int)strlen(l2) > wd)
        wd = (int)strlen(l2);
    fprintf(out, "  %-*s  %.12g\n", wd, l1, c->row_payoff_best);
    fprintf(out, "  %-*s  %.12g\n", wd, l2, c->col_payoff_best);
    fprintf(out, "  %-*s  %.3e\n", wd, "duality gap", c->gap);
    fprintf(out, "  %-*s  %.3e\n", wd, l3, c->row_regret);
    fprintf(out, "  %-*s  %.3e\n", wd, l4, c->col_regret);
    fprintf(out, "  %s (tolerance %g relative to payoff scale %g)\n", c->ok ? "VERIFIED" : "FAILED",
            tol, c->scale);
}

static void json_report(const mpol_model *model, const mpol_game *game, const mpol_zs_result *r,
                        double tol)
{
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, model);
    json_kv_string(&w, "method", mpol_zs_method_name(r->method));
    json_kv_integer(&w, "iterations", (long long)r->iterations);
    json_kv_number(&w, "value", r->value);
    json_key(&w, "players");
    json_array_begin(&w);
    for (size_t p = 0; p < 2; p++) {
        json_object_begin(&w);
        json_kv_string(&w, "name", game->player_names[p]);
        json_kv_string(&w, "role", p == 0 ? "maximiser" : "minimiser");
        json_key(&w, "strategies");
        json_array_begin(&w);
        for (size_t k = 0; k < game->nstrategies[p]; k++) {
            json_object_begin(&w);
            json_kv_string(&w, "name", game->strategy_names[p][k]);
            json_kv_number(&w, "probability", p == 0 ? r->x[k] : r->y[k]);
            json_kv_bool(&w, "dominated", p == 0 ? r->row_dominated[k] : r->col_dominated[k]);
            json_object_end(&w);
        }
        json_array_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_key(&w, "verification");
    json_object_begin(&w);
    json_kv_bool(&w, "ok", r->check.ok);
    json_kv_number(&w, "tolerance", tol);
    json_kv_number(&w, "scale", r->check.scale);
    json_kv_number(&w, "duality_gap", r->check.gap);
    json_kv_number(&w, "row_regret", r->check.row_regret);
    json_kv_number(&w, "column_regret", r->check.col_regret);
    json_kv_number(&w, "row_best_reply_payoff", r->check.row_payoff_best);
    json_kv_number(&w, "column_best_reply_payoff", r->check.col_payoff_best);
    json_object_end(&w);
    json_object_end(&w);
    json_finish(&w);
}

static void csv_report(const mpol_game *game, const mpol_zs_result *r)
{
    printf("player,strategy,probability\n");
    for (size_t p = 0; p < 2; p++)
        for (size_t k = 0; k < game->nstrategies[p]; k++)
            printf("\"%s\",\"%s\",%.17g\n", game->player_names[p], game->strategy_names[p][k],
                   p == 0 ? r->x[k] : r->y[k]);
    printf("value,,%.17g\n", r->value);
    printf("duality_gap,,%.17g\n", r->check.gap);
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
    if (o->format == CLI_FORMAT_JSON)
        json_report(model, game, &shown, zo.tol);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(game, &shown);
    else
        text_report(model, game, &shown, zo.tol);
    mpol_free(xs);
    mpol_free(ys);
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
