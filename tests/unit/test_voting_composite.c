/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the composite voting rules of voting.h: the meet-in-the-middle count against
 * brute force over all 2^n coalitions on seeded random and/or rules, exact against floating
 * point, the UN Security Council against the weighted-voting solver and its published
 * values, the EU Council (EU27, 2020 populations) against brute force on a 20-member subset
 * and Monte Carlo on all 27, its timing, and every error path.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpol_test.h"
#include "multipolar/model.h"
#include "multipolar/voting.h"

#define MAXN 27

typedef struct rule_buf {
    int64_t w[MPOL_COMPOSITE_MAX_CONDITIONS * MAXN];
    int64_t q[MPOL_COMPOSITE_MAX_CONDITIONS];
    mpol_rule_node nodes[MPOL_COMPOSITE_MAX_NODES];
    mpol_composite_rule r;
} rule_buf;

static void rule_init(rule_buf *b, size_t n, size_t k, size_t nnodes)
{
    b->r.n = n;
    b->r.k = k;
    b->r.weights = b->w;
    b->r.quotas = b->q;
    b->r.nnodes = nnodes;
    b->r.nodes = b->nodes;
}

static void assert_same(const mpol_power_result *a, const mpol_power_result *b, double tol)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_close(a->index[i], b->index[i], tol);
        assert_close(a->absolute[i], b->absolute[i], tol);
        assert_int_equal(a->dummy[i], b->dummy[i]);
        if (a->exact && b->exact)
            assert_string_equal(a->counts[i], b->counts[i]);
    }
    if (a->exact && b->exact)
        assert_string_equal(a->denominator, b->denominator);
}

/* A random rule tree in prefix order over k conditions, depth <= 3. */
static void random_tree(rule_buf *b, mpol_test_rng *rng, size_t k, int depth, size_t *pos,
                        size_t *nextc)
{
    size_t me = (*pos)++;
    int leaf = depth >= 3 || *nextc >= k || (*pos > 1 && mpol_test_rng_int(rng, 0, 2) == 0);
    if (leaf || k == 1) {
        b->nodes[me].op = MPOL_RULE_CONDITION;
        b->nodes[me].arg = *nextc < k ? (*nextc)++ : (size_t)mpol_test_rng_int(rng, 0, (long)k - 1);
        return;
    }
    b->nodes[me].op = mpol_test_rng_int(rng, 0, 1) ? MPOL_RULE_ALL : MPOL_RULE_ANY;
    size_t kids = (size_t)mpol_test_rng_int(rng, 1, 3);
    b->nodes[me].arg = kids;
    for (size_t c = 0; c < kids; c++)
        random_tree(b, rng, k, depth + 1, pos, nextc);
}

static void test_random_vs_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261203);
    rule_buf b;
    int tested = 0, nontrivial = 0;
    for (int trial = 0; trial < 300; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 16);
        size_t k = (size_t)mpol_test_rng_int(&rng, 1, 3);
        for (size_t c = 0; c < k; c++) {
            int count = mpol_test_rng_int(&rng, 0, 3) == 0;
            int64_t tot = 0;
            long wmax = (long)mpol_test_rng_int(&rng, 1, trial % 2 ? 9 : 1000);
            for (size_t i = 0; i < n; i++) {
                b.w[c * n + i] = count ? 1 : mpol_test_rng_int(&rng, 0, wmax);
                tot += b.w[c * n + i];
            }
            if (tot == 0)
                b.w[c * n] = tot = 1;
            b.q[c] = mpol_test_rng_int(&rng, 1, (long)tot);
        }
        if (k == 2 && trial % 7 == 0) /* shared weight vector, two quotas */
            memcpy(b.w + n, b.w, n * sizeof *b.w);
        size_t pos = 0, nextc = 0;
        rule_init(&b, n, k, MPOL_COMPOSITE_MAX_NODES);
        random_tree(&b, &rng, k, 1, &pos, &nextc);
        b.r.nnodes = pos;
        if (mpol_composite_validate(&b.r) != MPOL_OK)
            continue; /* e.g. an all of conditions that cannot hold together */
        for (int kind = 0; kind <= 1; kind++) {
            for (int exact = 0; exact <= 1; exact++) {
                mpol_power_opts o;
                mpol_power_opts_init(&o);
                o.exact = exact;
                mpol_power_result *dp = NULL, *bf = NULL;
                assert_int_equal(mpol_composite_power(&dp, (mpol_power_kind)kind, &b.r, &o),
                                 MPOL_OK);
                assert_int_equal(
                    mpol_composite_power_brute(&bf, (mpol_power_kind)kind, &b.r, exact), MPOL_OK);
                assert_true(dp->verified);
                assert_same(dp, bf, 1e-12);
                double sum = 0;
                for (size_t i = 0; i < n; i++)
                    sum += dp->index[i];
                assert_close(sum, 1.0, 1e-12);
                if (n > 3 && !dp->dummy[0] && dp->index[0] < 0.99)
                    nontrivial++;
                mpol_power_result_free(dp);
                mpol_power_result_free(bf);
            }
        }
        tested++;
    }
    assert_true(tested > 200);
    assert_true(nontrivial > 100);
}

