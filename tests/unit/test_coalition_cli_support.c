/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the library pieces behind the coalition reports of `multipolar solve`:
 * mpol_hedonic_list_stable() (hedonic_list.c) against mpol_hedonic_search()'s exact counts
 * and a hand count, mpol_balance_rule4_coalition() (balance_rule4.c) against
 * mpol_balance_analyse()'s tabulated counts, and the hedonic model's `partition:` key
 * (kind_hedonic.c): reading, defaults, errors with FILE:LINE:COL and the YAML round trip.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/balance.h"
#include "multipolar/coalition.h"
#include "multipolar/model.h"

static const uint64_t bell[] = {1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975};

static mpol_hedonic *random_additive(mpol_test_rng *rng, size_t n)
{
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, n), MPOL_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            g->value[i * n + j] = i == j ? 0 : (double)mpol_test_rng_int(rng, -3, 3);
    return g;
}

/* Every Bell(n) partition is visited; counts equal the exact search's stable_count. */
static void test_list_matches_search(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240611);
    for (int trial = 0; trial < 30; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 7);
        mpol_hedonic *g = random_additive(&rng, n);
        mpol_hedonic_stable_list *l;
        assert_int_equal(mpol_hedonic_list_stable(&l, g, MPOL_HEDONIC_ALL, 100000, 0), MPOL_OK);
        assert_int_equal(l->partitions, bell[n]);
        assert_false(l->truncated);
        assert_false(l->core_unchecked);
        for (int k = 0; k < 3; k++) {
            mpol_hedonic_search_opts so;
            mpol_hedonic_search_opts_init(&so);
            so.concept = 1u << k;
            mpol_hedonic_search_result *s;
            assert_int_equal(mpol_hedonic_search(&s, g, &so), MPOL_OK);
            assert_true(s->exact);
            assert_int_equal(l->count[k], s->stable_count);
            uint64_t listed = 0;
            for (size_t p = 0; p < l->nlisted; p++) {
                listed += (l->stable[p] >> k) & 1;
                const mpol_coalition *pp = l->parts + l->offsets[p];
                size_t np = l->offsets[p + 1] - l->offsets[p];
                assert_int_equal(mpol_partition_validate(n, pp, np, "test"), MPOL_OK);
                for (size_t q = 1; q < np; q++) /* parts by lowest member */
                    assert_true((pp[q] & (0u - pp[q])) > (pp[q - 1] & (0u - pp[q - 1])));
                mpol_hedonic_check c;
                assert_int_equal(mpol_hedonic_check_partition(&c, g, pp, np, MPOL_HEDONIC_ALL, 0),
                                 MPOL_OK);
                assert_int_equal(c.nash == 1, (l->stable[p] & MPOL_HEDONIC_NASH) != 0);
                assert_int_equal(c.core == 1, (l->stable[p] & MPOL_HEDONIC_CORE) != 0);
            }
            assert_int_equal(listed, l->count[k]);
            mpol_hedonic_search_result_free(s);
        }
        mpol_hedonic_stable_list_free(l);
        mpol_hedonic_free(g);
    }
}

/* Hand count: with all values 1 only the grand coalition is Nash stable; with all values -1
 * only the singletons; with zeros every partition is stable (nobody gains). */
static void test_list_hand(void **state)
{
    (void)state;
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 4), MPOL_OK);
    for (double v = -1; v <= 1; v += 1) {
        for (size_t k = 0; k < 16; k++)
            g->value[k] = k % 5 == 0 ? 0 : v;
        mpol_hedonic_stable_list *l;
        assert_int_equal(mpol_hedonic_list_stable(&l, g, MPOL_HEDONIC_NASH, 2, 0), MPOL_OK);
        assert_int_equal(l->count[0], v == 0 ? 15 : 1);
        assert_int_equal(l->count[1], 0); /* not requested */
        assert_int_equal(l->nlisted, v == 0 ? 2 : 1);
        assert_int_equal(l->truncated, v == 0);
        if (v > 0)
            assert_int_equal(l->parts[0], 15);
        if (v < 0)
            assert_int_equal(l->offsets[1], 4);
        mpol_hedonic_stable_list_free(l);
    }
    mpol_hedonic_free(g);
}

