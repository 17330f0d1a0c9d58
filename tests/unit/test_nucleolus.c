/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of core.h: the Bondareva–Shapley core LP, the least core, the nucleolus and
 * prenucleolus, the Kohlberg check, the table reader and the Benedek game generator.
 * Known answers (literature games, the 600 Benedek–Fliege–Nguyen instances with n <= 15),
 * a differential test of constraint generation against the full-table LP on seeded random
 * games, every error path and allocation-failure injection.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/core.h"
#include "nucleolus_ref.h"

/* Makes a game from values in bitmask order without the empty set (2^n - 1 values). */
static mpol_tu_game *make_game(size_t n, const double *v)
{
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
    for (size_t S = 1; S < ((size_t)1 << n); S++)
        g->v[S] = v[S - 1];
    return g;
}

static mpol_tu_game *bankruptcy(double estate, size_t n, const double *claims)
{
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
    for (size_t S = 1; S < ((size_t)1 << n); S++) {
        double out = 0;
        for (size_t i = 0; i < n; i++)
            if (!((S >> i) & 1u))
                out += claims[i];
        g->v[S] = fmax(0.0, estate - out);
    }
    return g;
}

static void assert_vec(const double *x, const double *want, size_t n, double tol)
{
    for (size_t i = 0; i < n; i++)
        assert_close(x[i], want[i], tol);
}

static void nucleolus_is(const mpol_tu_game *g, int pre, const double *want)
{
    mpol_nucleolus_result *r;
    mpol_status st = pre ? mpol_prenucleolus(&r, g, NULL) : mpol_nucleolus(&r, g, NULL);
    if (st != MPOL_OK)
        fail_msg("%s: %s", mpol_status_name(st), mpol_last_error());
    assert_vec(r->x, want, g->n, MPOL_TEST_TOL);
    assert_true(r->check->passed);
    assert_true(r->check->efficiency_error <= 1e-9);
    mpol_nucleolus_result_free(r);
}

static void test_literature_three_player(void **state)
{
    (void)state;
    /* The example of Benedek's nucleolus README: v1=1, v2=3, v12=6, v3=5, v13=7, v23=8,
     * vN=12. The README prints (2.75, 3.75, 5.5), but by hand: {3} and {12} are
     * complementary, so the first level fixes x3 = 5.5 (excess -0.5) and x1 + x2 = 6.5; the
     * second level balances e2 = 3 - x2 against e13 = x2 - 5, so x2 = 4 (excess -1) and the
     * nucleolus is (2.5, 4, 5.5). The README point has excess -0.75 for {2} alone, an
     * unbalanced second level, which the Kohlberg check must reject. */
    static const double v1[] = {1, 3, 6, 5, 7, 8, 12};
    mpol_tu_game *g = make_game(3, v1);
    nucleolus_is(g, 0, (const double[]){2.5, 4, 5.5});
    nucleolus_is(g, 1, (const double[]){2.5, 4, 5.5});
    mpol_kohlberg_result *k;
    assert_int_equal(mpol_kohlberg_check(&k, g, (const double[]){2.75, 3.75, 5.5}, 0, NULL),
                     MPOL_OK);
    assert_false(k->passed);
    assert_int_equal(k->nlevels, 2);
    assert_true(k->level_ok[0] && !k->level_ok[1]);
    assert_close(k->level_excess[1], -0.75, MPOL_TEST_TOL);
    mpol_kohlberg_result_free(k);
    mpol_tu_free(g);
    /* Reijnierse (1995), quoted in the test games of the nucleolus literature: (5, 2, 2). */
    static const double v2[] = {0, 0, 5, 0, 5, 1, 9};
    g = make_game(3, v2);
    nucleolus_is(g, 0, (const double[]){5, 2, 2});
    mpol_tu_free(g);
    /* Prenucleolus outside the imputations: v1 = 5, v23 = 6, vN = 6 (worked by hand:
     * prenucleolus balances e1 = 5 - x1 and e23 = x1, nucleolus has x1 = v1 = 5). */
    static const double v3[] = {5, 0, 0, 0, 0, 6, 6};
    g = make_game(3, v3);
    nucleolus_is(g, 1, (const double[]){2.5, 1.75, 1.75});
    nucleolus_is(g, 0, (const double[]){5, 0.5, 0.5});
    assert_int_equal(mpol_kohlberg_check(&k, g, (const double[]){2.5, 1.75, 1.75}, 0, NULL),
                     MPOL_OK);
    assert_false(k->passed); /* not an imputation */
    assert_true(k->imputation_violation > 2);
    mpol_kohlberg_result_free(k);
    mpol_tu_free(g);
}

