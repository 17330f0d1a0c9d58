/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of "sequence-lp", the sequence-form LP of two-player zero-sum trees: Kuhn
 * poker's value exactly -1/18 (exact mode, and the known shape of its equilibria: player 2's
 * strategy is unique), Leduc hold'em's value -0.08560642418 (OpenSpiel's leduc_poker as
 * solved in published CFR test suites), games with values by hand (matching pennies, a
 * hidden 2 x 2 move with value 1/5, a one-card poker with value 1/3), random trees against
 * the reduced strategic form solved by the zero-sum solver, and every error path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "mpol_test.h"
#include "multipolar/tree.h"
#include "multipolar/zerosum.h"
#include "tree_games.h"

/* OpenSpiel's leduc_poker solved (CFR test suites quote -0.08560642418 for player 1). */
#define LEDUC_VALUE (-0.08560642418)
/* The exact value this LP certifies (exact best responses equal on both sides). */
#define LEDUC_EXACT "-1454920850547486749701863871533/16995463438839962469905132501930"

static mpol_tree_solution *solve(const mpol_tree *t, int exact, mpol_status want)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_SEQUENCE_LP;
    o.exact = exact;
    mpol_tree_solution *sol = NULL;
    mpol_status st = mpol_tree_solve(&sol, t, &o);
    if (st != want)
        fprintf(stderr, "mpol_tree_solve: %d %s\n", (int)st, mpol_last_error());
    assert_int_equal(st, want);
    return sol;
}

static size_t action_at(const mpol_tree *t, const char *set, const char *name)
{
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_label[h] != NULL && strcmp(t->iset_label[h], set) == 0) {
            size_t a = mpol_tree_find_action(t, h, name);
            assert_true(a != MPOL_TREE_NONE);
            return a;
        }
    fail_msg("no information set '%s'", set);
    return MPOL_TREE_NONE;
}

static double q_to_double(const char *s)
{
    mpq_t q;
    mpq_init(q);
    assert_int_equal(mpq_set_str(q, s, 10), 0);
    double d = mpq_get_d(q);
    mpq_clear(q);
    return d;
}

static void test_kuhn_exact(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tg_kuhn(&t), MPOL_OK);
    assert_int_equal(t->ninfosets, 13); /* 12 player sets and the deal */
    assert_int_equal(t->nseq[0], 13);
    assert_int_equal(t->nseq[1], 13);
    mpol_tree_solution *sol = solve(t, 1, MPOL_OK);
    assert_int_equal(sol->method, MPOL_TREE_SEQUENCE_LP);
    assert_int_equal(sol->neq, 1);
    assert_int_equal(sol->exact, 1);
    assert_true(sol->verified);
    const mpol_tree_eq *e = &sol->eq[0];
    assert_string_equal(e->value_exact[0], "-1/18");
    assert_string_equal(e->value_exact[1], "1/18");
    assert_close(e->value[0], -1.0 / 18, 1e-12);
    assert_close(e->value[1], 1.0 / 18, 1e-12);
    /* the exact check proved the regrets 0; the double certificate of the rounded profile
       agrees to rounding */
    assert_true(e->regret[0] <= 1e-14 && e->regret[1] <= 1e-14);
    /* player 2's equilibrium strategy is unique: call a bet with Q 1/3, bet with J after a
       check 1/3, always call or bet with K, never call with J */
    assert_string_equal(e->behavior_exact[action_at(t, "2:Q:b", "call")], "1/3");
    assert_string_equal(e->behavior_exact[action_at(t, "2:J:c", "bet")], "1/3");
    assert_string_equal(e->behavior_exact[action_at(t, "2:K:b", "call")], "1");
    assert_string_equal(e->behavior_exact[action_at(t, "2:K:c", "bet")], "1");
    assert_string_equal(e->behavior_exact[action_at(t, "2:J:b", "call")], "0");
    assert_string_equal(e->behavior_exact[action_at(t, "2:Q:c", "bet")], "0");
    /* player 1's family: bet J with alpha in [0, 1/3], K with 3 alpha, never bet Q first */
    double alpha = q_to_double(e->behavior_exact[action_at(t, "1:J:", "bet")]);
    double kbet = q_to_double(e->behavior_exact[action_at(t, "1:K:", "bet")]);
    assert_true(alpha >= 0 && alpha <= 1.0 / 3 + 1e-15);
    assert_close(kbet, 3 * alpha, 1e-15);
    assert_string_equal(e->behavior_exact[action_at(t, "1:Q:", "bet")], "0");
    /* the exact strings are the doubles' values */
    for (size_t a = 0; a < t->nactions; a++)
        assert_close(q_to_double(e->behavior_exact[a]), e->behavior[a], 1e-15);
    mpol_tree_solution_free(sol);

    /* double mode */
    sol = solve(t, 0, MPOL_OK);
    assert_int_equal(sol->exact, 0);
    assert_null(sol->eq[0].value_exact);
    assert_close(sol->eq[0].value[0], -1.0 / 18, 1e-10);
    assert_true(sol->max_regret <= 1e-9);
    assert_close(sol->eq[0].behavior[action_at(t, "2:Q:b", "call")], 1.0 / 3, 1e-9);
    mpol_tree_solution_free(sol);

    /* "auto" picks the LP for a zero-sum tree without perfect information */
    mpol_tree_solution *a = NULL;
    assert_int_equal(mpol_tree_solve(&a, t, NULL), MPOL_OK);
    assert_int_equal(a->method, MPOL_TREE_SEQUENCE_LP);
    mpol_tree_solution_free(a);
    mpol_tree_free(t);
}

