/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of voting.h's certificates: mpol_power_certify and mpol_wvg_power_certify on
 * the UN Security Council (5 x 7 + 10 x 1, quota 39) and hand-computed three-player games,
 * with tampered index vectors, counts and dummy flags; the exact fractions
 * (mpol_power_exact_fractions) against the hand-reduced values; the certified
 * balance-of-power analysis (mpol_wvg_balance_certify) and the weight sums.
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/voting.h"

static mpol_wvg *make(size_t n, const double *w, double quota)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    memcpy(g->weights, w, n * sizeof *w);
    g->quota = quota;
    return g;
}

static mpol_wvg *unsc(void)
{
    double w[15];
    for (size_t i = 0; i < 15; i++)
        w[i] = i < 5 ? 7 : 1;
    return make(15, w, 39);
}

static mpol_power_result *index_of(const mpol_wvg *g, int banzhaf, int exact)
{
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = exact;
    mpol_power_result *r = NULL;
    mpol_status st =
        banzhaf ? mpol_power_banzhaf(&r, g, &po) : mpol_power_shapley_shubik(&r, g, &po);
    assert_int_equal(st, MPOL_OK);
    return r;
}

static void test_unsc_verified(void **state)
{
    (void)state;
    mpol_wvg *g = unsc();
    mpol_power_result *ss = index_of(g, 0, 0), *bz = index_of(g, 1, 0);
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, MPOL_POWER_CHECK_TOL), MPOL_OK);
    assert_true(c.verified && c.have_ss && c.have_bz && c.dummies_agree);
    assert_int_equal(c.dummy_mismatch, 0);
    assert_true(c.ss.verified && c.bz.verified && c.ss.counts_exact);
    assert_true(c.ss.sum_error < 1e-15 && c.bz.sum_error < 1e-15);
    assert_true(c.max_error < 1e-15);
    assert_true(c.max_error >= c.ss.sum_error && c.max_error >= c.bz.sum_error);
    /* One index alone. */
    assert_int_equal(mpol_wvg_power_certify(&c, NULL, bz, 1e-9), MPOL_OK);
    assert_true(c.verified && !c.have_ss && c.have_bz);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
}

static void test_tampered_index(void **state)
{
    (void)state;
    mpol_wvg *g = unsc();
    mpol_power_result *ss = index_of(g, 0, 0), *bz = index_of(g, 1, 0);
    ss->index[0] += 0.01; /* the check_error the solver stored no longer holds */
    mpol_power_cert pc;
    assert_int_equal(mpol_power_certify(&pc, ss, 1e-9), MPOL_EVERIFY);
    assert_false(pc.verified);
    assert_true(fabs(pc.sum_error - 0.01) < 1e-12);
    assert_true(fabs(pc.max_error - 0.01) < 1e-12);
    assert_true(pc.check_error < 1e-15); /* the stored one */
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, 1e-9), MPOL_EVERIFY);
    assert_false(c.verified);
    assert_false(c.ss.verified);
    assert_true(c.bz.verified);
    assert_true(fabs(c.max_error - 0.01) < 1e-12);
    /* A loose tolerance accepts it: n tol = 15 * 1e-3 > 0.01. */
    assert_int_equal(mpol_power_certify(&pc, ss, 1e-3), MPOL_OK);
    assert_true(pc.verified);
    ss->index[3] = NAN;
    assert_int_equal(mpol_power_certify(&pc, ss, 1.0), MPOL_EVERIFY);
    assert_false(pc.verified);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
}

static void test_dummies_disagree(void **state)
{
    (void)state;
    double w[3] = {3, 1, 1}; /* player 0 is a dictator, 1 and 2 are dummies */
    mpol_wvg *g = make(3, w, 3);
    mpol_power_result *ss = index_of(g, 0, 0), *bz = index_of(g, 1, 0);
    assert_true(ss->dummy[1] && ss->dummy[2] && !ss->dummy[0]);
    assert_true(fabs(ss->index[0] - 1) < 1e-15 && bz->index[1] == 0);
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, 1e-9), MPOL_OK);
    assert_true(c.dummies_agree);
    bz->dummy[2] = 0;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, 1e-9), MPOL_EVERIFY);
    assert_false(c.dummies_agree);
    assert_false(c.verified);
    assert_int_equal(c.dummy_mismatch, 1);
    assert_true(c.ss.verified && c.bz.verified);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
}

