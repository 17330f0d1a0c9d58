/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of coalition.h (label "slow", ctest -L slow): the n = 25 NDCS target (IDP
 * within 2 minutes, 256 MiB table) and IDP against the plain DP at n = 20.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/coalition.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void test_ndcs_25(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 25), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 2049), MPOL_OK);
    mpol_csg_result *r;
    double t0 = now();
    assert_int_equal(mpol_csg_solve(g, NULL, &r), MPOL_OK);
    double t = now() - t0;
    printf("n=25 NDCS: value %.6f, %zu parts, %.1f s, %llu splits, %zu MiB\n", r->value,
           r->nparts, t, (unsigned long long)r->splits, r->bytes >> 20);
    assert_true(r->ok);
    assert_close(r->check_value, r->value, MPOL_TEST_TOL);
    assert_int_equal(r->bytes, (size_t)256 << 20);
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
