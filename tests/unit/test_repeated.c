/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of repeated.h. The repeated prisoner's dilemma (T > R > P > S): grim trigger's
 * critical factor (T - R) / (T - P), the optimal penal code's equal to it (mutual defection
 * is the minmax), the feasible polygon and its individually rational part in closed form,
 * the SPE set {(P, P)} below the threshold and the whole IR polygon well above it
 * (hand-derived in test_pd_spe_sets), the battle of the sexes' minmax values (2/3 of the
 * coordination payoff, closed form), matching pennies (no pure equilibrium: an empty SPE set
 * and no grim factor), seeded random 2x2 to 4x4 games: AS against the exact APS polygon
 * operator, every vertex passing the independent check, mixed minmax against a brute-force
 * grid of punishments, grim factors against a fine grid of discount factors, optimal penal
 * codes never above grim trigger; three players (correlated minmax), a tampered set failing
 * its check, and the error paths.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/repeated.h"
#include "multipolar/sweep.h"

/* A two-player game from row-major payoff tables A (player 0) and B (player 1). */
static mpol_game *bimatrix(size_t m, size_t n, const double *A, const double *B)
{
    size_t ns[2] = {m, n};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            size_t c = i + m * j;
            g->payoff[2 * c] = A[i * n + j];
            g->payoff[2 * c + 1] = B[i * n + j];
        }
    return g;
}

/* The PD with rows/columns (C, D): R, S, T, P. */
static mpol_game *pd(double T, double R, double P, double S)
{
    double A[4] = {R, S, T, P}, B[4] = {R, T, S, P};
    return bimatrix(2, 2, A, B);
}

static void assert_polygon(const mpol_rg_polygon *p, const double *v, size_t n, double tol)
{
    if (p->n != n)
        fail_msg("polygon has %zu vertices, expected %zu", p->n, n);
    for (size_t k = 0; k < 2 * n; k++)
        assert_close(p->v[k], v[k], tol);
}

/* The same polygon up to tol (vertex count and Hausdorff distance; starts may differ). */
static void assert_same_set(const mpol_rg_polygon *p, const double *v, size_t n, double tol)
{
    mpol_rg_polygon q = {n, (double *)v};
    if (p->n != n)
        fail_msg("polygon has %zu vertices, expected %zu", p->n, n);
    double h = mpol_rg_hausdorff(p, &q);
    if (!(h <= tol))
        fail_msg("polygon is %g from the expected one", h);
}

static void test_pd_grim(void **state)
{
    (void)state;
    const double cases[][4] = {{5, 3, 1, 0}, {4, 3, 2, 1}, {10, 6, 1, -3}, {3, 2.5, 0, -1}};
    for (size_t t = 0; t < 4; t++) {
        const double *c = cases[t];
        mpol_game *g = pd(c[0], c[1], c[2], c[3]);
        mpol_rg_grim gr;
        assert_int_equal(mpol_rg_grim_factor(&gr, g, 0), MPOL_OK); /* (C, C) */
        assert_close(gr.critical, (c[0] - c[1]) / (c[0] - c[2]), 1e-15);
        assert_close(gr.deviation[0], c[0], 0);
        assert_close(gr.punishment[1], c[2], 0);
        assert_int_equal(mpol_rg_grim_factor(&gr, g, 3), MPOL_OK); /* (D, D): a stage NE */
        assert_close(gr.critical, 0.0, 0);
        assert_int_equal(mpol_rg_grim_factor(&gr, g, 1), MPOL_OK); /* (D, C): S < P */
        assert_true(isinf(gr.critical));
        double f = 0;
        assert_int_equal(mpol_rg_penal_factor(&f, g, 0, 1e-10, NULL), MPOL_OK);
        assert_close(f, (c[0] - c[1]) / (c[0] - c[2]), 1e-9);
        assert_int_equal(mpol_rg_penal_factor(&f, g, 1, 1e-10, NULL), MPOL_OK);
        assert_true(isinf(f));
        mpol_game_free(g);
    }
}

