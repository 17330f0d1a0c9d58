/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of reading games: Gambit .nfg files of dense m x m
 * zero-sum games (17-digit random payoffs, and small integers), read by mpol_nfg_read_file.
 * Baselines, measured in the same run over the same bytes: the C library's strtod loop over
 * the file's text (already in memory: conversion only, no I/O, no game) and, where python3
 * with numpy is present, numpy.loadtxt of the payoff lines (in its own process). Our own
 * decimal conversion over the same text is shown too (conv), and the peak memory of a
 * read (a child process's maximum resident set, less that of an idle child) against the
 * game's own arrays (8 bytes a payoff).
 *
 * A second table states the zero-sum solve end to end: load the .nfg as the CLI does
 * (mpol_model_load_file, mpol_model_game), take the matrix and solve it (dense simplex),
 * against the solve alone on the same matrix, at the sizes of the zerosum suite.
 *
 * Sizes: m = 250, 500, 1000 (250, 500 with --quick; 2000 added with --large).
 * Usage: bench_io [--quick] [--large] [--json] [--no-baselines]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "core/decimal_internal.h"
#include "multipolar/model.h"
#include "multipolar/nfg.h"
#include "multipolar/zerosum.h"

/* Writes a zero-sum m x m payoff-version .nfg: one cell "a -a" per line (17-digit
 * uniform payoffs in (-1, 1), or integers 0..99). @return 0 on success. */
static int write_game(const char *path, size_t m, int digits17, uint64_t seed)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return 1;
    mpol_bench_rng rng;
    mpol_bench_rng_seed(&rng, seed);
    fprintf(f, "NFG 1 R \"io %zu\" { \"A\" \"B\" } { %zu %zu }\n\n", m, m, m);
    for (size_t c = 0; c < m * m; c++) {
        if (digits17) {
            double a = 2 * mpol_bench_rng_uniform(&rng) - 1;
            fprintf(f, "%.17g %.17g\n", a, -a);
        } else {
            long a = (long)mpol_bench_rng_below(&rng, 100);
            fprintf(f, "%ld %ld\n", a, -a);
        }
    }
    return fclose(f) != 0;
}

/* The file's text, NUL-terminated, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *t = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (t != NULL && fread(t, 1, (size_t)n, f) != (size_t)n) {
        free(t);
        t = NULL;
    }
    fclose(f);
    if (t != NULL) {
        t[n] = '\0';
        *len = (size_t)n;
    }
    return t;
}

/* Converts every number of the body (after the header line) with strtod (conv = 0) or our
 * scan (conv = 1); @return the sum, so that nothing is optimized away. */
static double convert_all(const char *text, size_t len, int conv, size_t *count)
{
    const char *p = strchr(text, '\n'), *end = text + len;
    double sum = 0;
    *count = 0;
    while (p != NULL && p < end) {
        while (p < end && (*p == ' ' || *p == '\n'))
            p++;
        if (p >= end)
            break;
        char *e;
        if (conv) {
            mpol_i_decimal dec;
            size_t n = mpol_i_decimal_scan(p, (size_t)(end - p), &dec);
            sum += mpol_i_decimal_value(&dec, p);
            e = (char *)p + (n > 0 ? n : 1);
        } else {
            sum += strtod(p, &e);
            if (e == p)
                e++;
        }
        p = e;
        (*count)++;
    }
    return sum;
}

/* A "Key:  N kB" field of /proc/self/status, -1 if unavailable. */
static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t k = strlen(key);
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, key, k) == 0)
            kb = strtol(line + k, NULL, 10);
    if (f != NULL)
        fclose(f);
    return kb;
}

/* Peak resident kilobytes that reading @p path adds, measured in a child (its peak reset
 * through /proc/self/clear_refs, so the parent's history does not count); -1 if unknown. */
static long child_peak_kb(const char *path)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fd[0]);
#ifdef __GLIBC__
        malloc_trim(0); /* the parent's freed heap, inherited resident, must not be reused */
