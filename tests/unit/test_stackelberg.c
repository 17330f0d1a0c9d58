/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the Stackelberg module (multipolar/stackelberg.h): the textbook game where
 * mixed commitment beats pure (Conitzer and Sandholm 2006; von Stengel and Zamir 2010),
 * with the leader as either player; seeded random bimatrix games on which the strong value
 * is at least the leader's best Nash payoff (mpol_bimatrix_enumerate), the weak value and
 * the pure one, the fast two-player LP agrees with the n-player rows, and a fine grid of
 * commitments (2 x n games) brackets the strong and weak values; three-player games
 * against a grid; the certificate on tampered answers; every error path.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commit/commit_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/stackelberg.h"
#include "multipolar/zerosum.h"

/* A bimatrix game from row-major m x n A (row player) and B (column player). */
static mpol_game *bimatrix(size_t m, size_t n, const double *A, const double *B)
{
    size_t ns[2] = {m, n};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            g->payoff[2 * (i + m * j)] = A[i * n + j];
            g->payoff[2 * (i + m * j) + 1] = B[i * n + j];
        }
    return g;
}

static mpol_stackelberg_result *solve(const mpol_game *g, mpol_stackelberg_method method,
                                      size_t leader, int generic)
{
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    o.method = method;
    o.leader = leader;
    mpol_stackelberg_result *r = NULL;
    mpol_status st = mpol_i_stackelberg_solve(&r, g, &o, generic);
    if (st != MPOL_OK)
        fail_msg("%s: %s: %s", mpol_stackelberg_method_name(method), mpol_status_name(st),
                 mpol_last_error());
    assert_non_null(r);
    assert_true(r->verified);
    assert_true(r->max_error <= r->cert.tol_abs);
    return r;
}

/* Rows (2,1),(4,0) / (1,0),(3,1): Nash gives the leader 2, pure commitment 3, mixed
 * commitment x = (1/2, 1/2) gives 3.5 with the follower indifferent; the weak value 3.5 is a
 * supremum that the commitment does not attain (there the worst tied reply gives 1.5). */
static void test_textbook(void **state)
{
    (void)state;
    const double A[] = {2, 4, 1, 3}, B[] = {1, 0, 0, 1};
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_stackelberg_result *r = solve(g, MPOL_STACKELBERG_STRONG, 0, 0);
    assert_close(r->value, 3.5, 1e-9);
    assert_close(r->commitment[0], 0.5, 1e-9);
    assert_close(r->commitment[1], 0.5, 1e-9);
    assert_int_equal(r->reply[1], 1);
    assert_close(r->payoffs[1], 0.5, 1e-9);
    assert_true(r->attained);
    assert_true(r->lps_solved >= 1 && r->lps_solved <= 2);
    mpol_stackelberg_result_free(r);
    r = solve(g, MPOL_STACKELBERG_STRONG, 0, 1);
    assert_close(r->value, 3.5, 1e-9);
    mpol_stackelberg_result_free(r);
    r = solve(g, MPOL_STACKELBERG_PURE, 0, 0);
    assert_close(r->value, 3.0, 0);
    assert_close(r->commitment[1], 1.0, 0);
    assert_int_equal(r->reply[1], 1);
    mpol_stackelberg_result_free(r);
    r = solve(g, MPOL_STACKELBERG_WEAK, 0, 0);
    assert_close(r->value, 3.5, 1e-9);
    assert_false(r->attained);
    assert_close(r->pessimistic, 1.5, 1e-9);
    mpol_stackelberg_result_free(r);
    mpol_game_free(g);
}

/* The same game with the players swapped: the column player leads. */
static void test_leader_second(void **state)
{
    (void)state;
    const double A[] = {1, 0, 0, 1}, B[] = {2, 1, 4, 3}; /* B^T of the textbook A */
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_stackelberg_result *r = solve(g, MPOL_STACKELBERG_STRONG, 1, 0);
    assert_close(r->value, 3.5, 1e-9);
    assert_int_equal(r->reply[0], 1);
    assert_close(r->commitment[0], 0.5, 1e-9);
    mpol_stackelberg_result_free(r);
    mpol_game_free(g);
}

