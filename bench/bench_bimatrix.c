/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the bimatrix benchmark: all extreme equilibria of random 15x15 and
 * 20x20 games (integer payoffs 0..99, fixed seeds) side by side with lrsnash (lrslib, run
 * through popen in the same process run), and Lemke–Howson on 100x100 games. It prints one
 * table row per game: size, time, number of equilibria, the ratio to the baseline and
 * whether the two sets of equilibria agree.
 *
 * Usage: bench_bimatrix [--with-slow-baseline] [--games N]
 *   --with-slow-baseline  also run lrsnash on the 20x20 games (minutes each)
 *   --games N             15x15 and 100x100 games (default 5)
 *   --games20 N           20x20 games (default 1)
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen, clock_gettime */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    double tot_ours = 0.0, tot_lrs = 0.0;
    for (int g = 0; g < games; g++) {
        uint64_t seed = 1000u * size + (uint64_t)g;
        random_game(seed, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        double t0 = now();
        mpol_status st = mpol_bimatrix_enumerate(&r, size, size, A, B, NULL);
        double t_ours = now() - t0;
        if (st != MPOL_OK) {
            printf("%-28s FAILED: %s\n", "enumerate", mpol_last_error());
            failures++;
            continue;
        }
        tot_ours += t_ours;
        if (t_ours > *worst)
            *worst = t_ours;
        char name[64];
        snprintf(name, sizeof name, "all-NE %zux%zu seed %llu", size, size,
                 (unsigned long long)seed);
        if (with_lrsnash) {
            long agree = 0;
            t0 = now();
            long nl = run_lrsnash(size, size, A, B, r, &agree);
            double t_lrs = now() - t0;
            tot_lrs += t_lrs;
            int same = nl == (long)r->neq && agree == nl;
            failures += !same;
            printf("%-30s %9.4f %6zu %9.3f %7ld %9.1fx   %-5s %9zu %9zu\n", name, t_ours, r->neq,
                   t_lrs, nl, t_lrs / t_ours, same ? "same" : "DIFF", r->vertices_p, r->vertices_q);
        } else {
            printf("%-30s %9.4f %6zu %9s %7s %10s   %-5s %9zu %9zu\n", name, t_ours, r->neq, "-",
                   "-", "-", "-", r->vertices_p, r->vertices_q);
        }
        fflush(stdout);
        mpol_bimatrix_result_free(r);
    }
    if (with_lrsnash && tot_ours > 0)
        printf("%-30s %9.4f %6s %9.3f %7s %9.1fx\n", "  total", tot_ours, "", tot_lrs, "",
               tot_lrs / tot_ours);
    free(A);
    free(B);
    return failures;
}

static int bench_lh(size_t size, int games)
{
    double *A = malloc(size * size * sizeof(double)), *B = malloc(size * size * sizeof(double));
    int failures = 0;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    for (int g = 0; g < games; g++) {
        uint64_t seed = 5000u + (uint64_t)g;
        random_game(seed, size, size, A, B);
        mpol_bimatrix_result *r = NULL;
        o.lh_label = 1;
        double t0 = now();
        mpol_status st = mpol_bimatrix_lemke_howson(&r, size, size, A, B, &o);
        double t1 = now() - t0;
        if (st != MPOL_OK) {
            printf("LH FAILED: %s\n", mpol_last_error());
            failures++;
            continue;
        }
        size_t piv1 = r->pivots;
        double reg = r->max_regret;
        mpol_bimatrix_result_free(r);
        o.lh_label = 0;
        t0 = now();
        st = mpol_bimatrix_lemke_howson(&r, size, size, A, B, &o);
        double tall = now() - t0;
        if (st != MPOL_OK) {
            printf("LH FAILED: %s\n", mpol_last_error());
            failures++;
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "LH %zux%zu seed %llu", size, size, (unsigned long long)seed);
        printf("%-30s %9.4f %6zu %9.4f %7zu %9.1fx   regret %.1e, all %zu labels: %zu NE\n", name,
               t1, piv1, 0.38, r->pivots, 0.38 / t1, reg, 2 * size, r->neq);
        (void)tall;
        printf("%-30s %9.4f\n", "  (all labels, s)", tall);
        mpol_bimatrix_result_free(r);
    }
    free(A);
    free(B);
    return failures;
}

int main(int argc, char **argv)
{
    int slow = 0, games = 5, games20 = 1;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--with-slow-baseline") == 0)
            slow = 1;
        else if (strcmp(argv[a], "--games") == 0 && a + 1 < argc)
            games = atoi(argv[++a]);
        else if (strcmp(argv[a], "--games20") == 0 && a + 1 < argc)
            games20 = atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: %s [--with-slow-baseline] [--games N] [--games20 N]\n",
                    argv[0]);
            return 2;
        }
    }
    int have_lrs = access("/usr/bin/lrsnash", X_OK) == 0;
    int failures = 0;
    double worst15 = 0.0, worst20 = 0.0;
    printf("%-30s %9s %6s %9s %7s %10s   %-5s %9s %9s\n", "game", "ours_s", "#NE", "lrsnash_s",
           "#NE", "ratio", "set", "vert(P)", "vert(Q)");
    failures += bench_enum(15, games, have_lrs, &worst15);
    failures += bench_enum(20, games20, have_lrs && slow, &worst20);
    printf("\n%-30s %9s %6s %9s %7s %10s\n", "game", "1-label_s", "pivots", "gambit_s", "pivots",
           "ratio");
    printf("(gambit-lcp 0.38 s is the figure quoted in the brief, not measured here)\n");
    failures += bench_lh(100, games);
    printf("\nworst 15x15: %.4f s (target 0.3 s); worst 20x20: %.3f s (target 30 s)\n", worst15,
           worst20);
    return failures != 0;
}