static void test_pd_polygons(void **state)
{
    (void)state;
    mpol_game *g = pd(5, 3, 1, 0);
    mpol_rg_result *r = NULL;
    assert_int_equal(mpol_rg_solve(&r, g, 0.6, NULL), MPOL_OK);
    assert_true(r->verified);
    assert_close(r->minmax->pure[0], 1.0, 0);
    assert_close(r->minmax->mixed[1], 1.0, 1e-9);
    const double feas[] = {5, 0, 3, 3, 0, 5, 1, 1};
    assert_polygon(&r->feasible, feas, 4, 1e-12);
    const double ir[] = {1, 1, 13.0 / 3, 1, 3, 3, 1, 13.0 / 3};
    assert_polygon(&r->ir, ir, 4, 1e-12);
    assert_int_equal(r->nnash, 1);
    assert_int_equal(r->nash[0], 3);
    assert_int_equal(r->grim_sustained[0], 1);
    assert_int_equal(r->penal_sustained[0], 1);
    assert_true(r->grim_error[0] <= 0.0);
    assert_true(r->penal_error[0] <= 1e-9);
    mpol_rg_result_free(r);
    /* Below the threshold (C, C) is not sustained by either. */
    assert_int_equal(mpol_rg_solve(&r, g, 0.49, NULL), MPOL_OK);
    assert_int_equal(r->grim_sustained[0], 0);
    assert_int_equal(r->penal_sustained[0], 0);
    assert_int_equal(r->grim_sustained[3], 1);
    mpol_rg_result_free(r);
    mpol_game_free(g);
}

/*
 * SPE sets of the PD (5, 3, 1, 0), derived by hand. (C, C) needs w_i >= 1 + 2 (1 - d) / d from
 * both continuations (IC: 3 (1 - d) + d w_i >= 5 (1 - d) + d * 1, the worst payoff being the
 * minmax 1), impossible below d = 1/2 because the feasible w with both w_i > 3 do not exist;
 * without (C, C) every payoff sum is at most 5. The triangle T = {v >= 1, v1 + v2 <= 5} is
 * self-generating exactly when d >= 1/4: its vertex (4, 1) is (D, C) now, with continuation
 * w = ((4 - 5 (1 - d)) / d, 1 / d) on the hypotenuse, and w1 >= 1 iff d >= 1/4 (player 1
 * plays his best reply, player 2's IC is v2 = 1 >= (1 - d) 1 + d 1). So: {(1, 1)} at d = 0.2,
 * T at d = 0.3, and from d = 1/2 on the IR polygon (1, 1), (13/3, 1), (3, 3), (1, 13/3), whose
 * vertex (13/3, 1) is (D, C) with w2 = 1/d and w on the edge to (3, 3).
 */
static void test_pd_spe_sets(void **state)
{
    (void)state;
    mpol_game *g = pd(5, 3, 1, 0);
    const double one[] = {1, 1}, tri[] = {1, 1, 4, 1, 1, 4};
    const double ir[] = {1, 1, 13.0 / 3, 1, 3, 3, 1, 13.0 / 3};
    const struct {
        double delta;
        const double *v;
        size_t n;
    } cases[] = {{0.2, one, 1}, {0.3, tri, 3}, {0.45, tri, 3}, {0.5, ir, 4}, {0.9, ir, 4}};
    for (size_t t = 0; t < 5; t++) {
        for (int reduce = 0; reduce < 2; reduce++) {
            mpol_rg_as_result *r = NULL;
            mpol_rg_as_opts o;
            mpol_rg_as_opts_init(&o);
            o.reduce = reduce;
            assert_int_equal(mpol_rg_as_solve(&r, g, cases[t].delta, &o), MPOL_OK);
            assert_same_set(&r->set, cases[t].v, cases[t].n, 1e-7);
            assert_close(r->worst[0], 1.0, 1e-7);
            assert_true(r->verified);
            mpol_rg_as_result_free(r);
        }
    }
    /* The IR polygon is self-generating at 0.9 but not at 0.3 (a tampered claim), nor is the
     * triangle at 0.2. */
    mpol_rg_polygon claim = {4, (double *)ir};
    mpol_rg_as_check *c = NULL;
    assert_int_equal(mpol_rg_as_verify(&c, g, 0.9, &claim, 1e-9), MPOL_OK);
    assert_true(c->ok);
    mpol_rg_as_check_free(c);
    assert_int_equal(mpol_rg_as_verify(&c, g, 0.3, &claim, 1e-9), MPOL_OK);
    assert_false(c->ok);
    assert_true(c->max_error > 0.1);
    mpol_rg_as_check_free(c);
    mpol_rg_polygon t3 = {3, (double *)tri};
    assert_int_equal(mpol_rg_as_verify(&c, g, 0.2, &t3, 1e-9), MPOL_OK);
    assert_false(c->ok);
    /* (4, 1) from (D, C) needs w = (0, 5), sqrt(2) from T's vertex (1, 4): error 0.2 sqrt(2). */
    assert_close(c->max_error, 0.2 * sqrt(2.0), 1e-9);
    mpol_rg_as_check_free(c);
    mpol_game_free(g);
}