static void test_talmud_bankruptcy(void **state)
{
    (void)state;
    /* Aumann & Maschler (1985): claims 100, 200, 300; the nucleolus of the bankruptcy game
     * is the Talmud division. */
    static const double claims[] = {100, 200, 300};
    static const double want[3][3] = {
        {100.0 / 3, 100.0 / 3, 100.0 / 3}, {50, 75, 75}, {50, 100, 150}};
    for (int e = 0; e < 3; e++) {
        mpol_tu_game *g = bankruptcy(100.0 * (e + 1), 3, claims);
        nucleolus_is(g, 0, want[e]);
        /* Bankruptcy games are convex: the core is nonempty. */
        mpol_core_result *c;
        assert_int_equal(mpol_core_solve(&c, g, NULL), MPOL_OK);
        assert_int_equal(c->outcome, MPOL_SOLVED);
        assert_true(c->verified);
        assert_true(c->max_violation <= 1e-9 * 300);
        mpol_core_result_free(c);
        mpol_tu_free(g);
    }
}

static void test_core_and_least_core(void **state)
{
    (void)state;
    /* Three-player majority game: empty core, balancing weights 1/2 on the pairs. */
    static const double maj[] = {0, 0, 1, 0, 1, 1, 1};
    mpol_tu_game *g = make_game(3, maj);
    mpol_core_result *c;
    assert_int_equal(mpol_core_solve(&c, g, NULL), MPOL_OK);
    assert_int_equal(c->outcome, MPOL_EMPTY_CORE);
    assert_close(c->min_cost, 1.5, MPOL_TEST_TOL);
    assert_true(c->verified);
    double wsum = 0, val = 0;
    for (size_t k = 0; k < c->nweights; k++) {
        wsum += c->weights[k];
        val += c->weights[k] * g->v[c->masks[k]];
    }
    assert_close(val, 1.5, MPOL_TEST_TOL);
    assert_close(wsum, 1.5, MPOL_TEST_TOL);
    mpol_core_result_free(c);
    mpol_least_core_result *lc;
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_OK);
    assert_close(lc->eps, 1.0 / 3, MPOL_TEST_TOL);
    assert_vec(lc->x, (const double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, 3, MPOL_TEST_TOL);
    assert_true(lc->verified);
    assert_close(lc->dual_bound, 1.0 / 3, 1e-9);
    mpol_least_core_result_free(lc);
    mpol_tu_free(g);
    /* Glove game (L = {1}, R = {2, 3}): core = {(1, 0, 0)}, least core eps = 0. */
    static const double glove[] = {0, 0, 1, 0, 1, 0, 1};
    g = make_game(3, glove);
    assert_int_equal(mpol_core_solve(&c, g, NULL), MPOL_OK);
    assert_int_equal(c->outcome, MPOL_SOLVED);
    assert_vec(c->x, (const double[]){1, 0, 0}, 3, MPOL_TEST_TOL);
    assert_true(c->verified);
    mpol_core_result_free(c);
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_OK);
    assert_close(lc->eps, 0, MPOL_TEST_TOL);
    mpol_least_core_result_free(lc);
    nucleolus_is(g, 0, (const double[]){1, 0, 0});
    mpol_tu_free(g);
    /* Pairs worth 0.33333333, grand coalition 1: the least core is x = (1/3, 1/3, 1/3) with
     * eps = -1/3 (the singletons bind). GLPK at its default tolerances (1e-7) returned an
     * x off by 5e-9 with eps = -0.333333335, which failed the 1e-9 check (MPOL_EVERIFY). */
    static const double third[] = {0, 0, 0.33333333, 0, 0.33333333, 0.33333333, 1};
    g = make_game(3, third);
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_OK);
    assert_true(lc->verified);
    assert_close(lc->eps, -1.0 / 3, 1e-12);
    assert_vec(lc->x, (const double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, 3, 1e-12);
    mpol_least_core_result_free(lc);
    mpol_tu_free(g);
}