static void test_leduc(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tg_leduc(&t), MPOL_OK);
    size_t sets[2] = {0, 0};
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] != MPOL_TREE_CHANCE)
            sets[t->iset_player[h]]++;
    /* cards as ranks: 3 cards x 3 round-1 histories + 3 x 3 (card, board) x 5 round-1
       endings x 3 round-2 histories = 144 sets per player */
    assert_int_equal(sets[0], 144);
    assert_int_equal(sets[1], 144);
    fprintf(stderr, "leduc: %zu nodes, %zu + %zu sets, %zu + %zu sequences\n", t->nnodes, sets[0],
            sets[1], t->nseq[0], t->nseq[1]);
    mpol_tree_solution *sol = solve(t, 0, MPOL_OK);
    fprintf(stderr, "leduc: value %.12f, regrets %.3g %.3g, %zu pivots\n", sol->eq[0].value[0],
            sol->eq[0].regret[0], sol->eq[0].regret[1], sol->work);
    assert_close(sol->eq[0].value[0], LEDUC_VALUE, 1e-9);
    assert_close(sol->eq[0].value[1], -LEDUC_VALUE, 1e-9);
    assert_true(sol->max_regret <= 1e-9 * (t->payoff_max - t->payoff_min));
    assert_true(sol->verified);
    mpol_tree_solution_free(sol);
    /* exact mode: the rational value of the game (-0.085606424078..., within 1.02e-10 of the
       literature value, itself from an approximate solution), both regrets exactly 0 */
    sol = solve(t, 1, MPOL_OK);
    assert_int_equal(sol->exact, 1);
    assert_string_equal(sol->eq[0].value_exact[0], LEDUC_EXACT);
    assert_close(q_to_double(sol->eq[0].value_exact[0]), LEDUC_VALUE, 5e-10);
    assert_true(sol->max_regret <= 1e-12);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

