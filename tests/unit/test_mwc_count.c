/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the tests of mpol_wvg_count_minimal_winning: the count equals a
 * brute-force count over all 2^n coalitions on seeded random games (both the subset-sum DP,
 * with small integer or decimal weights, and the search fallback, with weights up to 10^9
 * that make the DP table too large), equals the length of the list that
 * mpol_wvg_minimal_winning returns, closed forms for symmetric games, the cap of the search,
 * saturation, the error paths and allocation failures.
 */
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/voting.h"

/* Minimal winning coalitions by brute force: winning, and losing without any member. */
static uint64_t brute_force(const mpol_wvg *g)
{
    size_t n = g->n;
    uint64_t count = 0;
    for (uint32_t S = 1; S < (1u << n); S++) {
        double w = 0;
        for (size_t i = 0; i < n; i++)
            if (S >> i & 1u)
                w += g->weights[i];
        if (w < g->quota - 1e-9)
            continue;
        int minimal = 1;
        for (size_t i = 0; i < n && minimal; i++)
            if ((S >> i & 1u) && w - g->weights[i] >= g->quota - 1e-9)
                minimal = 0;
        count += (uint64_t)minimal;
    }
    return count;
}

static mpol_wvg *random_game(mpol_test_rng *rng, size_t n, long wmax, int decimals)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        long w = mpol_test_rng_int(rng, i == 0 ? 1 : 0, wmax);
        g->weights[i] = decimals ? (double)w / 4.0 : (double)w; /* quarters are exact */
        total += g->weights[i];
    }
    long qmax = (long)(decimals ? total * 4 : total);
    long q = mpol_test_rng_int(rng, 1, qmax);
    g->quota = decimals ? (double)q / 4.0 : (double)q;
    return g;
}

static void check_game(const mpol_wvg *g)
{
    uint64_t want = brute_force(g), got = 0;
    int exact = 0;
    assert_int_equal(mpol_wvg_count_minimal_winning(&got, &exact, g, 0), MPOL_OK);
    assert_int_equal(exact, 1);
    if (got != want)
        fail_msg("n = %zu quota %g: counted %llu, brute force %llu", g->n, g->quota,
                 (unsigned long long)got, (unsigned long long)want);
    mpol_mwc_list *l = NULL;
    assert_int_equal(mpol_wvg_minimal_winning(&l, g, 0), MPOL_OK);
    assert_int_equal(l->count, want);
    mpol_mwc_list_free(l);
}

static void test_random_small_weights(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240607);
    for (int t = 0; t < mpol_test_reps(300); t++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 14);
        long wmax = t % 3 == 0 ? 3 : (t % 3 == 1 ? 20 : 200);
        mpol_wvg *g = random_game(&rng, n, wmax, t % 5 == 4);
        check_game(g);
        mpol_wvg_free(g);
    }
}

/* Weights up to 10^9: the DP table would need ~10^9 cells, so the search counts. */
static void test_random_large_weights(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    for (int t = 0; t < mpol_test_reps(120); t++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 14);
        mpol_wvg *g = random_game(&rng, n, 1000000000L, 0);
        check_game(g);
        /* A cap below the count stops the search with a lower bound above the cap. */
        uint64_t full = brute_force(g), got = 0;
        int exact = 1;
        if (full >= 2 && g->quota > 4194304.0) {
            assert_int_equal(mpol_wvg_count_minimal_winning(&got, &exact, g, full - 1), MPOL_OK);
            assert_int_equal(exact, 0);
            assert_true(got > full - 1 && got <= full);
        }
        mpol_wvg_free(g);
    }
}

static uint64_t binomial(unsigned n, unsigned k)
{
    uint64_t b = 1;
    for (unsigned i = 1; i <= k; i++)
        b = b * (n - k + i) / i;
    return b;
}

static void test_closed_forms(void **state)
{
    (void)state;
    /* Symmetric majority game: C(n, q) minimal winning coalitions, far beyond listing. */
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, 60), MPOL_OK);
    for (size_t i = 0; i < 60; i++)
        g->weights[i] = 1;
    g->quota = 30;
    uint64_t c = 0;
    int exact = 0;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, &exact, g, 0), MPOL_OK);
    assert_int_equal(exact, 1);
    assert_true(c == binomial(60, 30));
    /* The same game scaled by 10^6 - 1 (gcd reduction keeps the DP). */
    for (size_t i = 0; i < 60; i++)
        g->weights[i] = 999999;
    g->quota = 30 * 999999.0;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, &exact, g, 0), MPOL_OK);
    assert_true(c == binomial(60, 30) && exact == 1);
    mpol_wvg_free(g);
    /* 100 equal players, quota 50: C(100, 50) ~ 1e29 saturates. */
    assert_int_equal(mpol_wvg_alloc(&g, 100), MPOL_OK);
    for (size_t i = 0; i < 100; i++)
        g->weights[i] = 1;
    g->quota = 50;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, &exact, g, 0), MPOL_OK);
    assert_true(c == UINT64_MAX);
    /* A dictator among dummies: one coalition; weightless players are never members. */
    g->weights[7] = 1000;
    for (size_t i = 0; i < 100; i++)
        if (i != 7)
            g->weights[i] = i % 2 == 0 ? 0 : 1;
    g->quota = 1000;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, NULL, g, 0), MPOL_OK);
    assert_true(c == 1);
    mpol_wvg_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, 3), MPOL_OK);
    g->weights[0] = 1;
    g->weights[1] = 2;
    g->weights[2] = 3;
    g->quota = 7; /* nobody wins */
    uint64_t c = 5;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, NULL, g, 0), MPOL_EINVAL);
    assert_true(c == 0);
    assert_non_null(strstr(mpol_last_error(), "mpol_wvg_count_minimal_winning"));
    g->quota = 4;
    assert_int_equal(mpol_wvg_count_minimal_winning(NULL, NULL, g, 0), MPOL_EINVAL);
    g->weights[1] = 1.0 / 3.0;
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, NULL, g, 0), MPOL_EINVAL);
    assert_int_equal(mpol_wvg_count_minimal_winning(&c, NULL, NULL, 0), MPOL_EINVAL);
    mpol_wvg_free(g);
}

static mpol_status oom_count(void *ctx)
{
    const mpol_wvg *g = ctx;
    uint64_t c;
    mpol_status st = mpol_wvg_count_minimal_winning(&c, NULL, g, 0);
    if (st == MPOL_OK)
        assert_true(c == 10);
    return st;
}

static mpol_status oom_list(void *ctx)
{
    mpol_mwc_list *l = NULL;
    mpol_status st = mpol_wvg_minimal_winning(&l, ctx, 0);
    if (st == MPOL_OK)
        mpol_mwc_list_free(l);
    else
        assert_null(l);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    mpol_wvg *g;
    /* Five equal players, quota 3: C(5, 3) = 10; both the DP and (large weights) the search. */
    assert_int_equal(mpol_wvg_alloc(&g, 5), MPOL_OK);
    for (size_t i = 0; i < 5; i++)
        g->weights[i] = 1;
    g->quota = 3;
    assert_true(mpol_test_oom_loop(oom_count, g) > 0);
    assert_true(mpol_test_oom_loop(oom_list, g) > 0);
    for (size_t i = 0; i < 5; i++)
        g->weights[i] = 1000000007.0 + (double)i;
    g->quota = 3000000000.0;
    assert_true(mpol_test_oom_loop(oom_count, g) > 0);
    mpol_wvg_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_small_weights), cmocka_unit_test(test_random_large_weights),
        cmocka_unit_test(test_closed_forms),         cmocka_unit_test(test_errors),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