static void test_list_errors(void **state)
{
    (void)state;
    mpol_hedonic *g;
    mpol_hedonic_stable_list *l = (void *)1;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 11), MPOL_OK);
    assert_int_equal(mpol_hedonic_list_stable(&l, g, MPOL_HEDONIC_NASH, 1, 0), MPOL_ELIMIT);
    assert_null(l);
    assert_non_null(strstr(mpol_last_error(), "at most 10"));
    assert_int_equal(mpol_hedonic_list_stable(&l, NULL, MPOL_HEDONIC_NASH, 1, 0), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_list_stable(&l, g, 8, 1, 0), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_list_stable(&l, g, 0, 1, 0), MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_list_stable(NULL, g, 1, 1, 0), MPOL_EINVAL);
    mpol_hedonic_free(g);
    mpol_hedonic_stable_list_free(NULL);
}

static mpol_status list_oom_body(void *ctx)
{
    mpol_hedonic_stable_list *l = NULL;
    mpol_status st = mpol_hedonic_list_stable(&l, ctx, MPOL_HEDONIC_ALL, 1000, 0);
    if (st == MPOL_OK)
        assert_int_equal(l->nlisted, 15); /* zero values: every partition of 4 is stable */
    else
        assert_null(l);
    mpol_hedonic_stable_list_free(l);
    return st;
}

static void test_list_oom(void **state)
{
    (void)state;
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_alloc_additive(&g, 4), MPOL_OK);
    /* 3 arrays, then growth of offsets/stable (8 -> 16) and parts: more than 4 allocations */
    assert_true(mpol_test_oom_loop(list_oom_body, g) >= 5);
    mpol_hedonic_free(g);
}

/* Rule 4 coalition by coalition re-derives the analysis' counts on random games. */
static void test_rule4_matches_analysis(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    for (int trial = 0; trial < 60; trial++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 9);
        mpol_wvg *g;
        assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
        double total = 0;
        for (size_t i = 0; i < n; i++)
            total += g->weights[i] = (double)mpol_test_rng_int(&rng, 0, 9);
        g->quota = total > 0 ? total / 2 : 1;
        mpol_balance_opts o;
        mpol_balance_opts_init(&o);
        o.strict = trial % 2;
        mpol_balance *b;
        assert_int_equal(mpol_balance_analyse(&b, g, &o), MPOL_OK);
        uint64_t ndom = 0, viol = 0;
        mpol_coalition full = (mpol_coalition)((1u << n) - 1);
        for (mpol_coalition s = 1; s <= full; s++) {
            int dom;
            long member;
            assert_int_equal(mpol_balance_rule4_coalition(g, &o, s, &dom, &member), MPOL_OK);
            ndom += dom;
            viol += dom && s != full && member < 0;
            if (member >= 0) { /* the certificate: (N - S) + j is dominant */
                double w = g->weights[member];
                for (size_t i = 0; i < n; i++)
                    if (!(s >> i & 1))
                        w += g->weights[i];
                assert_true(o.strict ? w > g->quota : w >= g->quota);
                assert_true(s >> member & 1);
            }
        }
        assert_int_equal(ndom, b->nwinning);
        assert_int_equal(viol, b->rule4_violations);
        mpol_balance_free(b);
        mpol_wvg_free(g);
    }
}