static void test_benedek_generator(void **state)
{
    (void)state;
    /* v1n5j1: seed 461125, nucleolus sums to v(N) = 463 = 300 + 163. */
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_benedek_game(&g, 1, 5, 461125), MPOL_OK);
    assert_true(g->v[31] == 463);
    for (size_t i = 0; i < 5; i++)
        assert_true(g->v[(size_t)1 << i] == 0);
    for (size_t S = 1; S < 31; S++) {
        unsigned k = 0;
        for (size_t T = S; T; T &= T - 1)
            k++;
        if (k > 1)
            assert_true(g->v[S] >= 1 && g->v[S] <= 100.0 * k && g->v[S] == floor(g->v[S]));
    }
    mpol_tu_free(g);
    assert_int_equal(mpol_tu_benedek_game(&g, 3, 6, 7), MPOL_OK);
    for (size_t S = 1; S < 64; S++) {
        unsigned k = 0;
        for (size_t T = S; T; T &= T - 1)
            k++;
        assert_true(g->v[S] == 0 || (g->v[S] == 1 && k >= 4));
    }
    assert_true(g->v[63] == 1);
    mpol_tu_free(g);
    assert_int_equal(mpol_tu_benedek_game(&g, 0, 5, 1), MPOL_EINVAL);
    assert_int_equal(mpol_tu_benedek_game(&g, 5, 5, 1), MPOL_EINVAL);
    assert_int_equal(mpol_tu_benedek_game(&g, 1, 1, 1), MPOL_EINVAL);
    assert_int_equal(mpol_tu_benedek_game(&g, 1, 31, 1), MPOL_EINVAL);
    assert_int_equal(mpol_tu_benedek_game(NULL, 1, 5, 1), MPOL_EINVAL);
}

static void run_benedek(size_t n)
{
    if (!mpol_test_have_shared())
        skip();
    double worst = 0;
    int last = mpol_test_quick() ? 3 : 50; /* quick mode: the first instances of each type */
    for (int type = 1; type <= 4; type++)
        for (int j = 1; j <= last; j++)
            worst = fmax(worst, nuc_ref_check(type, n, j, NULL));
    print_message("n = %zu: %d instances, max deviation from the reference %.3g\n", n, 4 * last,
                  worst);
}

static void test_benedek_n5(void **state)
{
    (void)state;
    run_benedek(5);
}

static void test_benedek_n10(void **state)
{
    (void)state;
    run_benedek(10);
}

static void test_benedek_n15(void **state)
{
    (void)state;
    run_benedek(15);
}

/* Constraint generation (from n = 2 on, batches of 1) against the full table. */
static void test_differential_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20260501);
    mpol_core_opts cg, full;
    mpol_core_opts_init(&cg);
    cg.cg_min_players = 2;
    cg.cg_batch = 1;
    mpol_core_opts_init(&full);
    full.cg_min_players = 100;
    for (int rep = 0; rep < mpol_test_reps(150); rep++) {
        size_t n = 2 + (size_t)(rep % 5);
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
        int kind = rep % 3;
        for (size_t S = 1; S < ((size_t)1 << n); S++) {
            if (kind == 0) /* integer values, many ties */
                g->v[S] = (double)mpol_test_rng_int(&rng, 0, 4);
            else if (kind == 1) /* 0/1 simple-like game */
                g->v[S] = mpol_test_rng_uniform(&rng) < 0.5 ? 1.0 : 0.0;
            else
                g->v[S] = 10.0 * mpol_test_rng_uniform(&rng) - 2.0;
        }
        /* Keep the imputation set nonempty (and sometimes a single point). */
        double sing = 0;
        for (size_t i = 0; i < n; i++)
            sing += g->v[(size_t)1 << i];
        size_t all = ((size_t)1 << n) - 1;
        g->v[all] = fmax(g->v[all], sing) + (double)mpol_test_rng_int(&rng, 0, 2);
        for (int pre = 0; pre < 2; pre++) {
            mpol_nucleolus_result *a, *b;
            mpol_status sa = pre ? mpol_prenucleolus(&a, g, &cg) : mpol_nucleolus(&a, g, &cg);
            mpol_status sb = pre ? mpol_prenucleolus(&b, g, &full) : mpol_nucleolus(&b, g, &full);
            if (sa != MPOL_OK || sb != MPOL_OK)
                fail_msg("rep %d pre %d: %s / %s: %s", rep, pre, mpol_status_name(sa),
                         mpol_status_name(sb), mpol_last_error());
            assert_vec(a->x, b->x, n, 1e-7);
            assert_true(a->check->passed && b->check->passed);
            /* Moving along 1_{i} - 1_{j} must break the Kohlberg property. */
            double y[8];
            memcpy(y, a->x, n * sizeof *y);
            y[0] += 1e-3;
            y[n - 1] -= 1e-3;
            mpol_kohlberg_result *k;
            assert_int_equal(mpol_kohlberg_check(&k, g, y, pre, NULL), MPOL_OK);
            assert_false(k->passed);
            mpol_kohlberg_result_free(k);
            mpol_nucleolus_result_free(a);
            mpol_nucleolus_result_free(b);
        }
        mpol_core_result *ca, *cb;
        assert_int_equal(mpol_core_solve(&ca, g, &cg), MPOL_OK);
        assert_int_equal(mpol_core_solve(&cb, g, &full), MPOL_OK);
        assert_int_equal(ca->outcome, cb->outcome);
        assert_close(ca->min_cost, cb->min_cost, 1e-9);
        mpol_least_core_result *la, *lb;
        assert_int_equal(mpol_least_core(&la, g, &cg), MPOL_OK);
        assert_int_equal(mpol_least_core(&lb, g, &full), MPOL_OK);
        assert_close(la->eps, lb->eps, 1e-9);
        /* Least core value <= 0 iff the core is nonempty. */
        if ((la->eps <= 1e-9 * 20) != (ca->outcome == MPOL_SOLVED))
            fail_msg("rep %d: least core eps %.17g but core outcome %d (min cost %.17g, v(N) "
                     "%.17g)",
                     rep, la->eps, ca->outcome, ca->min_cost, g->v[((size_t)1 << n) - 1]);
        mpol_least_core_result_free(la);
        mpol_least_core_result_free(lb);
        mpol_core_result_free(ca);
        mpol_core_result_free(cb);
        mpol_tu_free(g);
    }
}