/*
 * The 3x3 example of Abreu and Sannikov (2014, Theoretical Economics 9) at delta = 0.3: six
 * vertices, player 2's worst payoff 0 (his pure minmax) and player 1's 1.1256824 (above his
 * pure minmax 0). Figures to 9 digits as reproduced by the QuantEcon test suite of its AS
 * implementation; and the prisoners' dilemma (9, 9), (1, 10), (10, 1), (3, 3) at 0.9 from the
 * same suite: the IR polygon (3, 3), (9.75, 3), (9, 9), (3, 9.75).
 */
static void test_published_examples(void **state)
{
    (void)state;
    const double A[9] = {16, 3, 0, 21, 10, -1, 9, 5, -5}, B[9] = {9, 13, 3, 1, 4, 0, 0, -4, -15};
    mpol_game *g = bimatrix(3, 3, A, B);
    const double as[] = {7.33770472, 0.0, 7.86308964, 0.0,        19.7917977, 2.8,
                         15.5630896, 9.1, 7.33770472, 10.9826253, 1.12568240, 2.8};
    for (int reduce = 0; reduce < 2; reduce++) {
        mpol_rg_as_opts o;
        mpol_rg_as_opts_init(&o);
        o.reduce = reduce;
        mpol_rg_as_result *r = NULL;
        assert_int_equal(mpol_rg_as_solve(&r, g, 0.3, &o), MPOL_OK);
        assert_same_set(&r->set, as, 6, 1e-7);
        assert_close(r->worst[0], 1.12568240, 1e-8);
        assert_close(r->worst[1], 0.0, 1e-9);
        assert_true(r->verified);
        mpol_rg_as_result_free(r);
    }
    mpol_game_free(g);
    g = pd(10, 9, 3, 1);
    mpol_rg_as_result *r = NULL;
    assert_int_equal(mpol_rg_as_solve(&r, g, 0.9, NULL), MPOL_OK);
    const double ir[] = {3, 3, 9.75, 3, 9, 9, 3, 9.75};
    assert_same_set(&r->set, ir, 4, 1e-7);
    mpol_rg_as_result_free(r);
    mpol_game_free(g);
}

/* Battle of the sexes (2, 1), (0, 0), (0, 0), (1, 2): mixed minmax 2/3 for both, pure 1. */
static void test_bos_minmax(void **state)
{
    (void)state;
    double A[4] = {2, 0, 0, 1}, B[4] = {1, 0, 0, 2};
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_rg_minmax *mm = NULL;
    assert_int_equal(mpol_rg_minmax_compute(&mm, g, 1e-9), MPOL_OK);
    assert_close(mm->mixed[0], 2.0 / 3, 1e-9);
    assert_close(mm->mixed[1], 2.0 / 3, 1e-9);
    assert_close(mm->pure[0], 1.0, 0);
    assert_close(mm->pure[1], 1.0, 0);
    assert_false(mm->correlated);
    /* Player 0 is punished by the column player playing (1/3, 2/3). */
    assert_close(mm->punisher[mm->punisher_offset[0]], 1.0 / 3, 1e-9);
    mpol_rg_minmax_free(mm);
    mpol_game_free(g);
}

