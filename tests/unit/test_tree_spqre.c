/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the subgame-perfect refinement ("subgame-perfect": proper subgames found by
 * preorder intervals and solved bottom-up; mpol_tree_subgames, mpol_tree_certify_subgames)
 * and of the agent-form logit QRE ("agent-qre"): matching pennies, the prisoner's dilemma's
 * closed-form logit path, Selten's horse, entry deterrence inside a larger game (the
 * non-credible threat is Nash but fails the subgame check), counts of proper subgames on
 * hand-made trees and, on seeded random trees with chance (built level by level, so not in
 * preorder), the proper subgames against brute force and the solvers' answers against
 * their certificates.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/tree.h"

#define OK(x) assert_int_equal((x), MPOL_OK)

static size_t node(mpol_tree *t, size_t parent, size_t h, const double *pay)
{
    size_t n = 0;
    OK(mpol_tree_add_node(&n, t, parent, h, pay, NULL));
    return n;
}

static size_t iset(mpol_tree *t, size_t player, size_t na, const double *probs)
{
    size_t h = 0;
    OK(mpol_tree_add_infoset(&h, t, player, na, NULL, probs, NULL));
    return h;
}

/* Matching pennies: 1 picks H/T, 2 guesses without seeing; 1 wins on a mismatch. */
static mpol_tree *pennies(void)
{
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t h1 = iset(t, 0, 2, NULL), h2 = iset(t, 1, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, h1, NULL);
    for (int i = 0; i < 2; i++) {
        size_t g = node(t, r, h2, NULL);
        for (int j = 0; j < 2; j++) {
            double u = i == j ? -1 : 1;
            node(t, g, MPOL_TREE_NONE, (double[]){u, -u});
        }
    }
    OK(mpol_tree_finalize(t));
    return t;
}

/* The prisoner's dilemma as a tree (2 moves without seeing 1): C = action 0, D = 1.
 * Defecting gains exactly 1 whatever the other does, so the logit QRE plays D with
 * probability 1 / (1 + exp(-lambda)). */
static mpol_tree *dilemma(void)
{
    static const double u[2][2][2] = {{{3, 3}, {0, 4}}, {{4, 0}, {1, 1}}};
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t h1 = iset(t, 0, 2, NULL), h2 = iset(t, 1, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, h1, NULL);
    for (int i = 0; i < 2; i++) {
        size_t g = node(t, r, h2, NULL);
        for (int j = 0; j < 2; j++)
            node(t, g, MPOL_TREE_NONE, u[i][j]);
    }
    OK(mpol_tree_finalize(t));
    return t;
}

/* Selten's horse (Fudenberg and Tirole, fig. 8.5): 1 plays A (action 0) or D (1); after A,
 * 2 plays a (2) or d (3); 3, not knowing whether 1 played D or 1 and 2 played A d, plays
 * L (4) or R (5). Payoffs: D L (3,3,2), D R (0,0,0), A d L (4,4,0), A d R (1,1,1),
 * A a (1,1,1). Equilibria: the component (A, 2 mixing in any way, R), whose point (A, a, R)
 * is the sequential one, and the component (D, a with probability >= 1/3, L). */
static mpol_tree *horse(void)
{
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, 3, NULL));
    size_t h1 = iset(t, 0, 2, NULL), h2 = iset(t, 1, 2, NULL), h3 = iset(t, 2, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, h1, NULL);
    size_t n2 = node(t, r, h2, NULL);
    node(t, n2, MPOL_TREE_NONE, (double[]){1, 1, 1});
    size_t n3b = node(t, n2, h3, NULL);
    node(t, n3b, MPOL_TREE_NONE, (double[]){4, 4, 0});
    node(t, n3b, MPOL_TREE_NONE, (double[]){1, 1, 1});
    size_t n3a = node(t, r, h3, NULL);
    node(t, n3a, MPOL_TREE_NONE, (double[]){3, 3, 2});
    node(t, n3a, MPOL_TREE_NONE, (double[]){0, 0, 0});
    OK(mpol_tree_finalize(t));
    return t;
}

