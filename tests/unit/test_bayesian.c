/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of bayesian.h and the `bayesian` model kind. Known answers: the Battle of the
 * Sexes with incomplete information (Osborne 2004, section 9.2: player 2 wishes to meet or
 * to avoid player 1, prior 1/2 each; the unique pure BNE is (B, (B, S)); the two mixed
 * extreme BNE derived in test_bos), an entry game with a private cost type (the entrant
 * enters iff the prior of high cost exceeds 1/2; values by hand). Seeded random games: every
 * BNE of "enumerate" has interim regret below 1e-9, "pure" equals brute force over every pure
 * type-contingent profile (and is contained in the enumeration), exact mode's strings equal
 * the doubles and pass the exact check; the compiled tree: its values equal the ex-ante
 * payoffs, and its regret of each player is the prior-weighted sum of the player's interim
 * regrets (the best ex-ante deviation is a best interim reply type by type); a tampered
 * profile fails by the right amount; every grammar error with its LINE:COL; the write-back.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bayesian.h"
#include "multipolar/model.h"
#include "multipolar/tree.h"

static const char *const BOS = "title: BoS with incomplete information\n"
                               "kind: bayesian\n"
                               "players:\n"
                               "  - name: P1\n"
                               "    strategies: [B, S]\n"
                               "  - name: P2\n"
                               "    types: [meet, avoid]\n"
                               "    prior: [1/2, 1/2]\n"
                               "    strategies: [B, S]\n"
                               "payoffs:\n"
                               "  - {types: [\"*\", meet], profile: [B, B], payoff: [2, 1]}\n"
                               "  - {types: [\"*\", meet], profile: [B, S], payoff: [0, 0]}\n"
                               "  - {types: [\"*\", meet], profile: [S, B], payoff: [0, 0]}\n"
                               "  - {types: [\"*\", meet], profile: [S, S], payoff: [1, 2]}\n"
                               "  - {types: [\"*\", avoid], profile: [B, B], payoff: [2, 0]}\n"
                               "  - {types: [\"*\", avoid], profile: [B, S], payoff: [0, 2]}\n"
                               "  - {types: [\"*\", avoid], profile: [S, B], payoff: [0, 1]}\n"
                               "  - {types: [\"*\", avoid], profile: [S, S], payoff: [1, 0]}\n";

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
    assert_non_null(r);
    assert_true(r->verified);
    return r;
}

/* BoS: strategy layout P1 [B, S], P2 meet [B, S], P2 avoid [B, S]. By hand: (B, (B, S)) is
 * the pure BNE (P1: B earns 1/2 * 2 = 1 > S's 1/2); mixing P1 (1/3, 2/3) makes the avoid type
 * indifferent (B: 2/3, S: 2/3) while meet plays S (4/3 > 1/3), and avoid's (2/3, 1/3) makes
 * P1 indifferent (B: 1/2 * 2 * 2/3 = 2/3, S: 1/2 * 1 + 1/2 * 1/3 = 2/3); symmetrically P1
 * (2/3, 1/3) with meet mixing (2/3, 1/3) and avoid playing S. */