/* Five conditions with large weights: the state vectors need more than 64 bits, so the
 * halves are sorted by the vectors themselves (not a packed key). */
static void test_wide_states_vs_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    rule_buf b;
    for (int trial = 0; trial < 20; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 6, 14), k = 5;
        for (size_t c = 0; c < k; c++) {
            int64_t tot = 0;
            for (size_t i = 0; i < n; i++)
                tot += b.w[c * n + i] = mpol_test_rng_int(&rng, 1, 2000000);
            b.q[c] = mpol_test_rng_int(&rng, tot / 4, tot);
        }
        rule_init(&b, n, k, 7);
        b.nodes[0] = (mpol_rule_node){trial % 2 ? MPOL_RULE_ALL : MPOL_RULE_ANY, 3};
        b.nodes[1] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
        b.nodes[2] = (mpol_rule_node){trial % 2 ? MPOL_RULE_ANY : MPOL_RULE_ALL, 3};
        b.nodes[3] = (mpol_rule_node){MPOL_RULE_CONDITION, 1};
        b.nodes[4] = (mpol_rule_node){MPOL_RULE_CONDITION, 2};
        b.nodes[5] = (mpol_rule_node){MPOL_RULE_CONDITION, 3};
        b.nodes[6] = (mpol_rule_node){MPOL_RULE_CONDITION, 4};
        for (int kind = 0; kind <= 1; kind++) {
            mpol_power_opts o;
            mpol_power_opts_init(&o);
            o.exact = 1;
            mpol_power_result *dp = NULL, *bf = NULL;
            assert_int_equal(mpol_composite_power(&dp, (mpol_power_kind)kind, &b.r, &o), MPOL_OK);
            assert_int_equal(mpol_composite_power_brute(&bf, (mpol_power_kind)kind, &b.r, 1),
                             MPOL_OK);
            assert_same(dp, bf, 1e-15);
            mpol_power_result_free(dp);
            mpol_power_result_free(bf);
        }
    }
}

static void test_exact_vs_float_sums(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    rule_buf b;
    size_t n = 26;
    for (size_t i = 0; i < n; i++) {
        b.w[i] = mpol_test_rng_int(&rng, 1, 100000);
        b.w[n + i] = 1;
    }
    b.q[0] = 0;
    for (size_t i = 0; i < n; i++)
        b.q[0] += b.w[i];
    b.q[0] = b.q[0] * 2 / 3;
    b.q[1] = 14;
    rule_init(&b, n, 2, 3);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_ALL, 2};
    b.nodes[1] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b.nodes[2] = (mpol_rule_node){MPOL_RULE_CONDITION, 1};
    for (int kind = 0; kind <= 1; kind++) {
        mpol_power_opts o;
        mpol_power_opts_init(&o);
        mpol_power_result *f = NULL, *x = NULL;
        assert_int_equal(mpol_composite_power(&f, (mpol_power_kind)kind, &b.r, &o), MPOL_OK);
        o.exact = 1;
        assert_int_equal(mpol_composite_power(&x, (mpol_power_kind)kind, &b.r, &o), MPOL_OK);
        assert_same(f, x, 1e-13);
        assert_true(x->check_error == 0);
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += f->index[i];
        assert_close(sum, 1.0, 1e-12);
        mpol_power_result_free(f);
        mpol_power_result_free(x);
    }
}

