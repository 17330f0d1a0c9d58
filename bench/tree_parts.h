/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The parts of the bench suite `tree` (bench/bench_tree.c) that live in files of their own,
 * one per tree method: each prints its own table and returns nonzero when a row fails.
 */
#ifndef MPOL_BENCH_TREE_PARTS_H
#define MPOL_BENCH_TREE_PARTS_H

#include "bench.h"

/** Backward induction on complete binary perfect-information trees (tree_backward.c). */
int mpol_bench_tree_backward_rows(const mpol_bench_opts *o);

/** Two-player trees: sequence-lemke from 1 and 8 starts, sequence-enum against lrsnash on
 *  the reduced form (tree_lemke.c). */
int mpol_bench_tree_lemke_rows(const mpol_bench_opts *o);

/** Three-player trees with chance: agent-qre and subgame-perfect against the normal-form logit
 *  on the strategic form (tree_spqre.c). */
int mpol_bench_tree_spqre_rows(const mpol_bench_opts *o);

/** The Gambit collection's two-player trees: the sequence form against the reduced
 *  strategic form (tree_gambit.c). */
int mpol_bench_tree_gambit_rows(const mpol_bench_opts *o);

#endif /* MPOL_BENCH_TREE_PARTS_H */
