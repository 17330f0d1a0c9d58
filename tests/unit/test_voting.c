/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of voting.h: power indices against the exact reference values of
 * shared/reference/power-index, dynamic programming against brute-force enumeration on
 * seeded random games, exact GMP counts against floating point, the EPIC instances,
 * minimal winning coalitions, veto and dummy players, the csv reader, every error path and
 * allocation failures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar/voting.h"

#define EXACT_VS_FLOAT_TOL 1e-12

static mpol_wvg *make_wvg(size_t n, const double *w, double quota)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    memcpy(g->weights, w, n * sizeof *w);
    g->quota = quota;
    return g;
}

/* ---- reference files ------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    return s;
}

/* The k-th value of "key": in the json text, as a string (quotes stripped) in buf. */
static const char *json_nth(const char *text, const char *key, int k, char *buf, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = text;
    for (int i = 0; i <= k; i++) {
        p = strstr(p, pat);
        assert_non_null(p);
        p += strlen(pat);
    }
    while (*p == ' ' || *p == '"')
        p++;
    size_t len = strcspn(p, "\",\n}");
    assert_true(len < size);
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

static void check_reference(const char *in_json, const char *out_json)
{
    char *in = slurp(mpol_test_shared(in_json));
    char *ref = slurp(mpol_test_shared(out_json));
    char buf[256];
    size_t n = (size_t)atoi(json_nth(ref, "n", 0, buf, sizeof buf));
    double quota = atof(json_nth(ref, "quota", 0, buf, sizeof buf));
    /* Weights from the input file: "weights": [a, b, ...]. */
    const char *p = strstr(in, "\"weights\":");
    assert_non_null(p);
    p = strchr(p, '[') + 1;
    double w[64];
    for (size_t i = 0; i < n; i++) {
        char *end;
        w[i] = strtod(p, &end);
        p = end + 1;
    }
    mpol_wvg *g = make_wvg(n, w, quota);
    mpol_power_opts opts;
    mpol_power_opts_init(&opts);
    for (int exact = 0; exact <= 1; exact++) {
        opts.exact = exact;
        mpol_power_result *ss, *bz;
        assert_int_equal(mpol_power_shapley_shubik(&ss, g, &opts), MPOL_OK);
        assert_int_equal(mpol_power_banzhaf(&bz, g, &opts), MPOL_OK);
        for (size_t i = 0; i < n; i++) {
            assert_close(ss->index[i], atof(json_nth(ref, "ss", (int)i, buf, sizeof buf)),
                         EXACT_VS_FLOAT_TOL);
            assert_close(bz->index[i],
                         atof(json_nth(ref, "banzhaf_normalized", (int)i, buf, sizeof buf)),
                         EXACT_VS_FLOAT_TOL);
            assert_close(bz->absolute[i],
                         atof(json_nth(ref, "penrose_absolute", (int)i, buf, sizeof buf)),
                         EXACT_VS_FLOAT_TOL);
            if (exact) {
                assert_string_equal(ss->counts[i],
                                    json_nth(ref, "ss_pivots", (int)i, buf, sizeof buf));
                assert_string_equal(bz->counts[i],
                                    json_nth(ref, "banzhaf_swings", (int)i, buf, sizeof buf));
            } else {
                assert_null(ss->counts);
            }
        }
        if (exact) {
            assert_string_equal(ss->denominator,
                                json_nth(ref, "ss_denominator_n_factorial", 0, buf, sizeof buf));
            assert_string_equal(bz->denominator,
                                json_nth(ref, "banzhaf_total_swings", 0, buf, sizeof buf));
            assert_true(ss->check_error == 0 && bz->check_error == 0);
        }
        mpol_power_result_free(ss);
        mpol_power_result_free(bz);
    }
    mpol_wvg_free(g);
    free(in);
    free(ref);
}

static void test_reference_unsc(void **state)
{
    (void)state;
    check_reference("reference/power-index/unsc.json", "reference/power-index/unsc.out.json");
}

static void test_reference_wvg_4_22111(void **state)
{
    (void)state;
    check_reference("reference/power-index/wvg_4_22111.json",
                    "reference/power-index/wvg_4_22111.out.json");
}

/* ---- brute force ------------------------------------------------------------------- */

/* Exact swing and pivot counts by enumerating the 2^n coalitions (n <= 20). */
static void brute_force(size_t n, const long *w, long q, long long *swings, long long *pivots)
{
    long long fact[21];
    fact[0] = 1;
    for (int k = 1; k <= 20; k++)
        fact[k] = fact[k - 1] * k;
    for (size_t i = 0; i < n; i++)
        swings[i] = pivots[i] = 0;
    for (unsigned long S = 0; S < (1ul << n); S++) {
        long ws = 0;
        int s = __builtin_popcountl(S);
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1)
                ws += w[j];
        for (size_t i = 0; i < n; i++)
            if (!(S >> i & 1) && ws < q && ws + w[i] >= q) {
                swings[i]++;
                pivots[i] += fact[s] * fact[n - 1 - (size_t)s];
            }
    }
}

