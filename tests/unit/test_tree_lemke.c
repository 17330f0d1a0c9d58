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
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/efg.h"
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
static mpol_tree *random_tree_n(uint64_t seed, size_t depth, size_t maxact, int pmax, size_t np)
{
    uint64_t s = seed * 0x9e3779b97f4a7c15u + 12345;
    size_t mover[RT_MAXD], nact[RT_MAXD];
    int sees[RT_MAXD][3];
    for (size_t d = 0; d < depth; d++) {
        uint64_t r = mpol_i_rng_below(&s, 2 * np + 1);
        mover[d] = r < 2 * np ? (size_t)(r / 2) : MPOL_TREE_CHANCE;
        if (d == 0 && mover[d] == MPOL_TREE_CHANCE)
            mover[d] = 0;
        nact[d] = 2 + (size_t)mpol_i_rng_below(&s, maxact - 1);
        for (size_t p = 0; p < np; p++)
            sees[d][p] = mover[d] == p || mpol_i_rng_below(&s, 2) == 0;
    }
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, np, NULL), MPOL_OK);
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
            double pay[3];
            mpol_rational ex[3];
            for (size_t p = 0; p < np; p++)
                pay[p] = pmax > 0 ? (double)mpol_i_rng_below(&s, (uint64_t)pmax + 1)
                                  : 10.0 * mpol_i_rng_uniform(&s);
            assert_int_equal(mpol_tree_add_node(&node, t, id[q], MPOL_TREE_NONE, pay, NULL),
                             MPOL_OK);
            for (size_t p = 0; p < np; p++)
                ex[p] = (mpol_rational){(int64_t)pay[p], 1};
            if (pmax > 0)
                assert_int_equal(mpol_tree_set_exact_payoff(t, node, ex), MPOL_OK);
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

