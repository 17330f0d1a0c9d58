/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the zero-sum module: known games (matching pennies, rock-paper-scissors, a
 * saddle point, O'Neill's card game read from the shared Gambit file), seeded random games
 * on which the four methods must agree and pass verification, dominance elimination (pure,
 * mixed, iterated, bimatrix), degenerate games, payoff scaling, the allocation-free
 * workspace, every error path and allocation-failure injection.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "mpol_test.h"
#include "multipolar/zerosum.h"

#define NMETHODS 4
static const mpol_zs_method methods[NMETHODS] = {MPOL_ZS_SIMPLEX, MPOL_ZS_ORACLE, MPOL_ZS_GLPK,
                                                 MPOL_ZS_DENSE};

/* Solves with one method (no elimination unless asked) and checks status and verification. */
static mpol_zs_result *solve(const double *A, size_t m, size_t n, mpol_zs_method method,
                             int eliminate)
{
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    opts.method = method;
    opts.eliminate = eliminate;
    mpol_zs_result *res = NULL;
    mpol_status st = mpol_zs_solve(&res, A, m, n, &opts);
    if (st != MPOL_OK)
        fail_msg("%s on %zu x %zu: %s: %s", mpol_zs_method_name(method), m, n, mpol_status_name(st),
                 mpol_last_error());
    assert_non_null(res);
    assert_true(res->check.ok);
    assert_int_equal(res->method, method == MPOL_ZS_AUTO ? res->method : method);
    return res;
}

static void assert_vec(const double *got, const double *want, size_t len, double tol)
{
    for (size_t k = 0; k < len; k++)
        assert_close(got[k], want[k], tol);
}

static void test_matching_pennies(void **state)
{
    (void)state;
    static const double A[4] = {1, -1, -1, 1};
    static const double half[2] = {0.5, 0.5};
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_result *r = solve(A, 2, 2, methods[k], 1);
        assert_close(r->value, 0.0, MPOL_TEST_TOL);
        assert_vec(r->x, half, 2, MPOL_TEST_TOL);
        assert_vec(r->y, half, 2, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
    }
}

static void test_rock_paper_scissors(void **state)
{
    (void)state;
    static const double A[9] = {0, -1, 1, 1, 0, -1, -1, 1, 0};
    static const double third[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_result *r = solve(A, 3, 3, methods[k], 2);
        assert_close(r->value, 0.0, MPOL_TEST_TOL);
        assert_vec(r->x, third, 3, MPOL_TEST_TOL);
        assert_vec(r->y, third, 3, MPOL_TEST_TOL);
        assert_int_equal(r->rows_removed + r->cols_removed, 0);
        mpol_zs_result_free(r);
    }
}

static void test_saddle_point(void **state)
{
    (void)state;
    /* Row 2 guarantees 2, column 1 concedes at most 2: a pure saddle point of value 2. */
    static const double A[9] = {3, 1, 4, 2, 0, 1, 5, 2, 6};
    static const double x[3] = {0, 0, 1}, y[3] = {0, 1, 0};
    for (int k = 0; k < NMETHODS; k++)
        for (int elim = 0; elim <= 2; elim++) {
            mpol_zs_result *r = solve(A, 3, 3, methods[k], elim);
            assert_close(r->value, 2.0, MPOL_TEST_TOL);
            assert_vec(r->x, x, 3, MPOL_TEST_TOL);
            assert_vec(r->y, y, 3, MPOL_TEST_TOL);
            assert_true(r->check.gap <= 1e-12);
            if (elim)
                assert_true(r->row_dominated[1] && r->rows_removed >= 1);
            mpol_zs_result_free(r);
        }
}

/*
 * Reads the row player's payoffs of a 2-player outcome-version .nfg with 4 x 4 strategies:
 * the 16 outcomes "{ "" a, b }" and then 16 outcome numbers, cell c = i + 4 j (player 1's
 * strategy varies fastest, see reference/NFG_FORMAT.md).
 */