/* The UNSC: all five permanent members and at least nine of fifteen. */
static void test_unsc(void **state)
{
    (void)state;
    rule_buf b;
    size_t n = 15;
    for (size_t i = 0; i < n; i++) {
        b.w[i] = i < 5;
        b.w[n + i] = 1;
    }
    b.q[0] = 5;
    b.q[1] = 9;
    rule_init(&b, n, 2, 3);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_ALL, 2};
    b.nodes[1] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b.nodes[2] = (mpol_rule_node){MPOL_RULE_CONDITION, 1};
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = 1;
    mpol_power_result *ss = NULL, *bz = NULL;
    assert_int_equal(mpol_composite_power(&ss, MPOL_POWER_SHAPLEY_SHUBIK, &b.r, &o), MPOL_OK);
    assert_int_equal(mpol_composite_power(&bz, MPOL_POWER_BANZHAF, &b.r, &o), MPOL_OK);
    /* published: 421/2145 = 0.196270... per permanent member, 4/2145 = 0.0018648 elected */
    assert_close(ss->index[0], 421.0 / 2145.0, 1e-15);
    assert_close(ss->index[14], 4.0 / 2145.0, 1e-15);
    assert_close(ss->index[0], 0.19627, 1e-5);
    assert_close(ss->index[7], 0.0018648, 1e-7);
    assert_string_equal(bz->counts[0], "848");
    assert_string_equal(bz->counts[5], "84");
    assert_close(bz->index[0], 0.16693, 1e-5);
    assert_close(bz->index[9], 0.016535, 1e-6);
    /* the same game as the weighted game [39; 7 x 5, 1 x 10] */
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    for (size_t i = 0; i < n; i++)
        g->weights[i] = i < 5 ? 7 : 1;
    g->quota = 39;
    mpol_power_result *ws = NULL, *wb = NULL;
    assert_int_equal(mpol_power_shapley_shubik(&ws, g, &o), MPOL_OK);
    assert_int_equal(mpol_power_banzhaf(&wb, g, &o), MPOL_OK);
    assert_same(ss, ws, 1e-15);
    assert_same(bz, wb, 1e-15);
    mpol_power_result_free(ws);
    mpol_power_result_free(wb);
    mpol_wvg_free(g);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
}

/* EU27, Eurostat populations on 1 January 2020 (models/power/eu_council.yaml). */
static const int64_t eu_pop[27] = {
    11522440, 6951482, 10693939, 5822763,  83166711, 1328976, 4964440, 10718565, 47332614,
    67320216, 4058165, 59641488, 888005,   1907675,  2794090, 626108,  9769526,  514564,
    17407585, 8901064, 37958138, 10295909, 19328838, 2095861, 5457873, 5525292,  10327589};

