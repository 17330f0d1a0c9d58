/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the hedonic certificates (solver/src/coalition/hedonic_cert.c):
 * mpol_hedonic_certify_partition() on models/kazakhstan/alliances.yaml (its stable partition,
 * a partition blocked by {United States, European Union}, a Nash move re-evaluated by hand),
 * a forged deviation that the re-evaluation rejects, a ranked game with unlisted coalitions,
 * and mpol_hedonic_certify_search() against the listing, with forged listings that fail.
 */
#include <math.h>
#include <string.h>

#include "coalition/hedonic_internal.h"
#include "mpol_test.h"
#include "multipolar/coalition.h"
#include "multipolar/model.h"

/* alliances.yaml's players, in order. */
enum { KZ, RU, CN, US, EU, UZ };
#define BIT(i) ((mpol_coalition)1 << (i))

static mpol_hedonic *alliances(void)
{
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/alliances.yaml")),
                     MPOL_OK);
    mpol_hedonic *g = NULL;
    assert_int_equal(mpol_hedonic_from_model(&g, m, NULL), MPOL_OK);
    mpol_model_free(m);
    assert_int_equal(g->n, 6);
    assert_string_equal(g->names[US], "United States");
    return g;
}

static void test_stable_partition(void **state)
{
    (void)state;
    mpol_hedonic *g = alliances();
    const mpol_coalition parts[] = {BIT(KZ) | BIT(RU) | BIT(CN) | BIT(UZ), BIT(US) | BIT(EU)};
    mpol_hedonic_certificate c;
    assert_int_equal(mpol_hedonic_certify_partition(&c, g, parts, 2, MPOL_HEDONIC_ALL, 1e-9),
                     MPOL_OK);
    assert_int_equal(c.check.nash, 1);
    assert_int_equal(c.check.individual, 1);
    assert_int_equal(c.check.core, 1);
    /* 4.38 + 3.5 + 3 + 2 (the bloc of four) + 2 + 2 (US, EU): docs/coalition.md's 16.88. */
    assert_float_equal(c.welfare, 16.88, 1e-12);
    assert_float_equal(mpol_hedonic_welfare(g, parts, 2), 16.88, 1e-12);
    for (int k = 0; k < 3; k++)
        assert_int_equal(c.deviation[k].present, 0);
    assert_int_equal(c.verified, 1);
    assert_true(c.max_error == 0.0);
    mpol_hedonic_free(g);
}

static void test_blocked_partition(void **state)
{
    (void)state;
    mpol_hedonic *g = alliances();
    /* {Kazakhstan, Russia} and the others alone (the golden corpus's --partition). */
    const mpol_coalition parts[] = {BIT(KZ) | BIT(RU), BIT(CN), BIT(US), BIT(EU), BIT(UZ)};
    mpol_hedonic_certificate c;
    assert_int_equal(mpol_hedonic_certify_partition(&c, g, parts, 5, MPOL_HEDONIC_ALL, 1e-9),
                     MPOL_OK);
    assert_float_equal(c.welfare, 1.88 + 2, 1e-12);
    /* Not core stable: the US and the EU (value 2 for each other) block it. */
    assert_int_equal(c.check.core, 0);
    const mpol_hedonic_deviation *b = &c.deviation[2];
    assert_int_equal(b->present, 1);
    assert_int_equal(b->blocking, BIT(US) | BIT(EU));
    assert_float_equal(b->min_gain, 2.0, 1e-12);
    assert_int_equal(b->verified, 1);
    /* Nash: China, alone (0), gains by joining {Kazakhstan, Russia}: 1.5 + 0.5. */
    assert_int_equal(c.check.nash, 0);
    const mpol_hedonic_deviation *d = &c.deviation[0];
    assert_int_equal(d->present, 1);
    assert_string_equal(g->names[d->player], "China");
    assert_int_equal(d->from, BIT(CN));
    assert_int_equal(d->to, BIT(KZ) | BIT(RU) | BIT(CN));
    assert_float_equal(d->before, 0.0, 0);
    assert_float_equal(d->after, 2.0, 1e-12);
    assert_int_equal(d->verified, 1);
    /* Individual: the same move (Kazakhstan and Russia both gain from China). */
    assert_int_equal(c.check.individual, 0);
    assert_int_equal(c.deviation[1].player, CN);
    assert_int_equal(c.deviation[1].to, BIT(KZ) | BIT(RU) | BIT(CN));
    assert_int_equal(c.deviation[1].verified, 1);
    assert_int_equal(c.verified, 1);
    assert_true(c.max_error == 0.0);
    /* Only the concepts asked for are checked and certified. */
    assert_int_equal(mpol_hedonic_certify_partition(&c, g, parts, 5, MPOL_HEDONIC_CORE, 0),
                     MPOL_OK);
    assert_int_equal(c.check.nash, -1);
    assert_int_equal(c.deviation[0].present, 0);
    assert_int_equal(c.deviation[2].blocking, BIT(US) | BIT(EU));
    mpol_hedonic_free(g);
}