static void test_dp_matches_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240601);
    mpol_power_opts exact;
    mpol_power_opts_init(&exact);
    exact.exact = 1;
    for (int trial = 0; trial < 150; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 15);
        long w[15], W = 0;
        double wd[15];
        long wmax = trial % 3 == 0 ? 3 : (trial % 3 == 1 ? 20 : 1000);
        for (size_t i = 0; i < n; i++) {
            w[i] = mpol_test_rng_int(&rng, trial % 5 == 0 ? 0 : 1, wmax);
            W += w[i];
            wd[i] = (double)w[i];
        }
        if (W == 0)
            continue;
        long q = mpol_test_rng_int(&rng, 1, W);
        long long sw[15], pv[15], sum_sw = 0;
        brute_force(n, w, q, sw, pv);
        for (size_t i = 0; i < n; i++)
            sum_sw += sw[i];
        mpol_wvg *g = make_wvg(n, wd, (double)q);
        mpol_power_result *bf, *sf, *be, *se;
        assert_int_equal(mpol_power_banzhaf(&bf, g, NULL), MPOL_OK);
        assert_int_equal(mpol_power_shapley_shubik(&sf, g, NULL), MPOL_OK);
        assert_int_equal(mpol_power_banzhaf(&be, g, &exact), MPOL_OK);
        assert_int_equal(mpol_power_shapley_shubik(&se, g, &exact), MPOL_OK);
        double nf = 1;
        for (size_t k = 2; k <= n; k++)
            nf *= (double)k;
        for (size_t i = 0; i < n; i++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", sw[i]);
            assert_string_equal(be->counts[i], buf);
            snprintf(buf, sizeof buf, "%lld", pv[i]);
            assert_string_equal(se->counts[i], buf);
            assert_close(bf->index[i], (double)sw[i] / (double)sum_sw, MPOL_TEST_TOL);
            assert_close(bf->absolute[i], ldexp((double)sw[i], 1 - (int)n), MPOL_TEST_TOL);
            assert_close(sf->index[i], (double)pv[i] / nf, MPOL_TEST_TOL);
            assert_int_equal(bf->dummy[i], sw[i] == 0);
            assert_int_equal(sf->dummy[i], sw[i] == 0);
            assert_int_equal(be->dummy[i], sw[i] == 0);
            assert_int_equal(se->dummy[i], sw[i] == 0);
        }
        mpol_power_result_free(bf);
        mpol_power_result_free(sf);
        mpol_power_result_free(be);
        mpol_power_result_free(se);
        mpol_wvg_free(g);
    }
}

