/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The sequence-form LP of a two-player zero-sum tree (tree_sflp.c) and its exact rebuild
 * (tree_sflp_exact.c): the LP's layout, shared by both files.
 *
 * Player 0 (x, n1 sequences) maximises x^T A y, player 1 (y, n2 sequences) minimises it,
 * A being player 0's chance-weighted sequence-form payoff (player 1's payoff is the
 * constant sum minus it). With E x = e and F y = f the realisation-plan constraints (row 0:
 * the empty sequence is 1; one row per information set: its actions' sequences sum to the
 * sequence leading to it), player 0's LP is
 *
 *     max  q_0   over x >= 0, q free
 *     s.t. F^T q - A^T x <= 0    (n2 rows, one per sequence j of player 1)
 *          E x = e               (1 + H1 rows)
 *
 * (for fixed x the inner min over y of x^T A y has the dual max f^T q s.t. F^T q <= A^T x).
 * Its LP dual is player 1's LP, min e^T p s.t. E^T p - A y >= 0, F y = f, y >= 0: the
 * duals of the first n2 rows are player 1's realisation plan y.
 *
 * Columns: x_0 .. x_{n1-1}, then q_0 (the root row of F) and q_{1+k} for player 1's k-th
 * information set (in the tree's numbering order). Rows: the n2 rows of F^T q - A^T x, then
 * E's row 0 and one row per player-0 information set (the k-th in numbering order).
 */
#ifndef MPOL_TREE_SFLP_INTERNAL_H
#define MPOL_TREE_SFLP_INTERNAL_H

#include "multipolar/tree.h"

/** GLPK's basis statuses of the LP's rows and columns after glp_simplex (GLP_BS, ...). */
typedef struct mpol_i_sflp_basis {
    size_t nrows, ncols;
    int *row_stat; /**< nrows */
    int *col_stat; /**< ncols */
} mpol_i_sflp_basis;

/**
 * Rebuilds the LP's solution at @p basis exactly (GMP rationals, the tree's exact payoffs
 * and chance probabilities, or the shortest decimals of its doubles where it has none),
 * checks both realisation plans exactly (feasible, each an exact best response to the
 * other: the two best-response values are equal) and writes the behaviour strategies and
 * both players' values as "p/q" strings into @p eq. @return MPOL_OK; MPOL_EVERIFY when the
 * basis does not give an exact equilibrium; MPOL_ELIMIT (too large for the dense rational
 * elimination); MPOL_ENOMEM.
 */
mpol_status mpol_i_tree_sflp_exact(mpol_tree_eq *eq, const mpol_tree *tree, const mpol_tree_sf *sf,
                                   const mpol_i_sflp_basis *basis);

/** Largest number of LP rows the exact rebuild takes (its elimination is dense). */
#define MPOL_I_SFLP_EXACT_MAX_ROWS 1200

#endif /* MPOL_TREE_SFLP_INTERNAL_H */
