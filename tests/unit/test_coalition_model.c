/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the `hedonic` model kind (solver/src/model/kind_hedonic.c) and of the
 * bundled Kazakhstan coalition models: models/kazakhstan/alliances.yaml (hedonic) and
 * models/kazakhstan/balance.yaml (weighted voting, analysed with balance.h).
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

static mpol_model *load(const char *text)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "t.yaml");
    if (st != MPOL_OK)
        fail_msg("%s", mpol_last_error());
    return m;
}

static void test_alliances_model(void **state)
{
    (void)state;
    mpol_model *m;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/alliances.yaml")),
                     MPOL_OK);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_HEDONIC);
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_from_model(&g, m, NULL), MPOL_OK);
    assert_int_equal(g->n, 6);
    assert_string_equal(g->names[3], "United States");
    assert_close(g->value[0 * 6 + 1], 0.94 * 2, MPOL_TEST_TOL); /* Kazakhstan -> Russia */
    assert_close(g->value[1 * 6 + 3], -3, MPOL_TEST_TOL);       /* rivalry */
    assert_close(g->value[5 * 6 + 0], 1, MPOL_TEST_TOL);
    mpol_coalition kz_ru_cn_uz = 1 | 2 | 4 | 32, west = 8 | 16;
    for (unsigned concept = 1; concept <= 4; concept <<= 1) {
        mpol_hedonic_search_opts o;
        mpol_hedonic_search_opts_init(&o);
        o.concept = concept;
        mpol_hedonic_search_result *r;
        assert_int_equal(mpol_hedonic_search(&r, g, &o), MPOL_OK);
        assert_int_equal(r->partitions_examined, 203);
        assert_int_equal(r->stable_count, 1);
        assert_int_equal(r->nparts, 2);
        assert_int_equal(r->parts[0], kz_ru_cn_uz);
        assert_int_equal(r->parts[1], west);
        assert_close(r->welfare, 16.88, MPOL_TEST_TOL);
        mpol_hedonic_search_result_free(r);
    }
    mpol_hedonic_free(g);
    /* Without rivalry the grand coalition pays everyone more: all values >= 0 but EU-China. */
    assert_int_equal(mpol_model_set_param(m, "rivalry", 0), MPOL_OK);
    assert_int_equal(mpol_hedonic_from_model(&g, m, NULL), MPOL_OK);
    mpol_coalition all = 63;
    mpol_hedonic_check c;
    assert_int_equal(mpol_hedonic_check_partition(&c, g, &all, 1, MPOL_HEDONIC_ALL, 0), MPOL_OK);
    assert_int_equal(c.nash, 1);
    mpol_hedonic_free(g);
    mpol_model_free(m);
}

static void test_balance_model(void **state)
{
    (void)state;
    mpol_model *m;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/balance.yaml")),
                     MPOL_OK);
    mpol_wvg *g;
    assert_int_equal(mpol_model_wvg(&g, m), MPOL_OK);
    assert_int_equal(g->n, 7);
    assert_close(g->quota, 58.7 / 2, MPOL_TEST_TOL);
    mpol_balance *b;
    assert_int_equal(mpol_balance_analyse(&b, g, NULL), MPOL_OK);
    assert_true(b->ok);
    assert_int_equal(b->nmwc, 11);
    assert_int_equal(b->swings[0], 44); /* United States */
    assert_int_equal(b->swings[1], 20); /* China */
    assert_int_equal(b->swings[6], 0);  /* Kazakhstan is a dummy at 0.5 */
    assert_int_equal(b->dominant_actor, -1);
    assert_true(b->balancer[2]); /* Russia can tip the balance */
    assert_false(b->balancer[6]);
    mpol_balance_range r;
    assert_int_equal(mpol_balance_capability_range(&r, g, 6, NULL), MPOL_OK);
    /* Kazakhstan stays a dummy up to 1.8 (then US + Kazakhstan + ... changes). */
    assert_close(r.lo, 0, MPOL_TEST_TOL);
    assert_close(r.hi, 1.8, 1e-12);
    mpol_balance_free(b);
    mpol_wvg_free(g);
    mpol_model_free(m);
}