/* Entry deterrence inside a larger game: chance (1/2, 1/2) leads to matching pennies
 * (actions 2..5: 1's H/T, 2's h/t) or to entry deterrence (actions 6..9: 1's Out/In, 2's
 * Fight/Accommodate; Out (1, 5), In Fight (0, 0), In Accommodate (2, 2)). Proper subgames:
 * the root, the pennies node, the entry node and the reply node. */
static mpol_tree *entry_in_larger(void)
{
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t hc = iset(t, MPOL_TREE_CHANCE, 2, (double[]){0.5, 0.5});
    size_t hp1 = iset(t, 0, 2, NULL), hp2 = iset(t, 1, 2, NULL);
    size_t he1 = iset(t, 0, 2, NULL), he2 = iset(t, 1, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, hc, NULL);
    size_t p = node(t, r, hp1, NULL);
    for (int i = 0; i < 2; i++) {
        size_t g = node(t, p, hp2, NULL);
        for (int j = 0; j < 2; j++) {
            double u = i == j ? -1 : 1;
            node(t, g, MPOL_TREE_NONE, (double[]){u, -u});
        }
    }
    size_t e = node(t, r, he1, NULL);
    node(t, e, MPOL_TREE_NONE, (double[]){1, 5});
    size_t in = node(t, e, he2, NULL);
    node(t, in, MPOL_TREE_NONE, (double[]){0, 0});
    node(t, in, MPOL_TREE_NONE, (double[]){2, 2});
    OK(mpol_tree_finalize(t));
    return t;
}

static mpol_tree_opts opts_of(mpol_tree_method m)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = m;
    return o;
}

static size_t count_subgames(const mpol_tree *t)
{
    size_t *roots = NULL, n = 0;
    OK(mpol_tree_subgames(&roots, &n, t));
    mpol_free(roots);
    return n;
}

/* --- QRE ------------------------------------------------------------------------------ */

