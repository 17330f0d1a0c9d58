/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of coalition.h: optimal coalition structures (IDP and plain DP against an
 * enumeration of all partitions), core stability of a partition with an allocation, and
 * hedonic games (stability checks against naive re-implementations of the definitions,
 * exhaustive and heuristic search), every error path and allocation failure.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/coalition.h"

/* ---- brute force over all partitions (restricted growth strings) ------------------------ */

typedef int (*partition_fn)(const mpol_coalition *parts, size_t np, void *ctx);

/* Calls fn on every partition of n players; stops early if fn returns non-zero. */
static void for_each_partition(size_t n, partition_fn fn, void *ctx)
{
    unsigned char a[16] = {0}, m[16] = {0};
    if (n == 0 || n > 16)
        return;
    for (;;) {
        mpol_coalition parts[16] = {0};
        size_t np = 0;
        for (size_t i = 0; i < n; i++) {
            parts[a[i]] |= (mpol_coalition)1 << i;
            if ((size_t)a[i] + 1 > np)
                np = (size_t)a[i] + 1;
        }
        if (fn(parts, np, ctx))
            return;
        size_t i = n;
        while (i > 1 && a[i - 1] == m[i - 1] + 1)
            i--;
        if (i <= 1)
            return;
        a[i - 1]++;
        for (size_t j = i; j < n; j++) {
            a[j] = 0;
            m[j] = m[j - 1] > a[j - 1] ? m[j - 1] : a[j - 1];
        }
    }
}

typedef struct best_ctx {
    const double *v;
    double best;
    unsigned long count;
} best_ctx;

static int best_fn(const mpol_coalition *parts, size_t np, void *c)
{
    best_ctx *b = c;
    double s = 0;
    for (size_t k = 0; k < np; k++)
        s += b->v[parts[k]];
    if (s > b->best)
        b->best = s;
    b->count++;
    return 0;
}

/* ---- optimal coalition structures ------------------------------------------------------- */

static void test_csg_hand_checked(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    /* v({1})=v({2})=v({3})=1, v({1,2})=3, v({1,3})=v({2,3})=1, v(N)=3.5: {1,2},{3} = 4. */
    double v[8] = {0, 1, 1, 3, 1, 1, 1, 3.5};
    memcpy(g->v, v, sizeof v);
    for (int m = 0; m < 2; m++) {
        mpol_csg_opts o;
        mpol_csg_opts_init(&o);
        o.method = (mpol_csg_method)m;
        mpol_csg_result *r;
        assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
        assert_true(r->ok);
        assert_close(r->value, 4.0, MPOL_TEST_TOL);
        assert_int_equal(r->nparts, 2);
        assert_int_equal(r->parts[0], 3);
        assert_int_equal(r->parts[1], 4);
        assert_close(r->check_value, 4.0, MPOL_TEST_TOL);
        mpol_csg_result_free(r);
    }
    /* Raising v(N) above 4 makes the grand coalition optimal. */
    g->v[7] = 4.5;
    mpol_csg_result *r;
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->nparts, 1);
    assert_int_equal(r->parts[0], 7);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

static void test_csg_one_and_two_players(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 1), MPOL_OK);
    g->v[1] = -2;
    mpol_csg_result *r;
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->nparts, 1);
    assert_close(r->value, -2.0, MPOL_TEST_TOL);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
    assert_int_equal(mpol_tu_alloc(&g, 2), MPOL_OK);
    g->v[1] = -1;
    g->v[2] = 2;
    g->v[3] = 0.5;
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_OK);
    assert_close(r->value, 1.0, MPOL_TEST_TOL);
    assert_int_equal(r->nparts, 2);
    mpol_csg_result_free(r);
    mpol_tu_free(g);
}

/* IDP and DP against all Bell(n) partitions on seeded random games with negative values. */
static void test_csg_against_all_partitions(void **state)
{
    (void)state;
    static const unsigned long bell[10] = {1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 42);
    for (size_t n = 1; n <= 9; n++) {
        for (int rep = 0; rep < 6; rep++) {
            mpol_tu_game *g;
            assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
            for (size_t c = 1; c < ((size_t)1 << n); c++)
                g->v[c] = rep % 2 ? (double)mpol_test_rng_int(&rng, -5, 20)
                                  : 10 * mpol_test_rng_uniform(&rng) - 3;
            best_ctx b = {g->v, -HUGE_VAL, 0};
            for_each_partition(n, best_fn, &b);
            assert_int_equal(b.count, bell[n]);
            for (int m = 0; m < 2; m++) {
                mpol_csg_opts o;
                mpol_csg_opts_init(&o);
                o.method = (mpol_csg_method)m;
                o.cross_check = 1;
                mpol_csg_result *r;
                assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
                assert_close(r->value, b.best, MPOL_TEST_TOL);
                assert_close(r->check_value, b.best, MPOL_TEST_TOL);
                assert_true(r->cross_checked);
                assert_int_equal(mpol_partition_validate(n, r->parts, r->nparts, "t"), MPOL_OK);
                mpol_csg_result_free(r);
            }
            mpol_tu_free(g);
        }
    }
}