/* (count >= 55 % (q15) and population >= 65 %) or count >= n - 3 (no blocking minority). */
static void eu_rule(rule_buf *b, size_t n, const int64_t *pop)
{
    int64_t tot = 0;
    for (size_t i = 0; i < n; i++) {
        b->w[i] = 1;
        b->w[n + i] = pop[i];
        b->w[2 * n + i] = 1;
        tot += pop[i];
    }
    b->q[0] = ((int64_t)n * 55 + 99) / 100;
    b->q[1] = (tot * 65 + 99) / 100;
    b->q[2] = (int64_t)n - 3;
    rule_init(b, n, 3, 5);
    b->nodes[0] = (mpol_rule_node){MPOL_RULE_ANY, 2};
    b->nodes[1] = (mpol_rule_node){MPOL_RULE_ALL, 2};
    b->nodes[2] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b->nodes[3] = (mpol_rule_node){MPOL_RULE_CONDITION, 1};
    b->nodes[4] = (mpol_rule_node){MPOL_RULE_CONDITION, 2};
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void test_eu_subset_brute_force(void **state)
{
    (void)state;
    rule_buf b;
    eu_rule(&b, 20, eu_pop);
    assert_int_equal(b.q[0], 11);
    for (int kind = 0; kind <= 1; kind++) {
        mpol_power_opts o;
        mpol_power_opts_init(&o);
        o.exact = 1;
        mpol_power_result *dp = NULL, *bf = NULL;
        assert_int_equal(mpol_composite_power(&dp, (mpol_power_kind)kind, &b.r, &o), MPOL_OK);
        assert_int_equal(mpol_composite_power_brute(&bf, (mpol_power_kind)kind, &b.r, 1), MPOL_OK);
        assert_same(dp, bf, 1e-15);
        mpol_power_result_free(dp);
        mpol_power_result_free(bf);
    }
}

static void test_eu27(void **state)
{
    (void)state;
    rule_buf b;
    eu_rule(&b, 27, eu_pop);
    assert_int_equal(b.q[0], 15);
    assert_int_equal(b.q[1], 290757946);
    assert_int_equal(b.q[2], 24);
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = 1;
    mpol_power_result *ss = NULL, *bz = NULL, *ssf = NULL;
    double t0 = now();
    assert_int_equal(mpol_composite_power(&ss, MPOL_POWER_SHAPLEY_SHUBIK, &b.r, &o), MPOL_OK);
    assert_int_equal(mpol_composite_power(&bz, MPOL_POWER_BANZHAF, &b.r, &o), MPOL_OK);
    double t1 = now();
    o.exact = 0;
    assert_int_equal(mpol_composite_power(&ssf, MPOL_POWER_SHAPLEY_SHUBIK, &b.r, &o), MPOL_OK);
    double t2 = now();
    printf("EU27 exact SS + Banzhaf: %.3f s; float SS: %.3f s\n", t1 - t0, t2 - t1);
    printf("EU27 SS Germany %.6f France %.6f Malta %.6f; Banzhaf Germany %.6f Malta %.6f\n",
           ss->index[4], ss->index[9], ss->index[17], bz->index[4], bz->index[17]);
    assert_true(t1 - t0 < 5.0);
    assert_close(ss->index[4], 405686449.0 / 2294669520.0, 1e-15); /* Germany */
    assert_string_equal(bz->denominator, "116760818");
    assert_same(ss, ssf, 1e-13);
    assert_true(ss->verified && bz->verified && ssf->verified);
    /* monotone in population among members (more people, at least as much power) */
    for (size_t i = 0; i < 27; i++)
        for (size_t j = 0; j < 27; j++)
            if (eu_pop[i] > eu_pop[j]) {
                assert_true(ss->index[i] >= ss->index[j]);
                assert_true(bz->index[i] >= bz->index[j]);
            }
    /* Monte Carlo Shapley-Shubik: 200000 random orders; the pivot frequency has standard
     * deviation <= sqrt(0.25 / 200000) = 0.0011, asserted within 0.006 (5.4 sigma). */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 2020);
    size_t perm[27];
    double freq[27] = {0};
    int samples = 200000;
    for (int t = 0; t < samples; t++) {
        for (size_t i = 0; i < 27; i++)
            perm[i] = i;
        for (size_t i = 26; i > 0; i--) {
            size_t j = (size_t)mpol_test_rng_int(&rng, 0, (long)i);
            size_t x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        int64_t pop = 0;
        for (size_t c = 0; c < 27; c++) {
            pop += eu_pop[perm[c]];
            int64_t cnt = (int64_t)c + 1;
            if ((cnt >= 15 && pop >= b.q[1]) || cnt >= 24) {
                freq[perm[c]] += 1.0 / samples;
                break;
            }
        }
    }
    for (size_t i = 0; i < 27; i++)
        assert_close(freq[i], ss->index[i], 0.006);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_power_result_free(ssf);
}

static void test_errors(void **state)
{
    (void)state;
    rule_buf b;
    mpol_power_result *r = (mpol_power_result *)&b;
    int win;
    unsigned char mem[3] = {1, 1, 1};
    for (size_t i = 0; i < 3; i++)
        b.w[i] = 1;
    b.q[0] = 2;
    rule_init(&b, 3, 1, 1);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_OK);
    assert_int_equal(mpol_composite_wins(&win, &b.r, mem), MPOL_OK);
    assert_int_equal(win, 1);
    mem[1] = mem[2] = 0;
    assert_int_equal(mpol_composite_wins(&win, &b.r, mem), MPOL_OK);
    assert_int_equal(win, 0);
    assert_int_equal(mpol_composite_wins(NULL, &b.r, mem), MPOL_EINVAL);
    assert_int_equal(mpol_composite_validate(NULL), MPOL_EINVAL);
    assert_int_equal(mpol_composite_power(NULL, MPOL_POWER_BANZHAF, &b.r, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_composite_power(&r, (mpol_power_kind)7, &b.r, NULL), MPOL_EINVAL);
    assert_null(r);
    /* each broken field */
    b.nodes[0].arg = 1; /* condition 2 of 1 */
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_ALL, 0};
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.nodes[0] = (mpol_rule_node){(mpol_rule_op)9, 1};
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_ANY, 2}; /* ends inside */
    b.nodes[1] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b.r.nnodes = 2;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_CONDITION, 0}; /* trailing node */
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    for (size_t d = 0; d < 10; d++) /* too deep */
        b.nodes[d] = (mpol_rule_node){MPOL_RULE_ALL, 1};
    b.nodes[10] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b.r.nnodes = 11;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.r.nnodes = 1;
    b.nodes[0] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    b.r.nnodes = 0;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.r.nnodes = 1;
    b.r.k = 0;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.r.k = MPOL_COMPOSITE_MAX_CONDITIONS + 1;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.r.k = 1;
    b.r.n = 0;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.r.n = 3;
    b.w[1] = -1;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.w[1] = 1;
    b.q[0] = 0;
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    b.q[0] = 4; /* above the total */
    assert_int_equal(mpol_composite_validate(&b.r), MPOL_EINVAL);
    assert_int_equal(mpol_composite_power(&r, MPOL_POWER_BANZHAF, &b.r, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_composite_power_brute(&r, MPOL_POWER_BANZHAF, &b.r, 0), MPOL_EINVAL);
    b.q[0] = 2;
    /* limits: work, memory, players */
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.max_work = 10;
    assert_int_equal(mpol_composite_power(&r, MPOL_POWER_BANZHAF, &b.r, &o), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "estimated"));
    mpol_power_opts_init(&o);
    o.max_cells = 1;
    assert_int_equal(mpol_composite_power(&r, MPOL_POWER_BANZHAF, &b.r, &o), MPOL_ELIMIT);
    rule_buf big;
    static int64_t bw[60], bq[1] = {30};
    for (size_t i = 0; i < 60; i++)
        bw[i] = 1;
    rule_init(&big, 60, 1, 1);
    big.r.weights = bw;
    big.r.quotas = bq;
    big.nodes[0] = (mpol_rule_node){MPOL_RULE_CONDITION, 0};
    mpol_power_estimate e;
    assert_int_equal(mpol_composite_estimate_cost(&e, &big.r, NULL), MPOL_ELIMIT);
    assert_int_equal(mpol_composite_power_brute(&r, MPOL_POWER_BANZHAF, &big.r, 0), MPOL_ELIMIT);
    assert_int_equal(mpol_composite_estimate_cost(&e, &b.r, NULL), MPOL_OK);
    assert_true(e.work > 0 && e.bytes > 0);
    assert_int_equal(mpol_composite_estimate_cost(NULL, &b.r, NULL), MPOL_EINVAL);
}

