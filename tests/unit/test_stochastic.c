/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of stochastic.h. Zero-sum: the discounted Big Match (Blackwell & Ferguson 1968;
 * its discounted value is 1/2 in normalised payoffs for every discount, here the total
 * 1 / (2 (1 - beta)), with the row player stopping with probability (1 - beta) / (2 - beta) and
 * the column player mixing 1/2, derived in the comment of test_big_match), a two-state game
 * with the closed form v = 1 / (2 - beta), one-state games (value of the matrix game over
 * 1 - delta), Markov decision problems (one column action) against brute force over every
 * pure stationary policy, value iteration == Hoffman-Karp == policy iteration from 0 on
 * seeded random games, stopping probabilities, warm starts changing nothing but the work.
 * General-sum: the repeated prisoner's dilemma's stationary equilibrium (defect), matching
 * pennies as a bimatrix stochastic game (1/2), seeded random games with two and three
 * players (verified regret ~ 0 where found), a tampered strategy failing the check by the
 * right amount, and the error paths of validation and options.
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/stochastic.h"
#include "multipolar/zerosum.h"

/* A game with S states of equal action counts, arrays owned by the struct. */
typedef struct tgame {
    mpol_sg g;
    size_t na[64], off[17];
    double pay[4096], next[4096], stop[1024];
} tgame;

static void tgame_init(tgame *t, size_t S, size_t n, const size_t *acts, int zero_sum,
                       double discount)
{
    memset(t, 0, sizeof *t);
    t->off[0] = 0;
    for (size_t s = 0; s < S; s++) {
        size_t cells = 1;
        for (size_t p = 0; p < n; p++) {
            t->na[s * n + p] = acts[p];
            cells *= acts[p];
        }
        t->off[s + 1] = t->off[s] + cells;
    }
    t->g = (mpol_sg){.nplayers = n,
                     .nstates = S,
                     .nactions = t->na,
                     .offset = t->off,
                     .payoff = t->pay,
                     .next = t->next,
                     .stop = NULL,
                     .discount = discount,
                     .zero_sum = zero_sum};
}

static void random_game(tgame *t, mpol_test_rng *rng, size_t S, size_t n, const size_t *acts,
                        int zs, double discount)
{
    tgame_init(t, S, n, acts, zs, discount);
    size_t K = t->off[S];
    for (size_t k = 0; k < K; k++) {
        for (size_t p = 0; p < n; p++)
            t->pay[k * n + p] = (double)mpol_test_rng_int(rng, -10, 10);
        double sum = 0.0;
        for (size_t s = 0; s < S; s++)
            sum += t->next[k * S + s] = mpol_test_rng_uniform(rng) + 0.01;
        for (size_t s = 0; s < S; s++)
            t->next[k * S + s] /= sum;
    }
}

static mpol_sg_result *solve(const mpol_sg *g, mpol_sg_method method, mpol_status want)
{
    mpol_sg_opts o;
    mpol_sg_opts_init(&o);
    o.method = method;
    mpol_sg_result *r = NULL;
    mpol_status st = mpol_sg_solve(&r, g, &o);
    if (st != want)
        fprintf(stderr, "%s\n", mpol_last_error());
    assert_int_equal(st, want);
    assert_non_null(r);
    return r;
}

/*
 * The Big Match, discounted: state 0 (row Stop/Continue, column L/R), 1 won (1 forever),
 * 2 lost (0 forever). Stop,L: 1 then won; Stop,R: 0 then lost; Cont,L: 0 stay; Cont,R: 1 stay.
 * With v_won = 1/(1-b), G = [[1/(1-b), 0], [b v, 1 + b v]], whose value a d / (a + d - c) at
 * v = 1/(2(1-b)) is v again: 2(2-b) / (2(2-b)) = 1 in units of 1/(2(1-b)).
 */
