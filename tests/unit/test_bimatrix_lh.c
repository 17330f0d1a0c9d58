/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of the Lemke–Howson walks (lh_walk.c) and of mpol_bimatrix_one's restart schedule
 * (lh_one.c): verified equilibria on seeded random games, degenerate ones included, each the
 * one the single path from its label reaches; the schedule replayed from single-label runs;
 * the fused pivot equal to tableau.c's pivot and ratio-test data; the residual check that
 * rebuilds a drifted tableau; and the long path that used to cost 100,000 pivots.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* bimatrix_check.h: mkstemp, popen */
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bimatrix/lh_internal.h"
#include "bimatrix_check.h"
#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"

/* Luby's sequence, written out from its definition (1-based). */
static size_t luby_ref(size_t j)
{
    size_t k = 1;
    while ((((size_t)1 << k) - 1) < j)
        k++;
    if (j == ((size_t)1 << k) - 1)
        return (size_t)1 << (k - 1);
    return luby_ref(j - ((size_t)1 << (k - 1)) + 1);
}

/* Pivots of the single path from label @p k, or SIZE_MAX beyond @p cap. */
static size_t path_len(size_t m, size_t n, const double *A, const double *B, size_t k, size_t cap)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = k;
    o.max_pivots = cap;
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o);
    size_t p = st == MPOL_OK ? r->pivots : SIZE_MAX;
    if (st != MPOL_OK)
        assert_int_equal(st, MPOL_ELIMIT);
    mpol_bimatrix_result_free(r);
    return p;
}

/* The label the documented schedule picks (first cycle over the labels, no dead label): the
 * labels in the order @p start, then those whose path takes 2 pivots, then the others (each
 * group cyclically), run j following the j-th for (8 + (m + n) / 16) * luby(j) pivots. */
static size_t schedule_winner(size_t m, size_t n, const double *A, const double *B, size_t start)
{
    size_t nl = m + n, b0 = 8 + nl / 16, c = 0, *order = malloc(nl * sizeof(size_t));
    order[c++] = start;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t t = 1; t < nl; t++) {
            size_t k = (start - 1 + t) % nl + 1;
            if ((path_len(m, n, A, B, k, 2) != SIZE_MAX) == pass)
                order[c++] = k;
        }
    size_t win = 0;
    for (size_t j = 1; j <= nl && win == 0; j++)
        if (path_len(m, n, A, B, order[j - 1], b0 * luby_ref(j)) != SIZE_MAX)
            win = order[j - 1];
    free(order);
    return win;
}

/* One equilibrium, verified, the one the path from its label reaches, the one the schedule
 * picks, and the same on a second call. */
static void check_one(size_t m, size_t n, const double *A, const double *B, double range)
{
    mpol_bimatrix_result *r = NULL, *r2 = NULL, *rk = NULL;
    assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, NULL), MPOL_OK);
    assert_int_equal(r->neq, 1);
    assert_true(r->verified);
    assert_true(r->max_regret <= r->tol_abs);
    double rr, rc, sx = 0, sy = 0;
    mpol_bimatrix_regret(m, n, A, B, r->eq[0].x, r->eq[0].y, &rr, &rc, NULL, NULL);
    assert_true(rr <= 1e-9 * range && rc <= 1e-9 * range);
    for (size_t i = 0; i < m; i++)
        sx += r->eq[0].x[i];
    for (size_t j = 0; j < n; j++)
        sy += r->eq[0].y[j];
    assert_close(sx, 1.0, 1e-12);
    assert_close(sy, 1.0, 1e-12);
    size_t k = r->eq[0].labels[0];
    assert_int_equal(k, schedule_winner(m, n, A, B, 1));
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = k;
    assert_int_equal(mpol_bimatrix_lemke_howson(&rk, m, n, A, B, &o), MPOL_OK);
    for (size_t i = 0; i < m; i++)
        assert_true(r->eq[0].x[i] == rk->eq[0].x[i]);
    for (size_t j = 0; j < n; j++)
        assert_true(r->eq[0].y[j] == rk->eq[0].y[j]);
    assert_int_equal(mpol_bimatrix_one(&r2, m, n, A, B, NULL), MPOL_OK);
    assert_int_equal(r2->eq[0].labels[0], k);
    assert_int_equal(r2->pivots, r->pivots);
    mpol_bimatrix_result_free(r);
    mpol_bimatrix_result_free(r2);
    mpol_bimatrix_result_free(rk);
}