static mpol_tree *random_tree(uint64_t seed, size_t depth, size_t maxact, int pmax)
{
    return random_tree_n(seed, depth, maxact, pmax, 2);
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
    /* "auto" on a two-player tree with hidden moves that is not constant-sum */
    mpol_tree_opts_init(&o);
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_int_equal(sol->method, MPOL_TREE_LEMKE);
    assert_true(vs_index(t, sol->eq[0].behavior) >= 0);
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

/* Deeper random trees (5 levels, up to 3 actions, degenerate payoffs 0..2 among them):
 * no failed path, verified; exact rebuilds on the integer ones. */
static void test_lemke_random_deep(void **state)
{
    (void)state;
    size_t reps = mpol_test_quick() ? 15 : 80, maxseq = 0;
    for (size_t r = 0; r < reps; r++) {
        int pmax = r % 3 == 0 ? 0 : r % 3 == 1 ? 9 : 2;
        mpol_tree *t = random_tree(90000 + r, 5, 3, pmax);
        mpol_tree_opts o = lemke_opts(4, pmax > 0 && r % 2 == 0);
        o.seed = r;
        mpol_tree_solution *sol = NULL;
        size_t failed = 99;
        mpol_status st = mpol_i_tree_lemke_run(&sol, &failed, t, &o);
        if (st != MPOL_OK || failed != 0)
            fprintf(stderr, "deep tree %zu: %s (failed %zu)\n", r, mpol_last_error(), failed);
        assert_int_equal(st, MPOL_OK);
        assert_int_equal(failed, 0);
        mpol_tree_solution_free(sol);
        assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
        assert_true(sol->verified);
        if (t->nseq[0] + t->nseq[1] > maxseq)
            maxseq = t->nseq[0] + t->nseq[1];
        mpol_tree_solution_free(sol);
        mpol_tree_free(t);
    }
    fprintf(stderr, "lemke deep: %zu trees, up to %zu sequences\n", reps, maxseq);
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

/* --- the reduced strategic form --------------------------------------------------------- */

/* Appends to a growing buffer. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) MPOL_PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (b->len + (size_t)k < b->cap) {
            b->len += (size_t)k;
            return;
        }
        b->cap = 2 * (b->cap + (size_t)k + 16);
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
}

/* The tree as a Gambit .efg file (nodes in depth-first order; an outcome per terminal;
 * payoffs and chance probabilities exact, the tree must be exact). */
static char *tree_to_efg(const mpol_tree *t)
{
    sbuf b = {NULL, 0, 0};
    sb_printf(&b, "EFG 2 R \"random\" {");
    for (size_t p = 0; p < t->nplayers; p++)
        sb_printf(&b, " \"P%zu\"", p + 1);
    sb_printf(&b, " }\n\"\"\n\n");
    size_t *num = calloc(t->ninfosets, sizeof *num), next[8] = {0}, nout = 0;
    size_t *stack = malloc(t->nnodes * sizeof *stack), ns = 0;
    stack[ns++] = 0;
    while (ns > 0) {
        size_t n = stack[--ns];
        if (t->type[n] == MPOL_TREE_TERMINAL) {
            sb_printf(&b, "t \"\" %zu \"\" {", ++nout);
            for (size_t p = 0; p < t->nplayers; p++) {
                mpol_rational r = t->payoff_exact[n * t->nplayers + p];
                sb_printf(&b, "%s %lld/%lld", p ? "," : "", (long long)r.num, (long long)r.den);
            }
            sb_printf(&b, " }\n");
            continue;
        }
        size_t h = t->infoset[n], pl = t->iset_player[h];
        size_t who = pl == MPOL_TREE_CHANCE ? 0 : pl + 1;
        if (num[h] == 0)
            num[h] = ++next[who];
        if (pl == MPOL_TREE_CHANCE)
            sb_printf(&b, "c \"\" %zu \"\" {", num[h]);
        else
            sb_printf(&b, "p \"\" %zu %zu \"\" {", pl + 1, num[h]);
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            sb_printf(&b, " \"%s\"", t->action_name[a]);
            if (pl == MPOL_TREE_CHANCE)
                sb_printf(&b, " %lld/%lld", (long long)t->action_prob_exact[a].num,
                          (long long)t->action_prob_exact[a].den);
        }
        sb_printf(&b, " } 0\n");
        for (size_t c = t->child_off[n + 1]; c-- > t->child_off[n];)
            stack[ns++] = t->child[c];
    }
    free(num);
    free(stack);
    return b.s;
}

static void assert_same_game(const mpol_game *a, const mpol_game *b)
{
    assert_int_equal(a->nplayers, b->nplayers);
    for (size_t p = 0; p < a->nplayers; p++) {
        assert_int_equal(a->nstrategies[p], b->nstrategies[p]);
        for (size_t k = 0; k < a->nstrategies[p]; k++)
            assert_string_equal(a->strategy_names[p][k], b->strategy_names[p][k]);
    }
    assert_int_equal(a->ncells, b->ncells);
    assert_non_null(a->exact);
    assert_non_null(b->exact);
    for (size_t c = 0; c < a->ncells * a->nplayers; c++) {
        assert_close(a->payoff[c], b->payoff[c], 1e-12);
        assert_true(a->exact[c].num == b->exact[c].num && a->exact[c].den == b->exact[c].den);
    }
}

/* The reduced form of random trees equals the .efg reader's from the same tree written as
 * a file: the same strategies, labels, order and exact payoffs. */
static void test_reduced_vs_efg(void **state)
{
    (void)state;
    size_t reps = mpol_test_quick() ? 30 : 120, stars = 0, three = 0;
    for (size_t r = 0; r < reps; r++) {
        size_t np = r % 4 == 3 ? 3 : 2;
        mpol_tree *t = random_tree_n(1000 + r, 2 + r % 3, 3, 9, np);
        char *text = tree_to_efg(t);
        mpol_game *ge = NULL, *gt = NULL;
        mpol_tree_plans *pl = NULL;
        assert_int_equal(mpol_efg_read_string(&ge, text, strlen(text), "random.efg", NULL),
                         MPOL_OK);
        assert_int_equal(mpol_tree_reduced_game(&gt, &pl, t, 0), MPOL_OK);
        assert_same_game(gt, ge);
        for (size_t p = 0; p < np; p++)
            for (size_t k = 0; k < gt->nstrategies[p]; k++)
                stars += strchr(gt->strategy_names[p][k], '*') != NULL;
        three += np == 3;
        /* each plan is the realisation plan of its pure strategy */
        for (size_t p = 0; p < np; p++) {
            assert_int_equal(pl->nstrategies[p], gt->nstrategies[p]);
            double *mx[3] = {NULL, NULL, NULL};
            for (size_t q = 0; q < np; q++)
                mx[q] = calloc(gt->nstrategies[q], sizeof(double));
            double *beh = malloc(t->nactions * sizeof *beh), *rp = malloc(t->nseq[p] * sizeof *rp);
            for (size_t k = 0; k < gt->nstrategies[p]; k++) {
                for (size_t q = 0; q < np; q++)
                    mx[q][0] = 1;
                mx[p][0] = 0;
                mx[p][k] = 1;
                assert_int_equal(mpol_tree_plans_behavior(beh, t, pl, (const double *const *)mx),
                                 MPOL_OK);
                assert_int_equal(mpol_tree_realization(rp, t, beh, p), MPOL_OK);
                for (size_t s = 0; s < t->nseq[p]; s++)
                    assert_close(rp[s], pl->plan[p][k * t->nseq[p] + s], 1e-15);
                mx[p][k] = 0;
            }
            for (size_t q = 0; q < np; q++)
                free(mx[q]);
            free(beh);
            free(rp);
        }
        mpol_tree_plans_free(pl);
        mpol_game_free(ge);
        mpol_game_free(gt);
        free(text);
        mpol_tree_free(t);
    }
    assert_true(stars > 0);
    assert_true(three > 0);
}

static void test_reduced_entry_and_limits(void **state)
{
    (void)state;
    /* entry deterrence with a second move of the entrant after Accommodate */
    mpol_tree *t = NULL;
    size_t h1, h2, h3, root, in, acc, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, (const char *[]){"E", "I"}), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, (const char *[]){"Out", "In"}, NULL, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, (const char *[]){"F", "A"}, NULL, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h3, t, 0, 2, (const char *[]){"x", "y"}, NULL, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){1, 5}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&in, t, root, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, in, MPOL_TREE_NONE, (double[]){0, 0}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&acc, t, in, h3, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, acc, MPOL_TREE_NONE, (double[]){2, 2}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, acc, MPOL_TREE_NONE, (double[]){3, 1}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_game *g = (mpol_game *)(uintptr_t)1;
    mpol_tree_plans *pl = (mpol_tree_plans *)(uintptr_t)1;
    assert_int_equal(mpol_tree_reduced_game(&g, &pl, t, 0), MPOL_OK);
    assert_int_equal(g->nstrategies[0], 3);
    assert_int_equal(g->nstrategies[1], 2);
    assert_string_equal(g->strategy_names[0][0], "1*");
    assert_string_equal(g->strategy_names[0][1], "21");
    assert_string_equal(g->strategy_names[0][2], "22");
    assert_string_equal(g->player_names[1], "I");
    size_t prof[2] = {2, 1};
    assert_close(g->payoff[mpol_game_cell(g, prof) * 2], 3.0, 0);
    prof[0] = 0;
    assert_close(g->payoff[mpol_game_cell(g, prof) * 2 + 1], 5.0, 0);
    mpol_tree_plans_free(pl);
    mpol_game_free(g);
    /* the limit, with the sizes */
    assert_int_equal(mpol_tree_reduced_game(&g, &pl, t, 5), MPOL_ELIMIT);
    assert_null(g);
    assert_null(pl);
    assert_non_null(strstr(mpol_last_error(), "3x2 has more than 5"));
    assert_int_equal(mpol_tree_reduced_game(&g, NULL, t, 6), MPOL_OK);
    mpol_game_free(g);
    assert_int_equal(mpol_tree_reduced_game(NULL, NULL, t, 6), MPOL_EINVAL);
    mpol_tree_free(t);
}