static void test_big_match(void **state)
{
    (void)state;
    const double betas[] = {0.5, 0.9, 0.99};
    for (size_t bi = 0; bi < 3; bi++) {
        double b = betas[bi];
        tgame t;
        size_t acts[2] = {2, 2};
        tgame_init(&t, 3, 2, acts, 1, b);
        /* profiles in Gambit order: (S,L) (C,L) (S,R) (C,R); payoff[k * 2] */
        double r0[4] = {1, 0, 0, 1};
        size_t to[4] = {1, 0, 2, 0};
        for (size_t k = 0; k < 4; k++) {
            t.pay[k * 2] = r0[k];
            t.next[k * 3 + to[k]] = 1.0;
        }
        for (size_t k = 4; k < 8; k++) { /* won: 1 forever */
            t.pay[k * 2] = 1.0;
            t.next[k * 3 + 1] = 1.0;
        }
        for (size_t k = 8; k < 12; k++) /* lost: 0 forever */
            t.next[k * 3 + 2] = 1.0;
        mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
        assert_true(r->verified);
        assert_true(fabs(r->value[0] - 1.0 / (2.0 * (1.0 - b))) < 1e-9 / (1.0 - b));
        assert_true(fabs(r->value[2] - 1.0 / (1.0 - b)) < 1e-9 / (1.0 - b));
        assert_true(fabs(r->value[4]) < 1e-9);
        assert_true(fabs(r->strategy[0] - (1.0 - b) / (2.0 - b)) < 1e-9);
        assert_true(fabs(r->strategy[2] - 0.5) < 1e-9);
        assert_true(r->check->bound < 1e-9 * r->check->scale);
        mpol_sg_result_free(r);
    }
}

/* Two states; in state 0 a diagonal game [[1 + b v, 0], [0, 1 + b v]] (matching: stay on the
 * diagonal, else go to the absorbing state 1 worth 0): v = (1 + b v) / 2, v = 1 / (2 - b). */
static void test_diagonal_closed_form(void **state)
{
    (void)state;
    double b = 0.8;
    tgame t;
    size_t acts[2] = {2, 2};
    tgame_init(&t, 2, 2, acts, 1, b);
    for (size_t k = 0; k < 4; k++) {
        int diag = k == 0 || k == 3;
        t.pay[k * 2] = diag ? 1.0 : 0.0;
        t.next[k * 2 + (diag ? 0 : 1)] = 1.0;
    }
    for (size_t k = 4; k < 8; k++)
        t.next[k * 2 + 1] = 1.0;
    for (int m = 1; m <= 3; m++) {
        mpol_sg_result *r = solve(&t.g, (mpol_sg_method)m, MPOL_OK);
        assert_true(fabs(r->value[0] - 1.0 / (2.0 - b)) < 1e-9);
        assert_true(fabs(r->strategy[0] - 0.5) < 1e-9 && fabs(r->strategy[2] - 0.5) < 1e-9);
        mpol_sg_result_free(r);
    }
}

/* One state: the value of the matrix game over 1 - delta. */
static void test_one_state(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    for (int rep = 0; rep < 30; rep++) {
        size_t m = 1 + (size_t)mpol_test_rng_int(&rng, 0, 4);
        size_t n = 1 + (size_t)mpol_test_rng_int(&rng, 0, 4);
        size_t acts[2] = {m, n};
        tgame t;
        double delta = 0.5 + 0.45 * mpol_test_rng_uniform(&rng);
        random_game(&t, &rng, 1, 2, acts, 1, delta);
        double A[25];
        for (size_t k = 0; k < m * n; k++)
            A[(k % m) * n + k / m] = t.pay[k * 2];
        mpol_zs_result *z = NULL;
        assert_int_equal(mpol_zs_solve(&z, A, m, n, NULL), MPOL_OK);
        mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
        assert_true(fabs(r->value[0] - z->value / (1.0 - delta)) < 1e-8 / (1.0 - delta));
        mpol_sg_result_free(r);
        mpol_zs_result_free(z);
    }
}

