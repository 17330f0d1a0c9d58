/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve --all` for zero-sum (and two-player constant-sum)
 * games: the value, every extreme optimal strategy of each player, the number of extreme
 * equilibria (their pairs) and the independent check of the vertex sets, as an mpol_report
 * rendered in the --format.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "multipolar/zerosum.h"

static const unsigned J = MPOL_REPORT_JSON;

/* What the report prints as a number: 0 for anything within @p tol of 0 (rounding noise
 * such as a value of 6e-33 for a symmetric game). */
static double snap(double x, double tol)
{
    return fabs(x) <= tol ? 0.0 : x;
}

/* The number of extreme equilibria, nx * ny, as a double (printed with %.0f; exact up to
 * 2^53, and each factor is at most the basis limit). */
static double neq(const mpol_zs_all_result *r)
{
    return (double)r->nx * (double)r->ny;
}

/* Player @p p's extreme optimal strategies: text lines "  x1  a 0.5, b 0.5" under the
 * heading, JSON the player with its vertices (and their exact values). */
static void add_player(mpol_report_node *root, mpol_report_node *players, const mpol_game *g,
                       size_t p, const mpol_zs_all_result *r, double tol)
{
    size_t cnt = p == 0 ? r->nx : r->ny, d = g->nstrategies[p];
    const double *s = p == 0 ? r->xs : r->ys;
    char **exact = p == 0 ? r->xs_exact : r->ys_exact;
    const char *role = p == 0 ? "maximiser" : "minimiser";
    mpol_report_text(root, "%sExtreme optimal strategies of %s (%s): %zu\n", p == 0 ? "\n" : "",
                     g->player_names[p], role, cnt);
    mpol_report_node *pl = mpol_report_section(players, NULL, NULL);
    mpol_report_string(pl, "name", NULL, g->player_names[p]);
    mpol_report_string(pl, "role", NULL, role);
    mpol_report_node *names = mpol_report_list(pl, "strategies", NULL);
    for (size_t k = 0; k < d; k++)
        mpol_report_string(names, NULL, NULL, g->strategy_names[p][k]);
    mpol_report_node *vs = mpol_report_list(pl, "extreme_optimal_strategies", NULL);
    mpol_report_node *es = exact != NULL ? mpol_report_list(pl, "exact", NULL) : NULL;
    for (size_t v = 0; v < cnt; v++) {
        const double *sv = s + v * d;
        char **ev = exact != NULL ? exact + v * d : NULL;
        mpol_report_node *vj = mpol_report_list(vs, NULL, NULL);
        mpol_report_node *ej = ev != NULL ? mpol_report_list(es, NULL, NULL) : NULL;
        mpol_report_text(root, "  %s%zu ", p == 0 ? "x" : "y", v + 1);
        int first = 1;
        for (size_t k = 0; k < d; k++) {
            mpol_report_number(vj, NULL, NULL, snap(sv[k], tol), NULL);
            if (ej != NULL)
                mpol_report_string(ej, NULL, NULL, ev[k]);
            if (snap(sv[k], tol) == 0.0 && (ev == NULL || strcmp(ev[k], "0") == 0))
                continue;
            if (ev != NULL)
                mpol_report_text(root, "%s %s %s", first ? "" : ",", g->strategy_names[p][k],
                                 ev[k]);
            else
                mpol_report_text(root, "%s %s %.9g", first ? "" : ",", g->strategy_names[p][k],
                                 sv[k]);
            first = 0;
        }
        mpol_report_text(root, "\n");
    }
}

static void add_search(mpol_report_node *root, const mpol_zs_all_result *r)
{
    mpol_report_text(root,
                     "\nExtreme equilibria: %.0f (every pair (x, y) of the above; the equilibria "
                     "are all mixtures, X* x Y*)\n",
                     neq(r));
    mpol_report_text(root,
                     "Search: perturbed optimal faces of dimension %zu and %zu, %zu and %zu bases "
                     "visited (upper bound theorem: %.3g and %.3g)\n",
                     r->dim_x, r->dim_y, r->bases_x, r->bases_y, r->bound_x, r->bound_y);
    mpol_report_node *s = mpol_report_set_forms(mpol_report_section(root, "search", NULL), J);
    mpol_report_integer(s, "face_dimension_row", NULL, (long long)r->dim_x);
    mpol_report_integer(s, "face_dimension_column", NULL, (long long)r->dim_y);
    mpol_report_integer(s, "bases_row", NULL, (long long)r->bases_x);
    mpol_report_integer(s, "bases_column", NULL, (long long)r->bases_y);
    mpol_report_number(s, "bases_bound_row", NULL, r->bound_x, NULL);
    mpol_report_number(s, "bases_bound_column", NULL, r->bound_y, NULL);
}

static void add_verification(mpol_report_node *root, const mpol_zs_all_result *r, double tol)
{
    const mpol_zs_all_check *k = &r->check;
    double spread = snap(k->value_spread, k->tol_abs), simplex = snap(k->simplex_error, tol);
    mpol_report_text(root, "\nVerification (computed independently from the payoff matrix):\n");
    mpol_report_text(root, "  largest max_i (A y)_i - smallest min_j (x'A)_j  %.3e\n", spread);
    mpol_report_text(root, "  largest violation of x, y >= 0, sum 1            %.3e\n", simplex);
    if (isfinite(k->min_separation))
        mpol_report_text(root, "  closest two vertices of a player (max norm)      %.3e\n",
                         k->min_separation);
    else
        mpol_report_text(root,
                         "  closest two vertices of a player (max norm)      none (one each)\n");
    if (r->exact)
        mpol_report_text(root, "  VERIFIED exactly (every vertex rebuilt in rational arithmetic: "
                               "exactly optimal, all distinct)\n");
    else
        mpol_report_text(root, "  %s (tolerance %g relative to payoff scale; %.3g absolute)\n",
                         k->ok ? "VERIFIED" : "FAILED", tol, k->tol_abs);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, k->ok);
    mpol_report_bool(v, "exact", NULL, r->exact);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "tolerance_absolute", NULL, k->tol_abs, NULL);
    mpol_report_number(v, "value_spread", NULL, spread, NULL);
    mpol_report_number(v, "simplex_error", NULL, simplex, NULL);
    if (isfinite(k->min_separation))
        mpol_report_number(v, "min_separation", NULL, k->min_separation, NULL);
    else
        mpol_report_string(v, "min_separation", NULL, "none");
}

/* CSV: the vertices (player and strategy always quoted), then the value and the count. */
static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_zs_all_result *r,
                    double tol)
{
    static const char *const keys[] = {"player", "vertex", "strategy", "probability", "exact"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, r->exact ? 5 : 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t p = 0; p < 2; p++) {
        size_t cnt = p == 0 ? r->nx : r->ny, d = g->nstrategies[p];
        const double *s = p == 0 ? r->xs : r->ys;
        char **ex = p == 0 ? r->xs_exact : r->ys_exact;
        for (size_t v = 0; v < cnt; v++)
            for (size_t k = 0; k < d; k++) {
                mpol_report_row(t);
                mpol_report_cell_string(t, g->player_names[p]);
                mpol_report_cell_integer(t, (long long)v + 1);
                mpol_report_cell_string(t, g->strategy_names[p][k]);
                mpol_report_cell_number(t, snap(s[v * d + k], tol), NULL);
                if (r->exact)
                    mpol_report_cell_bare(t, ex != NULL ? ex[v * d + k] : "");
            }
    }
    static const char *const last[] = {"value", "extreme_equilibria"};
    for (int i = 0; i < 2; i++) {
        mpol_report_row(t);
        mpol_report_cell_bare(t, last[i]);
        mpol_report_cell_string(t, "");
        mpol_report_cell_string(t, "");
        mpol_report_cell_number(t, i == 0 ? snap(r->value, r->check.tol_abs) : neq(r), NULL);
        if (r->exact)
            mpol_report_cell_bare(t, i == 0 && r->value_exact != NULL ? r->value_exact : "");
    }
}

static mpol_report *build_report(const mpol_model *model, const mpol_game *g,
                                 const mpol_zs_all_result *r, double tol, int csum, double c)
{
    double ta = r->check.tol_abs, value = snap(r->value, ta);
    mpol_report *rep = cli_report_new(model);
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, "vertex-enumeration"), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, r->exact), J);
    mpol_report_set_forms(mpol_report_number(root, "value", NULL, value, NULL), J);
    if (r->value_exact != NULL) {
        mpol_report_set_forms(mpol_report_string(root, "value_exact", NULL, r->value_exact), J);
        mpol_report_text(root, "Value of the game to %s: %s (exact)\n", g->player_names[0],
                         r->value_exact);
    } else {
        mpol_report_text(root, "Value of the game to %s: %.12g\n", g->player_names[0], value);
    }
    if (csum) {
        mpol_report_set_forms(mpol_report_number(root, "constant_sum", NULL, c, NULL), J);
        mpol_report_text(
            root,
            "(constant-sum game: the payoffs of each cell add up to %.12g, so %s gets %.12g)\n", c,
            g->player_names[1], snap(c - r->value, ta));
    }
    mpol_report_set_forms(mpol_report_number(root, "extreme_equilibria", NULL, neq(r), NULL), J);
    mpol_report_node *players = mpol_report_set_forms(mpol_report_list(root, "players", NULL), J);
    add_player(root, players, g, 0, r, tol);
    add_player(root, players, g, 1, r, tol);
    add_search(root, r);
    add_verification(root, r, tol);
    add_csv(root, g, r, tol);
    return rep;
}

/* The row player's exact payoffs (m * n, row-major) into a new array, or NULL when out of
 * memory. */
static mpol_rational *exact_rows(const mpol_game *g)
{
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    mpol_rational *Aq = malloc(m * n * sizeof *Aq);
    for (size_t i = 0; Aq != NULL && i < m; i++)
        for (size_t j = 0; j < n; j++)
            Aq[i * n + j] = g->exact[2 * (i + m * j)];
    return Aq;
}

int cli_solve_zero_sum_all(mpol_model *model, const cli_solve_opts *o, int constant_sum)
{
    mpol_game *g = NULL;
    double *A = NULL;
    mpol_rational *Aq = NULL;
    mpol_zs_all_result *r = NULL;
    int rc, csum = 0;
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
        st = mpol_game_bimatrix(g, &A, NULL);
    if (st == MPOL_OK && constant_sum)
        st = mpol_zs_constant_sum(&csum, &c, g);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if (o->exact && g->exact != NULL) {
        if ((Aq = exact_rows(g)) == NULL) {
            fprintf(stderr, "multipolar solve: out of memory\n");
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        ao.A_exact = Aq;
    }
    /* Strictly dominated strategies are in no optimal strategy, and nothing weaker is
     * eliminated: the enumeration runs on the full game (--no-eliminate changes nothing). */
    st = mpol_zs_all(&r, A, g->nstrategies[0], g->nstrategies[1], &ao);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        rc = cli_fail("solve", st);
        goto done;
    }
    char msg[1100];
    snprintf(msg, sizeof msg, "%s", mpol_last_error()); /* before the report overwrites it */
    rc = cli_report_emit("solve", build_report(model, g, r, ao.tol, csum, c), o->format);
    if (rc == CLI_EXIT_OK && st == MPOL_EVERIFY) {
        fprintf(stderr, "multipolar solve: verification failed: %s\n", msg);
        rc = CLI_EXIT_FAILURE;
    }
done:
    mpol_zs_all_result_free(r);
    mpol_free(A);
    free(Aq);
    mpol_game_free(g);
    return rc;
}