static int read_oneill(const char *path, double *A)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    /* The outcome list starts after the empty comment string: the third '{' at line start. */
    char *p = strstr(buf, "\n{\n{");
    if (p == NULL)
        return 0;
    p += 2;
    double out[16];
    for (int k = 0; k < 16; k++) {
        p = strstr(p, "{ \"\"");
        if (p == NULL)
            return 0;
        p += 4;
        char *end;
        out[k] = strtod(p, &end);
        if (end == p)
            return 0;
        p = end;
    }
    p = strchr(p, '}');                        /* closes the last outcome */
    p = p != NULL ? strchr(p + 1, '}') : NULL; /* closes the outcome list */
    if (p == NULL)
        return 0;
    p++;
    for (int c = 0; c < 16; c++) {
        char *end;
        long o = strtol(p, &end, 10);
        if (end == p || o < 1 || o > 16)
            return 0;
        p = end;
        A[(c % 4) * 4 + c / 4] = out[o - 1];
    }
    return 1;
}

static void test_oneill(void **state)
{
    (void)state;
    /* O'Neill (1987, PNAS 84:2106): value -1/5; in the file the joker is strategy 1. */
    if (!mpol_test_have_shared())
        skip();
    double A[16];
    assert_true(
        read_oneill(mpol_test_shared("reference/gambit-games/contrib/games/oneill.nfg"), A));
    static const double expect[16] = {1, -1, -1, -1, -1, -1, 1, 1, -1, 1, -1, 1, -1, 1, 1, -1};
    assert_vec(A, expect, 16, 0.0);
    static const double opt[4] = {0.4, 0.2, 0.2, 0.2};
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_result *r = solve(A, 4, 4, methods[k], 2);
        assert_close(r->value, -0.2, MPOL_TEST_TOL);
        assert_vec(r->x, opt, 4, MPOL_TEST_TOL);
        assert_vec(r->y, opt, 4, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
    }
}

static double *random_game(mpol_test_rng *rng, size_t m, size_t n, int ints)
{
    double *A = malloc(m * n * sizeof(double));
    assert_non_null(A);
    for (size_t k = 0; k < m * n; k++)
        A[k] = ints ? (double)mpol_test_rng_int(rng, 0, 9) : 2.0 * mpol_test_rng_uniform(rng) - 1.0;
    return A;
}

static void test_random_games_agree(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240601);
    for (int trial = 0; trial < mpol_test_reps(120); trial++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 1, 60);
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 60);
        if (trial < 8)
            m = n = (size_t)trial + 1; /* 1x1 .. 8x8 always */
        int ints = trial % 2;          /* small integers: heavy degeneracy */
        double *A = random_game(&rng, m, n, ints);
        double v[NMETHODS + 1];
        for (int k = 0; k < NMETHODS; k++) {
            mpol_zs_result *r = solve(A, m, n, methods[k], 0);
            v[k] = r->value;
            mpol_zs_result_free(r);
        }
        mpol_zs_result *r = solve(A, m, n, MPOL_ZS_AUTO, 2);
        v[NMETHODS] = r->value;
        mpol_zs_result_free(r);
        for (int k = 1; k <= NMETHODS; k++)
            if (!(fabs(v[k] - v[0]) <= 1e-9))
                fail_msg("trial %d (%zu x %zu): values %.17g vs %.17g (method %d)", trial, m, n,
                         v[k], v[0], k);
        free(A);
    }
}

static void test_dominance_pure_and_iterated(void **state)
{
    (void)state;
    /* Column 2 is dominated (for the minimiser) by column 0; then row 1 by row 0. */
    static const double A[6] = {3, 4, 9, 2, 3, 10};
    unsigned char rr[2], cr[3];
    size_t nr, nc;
    assert_int_equal(mpol_dominance_eliminate(A, NULL, 2, 3, rr, cr, &nr, &nc), MPOL_OK);
    assert_int_equal(cr[2], 1);
    assert_int_equal(cr[1], 1);
    assert_int_equal(rr[1], 1);
    assert_int_equal(nr, 1);
    assert_int_equal(nc, 2);
    /* Ties are not strict dominance. */
    static const double T[4] = {1, 1, 1, 1};
    assert_int_equal(mpol_dominance_eliminate(T, NULL, 2, 2, rr, cr, &nr, &nc), MPOL_OK);
    assert_int_equal(nr + nc, 0);
    /* Bimatrix (prisoner's dilemma): defect strictly dominates for both. */
    static const double PA[4] = {3, 0, 5, 1}, PB[4] = {3, 5, 0, 1};
    assert_int_equal(mpol_dominance_eliminate(PA, PB, 2, 2, rr, cr, &nr, &nc), MPOL_OK);
    assert_true(rr[0] && !rr[1] && cr[0] && !cr[1]);
}