static void test_bos(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(BOS);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    assert_non_null(g->prior_exact);
    mpol_bayes_result *r = solve(&g->game, MPOL_BAYES_ENUMERATE, 1);
    assert_int_equal(r->neq, 3);
    assert_true(r->complete && r->exact);
    static const double want[3][6] = {{1.0 / 3, 2.0 / 3, 0, 1, 2.0 / 3, 1.0 / 3},
                                      {2.0 / 3, 1.0 / 3, 2.0 / 3, 1.0 / 3, 0, 1},
                                      {1, 0, 1, 0, 0, 1}};
    static const char *const want_ex[3][2] = {{"2/3", "1"}, {"2/3", "1"}, {"1", "3/2"}};
    for (size_t e = 0; e < 3; e++) {
        for (size_t i = 0; i < 6; i++)
            assert_close(r->eq[e].strategy[i], want[e][i], 1e-12);
        assert_string_equal(r->eq[e].ex_ante_exact[0], want_ex[e][0]);
        assert_string_equal(r->eq[e].ex_ante_exact[1], want_ex[e][1]);
    }
    assert_string_equal(r->eq[0].strategy_exact[0], "1/3");
    assert_close(r->eq[2].interim_value[2], 2.0, 1e-12); /* avoid plays S against B: 2 */
    assert_close(r->marginal[1], 0.5, 0);
    mpol_bayes_result_free(r);
    r = solve(&g->game, MPOL_BAYES_PURE, 0);
    assert_int_equal(r->neq, 1);
    assert_true(r->complete);
    for (size_t i = 0; i < 6; i++)
        assert_close(r->eq[0].strategy[i], want[2][i], 0);
    mpol_bayes_result_free(r);
    r = solve(&g->game, MPOL_BAYES_LOGIT, 0);
    assert_int_equal(r->neq, 1);
    mpol_bayes_result_free(r);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

/* Entry with a cost type (after Fudenberg and Tirole 1991, section 6.1; payoffs ours): the
 * incumbent (high cost with prior p) builds or not, the entrant enters or not. High cost:
 * not building is dominant (2 > 0, 3 > 2); low cost: building is dominant (3 > 2, 4 > 3);
 * the entrant earns 1 against no building and -1 against building, so it enters iff
 * p - (1 - p) > 0, p > 1/2. */
static const char *const ENTRY = "kind: bayesian\n"
                                 "parameters: {p: {default: 0.25, min: 0, max: 1}}\n"
                                 "players:\n"
                                 "  - name: Incumbent\n"
                                 "    types: [high, low]\n"
                                 "    prior: [p, 1 - p]\n"
                                 "    strategies: [build, none]\n"
                                 "  - {name: Entrant, strategies: [enter, out]}\n"
                                 "payoffs:\n"
                                 "  - {types: [high, only], profile: [build, enter], payoff: [0, "
                                 "-1]}\n"
                                 "  - {types: [high, only], profile: [build, out], payoff: [2, "
                                 "0]}\n"
                                 "  - {types: [high, only], profile: [none, enter], payoff: [2, "
                                 "1]}\n"
                                 "  - {types: [high, only], profile: [none, out], payoff: [3, "
                                 "0]}\n"
                                 "  - {types: [low, only], profile: [build, enter], payoff: [3, "
                                 "-1]}\n"
                                 "  - {types: [low, only], profile: [build, out], payoff: [4, "
                                 "0]}\n"
                                 "  - {types: [low, only], profile: [none, enter], payoff: [2, "
                                 "1]}\n"
                                 "  - {types: [low, only], profile: [none, out], payoff: [3, "
                                 "0]}\n";

static void test_entry(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(ENTRY);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    assert_null(g->prior_exact); /* the prior is an expression */
    /* layout: high [build, none], low [build, none], entrant [enter, out] */
    mpol_bayes_result *r = solve(&g->game, MPOL_BAYES_ENUMERATE, 0);
    assert_int_equal(r->neq, 1);
    static const double out_eq[6] = {0, 1, 1, 0, 0, 1}, in_eq[6] = {0, 1, 1, 0, 1, 0};
    for (size_t i = 0; i < 6; i++)
        assert_close(r->eq[0].strategy[i], out_eq[i], 1e-12);
    /* ex-ante: incumbent 1/4 * 3 + 3/4 * 4 = 3.75; entrant 0 */
    assert_close(r->eq[0].ex_ante[0], 3.75, 1e-12);
    assert_close(r->eq[0].interim_value[4 - 4 + 2], 0.0, 1e-12); /* the entrant's only type */
    mpol_bayes_result_free(r);
    /* exact mode on a prior given as an expression: 0.25 read as 1/4 */
    r = solve(&g->game, MPOL_BAYES_ENUMERATE, 1);
    assert_true(r->exact);
    assert_string_equal(r->eq[0].ex_ante_exact[0], "15/4");
    mpol_bayes_result_free(r);
    r = solve(&g->game, MPOL_BAYES_PURE, 1);
    assert_true(r->exact && r->neq == 1);
    assert_string_equal(r->eq[0].strategy_exact[1], "1");
    mpol_bayes_result_free(r);
    double p = 0.75;
    assert_int_equal(mpol_model_eval_bayesian(m, &p, g), MPOL_OK);
    r = solve(&g->game, MPOL_BAYES_ENUMERATE, 0);
    assert_int_equal(r->neq, 1);
    for (size_t i = 0; i < 6; i++)
        assert_close(r->eq[0].strategy[i], in_eq[i], 1e-12);
    assert_close(r->eq[0].ex_ante[1], 0.75 - 0.25, 1e-12);
    /* tampering: the low type not building against entry loses 3 - 2 = 1 (interim) */
    double x[6];
    memcpy(x, r->eq[0].strategy, sizeof x);
    x[2] = 0.0;
    x[3] = 1.0;
    mpol_bayes_check *c = NULL;
    assert_int_equal(mpol_bayes_certify(&c, &g->game, x, 0), MPOL_OK);
    assert_false(c->verified);
    assert_close(c->interim_regret[1], 1.0, 1e-12);
    assert_close(c->ex_ante_regret[0], 0.25 * 1.0, 1e-12);
    assert_close(c->max_error, 1.0, 1e-12);
    mpol_bayes_check_free(c);
    x[3] = 1.5; /* not a distribution */
    assert_int_equal(mpol_bayes_certify(&c, &g->game, x, 0), MPOL_OK);
    assert_close(c->simplex_error, 0.5, 1e-12);
    mpol_bayes_check_free(c);
    mpol_bayes_result_free(r);
    /* p = 1: the low type has probability 0 (no posterior, left out of the forms) */
    p = 1.0;
    assert_int_equal(mpol_model_eval_bayesian(m, &p, g), MPOL_OK);
    r = solve(&g->game, MPOL_BAYES_ENUMERATE, 0);
    assert_int_equal(r->neq, 1);
    assert_close(r->marginal[1], 0.0, 0);
    assert_close(r->eq[0].strategy[4], 1.0, 1e-12); /* enters */
    assert_close(r->eq[0].interim_regret[1], 0.0, 0);
    mpol_bayes_result_free(r);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

/* A random Bayesian game with arrays of its own. */
typedef struct rgame {
    mpol_bayes g;
    size_t nt[4], na[4];
    double prior[64], pay[64 * 64 * 4];
    mpol_rational qprior[64], qpay[64 * 64 * 4];
} rgame;

static void random_game(rgame *r, mpol_test_rng *rng, size_t n, int zeros)
{
    memset(r, 0, sizeof *r);
    size_t K = 1, C = 1;
    for (size_t p = 0; p < n; p++) {
        /* at most 9 plans per player: the ex-ante forms stay small */
        r->nt[p] = (size_t)mpol_test_rng_int(rng, 1, n == 2 ? 3 : 2);
        r->na[p] = (size_t)mpol_test_rng_int(rng, 2, n == 2 && r->nt[p] < 3 ? 3 : 2);
        K *= r->nt[p];
        C *= r->na[p];
    }
    long w[64], tot = 0;
    for (size_t k = 0; k < K; k++) {
        w[k] = mpol_test_rng_int(rng, zeros ? 0 : 1, 3);
        tot += w[k];
    }
    if (tot == 0) {
        w[0] = 1;
        tot = 1;
    }
    for (size_t k = 0; k < K; k++) {
        r->prior[k] = (double)w[k] / (double)tot;
        r->qprior[k] = (mpol_rational){w[k], tot};
        if (w[k] == 0)
            r->qprior[k].den = 1;
    }
    for (size_t k = 0; k < K * C * n; k++) {
        long v = mpol_test_rng_int(rng, -5, 5);
        r->pay[k] = (double)v;
        r->qpay[k] = (mpol_rational){v, 1};
    }
    r->g = (mpol_bayes){.nplayers = n,
                        .ntypes = r->nt,
                        .nactions = r->na,
                        .nprofiles = K,
                        .ncells = C,
                        .prior = r->prior,
                        .payoff = r->pay};
}

/* Every pure type-contingent profile (types of probability 0 play their first action) that
 * is a BNE, by brute force with mpol_bayes_certify (integer payoffs and priors with a small
 * denominator: regrets are 0 or at least 1/denominator^n). */
static size_t brute_pure(const mpol_bayes *g, double *out, size_t cap)
{
    size_t S = mpol_bayes_strategy_size(g), nt = 0, count = 0;
    for (size_t p = 0; p < g->nplayers; p++)
        nt += g->ntypes[p];
    double marg[16];
    mpol_bayes_marginals(marg, g);
    size_t digits[16], base[16], total = 1;
    for (size_t p = 0, i = 0; p < g->nplayers; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, i++) {
            base[i] = marg[i] > 0 ? g->nactions[p] : 1;
            total *= base[i];
        }
    double *x = calloc(S, sizeof *x);
    for (size_t code = 0; code < total; code++) {
        size_t r = code;
        for (size_t i = 0; i < nt; i++) {
            digits[i] = r % base[i];
            r /= base[i];
        }
        memset(x, 0, S * sizeof *x);
        for (size_t p = 0, i = 0; p < g->nplayers; p++)
            for (size_t t = 0; t < g->ntypes[p]; t++, i++)
                x[mpol_bayes_strategy_offset(g, p, t) + digits[i]] = 1.0;
        mpol_bayes_check *c = NULL;
        assert_int_equal(mpol_bayes_certify(&c, g, x, 1e-12), MPOL_OK);
        if (c->max_error <= 1e-9) {
            assert_true(count < cap);
            memcpy(out + count * S, x, S * sizeof *x);
            count++;
        }
        mpol_bayes_check_free(c);
    }
    free(x);
    return count;
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

static void test_random_two_players(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 14);
    static rgame rg;
    static double pure[4096 * 16];
    size_t found_mixed = 0;
    for (int rep = 0; rep < mpol_test_reps(60); rep++) {
        random_game(&rg, &rng, 2, rep % 3 == 0);
        const mpol_bayes *g = &rg.g;
        mpol_bayes_result *e = solve(g, MPOL_BAYES_ENUMERATE, 0);
        assert_true(e->neq >= 1);
        assert_true(e->max_regret < 1e-9);
        for (size_t k = 0; k < e->neq; k++)
            for (size_t i = 0; i < e->strategy_size; i++)
                found_mixed += e->eq[k].strategy[i] > 1e-9 && e->eq[k].strategy[i] < 1 - 1e-9;
        mpol_bayes_result *pr = solve(g, MPOL_BAYES_PURE, 0);
        size_t nb = brute_pure(g, pure, 4096);
        assert_int_equal(pr->neq, nb);
        for (size_t k = 0; k < nb; k++) {
            assert_true(contains(pr, pure + k * pr->strategy_size));
            assert_true(contains(e, pure + k * pr->strategy_size));
        }
        mpol_bayes_result_free(pr);
        mpol_bayes_result_free(e);
        /* exact mode: the same equilibria, strings equal to the doubles, exact check */
        rg.g.prior_exact = rg.qprior;
        rg.g.payoff_exact = rg.qpay;
        mpol_bayes_result *x = solve(g, MPOL_BAYES_ENUMERATE, 1);
        assert_true(x->exact);
        for (size_t k = 0; k < x->neq; k++)
            for (size_t i = 0; i < x->strategy_size; i++) {
                mpol_rational q;
                assert_int_equal(mpol_rational_parse(&q, x->eq[k].strategy_exact[i]), MPOL_OK);
                assert_close(mpol_rational_to_double(q), x->eq[k].strategy[i], 1e-12);
            }
        mpol_bayes_result_free(x);
    }
    assert_true(found_mixed > 0);
}

static void test_random_three_players(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    static rgame rg;
    static double pure[4096 * 16];
    size_t logit_ok = 0;
    for (int rep = 0; rep < mpol_test_reps(30); rep++) {
        random_game(&rg, &rng, 3, rep % 2);
        mpol_bayes_result *pr = solve(&rg.g, MPOL_BAYES_PURE, 0);
        size_t nb = brute_pure(&rg.g, pure, 4096);
        assert_int_equal(pr->neq, nb);
        for (size_t k = 0; k < nb; k++)
            assert_true(contains(pr, pure + k * pr->strategy_size));
        mpol_bayes_result_free(pr);
        mpol_bayes_opts o;
        mpol_bayes_opts_init(&o);
        mpol_bayes_result *r = NULL;
        mpol_status st = mpol_bayes_solve(&r, &rg.g, &o); /* auto: logit for 3 players */
        if (st == MPOL_OK) {
            assert_int_equal(r->method, MPOL_BAYES_LOGIT);
            assert_true(r->max_regret <= r->tol_abs);
            logit_ok++;
        }
        mpol_bayes_result_free(r);
        o.method = MPOL_BAYES_ENUMERATE;
        r = (mpol_bayes_result *)&r;
        assert_int_equal(mpol_bayes_solve(&r, &rg.g, &o), MPOL_EINVAL);
        assert_null(r);
        assert_non_null(strstr(mpol_last_error(), "enumerate needs two players"));
    }
    assert_true(logit_ok >= (size_t)mpol_test_reps(30) * 9 / 10);
}

/* Compiled tree: structure, values = ex-ante payoffs, regret = prior-weighted interim regrets,
 * for pure and random mixed profiles, and the round trip of the behaviour maps. */
static void test_tree(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    static rgame rg;
    for (int rep = 0; rep < mpol_test_reps(40); rep++) {
        size_t n = rep % 2 ? 3 : 2;
        random_game(&rg, &rng, n, rep % 3 == 0);
        const mpol_bayes *g = &rg.g;
        if (rep % 4 == 1) {
            rg.g.prior_exact = rg.qprior;
            rg.g.payoff_exact = rg.qpay;
        }
        mpol_tree *t = NULL;
        assert_int_equal(mpol_bayes_to_tree(&t, g, NULL, NULL, NULL), MPOL_OK);
        assert_true(t->finalized);
        assert_int_equal(t->payoff_exact != NULL, rep % 4 == 1);
        size_t kpos = 0, per = 1, level = 1, nrel = 0;
        for (size_t k = 0; k < g->nprofiles; k++)
            kpos += g->prior[k] > 0;
        for (size_t p = 0; p < n; p++) {
            level *= g->nactions[p];
            per += level;
        }
        double marg[16];
        mpol_bayes_marginals(marg, g);
        for (size_t i = 0; i < 16 && i < rg.nt[0] + rg.nt[1] + rg.nt[2] + rg.nt[3]; i++)
            nrel += marg[i] > 0;
        assert_int_equal(t->nnodes, 1 + kpos * per);
        assert_int_equal(t->ninfosets, 1 + nrel);
        size_t S = mpol_bayes_strategy_size(g);
        double x[64], y[64], beh[4096];
        for (int trial = 0; trial < 6; trial++) {
            for (size_t p = 0; p < n; p++)
                for (size_t ty = 0; ty < g->ntypes[p]; ty++) {
                    size_t o = mpol_bayes_strategy_offset(g, p, ty);
                    double sum = 0;
                    for (size_t a = 0; a < g->nactions[p]; a++)
                        sum += x[o + a] = trial < 3 ? (a == (size_t)(trial + ty) % g->nactions[p])
                                                    : mpol_test_rng_uniform(&rng) + 0.01;
                    for (size_t a = 0; a < g->nactions[p]; a++)
                        x[o + a] /= sum;
                }
            assert_int_equal(mpol_bayes_tree_behavior(beh, t, g, x), MPOL_OK);
            mpol_tree_check *tc = NULL;
            mpol_bayes_check *bc = NULL;
            assert_int_equal(mpol_tree_certify(&tc, t, beh, 1e-9), MPOL_OK);
            assert_int_equal(mpol_bayes_certify(&bc, g, x, 1e-9), MPOL_OK);
            for (size_t p = 0; p < n; p++) {
                assert_close(tc->value[p], bc->ex_ante[p], 1e-9);
                assert_close(tc->regret[p], bc->ex_ante_regret[p], 1e-9);
            }
            mpol_tree_check_free(tc);
            mpol_bayes_check_free(bc);
            assert_int_equal(mpol_bayes_tree_strategy(y, t, g, beh), MPOL_OK);
            size_t off = 0;
            for (size_t p = 0; p < n; p++)
                for (size_t ty = 0; ty < g->ntypes[p]; ty++, off += g->nactions[p])
                    if (marg[mpol_bayes_type_index(g, p, ty)] > 0)
                        for (size_t a = 0; a < g->nactions[p]; a++)
                            assert_close(y[off + a], x[off + a], 0);
            assert_int_equal(off, S);
        }
        mpol_tree_free(t);
    }
}

static void test_tree_method(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(BOS);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    mpol_tree *t = NULL;
    char *names[] = {"X", "Y"};
    assert_int_equal(
        mpol_bayes_to_tree(&t, &g->game, g->player_names, g->type_names, g->action_names), MPOL_OK);
    assert_string_equal(t->iset_label[1], "P1:only");
    assert_string_equal(t->iset_label[3], "P2:avoid");
    assert_string_equal(t->action_name[1], "only,avoid");
    assert_non_null(t->action_prob_exact);
    mpol_tree_free(t);
    assert_int_equal(mpol_bayes_to_tree(&t, &g->game, names, NULL, NULL), MPOL_OK);
    assert_string_equal(t->iset_label[2], "Y:1");
    mpol_tree_free(t);
    mpol_bayes_opts o;
    mpol_bayes_opts_init(&o);
    o.method = MPOL_BAYES_TREE;
    mpol_bayes_result *r = NULL;
    mpol_status st = mpol_bayes_solve(&r, &g->game, &o);
    if (st == MPOL_OK) { /* once the tree methods are built */
        assert_true(r->verified && r->neq >= 1);
    } else {
        assert_int_equal(st, MPOL_EINVAL);
        assert_non_null(strstr(mpol_last_error(), "not available in this build"));
        assert_null(r);
    }
    mpol_bayes_result_free(r);
    /* a zero-sum game: the tree's sequence-form LP (once built) agrees with enumeration */
    static const char *const ZS = "kind: bayesian\n"
                                  "players:\n"
                                  "  - {name: A, types: [x, y], prior: [1/3, 2/3], "
                                  "strategies: [h, t]}\n"
                                  "  - {name: B, strategies: [h, t]}\n"
                                  "payoffs:\n"
                                  "  - {types: [x, \"*\"], profile: [h, h], payoff: [2, -2]}\n"
                                  "  - {types: [x, \"*\"], profile: [h, t], payoff: [-1, 1]}\n"
                                  "  - {types: [x, \"*\"], profile: [t, h], payoff: [-1, 1]}\n"
                                  "  - {types: [x, \"*\"], profile: [t, t], payoff: [1, -1]}\n"
                                  "  - {types: [y, \"*\"], profile: [h, h], payoff: [-1, 1]}\n"
                                  "  - {types: [y, \"*\"], profile: [h, t], payoff: [3, -3]}\n"
                                  "  - {types: [y, \"*\"], profile: [t, h], payoff: [1, -1]}\n"
                                  "  - {types: [y, \"*\"], profile: [t, t], payoff: [-2, 2]}\n";
    mpol_model *zm = mpol_test_load_ok(ZS);
    mpol_bayes_game *zg = NULL;
    assert_int_equal(mpol_model_bayesian(&zg, zm), MPOL_OK);
    mpol_bayes_result *ze = solve(&zg->game, MPOL_BAYES_ENUMERATE, 1);
    assert_int_equal(ze->neq, 1);
    /* by hand: B mixes (5/7, 2/7), type y mixes (9/14, 5/14), type x plays h; value 10/21 */
    assert_string_equal(ze->eq[0].strategy_exact[4], "5/7");
    assert_string_equal(ze->eq[0].strategy_exact[2], "9/14");
    assert_string_equal(ze->eq[0].ex_ante_exact[0], "10/21");
    for (int exact = 0; exact < 2; exact++) {
        o.exact = exact;
        st = mpol_bayes_solve(&r, &zg->game, &o);
        if (st == MPOL_OK) {
            assert_true(r->verified && r->neq >= 1);
            for (size_t i = 0; i < r->strategy_size; i++)
                assert_close(r->eq[0].strategy[i], ze->eq[0].strategy[i], 1e-9);
            if (r->exact)
                assert_string_equal(r->eq[0].strategy_exact[4], "5/7");
        } else {
            assert_non_null(strstr(mpol_last_error(), "not available in this build"));
        }
        mpol_bayes_result_free(r);
        r = NULL;
    }
    mpol_bayes_result_free(ze);
    mpol_bayes_game_free(zg);
    mpol_model_free(zm);
    /* a tree of another game is refused by the maps */
    static rgame rg;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 1);
    random_game(&rg, &rng, 3, 0);
    assert_int_equal(mpol_bayes_to_tree(&t, &rg.g, NULL, NULL, NULL), MPOL_OK);
    double x[16] = {0}, beh[4096];
    assert_int_equal(mpol_bayes_tree_behavior(beh, t, &g->game, x), MPOL_EINVAL);
    assert_int_equal(mpol_bayes_tree_strategy(x, t, &g->game, NULL), MPOL_EINVAL);
    mpol_tree_free(t);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

static void test_forms(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(BOS);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    mpol_game *G = NULL;
    assert_int_equal(mpol_bayes_to_strategic(&G, &g->game, MPOL_BAYES_EX_ANTE, g->player_names,
                                             g->type_names, g->action_names),
                     MPOL_OK);
    assert_int_equal(G->nplayers, 2);
    assert_int_equal(G->nstrategies[1], 4);
    assert_string_equal(G->strategy_names[1][1], "S|B"); /* meet S, avoid B */
    /* (B, meet S / avoid B): 1/2 * 0 + 1/2 * 2 for P1; 1/2 * 0 + 1/2 * 0 for P2 */
    size_t prof[2] = {0, 1};
    size_t c = mpol_game_cell(G, prof);
    assert_close(G->payoff[2 * c], 1.0, 0);
    assert_close(G->payoff[2 * c + 1], 0.0, 0);
    assert_non_null(G->exact);
    assert_int_equal(G->exact[2 * c].num, 1);
    mpol_game_free(G);
    assert_int_equal(mpol_bayes_to_strategic(&G, &g->game, MPOL_BAYES_AGENT, g->player_names,
                                             g->type_names, g->action_names),
                     MPOL_OK);
    assert_int_equal(G->nplayers, 3);
    assert_string_equal(G->player_names[2], "P2:avoid");
    size_t ap[3] = {0, 0, 1}; /* B; meet B; avoid S */
    c = mpol_game_cell(G, ap);
    assert_close(G->payoff[3 * c + 0], 0.5 * 2 + 0.5 * 0, 0);
    assert_close(G->payoff[3 * c + 1], 0.5 * 1, 0);
    assert_close(G->payoff[3 * c + 2], 0.5 * 2, 0);
    mpol_game_free(G);
    G = (mpol_game *)&G;
    assert_int_equal(mpol_bayes_to_strategic(&G, &g->game, (mpol_bayes_form)7, NULL, NULL, NULL),
                     MPOL_EINVAL);
    assert_null(G);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

/* A joint prior: correlated types (the two players' types agree with probability 0.8). */
static void test_joint_prior_and_write(void **state)
{
    (void)state;
    const char *text = "kind: bayesian\n"
                       "parameters: {q: {default: 0.4, min: 0, max: 0.5}}\n"
                       "players:\n"
                       "  - {name: A, types: [x, y], strategies: [l, r]}\n"
                       "  - {name: B, types: [x, y], strategies: [l, r]}\n"
                       "prior:\n"
                       "  - {types: [x, x], probability: q}\n"
                       "  - {types: [y, y], probability: q}\n"
                       "  - {types: [x, y], probability: 0.5 - q}\n"
                       "  - {types: [y, x], probability: 0.5 - q}\n"
                       "payoffs:\n"
                       "  - {types: [x, \"*\"], profile: [l, l], payoff: [1, 1]}\n"
                       "  - {types: [y, \"*\"], profile: [l, l], payoff: [0, 1]}\n"
                       "  - {profile: [l, r], payoff: [0, 0]}\n"
                       "  - {profile: [r, l], payoff: [0, 0]}\n"
                       "  - {types: [\"*\", x], profile: [r, r], payoff: [1, 0]}\n"
                       "  - {types: [\"*\", y], profile: [r, r], payoff: [1, \"2*q\"]}\n";
    mpol_model *m = mpol_test_load_ok(text);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    assert_close(g->prior[0], 0.4, 1e-15);
    assert_close(g->prior[1], 0.1, 1e-15); /* (y, x): player 0 fastest */
    /* (y, y) type profile (k = 3), cell (r, r) = 3: payoff of B is 2q */
    assert_close(g->payoff[(3 * 4 + 3) * 2 + 1], 0.8, 1e-15);
    double marg[4];
    assert_int_equal(mpol_bayes_marginals(marg, &g->game), MPOL_OK);
    assert_close(marg[0], 0.5, 1e-15);
    char *y = mpol_test_model_yaml(m, NULL);
    mpol_model *m2 = mpol_test_load_ok(y);
    mpol_bayes_game *g2 = NULL;
    assert_int_equal(mpol_model_bayesian(&g2, m2), MPOL_OK);
    assert_memory_equal(g->prior, g2->prior, 4 * sizeof(double));
    assert_memory_equal(g->payoff, g2->payoff, 4 * 4 * 2 * sizeof(double));
    mpol_bayes_result *r = solve(&g->game, MPOL_BAYES_ENUMERATE, 0);
    assert_true(r->neq >= 1);
    mpol_bayes_result_free(r);
    mpol_bayes_game_free(g2);
    mpol_model_free(m2);
    free(y);
    /* at q = 0.6 the joint table has negative entries */
    double q = 0.45;
    assert_int_equal(mpol_model_eval_bayesian(m, &q, g), MPOL_OK);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
    /* a per-player prior that stops summing to 1 at another parameter value */
    m = mpol_test_load_ok("kind: bayesian\nparameters: {p: 0.5}\nplayers:\n"
                          "  - {name: A, types: [u, v], prior: [p, 0.5], strategies: [a]}\n"
                          "payoffs:\n  - {profile: [a], payoff: [1]}\n");
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    double p = 0.7;
    assert_int_equal(mpol_model_eval_bayesian(m, &p, g), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(),
                        "t.yaml:4:37: the prior of player \"A\" sums to 1.2, not 1");
    p = 1.5;
    assert_int_equal(mpol_model_eval_bayesian(m, &p, g), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(),
                        "t.yaml:4:38: a prior probability must be in [0, 1], not 1.5");
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

static void test_grammar_errors(void **state)
{
    (void)state;
    const char *head = "kind: bayesian\nplayers:\n";
    char buf[2048];
#define ERR(body, st, msg)                                                                         \
    do {                                                                                           \
        snprintf(buf, sizeof buf, "%s%s", head, body);                                             \
        mpol_test_load_error(buf, st, msg);                                                        \
    } while (0)
    const char *ok_pay = "payoffs:\n  - {profile: [a, c], payoff: [1, 2]}\n";
    (void)ok_pay;
    ERR("  - {name: A, types: [u, v], strategies: [a]}\n  - {name: B, strategies: [c]}\n"
        "payoffs:\n  - {profile: [a, c], payoff: [1, 2]}\n",
        MPOL_EPARSE,
        "t.yaml:3:5: player \"A\" has 2 types but no prior (give prior: [one probability per "
        "type])");
    ERR("  - {name: A, types: [u, v], prior: [1], strategies: [a]}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:3:37: prior has 1 probabilities, player \"A\" 2 types");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.6], strategies: [a]}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_ENUMERIC, "t.yaml:3:37: the prior of player \"A\" sums to 1.1, not 1");
    ERR("  - {name: A, types: [u, v], prior: [-0.5, 1.5], strategies: [a]}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_ENUMERIC, "t.yaml:3:38: a prior probability must be in [0, 1], not -0.5");
    ERR("  - {name: A, types: [u, u], prior: [0.5, 0.5], strategies: [a]}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:3:26: duplicate name \"u\" in types");
    ERR("  - {name: A, typs: [u], strategies: [a]}\npayoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:3:15: unknown key \"typs\" in a player (did you mean \"types\"?)");
    ERR("  - {name: A, strategies: [a]}\n  - {name: A, strategies: [a]}\n"
        "payoffs:\n  - {profile: [a, a], payoff: [1, 1]}\n",
        MPOL_EPARSE, "t.yaml:4:12: duplicate player name \"A\"");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.5], strategies: [a]}\n"
        "payoffs:\n  - {types: [w], profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:5:14: unknown type \"w\" of player \"A\" (or \"*\" for any type)");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.5], strategies: [a]}\n"
        "payoffs:\n  - {types: [u, v], profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:5:13: types names 2 types, one per player is 1");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.5], strategies: [a]}\n"
        "payoffs:\n  - {types: [u], profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:5:3: payoffs do not cover types [v], profile [a]");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.5], strategies: [a]}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n  - {types: [v], profile: [a], payoff: [2]}\n",
        MPOL_EPARSE,
        "t.yaml:6:13: this type profile and action profile are given twice (first at line 5)");
    ERR("  - {name: A, strategies: [a]}\npayoffs:\n  - {profile: [b], payoff: [1]}\n", MPOL_EPARSE,
        "t.yaml:5:16: unknown strategy \"b\" of player \"A\"");
    ERR("  - {name: A, strategies: [a]}\npayoffs:\n  - {profile: [a], payoff: [1, 2]}\n",
        MPOL_EPARSE, "t.yaml:5:28: a payoff has 2 numbers, not 1");
    ERR("  - {name: A, strategies: [a]}\npayoffs:\n  - {profile: [a, a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:5:15: a profile names 2 strategies, not 1");
    ERR("  - {name: A, strategies: [a]}\npayoffs:\n  - {profile: [a], payoff: [\"1/x\"]}\n",
        MPOL_EPARSE, "t.yaml:5:32: unknown parameter \"x\"");
    ERR("  - {name: A, strategies: [a]}\npayoffs:\n  - {profile: [a], payof: [1]}\n", MPOL_EPARSE,
        "t.yaml:5:20: unknown key \"payof\" in a payoff entry (did you mean \"payoff\"?)");
    ERR("  - {name: A, strategies: [a]}\n", MPOL_EPARSE,
        "t.yaml:1:1: missing key \"payoffs\" in the model");
    ERR("  - {name: A, types: [u, v], prior: [0.5, 0.5], strategies: [a]}\n"
        "prior:\n  - {types: [u], probability: 1}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE,
        "t.yaml:3:37: give the prior per player or as one joint table (the top-level prior), "
        "not both");
    ERR("  - {name: A, types: [u, v], strategies: [a]}\n"
        "prior:\n  - {types: [u], probability: 0.5}\n  - {types: [u], probability: 0.5}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:6:13: type profile given twice in the prior (first at line 5)");
    ERR("  - {name: A, types: [u, v], strategies: [a]}\n"
        "prior:\n  - {types: [\"*\"], probability: 1}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:5:15: unknown type \"*\" of player \"A\"");
    ERR("  - {name: A, types: [u, v], strategies: [a]}\n"
        "prior:\n  - {types: [u], probability: 0.7}\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_ENUMERIC, "t.yaml:5:3: the prior table sums to 0.7, not 1");
    ERR("  - {name: A, types: [u, v], strategies: [a]}\nprior: []\n"
        "payoffs:\n  - {profile: [a], payoff: [1]}\n",
        MPOL_EPARSE, "t.yaml:4:8: the prior table lists no type profile");
    mpol_test_load_error("kind: bayesian\nplayers: []\npayoffs: []\n", MPOL_EPARSE,
                         "t.yaml:2:10: players must list 1 to 16 players");
#undef ERR
}

