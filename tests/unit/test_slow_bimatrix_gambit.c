/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The two-player games of the Gambit collection whose enumeration takes a second or more
 * (gambit_slow in bimatrix_gambit.h: tim.efg, artist2.efg, ...) against lrsnash, in floating
 * point and exact mode, and montyhal.efg's refusal up front. ctest -L slow.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include "bimatrix_gambit.h"

static void test_gambit_slow_games_equal_lrsnash(void **state)
{
    (void)state;
    gambit_totals t = gambit_run_collection(1);
    assert_int_equal(t.games, (int)(sizeof gambit_slow / sizeof *gambit_slow));
    assert_int_equal(t.refused, 2); /* bayes2a.efg, palf2.efg */
    assert_int_equal(t.stopped, 2); /* artist2.efg, montyhal.efg */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gambit_slow_games_equal_lrsnash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