/* The values of a pure policy by Gaussian elimination (the test's own). */
static void policy_values(const tgame *t, const size_t *pol, double *v)
{
    size_t S = t->g.nstates, na = t->na[0];
    double M[8][9];
    for (size_t s = 0; s < S; s++) {
        size_t k = t->off[s] + pol[s];
        (void)na;
        for (size_t u = 0; u < S; u++)
            M[s][u] = (s == u) - t->g.discount * t->next[k * S + u];
        M[s][S] = t->pay[k * 2];
    }
    for (size_t c = 0; c < S; c++) {
        size_t p = c;
        for (size_t r = c + 1; r < S; r++)
            if (fabs(M[r][c]) > fabs(M[p][c]))
                p = r;
        for (size_t j = 0; j <= S; j++) {
            double x = M[c][j];
            M[c][j] = M[p][j];
            M[p][j] = x;
        }
        for (size_t r = 0; r < S; r++)
            if (r != c) {
                double f = M[r][c] / M[c][c];
                for (size_t j = c; j <= S; j++)
                    M[r][j] -= f * M[c][j];
            }
    }
    for (size_t s = 0; s < S; s++)
        v[s] = M[s][S] / M[s][s];
}

/* Markov decision problems (the column player has one action): the values are the best of
 * all |A|^S pure stationary policies, state by state. */
static void test_mdp_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    for (int rep = 0; rep < 20; rep++) {
        size_t S = 3, A = 3, acts[2] = {A, 1};
        tgame t;
        random_game(&t, &rng, S, 2, acts, 1, 0.9);
        double best[3] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
        for (size_t code = 0; code < 27; code++) {
            size_t pol[3] = {code % 3, code / 3 % 3, code / 9};
            double v[3];
            policy_values(&t, pol, v);
            for (size_t s = 0; s < S; s++)
                best[s] = fmax(best[s], v[s]);
        }
        mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
        for (size_t s = 0; s < S; s++)
            assert_true(fabs(r->value[2 * s] - best[s]) < 1e-8);
        mpol_sg_result_free(r);
    }
}

/* Value iteration, Shapley (VI + Hoffman-Karp) and policy iteration from 0 agree; stopping
 * probabilities; warm starts change only the work. */
static void test_methods_agree(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    for (int rep = 0; rep < 15; rep++) {
        size_t acts[2] = {3, 3};
        tgame t;
        random_game(&t, &rng, 4, 2, acts, 1, 0.95);
        if (rep % 3 == 0) { /* stopping probabilities instead of discounting */
            t.g.discount = 1.0;
            t.g.stop = t.stop;
            for (size_t k = 0; k < t.off[4]; k++)
                t.stop[k] = 0.05 + 0.2 * mpol_test_rng_uniform(&rng);
        }
        mpol_sg_result *r[3];
        for (int m = 0; m < 3; m++) {
            r[m] = solve(&t.g, (mpol_sg_method)(m + 1), MPOL_OK);
            assert_true(r[m]->verified);
        }
        for (size_t s = 0; s < 4; s++) {
            assert_true(fabs(r[0]->value[2 * s] - r[1]->value[2 * s]) < 1e-7 * r[0]->check->scale);
            assert_true(fabs(r[0]->value[2 * s] - r[2]->value[2 * s]) < 1e-9 * r[0]->check->scale);
        }
        assert_true(r[0]->pi_iterations >= 1);
        mpol_sg_opts o;
        mpol_sg_opts_init(&o);
        o.method = MPOL_SG_VALUE_ITERATION;
        o.warm = 0;
        mpol_sg_result *cold = NULL;
        assert_int_equal(mpol_sg_solve(&cold, &t.g, &o), MPOL_OK);
        assert_int_equal(cold->warm_hits, 0);
        for (size_t s = 0; s < 4; s++)
            assert_true(fabs(cold->value[2 * s] - r[1]->value[2 * s]) < 1e-7 * cold->check->scale);
        mpol_sg_result_free(cold);
        for (int m = 0; m < 3; m++)
            mpol_sg_result_free(r[m]);
    }
}

/* A tampered zero-sum answer fails by the right amount: shifting v(0) by e makes the Bellman
 * residual e (and the gap moves by at most b e). */
static void test_zs_tampered(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 9);
    size_t acts[2] = {2, 3};
    tgame t;
    random_game(&t, &rng, 3, 2, acts, 1, 0.9);
    mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
    double v[3] = {r->value[0] + 1e-3, r->value[2], r->value[4]};
    mpol_sg_check *c = NULL;
    assert_int_equal(mpol_sg_zs_verify(&c, &t.g, v, r->strategy, 1e-9), MPOL_OK);
    assert_false(c->ok);
    assert_true(c->residual[0] > 1e-3 * (1 - 0.9) - 1e-12 && c->max_error >= 1e-4);
    mpol_sg_check_free(c);
    mpol_sg_result_free(r);
}

