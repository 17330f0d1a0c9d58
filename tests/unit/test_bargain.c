/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of bargaining.h: textbook bargaining problems (splitting a dollar, a triangle,
 * a two-segment frontier where Nash, Kalai–Smorodinsky and egalitarian differ), property
 * tests on seeded random games (verified, inside the feasible set, individually rational,
 * the Nash product at least that of every pure profile and of a grid of mixtures of two
 * profiles, symmetry on symmetric games), correlated feasible sets, and the error paths (of
 * the ESS functions too; their answers are in test_ess.c).
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bargaining.h"

/* A 2-player game from row-major pairs pay[(i*n + j)*2 + p]. */
static mpol_game *bimatrix(size_t m, size_t n, const double *pay)
{
    size_t ns[2] = {m, n};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t p = 0; p < 2; p++)
                g->payoff[(i + m * j) * 2 + p] = pay[(i * n + j) * 2 + p];
    return g;
}

static mpol_bargain_result *solve(const mpol_game *g, mpol_bargain_solution s, const char *d,
                                  const char *f)
{
    mpol_bargain_opts o;
    double vals[8];
    mpol_bargain_opts_init(&o);
    o.solution = s;
    assert_int_equal(mpol_bargain_opts_parse(&o, d, f, vals, g->nplayers), MPOL_OK);
    mpol_bargain_result *r = NULL;
    mpol_status st = mpol_bargain_solve(&r, g, &o);
    if (st != MPOL_OK)
        fprintf(stderr, "%s\n", mpol_last_error());
    assert_int_equal(st, MPOL_OK);
    assert_true(r->verified);
    return r;
}

static void expect(mpol_bargain_result *r, double u1, double u2)
{
    assert_true(fabs(r->u[0] - u1) < 1e-9);
    assert_true(fabs(r->u[1] - u2) < 1e-9);
    mpol_bargain_result_free(r);
}

static void test_split_dollar(void **state)
{
    (void)state;
    /* (claim, claim) = (0,0), (claim, yield) = (1,0), (yield, claim) = (0,1), (yield, yield) =
     * (0,0): the feasible set is the triangle of the dollar's divisions. */
    double pay[] = {0, 0, 1, 0, 0, 1, 0, 0};
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_bargain_result *r = solve(g, MPOL_BARGAIN_NASH, NULL, NULL);
    assert_true(r->exact_frontier);
    assert_true(fabs(r->d[0]) < 1e-12 && fabs(r->d[1]) < 1e-12); /* minmax (0, 0) */
    assert_true(fabs(r->nash_product - 0.25) < 1e-12);
    expect(r, 0.5, 0.5);
    expect(solve(g, MPOL_BARGAIN_KS, "0,0", NULL), 0.5, 0.5);
    expect(solve(g, MPOL_BARGAIN_EGALITARIAN, "0,0", "hull"), 0.5, 0.5);
    /* d = (0.2, 0): Nash splits the surplus 0.8 equally. */
    expect(solve(g, MPOL_BARGAIN_NASH, "0.2,0", NULL), 0.6, 0.4);
    mpol_game_free(g);
}

static void test_triangle(void **state)
{
    (void)state;
    /* conv{(0,0), (1,0), (0,2)}: frontier x + y/2 = 1. With d = 0: Nash = KS = (1/2, 1),
     * egalitarian (2/3, 2/3); with d = (0, 1/2): ideal (3/4, 2), KS = Nash = (3/8, 5/4). */
    double pay[] = {0, 0, 1, 0, 0, 2, 0, 0};
    mpol_game *g = bimatrix(2, 2, pay);
    expect(solve(g, MPOL_BARGAIN_NASH, "0,0", NULL), 0.5, 1.0);
    mpol_bargain_result *r = solve(g, MPOL_BARGAIN_KS, "0,0", NULL);
    assert_true(fabs(r->ideal[0] - 1.0) < 1e-12 && fabs(r->ideal[1] - 2.0) < 1e-12);
    assert_true(fabs(r->t - 0.5) < 1e-9);
    expect(r, 0.5, 1.0);
    expect(solve(g, MPOL_BARGAIN_EGALITARIAN, "0,0", NULL), 2.0 / 3, 2.0 / 3);
    r = solve(g, MPOL_BARGAIN_KS, "0,0.5", NULL);
    assert_true(fabs(r->ideal[0] - 0.75) < 1e-12);
    expect(r, 0.375, 1.25);
    expect(solve(g, MPOL_BARGAIN_NASH, "0,0.5", NULL), 0.375, 1.25);
    mpol_game_free(g);
}

