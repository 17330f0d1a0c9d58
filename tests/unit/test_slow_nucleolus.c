/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of the nucleolus (label "slow", run with ctest -L slow): every Benedek–Fliege–
 * Nguyen instance with n = 20..25 (types 1-4, 50 each: 1,200 games). Each must reproduce
 * the reference nucleolus to NUC_REF_TOL and the Kohlberg check must agree with every
 * "is nucleolus" flag of the file. MPOL_SLOW_NUC_MAXJ=k limits each (type, n) to j <= k.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/core.h"
#include "nucleolus_ref.h"

static void run(size_t n)
{
    if (!mpol_test_have_shared())
        skip();
    int maxj = 50;
    const char *env = getenv("MPOL_SLOW_NUC_MAXJ");
    if (env != NULL && atoi(env) > 0 && atoi(env) < 50)
        maxj = atoi(env);
    double worst = 0;
    for (int type = 1; type <= 4; type++)
        for (int j = 1; j <= maxj; j++)
            worst = fmax(worst, nuc_ref_check(type, n, j, NULL));
    print_message("n = %zu: %d instances, max deviation from the reference %.3g\n", n, 4 * maxj,
                  worst);
}

static void test_n20(void **state)
{
    (void)state;
    run(20);
}

static void test_n21(void **state)
{
    (void)state;
    run(21);
}

static void test_n22(void **state)
{
    (void)state;
    run(22);
}

static void test_n23(void **state)
{
    (void)state;
    run(23);
}

static void test_n24(void **state)
{
    (void)state;
    run(24);
}

static void test_n25(void **state)
{
    (void)state;
    run(25);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_n20), cmocka_unit_test(test_n21), cmocka_unit_test(test_n22),
        cmocka_unit_test(test_n23), cmocka_unit_test(test_n24), cmocka_unit_test(test_n25),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