static void test_prisoners_dilemma(void **state)
{
    (void)state;
    size_t acts[2] = {2, 2};
    tgame t;
    tgame_init(&t, 1, 2, acts, 0, 0.9);
    /* (C,C) (D,C) (C,D) (D,D): R=3, T=5, S=0, P=1 */
    double pay[8] = {3, 3, 5, 0, 0, 5, 1, 1};
    memcpy(t.pay, pay, sizeof pay);
    for (size_t k = 0; k < 4; k++)
        t.next[k] = 1.0;
    mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
    assert_true(r->found && r->verified);
    assert_true(r->strategy[1] == 1.0 && r->strategy[3] == 1.0);
    assert_true(fabs(r->value[0] - 10.0) < 1e-9);
    mpol_sg_result_free(r);
}

static void test_matching_pennies(void **state)
{
    (void)state;
    size_t acts[2] = {2, 2};
    tgame t;
    tgame_init(&t, 2, 2, acts, 0, 0.75);
    for (size_t s = 0; s < 2; s++)
        for (size_t k = 0; k < 4; k++) {
            double u = (k == 0 || k == 3) ? 1.0 : -1.0;
            t.pay[(4 * s + k) * 2] = u * (double)(s + 1);
            t.pay[(4 * s + k) * 2 + 1] = -u * (double)(s + 1);
            t.next[(4 * s + k) * 2 + (k % 2)] = 1.0;
        }
    mpol_sg_result *r = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
    assert_true(r->found && r->verified);
    /* the zero-sum solver on the same game gives the same values */
    t.g.zero_sum = 1;
    mpol_sg_result *z = solve(&t.g, MPOL_SG_AUTO, MPOL_OK);
    for (size_t s = 0; s < 2; s++)
        assert_true(fabs(r->value[2 * s] - z->value[2 * s]) < 1e-8);
    mpol_sg_result_free(z);
    mpol_sg_result_free(r);
}

/* Seeded random general-sum games: every found answer has regret ~ 0 per state, recomputed
 * here by mpol_sg_verify; a tampered strategy fails. Most of them are found. */
static void test_random_general(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 21);
    int found = 0, total = 0;
    for (int rep = 0; rep < 24; rep++) {
        size_t n = rep % 3 == 2 ? 3 : 2;
        size_t acts[3] = {2, 2 + (size_t)(rep % 2), 2};
        tgame t;
        random_game(&t, &rng, 2 + (size_t)(rep % 2), n, acts, 0, 0.8);
        mpol_sg_opts o;
        mpol_sg_opts_init(&o);
        o.max_iter = 2000;
        mpol_sg_result *r = NULL;
        mpol_status st = mpol_sg_solve(&r, &t.g, &o);
        assert_non_null(r);
        total++;
        if (st == MPOL_EVERIFY) {
            assert_false(r->found);
            assert_false(r->verified);
            mpol_sg_result_free(r);
            continue;
        }
        assert_int_equal(st, MPOL_OK);
        found++;
        mpol_sg_check *c = NULL;
        assert_int_equal(mpol_sg_verify(&c, NULL, &t.g, r->strategy, 1e-9), MPOL_OK);
        assert_true(c->ok && c->max_error < 1e-9 * c->scale);
        mpol_sg_check_free(c);
        /* tamper: move 0.1 of player 0's probability in state 0 to another action */
        double *x = r->strategy;
        size_t a = x[0] > 0.5 ? 0 : 1;
        x[a] -= 0.1, x[1 - a] += 0.1;
        assert_int_equal(mpol_sg_verify(&c, NULL, &t.g, r->strategy, 1e-9), MPOL_OK);
        /* a strict best reply loses; an indifferent one may not (mixed equilibria) */
        if (!c->ok)
            assert_true(c->max_error > 1e-9 * c->scale);
        mpol_sg_check_free(c);
        x[a] += 0.3; /* off the simplex by 0.2: always caught */
        assert_int_equal(mpol_sg_verify(&c, NULL, &t.g, r->strategy, 1e-9), MPOL_OK);
        assert_false(c->ok);
        mpol_sg_check_free(c);
        mpol_sg_result_free(r);
    }
    assert_true(found * 4 >= total * 3);
}