static void test_two_segments(void **state)
{
    (void)state;
    /* conv{(0,0), (2,0), (1,1), (0,1)}: ideal (2, 1); Nash (1, 1) (product 1 on y = 2 - x),
     * KS (4/3, 2/3) on the ray t (2, 1), egalitarian (1, 1). */
    double pay[] = {0, 0, 1, 1, 2, 0, 0, 1};
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_bargain_result *r = solve(g, MPOL_BARGAIN_NASH, "0,0", NULL);
    assert_int_equal(r->nfrontier, 2);
    expect(r, 1.0, 1.0);
    expect(solve(g, MPOL_BARGAIN_KS, "0,0", NULL), 4.0 / 3, 2.0 / 3);
    expect(solve(g, MPOL_BARGAIN_EGALITARIAN, "0,0", NULL), 1.0, 1.0);
    mpol_game_free(g);
}

/* The Nash product of the mixture (1-s) P_a + s P_b, or -1 outside u >= d. */
static double product_at(const mpol_game *g, const double *d, size_t a, size_t b, double s)
{
    double prod = 1.0;
    for (size_t i = 0; i < g->nplayers; i++) {
        double u = (1 - s) * g->payoff[a * g->nplayers + i] + s * g->payoff[b * g->nplayers + i];
        if (u < d[i])
            return -1.0;
        prod *= u - d[i];
    }
    return prod;
}

/* Properties every solution has, checked from the game directly. */
static void check_properties(const mpol_game *g, const mpol_bargain_result *r)
{
    size_t n = g->nplayers;
    double sum = 0.0;
    for (size_t c = 0; c < g->ncells; c++) {
        assert_true(r->weights[c] >= 0.0);
        sum += r->weights[c];
    }
    assert_true(fabs(sum - 1.0) < 1e-9);
    for (size_t i = 0; i < n; i++) {
        double u = 0.0;
        for (size_t c = 0; c < g->ncells; c++)
            u += r->weights[c] * g->payoff[c * n + i];
        assert_true(fabs(u - r->u[i]) < 1e-8);
        assert_true(r->u[i] >= r->d[i] - 1e-8);
    }
    /* Pareto: no pure profile dominates u by more than round-off in every coordinate. */
    for (size_t c = 0; r->feasible == MPOL_BARGAIN_HULL && c < g->ncells; c++) {
        int better = 1;
        for (size_t i = 0; i < n; i++)
            better &= g->payoff[c * n + i] > r->u[i] + 1e-7;
        assert_false(better);
    }
    if (r->solution != MPOL_BARGAIN_NASH || r->feasible == MPOL_BARGAIN_CORRELATED)
        return;
    /* Brute force: the product is at least that of every mixture of two profiles. */
    for (size_t a = 0; a < g->ncells; a++)
        for (size_t b = a; b < g->ncells; b++)
            for (int k = 0; k <= 20; k++) {
                if (product_at(g, r->d, a, b, k / 20.0) > r->nash_product * (1 + 1e-7) + 1e-9)
                    fprintf(stderr, "cells %zu %zu s %g: %g > %g (n %zu, correlated %d)\n", a, b,
                            k / 20.0, product_at(g, r->d, a, b, k / 20.0), r->nash_product, n,
                            (int)r->feasible);
                assert_true(product_at(g, r->d, a, b, k / 20.0) <=
                            r->nash_product * (1 + 1e-7) + 1e-9);
            }
}

