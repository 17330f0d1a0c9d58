/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the Deegan-Packel, public good, Johnston and Coleman indices (voting.h):
 * brute force over all 2^n coalitions on seeded random weighted games (n <= 14, floating
 * point and exact fractions), textbook games computed by hand from the definitions, the
 * independent totals against mpol_wvg_count_minimal_winning, the certificates (a changed
 * index is caught), the limits and every error path.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/voting.h"

#define TOL 1e-12
#define LCM14 360360 /* lcm(1..14): raw Deegan-Packel and Johnston values times it are integers */

static mpol_wvg *make_wvg(size_t n, const double *w, double quota)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    memcpy(g->weights, w, n * sizeof *w);
    g->quota = quota;
    return g;
}

/* splitmix64, as the library's generator */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Brute force over all coalitions: integer numerators (times LCM14 for Deegan-Packel and
 * Johnston) and the totals. */
typedef struct brute {
    int64_t dp[14], hp[14], jo[14], sw[14];
    int64_t nmwc, sizes, nswing, nwin;
} brute;

static void brute_force(brute *b, size_t n, const int64_t *w, int64_t q)
{
    memset(b, 0, sizeof *b);
    for (uint32_t S = 0; S < (1u << n); S++) {
        int64_t ws = 0;
        int size = 0;
        for (size_t i = 0; i < n; i++)
            if (S >> i & 1) {
                ws += w[i];
                size++;
            }
        if (ws < q)
            continue;
        b->nwin++;
        int ncrit = 0;
        for (size_t i = 0; i < n; i++)
            if ((S >> i & 1) && ws - w[i] < q)
                ncrit++;
        if (ncrit == 0)
            continue;
        b->nswing++;
        for (size_t i = 0; i < n; i++)
            if ((S >> i & 1) && ws - w[i] < q) {
                b->sw[i]++;
                b->jo[i] += LCM14 / ncrit;
            }
        if (ncrit == size) {
            b->nmwc++;
            b->sizes += size;
            for (size_t i = 0; i < n; i++)
                if (S >> i & 1) {
                    b->hp[i]++;
                    b->dp[i] += LCM14 / size;
                }
        }
    }
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

/* 1 if the fraction string s is num / den in lowest terms, as GMP writes it. */
static int frac_is(const char *s, int64_t num, int64_t den)
{
    int64_t d = gcd64(num, den);
    if (d == 0)
        d = 1;
    char buf[64];
    if (den / d == 1)
        snprintf(buf, sizeof buf, "%lld", (long long)(num / d));
    else
        snprintf(buf, sizeof buf, "%lld/%lld", (long long)(num / d), (long long)(den / d));
    return strcmp(s, buf) == 0;
}

static void check_against(const mpol_index_result *r, const brute *b, size_t n, int exact)
{
    mpol_power_cert cert;
    assert_int_equal(mpol_index_certify(&cert, r, MPOL_POWER_CHECK_TOL), MPOL_OK);
    assert_true(r->verified);
    for (size_t i = 0; i < n; i++) {
        double raw = 0, idx = 0;
        int64_t num = 0, den = 1, inum = 0, iden = 1;
        switch (r->kind) {
        case MPOL_INDEX_DEEGAN_PACKEL:
            num = b->dp[i], den = LCM14, inum = b->dp[i], iden = LCM14 * b->nmwc;
            assert_close(r->total, (double)b->nmwc, 0);
            break;
        case MPOL_INDEX_PUBLIC_GOOD:
            num = b->hp[i], inum = b->hp[i], iden = b->sizes;
            assert_close(r->total, (double)b->sizes, 0);
            break;
        case MPOL_INDEX_JOHNSTON:
            num = b->jo[i], den = LCM14, inum = b->jo[i], iden = LCM14 * b->nswing;
            assert_close(r->total, (double)b->nswing, 0);
            break;
        case MPOL_INDEX_COLEMAN: {
            int64_t tot = 0;
            for (size_t j = 0; j < n; j++)
                tot += b->sw[j];
            num = b->sw[i], den = b->nwin, inum = b->sw[i], iden = tot;
            assert_close(r->total, (double)b->nwin, 0);
            assert_close(r->act, (double)b->nwin / (double)(1u << n), TOL);
            int64_t lose = (int64_t)(1u << n) - b->nwin;
            assert_close(r->initiate[i], (double)b->sw[i] / (double)lose, TOL);
            if (exact)
                assert_true(frac_is(r->initiate_exact[i], b->sw[i], lose));
            break;
        }
        }
        raw = (double)num / (double)den;
        idx = iden > 0 ? (double)inum / (double)iden : 0;
        assert_close(r->raw[i], raw, TOL * fmax(1, raw));
        assert_close(r->index[i], idx, TOL);
        if (exact) {
            assert_true(frac_is(r->raw_exact[i], num, den));
            if (iden > 0)
                assert_true(frac_is(r->index_exact[i], inum, iden));
        }
    }
}

/* The Johnston path: -1 chosen by the estimates, 0 enumeration, 1 DP (indices.c, internal). */
void mpol_i_johnston_force(int mode);

static void brute_force_games(int johnston_only);

static void test_brute_force(void **state)
{
    (void)state;
    brute_force_games(0);
}

/* Both Johnston algorithms, forced, against brute force. */
static void test_johnston_paths(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++) {
        mpol_i_johnston_force(mode);
        brute_force_games(1);
    }
    mpol_i_johnston_force(-1);
}