/* Seeded NDCS games: IDP equals the plain DP up to n = 18, and evaluates fewer splits. */
static void test_csg_ndcs_idp_equals_dp(void **state)
{
    (void)state;
    for (size_t n = 10; n <= 18; n += 2) {
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
        assert_int_equal(mpol_csg_fill_ndcs(g, 1000 + n), MPOL_OK);
        mpol_csg_opts o;
        mpol_csg_opts_init(&o);
        o.cross_check = 1;
        mpol_csg_result *r;
        assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
        assert_true(r->ok);
        assert_close(r->value, r->cross_value, MPOL_TEST_TOL);
        uint64_t idp_splits = r->splits;
        mpol_csg_result_free(r);
        o.method = MPOL_CSG_DP;
        o.cross_check = 0;
        assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
        /* The plain DP evaluates 3^n/2 - 2^n + 1/2 splits. */
        double three = pow(3, (double)n);
        assert_int_equal(r->splits, (uint64_t)((three + 1) / 2 - pow(2, (double)n)));
        assert_true((double)idp_splits < 0.45 * (double)r->splits);
        mpol_csg_result_free(r);
        mpol_tu_free(g);
    }
}

/*
 * Fills a game of n players with one of four value families: 0 uniform in [-1, 1];
 * 1 superadditive (|C|^1.5 plus noise: the grand coalition wins); 2 subadditive (sqrt|C|
 * plus noise: singletons win); 3 small integers (many ties between structures).
 */
static void fill_family(mpol_tu_game *g, int family, mpol_test_rng *rng)
{
    for (size_t c = 1; c < ((size_t)1 << g->n); c++) {
        double s = (double)__builtin_popcountll((unsigned long long)c);
        double u = 2 * mpol_test_rng_uniform(rng) - 1;
        switch (family) {
        case 0:
            g->v[c] = u;
            break;
        case 1:
            g->v[c] = pow(s, 1.5) + 0.05 * u;
            break;
        case 2:
            g->v[c] = sqrt(s) + 0.05 * u;
            break;
        default:
            g->v[c] = (double)mpol_test_rng_int(rng, -2, 3) + s / 2;
            break;
        }
    }
}

/* IDP (both kernels) against the plain DP on odd sizes and skewed value families. */
static void test_csg_idp_families(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    static const size_t sizes[] = {2, 3, 4, 5, 6, 7, 11, 13, 15};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        for (int family = 0; family < 4; family++) {
            size_t n = sizes[si];
            mpol_tu_game *g;
            assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
            fill_family(g, family, &rng);
            mpol_csg_opts o;
            mpol_csg_opts_init(&o);
            o.method = MPOL_CSG_DP;
            mpol_csg_result *rd;
            assert_int_equal(mpol_csg_solve(&rd, g, &o), MPOL_OK);
            for (int simd = 0; simd < 2; simd++) {
                mpol_csg_opts_init(&o);
                o.simd = simd;
                mpol_csg_result *r;
                assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
                assert_true(r->ok);
                assert_close(r->value, rd->value, MPOL_TEST_TOL);
                assert_close(r->check_value, rd->value, MPOL_TEST_TOL);
                if (!simd)
                    assert_int_equal(r->simd, 0);
                if (family == 1)
                    assert_int_equal(r->nparts, 1); /* superadditive: the grand coalition */
                if (family == 2)
                    assert_int_equal(r->nparts, n); /* subadditive: all singletons */
                mpol_csg_result_free(r);
            }
            mpol_csg_result_free(rd);
            mpol_tu_free(g);
        }
    }
}

/*
 * The result does not depend on the number of threads or on the kernel: same value bit for
 * bit, same structure (also among tied optima), same split count. n = 19 and 18 have levels
 * large enough to be shared among threads.
 */
