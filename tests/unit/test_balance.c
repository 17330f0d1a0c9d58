/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of balance.h: hand-checked capability distributions, the lists and counts
 * against naive definitions on seeded random weights, the capability range against a dense
 * scan, every error path and allocation failure.
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/balance.h"

static mpol_wvg *make(size_t n, const double *w, double quota)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    memcpy(g->weights, w, n * sizeof *w);
    g->quota = quota;
    return g;
}

static void test_balance_three_rivals(void **state)
{
    (void)state;
    double w[3] = {0.40, 0.35, 0.25};
    mpol_wvg *g = make(3, w, 0.5);
    mpol_balance *b;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_OK);
    assert_true(b->ok);
    assert_int_equal(b->nmwc, 3); /* every pair */
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(__builtin_popcount(b->mwc[k]), 2);
    assert_int_equal(b->nwinning, 4);
    assert_int_equal(b->dominant_actor, -1);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(b->swings[i], 2);
        assert_true(b->balancer[i]);
        assert_true(b->holder[i]);
    }
    assert_int_equal(b->balancer_bloc[0], 2); /* {2} against {3}, actor 1 decides */
    assert_int_equal(b->nmbc, 3);             /* every pair blocks */
    assert_true(b->rule4);
    mpol_balance_free(b);
    mpol_wvg_free(g);
}

static void test_balance_hegemon(void **state)
{
    (void)state;
    double w[4] = {0.6, 0.2, 0.1, 0.1};
    mpol_wvg *g = make(4, w, 0.5);
    mpol_balance *b;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_OK);
    assert_int_equal(b->dominant_actor, 0);
    assert_int_equal(b->nmwc, 1);
    assert_int_equal(b->mwc[0], 1);
    assert_int_equal(b->swings[0], 8);
    assert_int_equal(b->swings[1], 0);
    assert_false(b->rule4);
    assert_int_equal(b->rule4_violations, 1); /* {1} alone cannot be blocked */
    assert_int_equal(b->rule4_witness, 1);
    assert_int_equal(b->nmbc, 1);
    assert_int_equal(b->mbc[0], 1); /* only the hegemon blocks */
    for (size_t i = 0; i < 4; i++)
        assert_false(b->balancer[i]);
    mpol_balance_free(b);
    mpol_wvg_free(g);
}

static void test_balance_strictness(void **state)
{
    (void)state;
    double w[3] = {0.5, 0.25, 0.25};
    mpol_wvg *g = make(3, w, 0.5);
    mpol_balance *b;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_OK);
    /* Strict: {1} (exactly half) is not dominant; {1,2}, {1,3} are. */
    assert_int_equal(b->nmwc, 2);
    assert_int_equal(b->dominant_actor, -1);
    assert_int_equal(b->swings[0], 3);
    mpol_balance_free(b);
    mpol_balance_opts o;
    mpol_balance_opts_init(&o);
    o.strict = 0;
    assert_int_equal(mpol_balance_analyse(&b, g, &o), MPOL_OK);
    assert_int_equal(b->dominant_actor, 0);
    assert_int_equal(b->nmwc, 2); /* {1} and {2,3} */
    mpol_balance_free(b);
    mpol_wvg_free(g);
}

static int naive_win(const double *w, size_t n, unsigned s, double q)
{
    double t = 0;
    for (size_t i = 0; i < n; i++)
        if (s >> i & 1)
            t += w[i];
    return t > q;
}

static void test_balance_against_naive(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    for (int rep = 0; rep < 60; rep++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 8);
        double w[8], tot = 0;
        for (size_t i = 0; i < n; i++)
            tot += (w[i] = (double)mpol_test_rng_int(&rng, 0, 9));
        if (tot == 0)
            continue;
        mpol_wvg *g = make(n, w, tot / 2);
        mpol_balance *b;
        assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_OK);
        unsigned full = (1u << n) - 1;
        size_t nmwc = 0;
        uint64_t sw[8] = {0};
        for (unsigned s = 1; s <= full; s++) {
            if (!naive_win(w, n, s, tot / 2))
                continue;
            int minimal = 1;
            for (size_t i = 0; i < n; i++)
                if (s >> i & 1) {
                    if (!naive_win(w, n, s & ~(1u << i), tot / 2))
                        sw[i]++;
                    else
                        minimal = 0;
                }
            nmwc += (size_t)minimal;
        }
        assert_int_equal(b->nmwc, nmwc);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(b->swings[i], sw[i]);
            /* Balancer by the definition, over ordered splits. */
            int any = 0;
            unsigned others = full & ~(1u << i);
            for (unsigned a = others; a; a = (a - 1) & others) {
                unsigned bb = others & ~a;
                if (bb && !naive_win(w, n, a, tot / 2) && !naive_win(w, n, bb, tot / 2) &&
                    naive_win(w, n, a | 1u << i, tot / 2) && naive_win(w, n, bb | 1u << i, tot / 2))
                    any = 1;
            }
            if (naive_win(w, n, 1u << i, tot / 2))
                any = 0;
            assert_int_equal(b->balancer[i], any);
        }
        mpol_balance_free(b);
        mpol_wvg_free(g);
    }
}

