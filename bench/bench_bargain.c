/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark of bargaining.h. Two tables:
 * - Nash bargaining on the hull of random n-player games (each profile's payoff vector a
 *   random point of the positive unit sphere, so that the frontier is curved and the Nash
 *   point mixes several profiles; d = 0; seed 1): ours is mpol_bargain_solve (exact frontier for
 * two players, away-step Frank–Wolfe otherwise, plus its LPs and check). Baseline, in the same run:
 * the classic Frank–Wolfe method without away steps (the generic method for a concave objective
 * over a polytope), same line search, from the best pure profile, until its first-order gap is
 * below 1e-10 or 100,000 iterations; the column base_gap shows the gap it reached and max_diff the
 * difference of the log Nash products.
 * - ESS of random symmetric m x m games (payoffs uniform in [0, 1), seed 2): ours is
 *   mpol_ess_find (support enumeration of symmetric equilibria + second-order test);
 *   baseline: all extreme Nash equilibria of the game by mpol_bimatrix_enumerate (from which
 *   a generic pipeline would filter the symmetric ones and then test stability).
 * Usage: bench_bargain [--quick] [--large] [--json]
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "multipolar/bargaining.h"
#include "multipolar/bimatrix.h"

#define BASE_GAP 1e-10
#define BASE_ITER 100000

/* The classic Frank–Wolfe method on sum log(u - d) over the hull; returns the log product
 * (NaN if no profile beats d for everyone), the gap reached in *gap, iterations in *iters. */
static double plain_fw(const mpol_game *g, const double *d, double *gap, size_t *iters)
{
    size_t n = g->nplayers, nc = g->ncells, best = 0;
    double bm = -INFINITY, u[8], dir[8], lam[8];
    for (size_t c = 0; c < nc; c++) {
        double m = INFINITY;
        for (size_t i = 0; i < n; i++)
            m = fmin(m, g->payoff[c * n + i] - d[i]);
        if (m > bm) {
            bm = m;
            best = c;
        }
    }
    *gap = NAN;
    *iters = 0;
    if (!(bm > 0.0) || n > 8)
        return NAN;
    memcpy(u, g->payoff + best * n, n * sizeof *u);
    for (size_t it = 0; it < BASE_ITER; it++, (*iters)++) {
        for (size_t i = 0; i < n; i++)
            lam[i] = 1.0 / (u[i] - d[i]);
        double h = -INFINITY, lu = 0.0;
        size_t s = 0;
        for (size_t c = 0; c < nc; c++) {
            double v = 0.0;
            for (size_t i = 0; i < n; i++)
                v += lam[i] * g->payoff[c * n + i];
            if (v > h) {
                h = v;
                s = c;
            }
        }
        for (size_t i = 0; i < n; i++)
            lu += lam[i] * u[i];
        *gap = h - lu;
        if (*gap <= BASE_GAP)
            break;
        double lo = 0.0, hi = 1.0;
        for (size_t i = 0; i < n; i++)
            dir[i] = g->payoff[s * n + i] - u[i];
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi), der = 0.0;
            for (size_t i = 0; i < n; i++)
                der += dir[i] / (u[i] - d[i] + mid * dir[i]);
            if (der > 0.0)
                lo = mid;
            else
                hi = mid;
        }
        for (size_t i = 0; i < n; i++)
            u[i] += lo * dir[i];
    }
    double lp = 0.0;
    for (size_t i = 0; i < n; i++)
        lp += log(u[i] - d[i]);
    return lp;
}

static mpol_game *random_game(size_t n, size_t m, mpol_bench_rng *rng)
{
    size_t ns[8];
    for (size_t i = 0; i < n; i++)
        ns[i] = m;
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, n, ns) != MPOL_OK)
        return NULL;
    /* Points on the positive unit sphere: a curved Pareto frontier whose Nash point mixes
     * several profiles. */
    for (size_t c = 0; c < g->ncells; c++) {
        double norm = 0.0;
        for (size_t i = 0; i < n; i++) {
            double z = mpol_bench_rng_uniform(rng) + 1e-3;
            g->payoff[c * n + i] = z;
            norm += z * z;
        }
        for (size_t i = 0; i < n; i++)
            g->payoff[c * n + i] /= sqrt(norm);
    }
    return g;
}