static void test_csg_threads_and_kernels_agree(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    for (int game = 0; game < 2; game++) {
        size_t n = game == 0 ? 19 : 18;
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
        if (game == 0)
            assert_int_equal(mpol_csg_fill_ndcs(g, 1919), MPOL_OK);
        else
            fill_family(g, 3, &rng);
        mpol_csg_result *ref = NULL;
        for (int simd = 0; simd < 2; simd++) {
            for (int threads = 1; threads <= 4; threads++) {
                mpol_csg_opts o;
                mpol_csg_opts_init(&o);
                o.threads = threads;
                o.simd = simd;
                mpol_csg_result *r;
                assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
                assert_true(r->ok);
                assert_int_equal(r->threads, threads);
                if (ref == NULL) {
                    ref = r;
                    continue;
                }
                assert_memory_equal(&r->value, &ref->value, sizeof r->value);
                assert_int_equal(r->nparts, ref->nparts);
                assert_memory_equal(r->parts, ref->parts, r->nparts * sizeof *r->parts);
                assert_int_equal(r->splits, ref->splits);
                mpol_csg_result_free(r);
            }
        }
        /* The optimum of the tied game against the plain DP (NDCS: test above, slow test). */
        if (game == 1) {
            mpol_csg_opts o;
            mpol_csg_opts_init(&o);
            o.method = MPOL_CSG_DP;
            mpol_csg_result *rd;
            assert_int_equal(mpol_csg_solve(&rd, g, &o), MPOL_OK);
            assert_close(ref->value, rd->value, MPOL_TEST_TOL);
            mpol_csg_result_free(rd);
        }
        mpol_csg_result_free(ref);
        mpol_tu_free(g);
    }
}

/* The library's one generator (core/rng_internal.h): moments of its normal variates, the
 * spread of its bounded integers, and the NDCS values it feeds. The bounds are about 5
 * standard errors of each statistic. */
static void test_rng_generator(void **state)
{
    (void)state;
    const size_t draws = 200000;
    uint64_t s = 12345;
    double sum = 0, sum2 = 0, inside = 0;
    for (size_t k = 0; k < draws; k++) {
        double z = mpol_i_rng_normal(&s);
        assert_true(isfinite(z));
        sum += z;
        sum2 += z * z;
        inside += fabs(z) < 1.0;
    }
    double mean = sum / (double)draws, var = sum2 / (double)draws - mean * mean;
    assert_true(fabs(mean) < 0.011);                               /* se 0.0022 */
    assert_true(fabs(var - 1.0) < 0.016);                          /* se 0.0032 */
    assert_true(fabs(inside / (double)draws - 0.682689) < 0.0052); /* se 0.00104 */
    size_t count[7] = {0};
    for (size_t k = 0; k < 70000; k++) {
        uint64_t v = mpol_i_rng_below(&s, 7);
        assert_true(v < 7);
        count[v]++;
    }
    for (size_t v = 0; v < 7; v++) /* expected 10000, sd 92.6 */
        assert_true(count[v] > 9537 && count[v] < 10463);
    for (size_t k = 0; k < 100; k++) {
        assert_int_equal(mpol_i_rng_below(&s, 1), 0);
        double u = mpol_i_rng_uniform(&s);
        assert_true(u >= 0.0 && u < 1.0);
    }
    /* Same seed, same stream; seed 0 is a valid seed. */
    uint64_t a = 0, b = 0;
    assert_true(mpol_i_rng_normal(&a) == mpol_i_rng_normal(&b));
    assert_true(a == b && a != 0);
    /* NDCS on 16 players: the 12870 coalitions of size 8 have mean 8 and sd sqrt(8). */
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 16), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 77), MPOL_OK);
    assert_true(g->v[0] == 0);
    double m1 = 0, m2 = 0;
    size_t nc = 0;
    for (size_t c = 1; c < ((size_t)1 << 16); c++)
        if (__builtin_popcount((unsigned)c) == 8) {
            m1 += g->v[c];
            m2 += g->v[c] * g->v[c];
            nc++;
        }
    assert_int_equal(nc, 12870);
    m1 /= (double)nc;
    double sd = sqrt(m2 / (double)nc - m1 * m1);
    assert_true(fabs(m1 - 8.0) < 0.125);      /* se 0.025 */
    assert_true(fabs(sd - sqrt(8.0)) < 0.09); /* se 0.018 */
    mpol_tu_free(g);
}

