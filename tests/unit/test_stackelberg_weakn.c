/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the weak (pessimistic) Stackelberg value with three or more players
 * (stackelberg_weakn.c): a game whose followers coordinate on either of two equilibria
 * whatever the leader does (the weak value is the leader's best guarantee against both,
 * attained, below the strong value); the textbook game with a second, dominated-strategy
 * follower (the supremum 3.5 is not attained); seeded random three-player games against a
 * brute force of V(x) = min over the followers' equilibria at x on a grid of commitments
 * (with every rational point of small denominator, where isolated equilibria live) and
 * against the strong value; four players; the size limit, no equilibrium, out of memory.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/stackelberg.h"

static mpol_stackelberg_result *solve(const mpol_game *g, mpol_stackelberg_method method)
{
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    o.method = method;
    mpol_stackelberg_result *r = NULL;
    mpol_status st = mpol_stackelberg_solve(&r, g, &o);
    if (st != MPOL_OK)
        fail_msg("%s: %s: %s", mpol_stackelberg_method_name(method), mpol_status_name(st),
                 mpol_last_error());
    assert_non_null(r);
    assert_true(r->verified);
    assert_true(r->max_error <= r->cert.tol_abs);
    return r;
}

/* V(x) of a three-player game, leader 0: the least leader payoff over the followers' pure
 * equilibria at x (exact up to 1e-12); INFINITY if there is none. */
static double brute_v(const mpol_game *g, const double *x)
{
    size_t m = g->nstrategies[0], n1 = g->nstrategies[1], n2 = g->nstrategies[2];
    double worst = INFINITY;
    for (size_t a = 0; a < n1; a++)
        for (size_t b = 0; b < n2; b++) {
            double u[3] = {0, 0, 0};
            for (size_t i = 0; i < m; i++) {
                size_t prof[3] = {i, a, b};
                for (size_t pl = 0; pl < 3; pl++)
                    u[pl] += x[i] * g->payoff[mpol_game_cell(g, prof) * 3 + pl];
            }
            int ne = 1;
            for (size_t f = 1; f < 3 && ne; f++)
                for (size_t s = 0; s < g->nstrategies[f] && ne; s++) {
                    double v = 0;
                    for (size_t i = 0; i < m; i++) {
                        size_t dev[3] = {i, f == 1 ? s : a, f == 2 ? s : b};
                        v += x[i] * g->payoff[mpol_game_cell(g, dev) * 3 + f];
                    }
                    ne = v <= u[f] + 1e-12;
                }
            if (ne)
                worst = fmin(worst, u[0]);
        }
    return worst;
}

static void set3(mpol_game *g, size_t i, size_t a, size_t b, double u0, double u1, double u2)
{
    size_t prof[3] = {i, a, b};
    size_t c = mpol_game_cell(g, prof);
    g->payoff[3 * c] = u0;
    g->payoff[3 * c + 1] = u1;
    g->payoff[3 * c + 2] = u2;
}

/* Followers coordinate (1 each if they match, 0 if not) whatever the leader does; the
 * leader gets 1 from (s0, s0) only with strategy 0 and from (s1, s1) only with strategy 1.
 * Strong: commit to 0, followers pick (s0, s0): 1. Weak: both coordinations are always
 * equilibria, so the leader gets min(x_0, x_1), at best 1/2 at (1/2, 1/2), attained. */
