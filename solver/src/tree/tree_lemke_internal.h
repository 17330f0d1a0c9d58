/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What sequence-lemke (tree_lemke.c) and sequence-enum (tree_enum.c) share: each player's
 * information sets in the order of their first node, and the exact certificate of a
 * behaviour profile in GMP rationals (tree_lemke_exact.c), which fills the exact strings of
 * an equilibrium only when every player's regret is exactly 0.
 */
#ifndef MPOL_TREE_LEMKE_INTERNAL_H
#define MPOL_TREE_LEMKE_INTERNAL_H

#include <gmp.h>

#include "multipolar/tree.h"

/* Writes the sets of @p player to @p out (room for ninfosets) in the order of their first
 * node (a set comes after the set of its sequence) and their number to @p count. */
void mpol_i_tree_player_sets(size_t *out, size_t *count, const mpol_tree *t, size_t player);

/* The tree's payoffs and chance probabilities in rationals: the exact ones where the tree
 * has them, else the doubles taken as exact. */
typedef struct mpol_i_tree_xdata {
    size_t nterm;
    size_t *term; /* terminal nodes whose chance reach is positive */
    mpq_t *reach; /* nterm chance reaches */
    mpq_t *pay;   /* nterm * nplayers payoffs */
    mpq_t *prob;  /* nactions: chance probabilities (0 for players' actions) */
} mpol_i_tree_xdata;

mpol_status mpol_i_tree_xdata_new(mpol_i_tree_xdata **out, const mpol_tree *t);
void mpol_i_tree_xdata_free(mpol_i_tree_xdata *xd, const mpol_tree *t);

/* Checks @p beh (nactions rationals; chance entries ignored) exactly: the behaviour
 * strategies are distributions and every player's best-response value equals its value.
 * On success appends the equilibrium to @p sol (doubles of @p beh) with its exact strings;
 * MPOL_EVERIFY (nothing appended) when a regret is not exactly 0. */
mpol_status mpol_i_tree_push_exact(mpol_tree_solution *sol, const mpol_tree *t,
                                   const mpol_i_tree_xdata *xd, mpq_t *beh);

/* sequence-lemke, also counting in @p nfailed the starting points whose path ended on a
 * ray or in numerical trouble (skipped). */
mpol_status mpol_i_tree_lemke_run(mpol_tree_solution **out, size_t *nfailed, const mpol_tree *t,
                                  const mpol_tree_opts *opts);

#endif /* MPOL_TREE_LEMKE_INTERNAL_H */
