/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the Bayesian Stackelberg MILP (mpol_stackelberg_bayes_solve): one type is
 * the bimatrix strong Stackelberg equilibrium (the textbook 3.5); a two-type game worked by
 * hand (2.5 at x = (1/2, 1/2)); seeded random games against the multiple-LPs method on the
 * Harsanyi game (every type a follower whose payoffs do not depend on the other types, the
 * leader's payoff the prior-weighted sum: its pure equilibria among the followers are
 * exactly the type-wise best replies), with the per-type check; the error paths.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/model.h"
#include "multipolar/stackelberg.h"

static mpol_bsg_result *solve(const mpol_bsg *g)
{
    mpol_bsg_result *r = NULL;
    mpol_status st = mpol_stackelberg_bayes_solve(&r, g, NULL);
    if (st != MPOL_OK)
        fail_msg("%s: %s", mpol_status_name(st), mpol_last_error());
    assert_non_null(r);
    assert_true(r->verified);
    for (size_t t = 0; t < g->ntypes; t++)
        assert_true(r->type_regret[t] <= r->tol_abs);
    return r;
}

static void test_one_type(void **state)
{
    (void)state;
    const double R[] = {2, 4, 1, 3}, C[] = {1, 0, 0, 1}, p[] = {1};
    mpol_bsg g = {2, 2, 1, p, R, C};
    mpol_bsg_result *r = solve(&g);
    assert_close(r->value, 3.5, 1e-9);
    assert_close(r->commitment[0], 0.5, 1e-9);
    assert_int_equal(r->reply[0], 1);
    assert_close(r->type_value[0], 3.5, 1e-9);
    assert_int_equal(r->binaries, 2);
    mpol_bsg_result_free(r);
}

/* Type 1 the textbook follower, type 2 always plays Left (prior 1/2 each): 2.5 at (1/2, 1/2);
 * pure commitments give 2. */
static void test_two_types(void **state)
{
    (void)state;
    const double R[] = {2, 4, 1, 3, 2, 4, 1, 3}, C[] = {1, 0, 0, 1, 1, 0, 1, 0}, p[] = {0.5, 0.5};
    mpol_bsg g = {2, 2, 2, p, R, C};
    mpol_bsg_result *r = solve(&g);
    assert_close(r->value, 2.5, 1e-9);
    assert_close(r->commitment[0], 0.5, 1e-9);
    assert_int_equal(r->reply[0], 1);
    assert_int_equal(r->reply[1], 0);
    assert_close(r->type_value[0], 3.5, 1e-9);
    assert_close(r->type_value[1], 1.5, 1e-9);
    assert_close(r->leader_value, 2.5, 1e-9);
    mpol_bsg_result_free(r);
}

/* The check sees a tampered commitment (type 1 then prefers Left by 0.2) and value. */
static void test_certificate(void **state)
{
    (void)state;
    const double R[] = {2, 4, 1, 3, 2, 4, 1, 3}, C[] = {1, 0, 0, 1, 1, 0, 1, 0}, p[] = {0.5, 0.5};
    mpol_bsg g = {2, 2, 2, p, R, C};
    mpol_bsg_result *r = solve(&g);
    r->commitment[0] = 0.6;
    r->commitment[1] = 0.4;
    assert_int_equal(mpol_stackelberg_bayes_certify(r, &g, 1e-9), MPOL_OK);
    assert_false(r->verified);
    assert_close(r->type_regret[0], 0.2, 1e-12);
    assert_close(r->type_regret[1], 0.0, 1e-12);
    r->commitment[0] = r->commitment[1] = 0.5;
    r->value = 2.75;
    assert_int_equal(mpol_stackelberg_bayes_certify(r, &g, 1e-9), MPOL_OK);
    assert_false(r->verified);
    assert_close(r->value_error, 0.25, 1e-12);
    r->value = 2.5;
    assert_int_equal(mpol_stackelberg_bayes_certify(r, &g, 1e-9), MPOL_OK);
    assert_true(r->verified);
    r->reply[1] = 2;
    assert_int_equal(mpol_stackelberg_bayes_certify(r, &g, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_stackelberg_bayes_certify(NULL, &g, 1e-9), MPOL_EINVAL);
    mpol_bsg_result_free(r);
}

/* The Harsanyi game: player 0 the leader, player 1 + t type t. */
static mpol_game *harsanyi(const mpol_bsg *b)
{
    size_t ns[5] = {b->m, b->n, b->n, b->n, b->n}, prof[5];
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 1 + b->ntypes, ns), MPOL_OK);
    size_t N = g->nplayers;
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        double lead = 0.0;
        for (size_t t = 0; t < b->ntypes; t++) {
            size_t k = (t * b->m + prof[0]) * b->n + prof[1 + t];
            lead += b->prior[t] * b->leader[k];
            g->payoff[c * N + 1 + t] = b->follower[k];
        }
        g->payoff[c * N] = lead;
    }
    return g;
}