static void test_csg_method_names(void **state)
{
    (void)state;
    mpol_csg_method m = (mpol_csg_method)9;
    assert_string_equal(mpol_csg_method_name(MPOL_CSG_IDP), "idp");
    assert_string_equal(mpol_csg_method_name(MPOL_CSG_DP), "dp");
    assert_string_equal(mpol_csg_method_name((mpol_csg_method)2), "unknown");
    assert_int_equal(mpol_csg_method_parse(&m, "dp"), MPOL_OK);
    assert_int_equal(m, MPOL_CSG_DP);
    assert_int_equal(mpol_csg_method_parse(&m, "idp"), MPOL_OK);
    assert_int_equal(m, MPOL_CSG_IDP);
    assert_int_equal(mpol_csg_method_parse(&m, "IDP"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_CSG_IDP);
    assert_int_equal(mpol_csg_method_parse(NULL, "dp"), MPOL_EINVAL);
    assert_int_equal(mpol_csg_method_parse(&m, NULL), MPOL_EINVAL);
}

static void test_csg_ndcs_is_seeded(void **state)
{
    (void)state;
    mpol_tu_game *a, *b;
    assert_int_equal(mpol_tu_alloc(&a, 6), MPOL_OK);
    assert_int_equal(mpol_tu_alloc(&b, 6), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(a, 5), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(b, 5), MPOL_OK);
    assert_memory_equal(a->v, b->v, 64 * sizeof(double));
    assert_int_equal(mpol_csg_fill_ndcs(b, 6), MPOL_OK);
    assert_true(memcmp(a->v, b->v, 64 * sizeof(double)) != 0);
    /* Mean |C|: the average over the 20 coalitions of size 3 is near 3. */
    double s = 0;
    for (size_t c = 0; c < 64; c++)
        if (__builtin_popcount((unsigned)c) == 3)
            s += a->v[c];
    assert_true(fabs(s / 20 - 3) < 1.5);
    assert_int_equal(mpol_csg_fill_ndcs(NULL, 1), MPOL_EINVAL);
    mpol_tu_free(a);
    mpol_tu_free(b);
}

static void test_csg_errors(void **state)
{
    (void)state;
    mpol_csg_result *r = (mpol_csg_result *)1;
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    assert_int_equal(mpol_csg_solve(&r, NULL, &o), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_csg_solve(NULL, NULL, &o), MPOL_EINVAL);
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 10), MPOL_OK);
    o.method = (mpol_csg_method)7;
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_EINVAL);
    mpol_csg_opts_init(&o);
    o.tol = 0;
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_EINVAL);
    mpol_csg_opts_init(&o);
    o.max_bytes = 1000;
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "above the limit"));
    mpol_csg_opts_init(&o);
    o.threads = -1;
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "threads"));
    /* The 2^n table plus a fixed split table (k = 10 low players). */
    assert_true(mpol_csg_memory(10) > 8192);
    assert_int_equal(mpol_csg_memory(21) - mpol_csg_memory(20), (size_t)8 << 20);
    assert_int_equal(mpol_csg_memory(0), 0);
    g->v[77] = NAN;
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_ENUMERIC);
    g->v[77] = INFINITY;
    assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_ENUMERIC);
    mpol_tu_free(g);
    mpol_tu_game bad = {0, NULL, NULL};
    assert_int_equal(mpol_csg_solve(&r, &bad, NULL), MPOL_EINVAL);
    mpol_csg_result_free(NULL);
}

static mpol_status csg_oom_body(void *ctx)
{
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    o.cross_check = 1;
    mpol_csg_result *r;
    mpol_status st = mpol_csg_solve(&r, ctx, &o);
    if (st == MPOL_OK) {
        assert_true(r->ok);
        mpol_csg_result_free(r);
    }
    return st;
}

static void test_csg_oom(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 8), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 3), MPOL_OK);
    assert_true(mpol_test_oom_loop(csg_oom_body, g) >= 3);
    mpol_tu_free(g);
}

static void test_partition_validate(void **state)
{
    (void)state;
    mpol_coalition ok[2] = {5, 2}, overlap[2] = {3, 6}, gap[2] = {1, 2}, beyond[2] = {3, 12},
                   empty[2] = {7, 0};
    assert_int_equal(mpol_partition_validate(3, ok, 2, "t"), MPOL_OK);
    assert_int_equal(mpol_partition_validate(3, overlap, 2, "t"), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "overlaps"));
    assert_int_equal(mpol_partition_validate(3, gap, 2, "t"), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "do not cover"));
    assert_int_equal(mpol_partition_validate(3, beyond, 2, "t"), MPOL_EINVAL);
    assert_int_equal(mpol_partition_validate(3, empty, 2, "t"), MPOL_EINVAL);
    assert_int_equal(mpol_partition_validate(3, NULL, 0, "t"), MPOL_EINVAL);
    assert_int_equal(mpol_partition_validate(0, ok, 2, "t"), MPOL_EINVAL);
}

/* ---- TU core of a partition ------------------------------------------------------------- */