/* --- enumeration --------------------------------------------------------------------------- */

/* The realisation plans (both players, concatenated) of a behaviour profile. */
static void plans_of(double *out, const mpol_tree *t, const double *beh)
{
    assert_int_equal(mpol_tree_realization(out, t, beh, 0), MPOL_OK);
    assert_int_equal(mpol_tree_realization(out + t->nseq[0], t, beh, 1), MPOL_OK);
}

static int plan_in(const double *plan, const double *set, size_t nset, size_t len, double tol)
{
    for (size_t k = 0; k < nset; k++) {
        double d = 0;
        for (size_t i = 0; i < len; i++)
            d = fmax(d, fabs(plan[i] - set[k * len + i]));
        if (d <= tol)
            return 1;
    }
    return 0;
}

/* Brute force: every pure behaviour strategy of each player (an action at every set), the
 * unreduced strategic form built here, the bimatrix engine's extreme equilibria, mapped to
 * realisation plans. Returns the number of distinct plan pairs in @p out (malloc'd). */
static size_t brute_plans(double **out, const mpol_tree *t)
{
    size_t npure[2], nsets[2], sets[2][64];
    for (size_t p = 0; p < 2; p++) {
        npure[p] = 1;
        nsets[p] = 0;
        for (size_t h = 0; h < t->ninfosets; h++)
            if (t->iset_player[h] == p) {
                assert_true(nsets[p] < 64);
                sets[p][nsets[p]++] = h;
                npure[p] *= t->iset_action_off[h + 1] - t->iset_action_off[h];
            }
    }
    size_t m = npure[0], n = npure[1], len = t->nseq[0] + t->nseq[1];
    /* pure strategy k of p: mixed-radix digits over p's sets; its plan */
    unsigned char *pp[2];
    for (size_t p = 0; p < 2; p++) {
        pp[p] = calloc(npure[p] * t->nseq[p], 1);
        double *beh = malloc(t->nactions * sizeof *beh), *r = malloc(t->nseq[p] * sizeof *r);
        for (size_t k = 0; k < npure[p]; k++) {
            size_t rest = k;
            for (size_t a = 0; a < t->nactions; a++)
                beh[a] = t->action_prob[a];
            for (size_t i = 0; i < nsets[p]; i++) {
                size_t h = sets[p][i], na = t->iset_action_off[h + 1] - t->iset_action_off[h];
                for (size_t a = 0; a < na; a++)
                    beh[t->iset_action_off[h] + a] = a == rest % na;
                rest /= na;
            }
            assert_int_equal(mpol_tree_realization(r, t, beh, p), MPOL_OK);
            for (size_t s = 0; s < t->nseq[p]; s++)
                pp[p][k * t->nseq[p] + s] = r[s] > 0.5;
        }
        free(beh);
        free(r);
    }
    double *A = calloc(m * n, sizeof *A), *B = calloc(m * n, sizeof *B);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t v = 0; v < t->nnodes; v++) {
                if (t->type[v] != MPOL_TREE_TERMINAL)
                    continue;
                if (!pp[0][i * t->nseq[0] + t->node_seq[v * 2]] ||
                    !pp[1][j * t->nseq[1] + t->node_seq[v * 2 + 1]])
                    continue;
                A[i * n + j] += t->chance_reach[v] * t->payoff[v * 2];
                B[i * n + j] += t->chance_reach[v] * t->payoff[v * 2 + 1];
            }
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.cliques = 0;
    mpol_bimatrix_result *res = NULL;
    assert_int_equal(mpol_bimatrix_enumerate(&res, m, n, A, B, &bo), MPOL_OK);
    double *set = malloc((res->neq + 1) * len * sizeof *set), *cur = malloc(len * sizeof *cur);
    size_t nset = 0;
    for (size_t k = 0; k < res->neq; k++) {
        for (size_t i = 0; i < len; i++)
            cur[i] = 0;
        for (size_t i = 0; i < m; i++)
            for (size_t s = 0; s < t->nseq[0]; s++)
                cur[s] += res->eq[k].x[i] * pp[0][i * t->nseq[0] + s];
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < t->nseq[1]; s++)
                cur[t->nseq[0] + s] += res->eq[k].y[j] * pp[1][j * t->nseq[1] + s];
        if (!plan_in(cur, set, nset, len, 1e-7))
            memcpy(set + len * nset++, cur, len * sizeof *cur);
    }
    mpol_bimatrix_result_free(res);
    free(cur);
    free(A);
    free(B);
    free(pp[0]);
    free(pp[1]);
    *out = set;
    return nset;
}