/* Matching pennies: no pure stage equilibrium, so no pure SPE and no grim factor. */
static void test_matching_pennies(void **state)
{
    (void)state;
    double A[4] = {1, -1, -1, 1}, B[4] = {-1, 1, 1, -1};
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_rg_as_result *r = NULL;
    assert_int_equal(mpol_rg_as_solve(&r, g, 0.9, NULL), MPOL_OK);
    assert_int_equal(r->set.n, 0);
    assert_true(isnan(r->worst[0]));
    mpol_rg_as_result_free(r);
    mpol_rg_grim gr;
    assert_int_equal(mpol_rg_grim_factor(&gr, g, 0), MPOL_OK);
    assert_true(isnan(gr.critical));
    mpol_game_free(g);
}

static mpol_game *random_game(mpol_test_rng *rng, size_t m, size_t n)
{
    double A[16], B[16];
    for (size_t k = 0; k < m * n; k++) {
        A[k] = (double)mpol_test_rng_int(rng, -5, 5);
        B[k] = (double)mpol_test_rng_int(rng, -5, 5);
    }
    return bimatrix(m, n, A, B);
}

/* AS against the exact operator, and every vertex checked. */
static void test_random_as(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 16);
    size_t nonempty = 0, reps = (size_t)mpol_test_reps(40);
    for (size_t t = 0; t < reps; t++) {
        size_t m = 2 + t % 3, n = 2 + (t / 3) % 3;
        mpol_game *g = random_game(&rng, m, n);
        double delta = 0.3 + 0.6 * mpol_test_rng_uniform(&rng);
        mpol_rg_as_result *a = NULL, *b = NULL;
        mpol_rg_as_opts o;
        mpol_rg_as_opts_init(&o);
        mpol_status st = mpol_rg_as_solve(&a, g, delta, &o);
        if (st != MPOL_OK) {
            for (size_t k = 0; k < 2 * g->ncells; k++)
                fprintf(stderr, "%g,", g->payoff[k]);
            fprintf(stderr, " m=%zu n=%zu d=%.17g\n", m, n, delta);
            fail_msg("game %zu (AS): %s", t, mpol_last_error());
        }
        o.reduce = 0;
        st = mpol_rg_as_solve(&b, g, delta, &o);
        if (st != MPOL_OK)
            fail_msg("game %zu (APS): %s", t, mpol_last_error());
        assert_true(a->verified && b->verified);
        assert_true(mpol_rg_hausdorff(&a->set, &b->set) <= 1e-6);
        nonempty += a->set.n > 0;
        /* Every pure stage NE is an SPE payoff. */
        for (size_t c = 0; c < g->ncells; c++) {
            mpol_rg_grim gr;
            assert_int_equal(mpol_rg_grim_factor(&gr, g, c), MPOL_OK);
            if (gr.critical == 0.0 && a->set.n > 0)
                assert_true(mpol_rg_distance(&a->set, g->payoff[2 * c], g->payoff[2 * c + 1]) <=
                            1e-7);
        }
        mpol_rg_as_result_free(a);
        mpol_rg_as_result_free(b);
        /* The whole report verifies: minmax, grim and penal-code verdicts, the set. */
        mpol_rg_opts ro;
        mpol_rg_opts_init(&ro);
        ro.penal_code = 0;
        mpol_rg_result *r = NULL;
        assert_int_equal(mpol_rg_solve(&r, g, delta, &ro), MPOL_OK);
        assert_true(r->verified);
        for (size_t k = 0; k < r->ncells; k++)
            if (r->grim_sustained[k])
                assert_int_equal(r->penal_sustained[k], 1);
        mpol_rg_result_free(r);
        mpol_game_free(g);
    }
    assert_true(nonempty >= reps / 2);
}

/* Mixed minmax against a grid of punishments (2 x n: the punisher mixes two actions). */
static void test_random_minmax(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    for (size_t t = 0; t < 30; t++) {
        size_t m = 2 + t % 3;
        mpol_game *g = random_game(&rng, m, 2);
        mpol_rg_minmax *mm = NULL;
        assert_int_equal(mpol_rg_minmax_compute(&mm, g, 1e-9), MPOL_OK);
        /* Player 0 punished by player 1's (q, 1 - q). */
        double best = INFINITY;
        for (int s = 0; s <= 100000; s++) {
            double q = s / 100000.0, mx = -INFINITY;
            for (size_t i = 0; i < m; i++)
                mx = fmax(mx, q * g->payoff[2 * i] + (1 - q) * g->payoff[2 * (i + m)]);
            best = fmin(best, mx);
        }
        assert_true(mm->mixed[0] <= best + 1e-9);
        assert_true(mm->mixed[0] >= best - 1e-3);
        assert_true(mm->mixed[0] <= mm->pure[0] + 1e-12);
        mpol_rg_minmax_free(mm);
        mpol_game_free(g);
    }
}