static void test_random_against_harsanyi(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 15);
    double R[3 * 4 * 4], C[3 * 4 * 4], p[3];
    for (int rep = 0; rep < mpol_test_reps(60); rep++) {
        size_t m = (size_t)mpol_test_rng_int(&rng, 2, 4), n = (size_t)mpol_test_rng_int(&rng, 2, 4);
        size_t T = (size_t)mpol_test_rng_int(&rng, 1, 3);
        double sum = 0.0;
        for (size_t t = 0; t < T; t++)
            sum += p[t] = 1.0 + (double)mpol_test_rng_int(&rng, 0, 9);
        for (size_t t = 0; t < T; t++)
            p[t] /= sum;
        for (size_t k = 0; k < T * m * n; k++) {
            R[k] = (double)mpol_test_rng_int(&rng, 0, rep % 2 ? 3 : 99);
            C[k] = (double)mpol_test_rng_int(&rng, 0, rep % 2 ? 3 : 99);
        }
        mpol_bsg b = {m, n, T, p, R, C};
        mpol_bsg_result *r = solve(&b);
        mpol_game *g = harsanyi(&b);
        mpol_stackelberg_result *h = NULL;
        assert_int_equal(mpol_stackelberg_solve(&h, g, NULL), MPOL_OK);
        assert_close(r->value, h->value, 1e-7);
        assert_close(r->leader_value, r->value, 1e-7);
        mpol_stackelberg_result_free(h);
        mpol_game_free(g);
        mpol_bsg_result_free(r);
    }
}

#define BSG_MODEL                                                                                  \
    "title: t\nkind: bayesian-stackelberg\nparameters:\n  p: {default: 0.5}\n"                     \
    "leader: {name: L, strategies: [Up, Down]}\nfollower: {name: F, strategies: [Left, Right]}\n"  \
    "types:\n  - name: a\n    prior: p\n    payoffs: [[[2, 1], [4, 0]], [[1, 0], [3, 1]]]\n"       \
    "  - name: b\n    prior: 1 - p\n    payoffs: [[[2, 1], [4, 0]], [[1, 1], [3, 0]]]\n"

/* The model kind: the two-type game of test_two_types read from YAML, re-evaluated at other
 * priors, written back and read again; its errors. */