/* Random trees: the enumeration's plan pairs equal the brute force's; Lemke's equilibria
 * are among them when the reduced form's equilibria are isolated; exact mode is exact. */
static void test_enum_random(void **state)
{
    (void)state;
    size_t reps = mpol_test_quick() ? 40 : 150, compared = 0, lemke_in = 0;
    for (size_t r = 0; r < reps; r++) {
        int pmax = r % 2 ? 9 : 0;
        mpol_tree *t = random_tree(5000 + r, 2 + r % 3, 3, pmax);
        size_t npure = 1;
        for (size_t h = 0; h < t->ninfosets; h++)
            if (t->iset_player[h] != MPOL_TREE_CHANCE)
                npure *= t->iset_action_off[h + 1] - t->iset_action_off[h];
        if (npure > 256) {
            mpol_tree_free(t);
            continue;
        }
        size_t len = t->nseq[0] + t->nseq[1];
        double *bf = NULL;
        size_t nbf = brute_plans(&bf, t);
        mpol_tree_opts o;
        mpol_tree_opts_init(&o);
        o.method = MPOL_TREE_ENUMERATE;
        o.exact = pmax > 0 && r % 4 == 1;
        mpol_tree_solution *sol = NULL;
        mpol_status st = mpol_tree_solve(&sol, t, &o);
        if (st != MPOL_OK)
            fprintf(stderr, "tree %zu: %s\n", r, mpol_last_error());
        assert_int_equal(st, MPOL_OK);
        assert_true(sol->complete);
        assert_true(sol->verified);
        double *en = malloc((sol->neq + 1) * len * sizeof *en);
        for (size_t k = 0; k < sol->neq; k++) {
            plans_of(en + k * len, t, sol->eq[k].behavior);
            if (o.exact)
                assert_non_null(sol->eq[k].value_exact);
        }
        /* the same sets */
        if (sol->neq != nbf)
            fprintf(stderr, "tree %zu: %zu enumerated, %zu by brute force\n", r, sol->neq, nbf);
        assert_int_equal(sol->neq, nbf);
        for (size_t k = 0; k < nbf; k++)
            assert_true(plan_in(bf + k * len, en, sol->neq, len, 1e-6));
        compared++;
        /* Lemke's equilibria among them when the reduced form's are isolated */
        mpol_game *g = NULL;
        assert_int_equal(mpol_tree_reduced_game(&g, NULL, t, 0), MPOL_OK);
        mpol_bimatrix_opts bo;
        mpol_bimatrix_opts_init(&bo);
        mpol_bimatrix_result *br = NULL;
        assert_int_equal(mpol_bimatrix_solve_game(&br, g, MPOL_BIMATRIX_ENUMERATE, &bo), MPOL_OK);
        int isolated = br->ncliques == br->neq;
        for (size_t c = 0; c < br->ncliques; c++)
            isolated &= br->cliques[c].nx == 1 && br->cliques[c].ny == 1;
        mpol_bimatrix_result_free(br);
        mpol_game_free(g);
        if (isolated) {
            mpol_tree_opts lo = lemke_opts(5, 0);
            lo.seed = r;
            mpol_tree_solution *ls = NULL;
            assert_int_equal(mpol_tree_solve(&ls, t, &lo), MPOL_OK);
            double *cur = malloc(len * sizeof *cur);
            for (size_t k = 0; k < ls->neq; k++) {
                plans_of(cur, t, ls->eq[k].behavior);
                assert_true(plan_in(cur, en, sol->neq, len, 1e-6));
                lemke_in++;
            }
            free(cur);
            mpol_tree_solution_free(ls);
        }
        free(en);
        free(bf);
        mpol_tree_solution_free(sol);
        mpol_tree_free(t);
    }
    fprintf(stderr,
            "enum random: %zu trees compared with brute force, %zu Lemke equilibria "
            "found among the enumerated\n",
            compared, lemke_in);
    assert_true(compared > reps / 2);
    assert_true(lemke_in > 0);
}

