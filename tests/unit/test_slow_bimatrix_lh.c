/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of mpol_bimatrix_one at the bench's sizes: verified equilibria on the random
 * 400 x 400 games seeds 5000-5003 and the 800 x 800 games seeds 5001 and 5004 (ints 0..99,
 * splitmix64 payoffs as in bench_bimatrix), each the one the single path from its label
 * reaches, and far fewer pivots than the 100,000 the previous schedule spent on a long label.
 */
#include <stdlib.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"

static void bench_game(uint64_t seed, size_t n, double *A, double *B)
{
    for (size_t k = 0; k < n * n; k++)
        A[k] = (double)(mpol_i_splitmix64(&seed) % 100);
    for (size_t k = 0; k < n * n; k++)
        B[k] = (double)(mpol_i_splitmix64(&seed) % 100);
}

static void check_game(size_t n, uint64_t seed)
{
    double *A = malloc(n * n * sizeof(double)), *B = malloc(n * n * sizeof(double));
    assert_non_null(A);
    assert_non_null(B);
    bench_game(seed, n, A, B);
    mpol_bimatrix_result *r = NULL, *rk = NULL;
    assert_int_equal(mpol_bimatrix_one(&r, n, n, A, B, NULL), MPOL_OK);
    assert_true(r->verified);
    assert_true(r->max_regret <= r->tol_abs);
    double rr, rc;
    mpol_bimatrix_regret(n, n, A, B, r->eq[0].x, r->eq[0].y, &rr, &rc, NULL, NULL);
    assert_true(rr <= 1e-9 * 99 && rc <= 1e-9 * 99);
    assert_true(r->pivots < 20000);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = r->eq[0].labels[0];
    assert_int_equal(mpol_bimatrix_lemke_howson(&rk, n, n, A, B, &o), MPOL_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(r->eq[0].x[i] == rk->eq[0].x[i] && r->eq[0].y[i] == rk->eq[0].y[i]);
    mpol_bimatrix_result_free(r);
    mpol_bimatrix_result_free(rk);
    free(A);
    free(B);
}

static void test_lh_one_400(void **state)
{
    (void)state;
    for (uint64_t s = 5000; s < 5004; s++)
        check_game(400, s);
}

static void test_lh_one_800(void **state)
{
    (void)state;
    check_game(800, 5001);
    check_game(800, 5004);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lh_one_400),
        cmocka_unit_test(test_lh_one_800),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
