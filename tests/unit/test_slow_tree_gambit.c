/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Gambit's trees through the sequence form against the strategic-form route
 * (gambit_tree_check.h), on the two-player files whose reduced strategic form has more than
 * GT_QUICK_CELLS and at most GT_MAX_CELLS profiles (the quick ones: test_tree_gambit).
 */
#include "gambit_tree_check.h"

static void test_gambit_trees_large(void **state)
{
    (void)state;
    gt_totals t = gt_run(GT_QUICK_CELLS, GT_MAX_CELLS, 0);
    /* 111 two-player perfect-recall files: 103 in test_tree_gambit, ttt.efg beyond the old
     * reader, 7 here: e16, palf3, tim compared; artist2, bayes2a, palf2 (64x64) and
     * montyhal (12x512) beyond the bimatrix enumeration, Lemke's answers verified */
    assert_int_equal(t.two_player, 111);
    assert_int_equal(t.skipped, 104);
    assert_int_equal(t.in_range, 7);
    assert_int_equal(t.zero_sum, 0);
    assert_int_equal(t.general, 3);
    assert_int_equal(t.exact, 3);
    assert_int_equal(t.refused, 4);
    assert_true(t.outcomes >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gambit_trees_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