static void test_tu_core_hand_checked(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    /* Three-player majority game with v(pair) = 1, v(N) = 1: the core is empty. */
    double v[8] = {0, 0, 0, 1, 0, 1, 1, 1};
    memcpy(g->v, v, sizeof v);
    mpol_coalition grand = 7;
    mpol_tu_core_check *c;
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0), MPOL_OK);
    assert_false(c->stable);
    assert_true(c->efficient);
    assert_close(c->max_excess, 1.0 / 3, MPOL_TEST_TOL);
    assert_int_equal(__builtin_popcount(c->blocking), 2);
    assert_int_equal(c->coalitions_checked, 7);
    mpol_tu_core_check_free(c);
    /* v(N) = 1.5: equal split 1/2 each is in the core. */
    g->v[7] = 1.5;
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0), MPOL_OK);
    assert_true(c->stable);
    assert_close(c->max_excess, 0.0, MPOL_TEST_TOL);
    mpol_tu_core_check_free(c);
    /* Given x = (1, 0.5, 0) for {1,2},{3} with v({1,2}) = 1.5? not efficient here. */
    mpol_coalition two[2] = {3, 4};
    double x[3] = {1, 0.5, 0};
    assert_int_equal(mpol_tu_partition_core(&c, g, two, 2, MPOL_ALLOC_GIVEN, x, 0), MPOL_OK);
    assert_false(c->efficient);
    assert_close(c->efficiency_error, 0.5, MPOL_TEST_TOL);
    /* {2,3} gets 0.5 < 1: it blocks. */
    assert_false(c->stable);
    assert_int_equal(c->blocking, 6);
    mpol_tu_core_check_free(c);
    /* Proportional to weights (2, 1, 1) within the grand coalition. */
    double w[3] = {2, 1, 1};
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_PROPORTIONAL, w, 0),
                     MPOL_OK);
    assert_close(c->payoff[0], 0.75, MPOL_TEST_TOL);
    assert_close(c->payoff[1], 0.375, MPOL_TEST_TOL);
    assert_false(c->stable); /* {2,3} gets 0.75 < 1 */
    assert_int_equal(c->blocking, 6);
    mpol_tu_core_check_free(c);
    mpol_tu_free(g);
}

/* Max excess against a direct loop over all coalitions on random games. */
static void test_tu_core_against_direct(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    for (int rep = 0; rep < 40; rep++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 2, 10);
        mpol_tu_game *g;
        assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
        for (size_t c = 1; c < ((size_t)1 << n); c++)
            g->v[c] = (double)mpol_test_rng_int(&rng, 0, (long)(3 * n));
        mpol_csg_result *r;
        assert_int_equal(mpol_csg_solve(&r, g, NULL), MPOL_OK);
        mpol_tu_core_check *c;
        assert_int_equal(
            mpol_tu_partition_core(&c, g, r->parts, r->nparts, MPOL_ALLOC_EQUAL, NULL, 0), MPOL_OK);
        double best = -HUGE_VAL;
        for (size_t s = 1; s < ((size_t)1 << n); s++) {
            double xs = 0;
            for (size_t i = 0; i < n; i++)
                if (s >> i & 1)
                    xs += c->payoff[i];
            best = fmax(best, g->v[s] - xs);
        }
        assert_close(c->max_excess, best, MPOL_TEST_TOL);
        assert_int_equal(c->stable, best <= MPOL_TEST_TOL * (1 + fabs(g->v[c->blocking])));
        assert_true(c->efficient);
        mpol_tu_core_check_free(c);
        mpol_csg_result_free(r);
        mpol_tu_free(g);
    }
}

static void test_tu_core_errors(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    mpol_coalition grand = 7, bad[2] = {3, 3};
    mpol_tu_core_check *c = (mpol_tu_core_check *)1;
    double w[3] = {1, 0, 1};
    assert_int_equal(mpol_tu_partition_core(NULL, g, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_tu_partition_core(&c, NULL, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0),
                     MPOL_EINVAL);
    assert_null(c);
    assert_int_equal(mpol_tu_partition_core(&c, g, bad, 2, MPOL_ALLOC_EQUAL, NULL, 0), MPOL_EINVAL);
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_GIVEN, NULL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_PROPORTIONAL, w, 0),
                     MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "weights must be positive"));
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, (mpol_alloc_rule)9, w, 0),
                     MPOL_EINVAL);
    w[1] = NAN;
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_GIVEN, w, 0),
                     MPOL_ENUMERIC);
    g->v[3] = NAN;
    assert_int_equal(mpol_tu_partition_core(&c, g, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0),
                     MPOL_ENUMERIC);
    mpol_tu_free(g);
    mpol_tu_core_check_free(NULL);
}

static mpol_status core_oom_body(void *ctx)
{
    mpol_coalition grand = 15;
    mpol_tu_core_check *c;
    mpol_status st = mpol_tu_partition_core(&c, ctx, &grand, 1, MPOL_ALLOC_EQUAL, NULL, 0);
    mpol_tu_core_check_free(c);
    return st;
}

