/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of the weighted-voting power indices (voting.h) on the
 * EPIC instances of shared/reference/epic_test_cases and on synthetic scaling series.
 *
 * Baselines, measured in the same run:
 * - "naive DP": the textbook per-player dynamic programme that rebuilds the generating
 *   function without player i for every i (O(n^2 q) for Banzhaf, O(n^3 q) for
 *   Shapley-Shubik); it is timed on a few players and scaled to all n (marked "~").
 * - brute force over the 2^n coalitions for the small synthetic games;
 * - the published EPIC times (Molinero et al.'s EPIC tool) for the two target instances,
 *   printed as reference figures only (not measured here).
 *
 * Usage: bench_voting [--exact-all]   (GMP runs are skipped where they would take minutes
 * unless --exact-all is given).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "multipolar/voting.h"

typedef struct timer {
    double wall, cpu;
} timer;

static timer tnow(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    timer t = {(double)w.tv_sec + 1e-9 * (double)w.tv_nsec,
               (double)c.tv_sec + 1e-9 * (double)c.tv_nsec};
    return t;
}

static timer tsince(timer t0)
{
    timer t = tnow();
    t.wall -= t0.wall;
    t.cpu -= t0.cpu;
    return t;
}

/* Naive per-player Banzhaf DP for `players` players; returns seconds (CPU). */
static double naive_banzhaf(const mpol_wvg *g, size_t players, double *out)
{
    size_t L = (size_t)g->quota;
    double *c = malloc(L * sizeof *c);
    timer t0 = tnow();
    for (size_t i = 0; i < players; i++) {
        memset(c, 0, L * sizeof *c);
        c[0] = 1;
        for (size_t j = 0; j < g->n; j++) {
            if (j == i)
                continue;
            size_t wj = (size_t)g->weights[j];
            for (size_t w = L; w-- > wj;)
                c[w] = 0.5 * (c[w] + c[w - wj]);
            for (size_t w = 0; w < wj && w < L; w++)
                c[w] *= 0.5;
        }
        double s = 0;
        size_t wi = (size_t)g->weights[i];
        for (size_t w = wi < L ? L - wi : 0; w < L; w++)
            s += c[w];
        out[i] = s;
    }
    free(c);
    return tsince(t0).cpu;
}

/* Naive per-player Shapley-Shubik DP (sizes x weights) for `players` players. */
static double naive_ss(const mpol_wvg *g, size_t players)
{
    size_t L = (size_t)g->quota, n = g->n;
    double *c = calloc(n * L, sizeof *c);
    timer t0 = tnow();
    volatile double sink = 0;
    for (size_t i = 0; i < players; i++) {
        memset(c, 0, n * L * sizeof *c);
        c[0] = 1;
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            size_t wj = (size_t)g->weights[j];
            m++;
            for (size_t s = m; s >= 1; s--)
                for (size_t w = wj; w < L; w++)
                    c[s * L + w] += c[(s - 1) * L + w - wj];
        }
        sink += c[L - 1];
    }
    free(c);
    (void)sink;
    return tsince(t0).cpu;
}

/* x formatted into buf when ok, else the word `no`. */
static const char *num(char *buf, int ok, const char *fmt, double x, const char *no)
{
    if (!ok)
        return no;
    snprintf(buf, 16, fmt, x);
    return buf;
}

static int have_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

typedef struct instance {
    const char *file;        /* under epic_test_cases/ */
    double quota;            /* > 0: quota for files without a quota line */
    double epic_bz, epic_ss; /* published EPIC seconds, 0 if none */
} instance;

