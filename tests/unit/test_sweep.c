/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the sweep engine: analytic breakpoints found to 1e-9, values equal to the
 * closed form at every point, identical results whatever the thread count or slicing
 * (the property MPI runs rely on), two-parameter grids, CSV output, every error path and
 * allocation failures.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/sweep.h"

/* A = [[t, 0], [0, s]]: for t < 0 the row player plays r2 (value 0); for t > 0 (with s = 1)
 * both mix, x1 = s/(t+s), value t*s/(t+s). The support changes exactly at t = 0. */
static const char MODEL[] = "title: breakpoint at zero\n"
                            "kind: zero-sum\n"
                            "parameters:\n"
                            "  t: 0.5\n"
                            "  s: 1\n"
                            "players:\n"
                            "  - name: Row\n"
                            "    strategies: [r1, r2]\n"
                            "  - name: Col\n"
                            "    strategies: [c1, c2]\n"
                            "payoffs:\n"
                            "  - [\"t\", 0]\n"
                            "  - [0, \"s\"]\n"
                            "sweep:\n"
                            "  t: {from: -1, to: 1, steps: 41}\n";

static mpol_model *load(const char *text)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "sweep-test.yaml");
    if (st != MPOL_OK)
        fail_msg("model: %s", mpol_last_error());
    return m;
}

static void test_breakpoint_refined_and_values_exact(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
    assert_int_equal(mpol_sweep_grid_size(&grid), 41);
    mpol_sweep_opts opts;
    mpol_sweep_opts_init(&opts);
    mpol_sweep_result *r;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &opts), MPOL_OK);
    assert_int_equal(r->npoints, 41);
    assert_int_equal(r->unverified, 0);
    for (size_t k = 0; k < r->npoints; k++) {
        double t = r->params[k];
        double v = t > 0 ? t / (t + 1) : 0.0;
        assert_close(r->value[k], v, 1e-12);
        assert_true(r->certificate[k] <= 1e-9);
        assert_true(r->verified[k]);
    }
    assert_int_equal(r->nregimes, 2);
    assert_int_equal(r->nbreaks, 1);
    assert_true(fabs(r->breaks[0].at) <= 1e-9);
    assert_true(r->breaks[0].hi - r->breaks[0].lo <= 1e-9);
    assert_non_null(strstr(r->regime_labels[r->regime[0]], "Row {r2}"));
    assert_non_null(strstr(r->regime_labels[r->regime[40]], "Row {r1, r2}"));
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static void assert_same(const mpol_sweep_result *a, const mpol_sweep_result *b, size_t off)
{
    for (size_t k = 0; k < b->npoints; k++) {
        size_t i = k + off;
        assert_memory_equal(&a->value[i], &b->value[k], sizeof(double));
        assert_memory_equal(&a->certificate[i], &b->certificate[k], sizeof(double));
        assert_memory_equal(&a->solution[i * a->ncols], &b->solution[k * b->ncols],
                            a->ncols * sizeof(double));
        assert_true(a->signature[i] == b->signature[k]);
    }
}

static void test_results_do_not_depend_on_threads_or_slices(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    mpol_sweep_grid grid = {1, {0, 0}, {-1, 0}, {1, 0}, {1000, 0}};
    mpol_sweep_opts o1, o2;
    mpol_sweep_opts_init(&o1);
    mpol_sweep_opts_init(&o2);
    o1.threads = 1;
    o2.threads = 2;
    mpol_sweep_result *a, *b;
    assert_int_equal(mpol_sweep_run(&a, m, &grid, &o1), MPOL_OK);
    assert_int_equal(mpol_sweep_run(&b, m, &grid, &o2), MPOL_OK);
    assert_same(a, b, 0);
    mpol_sweep_result_free(b);
    /* Slices, one starting in the middle of a warm-start block. */
    size_t cuts[] = {0, 100, 256, 700, 1000};
    for (size_t c = 0; c + 1 < sizeof cuts / sizeof cuts[0]; c++) {
        mpol_sweep_opts os;
        mpol_sweep_opts_init(&os);
        os.first = cuts[c];
        os.count = cuts[c + 1] - cuts[c];
        assert_int_equal(mpol_sweep_run(&b, m, &grid, &os), MPOL_OK);
        assert_null(b->regime); /* not finalized: not the whole grid */
        assert_same(a, b, cuts[c]);
        mpol_sweep_result_free(b);
    }
    mpol_sweep_result_free(a);
    mpol_model_free(m);
}

