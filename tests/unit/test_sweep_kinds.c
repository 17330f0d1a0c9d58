/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the sweep adapters other than zero-sum: normal-form (pure-equilibrium count
 * and logit profile), bimatrix (all extreme equilibria), TU (least core and nucleolus) and weighted
 * voting (minimal winning coalitions and power indices). Each has an analytic breakpoint that must
 * be found to 1e-9 and closed-form values at the grid points; plus thread independence, allocation
 * failures and the method errors.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/sweep.h"

/* Breakpoints must be this close to the analytic value. */
#define BREAK_TOL 1e-9

static mpol_model *load(const char *text)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "sweep-kinds.yaml");
    if (st != MPOL_OK)
        fail_msg("model: %s", mpol_last_error());
    return m;
}

static mpol_sweep_result *run(const mpol_model *m, int jobs)
{
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.threads = jobs;
    mpol_sweep_result *r = NULL;
    if (mpol_sweep_run(&r, m, &grid, &o) != MPOL_OK)
        fail_msg("sweep: %s", mpol_last_error());
    return r;
}

/* ------------------------------------------------------------------ normal form */

/* Coordination game: (b, d) is always an equilibrium; (a, c) is one iff t >= 0. For t < 0,
 * b strictly dominates a; for 0 <= t < 1, (b, d) is risk-dominant and the logit branch ends
 * there. So the pure-equilibrium count changes exactly at t = 0. */
static const char NF_MODEL[] = "title: coordination\n"
                               "kind: normal-form\n"
                               "parameters:\n"
                               "  t: 0.5\n"
                               "players:\n"
                               "  - {name: Row, strategies: [a, b]}\n"
                               "  - {name: Col, strategies: [c, d]}\n"
                               "payoffs:\n"
                               "  - {profile: [a, c], payoff: [\"t\", 1]}\n"
                               "  - {profile: [a, d], payoff: [0, 0]}\n"
                               "  - {profile: [b, c], payoff: [0, 0]}\n"
                               "  - {profile: [b, d], payoff: [1, 1]}\n"
                               "sweep:\n"
                               "  t: {from: -1, to: 0.5, steps: 16}\n";

