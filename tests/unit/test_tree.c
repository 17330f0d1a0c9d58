/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the game-tree container (multipolar/tree.h): building and finalising
 * (children indexed, sequences numbered, chance reach), perfect recall and every builder
 * error, realisation plans, beliefs, the sequence form's leaves, and the certificate
 * (values, best responses and regrets computed on the tree) on entry deterrence and
 * matching pennies with hidden moves, including tampered profiles.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/tree.h"

/* Entry deterrence: 1 chooses Out (1, 5) or In; 2 then Fights (0, 0) or Accommodates (2, 2). */
static mpol_tree *entry_game(void)
{
    const char *names[] = {"Entrant", "Incumbent"};
    const char *a1[] = {"Out", "In"}, *a2[] = {"Fight", "Accommodate"};
    mpol_tree *t = NULL;
    size_t h1, h2, root, in, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, names), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, a1, NULL, "entry"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, a2, NULL, "reply"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h1, NULL, "root"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, root, MPOL_TREE_NONE, (double[]){1, 5}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&in, t, root, h2, NULL, "in"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, in, MPOL_TREE_NONE, (double[]){0, 0}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, in, MPOL_TREE_NONE, (double[]){2, 2}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

/* Matching pennies with chance first: chance picks a coin's bias (1/4 heads-only game
 * doubled), 1 moves seeing chance, 2 moves seeing nothing. Plain version when
 * @p with_chance is 0: 1 picks H/T, 2 guesses without seeing; 1 wins on a mismatch. */
static mpol_tree *pennies(int with_chance)
{
    mpol_tree *t = NULL;
    size_t h1, h2, hc, root, k, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    const char *hs[] = {"H", "T"}, *gs[] = {"h", "t"};
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, gs, NULL, "guess"), MPOL_OK);
    if (with_chance) {
        assert_int_equal(mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 2, NULL,
                                               (double[]){0.25, 0.75}, "coin"),
                         MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    }
    for (int c = 0; c < (with_chance ? 2 : 1); c++) {
        assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, hs, NULL, c ? "pick2" : "pick1"),
                         MPOL_OK);
        assert_int_equal(
            mpol_tree_add_node(&k, t, with_chance ? root : MPOL_TREE_NONE, h1, NULL, NULL),
            MPOL_OK);
        for (int i = 0; i < 2; i++) {
            size_t g;
            assert_int_equal(mpol_tree_add_node(&g, t, k, h2, NULL, NULL), MPOL_OK);
            for (int j = 0; j < 2; j++) {
                double u = i == j ? -1 : 1;
                assert_int_equal(
                    mpol_tree_add_node(&n, t, g, MPOL_TREE_NONE, (double[]){u, -u}, NULL), MPOL_OK);
            }
        }
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

static void test_entry_structure(void **state)
{
    (void)state;
    mpol_tree *t = entry_game();
    assert_int_equal(t->nnodes, 5);
    assert_int_equal(t->ninfosets, 2);
    assert_int_equal(t->nactions, 4);
    assert_true(t->perfect_information);
    assert_int_equal(t->nseq[0], 3);
    assert_int_equal(t->nseq[1], 3);
    assert_int_equal(t->child_off[0], 0);
    assert_int_equal(t->child[t->child_off[2] + 1], 4);
    assert_int_equal(t->iset_seq[1], 0);
    assert_int_equal(t->node_seq[4 * 2 + 0], 2); /* In */
    assert_int_equal(t->node_seq[4 * 2 + 1], 2); /* Accommodate */
    assert_int_equal(mpol_tree_find_action(t, 1, "Accommodate"), 3);
    assert_int_equal(mpol_tree_find_action(t, 1, "Out"), MPOL_TREE_NONE);
    assert_close(t->payoff_min, 0, 0);
    assert_close(t->payoff_max, 5, 0);
    assert_false(mpol_tree_is_constant_sum(t));
    mpol_tree_sf *sf = NULL;
    assert_int_equal(mpol_tree_sequence_form(&sf, t), MPOL_OK);
    assert_int_equal(sf->nleaves, 3);
    /* leaves sorted by (seq1, seq2): (Out, empty), (In, Fight), (In, Accommodate) */
    assert_int_equal(sf->leaf_seq[0], 1);
    assert_int_equal(sf->leaf_seq[1], 0);
    assert_int_equal(sf->leaf_seq[5], 2);
    assert_close(sf->leaf_payoff[5], 2, 0);
    mpol_tree_sf_free(sf);
    mpol_tree_free(t);
}

static mpol_tree_check *certify(const mpol_tree *t, const double *beh)
{
    mpol_tree_check *c = NULL;
    assert_int_equal(mpol_tree_certify(&c, t, beh, 0), MPOL_OK);
    return c;
}