static void test_dominance_mixed(void **state)
{
    (void)state;
    /* Row 2 (1, 1) is beaten by (1/2, 1/2) of rows 0 and 1 but by neither alone. */
    static const double A[6] = {3, 0, 0, 3, 1, 1};
    unsigned char rr[3], cr[3];
    size_t nr, nc;
    mpol_dominance_opts opts;
    mpol_dominance_opts_init(&opts);
    assert_int_equal(opts.mixed, 0);
    assert_int_equal(mpol_dominance_eliminate_ex(A, NULL, 3, 2, &opts, rr, cr, &nr, &nc), MPOL_OK);
    assert_int_equal(nr + nc, 0);
    opts.mixed = 1;
    assert_int_equal(mpol_dominance_eliminate_ex(A, NULL, 3, 2, &opts, rr, cr, &nr, &nc), MPOL_OK);
    assert_int_equal(nr, 1);
    assert_true(rr[2]);
    /* (1.5, 1.5) would only tie row 2 = (1.5, 1.5): not strict. */
    static const double Tie[6] = {3, 0, 0, 3, 1.5, 1.5};
    assert_int_equal(mpol_dominance_eliminate_ex(Tie, NULL, 3, 2, &opts, rr, cr, &nr, &nc),
                     MPOL_OK);
    assert_int_equal(nr, 0);
    /* Column player (minimiser): column 2 = (2, 2) is worse than (1/2, 1/2) of 0 and 1. */
    static const double C[6] = {0, 3, 2, 3, 0, 2};
    assert_int_equal(mpol_dominance_eliminate_ex(C, NULL, 2, 3, &opts, rr, cr, &nr, &nc), MPOL_OK);
    assert_true(cr[2] && nc == 1 && nr == 0);
    /* Bimatrix: the column player's own payoffs B decide. */
    static const double BB[6] = {0, 3, 1, 3, 0, 1};
    assert_int_equal(mpol_dominance_eliminate_ex(C, BB, 2, 3, &opts, rr, cr, &nr, &nc), MPOL_OK);
    assert_true(cr[2] && nc == 1);
    /* Elimination never changes the value: random games, all levels agree. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    size_t removed = 0;
    for (int trial = 0; trial < mpol_test_reps(40); trial++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 2, 12);
        size_t n = (size_t)mpol_test_rng_int(&rng, 2, 12);
        double *G = random_game(&rng, m, n, trial % 2);
        mpol_zs_result *r0 = solve(G, m, n, MPOL_ZS_SIMPLEX, 0);
        mpol_zs_result *r2 = solve(G, m, n, MPOL_ZS_SIMPLEX, 2);
        assert_close(r2->value, r0->value, 1e-9);
        removed += r2->rows_removed + r2->cols_removed;
        for (size_t i = 0; i < m; i++)
            if (r2->row_dominated[i])
                assert_true(r2->x[i] == 0.0);
        mpol_zs_result_free(r0);
        mpol_zs_result_free(r2);
        free(G);
    }
    assert_true(removed > 0);
}

static void test_degenerate_games(void **state)
{
    (void)state;
    /* Duplicate rows and columns. */
    static const double D[9] = {1, -1, -1, 1, -1, -1, -1, 1, 1};
    /* All payoffs equal. */
    static const double E[6] = {7, 7, 7, 7, 7, 7};
    /* 1 x n: the column player picks the minimum; m x 1: the row player the maximum. */
    static const double R[5] = {4, 2, 9, 2, 5};
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_result *r = solve(D, 3, 3, methods[k], 0);
        assert_close(r->value, 0.0, MPOL_TEST_TOL);
        assert_close(r->x[0] + r->x[1], 0.5, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
        r = solve(E, 2, 3, methods[k], 1);
        assert_close(r->value, 7.0, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
        r = solve(R, 1, 5, methods[k], 0);
        assert_close(r->value, 2.0, MPOL_TEST_TOL);
        assert_close(r->y[1] + r->y[3], 1.0, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
        r = solve(R, 5, 1, methods[k], 0);
        assert_close(r->value, 9.0, MPOL_TEST_TOL);
        assert_close(r->x[2], 1.0, MPOL_TEST_TOL);
        mpol_zs_result_free(r);
    }
}

static void test_scaling(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 4242);
    const size_t m = 9, n = 11;
    double *A = random_game(&rng, m, n, 0);
    double *S = malloc(m * n * sizeof(double));
    assert_non_null(S);
    const double factors[4] = {1e-12, 1e-6, 1e6, 1e12};
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_result *r0 = solve(A, m, n, methods[k], 0);
        for (int f = 0; f < 4; f++) {
            for (size_t c = 0; c < m * n; c++)
                S[c] = A[c] * factors[f];
            mpol_zs_result *r = solve(S, m, n, methods[k], 0);
            assert_close(r->value / factors[f], r0->value, 1e-9);
            assert_true(r->check.gap <= 1e-9 * r->check.scale);
            mpol_zs_result_free(r);
        }
        /* A large offset: 1e12 + payoffs in [-1, 1]. */
        for (size_t c = 0; c < m * n; c++)
            S[c] = A[c] + 1e12;
        mpol_zs_result *r = solve(S, m, n, methods[k], 0);
        if (!(fabs(r->value - 1e12 - r0->value) <= 1e-3)) /* the ulp of 1e12 is 1.2e-4 */
            fail_msg("method %d: %.17g vs %.17g", k, r->value - 1e12, r0->value);
        mpol_zs_result_free(r);
        mpol_zs_result_free(r0);
    }
    free(S);
    free(A);
}