static void test_tu_core_oom(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 4), MPOL_OK);
    assert_int_equal(mpol_test_oom_loop(core_oom_body, g), 2);
    mpol_tu_free(g);
}

/* ---- hedonic games: naive definitions ---------------------------------------------------- */

/* The library's default improvement tolerance. */
#define NAIVE_TOL 1e-9

static const mpol_coalition *part_of(const mpol_coalition *parts, size_t np, size_t i)
{
    for (size_t k = 0; k < np; k++)
        if (parts[k] >> i & 1)
            return &parts[k];
    return NULL;
}

static int naive_nash(const mpol_hedonic *g, const mpol_coalition *parts, size_t np, int individual)
{
    for (size_t i = 0; i < g->n; i++) {
        mpol_coalition me = (mpol_coalition)1 << i, own = *part_of(parts, np, i);
        double cur = mpol_hedonic_utility(g, i, own);
        if (own != me && mpol_hedonic_utility(g, i, me) > cur + NAIVE_TOL)
            return 0;
        for (size_t k = 0; k < np; k++) {
            if (parts[k] == own)
                continue;
            mpol_coalition to = parts[k] | me;
            if (!(mpol_hedonic_utility(g, i, to) > cur + NAIVE_TOL))
                continue;
            int objection = 0;
            for (size_t j = 0; j < g->n && individual; j++)
                if ((parts[k] >> j & 1) && mpol_hedonic_utility(g, j, parts[k]) >
                                               mpol_hedonic_utility(g, j, to) + NAIVE_TOL)
                    objection = 1;
            if (!objection)
                return 0;
        }
    }
    return 1;
}

static int naive_core(const mpol_hedonic *g, const mpol_coalition *parts, size_t np)
{
    for (mpol_coalition s = 1; s < ((mpol_coalition)1 << g->n); s++) {
        int all = 1;
        for (size_t i = 0; i < g->n && all; i++)
            if (s >> i & 1)
                all = mpol_hedonic_utility(g, i, s) >
                      mpol_hedonic_utility(g, i, *part_of(parts, np, i)) + NAIVE_TOL;
        if (all)
            return 0;
    }
    return 1;
}

typedef struct hed_ctx {
    const mpol_hedonic *g;
    unsigned long nash, is, core, total;
} hed_ctx;

static int hed_fn(const mpol_coalition *parts, size_t np, void *c)
{
    hed_ctx *h = c;
    mpol_hedonic_check chk;
    assert_int_equal(mpol_hedonic_check_partition(&chk, h->g, parts, np, MPOL_HEDONIC_ALL, 0),
                     MPOL_OK);
    int nash = naive_nash(h->g, parts, np, 0), is = naive_nash(h->g, parts, np, 1),
        core = naive_core(h->g, parts, np);
    assert_int_equal(chk.nash, nash);
    assert_int_equal(chk.individual, is);
    assert_int_equal(chk.core, core);
    if (!core) {
        /* The certificate blocks. */
        for (size_t i = 0; i < h->g->n; i++)
            if (chk.blocking >> i & 1)
                assert_true(mpol_hedonic_utility(h->g, i, chk.blocking) >
                            mpol_hedonic_utility(h->g, i, *part_of(parts, np, i)));
    }
    if (!nash)
        assert_true(chk.nash_player < h->g->n);
    h->nash += (unsigned long)nash;
    h->is += (unsigned long)is;
    h->core += (unsigned long)core;
    h->total++;
    return 0;
}

static mpol_hedonic *random_additive(mpol_test_rng *rng, size_t n, int symmetric)
{
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, n), MPOL_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (symmetric && j < i)
                g->value[i * n + j] = g->value[j * n + i];
            else
                g->value[i * n + j] = (double)mpol_test_rng_int(rng, -4, 4);
        }
    return g;
}

/* Every partition of random games: checks equal the naive definitions; search counts agree. */
static void test_hedonic_checks_against_naive(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    for (int rep = 0; rep < 12; rep++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 2, 6);
        mpol_hedonic *g = random_additive(&rng, n, 0);
        hed_ctx h = {g, 0, 0, 0, 0};
        for_each_partition(n, hed_fn, &h);
        assert_true(h.nash <= h.is); /* Nash stable implies individually stable */
        unsigned concepts[3] = {MPOL_HEDONIC_NASH, MPOL_HEDONIC_INDIVIDUAL, MPOL_HEDONIC_CORE};
        unsigned long counts[3] = {h.nash, h.is, h.core};
        for (int k = 0; k < 3; k++) {
            mpol_hedonic_search_opts o;
            mpol_hedonic_search_opts_init(&o);
            o.concept = concepts[k];
            mpol_hedonic_search_result *r;
            assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
            assert_true(r->exact);
            assert_int_equal(r->partitions_examined, h.total);
            assert_int_equal(r->stable_count, counts[k]);
            assert_int_equal(r->found, counts[k] > 0);
            assert_int_equal(r->proven, counts[k] > 0);
            mpol_hedonic_search_result_free(r);
        }
        mpol_hedonic_free(g);
    }
}