static void test_normal_form_breakpoint(void **state)
{
    (void)state;
    mpol_model *m = load(NF_MODEL);
    mpol_sweep_result *r = run(m, 0);
    assert_int_equal(r->npoints, 16);
    assert_int_equal(r->ncols, 4);
    assert_string_equal(r->colnames[0], "Row:a");
    assert_string_equal(r->colnames[3], "Col:d");
    assert_string_equal(r->value_name, "pure_equilibria");
    assert_int_equal(r->unverified, 0);
    for (size_t k = 0; k < r->npoints; k++) {
        double t = r->params[k];
        assert_true(r->value[k] == (t >= 0 ? 2.0 : 1.0));
        assert_close(r->solution[k * 4 + 1], 1.0, 1e-8); /* Row plays b */
        assert_close(r->solution[k * 4 + 3], 1.0, 1e-8); /* Col plays d */
        assert_true(r->certificate[k] <= 1e-8);
    }
    assert_int_equal(r->nregimes, 2);
    assert_int_equal(r->nbreaks, 1);
    assert_true(fabs(r->breaks[0].at) <= BREAK_TOL);
    assert_true(r->breaks[0].hi - r->breaks[0].lo <= BREAK_TOL);
    assert_non_null(strstr(r->regime_labels[r->regime[0]], "1 pure NE (b,d)"));
    assert_non_null(strstr(r->regime_labels[r->regime[15]], "2 pure NE"));
    assert_non_null(strstr(r->regime_labels[r->regime[15]], "Row {b}"));
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* ------------------------------------------------------------------ bimatrix */

/* Battle-of-the-sexes-like coordination with A = [[t, 0], [0, 1]], B = [[1, 0], [0, 1]]:
 * for t < 0 strategy b strictly dominates a, so (b, d) is the only equilibrium; for t > 0
 * there are three: (a, c), (b, d) and the mixed one x = (1/2, 1/2), y = (1/(1+t), t/(1+t)).
 * The structure changes exactly at t = 0. */
static const char BM_MODEL[] = "title: coordination bimatrix\n"
                               "kind: bimatrix\n"
                               "parameters:\n"
                               "  t: 0.5\n"
                               "players:\n"
                               "  - {name: Row, strategies: [a, b]}\n"
                               "  - {name: Col, strategies: [c, d]}\n"
                               "payoffs:\n"
                               "  - [[\"t\", 1], [0, 0]]\n"
                               "  - [[0, 0], [1, 1]]\n"
                               "sweep:\n"
                               "  t: {from: -1, to: 0.5, steps: 16}\n";

static void test_bimatrix_breakpoint(void **state)
{
    (void)state;
    mpol_model *m = load(BM_MODEL);
    mpol_sweep_result *r = run(m, 0);
    assert_int_equal(r->npoints, 16);
    assert_int_equal(r->ncols, 4);
    assert_string_equal(r->value_name, "equilibria");
    assert_int_equal(r->unverified, 0);
    for (size_t k = 0; k < r->npoints; k++) {
        double t = r->params[k];
        if (t < 0) {
            assert_true(r->value[k] == 1.0);
            assert_close(r->solution[k * 4 + 1], 1.0, 1e-12); /* (b, d) */
            assert_close(r->solution[k * 4 + 3], 1.0, 1e-12);
        } else if (t > 0) {
            assert_true(r->value[k] == 3.0);
        }
        assert_true(r->certificate[k] <= 1e-9);
    }
    /* t = 0 is degenerate: there the equilibria are (a, c), (b, d) and the segment from
     * (a, c) to ((1/2, 1/2), c). The enumeration treats payoff differences within
     * MPOL_BIMATRIX_TOL times the payoff range (2 here) as ties, so the degenerate regime
     * is the band |t| <= ~2e-9, and both breakpoints lie within it. */
    assert_int_equal(r->nregimes, 3);
    assert_int_equal(r->nbreaks, 2);
    assert_true(fabs(r->breaks[0].at) <= 2 * MPOL_BIMATRIX_TOL + BREAK_TOL);
    assert_true(fabs(r->breaks[1].at) <= 2 * MPOL_BIMATRIX_TOL + BREAK_TOL);
    assert_true(r->breaks[0].at < 0 && r->breaks[1].at > 0);
    assert_non_null(strstr(r->breaks[0].to_regime, "{a, b} x {c};"));
    assert_true(r->breaks[0].hi - r->breaks[0].lo <= BREAK_TOL);
    assert_non_null(strstr(r->regime_labels[r->regime[0]], "1 equilibrium: {b} x {d}"));
    assert_non_null(strstr(r->regime_labels[r->regime[15]], "3 equilibria"));
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* ------------------------------------------------------------------ TU */

/* Symmetric 3-player game: v(i) = 0, v(pair) = a, v(N) = 1. The nucleolus is (1/3, 1/3,
 * 1/3); the least-core value is max(-1/3, a - 2/3), so the core becomes empty exactly at
 * a = 2/3; the coalitions of maximal excess are the singletons below a = 1/3 and the pairs
 * above (all six at a = 1/3). */
static const char TU_MODEL[] = "title: symmetric three\n"
                               "kind: tu\n"
                               "parameters:\n"
                               "  a: 0.5\n"
                               "players: [A, B, C]\n"
                               "values:\n"
                               "  A+B: a\n"
                               "  A+C: a\n"
                               "  B+C: a\n"
                               "  A+B+C: 1\n"
                               "sweep:\n"
                               "  a: {from: 0, to: 1, steps: 11}\n";

static void test_tu_core_becomes_empty(void **state)
{
    (void)state;
    mpol_model *m = load(TU_MODEL);
    mpol_sweep_result *r = run(m, 0);
    assert_int_equal(r->npoints, 11);
    assert_int_equal(r->ncols, 3);
    assert_string_equal(r->colnames[1], "B");
    assert_string_equal(r->value_name, "least_core_eps");
    assert_int_equal(r->unverified, 0);
    for (size_t k = 0; k < r->npoints; k++) {
        double a = r->params[k];
        assert_close(r->value[k], fmax(-1.0 / 3, a - 2.0 / 3), 1e-9);
        for (size_t i = 0; i < 3; i++)
            assert_close(r->solution[k * 3 + i], 1.0 / 3, 1e-9);
        assert_true(r->certificate[k] <= 1e-9);
    }
    assert_int_equal(r->nregimes, 3);
    assert_int_equal(r->nbreaks, 2);
    assert_true(fabs(r->breaks[0].at - 1.0 / 3) <= BREAK_TOL);
    assert_true(fabs(r->breaks[1].at - 2.0 / 3) <= BREAK_TOL);
    assert_non_null(strstr(r->breaks[0].from_regime, "core nonempty; nucleolus; 3 coalitions"));
    assert_non_null(strstr(r->breaks[1].from_regime, "core nonempty"));
    assert_non_null(strstr(r->breaks[1].to_regime, "core empty"));
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* ------------------------------------------------------------------ weighted voting */

/* The UN Security Council with the quota as a parameter: coalition weights are integers, so
 * the game for q in (38, 39] is the real one (all five permanent members and four elected:
 * 210 minimal winning coalitions, Shapley-Shubik 421/2145 per permanent member, Banzhaf
 * swings 848 and 84); the structure changes exactly at q = 38 and q = 39. */
static const char WVG_MODEL[] = "title: UNSC with a quota parameter\n"
                                "kind: weighted-voting\n"
                                "parameters:\n"
                                "  q: 39\n"
                                "quota: q\n"
                                "players: {China: 7, France: 7, Russia: 7, UK: 7, USA: 7,\n"
                                "  E1: 1, E2: 1, E3: 1, E4: 1, E5: 1, E6: 1, E7: 1, E8: 1,\n"
                                "  E9: 1, E10: 1}\n"
                                "sweep:\n"
                                "  q: {from: 37.5, to: 39.5, steps: 5}\n";

static void test_voting_quota_crosses_weight(void **state)
{
    (void)state;
    mpol_model *m = load(WVG_MODEL);
    mpol_sweep_result *r = run(m, 0);
    assert_int_equal(r->npoints, 5);
    assert_int_equal(r->ncols, 30);
    assert_string_equal(r->colnames[0], "banzhaf:China");
    assert_string_equal(r->colnames[15], "shapley_shubik:China");
    assert_int_equal(r->unverified, 0);
    /* q = 38.5 and q = 39: the real Council. */
    for (size_t k = 2; k <= 3; k++) {
        assert_true(r->value[k] == 210.0);
        assert_close(r->solution[k * 30 + 0], 848.0 / 5080.0, 1e-12);
        assert_close(r->solution[k * 30 + 5], 84.0 / 5080.0, 1e-12);
        assert_close(r->solution[k * 30 + 15], 421.0 / 2145.0, 1e-12);
    }
    /* q = 40: all five permanent members and five elected: C(10, 5) = 252. */
    assert_true(r->value[4] == 252.0);
    /* q = 37.5 and 38: five permanent and three elected (C(10, 3) = 120) or four permanent
     * and all ten elected (5). */
    assert_true(r->value[0] == 125.0 && r->value[1] == 125.0);
    assert_int_equal(r->nregimes, 3);
    assert_int_equal(r->nbreaks, 2);
    assert_true(fabs(r->breaks[0].at - 38.0) <= BREAK_TOL);
    assert_true(fabs(r->breaks[1].at - 39.0) <= BREAK_TOL);
    assert_non_null(strstr(r->regime_labels[r->regime[3]], "210 minimal winning coalitions"));
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* 17 equal players (the dynamic-programming path): C(17, q) minimal winning coalitions,
 * every index 1/17. */
static const char WVG17_MODEL[] = "title: seventeen equal\n"
                                  "kind: weighted-voting\n"
                                  "parameters:\n"
                                  "  q: 9\n"
                                  "quota: q\n"
                                  "players: {P1: 1, P2: 1, P3: 1, P4: 1, P5: 1, P6: 1, P7: 1,\n"
                                  "  P8: 1, P9: 1, P10: 1, P11: 1, P12: 1, P13: 1, P14: 1,\n"
                                  "  P15: 1, P16: 1, P17: 1}\n"
                                  "sweep:\n"
                                  "  q: {from: 8.5, to: 9.5, steps: 3}\n";

static void test_voting_large_path(void **state)
{
    (void)state;
    mpol_model *m = load(WVG17_MODEL);
    mpol_sweep_result *r = run(m, 0);
    assert_int_equal(r->unverified, 0);
    assert_true(r->value[0] == 24310.0 && r->value[1] == 24310.0);
    assert_true(r->value[2] == 19448.0);
    for (size_t c = 0; c < 34; c++)
        assert_close(r->solution[2 * 34 + c], 1.0 / 17, 1e-12);
    assert_int_equal(r->nregimes, 2);
    assert_int_equal(r->nbreaks, 1);
    assert_true(r->breaks[0].lo >= 9.0 - 1e-6 && r->breaks[0].hi <= 9.0 + 1e-6);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* ------------------------------------------------------------------ common properties */

static void assert_same(const mpol_sweep_result *a, const mpol_sweep_result *b)
{
    assert_int_equal(a->npoints, b->npoints);
    assert_memory_equal(a->value, b->value, a->npoints * sizeof(double));
    assert_memory_equal(a->solution, b->solution, a->npoints * a->ncols * sizeof(double));
    assert_memory_equal(a->certificate, b->certificate, a->npoints * sizeof(double));
    assert_memory_equal(a->signature, b->signature, a->npoints * sizeof(uint64_t));
    assert_int_equal(a->nbreaks, b->nbreaks);
    for (size_t i = 0; i < a->nbreaks; i++)
        assert_memory_equal(&a->breaks[i].at, &b->breaks[i].at, sizeof(double));
}

static void test_threads_do_not_matter(void **state)
{
    (void)state;
    const char *models[] = {NF_MODEL, BM_MODEL, TU_MODEL, WVG_MODEL};
    for (size_t i = 0; i < 4; i++) {
        mpol_model *m = load(models[i]);
        mpol_sweep_result *a = run(m, 1), *b = run(m, 2);
        assert_same(a, b);
        mpol_sweep_result_free(a);
        mpol_sweep_result_free(b);
        mpol_model_free(m);
    }
}

static void test_methods(void **state)
{
    (void)state;
    const char *models[] = {NF_MODEL, BM_MODEL, TU_MODEL, WVG_MODEL};
    const char *good[] = {"logit", "enumerate", "nucleolus", "power"};
    for (size_t i = 0; i < 4; i++) {
        mpol_model *m = load(models[i]);
        mpol_sweep_grid grid;
        assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
        mpol_sweep_opts o;
        mpol_sweep_opts_init(&o);
        o.method = "nosuch";
        mpol_sweep_result *r = NULL;
        assert_int_equal(mpol_sweep_run(&r, m, &grid, &o), MPOL_EINVAL);
        assert_null(r);
        assert_non_null(strstr(mpol_last_error(), "nosuch"));
        o.method = good[i];
        o.refine = 0;
        assert_int_equal(mpol_sweep_run(&r, m, &grid, &o), MPOL_OK);
        mpol_sweep_result_free(r);
        mpol_model_free(m);
    }
}

/* A point whose evaluation fails names the parameter values, not only its index; so does a
 * failing bisection midpoint. */
static void test_point_errors_name_values(void **state)
{
    (void)state;
    mpol_model *m = load("title: divides by zero at p = 0.5\n"
                         "kind: zero-sum\n"
                         "parameters:\n"
                         "  p: {default: 0.25, min: 0, max: 1}\n"
                         "  cn: {default: 1, min: 0, max: 2}\n"
                         "players:\n"
                         "  - {name: R, strategies: [a, b]}\n"
                         "  - {name: C, strategies: [x, y]}\n"
                         "payoffs:\n"
                         "  - [\"cn / (p - 0.5)\", 0]\n"
                         "  - [0, 1]\n");
    mpol_sweep_grid grid = {2, {0, 1}, {0, 0}, {1, 2}, {5, 3}};
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.threads = 1;
    mpol_sweep_result *r = NULL;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &o), MPOL_ENUMERIC);
    assert_null(r);
    assert_non_null(
        strstr(mpol_last_error(), "at p=0.5, cn=0 (grid point 2): sweep-kinds.yaml:10:"));
    grid.steps[0] = 4; /* 0, 1/3, 2/3, 1: the bisection meets p = 0.5 */
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &o), MPOL_ENUMERIC);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "bisection at p=0.5, cn="));
    mpol_model_free(m);
}