static void test_workspace(void **state)
{
    (void)state;
    mpol_zs_workspace *ws;
    assert_int_equal(mpol_zs_workspace_alloc(&ws, 4, 4), MPOL_OK);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    double A[16], x[4], y[4], v;
    for (int trial = 0; trial < mpol_test_reps(300); trial++) {
        for (int c = 0; c < 16; c++)
            A[c] = (double)mpol_test_rng_int(&rng, -5, 5);
        size_t m = (size_t)mpol_test_rng_int(&rng, 1, 4);
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 4);
        /* No allocation may happen inside the hot loop. */
        mpol_test_fail_alloc_after(0);
        mpol_status st = mpol_zs_solve_ws(ws, A, m, n, x, y, &v);
        mpol_test_fail_alloc_after(-1);
        assert_int_equal(st, MPOL_OK);
        assert_true(mpol_zs_workspace_check(ws)->ok);
        mpol_zs_result *r = solve(A, m, n, MPOL_ZS_GLPK, 0);
        assert_close(v, r->value, 1e-9);
        mpol_zs_result_free(r);
    }
    /* Sweep a parameter: the value of [[t, 0], [0, 1]] is t / (1 + t) for t > 0. */
    for (int k = 1; k <= 1000; k++) {
        double t = k / 100.0;
        double G[4] = {t, 0, 0, 1};
        assert_int_equal(mpol_zs_solve_ws(ws, G, 2, 2, x, y, &v), MPOL_OK);
        assert_close(v, t / (1 + t), 1e-12);
        assert_close(x[0], 1 / (1 + t), 1e-12);
    }
    assert_true(mpol_zs_workspace_pivots(ws) >= 1);
    /* Errors. */
    assert_int_equal(mpol_zs_solve_ws(ws, A, 5, 4, x, y, &v), MPOL_EDIM);
    assert_non_null(strstr(mpol_last_error(), "exceeds the workspace"));
    assert_int_equal(mpol_zs_solve_ws(ws, A, 0, 4, x, y, &v), MPOL_EINVAL);
    assert_int_equal(mpol_zs_solve_ws(NULL, A, 2, 2, x, y, &v), MPOL_EINVAL);
    assert_int_equal(mpol_zs_solve_ws(ws, A, 2, 2, x, y, NULL), MPOL_EINVAL);
    A[3] = NAN;
    assert_int_equal(mpol_zs_solve_ws(ws, A, 2, 2, x, y, &v), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "A[1][1] is NaN"));
    assert_int_equal(mpol_zs_workspace_set_tol(ws, 0.0), MPOL_EINVAL);
    assert_int_equal(mpol_zs_workspace_set_tol(NULL, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_zs_workspace_set_tol(ws, 1e-10), MPOL_OK);
    assert_null(mpol_zs_workspace_check(NULL));
    assert_int_equal(mpol_zs_workspace_pivots(NULL), 0);
    mpol_zs_workspace_free(ws);
    mpol_zs_workspace_free(NULL);
    assert_int_equal(mpol_zs_workspace_alloc(&ws, 0, 3), MPOL_EINVAL);
    assert_null(ws);
    assert_int_equal(mpol_zs_workspace_alloc(NULL, 3, 3), MPOL_EINVAL);
}

