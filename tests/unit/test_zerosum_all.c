/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tests of mpol_zs_all, the extreme optimal strategies of a zero-sum game: the two-stage
 * matching pennies game of the Gambit collection (16 extreme equilibria, lrsnash's set),
 * seeded random games with ties (payoffs 0..2) against the bimatrix enumeration of (A, -A)
 * and lrsnash, games with a unique optimum, weakly dominated optimal strategies, exact mode,
 * the refusal above the basis limit, every error path and allocation failure.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include <math.h>
#include <string.h>

#include "bimatrix_check.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/efg.h"
#include "multipolar/model.h"
#include "multipolar/nfg.h"
#include "multipolar/zerosum.h"

/* The products of the two vertex sets as a set of equilibria. */
static void product_set(eqset *s, const mpol_zs_all_result *r)
{
    eqset_init(s, r->m, r->n);
    for (size_t v = 0; v < r->nx; v++)
        for (size_t w = 0; w < r->ny; w++)
            eqset_add(s, r->xs + v * r->m, r->ys + w * r->n);
}

/* The independent facts about every vertex, checked again here: a probability vector whose
 * guarantee is the value (min_j (x'A)_j = v for x, max_i (A y)_i = v for y). */
static void assert_vertices_optimal(const mpol_zs_all_result *r, const double *A, double v)
{
    size_t m = r->m, n = r->n;
    for (size_t a = 0; a < r->nx; a++) {
        const double *x = r->xs + a * m;
        double s = 0.0, g = HUGE_VAL;
        for (size_t i = 0; i < m; i++) {
            assert_true(x[i] >= -1e-12);
            s += x[i];
        }
        for (size_t j = 0; j < n; j++) {
            double p = 0.0;
            for (size_t i = 0; i < m; i++)
                p += x[i] * A[i * n + j];
            g = fmin(g, p);
        }
        assert_true(fabs(s - 1.0) < 1e-9);
        assert_true(fabs(g - v) < 1e-8);
    }
    for (size_t b = 0; b < r->ny; b++) {
        const double *y = r->ys + b * n;
        double s = 0.0, h = -HUGE_VAL;
        for (size_t j = 0; j < n; j++) {
            assert_true(y[j] >= -1e-12);
            s += y[j];
        }
        for (size_t i = 0; i < m; i++) {
            double p = 0.0;
            for (size_t j = 0; j < n; j++)
                p += A[i * n + j] * y[j];
            h = fmax(h, p);
        }
        assert_true(fabs(s - 1.0) < 1e-9);
        assert_true(fabs(h - v) < 1e-8);
    }
}

static void test_two_stage_matching_pennies(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    mpol_game *g = NULL;
    assert_int_equal(
        mpol_efg_read_file(&g, mpol_test_shared("reference/gambit-games/contrib/games/2smp.efg"),
                           NULL),
        MPOL_OK);
    double *A = NULL, *B = NULL;
    assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    assert_int_equal(m, 8);
    assert_int_equal(n, 8);
    for (int exact = 0; exact <= 1; exact++) {
        mpol_zs_all_opts o;
        mpol_zs_all_opts_init(&o);
        o.exact = exact;
        mpol_zs_all_result *r = NULL;
        assert_int_equal(mpol_zs_all(&r, A, m, n, &o), MPOL_OK);
        assert_int_equal(r->nx, 4);
        assert_int_equal(r->ny, 4);
        assert_true(r->check.ok);
        assert_true(fabs(r->value) < 1e-12);
        assert_int_equal(r->exact, exact);
        if (exact) {
            assert_string_equal(r->value_exact, "0");
            for (size_t k = 0; k < r->nx * m; k++)
                assert_true(strcmp(r->xs_exact[k], "0") == 0 || strcmp(r->xs_exact[k], "1/4") == 0);
        }
        assert_vertices_optimal(r, A, 0.0);
        eqset mine;
        product_set(&mine, r);
        assert_int_equal(mine.count, 16);
        if (have_lrsnash()) {
            eqset ref;
            assert_true(run_lrsnash(m, n, A, B, &ref));
            eqset_assert_equal(&mine, &ref, "2smp.efg vs lrsnash");
            eqset_assert_equal(&ref, &mine, "lrsnash vs 2smp.efg");
            free(ref.xy);
        }
        free(mine.xy);
        mpol_zs_all_result_free(r);
    }
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
}

/* Every two-player constant-sum game of the Gambit collection: the products of the vertex
 * sets of A (the row player's payoffs) are lrsnash's extreme equilibria of (A, B). */
static void test_gambit_constant_sum_vs_lrsnash(void **state)
{
    (void)state;
    if (!mpol_test_have_shared() || !have_lrsnash())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    size_t games = 0, multi = 0, big_games = 0;
    while (mpol_test_gambit_next(idx, &row)) {
        if (strcmp(row.players, "2") != 0 || strcmp(row.constsum, "constsum") != 0)
            continue;
        const char *path = mpol_test_gambit_path(row.file);
        mpol_game *g = NULL;
        mpol_status st = strcmp(row.type, "nfg") == 0 ? mpol_nfg_read_file(&g, path)
                                                      : mpol_efg_read_file(&g, path, NULL);
        if (st == MPOL_ELIMIT) /* ttt.efg: a reduced strategic form beyond the load limit */
            continue;
        assert_int_equal(st, MPOL_OK);
        double *A = NULL, *B = NULL;
        assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
        size_t m = g->nstrategies[0], n = g->nstrategies[1];
        double big = 0.0;
        for (size_t k = 0; k < m * n; k++)
            big = fmax(big, fabs(A[k]));
        if (big > 1e15) {
            /* large_payoff_game.efg: payoffs 1 beside 1e19 differ below double precision;
             * the floating-point answer is verified only to tol * range (the exact check
             * rejects it, tested in test_exact_rationals' spirit by the CLI test). */
            mpol_free(A);
            mpol_free(B);
            mpol_game_free(g);
            continue;
        }
        mpol_zs_all_result *r = NULL;
        assert_int_equal(mpol_zs_all(&r, A, m, n, NULL), MPOL_OK);
        eqset mine, ref;
        product_set(&mine, r);
        /* lrsnash reads rationals, not decimals: the game's exact payoffs. */
        mpol_rational *Aq = NULL, *Bq = NULL;
        if (g->exact != NULL) {
            Aq = malloc(m * n * sizeof *Aq);
            Bq = malloc(m * n * sizeof *Bq);
            assert_non_null(Aq);
            assert_non_null(Bq);
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) {
                    Aq[i * n + j] = g->exact[2 * (i + m * j)];
                    Bq[i * n + j] = g->exact[2 * (i + m * j) + 1];
                }
        } else {
            for (size_t k = 0; k < m * n; k++)
                assert_true(A[k] == floor(A[k]) && B[k] == floor(B[k]));
        }
        if (m + n <= 24) {
            assert_true(run_lrsnash_q(m, n, A, B, Aq, Bq, &ref));
        } else { /* lrsnash takes minutes on the 29 x 24 and 41 x 23 games: the enumeration */
            mpol_bimatrix_opts bo;
            mpol_bimatrix_opts_init(&bo);
            bo.cliques = 0;
            mpol_bimatrix_result *br = NULL;
            assert_int_equal(mpol_bimatrix_enumerate(&br, m, n, A, B, &bo), MPOL_OK);
            eqset_from_result(&ref, br);
            mpol_bimatrix_result_free(br);
            big_games++;
        }
        free(Aq);
        free(Bq);
        eqset_assert_equal(&mine, &ref, row.file);
        eqset_assert_equal(&ref, &mine, row.file);
        games++;
        multi += mine.count > 1;
        free(mine.xy);
        free(ref.xy);
        mpol_zs_all_result_free(r);
        mpol_free(A);
        mpol_free(B);
        mpol_game_free(g);
    }
    fclose(idx);
    assert_true(games >= 50);
    assert_true(multi >= 5);
    assert_true(big_games <= 6);
}