/* Grim factors against a fine grid of discount factors, checked by direct deviation sums. */
static void test_random_grim(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    size_t checked = 0;
    for (size_t t = 0; t < 20; t++) {
        mpol_game *g = random_game(&rng, 3, 3);
        for (size_t c = 0; c < g->ncells; c++) {
            mpol_rg_grim gr;
            assert_int_equal(mpol_rg_grim_factor(&gr, g, c), MPOL_OK);
            if (isnan(gr.critical))
                continue;
            for (int s = 1; s < 1000; s++) {
                double d = s / 1000.0;
                int ok = 1;
                for (size_t i = 0; i < 2; i++) {
                    double worst = INFINITY;
                    for (size_t e = 0; e < 9; e++) {
                        size_t a0 = e % 3, a1 = e / 3;
                        int ne = 1;
                        for (size_t k = 0; k < 3; k++)
                            ne = ne && g->payoff[2 * (k + 3 * a1)] <= g->payoff[2 * e] &&
                                 g->payoff[2 * (a0 + 3 * k) + 1] <= g->payoff[2 * e + 1];
                        if (ne)
                            worst = fmin(worst, g->payoff[2 * e + i]);
                    }
                    for (size_t k = 0; k < 3; k++) {
                        size_t b = i == 0 ? k + 3 * (c / 3) : c % 3 + 3 * k;
                        if ((1 - d) * g->payoff[2 * b + i] + d * worst >
                            g->payoff[2 * c + i] + 1e-12)
                            ok = 0;
                    }
                }
                if (fabs(d - gr.critical) > 1e-9)
                    assert_int_equal(ok, d >= gr.critical);
            }
        }
        /* Optimal penal codes never need more patience than grim trigger. */
        for (size_t c = 0; c < g->ncells && t < 6; c++) {
            mpol_rg_grim gr;
            double f = 0;
            assert_int_equal(mpol_rg_grim_factor(&gr, g, c), MPOL_OK);
            assert_int_equal(mpol_rg_penal_factor(&f, g, c, 1e-6, NULL), MPOL_OK);
            if (!isnan(gr.critical) && gr.critical < 1.0 && !isnan(f))
                assert_true(f <= gr.critical + 1e-6);
            /* The factor against the verdict of the AS set itself on both sides of it. */
            if (isnan(f) || isinf(f) || f <= 0.01 || f >= 0.98)
                continue;
            for (int side = -1; side <= 1; side += 2) {
                double d = f + side * 0.01;
                mpol_rg_as_result *a = NULL;
                assert_int_equal(mpol_rg_as_solve(&a, g, d, NULL), MPOL_OK);
                int ok = a->set.n > 0;
                for (size_t i = 0; i < 2 && ok; i++) {
                    double dev = -INFINITY;
                    for (size_t k = 0; k < 3; k++) {
                        size_t b = i == 0 ? k + 3 * (c / 3) : c % 3 + 3 * k;
                        dev = fmax(dev, g->payoff[2 * b + i]);
                    }
                    ok = (1 - d) * dev + d * a->worst[i] <= g->payoff[2 * c + i] + 1e-9;
                }
                assert_int_equal(ok, side > 0);
                mpol_rg_as_result_free(a);
                checked++;
            }
        }
        mpol_game_free(g);
    }
    assert_true(checked >= 4);
}