static void test_errors(void **state)
{
    (void)state;
    size_t acts[2] = {2, 2};
    tgame t;
    tgame_init(&t, 1, 2, acts, 1, 0.9);
    for (size_t k = 0; k < 4; k++)
        t.next[k] = 1.0;
    mpol_sg_result *r = (mpol_sg_result *)&t;
    assert_int_equal(mpol_sg_solve(NULL, &t.g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_sg_solve(&r, NULL, NULL), MPOL_EINVAL);
    assert_null(r);
    t.g.discount = 1.0; /* no stopping: need not end */
    assert_int_equal(mpol_sg_solve(&r, &t.g, NULL), MPOL_EINVAL);
    t.g.discount = 1.5;
    assert_int_equal(mpol_sg_validate(&t.g, NULL), MPOL_EINVAL);
    t.g.discount = 0.9;
    t.next[0] = 0.5; /* sums to 0.5 */
    assert_int_equal(mpol_sg_validate(&t.g, NULL), MPOL_EINVAL);
    t.next[0] = 1.0;
    t.pay[0] = NAN;
    assert_int_equal(mpol_sg_validate(&t.g, NULL), MPOL_EINVAL);
    t.pay[0] = 0.0;
    t.off[1] = 3;
    assert_int_equal(mpol_sg_validate(&t.g, NULL), MPOL_EINVAL);
    t.off[1] = 4;
    t.g.nplayers = 3; /* zero-sum with 3 players */
    assert_int_equal(mpol_sg_validate(&t.g, NULL), MPOL_EINVAL);
    t.g.nplayers = 2;
    double beta = 0;
    assert_int_equal(mpol_sg_validate(&t.g, &beta), MPOL_OK);
    assert_true(beta == 0.9);
    mpol_sg_opts o;
    mpol_sg_opts_init(&o);
    o.tol = 0;
    assert_int_equal(mpol_sg_solve(&r, &t.g, &o), MPOL_EINVAL);
    mpol_sg_opts_init(&o);
    o.method = (mpol_sg_method)99;
    assert_int_equal(mpol_sg_solve(&r, &t.g, &o), MPOL_EINVAL);
    t.g.zero_sum = 0;
    o.method = MPOL_SG_SHAPLEY;
    assert_int_equal(mpol_sg_solve(&r, &t.g, &o), MPOL_EINVAL);
    mpol_sg_method m = MPOL_SG_AUTO;
    assert_int_equal(mpol_sg_method_parse(&m, "nope"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_SG_AUTO);
    assert_int_equal(mpol_sg_method_parse(&m, "hoffman-karp"), MPOL_OK);
    assert_string_equal(mpol_sg_method_name(m), "policy-iteration");
    assert_string_equal(mpol_sg_method_name((mpol_sg_method)42), "unknown");
    mpol_sg_check *c = (mpol_sg_check *)&t;
    double v[1] = {0}, x[4] = {1, 0, 1, 0};
    assert_int_equal(mpol_sg_zs_verify(&c, &t.g, v, x, 1e-9), MPOL_EINVAL); /* not zero-sum */
    assert_null(c);
    assert_int_equal(mpol_sg_verify(&c, NULL, &t.g, NULL, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_sg_verify(&c, NULL, &t.g, x, 2.0), MPOL_EINVAL);
    mpol_sg_result_free(NULL);
    mpol_sg_check_free(NULL);
    mpol_sg_game_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_match),         cmocka_unit_test(test_diagonal_closed_form),
        cmocka_unit_test(test_one_state),         cmocka_unit_test(test_mdp_brute_force),
        cmocka_unit_test(test_methods_agree),     cmocka_unit_test(test_zs_tampered),
        cmocka_unit_test(test_prisoners_dilemma), cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_random_general),    cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
