/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of coalition.h (label "slow", ctest -L slow): the n = 25 NDCS case (IDP, 256 MiB
 * table; the time is printed, not asserted: the 2-minute target is not met on the shared
 * build machine, docs/coalition.md) and IDP against the plain DP at n = 20.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/coalition.h"

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void test_ndcs_25(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 25), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 2049), MPOL_OK);
    mpol_csg_result *r;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    assert_int_equal(mpol_csg_solve(g, NULL, &r), MPOL_OK);
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("n=25 NDCS: value %.6f, %zu parts, %.1f s CPU, %.1f s wall, %llu splits, %zu MiB\n",
           r->value, r->nparts, cpu, wall, (unsigned long long)r->splits, r->bytes >> 20);
    assert_true(r->ok);
    assert_close(r->check_value, r->value, MPOL_TEST_TOL);
    /* 2^25 doubles (256 MiB) plus the fixed split table. */
    assert_int_equal(r->bytes, mpol_csg_memory(25));
    assert_int_equal(r->bytes >> 20, 256);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

static void test_ndcs_20_cross(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 20), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 20), MPOL_OK);
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.cross_check = 1;
    mpol_csg_result *r;
    assert_int_equal(mpol_csg_solve(g, &o, &r), MPOL_OK);
    assert_close(r->value, r->cross_value, MPOL_TEST_TOL);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ndcs_20_cross),
        cmocka_unit_test(test_ndcs_25),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