/*
 * Games large enough for the parallel sweeps of the dense method's float tableau (from
 * 2^17 cells): it must agree with the simplex and pass verification, with bit-identical
 * strategies and pivot counts for 1 and 2 OpenMP threads (the row chunks and the order of
 * the norm sums are fixed).
 */
static void test_large_parallel_deterministic(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 777);
    const size_t sizes[3][2] = {{400, 400}, {520, 300}, {300, 450}};
    for (int g = 0; g < (mpol_test_quick() ? 1 : 3); g++) {
        const size_t m = sizes[g][0], n = sizes[g][1];
        double *A = malloc(m * n * sizeof(double));
        assert_non_null(A);
        for (size_t k = 0; k < m * n; k++)
            A[k] = (double)mpol_test_rng_int(&rng, 0, 99);
        const mpol_zs_method meth = MPOL_ZS_DENSE;
        omp_set_num_threads(1);
        mpol_zs_result *r1 = solve(A, m, n, meth, 0);
        omp_set_num_threads(2);
        mpol_zs_result *r2 = solve(A, m, n, meth, 0);
        assert_memory_equal(r1->x, r2->x, m * sizeof(double));
        assert_memory_equal(r1->y, r2->y, n * sizeof(double));
        assert_int_equal(r1->iterations, r2->iterations);
        if (g < 2) {
            mpol_zs_result *rs = solve(A, m, n, MPOL_ZS_SIMPLEX, 0);
            assert_close(r1->value, rs->value, 1e-9);
            mpol_zs_result_free(rs);
        }
        /* Random integer games have supports of about half the strategies. */
        size_t sx = 0;
        for (size_t i = 0; i < m; i++)
            sx += r1->x[i] > 0.0;
        assert_true(sx > m / 8 && sx < m);
        mpol_zs_result_free(r1);
        mpol_zs_result_free(r2);
        free(A);
    }
}

/* Games whose LPs are highly degenerate (payoffs 0..1, 0..2, 0..9), big enough for the dense
 * method's float stage and its double finish from a float basis: it must agree with the
 * double oracle. (The stall and the cycling repair fixed with the right-hand-side
 * perturbation and cost shifting showed only at 2000 x 2000: test_slow_zerosum.) */
static void test_dense_degenerate(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 4242);
    const size_t sizes[4][2] = {{300, 300}, {250, 400}, {420, 260}, {350, 350}};
    const int hi[4] = {1, 2, 9, 1};
    for (int g = 0; g < (mpol_test_quick() ? 1 : 4); g++) {
        const size_t m = sizes[g][0], n = sizes[g][1];
        double *A = malloc(m * n * sizeof(double));
        assert_non_null(A);
        for (size_t k = 0; k < m * n; k++)
            A[k] = (double)mpol_test_rng_int(&rng, 0, hi[g]);
        mpol_zs_result *rd = solve(A, m, n, MPOL_ZS_DENSE, 0);
        mpol_zs_result *ro = solve(A, m, n, MPOL_ZS_ORACLE, 0);
        if (!(fabs(rd->value - ro->value) <= 1e-9 * hi[g]))
            fail_msg("game %d (%zu x %zu, 0..%d): dense %.17g, oracle %.17g", g, m, n, hi[g],
                     rd->value, ro->value);
        mpol_zs_result_free(rd);
        mpol_zs_result_free(ro);
        free(A);
    }
}