static void test_rule4_errors(void **state)
{
    (void)state;
    mpol_wvg *g;
    int dom = 7;
    long member = 7;
    assert_int_equal(mpol_wvg_alloc(&g, 3), MPOL_OK);
    g->weights[0] = 5, g->weights[1] = 3, g->weights[2] = 2;
    g->quota = 5;
    assert_int_equal(mpol_balance_rule4_coalition(g, NULL, 0, &dom, &member), MPOL_EINVAL);
    assert_int_equal(mpol_balance_rule4_coalition(g, NULL, 8, &dom, &member), MPOL_EINVAL);
    assert_int_equal(mpol_balance_rule4_coalition(NULL, NULL, 1, &dom, &member), MPOL_EINVAL);
    assert_int_equal(mpol_balance_rule4_coalition(g, NULL, 1, NULL, &member), MPOL_EINVAL);
    mpol_balance_opts o;
    mpol_balance_opts_init(&o);
    o.tol = -1;
    assert_int_equal(mpol_balance_rule4_coalition(g, &o, 1, &dom, &member), MPOL_EINVAL);
    /* {0,1} = 8 > 5 dominant; opposition {2} = 2; + actor 0 = 7 > 5: blocked via actor 0. */
    assert_int_equal(mpol_balance_rule4_coalition(g, NULL, 3, &dom, &member), MPOL_OK);
    assert_int_equal(dom, 1);
    assert_int_equal(member, 0);
    /* {0} = 5 is not > 5 under the strict default; with strict = 0 it is, and cannot be
       blocked (a single actor). */
    assert_int_equal(mpol_balance_rule4_coalition(g, NULL, 1, &dom, &member), MPOL_OK);
    assert_int_equal(dom, 0);
    o.tol = 0;
    o.strict = 0;
    assert_int_equal(mpol_balance_rule4_coalition(g, &o, 1, &dom, &member), MPOL_OK);
    assert_int_equal(dom, 1);
    assert_int_equal(member, -1);
    mpol_wvg_free(g);
}

static const char *const hed_text = "kind: hedonic\n"
                                    "players: [A, B, C, D]\n"
                                    "preferences:\n"
                                    "  additive: {A: {B: 1}, B: {A: 1}}\n";

static mpol_model *load_with(const char *extra, mpol_status want)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s", hed_text, extra);
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_string(&m, buf, strlen(buf), "h.yaml"), want);
    return m;
}

static void test_partition_key(void **state)
{
    (void)state;
    const mpol_coalition *parts = (void *)1;
    size_t np = 9;
    mpol_model *m = load_with("", MPOL_OK);
    assert_int_equal(mpol_model_hedonic_partition(m, &parts, &np), MPOL_OK);
    assert_null(parts);
    assert_int_equal(np, 0);
    mpol_model_free(m);

    m = load_with("partition: [[D, B], [C]]\n", MPOL_OK);
    assert_int_equal(mpol_model_hedonic_partition(m, &parts, &np), MPOL_OK);
    assert_int_equal(np, 3); /* {A} alone, {B, D}, {C} by lowest member */
    assert_int_equal(parts[0], 1);
    assert_int_equal(parts[1], 2 | 8);
    assert_int_equal(parts[2], 4);
    /* round trip through YAML */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(mpol_model_write_yaml(m, f), MPOL_OK);
    fclose(f);
    mpol_model *m2 = NULL;
    assert_int_equal(mpol_model_load_string(&m2, text, len, "w.yaml"), MPOL_OK);
    const mpol_coalition *p2;
    size_t np2;
    assert_int_equal(mpol_model_hedonic_partition(m2, &p2, &np2), MPOL_OK);
    assert_int_equal(np2, 3);
    assert_memory_equal(p2, parts, 3 * sizeof *parts);
    free(text);
    mpol_model_free(m2);
    mpol_model_free(m);

    assert_null(load_with("partition: [[A, B], [B]]\n", MPOL_EPARSE));
    assert_non_null(strstr(mpol_last_error(), "h.yaml:5:"));
    assert_non_null(strstr(mpol_last_error(), "\"B\" is in two parts"));
    assert_null(load_with("partition: [[A], []]\n", MPOL_EPARSE));
    assert_non_null(strstr(mpol_last_error(), "empty"));
    assert_null(load_with("partition: [[A, E]]\n", MPOL_EPARSE));
    assert_non_null(strstr(mpol_last_error(), "unknown player \"E\""));
    assert_null(load_with("partition: A\n", MPOL_EPARSE));
    assert_int_equal(mpol_model_hedonic_partition(NULL, &parts, &np), MPOL_EINVAL);
    assert_int_equal(mpol_model_hedonic_partition(NULL, NULL, &np), MPOL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_matches_search),
        cmocka_unit_test(test_list_hand),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_list_oom),
        cmocka_unit_test(test_rule4_matches_analysis),
        cmocka_unit_test(test_rule4_errors),
        cmocka_unit_test(test_partition_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