/* Seeded random games, nondegenerate-ish (0..99) and degenerate (0..2, 0..1). */
static void test_lh_one_random(void **state)
{
    (void)state;
    static const size_t dims[][2] = {{2, 2}, {3, 4}, {7, 5}, {12, 12}, {25, 20}, {40, 40}};
    static const long his[] = {99, 2, 1};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 19019);
    double *A = malloc(40 * 40 * sizeof(double)), *B = malloc(40 * 40 * sizeof(double));
    for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++)
        for (size_t h = 0; h < sizeof his / sizeof his[0]; h++)
            for (int g = 0; g < 3; g++) {
                random_game(&rng, dims[d][0], dims[d][1], 0, his[h], A, B);
                check_one(dims[d][0], dims[d][1], A, B, (double)his[h]);
            }
    free(A);
    free(B);
}

/* Splitmix64 payoffs 0..99 as in the bench (A then B, row-major). */
static void bench_game(uint64_t seed, size_t n, double *A, double *B)
{
    for (size_t k = 0; k < n * n; k++)
        A[k] = (double)(mpol_i_splitmix64(&seed) % 100);
    for (size_t k = 0; k < n * n; k++)
        B[k] = (double)(mpol_i_splitmix64(&seed) % 100);
}

/*
 * Label 155 of the 100 x 100 game seed 5000 is a 108,637-pivot path (test_bimatrix's
 * test_lemke_howson_long_path): started there, the previous schedule spent the default
 * 100,000 pivots on it before trying label 156; the restarts leave it after 14 pivots.
 */
static void test_lh_one_long_start(void **state)
{
    (void)state;
    size_t n = 100;
    double *A = malloc(n * n * sizeof(double)), *B = malloc(n * n * sizeof(double));
    bench_game(5000, n, A, B);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = 155;
    mpol_bimatrix_result *r = NULL;
    assert_int_equal(mpol_bimatrix_one(&r, n, n, A, B, &o), MPOL_OK);
    assert_true(r->verified);
    assert_int_not_equal(r->eq[0].labels[0], 155);
    assert_int_equal(r->eq[0].labels[0], schedule_winner(n, n, A, B, 155));
    assert_true(r->pivots < 5000);
    mpol_bimatrix_result_free(r);
    free(A);
    free(B);
}

/* The fused pivot gives the tableau, pivot tolerances and reciprocals of tableau.c, bit for
 * bit, along a path (compared with mpol_i_bmx_tab_pivot and the ratio test's recomputation). */
static void test_lh_fused_pivot(void **state)
{
    (void)state;
    size_t n = 30;
    double A[30 * 30], B[30 * 30];
    bench_game(77, n, A, B);
    mpol_i_lh_walk w;
    assert_int_equal(mpol_i_lh_walk_alloc(&w, n, n, A, B, NULL), MPOL_OK);
    mpol_i_bmx_tab ref;
    assert_int_equal(mpol_i_bmx_tab_alloc(&ref, n, n, 0, A, B), MPOL_OK);
    mpol_i_bmx_tab *t = &w.tq;
    size_t rows = t->rows, sz = rows * t->ncolt;
    double *winv = malloc(2 * rows * sizeof(double));
    for (size_t step = 0; step < 20; step++) {
        size_t col = SIZE_MAX;
        for (size_t k = 0; k < t->ncols && col == SIZE_MAX; k++)
            if (t->pos[(k + 7 * step) % t->ncols] == SIZE_MAX)
                col = (k + 7 * step) % t->ncols;
        size_t r = mpol_i_bmx_tab_ratio(t, col);
        assert_int_not_equal(r, SIZE_MAX);
        mpol_i_lh_pivot(t, r, col, (int)(step % 3)); /* 0, 1, 2 threads: the same */
        mpol_i_bmx_tab_pivot(&ref, r, col);
        assert_memory_equal(t->t, ref.t, sz * sizeof(double));
        assert_int_not_equal(t->winv_ok, 0);
        memcpy(winv, t->winv, 2 * rows * sizeof(double)); /* winv and ptol */
        int ok = t->winv_ok;
        t->winv_ok = 0;
        (void)mpol_i_bmx_tab_ratio(t, col == 0 ? 1 : 0); /* recomputes them */
        assert_int_equal(t->winv_ok, ok);
        if (ok > 0)
            assert_memory_equal(t->winv, winv, rows * sizeof(double));
        assert_memory_equal(t->ptol, winv + rows, rows * sizeof(double));
    }
    free(winv);
    mpol_i_bmx_tab_free(&ref);
    mpol_i_lh_walk_free(&w);
}