static void test_ranked_model_and_roundtrip(void **state)
{
    (void)state;
    const char *text = "title: cycle\n"
                       "kind: hedonic\n"
                       "parameters:\n  s: {default: 3}\n"
                       "players: [A, B, C]\n"
                       "preferences:\n"
                       "  ranked:\n"
                       "    A: [{coalition: [B], score: s}, {coalition: [C], score: 2},"
                       " {coalition: [], score: 1}]\n"
                       "    B: [[C], [A], []]\n"
                       "    C: [[A, C], [B]]\n";
    mpol_model *m = load(text);
    mpol_hedonic *g;
    assert_int_equal(mpol_hedonic_from_model(&g, m, NULL), MPOL_OK);
    assert_int_equal(g->kind, MPOL_HEDONIC_RANKED);
    assert_close(mpol_hedonic_utility(g, 0, 3), 3, MPOL_TEST_TOL);
    assert_close(mpol_hedonic_utility(g, 1, 6), 3, MPOL_TEST_TOL); /* first of three */
    assert_close(mpol_hedonic_utility(g, 1, 2), 1, MPOL_TEST_TOL);
    assert_close(mpol_hedonic_utility(g, 2, 5), 2, MPOL_TEST_TOL);
    assert_true(mpol_hedonic_utility(g, 2, 4) == -HUGE_VAL); /* unlisted */
    mpol_hedonic_free(g);
    double p = 1.5;
    assert_int_equal(mpol_hedonic_from_model(&g, m, &p), MPOL_OK);
    assert_close(mpol_hedonic_utility(g, 0, 3), 1.5, MPOL_TEST_TOL);
    mpol_hedonic_free(g);
    /* Write and read back: the same utilities. */
    char *buf = mpol_test_model_yaml(m, NULL);
    mpol_model *m2 = load(buf);
    mpol_hedonic *g1, *g2;
    assert_int_equal(mpol_hedonic_from_model(&g1, m, NULL), MPOL_OK);
    assert_int_equal(mpol_hedonic_from_model(&g2, m2, NULL), MPOL_OK);
    for (size_t i = 0; i < 3; i++)
        for (mpol_coalition c = 1; c < 8; c++)
            if (c >> i & 1)
                assert_true(mpol_hedonic_utility(g1, i, c) == mpol_hedonic_utility(g2, i, c));
    mpol_hedonic_free(g1);
    mpol_hedonic_free(g2);
    free(buf);
    mpol_model_free(m2);
    mpol_model_free(m);
}

static void expect_error(const char *body, const char *msg)
{
    char text[1024];
    snprintf(text, sizeof text, "kind: hedonic\nplayers: [A, B]\n%s", body);
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "e.yaml");
    if (st != MPOL_EPARSE)
        fail_msg("expected a parse error for:\n%s\ngot %s (%s)", text, mpol_status_name(st),
                 mpol_last_error());
    if (strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", mpol_last_error(), msg);
    assert_non_null(strstr(mpol_last_error(), "e.yaml:"));
    mpol_model_free(m);
}

static void test_hedonic_model_errors(void **state)
{
    (void)state;
    expect_error("preferences:\n  additive:\n    A: {Z: 1}\n", "unknown player \"Z\"");
    expect_error("preferences:\n  additive:\n    A: {A: 1}\n", "cannot value itself");
    expect_error("preferences:\n  additive: {}\n  ranked: {}\n", "exactly one");
    expect_error("preferences:\n  ranked:\n    A: [[B], [B]]\n", "listed twice");
    expect_error("preferences:\n  ranked:\n    A: [{coalition: [B]}]\n", "score");
    expect_error("preferences:\n  other: {}\n", "other");
    expect_error("players2: []\n", "players2");
    mpol_hedonic *g = (mpol_hedonic *)1;
    assert_int_equal(mpol_hedonic_from_model(&g, NULL, NULL), MPOL_EINVAL);
    assert_null(g);
    assert_int_equal(mpol_hedonic_from_model(NULL, NULL, NULL), MPOL_EINVAL);
    mpol_model *m = load("kind: weighted-voting\nquota: 2\nplayers: {A: 1, B: 2}\n");
    assert_int_equal(mpol_hedonic_from_model(&g, m, NULL), MPOL_EINVAL);
    mpol_model_free(m);
    /* Values are evaluated at the defaults when loading: position of the division. */
    const char *dz = "kind: hedonic\nparameters:\n  z: {default: 0}\nplayers: [A, B]\n"
                     "preferences:\n  additive:\n    A: {B: \"1/z\"}\n";
    assert_int_equal(mpol_model_load_string(&m, dz, strlen(dz), "z.yaml"), MPOL_ENUMERIC);
    assert_non_null(strstr(mpol_last_error(), "z.yaml:7:"));
}

static mpol_status model_oom_body(void *ctx)
{
    const char *path = ctx;
    mpol_model *m;
    mpol_status st = mpol_model_load_file(&m, path);
    if (st != MPOL_OK)
        return st;
    mpol_hedonic *g;
    st = mpol_hedonic_from_model(&g, m, NULL);
    mpol_hedonic_free(g);
    mpol_model_free(m);
    return st;
}

static void test_hedonic_model_oom(void **state)
{
    (void)state;
    static char path[4096];
    snprintf(path, sizeof path, "%s", mpol_test_src("models/kazakhstan/alliances.yaml"));
    assert_true(mpol_test_oom_loop(model_oom_body, path) > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alliances_model),
        cmocka_unit_test(test_balance_model),
        cmocka_unit_test(test_ranked_model_and_roundtrip),
        cmocka_unit_test(test_hedonic_model_errors),
        cmocka_unit_test(test_hedonic_model_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