static void test_capability_range(void **state)
{
    (void)state;
    double w[3] = {0.40, 0.35, 0.25};
    mpol_wvg *g = make(3, w, 0.5);
    mpol_balance_range r;
    /* Actor 3 keeps "every pair wins" for 0.05 < w3 < 0.75 (quota = half the total). */
    assert_int_equal(mpol_balance_capability_range(&r, g, 2, NULL), MPOL_OK);
    assert_close(r.lo, 0.05, 1e-12);
    assert_close(r.hi, 0.75, 1e-12);
    assert_false(r.lo_closed);
    assert_false(r.hi_closed);
    assert_true(r.breakpoints >= 2);
    /* Dense scan: inside the range the structure is that of w; just outside it is not. */
    mpol_balance *b0;
    assert_int_equal(mpol_balance_analyse(&b0, g, NULL), MPOL_OK);
    for (int k = 1; k < 200; k++) {
        double x = 1.0 * k / 200;
        mpol_wvg *h = make(3, w, 0.5);
        h->weights[2] = x;
        h->quota = (0.75 + x) / 2;
        mpol_balance *b;
        assert_int_equal(mpol_balance_analyse(&b, h, NULL), MPOL_OK);
        int same = b->nmwc == b0->nmwc && !memcmp(b->mwc, b0->mwc, b->nmwc * sizeof *b->mwc);
        int inside = x > r.lo + 1e-12 && x < r.hi - 1e-12;
        if (fabs(x - r.lo) > 1e-9 && fabs(x - r.hi) > 1e-9)
            assert_int_equal(same, inside);
        mpol_balance_free(b);
        mpol_wvg_free(h);
    }
    mpol_balance_free(b0);
    /* The hegemon: above 0.2 (= the others' 0.4 / 2) it stays dominant, no upper limit. */
    double hw[3] = {0.6, 0.2, 0.2};
    mpol_wvg *hg = make(3, hw, 0.5);
    assert_int_equal(mpol_balance_capability_range(&r, hg, 0, NULL), MPOL_OK);
    assert_close(r.lo, 0.4, 1e-12);
    assert_false(r.lo_closed);
    assert_true(isinf(r.hi));
    mpol_wvg_free(hg);
    mpol_wvg_free(g);
}

static void test_balance_errors(void **state)
{
    (void)state;
    double w[3] = {0.4, -0.1, 0.7};
    mpol_wvg *g = make(3, w, 0.5);
    mpol_balance *b = (mpol_balance *)1;
    mpol_balance_range r;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_EINVAL);
    assert_null(b);
    assert_int_equal(mpol_balance_capability_range(&r, g, 0, NULL), MPOL_EINVAL);
    g->weights[1] = 0.1;
    g->quota = 0;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_EINVAL);
    g->quota = 2;
    assert_int_equal(mpol_balance_capability_range(&r, g, 0, NULL), MPOL_EINVAL);
    g->quota = 0.6;
    assert_int_equal(mpol_balance_capability_range(&r, g, 3, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_balance_capability_range(NULL, g, 0, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_balance_analyse(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_balance_analyse(&b, NULL, NULL), MPOL_EINVAL);
    mpol_balance_opts o;
    mpol_balance_opts_init(&o);
    o.tol = -1;
    assert_int_equal(mpol_balance_analyse(&b, g, &o), MPOL_EINVAL);
    mpol_wvg_free(g);
    mpol_wvg *big;
    assert_int_equal(mpol_wvg_alloc(&big, 23), MPOL_OK);
    assert_int_equal(mpol_balance_analyse(&b, big, NULL), MPOL_ELIMIT);
    mpol_wvg_free(big);
    mpol_balance_free(NULL);
}

static mpol_status balance_oom_body(void *ctx)
{
    mpol_balance *b;
    mpol_status st = mpol_balance_analyse(&b, ctx, NULL);
    mpol_balance_free(b);
    if (st == MPOL_OK) {
        mpol_balance_range r;
        st = mpol_balance_capability_range(&r, ctx, 1, NULL);
    }
    return st;
}

static void test_balance_oom(void **state)
{
    (void)state;
    double w[6] = {0.3, 0.25, 0.2, 0.1, 0.1, 0.05};
    mpol_wvg *g = make(6, w, 0.5);
    assert_true(mpol_test_oom_loop(balance_oom_body, g) > 6);
    mpol_wvg_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_balance_three_rivals), cmocka_unit_test(test_balance_hegemon),
        cmocka_unit_test(test_balance_strictness),   cmocka_unit_test(test_balance_against_naive),
        cmocka_unit_test(test_capability_range),     cmocka_unit_test(test_balance_errors),
        cmocka_unit_test(test_balance_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