static void test_forged_deviations(void **state)
{
    (void)state;
    mpol_hedonic *g = alliances();
    const mpol_coalition stable[] = {BIT(KZ) | BIT(RU) | BIT(CN) | BIT(UZ), BIT(US) | BIT(EU)};
    mpol_hedonic_deviation d;
    /* {Kazakhstan, United States} does not block: Kazakhstan has 4.38 and would get 1. */
    mpol_i_hedonic_eval_blocking(g, stable, 2, BIT(KZ) | BIT(US), 1e-9, &d);
    assert_int_equal(d.present, 1);
    assert_int_equal(d.verified, 0);
    assert_float_equal(d.min_gain, 1.0 - 4.38, 1e-12);
    assert_float_equal(d.error, 1e-9 + 4.38 - 1.0, 1e-12);
    /* Uzbekistan leaving for the US and the EU loses 2 - 1. */
    mpol_i_hedonic_eval_move(g, stable, 2, UZ, 1, 0, 1e-9, &d);
    assert_int_equal(d.verified, 0);
    assert_float_equal(d.before, 2.0, 1e-12);
    assert_float_equal(d.after, 1.0, 1e-12);
    assert_float_equal(d.error, 1.0 + 1e-9, 1e-12);
    /* A move into the player's own part is no move. */
    mpol_i_hedonic_eval_move(g, stable, 2, UZ, 0, 0, 1e-9, &d);
    assert_int_equal(d.verified, 0);
    assert_true(d.error == HUGE_VAL);
    /* Individual: Russia joining {US, EU} would gain nothing and they object (-3 each). */
    const mpol_coalition split[] = {BIT(KZ) | BIT(CN) | BIT(UZ), BIT(RU), BIT(US) | BIT(EU)};
    mpol_i_hedonic_eval_move(g, split, 3, RU, 2, 1, 1e-9, &d);
    assert_int_equal(d.verified, 0);
    assert_float_equal(d.error, 6.0 + 1e-9, 1e-12); /* gain -6; the US and the EU lose 3 */
    mpol_hedonic_free(g);
}

static void test_ranked_unlisted(void **state)
{
    (void)state;
    mpol_hedonic *g = NULL;
    assert_int_equal(mpol_hedonic_alloc_ranked(&g, 3), MPOL_OK);
    /* 0 likes {0,1} (2) and being alone (1); 1 likes {0,1}; 2 lists only {1,2}. */
    assert_int_equal(mpol_hedonic_rank(g, 0, BIT(0) | BIT(1), 2), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 0, BIT(0), 1), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 1, BIT(0) | BIT(1), 1), MPOL_OK);
    assert_int_equal(mpol_hedonic_rank(g, 2, BIT(1) | BIT(2), 1), MPOL_OK);
    const mpol_coalition parts[] = {BIT(0) | BIT(1), BIT(2)};
    mpol_hedonic_certificate c;
    assert_int_equal(mpol_hedonic_certify_partition(&c, g, parts, 2, MPOL_HEDONIC_ALL, 0), MPOL_OK);
    /* Player 2 is alone, unlisted: the welfare is -HUGE_VAL; nobody can gain (2's only listed
     * coalition needs 1, who would lose). */
    assert_true(c.welfare == -HUGE_VAL);
    assert_int_equal(c.check.core, 1);
    assert_int_equal(c.check.individual, 1);
    assert_int_equal(c.verified, 1);
    mpol_hedonic_free(g);
}