/* Brute force for n = 3 on a grid: no efficient point of the grid has a lexicographically
 * smaller sorted excess vector than the computed prenucleolus. */
static void test_bruteforce_grid(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    for (int rep = 0; rep < mpol_test_reps(20); rep++) {
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
        for (size_t S = 1; S < 8; S++)
            g->v[S] = (double)mpol_test_rng_int(&rng, 0, 12);
        mpol_nucleolus_result *r;
        assert_int_equal(mpol_prenucleolus(&r, g, NULL), MPOL_OK);
        double best[6], cur[6];
        for (int pass = 0; pass < 2; pass++) {
            const double *pts = r->x;
            double grid[3];
            for (int a = -40; a <= 40; a++) {
                for (int b = -40; b <= 40; b++) {
                    if (pass == 0) {
                        if (a != 0 || b != 0)
                            continue;
                        memcpy(grid, pts, sizeof grid);
                    } else {
                        grid[0] = pts[0] + 0.05 * a;
                        grid[1] = pts[1] + 0.05 * b;
                        grid[2] = pts[2] - 0.05 * (a + b);
                    }
                    double *e = pass == 0 ? best : cur;
                    for (size_t S = 1; S < 7; S++) {
                        double xs = 0;
                        for (size_t i = 0; i < 3; i++)
                            if ((S >> i) & 1u)
                                xs += grid[i];
                        e[S - 1] = g->v[S] - xs;
                    }
                    for (int i = 0; i < 6; i++) /* sort decreasing */
                        for (int j = i + 1; j < 6; j++)
                            if (e[j] > e[i]) {
                                double t = e[i];
                                e[i] = e[j];
                                e[j] = t;
                            }
                    if (pass == 1) {
                        for (int i = 0; i < 6; i++) {
                            if (cur[i] < best[i] - 1e-9)
                                fail_msg("rep %d: grid point beats the prenucleolus", rep);
                            if (cur[i] > best[i] + 1e-9)
                                break;
                        }
                    }
                }
            }
        }
        mpol_nucleolus_result_free(r);
        mpol_tu_free(g);
    }
}

