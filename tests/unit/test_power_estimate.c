/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the cost estimates of the power indices (mpol_power_estimate_cost) and of
 * the limits and progress reports built on them:
 * - floating point: the work the loops count (mpol_power_result.work) equals the estimate
 *   exactly, on seeded random games and the EPIC instances;
 * - exact (GMP): the counted limb work lies within [EXACT_LOW, 1] of the estimate (the
 *   estimate bounds each count by its largest possible value);
 * - memory: the peak resident memory of a child process that runs the computation lies
 *   within [MEM_LOW, MEM_HIGH] of the estimated bytes;
 * - a limit just below the estimate refuses (MPOL_ELIMIT, the estimate in the message,
 *   before anything large is allocated), just above it the index is computed;
 * - the progress callback: non-decreasing, done <= total, at most ~1000 calls, ends at
 *   done == total;
 * - large games are refused at once: Shapley–Shubik on EPIC's 3434 players (exact: about
 *   28 GiB), exact Banzhaf on 10,000 players under a lower work limit.
 */
/* popen, pclose and getrusage are POSIX, not C11. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar/voting.h"

#define EXACT_LOW 0.4 /* counted GMP work / estimate, lower end */
#define MEM_LOW 0.5   /* peak RSS growth / estimated bytes */
#define MEM_HIGH 1.25

static mpol_wvg *random_wvg(mpol_test_rng *rng, size_t n, long wmax)
{
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, n), MPOL_OK);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += g->weights[i] = (double)mpol_test_rng_int(rng, 0, wmax);
    if (total == 0)
        total = g->weights[0] = 1;
    g->quota = (double)mpol_test_rng_int(rng, 1, (long)total);
    return g;
}

static mpol_wvg *epic(const char *rel, double quota)
{
    mpol_wvg *g = NULL;
    assert_int_equal(mpol_wvg_read_file(&g, mpol_test_shared(rel), quota), MPOL_OK);
    return g;
}

static mpol_status run(mpol_power_result **r, int kind, const mpol_wvg *g, const mpol_power_opts *o)
{
    return kind == MPOL_POWER_SHAPLEY_SHUBIK ? mpol_power_shapley_shubik(r, g, o)
                                             : mpol_power_banzhaf(r, g, o);
}

/* Runs one index and compares its counted work with the estimate. */
static void check_work(const mpol_wvg *g, int kind, int exact)
{
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = exact;
    mpol_power_estimate e;
    assert_int_equal(mpol_power_estimate_cost(&e, kind, g, &o), MPOL_OK);
    mpol_power_result *r = NULL;
    assert_int_equal(run(&r, kind, g, &o), MPOL_OK);
    if (!exact) {
        assert_true(r->work == e.work);
    } else {
        assert_true(r->work <= e.work);
        assert_true(r->work >= EXACT_LOW * e.work);
    }
    mpol_power_result_free(r);
}

static void test_random_games(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 19);
    int reps = mpol_test_reps(60);
    for (int t = 0; t < reps; t++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, t % 3 == 0 ? 120 : 25);
        mpol_wvg *g = random_wvg(&rng, n, t % 2 ? 30 : 400);
        for (int kind = 0; kind < 2; kind++)
            for (int exact = 0; exact < 2; exact++)
                check_work(g, kind, exact);
        mpol_wvg_free(g);
    }
}

static void test_epic_work(void **state)
{
    (void)state;
    mpol_wvg *g = epic("reference/epic_test_cases/uniform/uniform.n50.q11860.csv", 0);
    for (int kind = 0; kind < 2; kind++)
        for (int exact = 0; exact < 2; exact++)
            check_work(g, kind, exact);
    mpol_wvg_free(g);
    g = epic("reference/epic_test_cases/precoalitions/3434players-72068weight-noCoalitions.csv",
             36035);
    check_work(g, MPOL_POWER_BANZHAF, 0);
    mpol_wvg_free(g);
}

/* The child of child_peak (a fresh process, so that no memory freed by earlier tests is
 * reused): runs one index on an EPIC file and writes its peak RSS growth in bytes. */
static int peak_main(char **argv)
{
    mpol_wvg *g = NULL;
    if (mpol_wvg_read_file(&g, argv[2], atof(argv[3])) != MPOL_OK)
        return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double before = (double)ru.ru_maxrss * 1024.0;
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = atoi(argv[5]);
    mpol_power_result *r = NULL;
    if (run(&r, atoi(argv[4]), g, &o) != MPOL_OK)
        return 1;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.0f\n", (double)ru.ru_maxrss * 1024.0 - before);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
    return 0;
}