#endif
        FILE *c = fopen("/proc/self/clear_refs", "w");
        long kb = -1;
        if (c != NULL && fputs("5", c) >= 0 && fclose(c) == 0) {
            long before = status_kb("VmRSS:");
            mpol_game *g = NULL;
            int ok = mpol_nfg_read_file(&g, path) == MPOL_OK;
            long hwm = status_kb("VmHWM:");
            mpol_game_free(g);
            kb = ok && before >= 0 && hwm >= 0 ? hwm - before : -1;
        }
        ssize_t w = write(fd[1], &kb, sizeof kb);
        _exit(w == (ssize_t)sizeof kb ? 0 : 1);
    }
    close(fd[1]);
    long kb = -1;
    if (read(fd[0], &kb, sizeof kb) != (ssize_t)sizeof kb)
        kb = -1;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return kb;
}

/* numpy.loadtxt's wall seconds on the payoff lines of @p path, NAN if unavailable. */
static double numpy_loadtxt(const char *py, const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s -c 'import sys,time,numpy; t=time.perf_counter(); "
             "a=numpy.loadtxt(sys.argv[1], skiprows=2); print(time.perf_counter()-t, a.size)' "
             "'%s' 2>/dev/null",
             py, path);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NAN;
    double s = NAN, n = 0;
    if (fscanf(p, "%lf %lf", &s, &n) != 2)
        s = NAN;
    pclose(p);
    return s;
}

/* One row of the reading table; @return non-zero on a failed read or conversion mismatch. */
static int read_row(mpol_bench_table *t, const char *py, const char *path, size_t m, int d17)
{
    size_t len = 0, c1, c2;
    char *text = slurp(path, &len);
    if (text == NULL)
        return 1;
    double mb = (double)len / 1e6;
    mpol_bench_time t0 = mpol_bench_now();
    double s1 = convert_all(text, len, 0, &c1);
    double base = mpol_bench_since(t0).cpu;
    t0 = mpol_bench_now();
    double s2 = convert_all(text, len, 1, &c2);
    double conv = mpol_bench_since(t0).cpu;
    free(text);
    mpol_game *g = NULL;
    t0 = mpol_bench_now();
    mpol_status st = mpol_nfg_read_file(&g, path);
    double ours = mpol_bench_since(t0).cpu;
    int bad = st != MPOL_OK || c1 != c2 || memcmp(&s1, &s2, sizeof s1) != 0;
    if (st != MPOL_OK)
        fprintf(stderr, "io m=%zu: %s\n", m, mpol_last_error());
    mpol_game_free(g);
    long peak = child_peak_kb(path);
    double peak_mb = peak >= 0 ? (double)peak / 1024.0 : NAN;
    double arrays_mb = (double)(m * m * 2 * sizeof(double)) / (1024.0 * 1024.0);
    double np = py != NULL && m <= 1000 ? numpy_loadtxt(py, path) : NAN;
    char label[48];
    snprintf(label, sizeof label, "%zu %s", m, d17 ? "17-digit" : "ints");
    double e[8] = {mb, mb / ours, mb / base, conv, mb / conv, np, peak_mb, peak_mb / arrays_mb};
    mpol_bench_table_row(t, label, ours, base, e);
    return bad;
}

static int reading(const mpol_bench_opts *o, const char *dir, const size_t *sizes, size_t ns)
{
    static const char *const extra[] = {"MB",        "MB/s",  "strtod_MB/s", "conv",
                                        "conv_MB/s", "numpy", "peak_MB",     "peak/arrays"};
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "io", "reading m x m zero-sum .nfg files (seed m); CPU seconds",
                               "m payoffs", "read", "strtod", extra, 8);
    const char *py = o->baselines ? mpol_bench_python_scipy() : NULL;
    int bad = 0;
    char path[512];
    for (size_t s = 0; s < ns; s++) {
        for (int d17 = 1; d17 >= 0; d17--) {
            snprintf(path, sizeof path, "%s/g%zu_%d.nfg", dir, sizes[s], d17);
            if (write_game(path, sizes[s], d17, sizes[s]) != 0)
                return 1;
            bad |= read_row(t, py, path, sizes[s], d17);
            remove(path);
        }
    }
    mpol_bench_table_note(t, "read: mpol_nfg_read_file (I/O, conversion, exact rationals, the "
                             "game); strtod: the C library's strtod over the same text in "
                             "memory; conv: our conversion over that text (same doubles)");
    mpol_bench_table_note(
        t,
        "numpy: numpy.loadtxt of the payoff lines (m <= 1000, wall), %s; peak: "
        "the resident memory a read adds at its peak (in a child, VmHWM after clear_refs), and its "
        "ratio to the game's payoff array",
        py != NULL ? "its own process" : "not run (no python3 with numpy)");
    mpol_bench_table_end(t);
    return bad;
}