static void test_enum_known(void **state)
{
    (void)state;
    /* von Stengel's 3x2: exactly three equilibria, exact */
    mpol_tree *t = bimatrix_tree(3, 2, VS_A, VS_B);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_ENUMERATE;
    o.exact = 1;
    mpol_tree_solution *sol = NULL;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_int_equal(sol->neq, 3);
    assert_true(sol->complete && sol->exact);
    int found[3] = {0, 0, 0};
    for (size_t k = 0; k < 3; k++) {
        int i = vs_index(t, sol->eq[k].behavior);
        assert_true(i >= 0);
        found[i]++;
        if (i == 1) {
            assert_string_equal(sol->eq[k].behavior_exact[0], "4/5");
            assert_string_equal(sol->eq[k].behavior_exact[4], "1/3");
            assert_string_equal(sol->eq[k].value_exact[0], "3");
            assert_string_equal(sol->eq[k].value_exact[1], "14/5");
        }
    }
    assert_true(found[0] == 1 && found[1] == 1 && found[2] == 1);
    mpol_tree_solution_free(sol);
    /* the engine's limit */
    o.exact = 0;
    o.max_work = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "3x2"));
    mpol_tree_free(t);
    /* entry deterrence: (In, A), (Out, F) and (Out, F/2 + A/2) */
    t = entry_game();
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_ENUMERATE;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_int_equal(sol->neq, 3);
    int out_half = 0, in_acc = 0;
    for (size_t k = 0; k < 3; k++) {
        const mpol_tree_eq *e = &sol->eq[k];
        in_acc += act(t, e, 0, "In") == 1 && act(t, e, 1, "Accommodate") == 1;
        out_half += act(t, e, 0, "Out") == 1 && fabs(act(t, e, 1, "Fight") - 0.5) < 1e-12;
    }
    assert_int_equal(in_acc, 1);
    assert_int_equal(out_half, 1);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
    /* beer-quiche exact: every equilibrium pools */
    t = beer_quiche();
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_true(sol->neq >= 2);
    int beer = 0, quiche = 0;
    for (size_t k = 0; k < sol->neq; k++) {
        double sb = act(t, &sol->eq[k], 1, "beer"), wb = act(t, &sol->eq[k], 3, "beer");
        assert_close(sb, wb, 0);
        beer += sb == 1;
        quiche += sb == 0;
        assert_string_equal(sol->eq[k].value_exact[0], sb == 1 ? "29/10" : "21/10");
    }
    assert_true(beer > 0 && quiche > 0);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