static void test_random_games(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 15);
    int reps = mpol_test_reps(40), solved = 0;
    for (int rep = 0; rep < reps; rep++) {
        size_t n = rep % 3 == 2 ? 3 : 2, ns[3] = {2 + (size_t)(rep % 2), 3, 2};
        mpol_game *g;
        assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
        for (size_t k = 0; k < g->ncells * n; k++)
            g->payoff[k] = (double)mpol_test_rng_int(&rng, -5, 9);
        for (int s = 0; s < 3; s++) {
            mpol_bargain_opts o;
            mpol_bargain_opts_init(&o);
            o.solution = (mpol_bargain_solution)s;
            o.feasible = rep % 4 == 3 ? MPOL_BARGAIN_CORRELATED : MPOL_BARGAIN_HULL;
            mpol_bargain_result *r = NULL;
            mpol_status st = mpol_bargain_solve(&r, g, &o);
            /* A game whose minmax point has no strictly better feasible point has no Nash
             * solution (EINVAL); every other outcome is a verified solution. */
            if (st == MPOL_EINVAL && s == 0)
                continue;
            if (st != MPOL_OK)
                fprintf(stderr, "rep %d solution %d: %s\n", rep, s, mpol_last_error());
            if (st == MPOL_EVERIFY)
                fprintf(stderr, "feas %g rat %g par %g opt %g ray %g scale %g n %zu corr %d\n",
                        r->check.feasibility, r->check.rationality, r->check.pareto,
                        r->check.optimality, r->check.ray, r->check.scale, n, (int)o.feasible);
            assert_int_equal(st, MPOL_OK);
            assert_true(r->verified);
            assert_true(r->max_error <= 1e-9);
            check_properties(g, r);
            solved++;
            mpol_bargain_result_free(r);
        }
        mpol_game_free(g);
    }
    assert_true(solved > reps);
}

static void test_symmetry_axiom(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 42);
    for (int rep = 0; rep < mpol_test_reps(20); rep++) {
        size_t m = 2 + (size_t)(rep % 3);
        double pay[2 * 16];
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++) {
                double a = (double)mpol_test_rng_int(&rng, 0, 9);
                pay[(i * m + j) * 2] = a;     /* A[i][j] */
                pay[(j * m + i) * 2 + 1] = a; /* B[j][i] = A[i][j] */
            }
        mpol_game *g = bimatrix(m, m, pay);
        for (int s = 0; s < 3; s++)
            for (int f = 0; f < 2; f++) {
                mpol_bargain_opts o;
                mpol_bargain_opts_init(&o);
                o.solution = (mpol_bargain_solution)s;
                o.feasible = (mpol_bargain_feasible)f;
                mpol_bargain_result *r = NULL;
                mpol_status st = mpol_bargain_solve(&r, g, &o);
                if (st == MPOL_EINVAL && s == 0)
                    continue;
                if (st != MPOL_OK)
                    fprintf(stderr, "rep %d solution %d feasible %d: %s\n", rep, s, f,
                            mpol_last_error());
                assert_int_equal(st, MPOL_OK);
                assert_true(fabs(r->u[0] - r->u[1]) < 1e-7);
                mpol_bargain_result_free(r);
            }
        mpol_game_free(g);
    }
}

