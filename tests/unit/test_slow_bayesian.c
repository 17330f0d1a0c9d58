/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of bayesian.h: seeded random two-player games with up to 3 types x 3 actions per
 * player (ex-ante forms up to 27 x 27 plans, degenerate ones included: small integer payoffs,
 * priors with zeros), where every extreme BNE of "enumerate" must pass the interim check,
 * contain every pure BNE of "pure", agree with exact mode equilibrium by equilibrium, and
 * have tree regrets equal to the prior-weighted interim regrets.
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bayesian.h"
#include "multipolar/tree.h"

typedef struct rgame {
    mpol_bayes g;
    size_t nt[2], na[2];
    double prior[9], pay[9 * 9 * 2];
    mpol_rational qprior[9], qpay[9 * 9 * 2];
} rgame;

static void random_game(rgame *r, mpol_test_rng *rng)
{
    memset(r, 0, sizeof *r);
    size_t K = 1, C = 1;
    for (size_t p = 0; p < 2; p++) {
        r->nt[p] = (size_t)mpol_test_rng_int(rng, 1, 3);
        r->na[p] = (size_t)mpol_test_rng_int(rng, 2, 3);
        K *= r->nt[p];
        C *= r->na[p];
    }
    long w[9], tot = 0;
    for (size_t k = 0; k < K; k++)
        tot += w[k] = mpol_test_rng_int(rng, 0, 3);
    if (tot == 0)
        tot = w[0] = 1;
    for (size_t k = 0; k < K; k++) {
        r->prior[k] = (double)w[k] / (double)tot;
        r->qprior[k] = (mpol_rational){w[k], w[k] ? tot : 1};
    }
    for (size_t k = 0; k < K * C * 2; k++) {
        long v = mpol_test_rng_int(rng, -3, 3);
        r->pay[k] = (double)v;
        r->qpay[k] = (mpol_rational){v, 1};
    }
    r->g = (mpol_bayes){.nplayers = 2,
                        .ntypes = r->nt,
                        .nactions = r->na,
                        .nprofiles = K,
                        .ncells = C,
                        .prior = r->prior,
                        .payoff = r->pay};
}

static mpol_bayes_result *solve(const mpol_bayes *g, mpol_bayes_method m, int exact)
{
    mpol_bayes_opts o;
    mpol_bayes_opts_init(&o);
    o.method = m;
    o.exact = exact;
    mpol_bayes_result *r = NULL;
    mpol_status st = mpol_bayes_solve(&r, g, &o);
    if (st != MPOL_OK)
        fail_msg("solve: %s", mpol_last_error());
    return r;
}

static int contains(const mpol_bayes_result *r, const double *x)
{
    for (size_t e = 0; e < r->neq; e++) {
        size_t i = 0;
        while (i < r->strategy_size && fabs(r->eq[e].strategy[i] - x[i]) < 1e-9)
            i++;
        if (i == r->strategy_size)
            return 1;
    }
    return 0;
}

static void test_random_larger(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 1414);
    static rgame rg;
    size_t total = 0;
    for (int rep = 0; rep < mpol_test_reps(400); rep++) {
        random_game(&rg, &rng);
        mpol_bayes_result *e = solve(&rg.g, MPOL_BAYES_ENUMERATE, 0);
        mpol_bayes_result *p = solve(&rg.g, MPOL_BAYES_PURE, 0);
        assert_true(e->verified && p->verified && e->neq >= 1);
        for (size_t k = 0; k < p->neq; k++)
            assert_true(contains(e, p->eq[k].strategy));
        rg.g.prior_exact = rg.qprior;
        rg.g.payoff_exact = rg.qpay;
        mpol_bayes_result *x = solve(&rg.g, MPOL_BAYES_ENUMERATE, 1);
        assert_true(x->exact && x->verified);
        assert_int_equal(x->neq, e->neq);
        for (size_t k = 0; k < x->neq; k++)
            assert_true(contains(e, x->eq[k].strategy));
        mpol_tree *t = NULL;
        assert_int_equal(mpol_bayes_to_tree(&t, &rg.g, NULL, NULL, NULL), MPOL_OK);
        double beh[4096];
        for (size_t k = 0; k < e->neq; k++) {
            assert_int_equal(mpol_bayes_tree_behavior(beh, t, &rg.g, e->eq[k].strategy), MPOL_OK);
            mpol_tree_check *c = NULL;
            assert_int_equal(mpol_tree_certify(&c, t, beh, 1e-9), MPOL_OK);
            assert_true(c->verified);
            for (size_t q = 0; q < 2; q++)
                assert_close(c->value[q], e->eq[k].ex_ante[q], 1e-9);
            mpol_tree_check_free(c);
        }
        total += e->neq;
        mpol_tree_free(t);
        mpol_bayes_result_free(x);
        mpol_bayes_result_free(p);
        mpol_bayes_result_free(e);
    }
    assert_true(total > (size_t)mpol_test_reps(400));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_larger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