static void test_two_equilibria(void **state)
{
    (void)state;
    size_t ns[3] = {2, 2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    for (size_t i = 0; i < 2; i++)
        for (size_t a = 0; a < 2; a++)
            for (size_t b = 0; b < 2; b++)
                set3(g, i, a, b, a == b && a == i ? 1.0 : 0.0, a == b, a == b);
    mpol_stackelberg_result *s = solve(g, MPOL_STACKELBERG_STRONG);
    mpol_stackelberg_result *w = solve(g, MPOL_STACKELBERG_WEAK);
    assert_close(s->value, 1.0, 1e-9);
    assert_close(w->value, 0.5, 1e-9);
    assert_true(w->attained);
    assert_close(w->pessimistic, 0.5, 1e-9);
    assert_close(w->commitment[0], 0.5, 1e-9);
    assert_int_equal(w->inducible, 2); /* (s0, s0) and (s1, s1) */
    assert_int_equal(w->reply[1], w->reply[2]);
    mpol_stackelberg_result_free(s);
    mpol_stackelberg_result_free(w);
    mpol_game_free(g);
}

/* The textbook game (rows Up, Down; follower 1 Left, Right; (leader, follower 1)
 * (2,1) (4,0) / (1,0) (3,1)) with a follower 2 whose strategy 0 strictly dominates and who
 * changes nothing for the others: the weak value is the supremum 3.5, not attained; at
 * (1/2, 1/2) the worse tie (Left) gives 1.5. */
static void test_not_attained(void **state)
{
    (void)state;
    size_t ns[3] = {2, 2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    const double uL[2][2] = {{2, 4}, {1, 3}}, u1[2][2] = {{1, 0}, {0, 1}};
    for (size_t i = 0; i < 2; i++)
        for (size_t a = 0; a < 2; a++)
            for (size_t b = 0; b < 2; b++)
                set3(g, i, a, b, uL[i][a], u1[i][a], b == 0 ? 1.0 : 0.0);
    mpol_stackelberg_result *w = solve(g, MPOL_STACKELBERG_WEAK);
    assert_close(w->value, 3.5, 1e-9);
    assert_false(w->attained);
    assert_close(w->pessimistic, 1.5, 1e-9);
    assert_close(w->commitment[0], 0.5, 1e-9);
    assert_int_equal(w->reply[1], 1); /* Right */
    assert_int_equal(w->reply[2], 0);
    double x[2] = {0.5 - 1e-4, 0.5 + 1e-4}; /* a little more on Down approaches 3.5 */
    assert_true(fabs(brute_v(g, x) - 3.5) < 1e-3);
    assert_close(brute_v(g, w->commitment), 1.5, 1e-9);
    mpol_stackelberg_result_free(w);
    mpol_game_free(g);
}

/* The largest brute-force V over commitments (p, 1 - p): p on a grid of 4000 steps and at
 * every a / b with b <= 40 (integer payoffs in [0, 9] put the followers' indifference
 * points at denominators up to 18). */
static double grid_line(const mpol_game *g)
{
    double best = -INFINITY;
    for (int k = 0; k <= 4000; k++) {
        double x[2] = {k / 4000.0, 1 - k / 4000.0}, v = brute_v(g, x);
        best = v < INFINITY ? fmax(best, v) : best;
    }
    for (int b = 1; b <= 40; b++)
        for (int a = 0; a <= b; a++) {
            double x[2] = {(double)a / b, 1 - (double)a / b}, v = brute_v(g, x);
            best = v < INFINITY ? fmax(best, v) : best;
        }
    return best;
}

/* Three leader strategies: a grid of step 1/60 on the simplex. */
static double grid_plane(const mpol_game *g)
{
    double best = -INFINITY;
    for (int i = 0; i <= 60; i++)
        for (int j = 0; i + j <= 60; j++) {
            double x[3] = {i / 60.0, j / 60.0, (60 - i - j) / 60.0}, v = brute_v(g, x);
            best = v < INFINITY ? fmax(best, v) : best;
        }
    return best;
}

static void check_random(mpol_game *g, double *worst_gap)
{
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    o.method = MPOL_STACKELBERG_WEAK;
    mpol_stackelberg_result *w = NULL;
    mpol_status st = mpol_stackelberg_solve(&w, g, &o);
    double grid = g->nstrategies[0] == 2 ? grid_line(g) : grid_plane(g);
    if (st == MPOL_ENUMERIC) { /* no pure equilibrium among the followers anywhere */
        assert_null(w);
        if (g->nstrategies[0] == 2 && grid != -INFINITY) {
            for (size_t k = 0; k < g->ncells * 3; k++)
                fprintf(stderr, "%g ", g->payoff[k]);
            fail_msg("no reply found (%s), but the grid found %g (%zu %zu %zu)", mpol_last_error(),
                     grid, g->nstrategies[0], g->nstrategies[1], g->nstrategies[2]);
        }
        return;
    }
    if (st != MPOL_OK)
        fail_msg("weak: %s: %s", mpol_status_name(st), mpol_last_error());
    assert_true(w->verified);
    if (grid > w->value + 1e-7)
        fail_msg("grid %.12g above the weak value %.12g", grid, w->value);
    if (g->nstrategies[0] == 2 && w->value - grid > 1e-2)
        fail_msg("weak value %.12g not approached by the grid (%.12g)", w->value, grid);
    if (g->nstrategies[0] == 2)
        *worst_gap = fmax(*worst_gap, w->value - grid);
    assert_true(w->pessimistic <= w->value + 1e-9);
    assert_true(fabs(brute_v(g, w->commitment) - w->pessimistic) <= 1e-7);
    if (w->attained)
        assert_close(w->pessimistic, w->value, 1e-9);
    mpol_stackelberg_result *s = solve(g, MPOL_STACKELBERG_STRONG);
    assert_true(w->value <= s->value + 1e-7);
    mpol_stackelberg_result_free(s);
    mpol_stackelberg_result_free(w);
}

static void test_random_three(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    double gap = 0.0;
    for (int rep = 0; rep < mpol_test_reps(60); rep++) {
        size_t ns[3] = {(size_t)mpol_test_rng_int(&rng, 2, 3),
                        (size_t)mpol_test_rng_int(&rng, 2, 3),
                        (size_t)mpol_test_rng_int(&rng, 2, 3)};
        mpol_game *g = NULL;
        assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
        for (size_t k = 0; k < g->ncells * 3; k++)
            g->payoff[k] = (double)mpol_test_rng_int(&rng, 0, 9);
        check_random(g, &gap);
        mpol_game_free(g);
    }
    print_message("two leader strategies: largest gap between the weak value and the grid %.3g\n",
                  gap);
}

/* Four players (2 strategies each): the weak value is verified, at most the strong one. */
static void test_four_players(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    for (int rep = 0; rep < mpol_test_reps(20); rep++) {
        size_t ns[4] = {3, 2, 2, 2};
        mpol_game *g = NULL;
        assert_int_equal(mpol_game_alloc(&g, 4, ns), MPOL_OK);
        for (size_t k = 0; k < g->ncells * 4; k++)
            g->payoff[k] = (double)mpol_test_rng_int(&rng, -5, 5);
        mpol_stackelberg_opts o;
        mpol_stackelberg_opts_init(&o);
        o.method = MPOL_STACKELBERG_WEAK;
        mpol_stackelberg_result *w = NULL;
        mpol_status st = mpol_stackelberg_solve(&w, g, &o);
        if (st == MPOL_OK) {
            assert_true(w->verified);
            assert_true(w->pessimistic <= w->value + 1e-9);
            mpol_stackelberg_result *s = solve(g, MPOL_STACKELBERG_STRONG);
            assert_true(w->value <= s->value + 1e-7);
            mpol_stackelberg_result_free(s);
        } else {
            assert_int_equal(st, MPOL_ENUMERIC);
        }
        mpol_stackelberg_result_free(w);
        mpol_game_free(g);
    }
}

static void expect_error(const mpol_game *g, mpol_status want, const char *msg)
{
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    o.method = MPOL_STACKELBERG_WEAK;
    mpol_stackelberg_result *r = (mpol_stackelberg_result *)1;
    assert_int_equal(mpol_stackelberg_solve(&r, g, &o), want);
    assert_null(r);
    if (strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s' lacks '%s'", mpol_last_error(), msg);
}

static mpol_game *oom_game;

static mpol_status oom_body(void *ctx)
{
    (void)ctx;
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    o.method = MPOL_STACKELBERG_WEAK;
    mpol_stackelberg_result *r = NULL;
    mpol_status st = mpol_stackelberg_solve(&r, oom_game, &o);
    mpol_stackelberg_result_free(r);
    return st;
}

static void test_errors(void **state)
{
    (void)state;
    /* the followers play matching pennies whatever the leader does: no pure equilibrium */
    size_t ns[3] = {2, 2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    for (size_t c = 0; c < 8; c++) {
        size_t prof[3];
        mpol_game_profile(g, c, prof);
        g->payoff[3 * c + 1] = prof[1] == prof[2] ? 1 : -1;
        g->payoff[3 * c + 2] = prof[1] == prof[2] ? -1 : 1;
    }
    expect_error(g, MPOL_ENUMERIC, "no pure profile");
    for (size_t c = 0; c < 8; c++) /* now a coordination game: OK, and out of memory */
        g->payoff[3 * c + 2] = g->payoff[3 * c + 1];
    oom_game = g;
    assert_true(mpol_test_oom_loop(oom_body, NULL) > 0);
    mpol_game_free(g);
    size_t big[3] = {2, 40, 40}; /* 1600 profiles x (78 + 2) binaries */
    assert_int_equal(mpol_game_alloc(&g, 3, big), MPOL_OK);
    expect_error(g, MPOL_ELIMIT, "128000 binaries");
    mpol_game_free(g);
    size_t mid[3] = {5, 6, 6}; /* 36 x (10 + 2) = 432 > 256: refused before GLPK runs */
    assert_int_equal(mpol_game_alloc(&g, 3, mid), MPOL_OK);
    expect_error(g, MPOL_ELIMIT, "432 binaries");
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_equilibria), cmocka_unit_test(test_not_attained),
        cmocka_unit_test(test_random_three),   cmocka_unit_test(test_four_players),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
