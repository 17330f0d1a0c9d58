/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Game trees for the tree benchmarks and tests, built with the mpol_tree builder (exact
 * payoffs and chance probabilities): Kuhn poker, Leduc hold'em, random two-player zero-sum
 * trees with perfect recall, and the reduced strategic form of a small two-player tree.
 * The same games as scripts/gen_poker.py writes to tests/data/trees/ (.efg).
 */
#ifndef MPOL_BENCH_TREE_GAMES_H
#define MPOL_BENCH_TREE_GAMES_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/tree.h"

/** Kuhn poker (3 cards, ante 1, bet 1); finalised. Player 0's value is -1/18. */
mpol_status mpol_tg_kuhn(mpol_tree **out);

/** Leduc hold'em (J J Q Q K K, ante 1, raises 2 then 4, at most 2 raises a round, one
 *  public card after round 1, a pair beats a high card); finalised. Value about -0.0856. */
mpol_status mpol_tg_leduc(mpol_tree **out);

/** Shape of a random tree: chance deals each player one of @c types private types
 *  (random weights), then @c depth moves alternate (player 0 first) with 2..@c branching
 *  actions per information set; a player's set is its type and what it has seen: its own
 *  moves, and the other's moves too when @c public_moves is 1. Payoffs are integers in
 *  [-payoff_max, payoff_max] for player 0, their negatives for player 1. */
typedef struct mpol_tg_random_opts {
    size_t types, depth, branching;
    int public_moves;
    int payoff_max;
    uint64_t seed;
} mpol_tg_random_opts;

/** A random zero-sum tree with perfect recall (finalised, exact). */
mpol_status mpol_tg_random(mpol_tree **out, const mpol_tg_random_opts *opts);

/**
 * The reduced strategic form of a two-player tree: the distinct pure realisation plans of
 * each player (rows: player 0's, columns: player 1's) and player 0's expected payoff
 * (@p A, m x n row-major, mpol_malloc'ed). MPOL_ELIMIT when m * n exceeds @p max_cells.
 */
mpol_status mpol_tg_strategic_form(double **A, size_t *m, size_t *n, const mpol_tree *tree,
                                   size_t max_cells);

/** Number of reduced pure strategies of @p player (saturating at SIZE_MAX). */
size_t mpol_tg_reduced_count(const mpol_tree *tree, size_t player);

#endif /* MPOL_BENCH_TREE_GAMES_H */