/* Compares the products of the vertex sets with mpol_bimatrix_enumerate on (A, -A). */
static void compare_with_bimatrix(const double *A, size_t m, size_t n, int exact, const char *what)
{
    double B[64];
    for (size_t k = 0; k < m * n; k++)
        B[k] = -A[k];
    mpol_zs_all_opts o;
    mpol_zs_all_opts_init(&o);
    o.exact = exact;
    mpol_zs_all_result *r = NULL;
    assert_int_equal(mpol_zs_all(&r, A, m, n, &o), MPOL_OK);
    assert_true(r->check.ok);
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.cliques = 0;
    mpol_bimatrix_result *br = NULL;
    assert_int_equal(mpol_bimatrix_enumerate(&br, m, n, A, B, &bo), MPOL_OK);
    assert_vertices_optimal(r, A, br->eq[0].payoff_row);
    eqset mine, ref;
    product_set(&mine, r);
    eqset_from_result(&ref, br);
    eqset_assert_equal(&mine, &ref, what);
    eqset_assert_equal(&ref, &mine, what);
    free(mine.xy);
    free(ref.xy);
    mpol_bimatrix_result_free(br);
    mpol_zs_all_result_free(r);
}

static void test_random_ties_vs_bimatrix(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261202);
    int reps = mpol_test_reps(600);
    size_t multi = 0;
    for (int t = 0; t < reps; t++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 1, 6), n = (size_t)mpol_test_rng_int(&rng, 1, 6);
        long hi = t % 4 == 0 ? 1 : 2; /* small integers: ties and many optima */
        double A[64];
        for (size_t k = 0; k < m * n; k++)
            A[k] = (double)mpol_test_rng_int(&rng, 0, hi);
        char what[64];
        snprintf(what, sizeof what, "game %d (%zu x %zu)", t, m, n);
        compare_with_bimatrix(A, m, n, t % 10 == 0, what);
        mpol_zs_all_result *r = NULL;
        assert_int_equal(mpol_zs_all(&r, A, m, n, NULL), MPOL_OK);
        multi += r->nx * r->ny > 1;
        mpol_zs_all_result_free(r);
    }
    /* The draw must exercise multiple optima, or the test proves little. */
    assert_true(multi * 4 > (size_t)reps);
}