/* Exact (GMP) and floating point agree to 1e-12 relative on larger random games. */
static void test_exact_matches_float(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    mpol_power_opts exact;
    mpol_power_opts_init(&exact);
    exact.exact = 1;
    for (int trial = 0; trial < 4; trial++) {
        size_t n = trial < 2 ? 60 : 400;
        double w[400], W = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = (double)mpol_test_rng_int(&rng, 1, trial % 2 ? 100 : 10);
            W += w[i];
        }
        double q = floor(W * (trial % 2 ? 0.5 : 0.8)) + 1;
        mpol_wvg *g = make_wvg(n, w, q);
        for (int ss = 0; ss < (n < 100 ? 2 : 1); ss++) {
            mpol_power_result *f, *e;
            mpol_status (*fn)(mpol_power_result **, const mpol_wvg *, const mpol_power_opts *) =
                ss ? mpol_power_shapley_shubik : mpol_power_banzhaf;
            assert_int_equal(fn(&f, g, NULL), MPOL_OK);
            assert_int_equal(fn(&e, g, &exact), MPOL_OK);
            for (size_t i = 0; i < n; i++) {
                assert_close(f->index[i], e->index[i], EXACT_VS_FLOAT_TOL);
                assert_close(f->absolute[i], e->absolute[i], EXACT_VS_FLOAT_TOL);
            }
            assert_true(f->check_error < 1e-12);
            mpol_power_result_free(f);
            mpol_power_result_free(e);
        }
        mpol_wvg_free(g);
    }
}

/*
 * Floating-point Shapley-Shubik (quadrature of the multilinear extension, ss_float.c)
 * against the exact GMP DP on seeded random games, n up to 300 (the exact Gauss-Legendre
 * rule) and 400 (the adaptive pair of rules), to 1e-12 relative per index.
 */
static void test_ss_float_matches_exact_dp(void **state)
{
    (void)state;
    static const size_t ns[] = {1, 2, 7, 50, 120, 200, 300, 400};
    static const long wmax[] = {9, 40, 1000, 200, 30, 10, 5, 3};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3434);
    mpol_power_opts exact;
    mpol_power_opts_init(&exact);
    exact.exact = 1;
    for (size_t t = 0; t < sizeof ns / sizeof ns[0]; t++) {
        size_t n = ns[t];
        double w[400], W = 0;
        for (size_t i = 0; i < n; i++)
            W += w[i] = (double)mpol_test_rng_int(&rng, 1, wmax[t]);
        double q = (double)mpol_test_rng_int(&rng, 1, (long)W);
        if (n > 100) /* a quota where most players matter */
            q = floor(W * (t % 2 ? 0.5 : 0.67)) + 1;
        mpol_wvg *g = make_wvg(n, w, q);
        mpol_power_result *f, *e;
        assert_int_equal(mpol_power_shapley_shubik(&f, g, NULL), MPOL_OK);
        assert_int_equal(mpol_power_shapley_shubik(&e, g, &exact), MPOL_OK);
        double worst = 0;
        for (size_t i = 0; i < n; i++) {
            double d = fabs(f->index[i] - e->index[i]);
            assert_true(d <= 1e-12 * e->index[i] + 1e-300);
            worst = e->index[i] > 0 && d / e->index[i] > worst ? d / e->index[i] : worst;
        }
        print_message("SS float vs exact, n = %zu: worst relative difference %.2e\n", n, worst);
        assert_true(f->verified);
        mpol_power_result_free(f);
        mpol_power_result_free(e);
        mpol_wvg_free(g);
    }
}

/* ---- EPIC instances ------------------------------------------------------------------ */

static void test_epic_3434_banzhaf(void **state)
{
    (void)state;
    mpol_wvg *g;
    const char *path =
        mpol_test_shared("reference/epic_test_cases/precoalitions/3434players-72068weight-"
                         "noCoalitions.csv");
    assert_int_equal(mpol_wvg_read_file(&g, path, 36035), MPOL_OK);
    assert_int_equal(g->n, 3434);
    double t0 = mpol_test_wall();
    mpol_power_result *r;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_OK);
    double t = mpol_test_wall() - t0;
    print_message("3434-player Banzhaf: %.3f s (EPIC: 15.9 s), check %.2e\n", t, r->check_error);
    double sum = 0;
    for (size_t i = 0; i < g->n; i++) {
        sum += r->index[i];
        assert_true(r->index[i] >= 0);
        assert_true(r->absolute[i] > 0 && r->absolute[i] < 1);
        /* Monotone in weight. */
        if (i > 0 && g->weights[i] > g->weights[i - 1])
            assert_true(r->index[i] >= r->index[i - 1]);
    }
    assert_close(sum, 1.0, 1e-12);
    assert_true(r->check_error < 1e-10);
    assert_int_equal(r->scaled_total, 72068);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
}