static void brute_force_games(int johnston_only)
{
    uint64_t seed = 20261203;
    int reps = mpol_test_reps(60);
    for (int rep = 0; rep < reps; rep++) {
        size_t n = 1 + (size_t)(next(&seed) % 14);
        int64_t wi[14];
        double wd[14];
        int64_t tot = 0, range = rep % 3 == 0 ? 4 : rep % 3 == 1 ? 12 : 60;
        for (size_t i = 0; i < n; i++) {
            wi[i] = (int64_t)(next(&seed) % (uint64_t)range); /* zeros included */
            wd[i] = (double)wi[i];
            tot += wi[i];
        }
        if (tot == 0) {
            wi[0] = wd[0] = 1;
            tot = 1;
        }
        int64_t q = 1 + (int64_t)(next(&seed) % (uint64_t)tot);
        brute b;
        brute_force(&b, n, wi, q);
        mpol_wvg *g = make_wvg(n, wd, (double)q);
        for (int kind = johnston_only ? 2 : 0; kind < (johnston_only ? 3 : 4); kind++)
            for (int exact = 0; exact < 2; exact++) {
                mpol_power_opts o;
                mpol_power_opts_init(&o);
                o.exact = exact;
                mpol_index_result *r;
                assert_int_equal(mpol_power_index(&r, (mpol_index_kind)kind, g, &o), MPOL_OK);
                check_against(r, &b, n, exact);
                mpol_index_result_free(r);
            }
        uint64_t cnt;
        int ex;
        assert_int_equal(mpol_wvg_count_minimal_winning(&cnt, &ex, g, 0), MPOL_OK);
        assert_int_equal(cnt, (uint64_t)b.nmwc);
        mpol_wvg_free(g);
    }
}

static mpol_index_result *run(const mpol_wvg *g, mpol_index_kind kind, int exact)
{
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = exact;
    mpol_index_result *r;
    assert_int_equal(mpol_power_index(&r, kind, g, &o), MPOL_OK);
    return r;
}

/* [4; 3, 2, 1, 1], by hand: minimal winning AB, AC, AD, BCD; swing coalitions AB, AC, AD,
 * BCD, ABC, ABD, ACD (A alone critical in the last three); 8 winning coalitions. */
static void test_textbook_4_3211(void **state)
{
    (void)state;
    double w[4] = {3, 2, 1, 1};
    mpol_wvg *g = make_wvg(4, w, 4);
    static const char *dp[4] = {"3/8", "5/24", "5/24", "5/24"};
    static const char *hp[4] = {"1/3", "2/9", "2/9", "2/9"};
    static const char *jo[4] = {"9/14", "5/42", "5/42", "5/42"};
    static const char *prev[4] = {"3/4", "1/4", "1/4", "1/4"};
    static const char *const *want[4] = {dp, hp, jo, NULL};
    for (int kind = 0; kind < 4; kind++) {
        mpol_index_result *r = run(g, (mpol_index_kind)kind, 1);
        for (size_t i = 0; i < 4; i++) {
            if (kind == MPOL_INDEX_COLEMAN) {
                assert_string_equal(r->raw_exact[i], prev[i]);
                assert_string_equal(r->initiate_exact[i], prev[i]); /* 8 losing too */
            } else {
                assert_string_equal(r->index_exact[i], want[kind][i]);
            }
        }
        if (kind == MPOL_INDEX_COLEMAN)
            assert_string_equal(r->act_exact, "1/2");
        mpol_index_result_free(r);
    }
    mpol_wvg_free(g);
}