/* Strong and weak values of a 2 x n game on a grid of commitments (p, 1 - p). */
static void grid_values(size_t n, const double *A, const double *B, double *strong, double *weak)
{
    *strong = *weak = -INFINITY;
    for (int k = 0; k <= 20000; k++) {
        double p = k / 20000.0, top = -INFINITY, s = -INFINITY, w = INFINITY;
        for (size_t j = 0; j < n; j++)
            top = fmax(top, p * B[j] + (1 - p) * B[n + j]);
        for (size_t j = 0; j < n; j++)
            if (p * B[j] + (1 - p) * B[n + j] >= top - 1e-12) {
                double v = p * A[j] + (1 - p) * A[n + j];
                s = fmax(s, v);
                w = fmin(w, v);
            }
        *strong = fmax(*strong, s);
        *weak = fmax(*weak, w);
    }
}

static double best_nash_for_leader(size_t m, size_t n, const double *A, const double *B)
{
    mpol_bimatrix_result *e = NULL;
    assert_int_equal(mpol_bimatrix_enumerate(&e, m, n, A, B, NULL), MPOL_OK);
    double best = -INFINITY;
    for (size_t k = 0; k < e->neq; k++)
        best = fmax(best, e->eq[k].payoff_row);
    mpol_bimatrix_result_free(e);
    return best;
}

static void random_game(mpol_test_rng *rng, size_t m, size_t n, double *A, double *B, int levels)
{
    for (size_t k = 0; k < m * n; k++) {
        A[k] = (double)mpol_test_rng_int(rng, 0, levels - 1);
        B[k] = (double)mpol_test_rng_int(rng, 0, levels - 1);
    }
}

static void test_random_bimatrix(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261203);
    double A[64], B[64];
    for (int rep = 0; rep < mpol_test_reps(120); rep++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 2, 5), n = (size_t)mpol_test_rng_int(&rng, 2, 6);
        random_game(&rng, m, n, A, B, rep % 2 ? 4 : 100); /* few levels: many ties */
        mpol_game *g = bimatrix(m, n, A, B);
        mpol_stackelberg_result *s = solve(g, MPOL_STACKELBERG_STRONG, 0, 0);
        mpol_stackelberg_result *t = solve(g, MPOL_STACKELBERG_STRONG, 0, 1);
        mpol_stackelberg_result *p = solve(g, MPOL_STACKELBERG_PURE, 0, 0);
        mpol_stackelberg_result *w = solve(g, MPOL_STACKELBERG_WEAK, 0, 0);
        double nash = best_nash_for_leader(m, n, A, B), tol = 1e-7;
        assert_true(s->value >= nash - tol);
        assert_close(s->value, t->value, tol);
        assert_true(s->value >= p->value - tol);
        assert_true(s->value >= w->value - tol);
        assert_true(w->pessimistic <= w->value + tol);
        if (m == 2) {
            double gs, gw;
            grid_values(n, A, B, &gs, &gw);
            assert_true(gs <= s->value + tol);
            if (!(gw <= w->value + tol)) {
                for (size_t k = 0; k < m * n; k++)
                    fprintf(stderr, "%g,%g%s", A[k], B[k], (k + 1) % n ? " " : "\n");
                fprintf(stderr, "grid %g weak %g x %g\n", gw, w->value, w->commitment[0]);
            }
            assert_true(gw <= w->value + tol);
            assert_true(w->value - gw <= 1e-3 * 100); /* the grid approaches the supremum */
        }
        mpol_stackelberg_result_free(s);
        mpol_stackelberg_result_free(t);
        mpol_stackelberg_result_free(p);
        mpol_stackelberg_result_free(w);
        mpol_game_free(g);
    }
}

/* A three-player game, leader player 0 with two strategies, against a grid: at each p the
 * followers' pure equilibria given (p, 1 - p), the leader's best among them. */
static double grid_three(const mpol_game *g)
{
    double best = -INFINITY;
    size_t n1 = g->nstrategies[1], n2 = g->nstrategies[2];
    for (int k = 0; k <= 4000; k++) {
        double p = k / 4000.0;
        for (size_t a = 0; a < n1; a++)
            for (size_t b = 0; b < n2; b++) {
                double u[3] = {0, 0, 0};
                size_t prof[3] = {0, a, b};
                for (size_t pl = 0; pl < 3; pl++)
                    for (size_t i = 0; i < 2; i++) {
                        prof[0] = i;
                        u[pl] += (i ? 1 - p : p) * g->payoff[mpol_game_cell(g, prof) * 3 + pl];
                    }
                int ne = 1;
                for (size_t f = 1; f < 3 && ne; f++)
                    for (size_t s = 0; s < g->nstrategies[f] && ne; s++) {
                        size_t dev[3] = {0, f == 1 ? s : a, f == 2 ? s : b};
                        double v = 0;
                        for (size_t i = 0; i < 2; i++) {
                            dev[0] = i;
                            v += (i ? 1 - p : p) * g->payoff[mpol_game_cell(g, dev) * 3 + f];
                        }
                        ne = v <= u[f] + 1e-12;
                    }
                if (ne)
                    best = fmax(best, u[0]);
            }
    }
    return best;
}