/* The double DP failed its own check here (issue #19); the quadrature passes it. */
static void test_epic_3434_shapley_shubik(void **state)
{
    (void)state;
    if (mpol_test_quick())
        skip(); /* 2e10 multiply-adds: 4 s natively, minutes under valgrind or ASan */
    mpol_wvg *g;
    const char *path =
        mpol_test_shared("reference/epic_test_cases/precoalitions/3434players-72068weight-"
                         "noCoalitions.csv");
    assert_int_equal(mpol_wvg_read_file(&g, path, 36035), MPOL_OK);
    double t0 = mpol_test_wall();
    mpol_power_result *r;
    assert_int_equal(mpol_power_shapley_shubik(&r, g, NULL), MPOL_OK);
    double t = mpol_test_wall() - t0;
    print_message("3434-player Shapley-Shubik: %.3f s, check %.2e, rules differ %.2e\n", t,
                  r->check_error, r->max_error);
    assert_true(r->verified);
    assert_true(r->check_error < 1e-12);
    assert_true(r->max_error < 1e-13);
    double sum = 0;
    for (size_t i = 0; i < g->n; i++) {
        sum += r->index[i];
        assert_true(r->index[i] > 0);
        for (size_t j = 0; j < i; j++) /* equal weights, equal indices; monotone */
            if (g->weights[j] == g->weights[i])
                assert_true(r->index[j] == r->index[i]);
            else if (g->weights[j] < g->weights[i])
                assert_true(r->index[j] < r->index[i]);
    }
    assert_close(sum, 1.0, 1e-12);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
}

static void test_epic_uniform_150_shapley_shubik(void **state)
{
    (void)state;
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_read_file(&g,
                                        mpol_test_shared("reference/epic_test_cases/uniform/"
                                                         "uniform.n150.q35951.csv"),
                                        0),
                     MPOL_OK);
    assert_int_equal(g->n, 150);
    assert_true(g->quota == 35951);
    double t0 = mpol_test_wall();
    mpol_power_result *r;
    assert_int_equal(mpol_power_shapley_shubik(&r, g, NULL), MPOL_OK);
    print_message("uniform n150 Shapley-Shubik: %.3f s (EPIC: 14.9 s), check %.2e\n",
                  mpol_test_wall() - t0, r->check_error);
    assert_true(r->check_error < 1e-12);
    /* The heaviest player has the largest index. */
    size_t imax = 0;
    for (size_t i = 1; i < g->n; i++)
        if (g->weights[i] > g->weights[imax])
            imax = i;
    for (size_t i = 0; i < g->n; i++)
        assert_true(r->index[i] <= r->index[imax] + 1e-15);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
}

/* ---- scaling, veto, dummies, MWC ----------------------------------------------------- */

static void test_decimal_weights_scale(void **state)
{
    (void)state;
    double wi[4] = {25, 10, 5, 15}, wd[4] = {2.5, 1.0, 0.5, 1.5};
    mpol_wvg *gi = make_wvg(4, wi, 30), *gd = make_wvg(4, wd, 2.95);
    mpol_power_result *a, *b;
    assert_int_equal(mpol_power_shapley_shubik(&a, gi, NULL), MPOL_OK);
    assert_int_equal(mpol_power_shapley_shubik(&b, gd, NULL), MPOL_OK);
    assert_int_equal(b->scale, 10);
    assert_int_equal(b->scaled_quota, 30); /* 29.5 rounded up: weights are integers */
    for (size_t i = 0; i < 4; i++)
        assert_close(a->index[i], b->index[i], 1e-15);
    mpol_power_result_free(a);
    mpol_power_result_free(b);
    gd->weights[1] = 1.0 / 3.0;
    assert_int_equal(mpol_power_banzhaf(&b, gd, NULL), MPOL_EINVAL);
    assert_null(b);
    assert_non_null(strstr(mpol_last_error(), "not a decimal"));
    mpol_wvg_free(gi);
    mpol_wvg_free(gd);
}