/* Ranked lists: a three-player cycle has an empty core (Bogomolnaia & Jackson 2002). */
static void test_hedonic_ranked_cycle(void **state)
{
    (void)state;
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_alloc_ranked(&g, 3), MPOL_OK);
    /* 1: {1,2} > {1,3} > {1}; 2: {2,3} > {1,2} > {2}; 3: {1,3} > {2,3} > {3}. */
    assert_int_equal(mpol_hedonic_rank(g, 0, 3, 3), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 0, 5, 2), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 0, 1, 1), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 1, 6, 3), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 1, 3, 2), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 1, 2, 1), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 2, 5, 3), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 2, 6, 2), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 2, 4, 0.5), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 2, 4, 1), MPOL_OK); /* replaces */
    assert_int_equal(g->nlisted[2], 3);
    assert_true(mpol_hedonic_utility(g, 0, 7) == -HUGE_VAL);
    hed_ctx h = {g, 0, 0, 0, 0};
    for_each_partition(3, hed_fn, &h);
    assert_int_equal(h.core, 0);
    mpol_hedonic_search_opts o;
    mpol_hedonic_search_opts_init(&o);
    o.concept = MPOL_HEDONIC_CORE;
    mpol_hedonic_search_result *r;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
    assert_false(r->found);
    assert_int_equal(r->stable_count, 0);
    assert_int_equal(r->partitions_examined, 5);
    mpol_hedonic_search_result_free(r);
    /* The heuristic cycles and reports failure honestly. */
    o.exact_max = 0;
    o.starts = 3;
    o.max_steps = 50;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
    assert_false(r->found);
    assert_false(r->proven);
    assert_int_equal(r->starts_run, 5);
    assert_int_equal(r->check.core, 0);
    mpol_hedonic_search_result_free(r);
    mpol_hedonic_free(g);
}

/* Symmetric additive games have a potential, so better-response dynamics reach a Nash
 * stable partition (Bogomolnaia & Jackson 2002); n = 16 is beyond exhaustive search. */
static void test_hedonic_heuristic_symmetric(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    for (int rep = 0; rep < 4; rep++) {
        mpol_hedonic *g = random_additive(&rng, 16, 1);
        mpol_hedonic_search_opts o;
        mpol_hedonic_search_opts_init(&o);
        o.seed = (unsigned long)rep + 1;
        for (unsigned concept = 1; concept <= 2; concept ++) {
            o.concept = concept;
            mpol_hedonic_search_result *r;
            assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
            assert_false(r->exact);
            assert_true(r->found);
            assert_true(r->proven);
            assert_int_equal(r->starts_run, 1);
            assert_true(naive_nash(g, r->parts, r->nparts, concept == 2));
            mpol_hedonic_search_result_free(r);
        }
        mpol_hedonic_free(g);
    }
    /* Core dynamics on a small symmetric game, checked against the naive core. */
    mpol_hedonic *g = random_additive(&rng, 9, 1);
    mpol_hedonic_search_opts o;
    mpol_hedonic_search_opts_init(&o);
    o.concept = MPOL_HEDONIC_CORE;
    o.exact_max = 0;
    mpol_hedonic_search_result *r;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
    if (r->found)
        assert_true(naive_core(g, r->parts, r->nparts));
    assert_int_equal(r->proven, r->found);
    mpol_hedonic_search_result_free(r);
    mpol_hedonic_free(g);
}