static void test_three_players(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    for (int rep = 0; rep < mpol_test_reps(30); rep++) {
        size_t ns[3] = {2, (size_t)mpol_test_rng_int(&rng, 2, 3),
                        (size_t)mpol_test_rng_int(&rng, 2, 3)};
        mpol_game *g = NULL;
        assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
        for (size_t k = 0; k < g->ncells * 3; k++)
            g->payoff[k] = (double)mpol_test_rng_int(&rng, 0, 9);
        mpol_stackelberg_opts o;
        mpol_stackelberg_opts_init(&o);
        mpol_stackelberg_result *r = NULL;
        mpol_status st = mpol_stackelberg_solve(&r, g, &o);
        double grid = grid_three(g);
        if (st == MPOL_ENUMERIC) { /* no pure equilibrium among the followers anywhere */
            assert_null(r);
            assert_true(grid == -INFINITY);
        } else {
            assert_int_equal(st, MPOL_OK);
            assert_true(r->verified);
            assert_true(grid <= r->value + 1e-7);
            assert_true(r->value - grid <= 10 * 1e-3);
            mpol_stackelberg_result *p = solve(g, MPOL_STACKELBERG_PURE, 0, 0);
            assert_true(p->value <= r->value + 1e-7);
            mpol_stackelberg_result_free(p);
        }
        mpol_stackelberg_result_free(r);
        mpol_game_free(g);
    }
}

/* In a zero-sum game commitment neither helps nor hurts: the strong and weak values are the
 * game's value (the leader's maxmin). */
static void test_zero_sum_value(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    double A[36], B[36];
    for (int rep = 0; rep < mpol_test_reps(40); rep++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 1, 6), n = (size_t)mpol_test_rng_int(&rng, 1, 6);
        for (size_t k = 0; k < m * n; k++) {
            A[k] = (double)mpol_test_rng_int(&rng, -20, 20);
            B[k] = -A[k];
        }
        mpol_zs_result *z = NULL;
        assert_int_equal(mpol_zs_solve(&z, A, m, n, NULL), MPOL_OK);
        mpol_game *g = bimatrix(m, n, A, B);
        mpol_stackelberg_result *s = solve(g, MPOL_STACKELBERG_STRONG, 0, 0);
        mpol_stackelberg_result *w = solve(g, MPOL_STACKELBERG_WEAK, 0, 0);
        assert_close(s->value, z->value, 1e-7);
        assert_close(w->value, z->value, 1e-7);
        mpol_stackelberg_result_free(s);
        mpol_stackelberg_result_free(w);
        mpol_game_free(g);
        mpol_zs_result_free(z);
    }
}