static void test_random_ties_vs_lrsnash(void **state)
{
    (void)state;
    if (!have_lrsnash())
        skip();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    int reps = mpol_test_reps(24);
    for (int t = 0; t < reps; t++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 2, 7), n = (size_t)mpol_test_rng_int(&rng, 2, 7);
        double A[64], B[64];
        for (size_t k = 0; k < m * n; k++) {
            A[k] = (double)mpol_test_rng_int(&rng, 0, 2);
            B[k] = -A[k];
        }
        mpol_zs_all_result *r = NULL;
        assert_int_equal(mpol_zs_all(&r, A, m, n, NULL), MPOL_OK);
        eqset mine, ref;
        product_set(&mine, r);
        assert_true(run_lrsnash(m, n, A, B, &ref));
        char what[64];
        snprintf(what, sizeof what, "lrsnash game %d (%zu x %zu)", t, m, n);
        eqset_assert_equal(&mine, &ref, what);
        eqset_assert_equal(&ref, &mine, what);
        free(mine.xy);
        free(ref.xy);
        mpol_zs_all_result_free(r);
    }
}

static void test_unique_optimum(void **state)
{
    (void)state;
    /* Rock-paper-scissors: (1/3, 1/3, 1/3) for both, value 0. */
    const double rps[9] = {0, -1, 1, 1, 0, -1, -1, 1, 0};
    mpol_zs_all_result *r = NULL;
    assert_int_equal(mpol_zs_all(&r, rps, 3, 3, NULL), MPOL_OK);
    assert_int_equal(r->nx, 1);
    assert_int_equal(r->ny, 1);
    for (size_t k = 0; k < 3; k++) {
        assert_true(fabs(r->xs[k] - 1.0 / 3.0) < 1e-12);
        assert_true(fabs(r->ys[k] - 1.0 / 3.0) < 1e-12);
    }
    assert_true(fabs(r->value) < 1e-12);
    assert_true(isinf(r->check.min_separation));
    mpol_zs_all_result_free(r);
    /* A saddle point: pure strategies, value 3. */
    const double sp[6] = {3, 5, 4, 1, 2, 0};
    assert_int_equal(mpol_zs_all(&r, sp, 2, 3, NULL), MPOL_OK);
    assert_int_equal(r->nx, 1);
    assert_int_equal(r->ny, 1);
    assert_true(fabs(r->xs[0] - 1.0) < 1e-12 && fabs(r->ys[0] - 1.0) < 1e-12);
    assert_true(fabs(r->value - 3.0) < 1e-12);
    mpol_zs_all_result_free(r);
    /* Random real payoffs have a unique optimum; it is the solver's. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    static double A[40 * 30];
    for (size_t k = 0; k < 40 * 30; k++)
        A[k] = mpol_test_rng_uniform(&rng);
    assert_int_equal(mpol_zs_all(&r, A, 40, 30, NULL), MPOL_OK);
    assert_int_equal(r->nx, 1);
    assert_int_equal(r->ny, 1);
    mpol_zs_result *s = NULL;
    assert_int_equal(mpol_zs_solve(&s, A, 40, 30, NULL), MPOL_OK);
    for (size_t i = 0; i < 40; i++)
        assert_true(fabs(r->xs[i] - s->x[i]) < 1e-9);
    for (size_t j = 0; j < 30; j++)
        assert_true(fabs(r->ys[j] - s->y[j]) < 1e-9);
    assert_true(fabs(r->value - s->value) < 1e-9);
    mpol_zs_result_free(s);
    mpol_zs_all_result_free(r);
}

static void test_weakly_dominated_optimal(void **state)
{
    (void)state;
    /* Row 2 is weakly dominated by row 1, yet optimal: the value is 0 (column 1), every x
     * is optimal, and y = (1, 0) is the only optimal y. */
    const double A[4] = {0, 1, 0, 0};
    mpol_zs_all_result *r = NULL;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, NULL), MPOL_OK);
    assert_int_equal(r->nx, 2);
    assert_int_equal(r->ny, 1);
    assert_true(r->xs[0] == 0.0 && r->xs[1] == 1.0 && r->xs[2] == 1.0 && r->xs[3] == 0.0);
    assert_true(r->ys[0] == 1.0 && r->ys[1] == 0.0);
    mpol_zs_all_result_free(r);
    /* All payoffs equal: every pure strategy is an extreme optimal strategy. */
    static const double Z[30] = {0};
    assert_int_equal(mpol_zs_all(&r, Z, 5, 6, NULL), MPOL_OK);
    assert_int_equal(r->nx, 5);
    assert_int_equal(r->ny, 6);
    for (size_t v = 0; v < 5; v++)
        for (size_t i = 0; i < 5; i++)
            assert_true(r->xs[v * 5 + i] == (i == 4 - v ? 1.0 : 0.0)); /* lexicographic */
    assert_true(r->check.min_separation == 1.0);
    mpol_zs_all_result_free(r);
}