static void test_one_player_and_limits(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 1), MPOL_OK);
    g->v[1] = 7;
    nucleolus_is(g, 0, (const double[]){7});
    nucleolus_is(g, 1, (const double[]){7});
    mpol_core_result *c;
    assert_int_equal(mpol_core_solve(&c, g, NULL), MPOL_OK);
    assert_int_equal(c->outcome, MPOL_SOLVED);
    assert_close(c->x[0], 7, MPOL_TEST_TOL);
    mpol_core_result_free(c);
    mpol_least_core_result *lc;
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_EINVAL);
    assert_null(lc);
    mpol_tu_free(g);

    /* max_lp_solves stops a long solve with MPOL_ELIMIT. */
    assert_int_equal(mpol_tu_benedek_game(&g, 1, 10, 12345), MPOL_OK);
    mpol_core_opts o;
    mpol_core_opts_init(&o);
    o.max_lp_solves = 1;
    mpol_nucleolus_result *r;
    assert_int_equal(mpol_nucleolus(&r, g, &o), MPOL_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "max_lp_solves"));
    mpol_tu_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    for (size_t S = 1; S < 8; S++)
        g->v[S] = 1;
    mpol_nucleolus_result *r;
    mpol_core_result *c;
    mpol_least_core_result *lc;
    mpol_kohlberg_result *k;
    double x[3] = {1, 1, 1};
    assert_int_equal(mpol_nucleolus(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nucleolus(&r, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_core_solve(&c, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_core_solve(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_least_core(&lc, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_least_core(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_kohlberg_check(&k, g, NULL, 0, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_kohlberg_check(NULL, g, x, 0, NULL), MPOL_EINVAL);
    /* Empty imputation set: sum v({i}) = 3 > v(N) = 1. */
    assert_int_equal(mpol_nucleolus(&r, g, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "imputation set is empty"));
    /* ... but the prenucleolus exists. */
    assert_int_equal(mpol_prenucleolus(&r, g, NULL), MPOL_OK);
    assert_vec(r->x, (const double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, 3, MPOL_TEST_TOL);
    mpol_nucleolus_result_free(r);
    /* Bad tolerance. */
    mpol_core_opts o;
    mpol_core_opts_init(&o);
    o.tol = 0;
    assert_int_equal(mpol_prenucleolus(&r, g, &o), MPOL_EINVAL);
    assert_int_equal(mpol_core_solve(&c, g, &o), MPOL_EINVAL);
    assert_int_equal(mpol_least_core(&lc, g, &o), MPOL_EINVAL);
    assert_int_equal(mpol_kohlberg_check(&k, g, x, 1, &o), MPOL_EINVAL);
    /* NaN / Inf values, v(empty) != 0, NaN in x. */
    g->v[3] = NAN;
    assert_int_equal(mpol_prenucleolus(&r, g, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "v(3) is not a finite number"));
    g->v[3] = INFINITY;
    assert_int_equal(mpol_core_solve(&c, g, NULL), MPOL_EINVAL);
    g->v[3] = 1;
    g->v[0] = 1;
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "empty set"));
    g->v[0] = 0;
    x[1] = NAN;
    assert_int_equal(mpol_kohlberg_check(&k, g, x, 1, NULL), MPOL_EINVAL);
    /* A wrong efficiency fails the check, it is not an error. */
    x[1] = 5;
    assert_int_equal(mpol_kohlberg_check(&k, g, x, 1, NULL), MPOL_OK);
    assert_false(k->passed);
    assert_close(k->efficiency_error, 6, MPOL_TEST_TOL);
    mpol_kohlberg_result_free(k);
    /* Free functions accept NULL. */
    mpol_nucleolus_result_free(NULL);
    mpol_core_result_free(NULL);
    mpol_least_core_result_free(NULL);
    mpol_kohlberg_result_free(NULL);
    mpol_tu_free(g);
}

/* ---- The table reader ---- */

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", MPOL_BINARY_DIR, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_reader(void **state)
{
    (void)state;
    mpol_tu_game *g;
    /* 2^3 - 1 values (no empty set), with a comment and a blank line. */
    const char *p =
        write_tmp("tu_read_a.txt", "# Benedek README example\n1\n3\n6\n\n5\n7\n8\n12\n");
    assert_int_equal(mpol_tu_read_table_file(&g, p), MPOL_OK);
    assert_int_equal(g->n, 3);
    assert_true(g->v[0] == 0 && g->v[1] == 1 && g->v[3] == 6 && g->v[7] == 12);
    nucleolus_is(g, 0, (const double[]){2.5, 4, 5.5});
    mpol_tu_free(g);
    /* 2^2 values with the empty set, CRLF endings and spaces. */
    p = write_tmp("tu_read_b.txt", "0\r\n  1.5 \r\n2e0\r\n 4\r\n");
    assert_int_equal(mpol_tu_read_table_file(&g, p), MPOL_OK);
    assert_int_equal(g->n, 2);
    assert_true(g->v[1] == 1.5 && g->v[2] == 2 && g->v[3] == 4);
    mpol_tu_free(g);
    /* One value: the one-player game. */
    p = write_tmp("tu_read_c.txt", "3\n");
    assert_int_equal(mpol_tu_read_table_file(&g, p), MPOL_OK);
    assert_int_equal(g->n, 1);
    assert_true(g->v[1] == 3);
    mpol_tu_free(g);
    struct {
        const char *text, *msg;
    } bad[] = {
        {"1\n2\nabc\n", "tu_read_bad.txt:3:1: expected a number"},
        {"1\n  2 3\n4\n", "tu_read_bad.txt:2:5: unexpected text"},
        {"1\n2\n3\n4\n5\n", "tu_read_bad.txt:5:1: 5 values"},
        {"1\n2\n3\n4\n", "tu_read_bad.txt:1:1: v(empty set) = 1"},
        {"1\ninf\n3\n", "tu_read_bad.txt:2:1: value is not a finite number"},
        {"1\n\n  nan\n", "tu_read_bad.txt:3:3: value is not a finite number"},
        {"", "0 values"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        p = write_tmp("tu_read_bad.txt", bad[i].text);
        mpol_status st = mpol_tu_read_table_file(&g, p);
        assert_int_equal(st, MPOL_EPARSE);
        assert_null(g);
        if (strstr(mpol_last_error(), bad[i].msg) == NULL)
            fail_msg("case %zu: message '%s' lacks '%s'", i, mpol_last_error(), bad[i].msg);
    }
    assert_int_equal(mpol_tu_read_table_file(&g, "/nonexistent/dir/v.txt"), MPOL_EIO);
    assert_int_equal(mpol_tu_read_table_file(NULL, p), MPOL_EINVAL);
    assert_int_equal(mpol_tu_read_table_file(&g, NULL), MPOL_EINVAL);
}

/* ---- Allocation failures ---- */

typedef struct oom_ctx {
    mpol_tu_game *g;
    mpol_core_opts opts;
    const char *path;
} oom_ctx;

static mpol_status oom_all(void *p)
{
    oom_ctx *c = p;
    mpol_nucleolus_result *r = NULL;
    mpol_status st = mpol_nucleolus(&r, c->g, &c->opts);
    if (st != MPOL_OK)
        return st;
    mpol_nucleolus_result_free(r);
    st = mpol_prenucleolus(&r, c->g, &c->opts);
    if (st != MPOL_OK)
        return st;
    mpol_nucleolus_result_free(r);
    mpol_core_result *cr;
    if ((st = mpol_core_solve(&cr, c->g, &c->opts)) != MPOL_OK)
        return st;
    mpol_core_result_free(cr);
    mpol_least_core_result *lc;
    if ((st = mpol_least_core(&lc, c->g, &c->opts)) != MPOL_OK)
        return st;
    mpol_least_core_result_free(lc);
    mpol_tu_game *g2;
    if ((st = mpol_tu_read_table_file(&g2, c->path)) != MPOL_OK)
        return st;
    mpol_tu_free(g2);
    if ((st = mpol_tu_benedek_game(&g2, 2, 4, 99)) != MPOL_OK)
        return st;
    mpol_tu_free(g2);
    return MPOL_OK;
}

static void test_oom(void **state)
{
    (void)state;
    oom_ctx c;
    assert_int_equal(mpol_tu_benedek_game(&c.g, 1, 5, 461125), MPOL_OK);
    mpol_core_opts_init(&c.opts);
    c.path = write_tmp("tu_read_oom.txt", "1\n3\n6\n5\n7\n8\n12\n");
    for (int mode = 0; mode < 2; mode++) {
        c.opts.cg_min_players = mode == 0 ? 2 : 100;
        long made = mpol_test_oom_loop(oom_all, &c);
        assert_true(made > 10);
    }
    mpol_tu_free(c.g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literature_three_player),
        cmocka_unit_test(test_talmud_bankruptcy),
        cmocka_unit_test(test_core_and_least_core),
        cmocka_unit_test(test_benedek_generator),
        cmocka_unit_test(test_benedek_n5),
        cmocka_unit_test(test_benedek_n10),
        cmocka_unit_test(test_benedek_n15),
        cmocka_unit_test(test_differential_random),
        cmocka_unit_test(test_bruteforce_grid),
        cmocka_unit_test(test_one_player_and_limits),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
