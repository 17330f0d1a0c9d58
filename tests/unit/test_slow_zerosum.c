/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the slow zero-sum tests (label "slow"): the dense method on
 * 2000 x 2000 games, the product's largest zero-sum size (about 5 s each here). Every answer
 * must carry its certificate (duality gap and both regrets within the tolerance, checked
 * independently of the solver), and AUTO must choose the dense method at this size.
 * Regression: before the float stage perturbed its right-hand side it stalled in degenerate
 * stretches, and the double finish from its basis cycled (the primal simplex on clipped
 * infeasible values) until the iteration limit: game 3 here (payoffs 0..2) failed so, as did
 * the bench's 2000 x 2000 game, after about a minute each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/zerosum.h"

static void solve_certified(const double *A, size_t m, size_t n, mpol_zs_method method,
                            const char *what)
{
    mpol_zs_opts o;
    mpol_zs_opts_init(&o);
    o.method = method;
    o.eliminate = MPOL_ZS_ELIM_NONE;
    mpol_zs_result *r = NULL;
    mpol_status st = mpol_zs_solve(&r, A, m, n, &o);
    if (st != MPOL_OK)
        fail_msg("%s (%zu x %zu, %s): %s", what, m, n, mpol_zs_method_name(method),
                 mpol_last_error());
    assert_true(r->check.ok);
    assert_true(r->check.gap <= 1e-9 * r->check.scale);
    assert_int_equal(r->method, MPOL_ZS_DENSE);
    /* Random games have supports of about half the strategies, so the LP is large. */
    size_t sx = 0;
    for (size_t i = 0; i < m; i++)
        sx += r->x[i] > 0.0;
    assert_true(sx > m / 8);
    mpol_zs_result_free(r);
}

static void test_dense_2000(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    const size_t dims[4][2] = {{2000, 2000}, {2000, 2000}, {1500, 2500}, {2000, 2000}};
    const int hi[4] = {99, 99, 99, 2};
    for (int g = 0; g < 4; g++) {
        const size_t m = dims[g][0], n = dims[g][1];
        double *A = malloc(m * n * sizeof(double));
        assert_non_null(A);
        for (size_t k = 0; k < m * n; k++)
            A[k] = (double)mpol_test_rng_int(&rng, 0, hi[g]);
        char what[64];
        snprintf(what, sizeof what, "game %d, payoffs 0..%d", g, hi[g]);
        solve_certified(A, m, n, g == 1 ? MPOL_ZS_AUTO : MPOL_ZS_DENSE, what);
        free(A);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_2000),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