/*
 * Games of at least 250,000 cells, where the dense method's float stage prices with exact
 * steepest-edge weights for its best candidates (zs_dense_price.c): random payoffs 0..99, a
 * degenerate game with payoffs 0..2 and a mid-size rectangular game. Each
 * must agree with an independent method (the double simplex or the double oracle) to 1e-9
 * of the payoff range with a certified gap, and give bit-identical strategies and pivots with
 * 1 and 2 OpenMP threads.
 */
static void test_dense_candidate_pricing(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 9090);
    const size_t sizes[3][2] = {{500, 500}, {520, 480}, {640, 560}};
    const int hi[3] = {99, 2, 99};
    for (int g = 0; g < (mpol_test_quick() ? 1 : 3); g++) {
        const size_t m = sizes[g][0], n = sizes[g][1];
        double *A = malloc(m * n * sizeof(double));
        assert_non_null(A);
        for (size_t k = 0; k < m * n; k++)
            A[k] = (double)mpol_test_rng_int(&rng, 0, hi[g]);
        omp_set_num_threads(1);
        mpol_zs_result *rd = solve(A, m, n, MPOL_ZS_DENSE, 0);
        assert_true(rd->check.gap <= MPOL_ZS_DEFAULT_TOL * rd->check.scale);
        mpol_zs_result *ref = solve(A, m, n, g == 0 ? MPOL_ZS_SIMPLEX : MPOL_ZS_ORACLE, 0);
        if (!(fabs(rd->value - ref->value) <= 1e-9 * hi[g]))
            fail_msg("game %d (%zu x %zu, 0..%d): dense %.17g, %s %.17g", g, m, n, hi[g], rd->value,
                     mpol_zs_method_name(ref->method), ref->value);
        if (g == 1) {
            omp_set_num_threads(2);
            mpol_zs_result *r2 = solve(A, m, n, MPOL_ZS_DENSE, 0);
            assert_memory_equal(rd->x, r2->x, m * sizeof(double));
            assert_memory_equal(rd->y, r2->y, n * sizeof(double));
            assert_int_equal(rd->iterations, r2->iterations);
            mpol_zs_result_free(r2);
            omp_set_num_threads(1);
        }
        mpol_zs_result_free(rd);
        mpol_zs_result_free(ref);
        free(A);
    }
}

/* mpol_zs_constant_sum: sums equal within rounding, a general-sum game, other player
 * counts, NaN payoffs and the failure paths. */