static void test_certify_search(void **state)
{
    (void)state;
    mpol_hedonic *g = alliances();
    mpol_hedonic_stable_list *l = NULL;
    assert_int_equal(mpol_hedonic_list_stable(&l, g, MPOL_HEDONIC_ALL, 100, 0), MPOL_OK);
    assert_int_equal(l->partitions, 203);
    assert_int_equal(l->nlisted, 1);
    assert_float_equal(l->welfare[0], 16.88, 1e-12);
    const unsigned flags[3] = {MPOL_HEDONIC_NASH, MPOL_HEDONIC_INDIVIDUAL, MPOL_HEDONIC_CORE};
    for (int k = 0; k < 3; k++) {
        mpol_hedonic_search_opts o;
        mpol_hedonic_search_opts_init(&o);
        o.concept = flags[k];
        mpol_hedonic_search_result *s = NULL;
        assert_int_equal(mpol_hedonic_search(&s, g, &o), MPOL_OK);
        mpol_hedonic_search_certificate c;
        assert_int_equal(mpol_hedonic_certify_search(&c, g, s, flags[k], l, 0), MPOL_OK);
        assert_int_equal(c.verified, 1);
        assert_int_equal(c.partition_ok, 1);
        assert_int_equal(c.count_ok, 1);
        assert_int_equal(c.counts_agree, 1);
        assert_int_equal(c.welfare_ok, 1);
        assert_true(c.max_error == 0.0);
        /* Without a listing nothing is compared but the partition and the count. */
        assert_int_equal(mpol_hedonic_certify_search(&c, g, s, flags[k], NULL, 0), MPOL_OK);
        assert_int_equal(c.counts_agree, -1);
        /* A listing that counts two stable partitions disagrees. */
        l->count[k] = 2;
        assert_int_equal(mpol_hedonic_certify_search(&c, g, s, flags[k], l, 0), MPOL_EVERIFY);
        assert_int_equal(c.verified, 0);
        assert_int_equal(c.counts_agree, 0);
        l->count[k] = 1;
        /* A listed stable partition of larger welfare shows the search did not find the best. */
        l->welfare[0] = 17.88;
        assert_int_equal(mpol_hedonic_certify_search(&c, g, s, flags[k], l, 0), MPOL_EVERIFY);
        assert_int_equal(c.welfare_ok, 0);
        assert_float_equal(c.max_error, 1.0, 1e-12);
        l->welfare[0] = 16.88;
        /* A returned partition that is not stable: {Kazakhstan, Russia}, the others alone. */
        const mpol_coalition bad[] = {BIT(KZ) | BIT(RU), BIT(CN), BIT(US), BIT(EU), BIT(UZ)};
        memcpy(s->parts, bad, sizeof bad);
        s->nparts = 5;
        assert_int_equal(mpol_hedonic_certify_search(&c, g, s, flags[k], NULL, 0), MPOL_EVERIFY);
        assert_int_equal(c.partition_ok, 0);
        mpol_hedonic_search_result_free(s);
    }
    mpol_hedonic_stable_list_free(l);
    mpol_hedonic_free(g);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    mpol_hedonic *g = alliances();
    const mpol_coalition overlap[] = {BIT(KZ) | BIT(RU), BIT(RU) | BIT(CN)};
    mpol_hedonic_certificate c;
    assert_int_equal(mpol_hedonic_certify_partition(NULL, g, overlap, 2, MPOL_HEDONIC_ALL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_certify_partition(&c, NULL, overlap, 2, MPOL_HEDONIC_ALL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_certify_partition(&c, g, overlap, 2, MPOL_HEDONIC_ALL, 0),
                     MPOL_EINVAL);
    assert_int_equal(c.verified, 0);
    mpol_hedonic_search_certificate sc;
    assert_int_equal(mpol_hedonic_certify_search(&sc, g, NULL, MPOL_HEDONIC_NASH, NULL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_hedonic_certify_search(NULL, g, NULL, MPOL_HEDONIC_NASH, NULL, 0),
                     MPOL_EINVAL);
    assert_true(isnan(mpol_hedonic_welfare(NULL, overlap, 2)));
    mpol_hedonic_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stable_partition),  cmocka_unit_test(test_blocked_partition),
        cmocka_unit_test(test_forged_deviations), cmocka_unit_test(test_ranked_unlisted),
        cmocka_unit_test(test_certify_search),    cmocka_unit_test(test_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