static void test_three_players(void **state)
{
    (void)state;
    size_t ns[3] = {2, 2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    /* Player 2 gets 1 when the others' actions match his, 0 otherwise; others get 0. */
    for (size_t c = 0; c < 8; c++) {
        size_t a0 = c & 1, a1 = (c >> 1) & 1, a2 = c >> 2;
        g->payoff[3 * c + 2] = (a0 == a2 && a1 == a2) ? 1.0 : 0.0;
    }
    mpol_rg_minmax *mm = NULL;
    assert_int_equal(mpol_rg_minmax_compute(&mm, g, 1e-9), MPOL_OK);
    assert_true(mm->correlated);
    assert_close(mm->pure[2], 0.0, 0);
    assert_close(mm->mixed[2], 0.0, 1e-12);
    mpol_rg_minmax_free(mm);
    mpol_rg_result *r = NULL;
    assert_int_equal(mpol_rg_solve(&r, g, 0.5, NULL), MPOL_OK);
    assert_null(r->as);
    assert_int_equal(r->feasible.n, 0);
    mpol_rg_result_free(r);
    mpol_game_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_game *g = pd(5, 3, 1, 0);
    mpol_rg_result *r = (mpol_rg_result *)1;
    assert_int_equal(mpol_rg_solve(NULL, g, 0.5, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_rg_solve(&r, NULL, 0.5, NULL), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_rg_solve(&r, g, 1.0, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_rg_solve(&r, g, NAN, NULL), MPOL_EINVAL);
    mpol_rg_opts o;
    mpol_rg_opts_init(&o);
    size_t bad = 4;
    o.cells = &bad;
    o.ncells = 1;
    assert_int_equal(mpol_rg_solve(&r, g, 0.5, &o), MPOL_EINVAL);
    mpol_rg_as_result *a = (mpol_rg_as_result *)1;
    assert_int_equal(mpol_rg_as_solve(&a, g, 1.0, NULL), MPOL_EINVAL);
    assert_null(a);
    assert_int_equal(mpol_rg_as_solve(&a, g, -0.1, NULL), MPOL_EINVAL);
    /* delta = 0: the stage equilibria's payoffs, no iteration. */
    assert_int_equal(mpol_rg_as_solve(&a, g, 0.0, NULL), MPOL_OK);
    const double dd[] = {1, 1};
    assert_same_set(&a->set, dd, 1, 0);
    assert_int_equal(a->iterations, 0);
    assert_true(a->verified);
    mpol_rg_as_result_free(a);
    /* Battle of the sexes at 0: the segment between its two pure equilibria. */
    const double bA[4] = {2, 0, 0, 1}, bB[4] = {1, 0, 0, 2};
    mpol_game *bos = bimatrix(2, 2, bA, bB);
    assert_int_equal(mpol_rg_as_solve(&a, bos, 0.0, NULL), MPOL_OK);
    const double seg[] = {2, 1, 1, 2};
    assert_same_set(&a->set, seg, 2, 0);
    mpol_rg_as_result_free(a);
    mpol_game_free(bos);
    mpol_rg_as_opts ao;
    mpol_rg_as_opts_init(&ao);
    ao.max_iter = 3;
    assert_int_equal(mpol_rg_as_solve(&a, g, 0.99, &ao), MPOL_EVERIFY);
    assert_non_null(a);
    assert_false(a->converged);
    mpol_rg_as_result_free(a);
    mpol_rg_grim gr;
    assert_int_equal(mpol_rg_grim_factor(&gr, g, 9), MPOL_EINVAL);
    double f;
    assert_int_equal(mpol_rg_penal_factor(&f, g, 0, 0.0, NULL), MPOL_EINVAL);
    g->payoff[0] = INFINITY;
    assert_int_equal(mpol_rg_solve(&r, g, 0.5, NULL), MPOL_EINVAL);
    mpol_rg_minmax *mm = (mpol_rg_minmax *)1;
    assert_int_equal(mpol_rg_minmax_compute(&mm, g, 1e-9), MPOL_EINVAL);
    assert_null(mm);
    mpol_game_free(g);
    size_t ns[3] = {2, 2, 2};
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    assert_int_equal(mpol_rg_as_solve(&a, g, 0.5, NULL), MPOL_EINVAL);
    mpol_game_free(g);
    mpol_rg_polygon p;
    assert_int_equal(mpol_rg_hull(&p, NULL, 3), MPOL_EINVAL);
    assert_true(isinf(mpol_rg_distance(NULL, 0, 0)));
}

/* A PD model with payoffs T, R, P, S as parameters and delta swept. */
static const char *pd_model =
    "title: t\nkind: repeated\n"
    "parameters:\n  delta: {default: 0.6}\n  T: {default: 7}\n  R: {default: 4}\n"
    "  P: {default: 2}\n  S: {default: -1}\n"
    "stage:\n  kind: bimatrix\n  players:\n    - {name: A, strategies: [c, d]}\n"
    "    - {name: B, strategies: [c, d]}\n"
    "  payoffs:\n    - [[R, R], [S, T]]\n    - [[T, S], [P, P]]\n"
    "discount: delta\n"
    "sweep:\n  delta: {from: 0.1, to: 0.9, steps: 9}\n";

static void test_model(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(pd_model);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_REPEATED);
    assert_string_equal(mpol_model_repeated_stage_kind(m), "bimatrix");
    mpol_game *g = NULL;
    double delta = 0;
    assert_int_equal(mpol_model_repeated(&g, &delta, m), MPOL_OK);
    assert_close(delta, 0.6, 0);
    assert_close(g->payoff[2 * 1 + 1], -1.0, 0); /* (d, c): B gets S */
    assert_int_equal(mpol_model_repeated_profiles(m, NULL), 0);
    assert_int_equal(mpol_model_set_param(m, "delta", 0.3), MPOL_OK);
    assert_int_equal(mpol_model_eval_repeated(m, NULL, g, &delta), MPOL_OK);
    assert_close(delta, 0.3, 0);
    /* Written and read back: the same game. */
    size_t len = 0;
    char *yaml = mpol_test_model_yaml(m, &len);
    mpol_model *m2 = mpol_test_load_ok(yaml);
    mpol_game *g2 = NULL;
    assert_int_equal(mpol_model_repeated(&g2, &delta, m2), MPOL_OK);
    assert_close(delta, 0.6, 0); /* the default is written */
    for (size_t k = 0; k < 8; k++)
        assert_close(g2->payoff[k], g->payoff[k], 0);
    mpol_game_free(g2);
    mpol_model_free(m2);
    free(yaml);
    mpol_game_free(g);
    mpol_model_free(m);
    /* profiles: asked about by name, written back. */
    char buf[2048];
    snprintf(buf, sizeof buf, "%sprofiles:\n  - [c, c]\n  - [d, c]\n", pd_model);
    m = mpol_test_load_ok(buf);
    const size_t *cells = NULL;
    assert_int_equal(mpol_model_repeated_profiles(m, &cells), 2);
    assert_int_equal(cells[0], 0);
    assert_int_equal(cells[1], 1);
    yaml = mpol_test_model_yaml(m, &len);
    assert_non_null(strstr(yaml, "profiles:"));
    m2 = mpol_test_load_ok(yaml);
    assert_int_equal(mpol_model_repeated_profiles(m2, &cells), 2);
    assert_int_equal(cells[1], 1);
    mpol_model_free(m2);
    free(yaml);
    mpol_model_free(m);
}

static void test_model_errors(void **state)
{
    (void)state;
    char buf[2048];
    mpol_test_load_error("title: t\nkind: repeated\ndiscount: 0.5\n", MPOL_EPARSE,
                         "t.yaml:1:1: missing key \"stage\" in the model");
    snprintf(buf, sizeof buf, "%s", pd_model);
    char *k = strstr(buf, "kind: bimatrix");
    memcpy(k, "kind: tu      ", 14);
    mpol_test_load_error(buf, MPOL_EPARSE,
                         "t.yaml:10:9: a stage game is of kind zero-sum, bimatrix or normal-form, "
                         "not \"tu\"");
    snprintf(buf, sizeof buf, "%s", pd_model);
    k = strstr(buf, "discount: delta");
    memcpy(k, "discount: 1.5  ", 15);
    mpol_test_load_error(buf, MPOL_ENUMERIC,
                         "t.yaml:17:11: the discount factor must be in [0, 1), not 1.5");
    snprintf(buf, sizeof buf, "%sprofiles:\n  - [c, x]\n", pd_model);
    mpol_test_load_error(buf, MPOL_EPARSE, "t.yaml:21:9: unknown strategy \"x\" of B");
    snprintf(buf, sizeof buf, "%sprofiles:\n  - [c, c]\n  - [c, c]\n", pd_model);
    mpol_test_load_error(buf, MPOL_EPARSE, "t.yaml:22:5: profile given twice");
    snprintf(buf, sizeof buf, "%sprofiles:\n  - [c]\n", pd_model);
    mpol_test_load_error(buf, MPOL_EPARSE, "t.yaml:21:5: a profile names 1 strategies, not 2");
    snprintf(buf, sizeof buf, "%s", pd_model);
    k = strstr(buf, "  payoffs:");
    memcpy(k, "  payofs: ", 10);
    mpol_test_load_error(
        buf, MPOL_EPARSE,
        "t.yaml:14:3: unknown key \"payofs\" in stage (did you mean \"payoffs\"?)");
    mpol_model *m = mpol_test_load_ok(pd_model);
    mpol_game *g = (mpol_game *)1;
    double d;
    assert_int_equal(mpol_model_set_param(m, "delta", 1.0), MPOL_OK);
    assert_int_equal(mpol_model_repeated(&g, &d, m), MPOL_ENUMERIC);
    assert_null(g);
    mpol_model_free(m);
    m = mpol_test_load_ok("title: t\nkind: tu\nplayers: [A, B]\nvalues:\n  A: 0\n  B: 0\n"
                          "  A+B: 1\n");
    assert_int_equal(mpol_model_repeated(&g, &d, m), MPOL_EINVAL);
    assert_int_equal(mpol_model_repeated_profiles(m, NULL), 0);
    assert_null(mpol_model_repeated_stage_kind(m));
    mpol_model_free(m);
}

/* The sweep over delta: the PD's breakpoints (T - R) / (T - P) = 3/5 and, for the SPE set, the
 * delta where the asymmetric triangle appears, each refined to 1e-9. */
static void test_sweep_breakpoint(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(pd_model);
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    mpol_sweep_result *r = NULL;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &o), MPOL_OK);
    assert_int_equal(r->unverified, 0);
    int found = 0;
    for (size_t b = 0; b < r->nbreaks; b++) {
        const mpol_sweep_break *br = &r->breaks[b];
        assert_true(br->hi - br->lo <= 1e-9);
        if (fabs(br->at - 0.6) < 1e-3) {
            found = 1;
            assert_true(br->lo <= 0.6 + 1e-12 && br->hi >= 0.6 - 1e-9);
            assert_true(fabs(br->at - 0.6) <= 1e-9);
        }
    }
    assert_true(found);
    /* Below 3/5 (c, c) is not sustained, above it is: 1 then 2 profiles. */
    assert_close(r->value[0], 1.0, 0);
    assert_close(r->value[r->npoints - 1], 2.0, 0);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static mpol_status oom_body(void *ctx)
{
    mpol_rg_opts o;
    mpol_rg_opts_init(&o);
    o.penal_code = 0;
    mpol_rg_result *r = NULL;
    mpol_status st = mpol_rg_solve(&r, ctx, 0.6, &o);
    mpol_rg_result_free(r);
    if (st == MPOL_OK) {
        double f = 0;
        mpol_rg_as_opts ao;
        mpol_rg_as_opts_init(&ao);
        ao.reduce = 0;
        mpol_rg_as_result *a = NULL;
        st = mpol_rg_as_solve(&a, ctx, 0.3, &ao);
        mpol_rg_as_result_free(a);
        if (st == MPOL_OK)
            st = mpol_rg_penal_factor(&f, ctx, 0, 1e-3, NULL);
    }
    return st;
}

/* Every allocation failure is MPOL_ENOMEM, with nothing leaked (ASan). */
static void test_oom(void **state)
{
    (void)state;
    mpol_game *g = pd(5, 3, 1, 0);
    assert_true(mpol_test_oom_loop(oom_body, g) > 20);
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pd_grim),
        cmocka_unit_test(test_pd_polygons),
        cmocka_unit_test(test_pd_spe_sets),
        cmocka_unit_test(test_bos_minmax),
        cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_random_as),
        cmocka_unit_test(test_random_minmax),
        cmocka_unit_test(test_random_grim),
        cmocka_unit_test(test_three_players),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_model_errors),
        cmocka_unit_test(test_sweep_breakpoint),
        cmocka_unit_test(test_published_examples),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