static void assert_fractions(const mpol_power_result *r, const char *const *index,
                             const char *const *absolute)
{
    mpol_power_fractions *f = NULL;
    assert_int_equal(mpol_power_exact_fractions(&f, r), MPOL_OK);
    assert_int_equal(f->n, r->n);
    for (size_t i = 0; i < r->n; i++) {
        assert_string_equal(f->index[i], index[i]);
        assert_string_equal(f->absolute[i], absolute[i]);
    }
    mpol_power_fractions_free(f);
}

static void test_exact(void **state)
{
    (void)state;
    /* Weights 2, 1, 1, quota 3: Shapley-Shubik 2/3, 1/6, 1/6; swings 3, 1, 1 of 5, Penrose
     * 3/4, 1/4, 1/4. */
    double w[3] = {2, 1, 1};
    mpol_wvg *g = make(3, w, 3);
    mpol_power_result *ss = index_of(g, 0, 1), *bz = index_of(g, 1, 1);
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, 0), MPOL_OK);
    assert_true(c.verified && c.ss.counts_exact && c.bz.counts_exact);
    assert_string_equal(ss->denominator, "6");
    static const char *const ssf[] = {"2/3", "1/6", "1/6"};
    assert_fractions(ss, ssf, ssf);
    static const char *const bzf[] = {"3/5", "1/5", "1/5"}, *const pen[] = {"3/4", "1/4", "1/4"};
    assert_fractions(bz, bzf, pen);
    /* Tampered counts: 4 + 1 + 1 is not the stated total 6. */
    mpol_free(ss->counts[0]);
    ss->counts[0] = mpol_strdup("5");
    mpol_power_cert pc;
    assert_int_equal(mpol_power_certify(&pc, ss, 0), MPOL_EVERIFY);
    assert_false(pc.counts_exact);
    assert_false(pc.verified);
    mpol_free(ss->counts[0]);
    ss->counts[0] = mpol_strdup("x");
    assert_int_equal(mpol_power_certify(&pc, ss, 0), MPOL_EVERIFY);
    assert_false(pc.counts_exact);
    mpol_power_fractions *f = (mpol_power_fractions *)ss; /* any non-NULL */
    assert_int_equal(mpol_power_exact_fractions(&f, ss), MPOL_EINVAL);
    assert_null(f);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
}

static void test_unsc_exact(void **state)
{
    (void)state;
    mpol_wvg *g = unsc();
    mpol_power_result *ss = index_of(g, 0, 1), *bz = index_of(g, 1, 1);
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_wvg_power_certify(&c, ss, bz, 0), MPOL_OK);
    assert_true(c.verified);
    assert_string_equal(ss->denominator, "1307674368000"); /* 15! */
    assert_string_equal(bz->denominator, "5080");          /* 5 x 848 + 10 x 84 */
    const char *ssf[15], *bzf[15], *pen[15];
    for (size_t i = 0; i < 15; i++) {
        ssf[i] = i < 5 ? "421/2145" : "4/2145";
        bzf[i] = i < 5 ? "106/635" : "21/1270";
        pen[i] = i < 5 ? "53/1024" : "21/4096";
    }
    assert_fractions(ss, ssf, ssf);
    assert_fractions(bz, bzf, pen);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
}