static int nash_table(const mpol_bench_opts *o)
{
    static const size_t sizes[][2] = {{2, 10}, {2, 40}, {3, 6}, {3, 12}, {4, 6}, {5, 5}, {6, 5}};
    size_t count = o->quick ? 4 : o->large ? 7 : 6;
    static const char *const extra[] = {"ours_wall", "ours_iter", "base_iter", "base_gap",
                                        "max_diff"};
    mpol_bench_table *t =
        mpol_bench_table_begin(o, "bargain",
                               "Nash bargaining on the hull of random games (payoff vectors on the "
                               "positive unit sphere, d = 0, seed 1); CPU seconds",
                               "players x strategies", "ours", "plain FW", extra, 5);
    mpol_bench_rng rng;
    mpol_bench_rng_seed(&rng, 1);
    int bad = 0;
    for (size_t k = 0; k < count; k++) {
        mpol_game *g = random_game(sizes[k][0], sizes[k][1], &rng);
        mpol_bargain_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_bargain_opts bo;
        mpol_bargain_opts_init(&bo);
        double zero[8] = {0};
        bo.disagreement = MPOL_BARGAIN_VALUES;
        bo.values = zero;
        mpol_status st = g != NULL ? mpol_bargain_solve(&r, g, &bo) : MPOL_ENOMEM;
        mpol_bench_time ours = mpol_bench_since(t0);
        if (st != MPOL_OK) {
            fprintf(stderr, "bargain %zu x %zu: %s\n", sizes[k][0], sizes[k][1], mpol_last_error());
            mpol_bargain_result_free(r);
            mpol_game_free(g);
            bad = 1;
            continue;
        }
        double gap;
        size_t iters;
        t0 = mpol_bench_now();
        double base_lp = plain_fw(g, r->d, &gap, &iters);
        mpol_bench_time base = mpol_bench_since(t0);
        double lp = 0.0;
        for (size_t i = 0; i < g->nplayers; i++)
            lp += log(r->u[i] - r->d[i]);
        char label[32];
        snprintf(label, sizeof label, "%zu x %zu", sizes[k][0], sizes[k][1]);
        double e[5] = {ours.wall, (double)r->iterations, (double)iters, gap, fabs(lp - base_lp)};
        mpol_bench_table_row(t, label, ours.cpu, base.cpu, e);
        bad |= !(lp >= base_lp - 1e-8); /* ours is at least as good */
        mpol_bargain_result_free(r);
        mpol_game_free(g);
    }
    mpol_bench_table_note(t, "ours: exact Pareto frontier for 2 players, away-step Frank-Wolfe "
                             "otherwise, with the LPs of the ideal point and the check; "
                             "ours_iter: FW iterations or LPs");
    mpol_bench_table_end(t);
    return bad;
}

static int ess_table(const mpol_bench_opts *o)
{
    size_t mmax = o->quick ? 10 : o->large ? 16 : 14;
    static const char *const extra[] = {"ours_wall", "ess", "symmetric_eq", "all_eq"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "bargain", "ESS of random symmetric games (payoffs uniform, seed 2); CPU seconds", "m",
        "ours", "enumerate", extra, 4);
    mpol_bench_rng rng;
    mpol_bench_rng_seed(&rng, 2);
    int bad = 0;
    for (size_t m = 4; m <= mmax; m += 2) {
        double *A = malloc(m * m * sizeof *A), *B = malloc(m * m * sizeof *B);
        if (A == NULL || B == NULL)
            return 1;
        for (size_t k = 0; k < m * m; k++)
            A[k] = mpol_bench_rng_uniform(&rng);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                B[i * m + j] = A[j * m + i];
        mpol_ess_result *r = NULL;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_status st = mpol_ess_find(&r, A, m, 0.0);
        mpol_bench_time ours = mpol_bench_since(t0);
        mpol_bimatrix_result *br = NULL;
        mpol_bimatrix_opts bo;
        mpol_bimatrix_opts_init(&bo);
        bo.cliques = 0;
        bo.threads = 1;
        t0 = mpol_bench_now();
        mpol_status bst = mpol_bimatrix_enumerate(&br, m, m, A, B, &bo);
        mpol_bench_time base = mpol_bench_since(t0);
        if (st != MPOL_OK || bst != MPOL_OK) {
            fprintf(stderr, "ess m=%zu: %s\n", m, mpol_last_error());
            bad = 1;
        } else {
            char label[16];
            snprintf(label, sizeof label, "%zu", m);
            double e[4] = {ours.wall, (double)r->count, (double)r->equilibria, (double)br->neq};
            mpol_bench_table_row(t, label, ours.cpu, base.cpu, e);
            bad |= r->equilibria > br->neq;
        }
        mpol_ess_result_free(r);
        mpol_bimatrix_result_free(br);
        free(A);
        free(B);
    }
    mpol_bench_table_note(t, "ours: 2^m supports, symmetric equilibria and the second-order "
                             "test; enumerate: all extreme equilibria (mpol_bimatrix_enumerate, "
                             "one thread), which a generic pipeline would then filter");
    mpol_bench_table_end(t);
    return bad;
}

MPOL_BENCH_DECLARE(bargain);
int mpol_bench_bargain(const mpol_bench_opts *o)
{
    int bad = nash_table(o);
    bad |= ess_table(o);
    return bad;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "bargain", mpol_bench_bargain);
}
#endif
