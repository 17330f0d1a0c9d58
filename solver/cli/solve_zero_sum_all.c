/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve --all` for zero-sum (and two-player constant-sum)
 * games: the value, every extreme optimal strategy of each player, the number of extreme
 * equilibria (their pairs) and the independent check of the vertex sets.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "multipolar/zerosum.h"

/* What the report prints as a number: 0 for anything within @p tol of 0 (rounding noise
 * such as a value of 6e-33 for a symmetric game). */
static double snap(double x, double tol)
{
    return fabs(x) <= tol ? 0.0 : x;
}

static void text_vertex(FILE *out, const mpol_game *g, size_t p, size_t v, const double *s,
                        char **exact, double tol)
{
    fprintf(out, "  %s%zu ", p == 0 ? "x" : "y", v + 1);
    int first = 1;
    for (size_t k = 0; k < g->nstrategies[p]; k++) {
        if (snap(s[k], tol) == 0.0 && (exact == NULL || strcmp(exact[k], "0") == 0))
            continue;
        if (exact != NULL)
            fprintf(out, "%s %s %s", first ? "" : ",", g->strategy_names[p][k], exact[k]);
        else
            fprintf(out, "%s %s %.9g", first ? "" : ",", g->strategy_names[p][k], s[k]);
        first = 0;
    }
    fprintf(out, "\n");
}

/* The number of extreme equilibria, nx * ny, as a double (printed with %.0f; exact up to
 * 2^53, and each factor is at most the basis limit). */
static double neq(const mpol_zs_all_result *r)
{
    return (double)r->nx * (double)r->ny;
}

static void text_report(const mpol_model *model, const mpol_game *g, const mpol_zs_all_result *r,
                        double tol, int csum, double c)
{
    FILE *out = stdout;
    const mpol_zs_all_check *k = &r->check;
    cli_text_header(out, model);
    if (r->value_exact != NULL)
        fprintf(out, "Value of the game to %s: %s (exact)\n", g->player_names[0], r->value_exact);
    else
        fprintf(out, "Value of the game to %s: %.12g\n", g->player_names[0],
                snap(r->value, k->tol_abs));
    if (csum)
        fprintf(out,
                "(constant-sum game: the payoffs of each cell add up to %.12g, so %s gets %.12g)\n",
                c, g->player_names[1], snap(c - r->value, k->tol_abs));
    fprintf(out, "\nExtreme optimal strategies of %s (maximiser): %zu\n", g->player_names[0],
            r->nx);
    for (size_t v = 0; v < r->nx; v++)
        text_vertex(out, g, 0, v, r->xs + v * r->m, r->xs_exact ? r->xs_exact + v * r->m : NULL,
                    tol);
    fprintf(out, "Extreme optimal strategies of %s (minimiser): %zu\n", g->player_names[1], r->ny);
    for (size_t w = 0; w < r->ny; w++)
        text_vertex(out, g, 1, w, r->ys + w * r->n, r->ys_exact ? r->ys_exact + w * r->n : NULL,
                    tol);
    fprintf(out,
            "\nExtreme equilibria: %.0f (every pair (x, y) of the above; the equilibria are "
            "all mixtures, X* x Y*)\n",
            neq(r));
    fprintf(out,
            "Search: perturbed optimal faces of dimension %zu and %zu, %zu and %zu bases visited "
            "(upper bound theorem: %.3g and %.3g)\n",
            r->dim_x, r->dim_y, r->bases_x, r->bases_y, r->bound_x, r->bound_y);
    fprintf(out, "\nVerification (computed independently from the payoff matrix):\n");
    fprintf(out, "  largest max_i (A y)_i - smallest min_j (x'A)_j  %.3e\n",
            snap(k->value_spread, k->tol_abs));
    fprintf(out, "  largest violation of x, y >= 0, sum 1            %.3e\n",
            snap(k->simplex_error, tol));
    if (isfinite(k->min_separation))
        fprintf(out, "  closest two vertices of a player (max norm)      %.3e\n",
                k->min_separation);
    else
        fprintf(out, "  closest two vertices of a player (max norm)      none (one each)\n");
    if (r->exact)
        fprintf(out, "  VERIFIED exactly (every vertex rebuilt in rational arithmetic: "
                     "exactly optimal, all distinct)\n");
    else
        fprintf(out, "  %s (tolerance %g relative to payoff scale; %.3g absolute)\n",
                k->ok ? "VERIFIED" : "FAILED", tol, k->tol_abs);
}

static void json_vertices(json_writer *w, const mpol_game *g, size_t p, size_t cnt, const double *s,
                          char **exact, double tol)
{
    size_t d = g->nstrategies[p];
    json_object_begin(w);
    json_kv_string(w, "name", g->player_names[p]);
    json_kv_string(w, "role", p == 0 ? "maximiser" : "minimiser");
    json_key(w, "strategies");
    json_array_begin(w);
    for (size_t k = 0; k < d; k++)
        json_string(w, g->strategy_names[p][k]);
    json_array_end(w);
    json_key(w, "extreme_optimal_strategies");
    json_array_begin(w);
    for (size_t v = 0; v < cnt; v++) {
        json_array_begin(w);
        for (size_t k = 0; k < d; k++)
            json_number(w, snap(s[v * d + k], tol));
        json_array_end(w);
    }
    json_array_end(w);
    if (exact != NULL) {
        json_key(w, "exact");
        json_array_begin(w);
        for (size_t v = 0; v < cnt; v++) {
            json_array_begin(w);
            for (size_t k = 0; k < d; k++)
                json_string(w, exact[v * d + k]);
            json_array_end(w);
        }
        json_array_end(w);
    }
    json_object_end(w);
}

static void json_report(const mpol_model *model, const mpol_game *g, const mpol_zs_all_result *r,
                        double tol, int csum, double c)
{
    const mpol_zs_all_check *k = &r->check;
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, model);
    json_kv_string(&w, "method", "vertex-enumeration");
    json_kv_bool(&w, "exact", r->exact);
    json_kv_number(&w, "value", snap(r->value, k->tol_abs));
    if (r->value_exact != NULL)
        json_kv_string(&w, "value_exact", r->value_exact);
    if (csum)
        json_kv_number(&w, "constant_sum", c);
    json_kv_number(&w, "extreme_equilibria", neq(r));
    json_key(&w, "players");
    json_array_begin(&w);
    json_vertices(&w, g, 0, r->nx, r->xs, r->xs_exact, tol);
    json_vertices(&w, g, 1, r->ny, r->ys, r->ys_exact, tol);
    json_array_end(&w);
    json_key(&w, "search");
    json_object_begin(&w);
    json_kv_integer(&w, "face_dimension_row", (long long)r->dim_x);
    json_kv_integer(&w, "face_dimension_column", (long long)r->dim_y);
    json_kv_integer(&w, "bases_row", (long long)r->bases_x);
    json_kv_integer(&w, "bases_column", (long long)r->bases_y);
    json_kv_number(&w, "bases_bound_row", r->bound_x);
    json_kv_number(&w, "bases_bound_column", r->bound_y);
    json_object_end(&w);
    json_key(&w, "verification");
    json_object_begin(&w);
    json_kv_bool(&w, "ok", k->ok);
    json_kv_bool(&w, "exact", r->exact);
    json_kv_number(&w, "tolerance", tol);
    json_kv_number(&w, "tolerance_absolute", k->tol_abs);
    json_kv_number(&w, "value_spread", snap(k->value_spread, k->tol_abs));
    json_kv_number(&w, "simplex_error", snap(k->simplex_error, tol));
    if (isfinite(k->min_separation))
        json_kv_number(&w, "min_separation", k->min_separation);
    else
        json_kv_string(&w, "min_separation", "none");
    json_object_end(&w);
    json_object_end(&w);
    json_finish(&w);
}

static void csv_report(const mpol_game *g, const mpol_zs_all_result *r, double tol)
{
    printf("player,vertex,strategy,probability%s\n", r->exact ? ",exact" : "");
    for (size_t p = 0; p < 2; p++) {
        size_t cnt = p == 0 ? r->nx : r->ny, d = g->nstrategies[p];
        const double *s = p == 0 ? r->xs : r->ys;
        char **ex = p == 0 ? r->xs_exact : r->ys_exact;
        for (size_t v = 0; v < cnt; v++)
            for (size_t k = 0; k < d; k++) {
                printf("\"%s\",%zu,\"%s\",%.17g", g->player_names[p], v + 1,
                       g->strategy_names[p][k], snap(s[v * d + k], tol));
                if (ex != NULL)
                    printf(",%s", ex[v * d + k]);
                printf("\n");
            }
    }
    printf("value,,,%.17g%s%s\n", snap(r->value, r->check.tol_abs), r->exact ? "," : "",
           r->exact ? r->value_exact : "");
    printf("extreme_equilibria,,,%.0f%s\n", neq(r), r->exact ? "," : "");
}

int cli_solve_zero_sum_all(mpol_model *model, const cli_solve_opts *o, int constant_sum)
{
    mpol_game *g = NULL;
    double *A = NULL, *B = NULL;
    mpol_rational *Aq = NULL;
    mpol_zs_all_result *r = NULL;
    int rc;
    if (o->method != NULL) {
        fprintf(stderr, "multipolar solve: --all enumerates the vertices of the optimal "
                        "strategy sets; it takes no --method\n");
        return CLI_EXIT_USAGE;
    }
    mpol_zs_all_opts ao;
    mpol_zs_all_opts_init(&ao);
    ao.tol = o->tol;
    ao.exact = o->exact;
    double c = 0.0;
    mpol_status st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        st = mpol_game_bimatrix(g, &A, &B);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    c = A[0] + B[0];
    if (o->exact && g->exact != NULL) {
        Aq = malloc(m * n * sizeof *Aq);
        if (Aq == NULL) {
            fprintf(stderr, "multipolar solve: out of memory\n");
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                Aq[i * n + j] = g->exact[2 * (i + m * j)];
        ao.A_exact = Aq;
    }
    /* Strictly dominated strategies are in no optimal strategy, and nothing weaker is
     * eliminated: the enumeration runs on the full game (--no-eliminate changes nothing). */
    st = mpol_zs_all(&r, A, m, n, &ao);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if (o->format == CLI_FORMAT_JSON)
        json_report(model, g, r, ao.tol, constant_sum, c);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(g, r, ao.tol);
    else
        text_report(model, g, r, ao.tol, constant_sum, c);
    rc = st == MPOL_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
    if (st == MPOL_EVERIFY)
        fprintf(stderr, "multipolar solve: verification failed: %s\n", mpol_last_error());
done:
    mpol_zs_all_result_free(r);
    mpol_free(A);
    mpol_free(B);
    free(Aq);
    mpol_game_free(g);
    return rc;
}

int cli_game_constant_sum(const mpol_model *model, int *constant_sum)
{
    mpol_game *g = NULL;
    *constant_sum = 0;
    mpol_status st = mpol_model_game(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    if (g->nplayers == 2 && g->ncells > 0) {
        /* Within rounding (1.6 + 1.6 against 0.4 + 2.8): 1e-12 of the largest payoff. */
        double c = g->payoff[0] + g->payoff[1], big = 1.0;
        for (size_t k = 0; k < 2 * g->ncells; k++)
            big = fmax(big, fabs(g->payoff[k]));
        int cs = 1;
        for (size_t k = 0; k < g->ncells && cs; k++)
            cs = fabs(g->payoff[2 * k] + g->payoff[2 * k + 1] - c) <= 1e-12 * big;
        *constant_sum = cs;
    }
    mpol_game_free(g);
    return CLI_EXIT_OK;
}