/* The model grammar: a rule read back, and each mistake with its position. */
static void test_model_grammar(void **state)
{
    (void)state;
    static const char head[] = "title: t\nkind: weighted-voting\nplayers: {A: 2, B: 1, C: 1}\n";
    char text[512];
    snprintf(text, sizeof text,
             "%srule:\n  any:\n    - {members: [A], quota: 1}\n"
             "    - {weights: [0, 1, 1], share: 0.6}\n",
             head);
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_string(&m, text, strlen(text), "g.yaml"), MPOL_OK);
    assert_int_equal(mpol_model_has_voting_rule(m), 1);
    mpol_voting_rule *v = NULL;
    assert_int_equal(mpol_model_voting_rule(&v, m), MPOL_OK);
    assert_int_equal(v->rule.n, 3);
    assert_int_equal(v->rule.k, 2);
    assert_int_equal(v->quotas[1], 2); /* ceil(0.6 * 2) */
    assert_int_equal(v->weights[0], 1);
    assert_int_equal(v->weights[1], 0);
    assert_string_equal(v->names[2], "C");
    mpol_power_result *r = NULL;
    assert_int_equal(mpol_composite_power(&r, MPOL_POWER_BANZHAF, &v->rule, NULL), MPOL_OK);
    /* A alone wins; B and C together win: swings A 3, B 1, C 1 of 5 */
    assert_close(r->index[0], 0.6, 1e-15);
    assert_close(r->index[1], 0.2, 1e-15);
    mpol_power_result_free(r);
    mpol_voting_rule_free(v);
    mpol_wvg *g = NULL;
    assert_int_equal(mpol_model_wvg(&g, m), MPOL_EINVAL);
    assert_null(g);
    assert_int_equal(mpol_model_voting_rule(NULL, m), MPOL_EINVAL);
    mpol_model_free(m);
    snprintf(text, sizeof text, "%squota: 2\n", head);
    assert_int_equal(mpol_model_load_string(&m, text, strlen(text), "g.yaml"), MPOL_OK);
    assert_int_equal(mpol_model_has_voting_rule(m), 0);
    assert_int_equal(mpol_model_voting_rule(&v, m), MPOL_EINVAL);
    assert_null(v);
    mpol_model_free(m);
    static const struct {
        const char *rule, *msg;
    } bad[] = {
        {"rule: {count: true}\n", "g.yaml:4:7: a rule condition needs exactly one of quota"},
        {"rule: {count: true, weight: true, quota: 1}\n", "g.yaml:4:7: a rule condition needs"},
        {"rule: {count: no, quota: 1}\n", "g.yaml:4:15: count must be true"},
        {"rule: {weights: [1], quota: 1}\n", "g.yaml:4:17: weights needs 3 entries"},
        {"rule: {members: [Z], quota: 1}\n", "g.yaml:4:18: no player \"Z\""},
        {"rule: {members: [], quota: 1}\n", "g.yaml:4:17: members must not be empty"},
        {"rule: {any: []}\n", "g.yaml:4:13: any must list at least one rule"},
        {"rule: {any: 3}\n", "g.yaml:4:13: any (a list of rules)"},
        {"rule: {all: [{count: true, quota: 1}], x: 1}\n", "g.yaml:4:7: all: or any: must be"},
        {"rule: {count: true, quota: 1, qota: 2}\n", "g.yaml:4:31: unknown key \"qota\""},
        {"rule: {weight: true, share: 0}\n", "g.yaml:4:29: a share must be in (0, 1]"},
        {"rule: {count: true, quota: 0}\n", "g.yaml:4:28: the quota must be positive"},
        {"rule: {count: true, quota: 9}\n", "g.yaml:4:28: the quota 9 exceeds"},
        {"rule: {weights: [1, -1, 1], quota: 1}\n", "g.yaml:4:21: a weight of a composite"},
        {"quota: 1\nrule: {count: true, quota: 1}\n", "g.yaml:4:8: a model with a composite"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        snprintf(text, sizeof text, "%s%s", head, bad[c].rule);
        mpol_status st = mpol_model_load_string(&m, text, strlen(text), "g.yaml");
        if (st == MPOL_OK) { /* numeric checks happen at evaluation */
            st = mpol_model_voting_rule(&v, m);
            mpol_model_free(m);
        }
        assert_int_not_equal(st, MPOL_OK);
        if (strncmp(mpol_last_error(), bad[c].msg, strlen(bad[c].msg)) != 0)
            fail_msg("case %zu: '%s' does not start with '%s'", c, mpol_last_error(), bad[c].msg);
    }
}