static void run_instance(const instance *in, int exact_all)
{
    char path[512];
    snprintf(path, sizeof path, "%s/reference/epic_test_cases/%s", MPOL_SHARED_DIR, in->file);
    if (!have_file(path)) {
        printf("%-48s (missing)\n", in->file);
        return;
    }
    mpol_wvg *g;
    if (mpol_wvg_read_file(&g, path, in->quota) != MPOL_OK) {
        printf("%-48s %s\n", in->file, mpol_last_error());
        return;
    }
    mpol_power_opts fl, ex;
    mpol_power_opts_init(&fl);
    mpol_power_opts_init(&ex);
    ex.exact = 1;
    ex.max_work = exact_all ? 1e13 : 4e9;
    ex.max_cells = (size_t)1 << 24;
    mpol_power_result *r = NULL;
    timer t0 = tnow();
    mpol_status st = mpol_power_banzhaf(&r, g, &fl);
    timer bz = tsince(t0);
    if (st != MPOL_OK) {
        printf("%-44s %s\n", in->file, mpol_last_error());
        mpol_wvg_free(g);
        return;
    }
    double check = r->check_error;
    mpol_power_result_free(r);
    size_t sample = g->n < 4 ? g->n : 4;
    double *tmp = malloc(g->n * sizeof *tmp);
    double naive = naive_banzhaf(g, sample, tmp) * (double)g->n / (double)sample;
    free(tmp);
    t0 = tnow();
    mpol_status ste = mpol_power_banzhaf(&r, g, &ex);
    timer bze = tsince(t0);
    mpol_power_result_free(r);
    t0 = tnow();
    mpol_power_opts fss = fl;
    fss.max_work = 2e10;
    mpol_status sts = mpol_power_shapley_shubik(&r, g, &fss);
    timer ss = tsince(t0);
    mpol_power_result_free(r);
    double naive_s = NAN;
    if (sts == MPOL_OK && g->n <= 200)
        naive_s = naive_ss(g, 2) * (double)g->n / 2.0;
    timer sse = {NAN, NAN};
    mpol_status stse = MPOL_ELIMIT;
    if (g->n <= 60 || exact_all) {
        t0 = tnow();
        stse = mpol_power_shapley_shubik(&r, g, &ex);
        sse = tsince(t0);
        mpol_power_result_free(r);
    }
    char epic[48] = "";
    if (in->epic_bz > 0)
        snprintf(epic, sizeof epic, " EPIC Bz %.1f s", in->epic_bz);
    if (in->epic_ss > 0)
        snprintf(epic, sizeof epic, " EPIC SS %.1f s", in->epic_ss);
    char b1[16], b2[16], b3[16], b4[16], b5[16], b6[16];
    printf("%-44s %5zu %8.0f | %7.3f %7.3f ~%8.2f x%-7.0f %8s | %7s %8s ~%8s x%-6s %8s | %.1e%s\n",
           in->file, g->n, g->quota, bz.wall, bz.cpu, naive, naive / bz.cpu,
           num(b1, ste == MPOL_OK, "%.2f", bze.cpu, "skip"),
           num(b2, sts == MPOL_OK, "%.3f", ss.wall, "limit"),
           num(b3, sts == MPOL_OK, "%.3f", ss.cpu, "-"),
           num(b4, !isnan(naive_s), "%.1f", naive_s, "-"),
           num(b5, !isnan(naive_s), "%.0f", naive_s / ss.cpu, "-"),
           num(b6, stse == MPOL_OK, "%.2f", sse.cpu, "skip"), check, epic);
    mpol_wvg_free(g);
}

/* Brute force over 2^n coalitions (Banzhaf swings), for the small synthetic games. */
static double brute_banzhaf(const mpol_wvg *g)
{
    size_t n = g->n;
    long *sw = calloc(n, sizeof *sw);
    timer t0 = tnow();
    for (unsigned long S = 0; S < (1ul << n); S++) {
        double ws = 0;
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1)
                ws += g->weights[j];
        if (ws >= g->quota)
            continue;
        for (size_t i = 0; i < n; i++)
            if (!(S >> i & 1) && ws + g->weights[i] >= g->quota)
                sw[i]++;
    }
    double t = tsince(t0).cpu;
    free(sw);
    return t;
}

