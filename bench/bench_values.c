/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of the TU values of values.h on random 2^n tables,
 * n = 16..25. Baseline, measured in the same run: the straightforward O(n 2^n) loop of the
 * definition, player by player over the coalitions without i, with the weight looked up by
 * the coalition's size (Sh_i = sum_S w(|S|) (v(S+i) - v(S))); ours makes one blocked pass
 * over the table for all players. The answers of both are compared (max difference).
 *
 * Usage: bench_values [nmax]   (default 25)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "multipolar/values.h"

static double cpu_now(void)
{
    struct timespec c;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    return (double)c.tv_sec + 1e-9 * (double)c.tv_nsec;
}

static double wall_now(void)
{
    struct timespec w;
    clock_gettime(CLOCK_MONOTONIC, &w);
    return (double)w.tv_sec + 1e-9 * (double)w.tv_nsec;
}

static void baseline_shapley(const mpol_tu_game *g, double *x)
{
    size_t n = g->n, size = (size_t)1 << n;
    double w[32], c = 1;
    for (size_t s = 0; s < n; s++) {
        w[s] = 1.0 / ((double)n * c);
        c = c * (double)(n - 1 - s) / (double)(s + 1);
    }
    for (size_t i = 0; i < n; i++) {
        size_t bit = (size_t)1 << i;
        double acc = 0;
        for (size_t S = 0; S < size; S++)
            if (!(S & bit))
                acc += w[__builtin_popcountl((unsigned long)S)] * (g->v[S | bit] - g->v[S]);
        x[i] = acc;
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t nmax = argc > 1 ? (size_t)atoi(argv[1]) : 25;
    if (nmax > 25)
        nmax = 25;
    printf("Shapley value from a 2^n table (random values, seed 1); seconds of process CPU "
           "(wall in brackets)\n");
    printf("%4s | %16s | %16s | %8s | %9s | %9s %9s %9s\n", "n", "ours", "baseline", "ratio",
           "max diff", "Banzhaf", "tau", "Owen(4)");
    unsigned long long state = 1;
    for (size_t n = 16; n <= nmax; n++) {
        mpol_tu_game *g;
        if (mpol_tu_alloc(&g, n) != MPOL_OK) {
            printf("%4zu | %s\n", n, mpol_last_error());
            return 1;
        }
        size_t size = (size_t)1 << n;
        for (size_t S = 1; S < size; S++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            g->v[S] = (double)(state >> 40) / 1048576.0;
        }
        double c0 = cpu_now(), w0 = wall_now();
        mpol_value *v;
        if (mpol_tu_shapley(&v, g) != MPOL_OK) {
            printf("%4zu | %s\n", n, mpol_last_error());
            return 1;
        }
        double ours = cpu_now() - c0, ours_w = wall_now() - w0;
        double *x = malloc(n * sizeof *x);
        c0 = cpu_now();
        w0 = wall_now();
        baseline_shapley(g, x);
        double base = cpu_now() - c0, base_w = wall_now() - w0;
        double diff = 0;
        for (size_t i = 0; i < n; i++)
            diff = fmax(diff, fabs(x[i] - v->x[i]));
        mpol_value_free(v);
        c0 = cpu_now();
        if (mpol_tu_banzhaf(&v, g, 0) == MPOL_OK)
            mpol_value_free(v);
        double bz = cpu_now() - c0;
        /* tau does its full O(n 2^n) work before it can tell that a random game is not
         * quasi-balanced, so the time is meaningful either way. */
        c0 = cpu_now();
        if (mpol_tu_tau(&v, g) == MPOL_OK)
            mpol_value_free(v);
        double tau = cpu_now() - c0;
        size_t *u = malloc(n * sizeof *u);
        for (size_t i = 0; i < n; i++)
            u[i] = i % 4;
        c0 = cpu_now();
        if (mpol_tu_owen(&v, g, u) == MPOL_OK)
            mpol_value_free(v);
        double ow = cpu_now() - c0;
        printf("%4zu | %7.4f [%6.3f] | %7.4f [%6.3f] | x%7.1f | %9.1e | %9.4f %9.4f %9.4f\n", n,
               ours, ours_w, base, base_w, base / ours, diff, bz, tau, ow);
        free(u);
        free(x);
        mpol_tu_free(g);
    }
    printf("(tau: time to the value or to the quasi-balancedness error; Owen: 4 unions i mod 4)\n");
    return 0;
}
