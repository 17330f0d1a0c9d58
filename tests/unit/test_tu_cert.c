/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the TU certificates recomputed from the table (tu.h, coalition.h): the
 * tolerance scale, the efficiency of a value, the imputation set, the excess recount of an
 * allocation (against a naive recount on seeded random games), the coalition-structure and
 * partition-core recounts, and the partitions given by labels. Known answers on the glove
 * game (Shapley (2/3, 1/6, 1/6), core {(1, 0, 0)}); tampered answers must fail with the
 * right max_error.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/coalition.h"
#include "multipolar/core.h"
#include "multipolar/values.h"

/* The glove game: L (bit 0) holds a left glove, R1, R2 right ones; a pair is worth 1. */
static mpol_tu_game *glove(void)
{
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    for (size_t S = 1; S < 8; S++)
        g->v[S] = (S & 1) && (S & 6) ? 1 : 0;
    return g;
}

static void test_scale(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    assert_true(mpol_tu_scale(g) == 1);
    g->v[7] = -8;
    assert_true(mpol_tu_scale(g) == 8);
    g->v[3] = NAN;
    assert_true(isnan(mpol_tu_scale(g)));
    assert_true(mpol_tu_scale(NULL) == 1);
    mpol_tu_free(g);
}

static void test_efficiency_glove_shapley(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    mpol_value *v;
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    assert_close(v->x[0], 2.0 / 3, 1e-15);
    assert_close(v->x[1], 1.0 / 6, 1e-15);
    mpol_tu_efficiency_cert c;
    assert_int_equal(mpol_tu_efficiency_certify(&c, g, v->x, v->target, 1e-9), MPOL_OK);
    assert_int_equal(c.n, 3);
    assert_close(c.sum, 1, 1e-15);
    assert_true(c.target == 1);
    assert_true(c.efficiency_error == v->efficiency_error); /* the same sum, re-added */
    assert_true(c.verified);
    assert_true(c.max_error == c.efficiency_error);
    assert_true(c.tol_abs == 1e-9);
    /* A tampered allocation: R2 claims 1/2 instead of 1/6. */
    double x[3] = {2.0 / 3, 1.0 / 6, 0.5};
    assert_int_equal(mpol_tu_efficiency_certify(&c, g, x, 1, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.max_error, 1.0 / 3, 1e-15);
    assert_close(c.efficiency_error, 1.0 / 3, 1e-15);
    /* Errors. */
    x[1] = NAN;
    assert_int_equal(mpol_tu_efficiency_certify(&c, g, x, 1, 1e-9), MPOL_ENUMERIC);
    assert_int_equal(mpol_tu_efficiency_certify(&c, g, v->x, INFINITY, 1e-9), MPOL_ENUMERIC);
    assert_int_equal(mpol_tu_efficiency_certify(NULL, g, v->x, 1, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_tu_efficiency_certify(&c, NULL, v->x, 1, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_tu_efficiency_certify(&c, g, NULL, 1, 1e-9), MPOL_EINVAL);
    mpol_value_free(v);
    mpol_tu_free(g);
}

static void test_imputations(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    mpol_tu_imputation_cert c;
    assert_int_equal(mpol_tu_imputation_certify(&c, g, 0), MPOL_OK);
    assert_true(c.singleton_sum == 0 && c.grand_value == 1);
    assert_true(c.nonempty && c.verified && c.max_error == 0);
    g->v[1] = g->v[2] = g->v[4] = 0.5; /* the players alone get 1.5 > v(N) = 1 */
    assert_int_equal(mpol_tu_imputation_certify(&c, g, 0), MPOL_OK);
    assert_true(c.singleton_sum == 1.5);
    assert_false(c.nonempty);
    g->v[7] = 1.5; /* exactly v(N): nonempty (the single imputation (0.5, 0.5, 0.5)) */
    assert_int_equal(mpol_tu_imputation_certify(&c, g, 0), MPOL_OK);
    assert_true(c.nonempty);
    g->v[7] = INFINITY;
    assert_int_equal(mpol_tu_imputation_certify(&c, g, 0), MPOL_ENUMERIC);
    assert_int_equal(mpol_tu_imputation_certify(&c, NULL, 0), MPOL_EINVAL);
    assert_int_equal(mpol_tu_imputation_certify(NULL, g, 0), MPOL_EINVAL);
    mpol_tu_free(g);
}

static void test_excess_glove(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    mpol_tu_excess_cert c;
    /* The core point (1, 0, 0): every proper coalition has excess <= 0. */
    const double core[3] = {1, 0, 0};
    assert_int_equal(mpol_tu_excess_certify(&c, g, core, NAN, 1e-9), MPOL_OK);
    assert_true(c.max_excess == 0);
    assert_int_equal(c.max_excess_at, 2); /* {R1}: the first coalition with excess 0 */
    assert_true(c.efficiency_error == 0 && c.imputation_violation == 0);
    assert_true(c.in_core && c.verified);
    assert_true(c.excess_error == 0 && c.max_error == 0);
    /* The Shapley value is not in the core: {L, R1} gets 5/6 < 1. */
    const double sh[3] = {2.0 / 3, 1.0 / 6, 1.0 / 6};
    assert_int_equal(mpol_tu_excess_certify(&c, g, sh, 1.0 / 6, 1e-9), MPOL_OK);
    assert_close(c.max_excess, 1.0 / 6, 1e-15);
    assert_int_equal(c.max_excess_at, 3);
    assert_false(c.in_core);
    assert_true(c.verified); /* the claim 1/6 is right */
    /* A wrong claim (0) and a tampered allocation. */
    assert_int_equal(mpol_tu_excess_certify(&c, g, sh, 0, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.max_error, 1.0 / 6, 1e-15);
    const double bad[3] = {0.5, 0.5, 0.2};
    assert_int_equal(mpol_tu_excess_certify(&c, g, bad, NAN, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.efficiency_error, 0.2, 1e-15);
    assert_close(c.max_error, 0.2, 1e-15);
    assert_close(c.max_excess, 0.3, 1e-15); /* {L, R2}: 1 - 0.7 */
    assert_int_equal(c.max_excess_at, 5);
    assert_int_equal(mpol_tu_excess_certify(NULL, g, sh, 0, 0), MPOL_EINVAL);
    mpol_tu_free(g);
}

/* The nucleolus of the glove game is its core point; its Kohlberg max excess is confirmed. */
static void test_excess_nucleolus(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    mpol_nucleolus_result *nr;
    assert_int_equal(mpol_nucleolus(&nr, g, NULL), MPOL_OK);
    mpol_tu_excess_cert c;
    assert_int_equal(mpol_tu_excess_certify(&c, g, nr->x, nr->check->max_excess, 0), MPOL_OK);
    assert_true(c.verified && c.in_core);
    assert_close(c.max_excess, 0, 1e-12);
    assert_true(c.max_error <= 1e-12);
    mpol_nucleolus_result_free(nr);
    mpol_tu_free(g);
}

/* Against the direct recount over the members of each coalition. */
static void test_excess_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 12);
    for (size_t n = 1; n <= 9; n++) {
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
        size_t full = ((size_t)1 << n) - 1;
        for (size_t S = 1; S <= full; S++)
            g->v[S] = mpol_test_rng_int(&rng, -20, 20);
        double x[9];
        for (size_t i = 0; i < n; i++)
            x[i] = mpol_test_rng_uniform(&rng) * 10 - 5;
        double best = -HUGE_VAL;
        mpol_coalition at = 0;
        for (size_t S = 1; S < full; S++) {
            double xs = 0;
            for (size_t i = 0; i < n; i++)
                xs += S >> i & 1 ? x[i] : 0;
            if (g->v[S] - xs > best + 1e-12) {
                best = g->v[S] - xs;
                at = (mpol_coalition)S;
            }
        }
        mpol_tu_excess_cert c;
        assert_int_equal(mpol_tu_excess_certify(&c, g, x, best, 1e-9), MPOL_OK);
        if (n == 1) {
            assert_true(c.max_excess == -HUGE_VAL && c.excess_error == 0);
        } else {
            assert_close(c.max_excess, best, 1e-12);
            assert_int_equal(c.max_excess_at, at);
            assert_true(c.excess_error <= 1e-12);
        }
        mpol_tu_free(g);
    }
}

static mpol_status excess_oom_body(void *ctx)
{
    mpol_tu_excess_cert c;
    const double x[3] = {1, 0, 0};
    mpol_status st = mpol_tu_excess_certify(&c, ctx, x, NAN, 0);
    if (st == MPOL_OK)
        assert_true(c.in_core);
    return st;
}

static void test_excess_oom(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    assert_int_equal(mpol_test_oom_loop(excess_oom_body, g), 2);
    mpol_tu_free(g);
}

static void test_csg_cert(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.cross_check = 1;
    mpol_csg_result *r;
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
    mpol_csg_cert c;
    assert_int_equal(mpol_csg_certify(&c, g, r, 1e-9), MPOL_OK);
    assert_true(c.partition_valid && c.cross_checked && c.verified);
    assert_true(c.resum == 1 && c.resum_error == 0 && c.dp_difference == 0);
    assert_true(c.max_error == 0);
    /* A tampered value, then overlapping parts. */
    mpol_csg_result t = *r;
    t.value = 1.5;
    assert_int_equal(mpol_csg_certify(&c, g, &t, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_true(c.resum_error == 0.5 && c.max_error == 0.5);
    mpol_coalition parts[2] = {3, 6};
    t = *r;
    t.parts = parts;
    t.nparts = 2;
    assert_int_equal(mpol_csg_certify(&c, g, &t, 1e-9), MPOL_OK);
    assert_false(c.partition_valid);
    assert_false(c.verified);
    t.n = 4;
    assert_int_equal(mpol_csg_certify(&c, g, &t, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_csg_certify(&c, g, NULL, 1e-9), MPOL_EINVAL);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

static void test_partition_core_cert(void **state)
{
    (void)state;
    mpol_tu_game *g = glove();
    const mpol_coalition parts[2] = {3, 4}; /* {L, R1} {R2}, equal shares (1/2, 1/2, 0) */
    mpol_tu_core_check *pc;
    assert_int_equal(mpol_tu_partition_core(&pc, g, parts, 2, MPOL_ALLOC_EQUAL, NULL, 1e-9),
                     MPOL_OK);
    assert_int_equal(pc->blocking, 5); /* {L, R2}: 1 > 1/2 */
    mpol_tu_partition_core_cert c;
    assert_int_equal(mpol_tu_partition_core_certify(&c, g, parts, 2, pc, 1e-9), MPOL_OK);
    assert_true(c.blocking_excess == 0.5 && c.excess_error == 0);
    assert_true(c.efficiency_error == 0 && c.verified && c.max_error == 0);
    /* A tampered certificate: the claimed excess is wrong by 0.3. */
    pc->max_excess = 0.2;
    assert_int_equal(mpol_tu_partition_core_certify(&c, g, parts, 2, pc, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.max_error, 0.3, 1e-15);
    /* A tampered payoff: {L, R1} shares 1.25 of its value 1. */
    pc->max_excess = 0.5;
    pc->payoff[0] = 0.75;
    assert_int_equal(mpol_tu_partition_core_certify(&c, g, parts, 2, pc, 1e-9), MPOL_OK);
    assert_false(c.verified);
    assert_close(c.efficiency_error, 0.25, 1e-15);
    const mpol_coalition overlap[2] = {3, 6};
    assert_int_equal(mpol_tu_partition_core_certify(&c, g, overlap, 2, pc, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_tu_partition_core_certify(&c, g, parts, 2, NULL, 1e-9), MPOL_EINVAL);
    mpol_tu_core_check_free(pc);
    mpol_tu_free(g);
}

static void test_partition_labels(void **state)
{
    (void)state;
    mpol_coalition parts[4];
    size_t np = 0;
    const size_t a[4] = {0, 0, 1, 2};
    assert_int_equal(mpol_partition_from_labels(parts, &np, 4, a), MPOL_OK);
    assert_int_equal(np, 3);
    assert_true(parts[0] == 3 && parts[1] == 4 && parts[2] == 8);
    const size_t b[3] = {1, 0, 1};
    assert_int_equal(mpol_partition_from_labels(parts, &np, 3, b), MPOL_OK);
    assert_true(np == 2 && parts[0] == 2 && parts[1] == 5);
    mpol_partition_sort(parts, np);
    assert_true(parts[0] == 5 && parts[1] == 2);
    const size_t c[3] = {0, 2, 2}; /* label 1 unused */
    assert_int_equal(mpol_partition_from_labels(parts, &np, 3, c), MPOL_EINVAL);
    const size_t d[2] = {0, 2}; /* a label >= n */
    assert_int_equal(mpol_partition_from_labels(parts, &np, 2, d), MPOL_EINVAL);
    assert_int_equal(mpol_partition_from_labels(parts, &np, 0, d), MPOL_EINVAL);
    assert_int_equal(mpol_partition_from_labels(NULL, &np, 2, d), MPOL_EINVAL);
    mpol_partition_sort(NULL, 3);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_efficiency_glove_shapley),
        cmocka_unit_test(test_imputations),
        cmocka_unit_test(test_excess_glove),
        cmocka_unit_test(test_excess_nucleolus),
        cmocka_unit_test(test_excess_random),
        cmocka_unit_test(test_excess_oom),
        cmocka_unit_test(test_csg_cert),
        cmocka_unit_test(test_partition_core_cert),
        cmocka_unit_test(test_partition_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