static void test_veto_and_dummy(void **state)
{
    (void)state;
    double w[4] = {4, 2, 1, 0};
    mpol_wvg *g = make_wvg(4, w, 6);
    int veto[4];
    assert_int_equal(mpol_wvg_veto_players(veto, g), MPOL_OK);
    assert_int_equal(veto[0], 1);
    assert_int_equal(veto[1], 1);
    assert_int_equal(veto[2], 0);
    assert_int_equal(veto[3], 0);
    mpol_power_result *r;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->dummy[0], 0);
    assert_int_equal(r->dummy[2], 1);
    assert_int_equal(r->dummy[3], 1);
    assert_true(r->index[2] == 0 && r->index[3] == 0);
    assert_close(r->index[0], 0.5, 1e-15);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
}

static size_t brute_mwc_count(size_t n, const double *w, double q)
{
    size_t count = 0;
    for (unsigned long S = 1; S < (1ul << n); S++) {
        double ws = 0;
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1)
                ws += w[j];
        if (ws < q)
            continue;
        int minimal = 1;
        for (size_t j = 0; j < n; j++)
            if ((S >> j & 1) && ws - w[j] >= q)
                minimal = 0;
        count += (size_t)minimal;
    }
    return count;
}

static void test_minimal_winning(void **state)
{
    (void)state;
    double w[15] = {7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    mpol_wvg *g = make_wvg(15, w, 39);
    mpol_mwc_list *l;
    assert_int_equal(mpol_wvg_minimal_winning(&l, g, 0), MPOL_OK);
    assert_int_equal(l->count, 210); /* 5 permanent + any 4 of 10 elected */
    for (size_t c = 0; c < l->count; c++) {
        assert_int_equal(l->offsets[c + 1] - l->offsets[c], 9);
        for (size_t k = 0; k < 5; k++)
            assert_int_equal(l->members[l->offsets[c] + k], k);
    }
    mpol_mwc_list_free(l);
    assert_int_equal(mpol_wvg_minimal_winning(&l, g, 10), MPOL_ELIMIT);
    assert_null(l);
    mpol_wvg_free(g);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    for (int trial = 0; trial < 100; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 12);
        double wr[12], W = 0;
        for (size_t i = 0; i < n; i++)
            W += wr[i] = (double)mpol_test_rng_int(&rng, 0, 9);
        if (W == 0)
            continue;
        double q = (double)mpol_test_rng_int(&rng, 1, (long)W);
        g = make_wvg(n, wr, q);
        assert_int_equal(mpol_wvg_minimal_winning(&l, g, 0), MPOL_OK);
        assert_int_equal(l->count, brute_mwc_count(n, wr, q));
        for (size_t c = 0; c < l->count; c++) { /* each listed one is minimal winning */
            double ws = 0, wmin = INFINITY;
            for (size_t k = l->offsets[c]; k < l->offsets[c + 1]; k++) {
                ws += wr[l->members[k]];
                wmin = fmin(wmin, wr[l->members[k]]);
            }
            assert_true(ws >= q && ws - wmin < q);
        }
        mpol_mwc_list_free(l);
        mpol_wvg_free(g);
    }
}