/* Loads path as the CLI does and solves it; *read_s and *solve_s get the two parts. */
static int end_to_end(const char *path, double *read_s, double *solve_s, double *alone_s)
{
    mpol_bench_time t0 = mpol_bench_now();
    mpol_model *model = NULL;
    mpol_game *g = NULL;
    double *A = NULL;
    if (mpol_model_load_file(&model, path) != MPOL_OK || mpol_model_game(&g, model) != MPOL_OK ||
        mpol_game_bimatrix(g, &A, NULL) != MPOL_OK) {
        fprintf(stderr, "io: %s: %s\n", path, mpol_last_error());
        mpol_model_free(model);
        mpol_game_free(g);
        return 1;
    }
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    mpol_model_free(model);
    mpol_game_free(g);
    *read_s = mpol_bench_since(t0).wall;
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    opts.method = MPOL_ZS_DENSE;
    int bad = 0;
    for (int k = 0; k < 2; k++) { /* the same solve: end to end, then alone */
        mpol_zs_result *r = NULL;
        t0 = mpol_bench_now();
        bad |= mpol_zs_solve(&r, A, m, n, &opts) != MPOL_OK;
        *(k == 0 ? solve_s : alone_s) = mpol_bench_since(t0).wall;
        mpol_zs_result_free(r);
    }
    mpol_free(A);
    return bad;
}

static int solving(const mpol_bench_opts *o, const char *dir, const size_t *sizes, size_t ns)
{
    static const char *const extra[] = {"read", "solve", "read_share", "MB"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "io", "zero-sum solve end to end from a .nfg (dense simplex); wall seconds", "m payoffs",
        "end_to_end", "solve_only", extra, 4);
    int bad = 0;
    char path[512];
    for (size_t s = 0; s < ns; s++) {
        for (int d17 = 1; d17 >= 0; d17--) {
            snprintf(path, sizeof path, "%s/z%zu_%d.nfg", dir, sizes[s], d17);
            if (write_game(path, sizes[s], d17, 20240601 + sizes[s]) != 0)
                return 1;
            FILE *f = fopen(path, "rb");
            double mb = NAN;
            if (f != NULL && fseek(f, 0, SEEK_END) == 0)
                mb = (double)ftell(f) / 1e6;
            if (f != NULL)
                fclose(f);
            double rd = NAN, sv = NAN, alone = NAN;
            bad |= end_to_end(path, &rd, &sv, &alone);
            char label[48];
            snprintf(label, sizeof label, "%zu %s", sizes[s], d17 ? "17-digit" : "ints");
            double e[4] = {rd, sv, rd / (rd + sv), mb};
            mpol_bench_table_row(t, label, rd + sv, alone, e);
            remove(path);
        }
    }
    mpol_bench_table_note(t, "end_to_end: mpol_model_load_file + mpol_model_game + the matrix + "
                             "mpol_zs_solve (as `multipolar solve FILE.nfg` does); solve_only: "
                             "the same solve again on the matrix in memory");
    mpol_bench_table_end(t);
    return bad;
}

MPOL_BENCH_DECLARE(io);
int mpol_bench_io(const mpol_bench_opts *o)
{
    static const size_t all[] = {250, 500, 1000, 2000};
    size_t ns = o->quick ? 2 : o->large ? 4 : 3;
    char *dir = mpol_bench_tmpdir();
    if (dir == NULL)
        return 1;
    int bad = reading(o, dir, all, ns);
    bad |= solving(o, dir, all, ns);
    mpol_bench_tmpdir_remove(dir);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "io", mpol_bench_io);
}
#endif