static void test_constant_sum(void **state)
{
    (void)state;
    size_t ns2[2] = {2, 2}, ns3[3] = {2, 2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 2, ns2), MPOL_OK);
    /* Cells (1.6, 1.6), (0.4, 2.8), (3, 0.2), (2.1, 1.1): 3.2 up to rounding. */
    static const double cs[8] = {1.6, 1.6, 0.4, 2.8, 3.0, 0.2, 2.1, 1.1};
    memcpy(g->payoff, cs, sizeof cs);
    int is = -1;
    double sum = -1;
    assert_int_equal(mpol_zs_constant_sum(&is, &sum, g), MPOL_OK);
    assert_int_equal(is, 1);
    assert_true(sum == 1.6 + 1.6);
    assert_int_equal(mpol_zs_constant_sum(&is, NULL, g), MPOL_OK);
    assert_int_equal(is, 1);
    g->payoff[7] = 1.1 + 1e-9; /* off by far more than rounding */
    assert_int_equal(mpol_zs_constant_sum(&is, &sum, g), MPOL_OK);
    assert_int_equal(is, 0);
    assert_true(sum == 0.0);
    g->payoff[7] = NAN;
    assert_int_equal(mpol_zs_constant_sum(&is, &sum, g), MPOL_OK);
    assert_int_equal(is, 0);
    mpol_game *h = NULL;
    assert_int_equal(mpol_game_alloc(&h, 3, ns3), MPOL_OK); /* all zero, but three players */
    assert_int_equal(mpol_zs_constant_sum(&is, &sum, h), MPOL_OK);
    assert_int_equal(is, 0);
    assert_int_equal(mpol_zs_constant_sum(NULL, &sum, g), MPOL_EINVAL);
    assert_int_equal(mpol_zs_constant_sum(&is, &sum, NULL), MPOL_EINVAL);
    mpol_game_free(h);
    mpol_game_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    double A[4] = {1, 2, 3, 4};
    mpol_zs_result *r = (mpol_zs_result *)1;
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    assert_int_equal(opts.method, MPOL_ZS_AUTO);
    assert_int_equal(opts.eliminate, MPOL_ZS_ELIM_PURE);
    assert_int_equal(mpol_zs_solve(NULL, A, 2, 2, &opts), MPOL_EINVAL);
    assert_int_equal(mpol_zs_solve(&r, NULL, 2, 2, &opts), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_zs_solve(&r, A, 0, 2, &opts), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "0 x 2"));
    assert_int_equal(mpol_zs_solve(&r, A, 2, 0, NULL), MPOL_EINVAL);
    A[2] = INFINITY;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "A[1][0] is infinite"));
    A[2] = NAN;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "NaN"));
    A[2] = 1e200;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "exceeds"));
    A[2] = 3;
    opts.tol = 0.0;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, &opts), MPOL_EINVAL);
    opts.tol = NAN;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, &opts), MPOL_EINVAL);
    mpol_zs_opts_init(&opts);
    opts.method = (mpol_zs_method)9;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, &opts), MPOL_EINVAL);
    mpol_zs_opts_init(&opts);
    opts.eliminate = 3;
    assert_int_equal(mpol_zs_solve(&r, A, 2, 2, &opts), MPOL_EINVAL);
    assert_null(r);

    /* Method names. */
    for (int k = 0; k < 5; k++) {
        mpol_zs_method mth;
        assert_int_equal(mpol_zs_method_parse(&mth, mpol_zs_method_name((mpol_zs_method)k)),
                         MPOL_OK);
        assert_int_equal(mth, k);
    }
    mpol_zs_method mth;
    assert_int_equal(mpol_zs_method_parse(&mth, "lemke"), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "unknown method 'lemke'"));
    assert_int_equal(mpol_zs_method_parse(&mth, NULL), MPOL_EINVAL);
    assert_string_equal(mpol_zs_method_name((mpol_zs_method)17), "unknown");

    /* Iteration limits of each method. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    double *G = random_game(&rng, 30, 30, 0);
    for (int k = 0; k < NMETHODS; k++) {
        mpol_zs_opts_init(&opts);
        opts.method = methods[k];
        opts.eliminate = 0;
        opts.max_iter = 1;
        assert_int_equal(mpol_zs_solve(&r, G, 30, 30, &opts), MPOL_ELIMIT);
        assert_null(r);
    }
    /* A verification that cannot pass: tolerance below rounding. */
    mpol_zs_opts_init(&opts);
    opts.tol = 1e-300;
    assert_int_equal(mpol_zs_solve(&r, G, 30, 30, &opts), MPOL_EVERIFY);
    assert_non_null(r);
    assert_false(r->check.ok);
    assert_non_null(strstr(mpol_last_error(), "failed verification"));
    mpol_zs_result_free(r);
    mpol_zs_result_free(NULL);
    free(G);

    /* Verification of wrong answers and its own errors. */
    static const double P[4] = {1, -1, -1, 1};
    double x[2] = {1, 0}, y[2] = {0.5, 0.5}, bad[2] = {0.7, 0.7};
    mpol_zs_check chk;
    assert_int_equal(mpol_zs_verify(&chk, P, 2, 2, x, y, 1e-9), MPOL_OK);
    assert_false(chk.ok);
    assert_close(chk.gap, 1.0, 1e-12);
    assert_close(chk.col_regret, 1.0, 1e-12);
    assert_close(chk.row_regret, 0.0, 1e-12);
    assert_int_equal(mpol_zs_verify(&chk, P, 2, 2, bad, y, 1e-9), MPOL_OK);
    assert_false(chk.ok);
    assert_close(chk.simplex_error, 0.4, 1e-12);
    x[0] = 0.5;
    x[1] = 0.5;
    assert_int_equal(mpol_zs_verify(&chk, P, 2, 2, x, y, 1e-9), MPOL_OK);
    assert_true(chk.ok);
    assert_close(chk.scale, 2.0, 0.0); /* the payoff range */
    assert_int_equal(mpol_zs_verify(NULL, P, 2, 2, x, y, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_zs_verify(&chk, P, 0, 2, x, y, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_zs_verify(&chk, P, 2, 2, x, y, 2.0), MPOL_EINVAL);
    x[1] = NAN;
    assert_int_equal(mpol_zs_verify(&chk, P, 2, 2, x, y, 1e-9), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "x[1]"));

    /* Dominance errors. */
    unsigned char rr[2], cr[2];
    assert_int_equal(mpol_dominance_eliminate(NULL, NULL, 2, 2, rr, cr, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_dominance_eliminate(P, NULL, 2, 0, rr, cr, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_dominance_eliminate(P, NULL, 2, 2, NULL, cr, NULL, NULL), MPOL_EINVAL);
    double nanB[4] = {0, 0, NAN, 0};
    assert_int_equal(mpol_dominance_eliminate(P, nanB, 2, 2, rr, cr, NULL, NULL), MPOL_EINVAL);
    mpol_dominance_opts dopts;
    mpol_dominance_opts_init(&dopts);
    dopts.tol = -1;
    assert_int_equal(mpol_dominance_eliminate_ex(P, NULL, 2, 2, &dopts, rr, cr, NULL, NULL),
                     MPOL_EINVAL);
    assert_int_equal(mpol_dominance_eliminate_ex(P, NULL, 2, 2, NULL, rr, cr, NULL, NULL), MPOL_OK);
}

typedef struct oom_ctx {
    const double *A;
    size_t m, n;
    mpol_zs_method method;
} oom_ctx;

static mpol_status oom_solve(void *ctx)
{
    oom_ctx *c = ctx;
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    opts.method = c->method;
    opts.eliminate = MPOL_ZS_ELIM_MIXED;
    mpol_zs_result *r;
    mpol_status st = mpol_zs_solve(&r, c->A, c->m, c->n, &opts);
    if (st == MPOL_OK) {
        assert_true(r->check.ok);
        assert_true(r->rows_removed >= 1);
    } else {
        assert_null(r);
    }
    mpol_zs_result_free(r);
    return st;
}

static mpol_status oom_workspace(void *ctx)
{
    (void)ctx;
    mpol_zs_workspace *ws;
    mpol_status st = mpol_zs_workspace_alloc(&ws, 3, 3);
    mpol_zs_workspace_free(ws);
    return st;
}

static mpol_status oom_verify(void *ctx)
{
    oom_ctx *c = ctx;
    double x[3] = {1, 0, 0}, y[3] = {1, 0, 0};
    mpol_zs_check chk;
    return mpol_zs_verify(&chk, c->A, 3, 3, x, y, 1e-9);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* 8 x 7 random game with a mixed-dominated row appended (row 8 = mean of rows 0, 1 - 1). */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    double *G = random_game(&rng, 9, 7, 0);
    for (size_t j = 0; j < 7; j++)
        G[8 * 7 + j] = 0.5 * (G[j] + G[7 + j]) - 1.0;
    for (int k = 0; k < NMETHODS; k++) {
        oom_ctx c = {G, 9, 7, methods[k]};
        assert_true(mpol_test_oom_loop(oom_solve, &c) > 0);
    }
    oom_ctx c = {G, 3, 3, MPOL_ZS_AUTO};
    assert_true(mpol_test_oom_loop(oom_workspace, NULL) > 0);
    assert_true(mpol_test_oom_loop(oom_verify, &c) > 0);
    free(G);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_rock_paper_scissors),
        cmocka_unit_test(test_saddle_point),
        cmocka_unit_test(test_oneill),
        cmocka_unit_test(test_random_games_agree),
        cmocka_unit_test(test_dominance_pure_and_iterated),
        cmocka_unit_test(test_dominance_mixed),
        cmocka_unit_test(test_degenerate_games),
        cmocka_unit_test(test_scaling),
        cmocka_unit_test(test_workspace),
        cmocka_unit_test(test_large_parallel_deterministic),
        cmocka_unit_test(test_dense_degenerate),
        cmocka_unit_test(test_dense_candidate_pricing),
        cmocka_unit_test(test_constant_sum),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