static void test_invalid(void **state)
{
    (void)state;
    double w[3] = {2, 1, 1};
    mpol_wvg *g = make(3, w, 3);
    mpol_power_result *ss = index_of(g, 0, 0), *bz = index_of(g, 1, 0);
    mpol_power_cert pc;
    mpol_wvg_power_cert c;
    assert_int_equal(mpol_power_certify(NULL, ss, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_power_certify(&pc, NULL, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_power_certify(&pc, ss, -1), MPOL_EINVAL);
    assert_int_equal(mpol_power_certify(&pc, ss, NAN), MPOL_EINVAL);
    assert_int_equal(mpol_wvg_power_certify(&c, NULL, NULL, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_wvg_power_certify(NULL, ss, bz, 1e-9), MPOL_EINVAL);
    mpol_power_fractions *f = (mpol_power_fractions *)ss;
    assert_int_equal(mpol_power_exact_fractions(&f, ss), MPOL_EINVAL); /* not exact */
    assert_null(f);
    assert_int_equal(mpol_power_exact_fractions(NULL, ss), MPOL_EINVAL);
    mpol_power_fractions_free(NULL);
    mpol_wvg_balance *b = (mpol_wvg_balance *)ss;
    assert_int_equal(mpol_wvg_balance_certify(&b, g, 3, 0), MPOL_EINVAL);
    assert_null(b);
    assert_int_equal(mpol_wvg_balance_certify(&b, g, -2, 0), MPOL_EINVAL);
    assert_null(b);
    mpol_wvg_balance_free(NULL);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_wvg_free(g);
    double w30[30];
    for (size_t i = 0; i < 30; i++)
        w30[i] = 1;
    g = make(30, w30, 16);
    b = (mpol_wvg_balance *)w30;
    assert_int_equal(mpol_wvg_balance_certify(&b, g, -1, 0), MPOL_ELIMIT);
    assert_null(b);
    mpol_wvg_free(g);
}

static void test_weights(void **state)
{
    (void)state;
    double w[4] = {0.5, 2, 4, 8};
    mpol_wvg *g = make(4, w, 7);
    assert_true(mpol_wvg_total_weight(g) == 14.5);
    assert_true(mpol_wvg_coalition_weight(g, 0x5) == 4.5);
    assert_true(mpol_wvg_coalition_weight(g, 0) == 0);
    assert_true(mpol_wvg_coalition_weight(NULL, 1) == 0 && mpol_wvg_total_weight(NULL) == 0);
    mpol_wvg_free(g);
}

static void test_balance_three_rivals(void **state)
{
    (void)state;
    double w[3] = {0.40, 0.35, 0.25};
    mpol_wvg *g = make(3, w, 0.5); /* half the total: "more than half" */
    mpol_wvg_balance *c;
    assert_int_equal(mpol_wvg_balance_certify(&c, g, 2, 16), MPOL_OK);
    assert_true(c->opts.strict);
    assert_true(c->verified && c->recount_ok && c->in_range);
    assert_true(c->max_error == 0);
    assert_int_equal(c->ndominant, 4); /* the three pairs and everyone */
    assert_int_equal(c->violations, 0);
    assert_int_equal(c->nlisted, 4);
    assert_int_equal(c->dominant[0], 0x3); /* {0, 1}: win over 0, {0, 2} has 0.65 */
    assert_int_equal(c->blocker[0], 0);
    assert_int_equal(c->dominant[3], 0x7);
    assert_int_equal(c->blocker[3], -1);
    /* Actor 0 decides between {1} and {2}: the witness bloc and its other bloc. */
    assert_true(c->analysis->balancer[0]);
    assert_int_equal(c->analysis->balancer_bloc[0] | c->other_bloc[0], 0x6);
    assert_int_equal(c->analysis->balancer_bloc[0] & c->other_bloc[0], 0);
    assert_int_equal(c->actor, 2);
    assert_true(c->range.lo <= 0.25 && 0.25 <= c->range.hi);
    mpol_wvg_balance_free(c);
    /* Too many to list: none kept, the counts still re-derived. */
    assert_int_equal(mpol_wvg_balance_certify(&c, g, -1, 3), MPOL_OK);
    assert_int_equal(c->nlisted, 0);
    assert_null(c->dominant);
    assert_int_equal(c->ndominant, 4);
    assert_int_equal(c->actor, -1);
    mpol_wvg_balance_free(c);
    mpol_wvg_free(g);
}

static void test_balance_unsc(void **state)
{
    (void)state;
    mpol_wvg *g = unsc();
    mpol_wvg_balance *c;
    assert_int_equal(mpol_wvg_balance_certify(&c, g, 9, 4096), MPOL_OK);
    assert_false(c->opts.strict); /* quota 39 of 45: the game's own rule */
    assert_true(c->verified);
    assert_int_equal(c->ndominant, 848);
    assert_int_equal(c->violations, 847); /* only N itself is not a violation */
    assert_int_equal(c->analysis->rule4_violations, 847);
    assert_int_equal(c->nlisted, 848);
    assert_true(c->in_range);
    mpol_wvg_balance_free(c);
    mpol_wvg_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsc_verified),    cmocka_unit_test(test_tampered_index),
        cmocka_unit_test(test_dummies_disagree), cmocka_unit_test(test_exact),
        cmocka_unit_test(test_unsc_exact),       cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_weights),          cmocka_unit_test(test_balance_three_rivals),
        cmocka_unit_test(test_balance_unsc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