typedef struct oom_ctx {
    const mpol_bayes *g;
    mpol_bayes_method method;
    int exact, tree;
} oom_ctx;

static mpol_status oom_body(void *p)
{
    const oom_ctx *c = p;
    if (c->tree) {
        mpol_tree *t = NULL;
        mpol_status st = mpol_bayes_to_tree(&t, c->g, NULL, NULL, NULL);
        mpol_tree_free(t);
        return st;
    }
    mpol_bayes_opts o;
    mpol_bayes_opts_init(&o);
    o.method = c->method;
    o.exact = c->exact;
    mpol_bayes_result *r = NULL;
    mpol_status st = mpol_bayes_solve(&r, c->g, &o);
    if (st != MPOL_OK)
        assert_null(r);
    mpol_bayes_result_free(r);
    return st;
}

static mpol_status load_body(void *p)
{
    const char *text = p;
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "t.yaml");
    mpol_bayes_game *g = NULL;
    if (st == MPOL_OK)
        st = mpol_model_bayesian(&g, m);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
    return st;
}

/* Every allocation failure is MPOL_ENOMEM with nothing leaked (ASan/valgrind). */
static void test_out_of_memory(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(BOS);
    mpol_bayes_game *g = NULL;
    assert_int_equal(mpol_model_bayesian(&g, m), MPOL_OK);
    assert_true(mpol_test_oom_loop(load_body, (void *)BOS) > 10);
    assert_true(mpol_test_oom_loop(load_body, (void *)ENTRY) > 10);
    oom_ctx c = {&g->game, MPOL_BAYES_ENUMERATE, 1, 0};
    assert_true(mpol_test_oom_loop(oom_body, &c) > 10);
    c.method = MPOL_BAYES_PURE;
    assert_true(mpol_test_oom_loop(oom_body, &c) > 10);
    c.method = MPOL_BAYES_LOGIT;
    c.exact = 0;
    assert_true(mpol_test_oom_loop(oom_body, &c) > 10);
    c.tree = 1;
    assert_true(mpol_test_oom_loop(oom_body, &c) > 10);
    mpol_bayes_game_free(g);
    mpol_model_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_bayes_method m = MPOL_BAYES_AUTO;
    assert_int_equal(mpol_bayes_method_parse(&m, "nope"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_BAYES_AUTO);
    assert_non_null(strstr(mpol_last_error(), "auto, enumerate, pure, logit, tree"));
    assert_int_equal(mpol_bayes_method_parse(&m, "enumeration"), MPOL_OK);
    assert_string_equal(mpol_bayes_method_name(m), "enumerate");
    assert_string_equal(mpol_bayes_method_name((mpol_bayes_method)42), "unknown");
    static rgame rg;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    random_game(&rg, &rng, 2, 0);
    assert_int_equal(mpol_bayes_validate(&rg.g), MPOL_OK);
    rg.prior[0] += 0.1;
    assert_int_equal(mpol_bayes_validate(&rg.g), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "the prior sums to"));
    rg.prior[0] -= 0.1;
    rg.g.nprofiles++;
    assert_int_equal(mpol_bayes_validate(&rg.g), MPOL_EINVAL);
    rg.g.nprofiles--;
    rg.pay[3] = NAN;
    mpol_bayes_result *r = (mpol_bayes_result *)&r;
    assert_int_equal(mpol_bayes_solve(&r, &rg.g, NULL), MPOL_EINVAL);
    assert_null(r);
    rg.pay[3] = 0;
    rg.g.payoff_exact = rg.qpay;
    rg.qpay[0].num += 1;
    assert_int_equal(mpol_bayes_validate(&rg.g), MPOL_EINVAL);
    rg.g.payoff_exact = NULL;
    assert_int_equal(mpol_bayes_validate(NULL), MPOL_EINVAL);
    mpol_bayes_check *c = (mpol_bayes_check *)&c;
    assert_int_equal(mpol_bayes_certify(&c, &rg.g, NULL, 0), MPOL_EINVAL);
    assert_null(c);
    assert_int_equal(mpol_bayes_certify(NULL, &rg.g, NULL, 0), MPOL_EINVAL);
    mpol_bayes_opts o;
    mpol_bayes_opts_init(&o);
    o.tol = -1;
    assert_int_equal(mpol_bayes_solve(&r, &rg.g, &o), MPOL_EINVAL);
    o.tol = 1e-9;
    o.method = (mpol_bayes_method)9;
    assert_int_equal(mpol_bayes_solve(&r, &rg.g, &o), MPOL_EINVAL);
    mpol_tree *t = (mpol_tree *)&t;
    assert_int_equal(mpol_bayes_to_tree(&t, NULL, NULL, NULL, NULL), MPOL_EINVAL);
    assert_null(t);
    mpol_bayes_game *g = (mpol_bayes_game *)&g;
    mpol_model *tu = mpol_test_load_ok("kind: tu\nplayers: [A]\nvalues: [0, 1]\n");
    assert_int_equal(mpol_model_bayesian(&g, tu), MPOL_EINVAL);
    assert_null(g);
    assert_int_equal(mpol_model_eval_bayesian(tu, NULL, NULL), MPOL_EINVAL);
    mpol_model_free(tu);
    mpol_bayes_result_free(NULL);
    mpol_bayes_check_free(NULL);
    mpol_bayes_game_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bos),
        cmocka_unit_test(test_entry),
        cmocka_unit_test(test_random_two_players),
        cmocka_unit_test(test_random_three_players),
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_tree_method),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_joint_prior_and_write),
        cmocka_unit_test(test_grammar_errors),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