/* Peak RSS growth in bytes of running the index in a fresh child process. */
static double child_peak(const char *path, double quota, int kind, int exact)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/proc/%ld/exe --peak '%s' %.17g %d %d", (long)getpid(), path, quota,
             kind, exact);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    double grow = -1;
    assert_int_equal(fscanf(p, "%lf", &grow), 1);
    assert_int_equal(pclose(p), 0);
    return grow;
}

static void check_memory(const char *rel, double quota, int kind, int exact)
{
    mpol_wvg *g = epic(rel, quota);
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = exact;
    mpol_power_estimate e;
    assert_int_equal(mpol_power_estimate_cost(&e, kind, g, &o), MPOL_OK);
    double grow = child_peak(mpol_test_shared(rel), quota, kind, exact);
    print_message("%s %s n=%zu: estimated %.1f MiB, peak RSS grew %.1f MiB\n",
                  kind ? "Shapley-Shubik" : "Banzhaf", exact ? "exact" : "float", g->n,
                  e.bytes / 1048576.0, grow / 1048576.0);
    /* Below 4 MiB (the float Shapley-Shubik quadrature keeps two vectors of about the quota's
     * length) the peak RSS moves by whole pages and leaves untouched calloc pages out, so
     * only the estimate's role as a bound is checked there. */
    if (e.bytes >= 4.0 * 1048576.0)
        assert_true(grow >= MEM_LOW * e.bytes);
    assert_true(grow <= MEM_HIGH * e.bytes + (e.bytes < 4.0 * 1048576.0 ? 1048576.0 : 0.0));
    mpol_wvg_free(g);
}

static void test_memory(void **state)
{
    (void)state;
    if (mpol_test_quick())
        skip(); /* valgrind's and the sanitizers' own memory is not the computation's */
    const char *u50 = "reference/epic_test_cases/uniform/uniform.n50.q11860.csv";
    const char *u150 = "reference/epic_test_cases/uniform/uniform.n150.q35951.csv";
    const char *p394 = "reference/epic_test_cases/precoalitions/"
                       "394players-19596weight-noCoalitions.csv";
    check_memory(u50, 0, MPOL_POWER_SHAPLEY_SHUBIK, 1);
    check_memory(u150, 0, MPOL_POWER_SHAPLEY_SHUBIK, 0);
    check_memory(p394, 9799, MPOL_POWER_BANZHAF, 1);
}

/* A limit just below the estimate refuses with the estimate in the message; just above,
 * the index is computed. */
static void check_limits(const mpol_wvg *g, int kind, int exact)
{
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = exact;
    mpol_power_estimate e;
    assert_int_equal(mpol_power_estimate_cost(&e, kind, g, &o), MPOL_OK);
    char num[32];
    mpol_power_result *r = NULL;
    o.max_work = 0.99 * e.work;
    assert_int_equal(run(&r, kind, g, &o), MPOL_ELIMIT);
    assert_null(r);
    snprintf(num, sizeof num, "%.3g %s", e.work, exact ? "GMP limb operations" : "operations");
    assert_non_null(strstr(mpol_last_error(), num));
    assert_non_null(strstr(mpol_last_error(), "above the work limit"));
    o.max_work = 1.01 * e.work;
    o.max_cells = (size_t)(0.99 * e.bytes / 8.0);
    assert_int_equal(run(&r, kind, g, &o), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "above the memory limit"));
    o.max_cells = (size_t)(1.01 * e.bytes / 8.0) + 1;
    assert_int_equal(run(&r, kind, g, &o), MPOL_OK);
    mpol_power_result_free(r);
}

static void test_limits_at_the_estimate(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    for (int t = 0; t < 8; t++) {
        mpol_wvg *g = random_wvg(&rng, (size_t)mpol_test_rng_int(&rng, 10, 60), 50);
        for (int kind = 0; kind < 2; kind++)
            for (int exact = 0; exact < 2; exact++)
                check_limits(g, kind, exact);
        mpol_wvg_free(g);
    }
}

typedef struct progress_log {
    size_t calls, last_done, total, decreasing, over;
} progress_log;

static void on_progress(void *userdata, size_t done, size_t total)
{
    progress_log *p = userdata;
    if (p->calls > 0 && done < p->last_done)
        p->decreasing++;
    if (done > total)
        p->over++;
    p->calls++;
    p->last_done = done;
    p->total = total;
}

