/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of coalition.h (label "slow", ctest -L slow): the n = 25 NDCS case (IDP, 256 MiB
 * table; the times are printed, not asserted: wall time on the shared build machine depends
 * on its load, docs/coalition.md), IDP against the plain DP at n = 20, and at n = 22 IDP with
 * 1 and 2 threads (identical results) against the plain DP (about 40 s).
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
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_OK);
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("n=25 NDCS: value %.6f, %zu parts, %.1f s CPU, %.1f s wall (%d threads), %llu "
           "splits, %zu MiB\n",
           r->value, r->nparts, cpu, wall, r->threads, (unsigned long long)r->splits,
           r->bytes >> 20);
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
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
    assert_close(r->value, r->cross_value, MPOL_TEST_TOL);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

static void test_ndcs_22_threads(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 22), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 2046), MPOL_OK);
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    mpol_csg_result *r[2];
    for (int i = 0; i < 2; i++) {
        o.threads = i + 1;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        assert_int_equal(mpol_csg_solve(&r[i], g, &o), MPOL_OK);
        printf("n=22 NDCS, %d thread(s): value %.6f, %.2f s CPU, %.2f s wall\n", i + 1, r[i]->value,
               now(CLOCK_PROCESS_CPUTIME_ID) - c0, now(CLOCK_MONOTONIC) - w0);
        assert_true(r[i]->ok);
    }
    assert_memory_equal(&r[0]->value, &r[1]->value, sizeof r[0]->value);
    assert_int_equal(r[0]->nparts, r[1]->nparts);
    assert_memory_equal(r[0]->parts, r[1]->parts, r[0]->nparts * sizeof *r[0]->parts);
    mpol_csg_result *rd;
    o.method = MPOL_CSG_DP;
    assert_int_equal(mpol_csg_solve(&rd, g, &o), MPOL_OK);
    assert_close(rd->value, r[0]->value, MPOL_TEST_TOL);
    mpol_csg_result_free(rd);
    mpol_csg_result_free(r[0]);
    mpol_csg_result_free(r[1]);
    mpol_tu_free(g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ndcs_20_cross),
        cmocka_unit_test(test_ndcs_22_threads),
        cmocka_unit_test(test_ndcs_25),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