static void scaling(void)
{
    printf("\nScaling: uniform integer weights 1..50, quota = half the total + 1 (seed 1)\n");
    printf("%6s %9s | %9s %9s %9s | %9s %9s | %9s\n", "n", "quota", "Bz wall", "Bz cpu", "Bz GMP",
           "SS wall", "SS cpu", "brute Bz");
    size_t ns[] = {16, 20, 24, 50, 100, 200, 400, 800, 1600, 3200, 6400};
    unsigned long long state = 1;
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        size_t n = ns[k];
        mpol_wvg *g;
        if (mpol_wvg_alloc(&g, n) != MPOL_OK)
            return;
        double W = 0;
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            g->weights[i] = (double)(1 + (state >> 33) % 50);
            W += g->weights[i];
        }
        g->quota = floor(W / 2) + 1;
        mpol_power_opts fl, ex;
        mpol_power_opts_init(&fl);
        mpol_power_opts_init(&ex);
        ex.exact = 1;
        mpol_power_result *r = NULL;
        timer t0 = tnow();
        mpol_power_banzhaf(&r, g, &fl);
        timer bz = tsince(t0);
        mpol_power_result_free(r);
        t0 = tnow();
        mpol_status ste = n <= 1600 ? mpol_power_banzhaf(&r, g, &ex) : MPOL_ELIMIT;
        timer bze = tsince(t0);
        if (ste == MPOL_OK)
            mpol_power_result_free(r);
        timer ss = {NAN, NAN};
        if (n <= 800) {
            t0 = tnow();
            if (mpol_power_shapley_shubik(&r, g, &fl) == MPOL_OK)
                mpol_power_result_free(r);
            ss = tsince(t0);
        }
        double brute = n <= 24 ? brute_banzhaf(g) : NAN;
        printf("%6zu %9.0f | %9.4f %9.4f %9.4f | %9.4f %9.4f | %9.4f\n", n, g->quota, bz.wall,
               bz.cpu, ste == MPOL_OK ? bze.cpu : NAN, ss.wall, ss.cpu, brute);
        mpol_wvg_free(g);
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int exact_all = argc > 1 && strcmp(argv[1], "--exact-all") == 0;
    static const instance insts[] = {
        {"uniform/uniform.n50.q11860.csv", 0, 0, 0},
        {"uniform/uniform.n100.q24129.csv", 0, 0, 0},
        {"uniform/uniform.n150.q35951.csv", 0, 0, 14.9},
        {"normal_sqrd/normal_sqrd.n50.q249646.csv", 0, 0, 0},
        {"normal_sqrd/normal_sqrd.n100.q504097.csv", 0, 0, 0},
        {"normal_sqrd/normal_sqrd.n150.q774799.csv", 0, 0, 0},
        {"normal_sqrd/normal_sqrd.n200.q1036947.csv", 0, 0, 0},
        {"precoalitions/87players-1128975weight-AIIB-noCoalitions.csv", 564488, 0, 0},
        {"precoalitions/266players-13705weight-noCoalitions.csv", 6853, 0, 0},
        {"precoalitions/394players-19596weight-noCoalitions.csv", 9799, 0, 0},
        {"precoalitions/741players-37064weight-noCoalitions.csv", 18533, 0, 0},
        {"precoalitions/3034players-152098weight-noCoalitions.csv", 76050, 0, 0},
        {"precoalitions/3434players-72068weight-noCoalitions.csv", 36035, 15.9, 0},
    };
    printf("Power indices on the EPIC instances (seconds; cpu = process CPU time; ~ = naive DP "
           "timed on a few players and scaled to n;\nx = naive cpu / ours cpu; GMP = exact "
           "counts; 'skip'/'limit' = above the work limits of this run)\n");
    printf("%-44s %5s %8s | %7s %7s %9s %8s %8s | %7s %8s %9s %7s %8s | %s\n", "instance", "n",
           "quota", "Bz wall", "Bz cpu", "naive Bz", "ratio", "Bz GMP", "SS wall", "SS cpu",
           "naive SS", "ratio", "SS GMP", "Bz check");
    for (size_t k = 0; k < sizeof insts / sizeof insts[0]; k++)
        run_instance(&insts[k], exact_all);
    scaling();
    return 0;
}
