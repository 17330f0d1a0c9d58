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
    assert_int_equal(t.lp_everify, 1); /* large_payoff_game.efg */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gambit_trees_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
