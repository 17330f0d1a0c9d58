/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the two-player general-sum tree methods: sequence-lemke (Lemke on the
 * sequence-form LCP from the centroid and random starting points) and sequence-enum (every
 * extreme equilibrium through the reduced strategic form and the bimatrix engine), and the
 * reduced strategic form itself (mpol_tree_reduced_game, Gambit's labels and order).
 *
 * Known games: entry deterrence (two equilibrium components; Lemke from a completely mixed
 * start gives the normal-form perfect one, In/Accommodate), beer-quiche (two pooling
 * components), von Stengel's 3x2 game as a tree (three equilibria, exact values from his
 * survey). Random two-player trees with chance and hidden moves (seeded): Lemke passes the
 * certificate from every start, the enumeration equals the brute force over the unreduced
 * strategic form (the bimatrix engine in the test), Lemke's equilibria are among the
 * enumerated ones where those are isolated, exact mode gives exactly zero regrets; and
 * every error path.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/tree.h"
#include "tree/tree_lemke_internal.h"

/* --- games ---------------------------------------------------------------------------- */

/* Entry deterrence: 1 chooses Out (1, 5) or In; 2 then Fights (0, 0) or Accommodates (2, 2). */
static mpol_tree *entry_game(void)
{
    const char *a1[] = {"Out", "In"}, *a2[] = {"Fight", "Accommodate"};
    mpol_tree *t = NULL;
    size_t h1, h2, root, in, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, a1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, a2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){1, 5}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&in, t, root, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, in, MPOL_TREE_NONE, (double[]){0, 0}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, in, MPOL_TREE_NONE, (double[]){2, 2}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* Beer-quiche (Cho and Kreps 1987): chance draws the sender strong (9/10) or weak; the
 * sender, knowing it, has beer or quiche; the receiver sees the breakfast and duels or not.
 * Sender: 1 for the breakfast it prefers (strong: beer) + 2 if not dueled; receiver: 1 for
 * dueling a weak or sparing a strong sender. */