static void test_model_kind(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(BSG_MODEL);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_BAYESIAN_STACKELBERG);
    mpol_bsg_game *g = NULL;
    assert_int_equal(mpol_model_bsg(&g, m), MPOL_OK);
    assert_string_equal(g->type_names[1], "b");
    assert_close(g->prior[1], 0.5, 0);
    mpol_bsg_result *r = solve(&g->game);
    assert_close(r->value, 2.5, 1e-9);
    mpol_bsg_result_free(r);
    double p1 = 1.0; /* type a only: the textbook 3.5 */
    assert_int_equal(mpol_model_eval_bsg(m, &p1, g), MPOL_OK);
    r = solve(&g->game);
    assert_close(r->value, 3.5, 1e-9);
    mpol_bsg_result_free(r);
    double p2 = 1.5;
    assert_int_equal(mpol_model_eval_bsg(m, &p2, g), MPOL_ENUMERIC);
    assert_non_null(strstr(mpol_last_error(), "a prior must be non-negative, not -0.5"));
    mpol_bsg_game_free(g);
    char *yaml = mpol_test_model_yaml(m, NULL);
    mpol_model *m2 = mpol_test_load_ok(yaml);
    assert_int_equal(mpol_model_bsg(&g, m2), MPOL_OK);
    assert_close(g->follower[4 + 2], 1, 0); /* type b, Down, Left: follower 1 */
    mpol_bsg_game_free(g);
    mpol_model_free(m2);
    free(yaml);
    mpol_model_free(m);
    mpol_test_load_error("title: t\nkind: bayesian-stackelberg\nleader: {name: L, strategies: "
                         "[U]}\nfollower: {name: F, strategies: [l, r]}\ntypes:\n  - name: a\n"
                         "    prior: 1\n    payoffs: [[[1, 2]]]\n",
                         MPOL_EPARSE,
                         "t.yaml:8:15: a payoff row has 1 pairs, the follower 2 "
                         "strategies");
    mpol_test_load_error("title: t\nkind: bayesian-stackelberg\nleader: {name: L, strategies: "
                         "[U]}\nfollower: {name: F, strategies: [l]}\ntypes:\n  - name: a\n"
                         "    prior: 0.5\n    payoffs: [[[1, 2]]]\n",
                         MPOL_ENUMERIC, "t.yaml:7:12: the priors sum to 0.5, not 1");
    mpol_bsg_game *none = (mpol_bsg_game *)1;
    m = mpol_test_load_ok("title: t\nkind: zero-sum\nplayers:\n  - {name: A, strategies: [a]}\n"
                          "  - {name: B, strategies: [b]}\npayoffs: [[1]]\n");
    assert_int_equal(mpol_model_bsg(&none, m), MPOL_EINVAL);
    assert_null(none);
    mpol_model_free(m);
}

static void expect_error(const mpol_bsg *g, mpol_status want, const char *msg)
{
    mpol_bsg_result *r = (mpol_bsg_result *)1;
    assert_int_equal(mpol_stackelberg_bayes_solve(&r, g, NULL), want);
    assert_null(r);
    if (strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s' lacks '%s'", mpol_last_error(), msg);
}

static void test_errors(void **state)
{
    (void)state;
    double R[] = {2, 4, 1, 3}, C[] = {1, 0, 0, 1}, p[] = {0.5, 0.5};
    mpol_bsg g = {2, 2, 1, p, R, C};
    expect_error(&g, MPOL_EINVAL, "sums to 0.5");
    p[0] = -1;
    g.ntypes = 2;
    expect_error(&g, MPOL_EINVAL, "not a probability");
    p[0] = 1;
    g.ntypes = 1;
    g.m = 0;
    expect_error(&g, MPOL_EINVAL, "0 leader strategies");
    g.m = 2;
    R[1] = NAN;
    expect_error(&g, MPOL_EINVAL, "not finite");
    R[1] = 4;
    expect_error(NULL, MPOL_EINVAL, "NULL");
    g.ntypes = (size_t)1 << 20;
    expect_error(&g, MPOL_ELIMIT, "binaries");
    assert_int_equal(mpol_stackelberg_bayes_solve(NULL, &g, NULL), MPOL_EINVAL);
    mpol_bsg_result_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_type),    cmocka_unit_test(test_two_types),
        cmocka_unit_test(test_certificate), cmocka_unit_test(test_random_against_harsanyi),
        cmocka_unit_test(test_model_kind),  cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