typedef struct oom_ctx {
    const mpol_composite_rule *r;
    int what;
} oom_ctx;

static mpol_status oom_body(void *vctx)
{
    oom_ctx *c = vctx;
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = c->what & 1;
    mpol_power_kind kind = (c->what & 2) ? MPOL_POWER_SHAPLEY_SHUBIK : MPOL_POWER_BANZHAF;
    mpol_power_result *res = NULL;
    mpol_status st = c->what < 4 ? mpol_composite_power(&res, kind, c->r, &o)
                                 : mpol_composite_power_brute(&res, kind, c->r, o.exact);
    if (st != MPOL_OK)
        assert_null(res);
    mpol_power_result_free(res);
    return st;
}

/* Every allocation of the count, the result and the brute force failing in turn. */
static void test_out_of_memory(void **state)
{
    (void)state;
    rule_buf b;
    eu_rule(&b, 9, eu_pop);
    for (int what = 0; what < 8; what++) {
        oom_ctx c = {&b.r, what};
        assert_true(mpol_test_oom_loop(oom_body, &c) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_vs_brute_force),
        cmocka_unit_test(test_wide_states_vs_brute_force),
        cmocka_unit_test(test_exact_vs_float_sums),
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_eu_subset_brute_force),
        cmocka_unit_test(test_eu27),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_model_grammar),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