/* [51; 49, 48, 3]: every pair is minimal winning, the grand coalition has no critical
 * member, so all four indices give 1/3 each; Coleman: 2 swings of 4 winning / 4 losing. */
static void test_textbook_51_49_48_3(void **state)
{
    (void)state;
    double w[3] = {49, 48, 3};
    mpol_wvg *g = make_wvg(3, w, 51);
    for (int kind = 0; kind < 4; kind++)
        for (int exact = 0; exact < 2; exact++) {
            mpol_index_result *r = run(g, (mpol_index_kind)kind, exact);
            for (size_t i = 0; i < 3; i++) {
                assert_close(r->index[i], 1.0 / 3, TOL);
                if (exact)
                    assert_string_equal(r->index_exact[i], "1/3");
                if (kind == MPOL_INDEX_COLEMAN) {
                    assert_close(r->raw[i], 0.5, TOL);
                    assert_close(r->initiate[i], 0.5, TOL);
                }
            }
            mpol_index_result_free(r);
        }
    mpol_wvg_free(g);
}

/* The example of the R package CoopGame's Coleman functions (v = 0,0,0,1,1,0,1: players
 * 1 and 2 or 1 and 3 win), i.e. [3; 2, 1, 1]: swings 3, 1, 1; 3 winning, 5 losing. */
static void test_coopgame_coleman_example(void **state)
{
    (void)state;
    double w[3] = {2, 1, 1};
    mpol_wvg *g = make_wvg(3, w, 3);
    mpol_index_result *r = run(g, MPOL_INDEX_COLEMAN, 1);
    assert_string_equal(r->act_exact, "3/8");
    assert_string_equal(r->raw_exact[0], "1");
    assert_string_equal(r->raw_exact[1], "1/3");
    assert_string_equal(r->initiate_exact[0], "3/5");
    assert_string_equal(r->initiate_exact[2], "1/5");
    assert_string_equal(r->total_exact, "3");
    mpol_index_result_free(r);
    mpol_wvg_free(g);
}

/* Larger games: exact against floating point, and the totals against the MWC count. */
static void test_exact_matches_float_large(void **state)
{
    (void)state;
    uint64_t seed = 77;
    size_t n = 60;
    double w[60];
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        tot += (w[i] = (double)(1 + next(&seed) % 30));
    mpol_wvg *g = make_wvg(n, w, floor(tot / 2) + 1);
    for (int kind = 0; kind < 4; kind++) {
        if (kind == MPOL_INDEX_JOHNSTON)
            continue; /* enumeration: too many swing coalitions at n = 60 */
        mpol_index_result *a = run(g, (mpol_index_kind)kind, 0),
                          *b = run(g, (mpol_index_kind)kind, 1);
        for (size_t i = 0; i < n; i++)
            assert_close(a->index[i], b->index[i], 1e-10);
        assert_close(a->total / b->total, 1, 1e-10);
        if (kind == MPOL_INDEX_DEEGAN_PACKEL) {
            uint64_t cnt;
            int ex;
            assert_int_equal(mpol_wvg_count_minimal_winning(&cnt, &ex, g, 0), MPOL_OK);
            assert_close(a->total / (double)cnt, 1, 1e-12);
        }
        mpol_index_result_free(a);
        mpol_index_result_free(b);
    }
    mpol_wvg_free(g);
}

static void test_certificate_catches_tampering(void **state)
{
    (void)state;
    double w[4] = {3, 2, 1, 1};
    mpol_wvg *g = make_wvg(4, w, 4);
    mpol_power_cert c;
    mpol_index_result *r = run(g, MPOL_INDEX_JOHNSTON, 0);
    r->index[0] += 1e-3;
    assert_int_equal(mpol_index_certify(&c, r, MPOL_POWER_CHECK_TOL), MPOL_EVERIFY);
    assert_false(c.verified);
    mpol_index_result_free(r);
    r = run(g, MPOL_INDEX_PUBLIC_GOOD, 1);
    mpol_free(r->index_exact[1]);
    r->index_exact[1] = mpol_strdup("1/9");
    assert_int_equal(mpol_index_certify(&c, r, MPOL_POWER_CHECK_TOL), MPOL_EVERIFY);
    assert_false(c.counts_exact);
    assert_int_equal(mpol_index_certify(&c, r, -1), MPOL_EINVAL);
    assert_int_equal(mpol_index_certify(NULL, r, 0), MPOL_EINVAL);
    mpol_index_result_free(r);
    mpol_wvg_free(g);
}