/* 1 picks row H/T, 2 picks a column without seeing it; 1 gets A[i][j]. */
static mpol_tree *hidden_2x2(const double A[2][2], const mpol_rational Q[2][2])
{
    mpol_tree *t = NULL;
    size_t h1, h2, root, g, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    const char *hs[] = {"H", "T"}, *gs[] = {"h", "t"};
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, hs, NULL, "pick"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, gs, NULL, "guess"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(mpol_tree_add_node(&g, t, root, h2, NULL, NULL), MPOL_OK);
        for (int j = 0; j < 2; j++) {
            assert_int_equal(
                mpol_tree_add_node(&n, t, g, MPOL_TREE_NONE, (double[]){A[i][j], -A[i][j]}, NULL),
                MPOL_OK);
            if (Q != NULL) {
                mpol_rational q[2] = {Q[i][j], {-Q[i][j].num, Q[i][j].den}};
                assert_int_equal(mpol_tree_set_exact_payoff(t, n, q), MPOL_OK);
            }
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

static void test_by_hand(void **state)
{
    (void)state;
    /* matching pennies: value 0, both mix 1/2 */
    const double P[2][2] = {{-1, 1}, {1, -1}};
    mpol_tree *t = hidden_2x2(P, NULL);
    mpol_tree_solution *sol = solve(t, 1, MPOL_OK);
    assert_int_equal(sol->exact, 1); /* doubles' exact values where no rationals are given */
    assert_string_equal(sol->eq[0].value_exact[0], "0");
    for (size_t a = 0; a < 4; a++)
        assert_string_equal(sol->eq[0].behavior_exact[a], "1/2");
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);

    /* A = [[2, -1], [-1, 1]]: value (2 - 1) / 5 = 1/5, row H with 2/5, column h with 2/5 */
    const double B[2][2] = {{2, -1}, {-1, 1}};
    const mpol_rational BQ[2][2] = {{{2, 1}, {-1, 1}}, {{-1, 1}, {1, 1}}};
    t = hidden_2x2(B, BQ);
    sol = solve(t, 1, MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "1/5");
    assert_string_equal(sol->eq[0].value_exact[1], "-1/5");
    assert_string_equal(sol->eq[0].behavior_exact[0], "2/5");
    assert_string_equal(sol->eq[0].behavior_exact[2], "2/5");
    mpol_tree_solution_free(sol);
    sol = solve(t, 0, MPOL_OK);
    assert_close(sol->eq[0].value[0], 0.2, 1e-12);
    assert_close(sol->eq[0].behavior[1], 0.6, 1e-12);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);

    /* one-card poker: chance deals 1 High or Low (1/2 each); 1 folds (-1) or raises; 2,
       not seeing the card, folds (+1) or calls (+2 / -2). 1 always raises High and bluffs
       Low with 1/3, 2 calls with 2/3, value 1/3. */
    size_t hc, hh, hl, h2, root, n, m, k;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    const char *fr[] = {"fold", "raise"}, *fc[] = {"fold", "call"};
    assert_int_equal(
        mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.5, 0.5}, "deal"),
        MPOL_OK);
    assert_int_equal(mpol_tree_set_exact_probs(t, hc, (mpol_rational[]){{1, 2}, {1, 2}}), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&hh, t, 0, 2, fr, NULL, "high"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&hl, t, 0, 2, fr, NULL, "low"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, fc, NULL, "reply"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    for (int c = 0; c < 2; c++) {
        assert_int_equal(mpol_tree_add_node(&n, t, root, c == 0 ? hh : hl, NULL, NULL), MPOL_OK);
        long u[3] = {-1, 1, c == 0 ? 2 : -2};
        assert_int_equal(mpol_tree_add_node(&k, t, n, MPOL_TREE_NONE, (double[]){-1, 1}, NULL),
                         MPOL_OK);
        assert_int_equal(mpol_tree_set_exact_payoff(t, k, (mpol_rational[]){{u[0], 1}, {-u[0], 1}}),
                         MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&m, t, n, h2, NULL, NULL), MPOL_OK);
        for (int j = 1; j < 3; j++) {
            assert_int_equal(mpol_tree_add_node(&k, t, m, MPOL_TREE_NONE,
                                                (double[]){(double)u[j], -(double)u[j]}, NULL),
                             MPOL_OK);
            assert_int_equal(
                mpol_tree_set_exact_payoff(t, k, (mpol_rational[]){{u[j], 1}, {-u[j], 1}}),
                MPOL_OK);
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    sol = solve(t, 1, MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "1/3");
    assert_string_equal(sol->eq[0].behavior_exact[action_at(t, "high", "raise")], "1");
    assert_string_equal(sol->eq[0].behavior_exact[action_at(t, "low", "raise")], "1/3");
    assert_string_equal(sol->eq[0].behavior_exact[action_at(t, "reply", "call")], "2/3");
    assert_string_equal(sol->eq[0].behavior_exact[0], "1/2"); /* the deal's probabilities */
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

/* Random trees: the LP's value equals the value of the reduced strategic form, solved by
 * the zero-sum solver, and exact mode reproduces it exactly. */
static void test_random_vs_strategic_form(void **state)
{
    (void)state;
    size_t tried = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        mpol_tg_random_opts o = {1 + seed % 3, 2 + seed % 3, 2 + seed % 2, (int)(seed % 2), 9,
                                 seed};
        mpol_tree *t = NULL;
        assert_int_equal(mpol_tg_random(&t, &o), MPOL_OK);
        double *A = NULL;
        size_t m = 0, n = 0;
        mpol_status st = mpol_tg_strategic_form(&A, &m, &n, t, 250000);
        if (st == MPOL_ELIMIT) {
            mpol_tree_free(t);
            continue;
        }
        assert_int_equal(st, MPOL_OK);
        mpol_zs_result *zr = NULL;
        assert_int_equal(mpol_zs_solve(&zr, A, m, n, NULL), MPOL_OK);
        mpol_tree_solution *sol = solve(t, 0, MPOL_OK);
        assert_close(sol->eq[0].value[0], zr->value, 1e-9);
        assert_close(sol->eq[0].value[1], -zr->value, 1e-9);
        assert_true(sol->max_regret <= 1e-9 * (t->payoff_max - t->payoff_min));
        mpol_tree_solution_free(sol);
        sol = solve(t, 1, MPOL_OK);
        assert_int_equal(sol->exact, 1);
        assert_close(q_to_double(sol->eq[0].value_exact[0]), zr->value, 1e-9);
        mpol_tree_solution_free(sol);
        mpol_zs_result_free(zr);
        mpol_free(A);
        mpol_tree_free(t);
        tried++;
    }
    assert_true(tried >= 30);

    /* a larger tree with a dense sequence form (own moves seen only: its basis has
       about 20 non-zeros a row, the fraction-free elimination's case), exact against
       double */
    mpol_tg_random_opts o = {3, 8, 2, 0, 9, 7};
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tg_random(&t, &o), MPOL_OK);
    mpol_tree_solution *d = solve(t, 0, MPOL_OK), *e = solve(t, 1, MPOL_OK);
    assert_int_equal(e->exact, 1);
    assert_close(q_to_double(e->eq[0].value_exact[0]), d->eq[0].value[0], 1e-12);
    assert_close(q_to_double(e->eq[0].value_exact[0]), -0.0662807984529541, 1e-15); /* bench */
    assert_true(e->max_regret <= 1e-13);
    mpol_tree_solution_free(d);
    mpol_tree_solution_free(e);
    mpol_tree_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    /* three players */
    mpol_tree *t = NULL;
    size_t h, root, n;
    assert_int_equal(mpol_tree_alloc(&t, 3, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){1, -1, 0}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){0, 0, 0}, NULL),
                     MPOL_OK);
    mpol_tree_solution *sol = (mpol_tree_solution *)&sol;
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_SEQUENCE_LP;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL); /* not finalised */
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "not finalised"));
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    sol = (mpol_tree_solution *)&sol;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "sequence-lp needs two players and zero sum"));
    assert_non_null(strstr(mpol_last_error(), "3 players"));
    mpol_tree_free(t);

    /* general sum: 1 chooses (1, 5) or (2, 2) */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){1, 5}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){2, 2}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "sequence-lp needs two players and zero sum"));
    mpol_tree_free(t);

    /* exact mode's size limit: a public-move tree with 1277 LP rows */
    mpol_tg_random_opts ro = {3, 8, 2, 1, 9, 7};
    assert_int_equal(mpol_tg_random(&t, &ro), MPOL_OK);
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "exact mode takes LPs of at most 1200 rows"));
    o.exact = 0;
    mpol_tree_free(t);

    /* the work limit: GLPK's iteration limit (Leduc needs hundreds of pivots) */
    assert_int_equal(mpol_tg_leduc(&t), MPOL_OK);
    o.max_work = 3;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_ELIMIT);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "iteration limit"));
    o.max_work = 1000000000;
    mpol_tree_free(t);

    /* only player 2 moves (player 1 has no set): it picks the smaller of 3 and 5 */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 1, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){5, -5}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){3, -3}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "3");
    assert_string_equal(sol->eq[0].behavior_exact[1], "1");
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);

    /* only chance moves: the expectation, 1/4 * 4 + 3/4 * 0 = 1 */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(
        mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.25, 0.75}, NULL),
        MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){4, -4}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){0, 0}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "1");
    assert_close(sol->eq[0].value[0], 1, 1e-15);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
    o.exact = 0;

    /* decimals without exact values: 0.3 + 0.7 and 0.6 + 0.4 are exactly constant-sum as
       decimals (not as binary doubles); 1 takes 0.6, exactly 3/5 */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){0.3, 0.7}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){0.6, 0.4}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "3/5");
    assert_string_equal(sol->eq[0].value_exact[1], "2/5");
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);

    /* constant sum 10 (not zero): values c - v for player 2 */
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){3, 7}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){4, 6}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    o.exact = 1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_OK);
    assert_string_equal(sol->eq[0].value_exact[0], "4");
    assert_string_equal(sol->eq[0].value_exact[1], "6");
    assert_close(sol->eq[0].value[1], 6, 1e-12);
    mpol_tree_solution_free(sol);
    mpol_tree_free(t);
}