/* A hedonic game above the enumeration limit is refused with its player count (the message
 * used to read the count from freed memory). */
static void test_hedonic_too_large(void **state)
{
    (void)state;
    char text[4096];
    size_t o = (size_t)snprintf(text, sizeof text,
                                "kind: hedonic\nparameters: {a: {default: 1, min: 0, max: 2}}\n"
                                "players: [P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10]\n"
                                "preferences:\n  additive:\n");
    for (int i = 0; i < 11; i++) {
        o += (size_t)snprintf(text + o, sizeof text - o, "    P%d: {", i);
        for (int j = 0; j < 11; j++)
            if (j != i)
                o += (size_t)snprintf(text + o, sizeof text - o, "%sP%d: a",
                                      j == (i == 0 ? 1 : 0) ? "" : ", ", j);
        o += (size_t)snprintf(text + o, sizeof text - o, "}\n");
    }
    mpol_model *m = load(text);
    mpol_sweep_grid grid = {1, {0, 0}, {0, 0}, {1, 0}, {3, 0}};
    mpol_sweep_opts so;
    mpol_sweep_opts_init(&so);
    for (int jobs = 1; jobs <= 2; jobs++) {
        so.threads = jobs;
        mpol_sweep_result *r = NULL;
        assert_int_equal(mpol_sweep_run(&r, m, &grid, &so), MPOL_ELIMIT);
        assert_null(r);
        assert_non_null(strstr(mpol_last_error(), "need n <= 10 players, not 11"));
    }
    mpol_model_free(m);
}

static mpol_status oom_body(void *ctx)
{
    mpol_model *m = ctx;
    mpol_sweep_grid grid;
    mpol_status st = mpol_sweep_grid_from_model(&grid, m);
    if (st != MPOL_OK)
        return st;
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.threads = 1;
    o.refine_tol = 1e-3;
    mpol_sweep_result *r = NULL;
    st = mpol_sweep_run(&r, m, &grid, &o);
    mpol_sweep_result_free(r);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    const char *models[] = {NF_MODEL, BM_MODEL, TU_MODEL, WVG_MODEL};
    for (size_t i = 0; i < 4; i++) {
        mpol_model *m = load(models[i]);
        assert_true(mpol_test_oom_loop(oom_body, m) > 10);
        mpol_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_form_breakpoint),
        cmocka_unit_test(test_bimatrix_breakpoint),
        cmocka_unit_test(test_tu_core_becomes_empty),
        cmocka_unit_test(test_voting_quota_crosses_weight),
        cmocka_unit_test(test_voting_large_path),
        cmocka_unit_test(test_threads_do_not_matter),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_point_errors_name_values),
        cmocka_unit_test(test_hedonic_too_large),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