static void test_qre_pennies(void **state)
{
    (void)state;
    mpol_tree *t = pennies();
    mpol_tree_opts o = opts_of(MPOL_TREE_QRE);
    mpol_tree_solution *s = NULL;
    OK(mpol_tree_solve(&s, t, &o));
    assert_int_equal(s->method, MPOL_TREE_QRE);
    assert_int_equal(s->neq, 1);
    assert_true(s->verified);
    for (size_t a = 0; a < 4; a++)
        assert_close(s->eq[0].behavior[a], 0.5, 1e-12);
    assert_close(s->eq[0].value[0], 0, 1e-12);
    mpol_tree_solution_free(s);
    /* auto answers too (the agent QRE, or a two-player method where one is built) */
    o = opts_of(MPOL_TREE_AUTO);
    OK(mpol_tree_solve(&s, t, &o));
    assert_true(s->verified);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

static void test_qre_dilemma_path(void **state)
{
    (void)state;
    mpol_tree *t = dilemma();
    mpol_tree_opts o = opts_of(MPOL_TREE_QRE);
    double prev = 0.5;
    /* lambda = 0 is uniform; then the closed form, increasing in lambda */
    const double lambdas[] = {1e-12, 0.25, 0.5, 1.0, 1.5};
    for (size_t k = 0; k < sizeof lambdas / sizeof lambdas[0]; k++) {
        o.qre_lambda_max = lambdas[k];
        mpol_tree_solution *s = NULL;
        assert_int_equal(mpol_tree_solve(&s, t, &o), MPOL_EVERIFY);
        assert_non_null(s);
        assert_false(s->verified);
        assert_close(s->lambda, lambdas[k], 1e-9);
        double want = 1 / (1 + exp(-lambdas[k]));
        assert_close(s->eq[0].behavior[1], want, 1e-9);
        assert_close(s->eq[0].behavior[3], want, 1e-9);
        assert_close(s->eq[0].behavior[0] + s->eq[0].behavior[1], 1, 1e-12);
        assert_true(s->eq[0].behavior[1] >= prev - 1e-12);
        prev = s->eq[0].behavior[1];
        mpol_tree_solution_free(s);
    }
    /* the whole path: (D, D) */
    o.qre_lambda_max = 1e6;
    mpol_tree_solution *s = NULL;
    OK(mpol_tree_solve(&s, t, &o));
    assert_close(s->eq[0].behavior[1], 1, 1e-12);
    assert_close(s->eq[0].behavior[3], 1, 1e-12);
    assert_close(s->eq[0].value[0], 1, 1e-9);
    assert_true(s->lambda > 1);
    assert_true(s->work > 0);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

static void test_qre_horse(void **state)
{
    (void)state;
    mpol_tree *t = horse();
    mpol_tree_opts o = opts_of(MPOL_TREE_QRE);
    mpol_tree_solution *s = NULL;
    OK(mpol_tree_solve(&s, t, &o));
    assert_true(s->verified);
    const double *b = s->eq[0].behavior;
    int sequential = fabs(b[0] - 1) < 1e-9 && fabs(b[5] - 1) < 1e-9; /* 2 indifferent */
    int other = fabs(b[1] - 1) < 1e-9 && b[2] >= 1.0 / 3 - 1e-9 && fabs(b[4] - 1) < 1e-9;
    assert_true(sequential || other);
    /* the logit limit lies in the component of the sequential equilibrium (A, a, R) */
    assert_true(sequential);
    assert_close(s->eq[0].value[2], 1, 1e-9);
    /* Selten's horse has no proper subgame but the whole tree */
    assert_int_equal(count_subgames(t), 1);
    mpol_tree_solution_free(s);
    o = opts_of(MPOL_TREE_SUBGAME);
    OK(mpol_tree_solve(&s, t, &o));
    assert_true(s->verified);
    assert_true(s->eq[0].subgame_perfect);
    assert_close(s->eq[0].behavior[5], 1, 1e-9);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

/* --- random trees ------------------------------------------------------------------- */

/* A random tree with @p np players and chance, built level by level (breadth first, so
 * node numbers are not preorder). The mover of each level is chance or a player; a
 * player's nodes of one level are grouped into sets by their last own action and a random
 * bucket (1 to 3 per level), so recall is perfect. */
static mpol_tree *random_tree(mpol_test_rng *rng, size_t np, size_t levels, size_t max_nodes)
{
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, np, NULL));
    size_t cap = max_nodes * 4 + 16;
    size_t *last = calloc(cap * np, sizeof *last); /* last own action + 1 of each player */
    size_t *level = malloc(cap * sizeof *level), *next = malloc(cap * sizeof *next);
    size_t *key_set = malloc(cap * 4 * sizeof *key_set);
    assert_non_null(last);
    assert_non_null(level);
    assert_non_null(next);
    assert_non_null(key_set);
    size_t nl = 0, nn = 0;
    /* level 0: the root's mover */
    long mover = mpol_test_rng_int(rng, -1, (long)np - 1);
    size_t h0 = mover < 0 ? iset(t, MPOL_TREE_CHANCE, 2, (double[]){0.3, 0.7})
                          : iset(t, (size_t)mover, (size_t)mpol_test_rng_int(rng, 2, 3), NULL);
    level[nl++] = node(t, MPOL_TREE_NONE, h0, NULL);
    for (size_t d = 1; d <= levels && nl > 0; d++) {
        int last_level = d == levels || t->nnodes > max_nodes;
        mover = mpol_test_rng_int(rng, -1, (long)np - 1);
        size_t buckets = (size_t)mpol_test_rng_int(rng, 1, 3), nk = 0;
        size_t nact = (size_t)mpol_test_rng_int(rng, 2, 3);
        nn = 0;
        for (size_t k = 0; k < nl; k++) {
            size_t par = level[k], ph = t->infoset[par];
            size_t pa = t->iset_action_off[ph], pna = t->iset_action_off[ph + 1] - pa;
            size_t pp = t->iset_player[ph];
            for (size_t a = 0; a < pna; a++) {
                size_t child_last[8];
                for (size_t p = 0; p < np; p++)
                    child_last[p] = last[par * np + p];
                if (pp != MPOL_TREE_CHANCE)
                    child_last[pp] = pa + a + 1;
                double stop = mpol_test_rng_uniform(rng);
                size_t c;
                if (last_level || stop < 0.2) {
                    double pay[8];
                    for (size_t p = 0; p < np; p++)
                        pay[p] = floor(mpol_test_rng_uniform(rng) * 1000) / 100;
                    c = node(t, par, MPOL_TREE_NONE, pay);
                } else {
                    size_t h;
                    if (mover < 0) {
                        double q = 0.2 + 0.6 * mpol_test_rng_uniform(rng);
                        h = iset(t, MPOL_TREE_CHANCE, 2, (double[]){q, 1 - q});
                    } else {
                        size_t key = child_last[mover] * 4 +
                                     (size_t)mpol_test_rng_int(rng, 0, (long)buckets - 1);
                        h = MPOL_TREE_NONE;
                        for (size_t j = 0; j < nk; j++)
                            if (key_set[2 * j] == key)
                                h = key_set[2 * j + 1];
                        if (h == MPOL_TREE_NONE) {
                            h = iset(t, (size_t)mover, nact, NULL);
                            key_set[2 * nk] = key;
                            key_set[2 * nk + 1] = h;
                            nk++;
                        }
                    }
                    c = node(t, par, h, NULL);
                    next[nn++] = c;
                }
                assert_true(c < cap);
                for (size_t p = 0; p < np; p++)
                    last[c * np + p] = child_last[p];
            }
        }
        memcpy(level, next, nn * sizeof *next);
        nl = nn;
    }
    free(last);
    free(level);
    free(next);
    free(key_set);
    OK(mpol_tree_finalize(t));
    return t;
}

static int is_ancestor(const mpol_tree *t, size_t a, size_t n)
{
    for (size_t m = n; m != MPOL_TREE_NONE; m = t->parent[m])
        if (m == a)
            return 1;
    return 0;
}

/* Brute force: n roots a proper subgame iff no set has nodes both inside and outside. */
static int brute_proper(const mpol_tree *t, size_t n)
{
    if (t->type[n] == MPOL_TREE_TERMINAL)
        return 0;
    for (size_t h = 0; h < t->ninfosets; h++) {
        int in = 0, outside = 0;
        for (size_t k = t->iset_node_off[h]; k < t->iset_node_off[h + 1]; k++) {
            if (is_ancestor(t, n, t->iset_node[k]))
                in = 1;
            else
                outside = 1;
        }
        if (in && outside)
            return 0;
    }
    return 1;
}

static void test_subgames_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261203);
    int reps = mpol_test_reps(60), nverified = 0, nspe = 0, total_sub = 0;
    for (int r = 0; r < reps; r++) {
        mpol_tree *t = random_tree(&rng, (size_t)mpol_test_rng_int(&rng, 2, 3), 5, 80);
        size_t *roots = NULL, n = 0;
        OK(mpol_tree_subgames(&roots, &n, t));
        size_t k = 0;
        for (size_t i = 0; i < t->nnodes; i++) {
            int proper = brute_proper(t, i);
            if (k < n && roots[k] == i) {
                assert_true(proper);
                k++;
            } else {
                assert_false(proper);
            }
        }
        assert_int_equal(k, n);
        assert_true(n >= 1);
        assert_int_equal(roots[0], 0);
        total_sub += (int)n;
        mpol_free(roots);
        mpol_tree_opts o = opts_of(MPOL_TREE_SUBGAME);
        mpol_tree_solution *s = NULL;
        mpol_status st = mpol_tree_solve(&s, t, &o);
        assert_true(st == MPOL_OK || st == MPOL_EVERIFY);
        assert_non_null(s);
        assert_int_equal(st == MPOL_OK, s->verified);
        mpol_tree_subgame_check *c = NULL;
        OK(mpol_tree_certify_subgames(&c, t, s->eq[0].behavior, 0));
        assert_int_equal(c->nsubgames, n);
        /* the root's subgame is the whole tree: its regret is the certificate's */
        mpol_tree_check *whole = NULL;
        OK(mpol_tree_certify(&whole, t, s->eq[0].behavior, 0));
        assert_close(c->regret[0], whole->max_error, 1e-12 * (1 + whole->max_error));
        mpol_tree_check_free(whole);
        if (s->verified) {
            nverified++;
            if (s->eq[0].subgame_perfect) {
                assert_true(c->verified);
                nspe++;
            }
        }
        mpol_tree_subgame_check_free(c);
        mpol_tree_solution_free(s);
        mpol_tree_free(t);
    }
    print_message("subgame-perfect on %d random trees: %d verified, %d subgame perfect "
                  "(%d proper subgames)\n",
                  reps, nverified, nspe, total_sub);
    assert_true(nspe * 10 >= reps * 8);
}