static void test_limits_and_errors(void **state)
{
    (void)state;
    double w[4] = {3, 2, 1, 1};
    mpol_wvg *g = make_wvg(4, w, 4);
    mpol_index_result *r = (mpol_index_result *)1;
    assert_int_equal(mpol_power_index(NULL, MPOL_INDEX_COLEMAN, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_power_index(&r, (mpol_index_kind)9, g, NULL), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_power_index(&r, MPOL_INDEX_COLEMAN, NULL, NULL), MPOL_EINVAL);
    g->quota = 8; /* above the total: nobody wins */
    assert_int_equal(mpol_power_index(&r, MPOL_INDEX_PUBLIC_GOOD, g, NULL), MPOL_EINVAL);
    g->quota = 4;
    g->weights[1] = -1;
    assert_int_equal(mpol_power_index(&r, MPOL_INDEX_JOHNSTON, g, NULL), MPOL_EINVAL);
    g->weights[1] = 2;
    mpol_power_estimate e;
    assert_int_equal(mpol_index_estimate_cost(NULL, MPOL_INDEX_COLEMAN, g, NULL), MPOL_EINVAL);
    for (int kind = 0; kind < 4; kind++) {
        assert_int_equal(mpol_index_estimate_cost(&e, (mpol_index_kind)kind, g, NULL), MPOL_OK);
        assert_true(e.work > 0 && e.bytes > 0);
        mpol_power_opts o;
        mpol_power_opts_init(&o);
        o.max_work = e.work / 2;
        assert_int_equal(mpol_power_index(&r, (mpol_index_kind)kind, g, &o), MPOL_ELIMIT);
        assert_null(r);
        assert_non_null(strstr(mpol_last_error(), "work limit"));
    }
    mpol_wvg_free(g);
    /* floating-point Deegan-Packel above MPOL_INDEX_FLOAT_MAX_PLAYERS */
    size_t n = MPOL_INDEX_FLOAT_MAX_PLAYERS + 1;
    double *wl = malloc(n * sizeof *wl);
    assert_non_null(wl);
    for (size_t i = 0; i < n; i++)
        wl[i] = 1;
    g = make_wvg(n, wl, (double)n);
    assert_int_equal(mpol_power_index(&r, MPOL_INDEX_DEEGAN_PACKEL, g, NULL), MPOL_ELIMIT);
    mpol_wvg_free(g);
    free(wl);
    assert_string_equal(mpol_index_kind_name(MPOL_INDEX_PUBLIC_GOOD), "public-good");
    assert_string_equal(mpol_index_kind_name((mpol_index_kind)9), "unknown");
}

typedef struct oom_ctx {
    const mpol_wvg *g;
    int kind, exact;
} oom_ctx;

static mpol_status oom_body(void *ctx)
{
    const oom_ctx *c = ctx;
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = c->exact;
    mpol_index_result *r;
    mpol_status st = mpol_power_index(&r, (mpol_index_kind)c->kind, c->g, &o);
    if (st != MPOL_OK)
        assert_null(r);
    mpol_index_result_free(r);
    return st;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    double w[6] = {5, 3, 3, 2, 1, 1};
    mpol_wvg *g = make_wvg(6, w, 8);
    for (int kind = 0; kind < 4; kind++)
        for (int exact = 0; exact < 2; exact++) {
            oom_ctx c = {g, kind, exact};
            assert_true(mpol_test_oom_loop(oom_body, &c) > 0);
        }
    mpol_wvg_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_johnston_paths),
        cmocka_unit_test(test_textbook_4_3211),
        cmocka_unit_test(test_textbook_51_49_48_3),
        cmocka_unit_test(test_coopgame_coleman_example),
        cmocka_unit_test(test_exact_matches_float_large),
        cmocka_unit_test(test_certificate_catches_tampering),
        cmocka_unit_test(test_limits_and_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