static void test_entry_certificate(void **state)
{
    (void)state;
    mpol_tree *t = entry_game();
    /* (In, Accommodate): the subgame-perfect equilibrium */
    mpol_tree_check *c = certify(t, (double[]){0, 1, 0, 1});
    assert_close(c->value[0], 2, 1e-15);
    assert_close(c->value[1], 2, 1e-15);
    assert_close(c->regret[0], 0, 1e-15);
    assert_close(c->regret[1], 0, 1e-15);
    assert_true(c->verified);
    mpol_tree_check_free(c);
    /* (Out, Fight): Nash (the threat is never tested) */
    c = certify(t, (double[]){1, 0, 1, 0});
    assert_close(c->best_response[0], 1, 1e-15);
    assert_close(c->regret[1], 0, 1e-15);
    assert_true(c->verified);
    mpol_tree_check_free(c);
    /* (In, Fight): the entrant regrets 1 */
    c = certify(t, (double[]){0, 1, 1, 0});
    assert_close(c->regret[0], 1, 1e-15);
    assert_close(c->regret[1], 2, 1e-15);
    assert_false(c->verified);
    assert_close(c->max_error, 2, 1e-15);
    mpol_tree_check_free(c);
    /* a behaviour strategy that is no distribution */
    c = certify(t, (double[]){0.5, 0.7, 0, 1});
    assert_close(c->simplex_error, 0.2, 1e-12);
    assert_false(c->verified);
    mpol_tree_check_free(c);
    double r[3];
    assert_int_equal(mpol_tree_realization(r, t, (double[]){0.25, 0.75, 0.5, 0.5}, 0), MPOL_OK);
    assert_close(r[0], 1, 0);
    assert_close(r[2], 0.75, 1e-15);
    mpol_tree_free(t);
}

static void test_pennies(void **state)
{
    (void)state;
    mpol_tree *t = pennies(0);
    assert_false(t->perfect_information);
    assert_true(mpol_tree_is_constant_sum(t));
    assert_int_equal(t->iset_node_off[1] - t->iset_node_off[0], 2); /* guess: 2 nodes */
    /* the value is 0 at (1/2, 1/2) each */
    mpol_tree_check *c = certify(t, (double[]){0.5, 0.5, 0.5, 0.5});
    assert_close(c->value[0], 0, 1e-15);
    assert_true(c->verified);
    mpol_tree_check_free(c);
    /* 2 guesses h with 3/4: 1 plays T for sure and wins 3/4 - 1/4 = 1/2 */
    c = certify(t, (double[]){0.75, 0.25, 0.5, 0.5});
    assert_close(c->best_response[0], 0.5, 1e-15);
    assert_close(c->regret[0], 0.5, 1e-15);
    mpol_tree_check_free(c);
    double bel[7];
    assert_int_equal(mpol_tree_beliefs(bel, t, (double[]){0.75, 0.25, 0.2, 0.8}), MPOL_OK);
    assert_close(bel[1], 0.2, 1e-15); /* node after H */
    assert_close(bel[4], 0.8, 1e-15);
    assert_true(isnan(bel[0]) == 0);
    assert_true(isnan(bel[2]));
    mpol_tree_free(t);
    /* with chance: 1's two sets, 2's one set over four nodes */
    t = pennies(1);
    assert_int_equal(t->ninfosets, 4);
    assert_close(t->chance_reach[t->nnodes - 1], 0.75, 1e-15);
    mpol_tree_sf *sf = NULL;
    assert_int_equal(mpol_tree_sequence_form(&sf, t), MPOL_OK);
    assert_int_equal(sf->nleaves, 8);
    assert_int_equal(t->nseq[0], 5);
    mpol_tree_sf_free(sf);
    mpol_tree_free(t);
}

static void test_perfect_recall(void **state)
{
    (void)state;
    /* 1 moves, then moves again without remembering the first move */
    mpol_tree *t = NULL;
    size_t a, b, r, n, k;
    assert_int_equal(mpol_tree_alloc(&t, 1, (const char *[]){"Forgetful"}), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&a, t, 0, 2, NULL, NULL, "first"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&b, t, 0, 2, NULL, NULL, "second"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, a, NULL, NULL), MPOL_OK);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(mpol_tree_add_node(&k, t, r, b, NULL, NULL), MPOL_OK);
        for (int j = 0; j < 2; j++)
            assert_int_equal(mpol_tree_add_node(&n, t, k, MPOL_TREE_NONE, (double[]){i + j}, NULL),
                             MPOL_OK);
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "'second'"));
    assert_non_null(strstr(mpol_last_error(), "perfect recall"));
    assert_false(t->finalized);
    mpol_tree_free(t);
    /* absent-minded: the same set twice on one path */
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&a, t, 0, 2, NULL, NULL, "driver"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, a, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&k, t, r, a, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, k, MPOL_TREE_NONE, (double[]){0}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, k, MPOL_TREE_NONE, (double[]){4}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){1}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "twice on one path"));
    mpol_tree_free(t);
}

