/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the part of the bench suite `tree` of backward induction (mpol_tree_solve,
 * method "backward-induction") on complete binary perfect-information trees of depth d (2^(d+1) - 1
 * nodes), two players alternating, random payoffs in [0, 1) (seed 1; no ties, so one
 * equilibrium). Baseline, measured in the same run: the textbook recursion that returns the
 * value of the best child at each node (one equilibrium, no certificate). Ours lists every
 * subgame-perfect equilibrium and runs the certificate (mpol_tree_certify: one forward and
 * one best-response pass per player) and the beliefs; the root values of both are compared.
 *
 * Sizes: d = 14..20 (14..18 with --quick, 14..22 with --large). Part of the suite `tree`
 * (bench/bench_tree.c calls it after the sequence-form rows).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "multipolar/tree.h"
#include "tree_parts.h"

#define MAX_DIFF 1e-12 /* ours vs the textbook recursion; larger fails the suite */

/* Preorder: a decision node of player depth % 2, then its two subtrees. */
static int grow(mpol_tree *t, mpol_bench_rng *r, size_t parent, int depth, int d)
{
    size_t n, h;
    if (depth == d) {
        double pay[2] = {mpol_bench_rng_uniform(r), mpol_bench_rng_uniform(r)};
        return mpol_tree_add_node(&n, t, parent, MPOL_TREE_NONE, pay, NULL) != MPOL_OK;
    }
    if (mpol_tree_add_infoset(&h, t, (size_t)(depth % 2), 2, NULL, NULL, NULL) != MPOL_OK ||
        mpol_tree_add_node(&n, t, parent, h, NULL, NULL) != MPOL_OK)
        return 1;
    return grow(t, r, n, depth + 1, d) || grow(t, r, n, depth + 1, d);
}

/* The textbook recursion: the mover's best child's values. */
static void textbook(const mpol_tree *t, size_t n, double *v)
{
    if (t->type[n] == MPOL_TREE_TERMINAL) {
        v[0] = t->payoff[2 * n];
        v[1] = t->payoff[2 * n + 1];
        return;
    }
    size_t p = t->iset_player[t->infoset[n]];
    double a[2], b[2];
    textbook(t, t->child[t->child_off[n]], a);
    textbook(t, t->child[t->child_off[n] + 1], b);
    const double *best = b[p] > a[p] ? b : a;
    v[0] = best[0];
    v[1] = best[1];
}

int mpol_bench_tree_backward_rows(const mpol_bench_opts *o)
{
    int dmin = 14, dmax = o->quick ? 18 : o->large ? 22 : 20;
    static const char *const extra[] = {"nodes", "work", "ours_wall", "base_wall", "max_diff"};
    mpol_bench_table *tab = mpol_bench_table_begin(
        o, "tree",
        "backward induction on complete binary trees (2 players, random payoffs, seed 1); "
        "CPU seconds",
        "depth", "ours", "textbook", extra, 5);
    int bad = 0;
    for (int d = dmin; d <= dmax && !bad; d++) {
        mpol_bench_rng r;
        mpol_bench_rng_seed(&r, 1);
        mpol_tree *t = NULL;
        if (mpol_tree_alloc(&t, 2, NULL) != MPOL_OK || grow(t, &r, MPOL_TREE_NONE, 0, d) ||
            mpol_tree_finalize(t) != MPOL_OK) {
            fprintf(stderr, "tree d=%d: %s\n", d, mpol_last_error());
            mpol_tree_free(t);
            return 1;
        }
        mpol_tree_opts opts;
        mpol_tree_opts_init(&opts);
        opts.method = MPOL_TREE_BACKWARD;
        mpol_bench_time t0 = mpol_bench_now();
        mpol_tree_solution *s = NULL;
        mpol_status st = mpol_tree_solve(&s, t, &opts);
        mpol_bench_time ours = mpol_bench_since(t0);
        if (st != MPOL_OK || s->neq != 1) {
            fprintf(stderr, "tree d=%d: %s\n", d, st != MPOL_OK ? mpol_last_error() : "ties");
            mpol_tree_solution_free(s);
            mpol_tree_free(t);
            return 1;
        }
        double v[2];
        t0 = mpol_bench_now();
        textbook(t, 0, v);
        mpol_bench_time base = mpol_bench_since(t0);
        double diff = fmax(fabs(v[0] - s->eq[0].value[0]), fabs(v[1] - s->eq[0].value[1]));
        char label[16];
        snprintf(label, sizeof label, "%d", d);
        double e[5] = {(double)t->nnodes, (double)s->work, ours.wall, base.wall, diff};
        mpol_bench_table_row(tab, label, ours.cpu, base.cpu, e);
        bad |= !(diff <= MAX_DIFF) || !s->verified;
        mpol_tree_solution_free(s);
        mpol_tree_free(t);
    }
    mpol_bench_table_note(tab, "ours: every subgame-perfect equilibrium + the certificate (values, "
                               "best responses, beliefs); textbook: one recursive pass, best "
                               "child's values, no check");
    mpol_bench_table_end(tab);
    return bad;
}
