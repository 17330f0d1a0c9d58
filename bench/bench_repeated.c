/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the repeated-game benchmark: the pure-strategy subgame-perfect payoff
 * set of two-player repeated games by the Abreu-Sannikov algorithm (mpol_rg_as_solve with its
 * vertex check; "ours") against, in the same run, the exact APS polygon operator without AS's
 * reduction (every vertex of the continuation set cut by the incentive constraints is mapped:
 * opts.reduce = 0; "base"). Games: the prisoners' dilemma (5, 3, 1, 0) at delta 0.9, the 3x3
 * example of Abreu and Sannikov (2014) at delta 0.3, and random n x n stage games (integer
 * payoffs 0..99, fixed seed) for n = 4, 6, 8, 10 at delta 0.8 (--quick: up to 6x6). Columns:
 * CPU seconds per solve (the mean over enough repetitions to last 0.05 s), iterations and
 * vertices of the AS run, the Hausdorff distance between the two answers and AS's max_error.
 *
 * Usage: bench_repeated [--quick] [--large] [--json]  (harness options)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "multipolar/repeated.h"

static mpol_bench_rng rng = {20261216};

typedef struct timing {
    double cpu;
    size_t iterations, vertices;
    double max_error;
    mpol_rg_polygon set;
    int ok;
} timing;

static mpol_game *bimatrix(size_t m, size_t n, const double *A, const double *B)
{
    size_t ns[2] = {m, n};
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, 2, ns) != MPOL_OK)
        return NULL;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            g->payoff[2 * (i + m * j)] = A[i * n + j];
            g->payoff[2 * (i + m * j) + 1] = B[i * n + j];
        }
    return g;
}

static mpol_game *random_game(size_t n)
{
    size_t ns[2] = {n, n};
    mpol_game *g = NULL;
    if (mpol_game_alloc(&g, 2, ns) != MPOL_OK)
        return NULL;
    for (size_t c = 0; c < 2 * g->ncells; c++)
        g->payoff[c] = (double)mpol_bench_rng_below(&rng, 100);
    return g;
}

static timing run(const mpol_game *g, double delta, int reduce)
{
    timing t = {0};
    mpol_rg_as_opts o;
    mpol_rg_as_opts_init(&o);
    o.reduce = reduce;
    size_t reps = 0;
    mpol_bench_time t0 = mpol_bench_now();
    do {
        mpol_rg_as_result *r = NULL;
        mpol_status st = mpol_rg_as_solve(&r, g, delta, &o);
        reps++;
        if (st != MPOL_OK || r == NULL) {
            fprintf(stderr, "repeated: %s\n", mpol_last_error());
            mpol_rg_as_result_free(r);
            mpol_rg_polygon_clear(&t.set);
            t.ok = 0;
            return t;
        }
        t.iterations = r->iterations;
        t.vertices = r->set.n;
        t.max_error = r->max_error;
        mpol_rg_polygon_clear(&t.set);
        t.set = r->set;
        r->set.v = NULL;
        r->set.n = 0;
        mpol_rg_as_result_free(r);
        t.ok = 1;
    } while (mpol_bench_since(t0).cpu < 0.05 && reps < 100000);
    t.cpu = mpol_bench_since(t0).cpu / (double)reps;
    return t;
}

/* One row; returns ours (AS) CPU seconds per solve, NAN when it failed. */
static double one_game(mpol_bench_table *tab, const char *label, mpol_game *g, double delta)
{
    if (g == NULL)
        return NAN;
    timing a = run(g, delta, 1), b = run(g, delta, 0);
    double extra[4] = {a.ok ? (double)a.iterations : NAN, a.ok ? (double)a.vertices : NAN,
                       a.ok && b.ok ? mpol_rg_hausdorff(&a.set, &b.set) : NAN,
                       a.ok ? a.max_error : NAN};
    mpol_bench_table_row(tab, label, a.ok ? a.cpu : NAN, b.ok ? b.cpu : NAN, extra);
    mpol_rg_polygon_clear(&a.set);
    mpol_rg_polygon_clear(&b.set);
    mpol_game_free(g);
    return a.ok ? a.cpu : NAN;
}

MPOL_BENCH_DECLARE(repeated);
int mpol_bench_repeated(const mpol_bench_opts *o)
{
    static const char *const extra[] = {"iterations", "vertices", "hausdorff", "max_error"};
    mpol_bench_table *t = mpol_bench_table_begin(
        o, "repeated", "Pure-strategy SPE payoff sets, Abreu-Sannikov (CPU seconds per solve)",
        "game", "as_cpu", "aps_exact_cpu", extra, 4);
    const double pa[4] = {3, 0, 5, 1}, pb[4] = {3, 5, 0, 1};
    one_game(t, "PD d=0.9", bimatrix(2, 2, pa, pb), 0.9);
    const double aa[9] = {16, 3, 0, 21, 10, -1, 9, 5, -5};
    const double ab[9] = {9, 13, 3, 1, 4, 0, 0, -4, -15};
    double as3 = one_game(t, "AS 3x3 d=0.3", bimatrix(3, 3, aa, ab), 0.3);
    static const size_t sizes[] = {4, 6, 8, 10};
    for (size_t i = 0; i < (o->quick ? 2u : 4u); i++) {
        char label[32];
        snprintf(label, sizeof label, "random %zux%zu d=0.8", sizes[i], sizes[i]);
        one_game(t, label, random_game(sizes[i]), 0.8);
    }
    mpol_bench_table_note(t, "ours: AS operator (u(a) or at most 4 points per profile) with the "
                             "vertex check; base: the exact APS operator on polygons, same run");
    /* Published figures (other machines; a reference, not measured here): QuantEcon.py pull
     * request 433 (2018, the AS algorithm in Python) reports about 30 ms on average for the
     * paper's example, against about 50 ms (at times over 100 ms) for the authors' original
     * Java implementation. */
    mpol_bench_table_note(t,
                          "published reference, AS 3x3 example: QuantEcon.py 30 ms, the authors' "
                          "Java program 50 ms (QuantEcon.py PR 433, 2018; other machines): "
                          "ours %.3g ms here, %.0fx and %.0fx",
                          as3 * 1e3, 0.030 / as3, 0.050 / as3);
    mpol_bench_table_note(t,
                          "the 3x3 example's vertices are checked in tests/unit/test_repeated.c");
    mpol_bench_table_end(t);
    return 0;
}

#ifndef MPOL_BENCH_NO_MAIN
int main(int argc, char **argv)
{
    return mpol_bench_main(argc, argv, "repeated", mpol_bench_repeated);
}
#endif
