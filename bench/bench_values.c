/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of the TU values of values.h on random 2^n tables,
 * n = 16..25. Baseline, measured in the same run: the straightforward O(n 2^n) loop of the
 * definition, player by player over the coalitions without i, with the weight looked up by
 * the coalition's size (Sh_i = sum_S w(|S|) (v(S+i) - v(S))); ours makes one blocked pass
 * over the table for all players. The answers of both are compared (max difference).
 *
 * Sizes: n = 16..24 (16..22 with --quick, 16..25 with --large).
 * Usage: bench_values [--quick] [--large] [--json]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "multipolar/values.h"

#define MAX_DIFF 1e-9 /* ours vs the textbook loop; larger fails the suite */

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

MPOL_BENCH_DECLARE(values);
int mpol_bench_values(const mpol_bench_opts *o)
{
    size_t nmin = 16, nmax = o->quick ? 22 : o->large ? 25 : 24;
    static const char *const extra[] = {"ours_wall", "base_wall", "max_diff",
                                        "Banzhaf",   "tau",       "Owen(4)"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "values", "Shapley value from a 2^n table (random values, seed 1); CPU seconds", "n",
        "ours", "textbook", extra, 6);
    unsigned long long state = 1;
    int bad = 0;
    for (size_t n = nmin; n <= nmax; n++) {
        mpol_tu_game *g;
        if (mpol_tu_alloc(&g, n) != MPOL_OK) {
            fprintf(stderr, "values n=%zu: %s\n", n, mpol_last_error());
            return 1;
        }
        size_t size = (size_t)1 << n;
        for (size_t S = 1; S < size; S++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            g->v[S] = (double)(state >> 40) / 1048576.0;
        }
        mpol_bench_time t0 = mpol_bench_now();
        mpol_value *v;
        if (mpol_tu_shapley(&v, g) != MPOL_OK) {
            fprintf(stderr, "values n=%zu: %s\n", n, mpol_last_error());
            mpol_value_free(v); /* a value that failed its check */
            mpol_tu_free(g);
            return 1;
        }
        mpol_bench_time ours = mpol_bench_since(t0);
        double *x = malloc(n * sizeof *x);
        size_t *u = malloc(n * sizeof *u);
        if (x == NULL || u == NULL)
            return 1;
        t0 = mpol_bench_now();
        baseline_shapley(g, x);
        mpol_bench_time base = mpol_bench_since(t0);
        double diff = 0;
        for (size_t i = 0; i < n; i++)
            diff = fmax(diff, fabs(x[i] - v->x[i]));
        mpol_value_free(v);
        t0 = mpol_bench_now();
        (void)mpol_tu_banzhaf(&v, g, 0);
        mpol_value_free(v); /* NULL or a value, also one that failed its check */
        double bz = mpol_bench_since(t0).cpu;
        /* tau does its full O(n 2^n) work before it can tell that a random game is not
         * quasi-balanced, so the time is meaningful either way. */
        t0 = mpol_bench_now();
        (void)mpol_tu_tau(&v, g);
        mpol_value_free(v);
        double tau = mpol_bench_since(t0).cpu;
        for (size_t i = 0; i < n; i++)
            u[i] = i % 4;
        t0 = mpol_bench_now();
        (void)mpol_tu_owen(&v, g, u);
        mpol_value_free(v);
        double ow = mpol_bench_since(t0).cpu;
        char label[16];
        snprintf(label, sizeof label, "%zu", n);
        double e[6] = {ours.wall, base.wall, diff, bz, tau, ow};
        mpol_bench_table_row(t, label, ours.cpu, base.cpu, e);
        bad |= !(diff <= MAX_DIFF);
        free(u);
        free(x);
        mpol_tu_free(g);
    }
    mpol_bench_table_note(t, "textbook: Sh_i = sum_S w(|S|) (v(S+i) - v(S)) player by player; "
                             "tau: time to the value or to the quasi-balancedness error; Owen: "
                             "4 unions i mod 4");
    mpol_bench_table_end(t);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "values", mpol_bench_values);
}
#endif