static void test_hedonic_errors(void **state)
{
    (void)state;
    mpol_hedonic *g = (mpol_hedonic *)1;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 0), MPOL_EINVAL);
    assert_null(g);
    assert_int_equal(mpol_hedonic_alloc_ranked(&g, 31), MPOL_ELIMIT);
    assert_int_equal(mpol_hedonic_alloc_additive(NULL, 3), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 3), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 0, 1, 1), MPOL_EINVAL); /* not ranked */
    assert_int_equal(mpol_hedonic_set_name(g, 3, "x"), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_set_name(g, 2, "Kazakhstan"), MPOL_OK);
    assert_string_equal(g->names[2], "Kazakhstan");
    mpol_coalition grand = 7, bad = 3;
    mpol_hedonic_check c;
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &bad, 1, MPOL_HEDONIC_ALL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &grand, 1, 0, 0), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &grand, 1, 8, 0), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_check_partition(NULL, g, &grand, 1, 1, 0), MPOL_EINVAL);
    g->value[1] = NAN;
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &grand, 1, 1, 0), MPOL_EINVAL);
    g->value[1] = 0;
    mpol_hedonic_search_opts o;
    mpol_hedonic_search_opts_init(&o);
    mpol_hedonic_search_result *r = (mpol_hedonic_search_result *)1;
    o.concept = 3;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_EINVAL);
    assert_null(r);
    o.concept = MPOL_HEDONIC_NASH;
    o.exact_max = 13;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_ELIMIT);
    assert_int_equal(mpol_hedonic_search(&r, NULL, &o), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_search(NULL, g, &o), MPOL_EINVAL);
    mpol_hedonic_free(g);
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 21), MPOL_OK);
    mpol_hedonic_search_opts_init(&o);
    o.concept = MPOL_HEDONIC_CORE;
    assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_ELIMIT);
    mpol_coalition all21 = (1u << 21) - 1;
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &all21, 1, MPOL_HEDONIC_ALL, 0), MPOL_OK);
    assert_int_equal(c.core, -1); /* beyond exact enumeration */
    assert_int_equal(c.nash, 1);
    mpol_hedonic_free(g);
    assert_int_equal(mpol_hedonic_alloc_ranked(&g, 3), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 3, 8, 1), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_rank(g, 0, 2, 1), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_rank(g, 0, 9, 1), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_rank(g, 0, 1, NAN), MPOL_EINVAL);
    mpol_hedonic_free(g);
    mpol_hedonic_free(NULL);
    mpol_hedonic_search_result_free(NULL);
}

static mpol_status hedonic_oom_body(void *ctx)
{
    (void)ctx;
    mpol_hedonic *g;
    mpol_status st = mpol_hedonic_alloc_ranked(&g, 4);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < 4 && st == MPOL_OK; i++) {
        st = mpol_hedonic_rank(g, i, 15, 1);
        if (st == MPOL_OK)
            st = mpol_hedonic_rank(g, i, (mpol_coalition)1 << i, 2);
    }
    if (st == MPOL_OK)
        st = mpol_hedonic_set_name(g, 0, "KZ");
    mpol_hedonic_search_result *r = NULL;
    mpol_hedonic_search_opts o;
    mpol_hedonic_search_opts_init(&o);
    o.concept = MPOL_HEDONIC_CORE;
    if (st == MPOL_OK)
        st = mpol_hedonic_search(&r, g, &o);
    if (st == MPOL_OK) {
        o.exact_max = 0;
        mpol_hedonic_search_result_free(r);
        st = mpol_hedonic_search(&r, g, &o);
    }
    mpol_hedonic_search_result_free(r);
    mpol_hedonic_free(g);
    if (st == MPOL_OK) {
        st = mpol_hedonic_alloc_additive(&g, 11);
        if (st == MPOL_OK) {
            o.exact_max = 11;
            o.concept = MPOL_HEDONIC_NASH;
            mpol_hedonic_check c;
            mpol_coalition all = (1u << 11) - 1;
            st = mpol_hedonic_check_partition(&c, g, &all, 1, MPOL_HEDONIC_ALL, 0);
            mpol_hedonic_free(g);
        }
    }
    return st;
}

static void test_hedonic_oom(void **state)
{
    (void)state;
    assert_true(mpol_test_oom_loop(hedonic_oom_body, NULL) > 10);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csg_hand_checked),
        cmocka_unit_test(test_csg_one_and_two_players),
        cmocka_unit_test(test_csg_against_all_partitions),
        cmocka_unit_test(test_csg_ndcs_idp_equals_dp),
        cmocka_unit_test(test_csg_idp_families),
        cmocka_unit_test(test_csg_threads_and_kernels_agree),
        cmocka_unit_test(test_csg_ndcs_is_seeded),
        cmocka_unit_test(test_csg_method_names),
        cmocka_unit_test(test_rng_generator),
        cmocka_unit_test(test_csg_errors),
        cmocka_unit_test(test_csg_oom),
        cmocka_unit_test(test_partition_validate),
        cmocka_unit_test(test_tu_core_hand_checked),
        cmocka_unit_test(test_tu_core_against_direct),
        cmocka_unit_test(test_tu_core_errors),
        cmocka_unit_test(test_tu_core_oom),
        cmocka_unit_test(test_hedonic_checks_against_naive),
        cmocka_unit_test(test_hedonic_ranked_cycle),
        cmocka_unit_test(test_hedonic_heuristic_symmetric),
        cmocka_unit_test(test_hedonic_errors),
        cmocka_unit_test(test_hedonic_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
