/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every two-player game of the Gambit collection whose enumeration takes well under a second
 * (all but those of gambit_slow in bimatrix_gambit.h) against lrsnash, in floating point and
 * exact mode.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include "bimatrix_gambit.h"

static void test_gambit_fast_games_equal_lrsnash(void **state)
{
    (void)state;
    gambit_totals t = gambit_run_collection(0);
    /* 176 two-player games in INDEX.tsv, less the slow ones. */
    assert_int_equal(t.games, 176 - (int)(sizeof gambit_slow / sizeof *gambit_slow));
    assert_int_equal(t.refused, 2); /* ttt.efg, large_payoff_game.efg */
    assert_int_equal(t.stopped, 0);
    assert_true(t.exact > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gambit_fast_games_equal_lrsnash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
