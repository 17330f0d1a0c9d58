/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the bimatrix benchmark: all extreme equilibria of random 15x15 and
 * 20x20 games (integer payoffs 0..99, fixed seeds) side by side with lrsnash (lrslib, run
 * through popen in the same process run), and one equilibrium of 100x100 games by
 * Lemke–Howson (mpol_bimatrix_one: label 1, fallback to the next labels). It prints one
 * table row per game: size, wall-clock and CPU time (ours: all threads; lrsnash: the child
 * processes), number of equilibria, the ratios to the baseline and whether the two sets of
 * equilibria agree. On a shared machine the wall-clock times depend on the load; the CPU
 * ratio is the steadier figure.
 *
 * Usage: bench_bimatrix [--with-slow-baseline] [--games N] [--games20 N] [--lh N]
 *   --with-slow-baseline  also run lrsnash on the 20x20 games (minutes each)
 *   --games N             15x15 games (default 5)
 *   --games20 N           20x20 games (default 1)
 *   --lh N                100x100 Lemke–Howson games (default 10)
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen, clock_gettime */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "multipolar/bimatrix.h"

#define SAME_TOL 1e-7

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds of this process (all threads) or of its waited-for children. */
static double cpu(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void random_game(uint64_t seed, size_t m, size_t n, double *A, double *B)
{
    uint64_t s = seed;
    for (size_t k = 0; k < m * n; k++)
        A[k] = (double)(splitmix(&s) % 100);
    for (size_t k = 0; k < m * n; k++)
        B[k] = (double)(splitmix(&s) % 100);
}

static double parse_frac(const char *tok)
{
    const char *slash = strchr(tok, '/');
    double p = strtod(tok, NULL);
    return slash ? p / strtod(slash + 1, NULL) : p;
}

/* Runs lrsnash; returns the number of equilibria (-1 on failure) and counts how many of
 * them are in @p r (*agree). */
static long run_lrsnash(size_t m, size_t n, const double *A, const double *B,
                        const mpol_bimatrix_result *r, long *agree)
{
    char path[] = "/tmp/mpol_bench_lrsnash_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    fprintf(f, "%zu %zu\n\n", m, n);
    const double *mats[2] = {A, B};
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < m; i++) {
            for (size_t j = 0; j < n; j++)
                fprintf(f, "%.0f ", mats[p][i * n + j]);
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "lrsnash %s 2>/dev/null", path);
    FILE *pp = popen(cmd, "r");
    if (pp == NULL) {
        unlink(path);
        return -1;
    }
    static char line[1 << 16];
    static double ys[64][64], xs[64][64];
    size_t ny = 0, nx = 0;
    long count = 0;
    *agree = 0;
    for (;;) {
        char *got = fgets(line, sizeof line, pp);
        char *tok = got ? strtok(line, " \t\n") : NULL;
        if (tok == NULL || (strcmp(tok, "1") != 0 && strcmp(tok, "2") != 0)) {
            /* End of a group: every (x, y) pair of it is an equilibrium. */
            for (size_t a = 0; a < nx; a++) {
                for (size_t b = 0; b < ny; b++) {
                    count++;
                    for (size_t e = 0; e < r->neq; e++) {
                        int same = 1;
                        for (size_t i = 0; i < m && same; i++)
                            same = fabs(r->eq[e].x[i] - xs[a][i]) <= SAME_TOL;
                        for (size_t j = 0; j < n && same; j++)
                            same = fabs(r->eq[e].y[j] - ys[b][j]) <= SAME_TOL;
                        if (same) {
                            (*agree)++;
                            break;
                        }
                    }
                }
            }
            nx = ny = 0;
            if (got == NULL)
                break;
            continue;
        }
        int player = tok[0] - '0';
        size_t k = player == 1 ? m : n;
        if (nx == 64 || ny == 64)
            continue;
        double *v = player == 1 ? xs[nx++] : ys[ny++];
        for (size_t i = 0; i < k; i++) {
            tok = strtok(NULL, " \t\n");
            v[i] = tok ? parse_frac(tok) : NAN;
        }
    }
    int rc = pclose(pp);
    unlink(path);
    return rc == 0 ? count : -1;
}

