/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of the bimatrix enumeration: seeded random games of sizes 11..15 (square and
 * not) against lrsnash, in floating point on one thread and in exact mode with the two
 * polytopes raced on two threads. Seconds to a minute: ctest -L slow.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include <math.h>
#include <string.h>

#include "bimatrix_check.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"

static void test_large_random_vs_lrsnash(void **state)
{
    (void)state;
    if (!have_lrsnash())
        skip();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 1511);
    static double A[225], B[225];
    size_t sizes[][2] = {{11, 11}, {12, 10}, {10, 13}, {13, 13}, {14, 12}, {15, 15}};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t m = sizes[c][0], n = sizes[c][1];
        random_game(&rng, m, n, 0, 99, A, B);
        eqset ref;
        assert_true(run_lrsnash(m, n, A, B, &ref));
        for (int exact = 0; exact <= 1; exact++) {
            mpol_bimatrix_opts o;
            mpol_bimatrix_opts_init(&o);
            o.exact = exact;
            o.threads = exact ? 2 : 1;
            mpol_bimatrix_result *r;
            assert_int_equal(mpol_bimatrix_enumerate(&r, m, n, A, B, &o), MPOL_OK);
            eqset mine;
            eqset_from_result(&mine, r);
            char what[64];
            snprintf(what, sizeof what, "%zux%zu exact %d", m, n, exact);
            eqset_assert_equal(&mine, &ref, what);
            free(mine.xy);
            mpol_bimatrix_result_free(r);
        }
        free(ref.xy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_random_vs_lrsnash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