/* The bundled models/power games at their default parameters (weights as in the YAML). */
static void test_power_models(void **state)
{
    (void)state;
    static const double five_w[5] = {20, 14, 8, 6.4, 54.2 - 20 - 14 - 8 - 6.4};
    static const double five_ss[5] = {0.4, 7.0 / 30, 7.0 / 30, 1.0 / 15, 1.0 / 15};
    static const double five_bz[5] = {5.0 / 13, 3.0 / 13, 3.0 / 13, 1.0 / 13, 1.0 / 13};
    static const double gc_w[6] = {24, 17.5, 17.5, 5.5, 3.5, 2};
    static const double gc_ss[6] = {0.35, 0.3, 0.3, 1.0 / 60, 1.0 / 60, 1.0 / 60};
    static const double gc_bz[6] = {0.34, 0.3, 0.3, 0.02, 0.02, 0.02};
    struct {
        size_t n;
        const double *w, *ss, *bz;
        double quota;
        size_t mwc;
    } cases[2] = {{5, five_w, five_ss, five_bz, 0.5 * 54.2, 5},
                  {6, gc_w, gc_ss, gc_bz, 0.5 * 70, 4}};
    for (int c = 0; c < 2; c++) {
        mpol_wvg *g = make_wvg(cases[c].n, cases[c].w, cases[c].quota);
        mpol_power_result *ss, *bz;
        mpol_mwc_list *l;
        assert_int_equal(mpol_power_shapley_shubik(&ss, g, NULL), MPOL_OK);
        assert_int_equal(mpol_power_banzhaf(&bz, g, NULL), MPOL_OK);
        assert_int_equal(mpol_wvg_minimal_winning(&l, g, 0), MPOL_OK);
        assert_int_equal(ss->scale, 10);
        for (size_t i = 0; i < cases[c].n; i++) {
            assert_close(ss->index[i], cases[c].ss[i], 1e-12);
            assert_close(bz->index[i], cases[c].bz[i], 1e-12);
        }
        assert_int_equal(l->count, cases[c].mwc);
        mpol_power_result_free(ss);
        mpol_power_result_free(bz);
        mpol_mwc_list_free(l);
        mpol_wvg_free(g);
    }
}

/* ---- reader ------------------------------------------------------------------------ */

static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/mpol_test_voting_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_reader(void **state)
{
    (void)state;
    mpol_wvg *g;
    const char *p = write_tmp("# comment\n10\n\n3\r\n4 \n5\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_OK);
    assert_int_equal(g->n, 3);
    assert_true(g->quota == 10 && g->weights[2] == 5);
    mpol_wvg_free(g);
    assert_int_equal(mpol_wvg_read_file(&g, p, 7), MPOL_OK);
    assert_int_equal(g->n, 4);
    assert_true(g->quota == 7 && g->weights[0] == 10);
    mpol_wvg_free(g);
    p = write_tmp("10\n3\nabc\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), ":3:1: 'abc' is not"));
    p = write_tmp("10\n3\n-1\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    p = write_tmp("10\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), "no weights"));
    assert_non_null(strstr(mpol_last_error(), ":2:1: no weights (the file ends after the quota)"));
    p = write_tmp("");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), ":1:1: no weights (the file is empty"));
    p = write_tmp("10\n3\n  4x\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), ":3:3: '4x' is not"));
    /* Games no coalition can win, placed at the quota or the first weight. */
    p = write_tmp("# q\n 10\n3\n4\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), ":2:2: the quota 10 exceeds the total weight 7"));
    p = write_tmp("1\n0\n0\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), ":2:1: every weight is 0"));
    p = write_tmp("1\n2\n0.1234567\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), ":3:1: weight 2 (0.1234567"));
    assert_int_equal(mpol_wvg_read_file(&g, p, 100), MPOL_EPARSE);
    p = write_tmp("1\n2\n3\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 100), MPOL_EINVAL);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), "the quota 100 exceeds the total weight 6"));
    p = write_tmp("0\n1\n");
    assert_int_equal(mpol_wvg_read_file(&g, p, 0), MPOL_EPARSE);
    remove(p);
    assert_int_equal(mpol_wvg_read_file(&g, "/nonexistent/x.csv", 0), MPOL_EIO);
    assert_non_null(strstr(mpol_last_error(), "/nonexistent/x.csv"));
}

/* ---- errors and limits --------------------------------------------------------------- */

static void test_invalid_games(void **state)
{
    (void)state;
    double w[3] = {1, 2, 3};
    mpol_wvg *g = make_wvg(3, w, 7);
    mpol_power_result *r;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "no coalition wins"));
    g->quota = 0;
    assert_int_equal(mpol_power_shapley_shubik(&r, g, NULL), MPOL_EINVAL);
    g->quota = NAN;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_EINVAL);
    g->quota = 3;
    g->weights[1] = -1;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_EINVAL);
    g->weights[1] = INFINITY;
    assert_int_equal(mpol_power_shapley_shubik(&r, g, NULL), MPOL_EINVAL);
    int veto[3];
    assert_int_equal(mpol_wvg_veto_players(veto, g), MPOL_EINVAL);
    mpol_mwc_list *l;
    assert_int_equal(mpol_wvg_minimal_winning(&l, g, 0), MPOL_EINVAL);
    g->weights[1] = 1e17;
    assert_int_equal(mpol_power_banzhaf(&r, g, NULL), MPOL_ELIMIT);
    g->weights[1] = 2;
    mpol_power_opts opts;
    mpol_power_opts_init(&opts);
    opts.max_cells = 2;
    assert_int_equal(mpol_power_banzhaf(&r, g, &opts), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "max_cells"));
    mpol_power_opts_init(&opts);
    opts.max_work = 10;
    assert_int_equal(mpol_power_shapley_shubik(&r, g, &opts), MPOL_ELIMIT);
    assert_null(r);
    mpol_wvg_free(g);
}