static void test_enum_errors(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    size_t h, r, n;
    assert_int_equal(mpol_tree_alloc(&t, 3, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 2; k++)
        assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){k, 0, 1}, NULL),
                         MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_ENUMERATE;
    mpol_tree_solution *sol = (mpol_tree_solution *)(uintptr_t)1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "sequence-enum needs two players"));
    mpol_tree_free(t);
    /* 4096 x 4096 reduced strategies: chance picks one of 12 states, both see it */
    size_t hc, hp[2][12], c, d;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    double pr[12];
    for (int k = 0; k < 12; k++)
        pr[k] = 1.0 / 12;
    assert_int_equal(mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 12, NULL, pr, NULL), MPOL_OK);
    for (int k = 0; k < 12; k++)
        for (int p = 0; p < 2; p++)
            assert_int_equal(mpol_tree_add_infoset(&hp[p][k], t, (size_t)p, 2, NULL, NULL, NULL),
                             MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 12; k++) {
        assert_int_equal(mpol_tree_add_node(&c, t, r, hp[0][k], NULL, NULL), MPOL_OK);
        for (int a = 0; a < 2; a++) {
            assert_int_equal(mpol_tree_add_node(&d, t, c, hp[1][k], NULL, NULL), MPOL_OK);
            for (int b = 0; b < 2; b++)
                assert_int_equal(
                    mpol_tree_add_node(&n, t, d, MPOL_TREE_NONE, (double[]){a + b, a - b}, NULL),
                    MPOL_OK);
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    double t0 = mpol_test_wall();
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_true(mpol_test_wall() - t0 < 1.0);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "4096x4096"));
    mpol_tree_free(t);
    /* 2048 x 2048 profiles (the cap) but 1408 terminals: too many payoff visits */
    size_t hz;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    for (int k = 0; k < 11; k++)
        pr[k] = 1.0 / 11;
    assert_int_equal(mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 11, NULL, pr, NULL), MPOL_OK);
    double pz[32];
    for (int k = 0; k < 32; k++)
        pz[k] = 1.0 / 32;
    assert_int_equal(mpol_tree_add_infoset(&hz, t, MPOL_TREE_CHANCE, 32, NULL, pz, NULL), MPOL_OK);
    for (int k = 0; k < 11; k++)
        for (int p = 0; p < 2; p++)
            assert_int_equal(mpol_tree_add_infoset(&hp[p][k], t, (size_t)p, 2, NULL, NULL, NULL),
                             MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 11; k++) {
        assert_int_equal(mpol_tree_add_node(&c, t, r, hp[0][k], NULL, NULL), MPOL_OK);
        for (int a = 0; a < 2; a++) {
            assert_int_equal(mpol_tree_add_node(&d, t, c, hp[1][k], NULL, NULL), MPOL_OK);
            for (int b = 0; b < 2; b++) {
                size_t z;
                assert_int_equal(mpol_tree_add_node(&z, t, d, hz, NULL, NULL), MPOL_OK);
                for (int e = 0; e < 32; e++)
                    assert_int_equal(mpol_tree_add_node(&n, t, z, MPOL_TREE_NONE,
                                                        (double[]){a + b + e, a - b}, NULL),
                                     MPOL_OK);
            }
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_game *g = (mpol_game *)(uintptr_t)1;
    t0 = mpol_test_wall();
    assert_int_equal(mpol_tree_reduced_game(&g, NULL, t, 0), MPOL_ELIMIT);
    assert_true(mpol_test_wall() - t0 < 1.0);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), "4194304 profiles x 1408 terminals"));
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lemke_entry),       cmocka_unit_test(test_lemke_beer_quiche),
        cmocka_unit_test(test_lemke_von_stengel), cmocka_unit_test(test_lemke_random),
        cmocka_unit_test(test_lemke_random_deep), cmocka_unit_test(test_lemke_errors),
        cmocka_unit_test(test_reduced_vs_efg),    cmocka_unit_test(test_reduced_entry_and_limits),
        cmocka_unit_test(test_enum_known),        cmocka_unit_test(test_enum_random),
        cmocka_unit_test(test_enum_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