static void test_two_parameters(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    size_t it, is;
    assert_int_equal(mpol_model_param_index(m, "t", &it), MPOL_OK);
    assert_int_equal(mpol_model_param_index(m, "s", &is), MPOL_OK);
    /* s in [-1, 1] too: r1 and r2 swap roles at s = 0. */
    mpol_sweep_grid grid = {2, {it, is}, {-1, -1}, {1, 1}, {9, 7}};
    mpol_sweep_result *r;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, NULL), MPOL_OK);
    assert_int_equal(r->npoints, 63);
    assert_int_equal(r->unverified, 0);
    int saw_t = 0, saw_s = 0;
    for (size_t b = 0; b < r->nbreaks; b++) {
        if (r->breaks[b].axis == 0 && fabs(r->breaks[b].at) <= 1e-9)
            saw_t = 1;
        if (r->breaks[b].axis == 1 && fabs(r->breaks[b].at) <= 1e-9)
            saw_s = 1;
    }
    assert_true(saw_t && saw_s);
    for (size_t k = 0; k < r->npoints; k++) {
        double t = r->params[2 * k], s = r->params[2 * k + 1];
        /* Mixed (value ts/(t+s)) when t and s have the same strict sign, else a saddle
         * point with value 0. */
        double v = t * s > 0 ? t * s / (t + s) : 0.0;
        assert_close(r->value[k], v, 1e-12);
    }
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static void test_csv_output(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
    mpol_sweep_result *r;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, NULL), MPOL_OK);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_sweep_write_csv(r, m, f, 1), MPOL_OK);
    rewind(f);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line,
                        "t,value,Row:r1,Row:r2,Col:c1,Col:c2,duality_gap,verified,regime,status\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "-1,0,0,1,1,0,0,1,0,ok\n");
    size_t rows = 1;
    while (fgets(line, sizeof line, f) != NULL)
        rows++;
    assert_int_equal(rows, 41);
    fclose(f);
    f = tmpfile();
    assert_int_equal(mpol_sweep_write_json(r, m, f), MPOL_OK);
    fclose(f);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    mpol_sweep_result *r = NULL;
    mpol_sweep_grid g = {1, {7, 0}, {0, 0}, {1, 0}, {10, 0}};
    assert_int_equal(mpol_sweep_run(&r, m, &g, NULL), MPOL_EINVAL);
    g.param[0] = 0;
    g.steps[0] = 0;
    assert_int_equal(mpol_sweep_run(&r, m, &g, NULL), MPOL_EINVAL);
    g.steps[0] = 10;
    g.naxes = 3;
    assert_int_equal(mpol_sweep_run(&r, m, &g, NULL), MPOL_EINVAL);
    mpol_sweep_grid same = {2, {0, 0}, {0, 0}, {1, 1}, {3, 3}};
    assert_int_equal(mpol_sweep_run(&r, m, &same, NULL), MPOL_EINVAL);
    mpol_sweep_grid huge = {2, {0, 1}, {0, 0}, {1, 1}, {100000, 100000}};
    assert_int_equal(mpol_sweep_run(&r, m, &huge, NULL), MPOL_ELIMIT);
    mpol_sweep_grid inf = {1, {0, 0}, {0, 0}, {INFINITY, 0}, {3, 0}};
    assert_int_equal(mpol_sweep_run(&r, m, &inf, NULL), MPOL_EINVAL);
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.first = 5;
    o.count = 100;
    g.naxes = 1;
    assert_int_equal(mpol_sweep_run(&r, m, &g, &o), MPOL_EINVAL);
    o.first = 50;
    o.count = 0;
    assert_int_equal(mpol_sweep_run(&r, m, &g, &o), MPOL_EINVAL);
    o.first = 0;
    o.method = "nosuch";
    assert_int_equal(mpol_sweep_run(&r, m, &g, &o), MPOL_EINVAL);
    assert_null(r);
    mpol_model_free(m);

    /* A model without a sweep section has no default grid. */
    static const char nosweep[] = "title: x\nkind: zero-sum\nplayers:\n"
                                  "  - {name: A, strategies: [a]}\n"
                                  "  - {name: B, strategies: [b]}\npayoffs:\n  - [1]\n";
    m = load(nosweep);
    assert_int_equal(mpol_sweep_grid_from_model(&g, m), MPOL_EINVAL);
    mpol_model_free(m);
}

static mpol_status oom_body(void *ctx)
{
    mpol_model *m = ctx;
    mpol_sweep_grid grid = {1, {0, 0}, {-1, 0}, {1, 0}, {300, 0}};
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    o.threads = 1;
    mpol_sweep_result *r = NULL;
    mpol_status st = mpol_sweep_run(&r, m, &grid, &o);
    if (st == MPOL_OK) {
        FILE *f = tmpfile();
        st = mpol_sweep_write_csv(r, m, f, 1);
        fclose(f);
    }
    mpol_sweep_result_free(r);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    mpol_model *m = load(MODEL);
    assert_true(mpol_test_oom_loop(oom_body, m) > 10);
    mpol_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breakpoint_refined_and_values_exact),
        cmocka_unit_test(test_results_do_not_depend_on_threads_or_slices),
        cmocka_unit_test(test_two_parameters),
        cmocka_unit_test(test_csv_output),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