static void test_qre_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 777);
    int reps = mpol_test_reps(40), ok = 0, failed = 0;
    for (int r = 0; r < reps; r++) {
        mpol_tree *t = random_tree(&rng, 3, 5, 60);
        mpol_tree_opts o = opts_of(MPOL_TREE_QRE);
        mpol_tree_solution *s = NULL;
        mpol_status st = mpol_tree_solve(&s, t, &o);
        assert_non_null(s);
        assert_int_equal(s->neq, 1);
        mpol_tree_check *c = NULL;
        OK(mpol_tree_certify(&c, t, s->eq[0].behavior, 0));
        if (st == MPOL_OK) {
            assert_true(c->verified);
            ok++;
        } else {
            assert_int_equal(st, MPOL_EVERIFY);
            assert_false(s->verified);
            assert_false(c->verified);
            failed++;
        }
        mpol_tree_check_free(c);
        mpol_tree_solution_free(s);
        mpol_tree_free(t);
    }
    print_message("agent QRE on %d random 3-player trees with chance: %d verified, %d "
                  "MPOL_EVERIFY\n",
                  reps, ok, failed);
    assert_true(ok * 10 >= reps * 8);
}

/* --- subgame perfection ------------------------------------------------------------ */

static void test_entry_threat(void **state)
{
    (void)state;
    mpol_tree *t = entry_in_larger();
    size_t *roots = NULL, n = 0;
    OK(mpol_tree_subgames(&roots, &n, t));
    assert_int_equal(n, 4);
    assert_int_equal(roots[0], 0);
    assert_int_equal(roots[1], 1);          /* pennies */
    assert_int_equal(roots[2], 8);          /* entry */
    assert_int_equal(roots[3], 10);         /* reply */
    assert_int_equal(t->type[roots[1]], 1); /* decision */
    mpol_free(roots);
    /* (H/T half-half, Out, Fight) is Nash; the reply subgame exposes the threat */
    double threat[] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0, 1, 0};
    mpol_tree_check *c = NULL;
    OK(mpol_tree_certify(&c, t, threat, 0));
    assert_true(c->verified);
    mpol_tree_check_free(c);
    mpol_tree_subgame_check *sc = NULL;
    OK(mpol_tree_certify_subgames(&sc, t, threat, 0));
    assert_false(sc->verified);
    assert_int_equal(sc->worst, 10);
    assert_close(sc->max_error, 2, 1e-12); /* Accommodate pays 2, Fight 0 */
    assert_close(sc->regret[2], 0, 1e-12); /* in the entry subgame the threat is Nash */
    assert_close(sc->regret[3], 2, 1e-12);
    mpol_tree_subgame_check_free(sc);
    /* the subgame-perfect method: In, Accommodate */
    mpol_tree_opts o = opts_of(MPOL_TREE_SUBGAME);
    mpol_tree_solution *s = NULL;
    OK(mpol_tree_solve(&s, t, &o));
    assert_int_equal(s->method, MPOL_TREE_SUBGAME);
    assert_true(s->verified);
    assert_true(s->eq[0].subgame_perfect);
    const double *b = s->eq[0].behavior;
    assert_close(b[0], 0.5, 0); /* chance */
    assert_close(b[2], 0.5, 1e-9);
    assert_close(b[4], 0.5, 1e-9);
    assert_close(b[7], 1, 1e-9);
    assert_close(b[9], 1, 1e-9);
    assert_close(s->eq[0].value[0], 1, 1e-9); /* (0 + 2) / 2 */
    assert_close(s->eq[0].value[1], 1, 1e-9);
    OK(mpol_tree_certify_subgames(&sc, t, b, 0));
    assert_true(sc->verified);
    assert_true(sc->max_error < 1e-9);
    mpol_tree_subgame_check_free(sc);
    mpol_tree_solution_free(s);
    /* a subgame method not built here falls back to the agent QRE; SUBGAME inside = auto */
    const mpol_tree_method sub[] = {MPOL_TREE_SEQUENCE_LP, MPOL_TREE_BACKWARD, MPOL_TREE_LEMKE,
                                    MPOL_TREE_SUBGAME, MPOL_TREE_QRE};
    for (size_t k = 0; k < sizeof sub / sizeof sub[0]; k++) {
        o.subgame_method = sub[k];
        OK(mpol_tree_solve(&s, t, &o));
        assert_true(s->eq[0].subgame_perfect);
        assert_close(s->eq[0].behavior[9], 1, 1e-9);
        mpol_tree_solution_free(s);
    }
    mpol_tree_free(t);
}

