/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Gambit's trees through the sequence form against the strategic-form route
 * (gambit_tree_check.h), on the files whose reduced strategic form has at most
 * GT_QUICK_CELLS profiles, and agent-qre on the files with three or more players.
 */
#include "gambit_tree_check.h"

static void test_gambit_trees_small(void **state)
{
    (void)state;
    gt_totals t = gt_run(0, GT_QUICK_CELLS, 1);
    /* 111 two-player perfect-recall .efg files in INDEX.tsv; 8 have more than GT_QUICK_CELLS
     * profiles (test_slow_tree_gambit) */
    assert_int_equal(t.two_player, 111);
    assert_int_equal(t.skipped, 8);
    assert_int_equal(t.in_range, 103);
    assert_int_equal(t.zero_sum, 25);
    assert_int_equal(t.lp_everify, 0); /* large_payoff_game.efg: test_large_payoff */
    assert_int_equal(t.general, 78);
    assert_int_equal(t.refused, 0);
    assert_int_equal(t.exact, 78);
    assert_int_equal(t.finite, 24);
    assert_true(t.lemke_eq >= 24);
    assert_true(t.outcomes >= 78);
    /* three to five players: 20 + 1 + 3 + 1 files, every agent QRE verified */
    assert_int_equal(t.nplayer, 25);
    assert_int_equal(t.qre_ok, 25);
    assert_int_equal(t.qre_everify, 0);
}

/* Payoffs 1 beside 1e19: GLPK's simplex in doubles returned player 0 a strategy with regret
 * 2.5e18 (of the range 2e19); sequence-lp now finishes such an answer with GLPK's rational
 * simplex. The value is 1 (player 0 plays A at both sets, player 1 Y after A: 1 either
 * way), as the zero-sum solver finds on the old route's 4x4 form. */
static void test_large_payoff(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        return;
    const char *file = "tests/test_games/large_payoff_game.efg";
    mpol_tree *t = NULL;
    assert_int_equal(mpol_efg_read_tree_file(&t, mpol_test_gambit_path(file)), MPOL_OK);
    mpol_tree_solution *s = gt_solve(file, t, MPOL_TREE_SEQUENCE_LP, 0);
    assert_close(s->eq[0].value[0], 1.0, 1e-12);
    assert_close(s->eq[0].value[1], -1.0, 1e-12);
    assert_true(s->max_regret <= 1e-3);
    size_t h = t->infoset[1]; /* player 0's set after L */
    assert_close(s->eq[0].behavior[mpol_tree_find_action(t, h, "A")], 1.0, 1e-12);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_payoff),
        cmocka_unit_test(test_gambit_trees_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