static void test_certificate(void **state)
{
    (void)state;
    const double A[] = {2, 4, 1, 3}, B[] = {1, 0, 0, 1};
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_stackelberg_cert c;
    double x[2] = {0.5, 0.5};
    size_t reply[2] = {0, 1};
    assert_int_equal(mpol_stackelberg_certify(&c, g, 0, x, reply, 3.5, 1e-9), MPOL_OK);
    assert_true(c.verified);
    assert_close(c.leader_value, 3.5, 1e-12);
    x[0] = 0.6; /* the follower now prefers column 0 by 0.6 - 0.4 */
    x[1] = 0.4;
    assert_int_equal(mpol_stackelberg_certify(&c, g, 0, x, reply, 3.6, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.follower_regret, 0.2, 1e-12);
    assert_close(c.value_error, 0.0, 1e-12);
    x[0] = x[1] = 0.5;
    assert_int_equal(mpol_stackelberg_certify(&c, g, 0, x, reply, 3.75, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.value_error, 0.25, 1e-12);
    x[0] = 0.7; /* off the simplex by 0.2 */
    assert_int_equal(mpol_stackelberg_certify(&c, g, 0, x, reply, 3.5, 1e-9), MPOL_OK);
    assert_close(c.simplex_error, 0.2, 1e-12);
    assert_false(c.verified);
    reply[1] = 2;
    assert_int_equal(mpol_stackelberg_certify(&c, g, 0, x, reply, 3.5, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_stackelberg_certify(&c, NULL, 0, x, reply, 3.5, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_stackelberg_certify(NULL, g, 0, x, reply, 3.5, 1e-9), MPOL_EINVAL);
    mpol_game_free(g);
}

static void expect_error(const mpol_game *g, const mpol_stackelberg_opts *o, mpol_status want,
                         const char *msg)
{
    mpol_stackelberg_result *r = (mpol_stackelberg_result *)1;
    assert_int_equal(mpol_stackelberg_solve(&r, g, o), want);
    assert_null(r);
    if (strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s' lacks '%s'", mpol_last_error(), msg);
}

static void test_errors(void **state)
{
    (void)state;
    const double A[] = {2, 4, 1, 3}, B[] = {1, 0, 0, 1};
    mpol_game *g = bimatrix(2, 2, A, B);
    mpol_stackelberg_opts o;
    mpol_stackelberg_opts_init(&o);
    assert_int_equal(mpol_stackelberg_solve(NULL, g, &o), MPOL_EINVAL);
    expect_error(NULL, &o, MPOL_EINVAL, "NULL game");
    o.leader = 2;
    expect_error(g, &o, MPOL_EINVAL, "leader 3 of 2 players");
    o.leader = 0;
    o.tol = -1;
    expect_error(g, &o, MPOL_EINVAL, "tol");
    o.tol = 1e-9;
    o.max_lps = 1;
    expect_error(g, &o, MPOL_ELIMIT, "2 pure profiles");
    o.max_lps = MPOL_STACKELBERG_MAX_LPS;
    g->payoff[3] = NAN;
    expect_error(g, &o, MPOL_EINVAL, "not finite");
    mpol_game_free(g);
    /* three players: followers playing matching pennies whatever the leader
     * does have no pure equilibrium among them */
    size_t ns[3] = {2, 2, 2};
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    for (size_t c = 0; c < 8; c++) {
        size_t prof[3];
        mpol_game_profile(g, c, prof);
        g->payoff[3 * c + 1] = prof[1] == prof[2] ? 1 : -1;
        g->payoff[3 * c + 2] = prof[1] == prof[2] ? -1 : 1;
    }
    expect_error(g, &o, MPOL_ENUMERIC, "no pure profile");
    o.method = MPOL_STACKELBERG_WEAK; /* weak: the same (test_stackelberg_weakn.c) */
    expect_error(g, &o, MPOL_ENUMERIC, "no pure profile");
    mpol_game_free(g);
    size_t one = 3;
    assert_int_equal(mpol_game_alloc(&g, 1, &one), MPOL_OK);
    o.method = MPOL_STACKELBERG_STRONG;
    expect_error(g, &o, MPOL_EINVAL, "2 to 64 players");
    mpol_game_free(g);
}

static void test_method_names(void **state)
{
    (void)state;
    mpol_stackelberg_method m = MPOL_STACKELBERG_STRONG;
    assert_string_equal(mpol_stackelberg_method_name(MPOL_STACKELBERG_WEAK), "stackelberg-weak");
    assert_string_equal(mpol_stackelberg_method_name(MPOL_STACKELBERG_METHOD_COUNT), "unknown");
    assert_int_equal(mpol_stackelberg_method_parse(&m, "pure"), MPOL_OK);
    assert_int_equal(m, MPOL_STACKELBERG_PURE);
    assert_int_equal(mpol_stackelberg_method_parse(&m, "stackelberg"), MPOL_OK);
    assert_int_equal(m, MPOL_STACKELBERG_STRONG);
    assert_int_equal(mpol_stackelberg_method_parse(&m, "nash"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_STACKELBERG_STRONG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbook),        cmocka_unit_test(test_leader_second),
        cmocka_unit_test(test_random_bimatrix), cmocka_unit_test(test_three_players),
        cmocka_unit_test(test_zero_sum_value),  cmocka_unit_test(test_certificate),
        cmocka_unit_test(test_errors),          cmocka_unit_test(test_method_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