static void test_exact_rationals(void **state)
{
    (void)state;
    /* Matching pennies with payoffs 1/3 and -1/3 given exactly: x = y = (1/2, 1/2), value 0;
     * and a game with value 1/3: [[1, 0], [0, 1/2]] -> x = (1/3, 2/3), y = (1/3, 2/3). */
    const mpol_rational q[4] = {{1, 1}, {0, 1}, {0, 1}, {1, 2}};
    const double A[4] = {1, 0, 0, 0.5};
    mpol_zs_all_opts o;
    mpol_zs_all_opts_init(&o);
    o.exact = 1;
    o.A_exact = q;
    mpol_zs_all_result *r = NULL;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, &o), MPOL_OK);
    assert_int_equal(r->exact, 1);
    assert_string_equal(r->value_exact, "1/3");
    assert_int_equal(r->nx, 1);
    assert_string_equal(r->xs_exact[0], "1/3");
    assert_string_equal(r->xs_exact[1], "2/3");
    assert_string_equal(r->ys_exact[0], "1/3");
    assert_string_equal(r->ys_exact[1], "2/3");
    assert_true(fabs(r->value - 1.0 / 3.0) < 1e-15);
    mpol_zs_all_result_free(r);
    /* Exact payoffs that disagree with the doubles' optimum fail the exact check. */
    const double D[4] = {1, 0, 0, -1}; /* optimum: pure (1, 0) and (0, 1) */
    const mpol_rational wrong[4] = {{1, 1}, {0, 1}, {0, 1}, {1, 1}};
    o.A_exact = wrong;
    assert_int_equal(mpol_zs_all(&r, D, 2, 2, &o), MPOL_EVERIFY);
    assert_non_null(r);
    assert_false(r->check.ok);
    mpol_zs_all_result_free(r);
}