/* ---- allocation failures ------------------------------------------------------------- */

typedef struct oom_ctx {
    const mpol_wvg *g;
    int what;
    int exact;
} oom_ctx;

static mpol_status oom_body(void *vctx)
{
    oom_ctx *c = vctx;
    mpol_power_opts opts;
    mpol_power_opts_init(&opts);
    opts.exact = c->exact;
    mpol_power_result *r = NULL;
    mpol_mwc_list *l = NULL;
    mpol_wvg *g = NULL;
    mpol_status st;
    switch (c->what) {
    case 0:
        st = mpol_power_banzhaf(&r, c->g, &opts);
        break;
    case 1:
        st = mpol_power_shapley_shubik(&r, c->g, &opts);
        break;
    case 2:
        st = mpol_wvg_minimal_winning(&l, c->g, 0);
        break;
    default:
        st = mpol_wvg_read_file(&g,
                                mpol_test_shared("reference/epic_test_cases/uniform/"
                                                 "uniform.n50.q11860.csv"),
                                0);
        break;
    }
    if (st != MPOL_OK)
        assert_true(r == NULL && l == NULL && g == NULL);
    mpol_power_result_free(r);
    mpol_mwc_list_free(l);
    mpol_wvg_free(g);
    return st;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    double w[6] = {5, 3, 3, 2, 1, 1};
    mpol_wvg *g = make_wvg(6, w, 8);
    for (int what = 0; what < 4; what++)
        for (int exact = 0; exact < (what < 2 ? 2 : 1); exact++) {
            oom_ctx c = {g, what, exact};
            assert_true(mpol_test_oom_loop(oom_body, &c) > 0);
        }
    mpol_wvg_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_unsc),
        cmocka_unit_test(test_reference_wvg_4_22111),
        cmocka_unit_test(test_dp_matches_brute_force),
        cmocka_unit_test(test_exact_matches_float),
        cmocka_unit_test(test_epic_3434_banzhaf),
        cmocka_unit_test(test_epic_3434_shapley_shubik),
        cmocka_unit_test(test_ss_float_matches_exact_dp),
        cmocka_unit_test(test_epic_uniform_150_shapley_shubik),
        cmocka_unit_test(test_decimal_weights_scale),
        cmocka_unit_test(test_veto_and_dummy),
        cmocka_unit_test(test_minimal_winning),
        cmocka_unit_test(test_power_models),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_invalid_games),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