static int bench_enum(size_t size, int games, int with_lrsnash, double *worst)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    int failures = 0;
    double tot_ours = 0.0, tot_lrs = 0.0, tot_cours = 0.0, tot_clrs = 0.0;
    for (int g = 0; g < games; g++) {
        uint64_t seed = 1000u * size + (uint64_t)g;
        random_game(seed, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        double t0 = now(), c0 = cpu(RUSAGE_SELF);
        mpol_status st = mpol_bimatrix_enumerate(&r, size, size, A, B, NULL);
        double t_ours = now() - t0, c_ours = cpu(RUSAGE_SELF) - c0;
        if (st != MPOL_OK) {
            printf("%-28s FAILED: %s\n", "enumerate", mpol_last_error());
            failures++;
            continue;
        }
        tot_ours += t_ours;
        tot_cours += c_ours;
        if (t_ours > *worst)
            *worst = t_ours;
        char name[64];
        snprintf(name, sizeof name, "all-NE %zux%zu seed %llu", size, size,
                 (unsigned long long)seed);
        if (with_lrsnash) {
            long agree = 0;
            t0 = now();
            c0 = cpu(RUSAGE_CHILDREN);
            long nl = run_lrsnash(size, size, A, B, r, &agree);
            double t_lrs = now() - t0, c_lrs = cpu(RUSAGE_CHILDREN) - c0;
            tot_lrs += t_lrs;
            tot_clrs += c_lrs;
            int same = nl == (long)r->neq && agree == nl;
            failures += !same;
            printf("%-26s %8.3f %8.3f %6zu %9.3f %9.3f %7ld %7.1fx %7.1fx  %-5s %9zu %9zu\n", name,
                   t_ours, c_ours, r->neq, t_lrs, c_lrs, nl, t_lrs / t_ours, c_lrs / c_ours,
                   same ? "same" : "DIFF", r->bases_p, r->bases_q);
        } else {
            printf("%-26s %8.3f %8.3f %6zu %9s %9s %7s %8s %8s  %-5s %9zu %9zu\n", name, t_ours,
                   c_ours, r->neq, "-", "-", "-", "-", "-", "-", r->bases_p, r->bases_q);
        }
        fflush(stdout);
        mpol_bimatrix_result_free(r);
    }
    if (with_lrsnash && tot_ours > 0)
        printf("%-26s %8.3f %8.3f %6s %9.3f %9.3f %7s %7.1fx %7.1fx\n", "  total", tot_ours,
               tot_cours, "", tot_lrs, tot_clrs, "", tot_lrs / tot_ours, tot_clrs / tot_cours);
    free(A);
    free(B);
    return failures;
}

static int bench_lh(size_t size, int games, double *worst)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    int failures = 0;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    for (int g = 0; g < games; g++) {
        uint64_t seed = 5000u + (uint64_t)g;
        random_game(seed, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        double t0 = now(), c0 = cpu(RUSAGE_SELF);
        mpol_status st = mpol_bimatrix_one(&r, size, size, A, B, &o);
        double t1 = now() - t0, c1 = cpu(RUSAGE_SELF) - c0;
        if (st != MPOL_OK) {
            printf("LH FAILED: %s\n", mpol_last_error());
            failures++;
            continue;
        }
        if (t1 > *worst)
            *worst = t1;
        char name[64];
        snprintf(name, sizeof name, "LH %zux%zu seed %llu", size, size, (unsigned long long)seed);
        printf("%-26s %8.4f %8.4f %6zu %8zu %8.1fx   %.1e\n", name, t1, c1, r->eq[0].labels[0],
               r->pivots, 0.38 / t1, fmax(r->eq[0].regret_row, r->eq[0].regret_col));
        mpol_bimatrix_result_free(r);
    }
    free(A);
    free(B);
    return failures;
}

int main(int argc, char **argv)
{
    int slow = 0, games = 5, games20 = 1, lh = 10;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--with-slow-baseline") == 0)
            slow = 1;
        else if (strcmp(argv[a], "--games") == 0 && a + 1 < argc)
            games = atoi(argv[++a]);
        else if (strcmp(argv[a], "--games20") == 0 && a + 1 < argc)
            games20 = atoi(argv[++a]);
        else if (strcmp(argv[a], "--lh") == 0 && a + 1 < argc)
            lh = atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: %s [--with-slow-baseline] [--games N] [--games20 N] [--lh N]\n",
                    argv[0]);
            return 2;
        }
    }
    int have_lrs = access("/usr/bin/lrsnash", X_OK) == 0;
    int failures = 0;
    double worst15 = 0.0, worst20 = 0.0, worst_lh = 0.0;
    printf("%-26s %8s %8s %6s %9s %9s %7s %8s %8s  %-5s %9s %9s\n", "game", "ours_s", "cpu_s",
           "#NE", "lrsnash_s", "cpu_s", "#NE", "wall", "cpu", "set", "bases(P)", "bases(Q)");
    failures += bench_enum(15, games, have_lrs, &worst15);
    failures += bench_enum(20, games20, have_lrs && slow, &worst20);
    printf("\n%-26s %8s %8s %6s %8s %9s   %s\n", "one NE (mpol_bimatrix_one)", "wall_s", "cpu_s",
           "label", "pivots", "vs 0.38s", "regret");
    printf("(gambit-lcp 0.38 s is the figure quoted in the brief, not measured here)\n");
    failures += bench_lh(100, lh, &worst_lh);
    printf("\nworst 15x15: %.4f s (target 0.3 s); worst 20x20: %.3f s (target 30 s); "
           "worst LH 100x100: %.4f s (target 0.05 s)\n",
           worst15, worst20, worst_lh);
    return failures != 0;
}