/* 1 picks L (payoff 1) or R (exactly 1 + 1e-13; its double @p r_double); 2 then moves
 * without effect. */
static mpol_tree *near_tie(double r_double, int special)
{
    mpol_tree *t = NULL;
    size_t h1, h2, root, n, k;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, NULL, NULL, "pick"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 1, NULL, NULL, "wait"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(mpol_tree_add_node(&n, t, root, h2, NULL, NULL), MPOL_OK);
        double u = i != special ? 1.0 : r_double;
        assert_int_equal(mpol_tree_add_node(&k, t, n, MPOL_TREE_NONE, (double[]){u, -u}, NULL),
                         MPOL_OK);
        mpol_rational q = i != special ? (mpol_rational){1, 1}
                                       : (mpol_rational){10000000000001LL, 10000000000000LL};
        mpol_rational qs[2] = {q, {-q.num, q.den}};
        assert_int_equal(mpol_tree_set_exact_payoff(t, k, qs), MPOL_OK);
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* A difference below GLPK's tolerances: exact mode finds the exact optimum whichever
 * action holds it, and reports MPOL_EVERIFY when the doubles themselves point the other
 * way (after the rational simplex, run from the float basis, found nothing better on the
 * doubles). */
static void test_exact_near_tie(void **state)
{
    (void)state;
    mpol_tree_solution *sol = NULL;
    mpol_tree *t = NULL;
    for (int special = 0; special < 2; special++) {
        t = near_tie(1.0 + 1e-13, special);
        sol = solve(t, 1, MPOL_OK);
        assert_string_equal(sol->eq[0].value_exact[0], "10000000000001/10000000000000");
        assert_string_equal(sol->eq[0].behavior_exact[special], "1");
        mpol_tree_solution_free(sol);
        mpol_tree_free(t);
    }
    t = near_tie(1.0 - 1e-13, 1);
    sol = solve(t, 1, MPOL_EVERIFY);
    assert_null(sol);
    assert_non_null(strstr(mpol_last_error(), "not an equilibrium"));
    mpol_tree_free(t);
}

/* Every allocation of an exact Kuhn solve made to fail in turn: MPOL_ENOMEM (or a GLPK
 * failure mapped to MPOL_EBACKEND, never a crash), nothing leaked (ASan), and OK once the
 * allocations run out of failures. */
static long fail_after;
static void *counting_malloc(size_t n)
{
    return fail_after-- > 0 ? malloc(n) : NULL;
}
static void *counting_realloc(void *p, size_t n)
{
    return fail_after-- > 0 ? realloc(p, n) : NULL;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tg_kuhn(&t), MPOL_OK);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_SEQUENCE_LP;
    o.exact = 1;
    const mpol_allocator a = {counting_malloc, counting_realloc, free};
    int done = 0;
    size_t failures = 0;
    for (long k = 0; k < 100000 && !done; k++) {
        fail_after = k;
        mpol_set_allocator(&a);
        mpol_tree_solution *sol = NULL;
        mpol_status st = mpol_tree_solve(&sol, t, &o);
        mpol_set_allocator(NULL);
        if (st == MPOL_OK) {
            assert_string_equal(sol->eq[0].value_exact[0], "-1/18");
            done = 1;
        } else {
            assert_true(st == MPOL_ENOMEM);
            assert_null(sol);
            failures++;
        }
        mpol_tree_solution_free(sol);
    }
    assert_true(done);
    assert_true(failures > 20);
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kuhn_exact),     cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_leduc),          cmocka_unit_test(test_random_vs_strategic_form),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_exact_near_tie),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