static void test_subgame_counts(void **state)
{
    (void)state;
    mpol_tree *t = pennies();
    assert_int_equal(count_subgames(t), 1);
    mpol_tree_free(t);
    t = dilemma();
    assert_int_equal(count_subgames(t), 1);
    mpol_tree_free(t);
    /* a perfect-information chain of 4 decisions: every decision node */
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t par = MPOL_TREE_NONE;
    for (int d = 0; d < 4; d++) {
        size_t h = iset(t, (size_t)(d % 2), 2, NULL);
        size_t n = node(t, par, h, NULL);
        node(t, n, MPOL_TREE_NONE, (double[]){d, -d});
        par = n;
    }
    node(t, par, MPOL_TREE_NONE, (double[]){9, 9});
    OK(mpol_tree_finalize(t));
    assert_int_equal(count_subgames(t), 4);
    /* centipede-like: the SPE takes the first exit? payoffs (d, -d) vs (9, 9) at the end:
       every mover continues */
    mpol_tree_opts o = opts_of(MPOL_TREE_SUBGAME);
    mpol_tree_solution *s = NULL;
    OK(mpol_tree_solve(&s, t, &o));
    for (size_t h = 0; h < 4; h++)
        assert_close(s->eq[0].behavior[2 * h + 1], 1, 1e-9);
    assert_close(s->eq[0].value[0], 9, 1e-9);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
    /* a long perfect-information chain: 1000 subgames solved bottom-up (the subtree
       buffers are reused, so this stays linear) and all certified */
    OK(mpol_tree_alloc(&t, 2, NULL));
    par = MPOL_TREE_NONE;
    for (int d = 0; d < 1000; d++) {
        size_t h = iset(t, (size_t)(d % 2), 2, NULL);
        size_t n = node(t, par, h, NULL);
        node(t, n, MPOL_TREE_NONE, (double[]){d % 7, -d % 5});
        par = n;
    }
    node(t, par, MPOL_TREE_NONE, (double[]){9, 9});
    OK(mpol_tree_finalize(t));
    assert_int_equal(count_subgames(t), 1000);
    OK(mpol_tree_solve(&s, t, &o));
    assert_true(s->eq[0].subgame_perfect);
    assert_close(s->eq[0].value[0], 9, 1e-9);
    mpol_tree_subgame_check *sc = NULL;
    OK(mpol_tree_certify_subgames(&sc, t, s->eq[0].behavior, 0));
    assert_int_equal(sc->nsubgames, 1000);
    assert_true(sc->verified);
    mpol_tree_subgame_check_free(sc);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
    /* a set spanning two subtrees below a chance root: only the root */
    OK(mpol_tree_alloc(&t, 1, NULL));
    size_t hc = iset(t, MPOL_TREE_CHANCE, 2, (double[]){0.5, 0.5}), h = iset(t, 0, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, hc, NULL);
    for (int i = 0; i < 2; i++) {
        size_t n = node(t, r, h, NULL);
        node(t, n, MPOL_TREE_NONE, (double[]){i});
        node(t, n, MPOL_TREE_NONE, (double[]){1 - i});
    }
    OK(mpol_tree_finalize(t));
    assert_int_equal(count_subgames(t), 1);
    mpol_tree_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    size_t *roots = (size_t *)(uintptr_t)1, n = 7;
    assert_int_equal(mpol_tree_subgames(NULL, &n, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_subgames(&roots, &n, NULL), MPOL_EINVAL);
    assert_null(roots);
    mpol_tree *t = NULL;
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t h = iset(t, 0, 2, NULL);
    size_t r = node(t, MPOL_TREE_NONE, h, NULL);
    node(t, r, MPOL_TREE_NONE, (double[]){0, 0});
    roots = (size_t *)(uintptr_t)1;
    assert_int_equal(mpol_tree_subgames(&roots, NULL, t), MPOL_EINVAL);
    assert_null(roots);
    assert_int_equal(mpol_tree_subgames(&roots, &n, t), MPOL_EINVAL); /* not finalised */
    mpol_tree_subgame_check *c = (mpol_tree_subgame_check *)(uintptr_t)1;
    assert_int_equal(mpol_tree_certify_subgames(&c, t, (double[]){1, 0}, 0), MPOL_EINVAL);
    assert_null(c);
    assert_int_equal(mpol_tree_certify_subgames(NULL, t, (double[]){1, 0}, 0), MPOL_EINVAL);
    c = (mpol_tree_subgame_check *)(uintptr_t)1;
    assert_int_equal(mpol_tree_certify_subgames(&c, t, NULL, 0), MPOL_EINVAL);
    assert_null(c);
    mpol_tree_subgame_check_free(NULL);
    node(t, r, MPOL_TREE_NONE, (double[]){1, 0});
    OK(mpol_tree_finalize(t));
    OK(mpol_tree_subgames(&roots, &n, t));
    assert_int_equal(n, 1);
    mpol_free(roots);
    mpol_tree_free(t);
    /* too many actions for the dense trace */
    OK(mpol_tree_alloc(&t, 1, NULL));
    h = iset(t, 0, 3001, NULL);
    r = node(t, MPOL_TREE_NONE, h, NULL);
    for (int k = 0; k < 3001; k++)
        node(t, r, MPOL_TREE_NONE, (double[]){k});
    OK(mpol_tree_finalize(t));
    mpol_tree_opts o = opts_of(MPOL_TREE_QRE);
    mpol_tree_solution *s = (mpol_tree_solution *)(uintptr_t)1;
    assert_int_equal(mpol_tree_solve(&s, t, &o), MPOL_ELIMIT);
    assert_null(s);
    assert_non_null(strstr(mpol_last_error(), "3001"));
    o.method = MPOL_TREE_SUBGAME; /* with the QRE in the subgame: its limit comes through */
    o.subgame_method = MPOL_TREE_QRE;
    s = (mpol_tree_solution *)(uintptr_t)1;
    assert_int_equal(mpol_tree_solve(&s, t, &o), MPOL_ELIMIT);
    assert_null(s);
    o.subgame_method = MPOL_TREE_AUTO;
    mpol_tree_free(t);
    /* a chance branch of probability 0 in front of a hidden move: beliefs there are
       undefined (uniform in the trace), the answer still verifies */
    OK(mpol_tree_alloc(&t, 2, NULL));
    size_t hc = iset(t, MPOL_TREE_CHANCE, 2, (double[]){1, 0});
    size_t h1 = iset(t, 0, 2, NULL), h2 = iset(t, 1, 2, NULL), h3 = iset(t, 1, 2, NULL);
    r = node(t, MPOL_TREE_NONE, hc, NULL);
    size_t live = node(t, r, h1, NULL), dead = node(t, r, h3, NULL);
    for (int i = 0; i < 2; i++) {
        size_t g = node(t, live, h2, NULL);
        node(t, g, MPOL_TREE_NONE, (double[]){i ? 4 : 1, 1});
        node(t, g, MPOL_TREE_NONE, (double[]){i ? 0 : 2, i ? 3 : 0});
    }
    node(t, dead, MPOL_TREE_NONE, (double[]){5, 0});
    node(t, dead, MPOL_TREE_NONE, (double[]){0, 5});
    OK(mpol_tree_finalize(t));
    o.method = MPOL_TREE_QRE;
    OK(mpol_tree_solve(&s, t, &o));
    assert_true(s->verified);
    assert_close(s->eq[0].behavior[2], 2.0 / 3, 1e-9); /* 2 indifferent: 1 = 3 (1 - p) */
    assert_close(s->eq[0].behavior[4], 0.4, 1e-9);     /* 1 indifferent: 2 - q = 4 q */
    for (size_t a = 0; a < t->nactions; a++)
        assert_true(isfinite(s->eq[0].behavior[a]));
    mpol_tree_solution_free(s);
    o.qre_lambda_max = 0.5;
    assert_int_equal(mpol_tree_solve(&s, t, &o), MPOL_EVERIFY);
    assert_close(s->lambda, 0.5, 1e-9);
    assert_close(s->eq[0].behavior[6] + s->eq[0].behavior[7], 1, 1e-12);
    mpol_tree_solution_free(s);
    o.qre_lambda_max = 1e6;
    mpol_tree_free(t);
    /* a one-player decision: the agent QRE finds the best action */
    OK(mpol_tree_alloc(&t, 1, NULL));
    h = iset(t, 0, 3, NULL);
    r = node(t, MPOL_TREE_NONE, h, NULL);
    for (int k = 0; k < 3; k++)
        node(t, r, MPOL_TREE_NONE, (double[]){k == 1 ? 5 : k});
    OK(mpol_tree_finalize(t));
    o.method = MPOL_TREE_QRE;
    OK(mpol_tree_solve(&s, t, &o));
    assert_close(s->eq[0].behavior[1], 1, 1e-12);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

/* Out of memory anywhere in the subgame method (subtrees, the QRE, the certificates):
 * MPOL_ENOMEM and nothing leaked. */
static mpol_status oom_body(void *ctx)
{
    const mpol_tree *t = ctx;
    mpol_tree_opts o = opts_of(MPOL_TREE_SUBGAME);
    mpol_tree_solution *s = NULL;
    mpol_status st = mpol_tree_solve(&s, t, &o);
    if (st != MPOL_OK) {
        assert_int_equal(st, MPOL_ENOMEM);
        assert_null(s);
        return st;
    }
    mpol_tree_subgame_check *c = NULL;
    st = mpol_tree_certify_subgames(&c, t, s->eq[0].behavior, 0);
    mpol_tree_solution_free(s);
    if (st != MPOL_OK) {
        assert_int_equal(st, MPOL_ENOMEM);
        assert_null(c);
        return st;
    }
    assert_true(c->verified);
    mpol_tree_subgame_check_free(c);
    return MPOL_OK;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    mpol_tree *t = entry_in_larger();
    long n = mpol_test_oom_loop(oom_body, t);
    assert_true(n > 10);
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qre_pennies),    cmocka_unit_test(test_qre_dilemma_path),
        cmocka_unit_test(test_qre_horse),      cmocka_unit_test(test_entry_threat),
        cmocka_unit_test(test_subgame_counts), cmocka_unit_test(test_subgames_random),
        cmocka_unit_test(test_qre_random),     cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