static void test_builder_errors(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    size_t h, r, n;
    assert_int_equal(mpol_tree_alloc(NULL, 2, NULL), MPOL_EINVAL);
    t = (mpol_tree *)(uintptr_t)1;
    assert_int_equal(mpol_tree_alloc(&t, 0, NULL), MPOL_EINVAL);
    assert_null(t);
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_string_equal(t->players[1], "2");
    assert_int_equal(mpol_tree_add_infoset(&h, t, 2, 2, NULL, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 0, NULL, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, (const char *[]){"a", "a"}, NULL, NULL),
                     MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "named twice"));
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, (double[]){0.5, 0.5}, NULL),
                     MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, NULL, NULL),
                     MPOL_EINVAL);
    assert_int_equal(
        mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.5, 0.6}, NULL),
        MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "sum to"));
    assert_int_equal(
        mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){-0.5, 1.5}, NULL),
        MPOL_EINVAL);
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL); /* no nodes */
    assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, "h"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, 0, h, NULL, NULL), MPOL_EINVAL); /* not root */
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, 7, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, "top"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){NAN, 0}, NULL),
                     MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){1, 0}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, n, MPOL_TREE_NONE, (double[]){1, 0}, NULL),
                     MPOL_EINVAL);                        /* terminal parent */
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL); /* 'top' lacks a child */
    assert_non_null(strstr(mpol_last_error(), "'top' has 1 of its 2 children"));
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL); /* the same again */
    assert_non_null(strstr(mpol_last_error(), "'top' has 1 of its 2 children"));
    assert_int_equal(mpol_tree_add_node(&n, t, 0, MPOL_TREE_NONE, (double[]){0, 1}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, 0, MPOL_TREE_NONE, (double[]){0, 1}, NULL),
                     MPOL_EINVAL); /* all children there */
    assert_int_equal(mpol_tree_set_exact_payoff(t, 1, (mpol_rational[]){{1, 1}, {0, 1}}), MPOL_OK);
    assert_int_equal(mpol_tree_set_exact_payoff(t, 2, (mpol_rational[]){{1, 1}, {0, 1}}),
                     MPOL_EINVAL); /* differs from the doubles */
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    assert_null(t->payoff_exact); /* node 2 has none: not exact */
    assert_int_equal(mpol_tree_finalize(t), MPOL_EINVAL);
    assert_int_equal(mpol_tree_add_node(&n, t, 0, MPOL_TREE_NONE, (double[]){0, 1}, NULL),
                     MPOL_EINVAL);
    mpol_tree_check *c = (mpol_tree_check *)(uintptr_t)1;
    assert_int_equal(mpol_tree_certify(&c, t, NULL, 0), MPOL_EINVAL);
    assert_null(c);
    mpol_tree_free(t);
    mpol_tree_free(NULL);
    mpol_tree_check_free(NULL);
    mpol_tree_sf_free(NULL);
    mpol_tree_solution_free(NULL);
}

static void test_exact_and_methods(void **state)
{
    (void)state;
    mpol_tree *t = NULL;
    size_t h, r, n;
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    assert_int_equal(
        mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){1.0 / 3, 2.0 / 3}, NULL),
        MPOL_OK);
    assert_int_equal(mpol_tree_set_exact_probs(t, h, (mpol_rational[]){{1, 3}, {2, 3}}), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(mpol_tree_add_node(&n, t, r, MPOL_TREE_NONE, (double[]){k}, NULL),
                         MPOL_OK);
        assert_int_equal(mpol_tree_set_exact_payoff(t, n, (mpol_rational[]){{k, 1}}), MPOL_OK);
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    assert_non_null(t->payoff_exact);
    assert_int_equal(t->action_prob_exact[1].num, 2);
    mpol_tree_method m = MPOL_TREE_QRE;
    assert_int_equal(mpol_tree_method_parse(&m, "sequence-lp"), MPOL_OK);
    assert_int_equal(m, MPOL_TREE_SEQUENCE_LP);
    assert_int_equal(mpol_tree_method_parse(&m, "simplex"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_TREE_SEQUENCE_LP);
    assert_string_equal(mpol_tree_method_name(MPOL_TREE_BACKWARD), "backward-induction");
    assert_string_equal(mpol_tree_method_name((mpol_tree_method)99), "unknown");
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = (mpol_tree_method)99;
    mpol_tree_solution *sol = (mpol_tree_solution *)(uintptr_t)1;
    assert_int_equal(mpol_tree_solve(&sol, t, &o), MPOL_EINVAL);
    assert_null(sol);
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_structure), cmocka_unit_test(test_entry_certificate),
        cmocka_unit_test(test_pennies),         cmocka_unit_test(test_perfect_recall),
        cmocka_unit_test(test_builder_errors),  cmocka_unit_test(test_exact_and_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