static void test_progress(void **state)
{
    (void)state;
    mpol_wvg *g = epic("reference/epic_test_cases/uniform/uniform.n50.q11860.csv", 0);
    for (int kind = 0; kind < 2; kind++)
        for (int exact = 0; exact < 2; exact++) {
            progress_log log = {0};
            mpol_power_opts o;
            mpol_power_opts_init(&o);
            o.exact = exact;
            o.progress = on_progress;
            o.userdata = &log;
            mpol_power_estimate e;
            assert_int_equal(mpol_power_estimate_cost(&e, kind, g, &o), MPOL_OK);
            mpol_power_result *r = NULL;
            assert_int_equal(run(&r, kind, g, &o), MPOL_OK);
            assert_true(log.calls >= 10);
            assert_true(log.calls <= 1100);
            assert_int_equal(log.decreasing, 0);
            assert_int_equal(log.over, 0);
            assert_int_equal(log.last_done, log.total);
            assert_int_equal(log.total, (size_t)e.work);
            mpol_power_result_free(r);
        }
    mpol_wvg_free(g);
}

/* The games of issue #19: refused at once with the estimate in the message. */
static void test_large_games_refused(void **state)
{
    (void)state;
    mpol_wvg *g = epic(
        "reference/epic_test_cases/precoalitions/3434players-72068weight-noCoalitions.csv", 36035);
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.exact = 1;
    mpol_power_result *r = NULL;
    double t = mpol_test_wall();
    assert_int_equal(mpol_power_shapley_shubik(&r, g, &o), MPOL_ELIMIT);
    t = mpol_test_wall() - t;
    print_message("exact Shapley-Shubik, 3434 players: refused in %.3f s: %s\n", t,
                  mpol_last_error());
    assert_non_null(strstr(mpol_last_error(), "GiB"));
    assert_non_null(strstr(mpol_last_error(), "above the memory limit of 1 GiB"));
    assert_true(t < (mpol_test_quick() ? 60.0 : 5.0));
    mpol_wvg_free(g);

    /* 10,000 players, weights 1..50 (seeded), quota half the total + 1: exact Banzhaf is
     * about 3.3e11 limb operations, above a limit of 1e11. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 10000);
    assert_int_equal(mpol_wvg_alloc(&g, 10000), MPOL_OK);
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += g->weights[i] = (double)mpol_test_rng_int(&rng, 1, 50);
    g->quota = floor(total / 2) + 1;
    mpol_power_estimate e;
    assert_int_equal(mpol_power_estimate_cost(&e, MPOL_POWER_BANZHAF, g, &o), MPOL_OK);
    assert_true(e.work > 2e11 && e.work < 5e11);
    o.max_work = 1e11;
    t = mpol_test_wall();
    assert_int_equal(mpol_power_banzhaf(&r, g, &o), MPOL_ELIMIT);
    t = mpol_test_wall() - t;
    print_message("exact Banzhaf, 10000 players: refused in %.3f s: %s\n", t, mpol_last_error());
    assert_non_null(strstr(mpol_last_error(), "above the work limit of 1e+11"));
    assert_true(t < (mpol_test_quick() ? 60.0 : 5.0));
    mpol_wvg_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    double w[3] = {2, 1, 1};
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, 3), MPOL_OK);
    memcpy(g->weights, w, sizeof w);
    g->quota = 3;
    mpol_power_estimate e;
    assert_int_equal(mpol_power_estimate_cost(NULL, MPOL_POWER_BANZHAF, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_power_estimate_cost(&e, (mpol_power_kind)7, g, NULL), MPOL_EINVAL);
    g->quota = 9;
    assert_int_equal(mpol_power_estimate_cost(&e, MPOL_POWER_BANZHAF, g, NULL), MPOL_EINVAL);
    g->quota = 3;
    assert_int_equal(mpol_power_estimate_cost(&e, MPOL_POWER_SHAPLEY_SHUBIK, g, NULL), MPOL_OK);
    assert_true(e.work > 0 && e.bytes > 0 && e.bits == 0);
    mpol_wvg_free(g);
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--peak") == 0)
        return peak_main(argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_games), cmocka_unit_test(test_epic_work),
        cmocka_unit_test(test_memory),       cmocka_unit_test(test_limits_at_the_estimate),
        cmocka_unit_test(test_progress),     cmocka_unit_test(test_large_games_refused),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