static mpol_tree *beer_quiche(void)
{
    mpol_tree *t = NULL;
    const char *types[] = {"strong", "weak"}, *food[] = {"beer", "quiche"};
    const char *reply[] = {"duel", "spare"};
    size_t hc, hs[2], hr[2], root, n, m;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(
        mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 2, types, (double[]){0.9, 0.1}, NULL),
        MPOL_OK);
    assert_int_equal(mpol_tree_set_exact_probs(t, hc, (mpol_rational[]){{9, 10}, {1, 10}}),
                     MPOL_OK);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(mpol_tree_add_infoset(&hs[k], t, 0, 2, food, NULL, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_add_infoset(&hr[k], t, 1, 2, reply, NULL, NULL), MPOL_OK);
    }
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    for (int type = 0; type < 2; type++) {
        assert_int_equal(mpol_tree_add_node(&n, t, root, hs[type], NULL, NULL), MPOL_OK);
        for (int f = 0; f < 2; f++) {
            assert_int_equal(mpol_tree_add_node(&m, t, n, hr[f], NULL, NULL), MPOL_OK);
            for (int d = 0; d < 2; d++) {
                double us = (f == type ? 1 : 0) + (d == 1 ? 2 : 0);
                double ur = d == 0 ? (type == 1 ? 1 : 0) : (type == 0 ? 1 : 0);
                size_t leaf;
                assert_int_equal(
                    mpol_tree_add_node(&leaf, t, m, MPOL_TREE_NONE, (double[]){us, ur}, NULL),
                    MPOL_OK);
                assert_int_equal(
                    mpol_tree_set_exact_payoff(
                        t, leaf, (mpol_rational[]){{(int64_t)us, 1}, {(int64_t)ur, 1}}),
                    MPOL_OK);
            }
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* A bimatrix game as a tree: 1 moves, 2 moves without seeing it. */
static mpol_tree *bimatrix_tree(size_t m, size_t n, const double *A, const double *B)
{
    mpol_tree *t = NULL;
    size_t h1, h2, root, k, leaf;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, m, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, n, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    for (size_t i = 0; i < m; i++) {
        assert_int_equal(mpol_tree_add_node(&k, t, root, h2, NULL, NULL), MPOL_OK);
        for (size_t j = 0; j < n; j++)
            assert_int_equal(mpol_tree_add_node(&leaf, t, k, MPOL_TREE_NONE,
                                                (double[]){A[i * n + j], B[i * n + j]}, NULL),
                             MPOL_OK);
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* von Stengel's example (Handbook of Game Theory 3, ch. 45, 2002): equilibria
 * (1,0,0),(1,0); (4/5,1/5,0),(2/3,1/3); (0,1/3,2/3),(1/3,2/3). */
static const double VS_A[] = {3, 3, 2, 5, 0, 6}, VS_B[] = {3, 2, 2, 6, 3, 1};

/*
 * A random two-player tree with chance: the mover of each level is fixed (player 0, 1 or
 * chance, drawn per level), every node of a level has the level's number of actions, and
 * each player sees each level's move or not (drawn per level; a mover sees its own move).
 * A player's information set is its view of the history, so recall is perfect. A node ends
 * the game early with probability 1/5 below the first level. Payoffs: integers 0..@p pmax
 * (pmax = 0: uniform reals in [0, 10)).
 */
#define RT_MAXD 5
static mpol_tree *random_tree(uint64_t seed, size_t depth, size_t maxact, int pmax)
{
    uint64_t s = seed * 0x9e3779b97f4a7c15u + 12345;
    size_t mover[RT_MAXD], nact[RT_MAXD];
    int sees[RT_MAXD][2];
    for (size_t d = 0; d < depth; d++) {
        uint64_t r = mpol_i_rng_below(&s, 5);
        mover[d] = r < 2 ? 0 : r < 4 ? 1 : MPOL_TREE_CHANCE;
        if (d == 0 && mover[d] == MPOL_TREE_CHANCE)
            mover[d] = 0;
        nact[d] = 2 + (size_t)mpol_i_rng_below(&s, maxact - 1);
        for (int p = 0; p < 2; p++)
            sees[d][p] = mover[d] == (size_t)p || mpol_i_rng_below(&s, 2) == 0;
    }
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    /* BFS: node records (tree id, level, history) */
    size_t cap = 1;
    for (size_t d = 0; d < depth; d++)
        cap *= nact[d];
    cap = cap * 2 + 4;
    size_t *id = malloc(cap * sizeof *id), *lev = malloc(cap * sizeof *lev);
    int *hist = malloc(cap * RT_MAXD * sizeof *hist);
    /* information sets: key = (player, level, view) */
    size_t nsets = 0, *set_id = malloc(cap * sizeof *set_id), *set_p = malloc(cap * sizeof *set_p);
    size_t *set_l = malloc(cap * sizeof *set_l);
    int *set_view = malloc(cap * RT_MAXD * sizeof *set_view);
    size_t head = 0, tail = 0;
    id[0] = MPOL_TREE_NONE; /* parent of the root */
    lev[0] = 0;
    tail = 1;
    /* queue entries are nodes to create: (parent tree id, level, history) */
    while (head < tail) {
        size_t q = head++, d = lev[q];
        int *h = hist + q * RT_MAXD;
        int terminal = d == depth || (d > 0 && mpol_i_rng_below(&s, 5) == 0);
        size_t node;
        if (terminal) {
            double pay[2];
            for (int p = 0; p < 2; p++)
                pay[p] = pmax > 0 ? (double)mpol_i_rng_below(&s, (uint64_t)pmax + 1)
                                  : 10.0 * mpol_i_rng_uniform(&s);
            assert_int_equal(mpol_tree_add_node(&node, t, id[q], MPOL_TREE_NONE, pay, NULL),
                             MPOL_OK);
            if (pmax > 0)
                assert_int_equal(
                    mpol_tree_set_exact_payoff(
                        t, node, (mpol_rational[]){{(int64_t)pay[0], 1}, {(int64_t)pay[1], 1}}),
                    MPOL_OK);
            continue;
        }
        size_t set = MPOL_TREE_NONE;
        if (mover[d] == MPOL_TREE_CHANCE) {
            double pr[8], sum = 0;
            mpol_rational ex[8];
            for (size_t a = 0; a < nact[d]; a++)
                sum += pr[a] = 1.0 + (double)mpol_i_rng_below(&s, 3);
            for (size_t a = 0; a < nact[d]; a++) {
                ex[a] = (mpol_rational){(int64_t)pr[a], (int64_t)sum};
                pr[a] /= sum;
            }
            assert_int_equal(
                mpol_tree_add_infoset(&set, t, MPOL_TREE_CHANCE, nact[d], NULL, pr, NULL), MPOL_OK);
            assert_int_equal(mpol_tree_set_exact_probs(t, set, ex), MPOL_OK);
        } else {
            size_t p = mover[d];
            int view[RT_MAXD];
            for (size_t e = 0; e < d; e++)
                view[e] = sees[e][p] ? h[e] : -1;
            for (size_t k = 0; k < nsets && set == MPOL_TREE_NONE; k++)
                if (set_p[k] == p && set_l[k] == d &&
                    memcmp(set_view + k * RT_MAXD, view, d * sizeof *view) == 0)
                    set = set_id[k];
            if (set == MPOL_TREE_NONE) {
                assert_int_equal(mpol_tree_add_infoset(&set, t, p, nact[d], NULL, NULL, NULL),
                                 MPOL_OK);
                set_id[nsets] = set;
                set_p[nsets] = p;
                set_l[nsets] = d;
                memcpy(set_view + nsets * RT_MAXD, view, d * sizeof *view);
                nsets++;
            }
        }
        assert_int_equal(mpol_tree_add_node(&node, t, id[q], set, NULL, NULL), MPOL_OK);
        for (size_t a = 0; a < nact[d]; a++) {
            assert_true(tail < cap);
            id[tail] = node;
            lev[tail] = d + 1;
            memcpy(hist + tail * RT_MAXD, h, d * sizeof *h);
            hist[tail * RT_MAXD + d] = (int)a;
            tail++;
        }
    }
    free(id);
    free(lev);
    free(hist);
    free(set_id);
    free(set_p);
    free(set_l);
    free(set_view);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* --- helpers ------------------------------------------------------------------------------ */

static mpol_tree_opts lemke_opts(size_t starts, int exact)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_LEMKE;
    o.starts = starts;
    o.exact = exact;
    return o;
}

static double act(const mpol_tree *t, const mpol_tree_eq *e, size_t h, const char *name)
{
    size_t a = mpol_tree_find_action(t, h, name);
    assert_true(a != MPOL_TREE_NONE);
    return e->behavior[a];
}

/* --- Lemke ------------------------------------------------------------------------------ */

static void test_lemke_entry(void **state)
{
    (void)state;
    mpol_tree *t = entry_game();
    mpol_tree_opts o = lemke_opts(8, 0);
    mpol_tree_solution *sol = NULL;
    size_t failed = 99;
    assert_int_equal(mpol_i_tree_lemke_run(&sol, &failed, t, &o), MPOL_OK);
    assert_int_equal(failed, 0);
    mpol_tree_solution_free(sol);
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_int_equal(sol->method, MPOL_TREE_LEMKE);
    assert_true(sol->verified);
    /* Fight is weakly dominated: from completely mixed starts, In / Accommodate only */
    assert_int_equal(sol->neq, 1);
    assert_close(act(t, &sol->eq[0], 0, "In"), 1.0, 1e-12);
    assert_close(act(t, &sol->eq[0], 1, "Accommodate"), 1.0, 1e-12);
    assert_close(sol->eq[0].value[0], 2.0, 1e-12);
    assert_close(sol->eq[0].value[1], 2.0, 1e-12);
    assert_true(sol->work > 0);
    mpol_tree_solution_free(sol);
    /* exact */
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_true(sol->exact);
    assert_string_equal(sol->eq[0].value_exact[0], "2");
    assert_string_equal(sol->eq[0].behavior_exact[mpol_tree_find_action(t, 1, "Fight")], "0");
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

static void test_lemke_beer_quiche(void **state)
{
    (void)state;
    mpol_tree *t = beer_quiche();
    for (int exact = 0; exact < 2; exact++) {
        mpol_tree_opts o = lemke_opts(16, exact);
        mpol_tree_solution *sol = NULL;
        size_t failed = 99;
        assert_int_equal(mpol_i_tree_lemke_run(&sol, &failed, t, &o), MPOL_OK);
        assert_int_equal(failed, 0);
        mpol_tree_solution_free(sol);
        assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
        assert_true(sol->neq >= 1);
        for (size_t k = 0; k < sol->neq; k++) {
            const mpol_tree_eq *e = &sol->eq[k];
            /* every equilibrium pools: both types have the same breakfast */
            double sb = act(t, e, 1, "beer"), wb = act(t, e, 3, "beer");
            assert_close(sb, wb, 1e-9);
            assert_true(fabs(sb) < 1e-9 || fabs(sb - 1) < 1e-9);
            /* the sender gets 2.9 pooling on beer, 2.1 on quiche */
            assert_close(e->value[0], sb > 0.5 ? 2.9 : 2.1, 1e-9);
            assert_close(e->value[1], 0.9, 1e-9);
            if (exact) {
                assert_string_equal(e->value_exact[0], sb > 0.5 ? "29/10" : "21/10");
                assert_string_equal(e->value_exact[1], "9/10");
                assert_true(e->regret[0] == 0 || e->regret[0] < 1e-12);
            }
        }
        mpol_tree_solution_free(sol);
    }
    mpol_tree_free(t);
}

/* Is the pair of plans of @p beh one of von Stengel's three equilibria? */
static int vs_index(const mpol_tree *t, const double *beh)
{
    static const double X[3][3] = {{1, 0, 0}, {0.8, 0.2, 0}, {0, 1.0 / 3, 2.0 / 3}};
    static const double Y[3][2] = {{1, 0}, {2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}};
    (void)t;
    for (int k = 0; k < 3; k++) {
        double d = 0;
        for (int i = 0; i < 3; i++)
            d = fmax(d, fabs(beh[i] - X[k][i]));
        for (int j = 0; j < 2; j++)
            d = fmax(d, fabs(beh[3 + j] - Y[k][j]));
        if (d < 1e-9)
            return k;
    }
    return -1;
}

static void test_lemke_von_stengel(void **state)
{
    (void)state;
    mpol_tree *t = bimatrix_tree(3, 2, VS_A, VS_B);
    mpol_tree_opts o = lemke_opts(32, 1);
    mpol_tree_solution *sol = NULL;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_true(sol->exact);
    int found[3] = {0, 0, 0};
    for (size_t k = 0; k < sol->neq; k++) {
        int i = vs_index(t, sol->eq[k].behavior);
        assert_true(i >= 0);
        found[i]++;
        assert_true(sol->eq[k].regret[0] < 1e-12 && sol->eq[k].regret[1] < 1e-12);
    }
    assert_true(sol->neq >= 1);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

/* Lemke from every start on random trees: verified, no failed path; exact: zero regrets. */
static void test_lemke_random(void **state)
{
    (void)state;
    size_t reps = mpol_test_quick() ? 40 : 200, multi = 0, total = 0;
    for (size_t r = 0; r < reps; r++) {
        int pmax = r % 3 == 0 ? 0 : r % 3 == 1 ? 9 : 2;
        mpol_tree *t = random_tree(r + 1, 2 + r % 3, 3, pmax);
        if (t->nseq[0] == 1 && t->nseq[1] == 1) {
            mpol_tree_free(t);
            continue;
        }
        int exact = r % 4 == 1 && pmax > 0;
        if (exact)
            assert_non_null(t->payoff_exact);
        mpol_tree_opts o = lemke_opts(6, exact);
        o.seed = r + 7;
        mpol_tree_solution *sol = NULL;
        size_t failed = 99;
        mpol_status st = mpol_i_tree_lemke_run(&sol, &failed, t, &o);
        if (st != MPOL_OK || failed != 0)
            fprintf(stderr, "tree %zu: %s (failed %zu)\n", r, mpol_last_error(), failed);
        assert_int_equal(st, MPOL_OK);
        assert_int_equal(failed, 0);
        mpol_tree_solution_free(sol);
        st = mpol_tree_solve(&sol, t, &o);
        if (st != MPOL_OK)
            fprintf(stderr, "tree %zu: %s\n", r, mpol_last_error());
        assert_int_equal(st, MPOL_OK);
        assert_true(sol->verified);
        assert_true(sol->max_regret <= 1e-9 * (t->payoff_max - t->payoff_min + 1));
        if (exact) {
            assert_true(sol->exact);
            for (size_t k = 0; k < sol->neq; k++)
                assert_non_null(sol->eq[k].behavior_exact);
        }
        total++;
        multi += sol->neq > 1;
        mpol_tree_solution_free(sol);
        mpol_tree_free(t);
    }
    fprintf(stderr, "lemke random: %zu trees, %zu with several equilibria found\n", total, multi);
    assert_true(total > reps / 2);
    assert_true(multi > 0);
}

static void test_lemke_errors(void **state)
{
    (void)state;
    /* three players */
    mpol_tree *t = NULL;
    size_t h, r, n;
    assert_int_equal(mpol_tree_alloc(&t, 3, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 2; k++)
        assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){k, 0, 1}, NULL),
                         MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_tree_opts o = lemke_opts(8, 0);
    mpol_tree_solution *sol = (mpol_tree_solution *)(uintptr_t)1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "sequence-lemke needs two players"));
    mpol_tree_free(t);
    /* no starting point */
    t = entry_game();
    o.starts = 0;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "starting point"));
    mpol_tree_free(t);
    /* max_work: von Stengel's game needs more than one pivot from the centroid */
    t = bimatrix_tree(3, 2, VS_A, VS_B);
    o = lemke_opts(1, 0);
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    size_t need = sol->work;
    mpol_tree_solution_free(sol);
    assert_true(need > 1);
    o.max_work = need - 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "max_work"));
    mpol_tree_free(t);
    /* the tableau limit: one set of 6000 actions */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 6000, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 6000; k++)
        assert_int_equal(
            mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){k % 7, k % 5}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    double t0 = mpol_test_wall();
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_true(mpol_test_wall() - t0 < 1.0);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "6005 x 12009"));
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lemke_entry),       cmocka_unit_test(test_lemke_beer_quiche),
        cmocka_unit_test(test_lemke_von_stengel), cmocka_unit_test(test_lemke_random),
        cmocka_unit_test(test_lemke_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
