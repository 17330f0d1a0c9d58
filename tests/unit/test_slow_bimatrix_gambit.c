/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The two-player games of the Gambit collection whose enumeration takes a second or more
 * (gambit_slow in bimatrix_gambit.h: tim.efg, artist2.efg, ...) against lrsnash, in floating
 * point and exact mode, and montyhal.efg's refusal under a lowered storage limit.
 * ctest -L slow.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include <sys/resource.h>

#include "bimatrix_gambit.h"

/*
 * montyhal.efg (12 x 512 reduced form) grew to 3.7 GB in 30 s before the bimatrix-bytes limit,
 * and then searched for 20 s to stop at it: the partners of a degenerate vertex of P lie on a
 * face of Q of 128 columns with millions of bases. Under a limit of 256 MiB it is refused
 * before that face's search (MPOL_ELIMIT naming the face, its estimate and the limit) within
 * seconds, the process's peak resident memory staying under 512 MiB. Run first, before the
 * collection raises the peak.
 */
static void test_montyhal_refused_at_bytes_limit(void **state)
{
    (void)state;
    mpol_game *g = NULL;
    assert_int_equal(
        mpol_efg_read_file(&g, mpol_test_gambit_path("contrib/games/montyhal.efg"), NULL), MPOL_OK);
    assert_int_equal(mpol_limit_parse("bimatrix-bytes=256Mi"), MPOL_OK);
    mpol_bimatrix_result *r = NULL;
    double t0 = mpol_test_wall();
    mpol_status st = mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ENUMERATE, NULL);
    double dt = mpol_test_wall() - t0;
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, 0), MPOL_OK);
    assert_int_equal(st, MPOL_ELIMIT);
    assert_null(r);
    const char *msg = mpol_last_error();
    if (strstr(msg, "a face of the other polytope, of 128 columns") == NULL ||
        strstr(msg, "bimatrix-bytes limit of 256 MiB") == NULL)
        fail_msg("%s", msg);
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    printf("  montyhal.efg: refused at 256 MiB after %.2f s, peak resident %ld KiB\n", dt,
           ru.ru_maxrss);
    assert_true(ru.ru_maxrss < 512L * 1024);
    assert_true(dt < 5.0);
    mpol_game_free(g);
}

static void test_gambit_slow_games_equal_lrsnash(void **state)
{
    (void)state;
    gambit_totals t = gambit_run_collection(1);
    assert_int_equal(t.games, (int)(sizeof gambit_slow / sizeof *gambit_slow));
    assert_int_equal(t.refused, 4); /* bayes2a.efg, palf2.efg, artist2.efg, montyhal.efg */
    assert_int_equal(t.stopped, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_montyhal_refused_at_bytes_limit),
        cmocka_unit_test(test_gambit_slow_games_equal_lrsnash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