static void test_refusal(void **state)
{
    (void)state;
    static const double Z[25] = {0};
    mpol_zs_all_opts o;
    mpol_zs_all_opts_init(&o);
    o.max_bases = 3;
    mpol_zs_all_result *r = (mpol_zs_all_result *)&o; /* must be reset to NULL */
    assert_int_equal(mpol_zs_all(&r, Z, 5, 5, &o), MPOL_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "more than 3 bases"));
    assert_non_null(strstr(mpol_last_error(), "upper bound theorem allows up to 27"));
    /* Just at the limit it passes. */
    o.max_bases = 5;
    assert_int_equal(mpol_zs_all(&r, Z, 5, 5, &o), MPOL_OK);
    assert_int_equal(r->bases_x, 5);
    mpol_zs_all_result_free(r);
    /* A game whose optimal face is large (value 0 pinned by a zero row and a zero column,
     * the other payoffs mostly negative): thousands of vertices; refused at 10,000 bases
     * in well under a second. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    static double A[16 * 16];
    for (size_t i = 0; i < 16; i++)
        for (size_t j = 0; j < 16; j++)
            A[i * 16 + j] = i == 0 || j == 0 ? 0.0 : (double)mpol_test_rng_int(&rng, -3, 1);
    o.max_bases = 10000;
    double t0 = mpol_test_wall();
    assert_int_equal(mpol_zs_all(&r, A, 16, 16, &o), MPOL_ELIMIT);
    assert_true(mpol_test_wall() - t0 < 5.0);
    assert_non_null(strstr(mpol_last_error(), "more than 10000 bases"));
    /* The same structure at 25 x 25 (the CLI test's model) with the default limit: tens of
     * millions of bases, refused up front by the random-walk estimate in well under a
     * second. */
    mpol_model *model = NULL;
    mpol_game *g = NULL;
    double *G = NULL;
    assert_int_equal(mpol_model_load_file(&model, mpol_test_src("tests/cli/data/zs_big_face.yaml")),
                     MPOL_OK);
    assert_int_equal(mpol_model_game(&g, model), MPOL_OK);
    assert_int_equal(mpol_game_bimatrix(g, &G, NULL), MPOL_OK);
    t0 = mpol_test_wall();
    assert_int_equal(mpol_zs_all(&r, G, 25, 25, NULL), MPOL_ELIMIT);
    /* Generous under valgrind and the sanitizers (quick mode), as the other refusal tests. */
    assert_true(mpol_test_wall() - t0 < (mpol_test_quick() ? 60.0 : 2.0));
    mpol_free(G);
    mpol_game_free(g);
    mpol_model_free(model);
    assert_non_null(strstr(mpol_last_error(), "random-walk estimate made before the search"));
    assert_non_null(strstr(mpol_last_error(), "more than the limit of 1000000"));
}

static void test_errors(void **state)
{
    (void)state;
    const double A[4] = {1, 2, 3, 4};
    mpol_zs_all_result *r = NULL;
    mpol_zs_all_opts o;
    mpol_zs_all_opts_init(&o);
    assert_int_equal(mpol_zs_all(NULL, A, 2, 2, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_zs_all(&r, NULL, 2, 2, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_zs_all(&r, A, 0, 2, NULL), MPOL_EDIM);
    assert_int_equal(mpol_zs_all(&r, A, 2, 0, NULL), MPOL_EDIM);
    assert_int_equal(mpol_zs_all(&r, A, SIZE_MAX / 2, 2, NULL), MPOL_ELIMIT);
    const double bad[4] = {1, NAN, 3, 4};
    assert_int_equal(mpol_zs_all(&r, bad, 2, 2, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "payoff (1, 2) is not finite"));
    o.tol = 0.0;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, &o), MPOL_EINVAL);
    o.tol = 1.0;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, &o), MPOL_EINVAL);
    mpol_zs_all_opts_init(&o);
    o.max_bases = 0;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, &o), MPOL_EINVAL);
    mpol_zs_all_opts_init(&o);
    o.exact = 1;
    const mpol_rational q[4] = {{1, 1}, {2, 0}, {3, 1}, {4, 1}};
    o.A_exact = q;
    assert_int_equal(mpol_zs_all(&r, A, 2, 2, &o), MPOL_EINVAL);
    assert_null(r);
    mpol_zs_all_opts_init(NULL); /* a no-op */
    mpol_zs_all_result_free(NULL);
}

static mpol_status oom_all(void *ctx)
{
    (void)ctx;
    /* 2 x 3 with two optimal x and two optimal y. */
    const double A[6] = {1, 1, 0, 1, 1, 2};
    mpol_zs_all_result *r = NULL;
    mpol_status st = mpol_zs_all(&r, A, 2, 3, NULL);
    if (st == MPOL_OK)
        assert_true(r->nx >= 1 && r->ny >= 1);
    else
        assert_null(r);
    mpol_zs_all_result_free(r);
    return st;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    assert_true(mpol_test_oom_loop(oom_all, NULL) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_stage_matching_pennies),
        cmocka_unit_test(test_gambit_constant_sum_vs_lrsnash),
        cmocka_unit_test(test_random_ties_vs_bimatrix),
        cmocka_unit_test(test_random_ties_vs_lrsnash),
        cmocka_unit_test(test_unique_optimum),
        cmocka_unit_test(test_weakly_dominated_optimal),
        cmocka_unit_test(test_exact_rationals),
        cmocka_unit_test(test_refusal),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