/* A tableau that has drifted from its data is rebuilt at the next residual check, and the
 * path still ends where it ends undisturbed; the fixed schedule gives the same path. */
static void test_lh_residual_rebuild(void **state)
{
    (void)state;
    size_t n = 60;
    double *A = malloc(n * n * sizeof(double)), *B = malloc(n * n * sizeof(double));
    bench_game(5000, n, A, B);
    size_t k0 = SIZE_MAX, len = 0;
    for (size_t k = 1; k <= 2 * n && k0 == SIZE_MAX; k++) /* a path of 100+ pivots */
        if ((len = path_len(n, n, A, B, k, 100000)) != SIZE_MAX && len > MPOL_I_LH_CHECK + 40)
            k0 = k - 1;
    assert_int_not_equal(k0, SIZE_MAX);
    mpol_i_lh_walk w;
    assert_int_equal(mpol_i_lh_walk_alloc(&w, n, n, A, B, NULL), MPOL_OK);
    mpol_i_lh_walk_start(&w, k0);
    int done = 0;
    assert_int_equal(mpol_i_lh_walk_run(&w, MPOL_I_LH_CHECK - 10, 100000, &done), MPOL_OK);
    assert_false(done);
    assert_int_equal(w.refreshes, 0);
    MPOL_I_BMX_RHS(&w.tp, 0) += 1e-6; /* drift */
    MPOL_I_BMX_RHS(&w.tq, 0) += 1e-6;
    assert_int_equal(mpol_i_lh_walk_run(&w, SIZE_MAX, 100000, &done), MPOL_OK);
    assert_true(done);
    assert_true(w.refreshes >= 1);
    assert_true(w.max_resid >= 1e-7);
    assert_int_equal(w.steps, len);
    mpol_i_lh_walk_free(&w);
    free(A);
    free(B);
}

/* A 150 x 150 game (well under a second) and the bench's 200 x 200 game seed 5002, whose
 * label-1 path runs past 100,000 pivots. */
static void test_lh_one_large(void **state)
{
    (void)state;
    size_t n = 200;
    double *A = malloc(n * n * sizeof(double)), *B = malloc(n * n * sizeof(double));
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 150150);
    random_game(&rng, 150, 150, 0, 99, A, B);
    mpol_bimatrix_result *r = NULL;
    assert_int_equal(mpol_bimatrix_one(&r, 150, 150, A, B, NULL), MPOL_OK);
    assert_true(r->verified && r->max_regret <= r->tol_abs);
    mpol_bimatrix_result_free(r);
    bench_game(5002, n, A, B);
    assert_int_equal(mpol_bimatrix_one(&r, n, n, A, B, NULL), MPOL_OK);
    assert_true(r->verified && r->max_regret <= r->tol_abs);
    assert_int_not_equal(r->eq[0].labels[0], 1);
    assert_true(r->pivots < 20000);
    mpol_bimatrix_result_free(r);
    free(A);
    free(B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lh_one_random),  cmocka_unit_test(test_lh_one_long_start),
        cmocka_unit_test(test_lh_fused_pivot), cmocka_unit_test(test_lh_residual_rebuild),
        cmocka_unit_test(test_lh_one_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