static void test_correlated_chicken(void **state)
{
    (void)state;
    /* Chicken: (dare, dare) = (0,0), (dare, chicken) = (7,2), (chicken, dare) = (2,7),
     * (chicken, chicken) = (6,6). The hull's Nash point from d = (2,2) is its vertex (6,6);
     * on the correlated equilibria it is the best symmetric one, 1/2 on (chicken, chicken)
     * and 1/4 on each of the others: 21/4 each. */
    double pay[] = {0, 0, 7, 2, 2, 7, 6, 6};
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_bargain_result *h = solve(g, MPOL_BARGAIN_NASH, "2,2", "hull");
    expect(h, 6.0, 6.0);
    mpol_bargain_result *c = solve(g, MPOL_BARGAIN_NASH, "2,2", "correlated");
    assert_false(c->exact_frontier);
    assert_true(fabs(c->u[0] - c->u[1]) < 1e-7);
    assert_true(fabs(c->u[0] - 5.25) < 1e-6);
    assert_true(c->check.feasibility < 1e-9);
    mpol_bargain_result_free(c);
    mpol_game_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    double pay[] = {0, 0, 1, 0, 0, 1, 0, 0};
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_bargain_result *r = (mpol_bargain_result *)&r;
    mpol_bargain_opts o;
    double v[2];
    mpol_bargain_opts_init(&o);
    assert_int_equal(mpol_bargain_solve(&r, NULL, NULL), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_bargain_solve(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_bargain_opts_parse(&o, "1,x", NULL, v, 2), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "2 comma-separated numbers"));
    assert_int_equal(mpol_bargain_opts_parse(&o, "1,2,3", NULL, v, 2), MPOL_EINVAL);
    assert_int_equal(mpol_bargain_opts_parse(&o, NULL, "free", v, 2), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "hull or correlated"));
    /* A disagreement point no feasible payoff reaches. */
    assert_int_equal(mpol_bargain_opts_parse(&o, "2,2", NULL, v, 2), MPOL_OK);
    assert_int_equal(mpol_bargain_solve(&r, g, &o), MPOL_EINVAL);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "at least the disagreement point"));
    /* d on the frontier: no point gives both more, no Nash solution; KS is d itself. */
    assert_int_equal(mpol_bargain_opts_parse(&o, "1,0", NULL, v, 2), MPOL_OK);
    assert_int_equal(mpol_bargain_solve(&r, g, &o), MPOL_EINVAL);
    o.solution = MPOL_BARGAIN_KS;
    assert_int_equal(mpol_bargain_solve(&r, g, &o), MPOL_OK);
    expect(r, 1.0, 0.0);
    mpol_bargain_solution s;
    assert_int_equal(mpol_bargain_solution_parse(&s, "egalitarian"), MPOL_OK);
    assert_int_equal(s, MPOL_BARGAIN_EGALITARIAN);
    assert_int_equal(mpol_bargain_solution_parse(&s, "rawls"), MPOL_EINVAL);
    assert_string_equal(mpol_bargain_solution_name(MPOL_BARGAIN_KS), "kalai-smorodinsky");
    /* ESS: a game that is not symmetric, and bad arguments. */
    mpol_ess_result *e = (mpol_ess_result *)&e;
    double asym[] = {0, 0, 1, 1, 2, 0, 0, 1};
    mpol_game *ga = bimatrix(2, 2, asym);
    assert_int_equal(mpol_ess_game(&e, ga, 0.0), MPOL_EINVAL);
    mpol_game_free(ga);
    assert_null(e);
    assert_non_null(strstr(mpol_last_error(), "not symmetric"));
    assert_int_equal(mpol_ess_find(&e, NULL, 2, 0.0), MPOL_EINVAL);
    double A[1] = {NAN};
    assert_int_equal(mpol_ess_find(&e, A, 1, 0.0), MPOL_EINVAL);
    assert_int_equal(mpol_ess_find(&e, A, MPOL_ESS_MAX_STRATEGIES + 1, 0.0), MPOL_ELIMIT);
    size_t one[1] = {2};
    mpol_game *g1;
    assert_int_equal(mpol_game_alloc(&g1, 1, one), MPOL_OK);
    assert_int_equal(mpol_bargain_solve(&r, g1, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_ess_game(&e, g1, 0.0), MPOL_EINVAL);
    mpol_game_free(g1);
    mpol_game_free(g);
}

static void test_verify_tampered(void **state)
{
    (void)state;
    double pay[] = {0, 0, 1, 0, 0, 1, 0, 0};
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_bargain_result *r = solve(g, MPOL_BARGAIN_NASH, "0,0", NULL);
    mpol_bargain_check c;
    r->u[0] = 0.4; /* off the weights' payoff by 0.1 and not optimal */
    assert_int_equal(mpol_bargain_verify(&c, g, r, 1e-9), MPOL_OK);
    assert_false(c.ok);
    assert_true(fabs(c.feasibility - 0.1) < 1e-12);
    assert_true(c.pareto > 0.09);
    r->u[0] = 0.5;
    r->weights[1] = 0.4, r->weights[2] = 0.6; /* feasible but not the Nash point */
    r->u[0] = 0.6, r->u[1] = 0.4;
    assert_int_equal(mpol_bargain_verify(&c, g, r, 1e-9), MPOL_OK);
    assert_false(c.ok);
    assert_true(c.feasibility < 1e-12 && c.pareto < 1e-12);
    /* first-order gap: max over v of (v1 - .6)/.6 + (v2 - .4)/.4 = (0 - .6)/.6 + .6/.4 */
    assert_true(fabs(c.optimality - (1.5 - 1.0)) < 1e-12);
    mpol_bargain_result_free(r);
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_dollar),   cmocka_unit_test(test_triangle),
        cmocka_unit_test(test_two_segments),   cmocka_unit_test(test_random_games),
        cmocka_unit_test(test_symmetry_axiom), cmocka_unit_test(test_correlated_chicken),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_verify_tampered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
