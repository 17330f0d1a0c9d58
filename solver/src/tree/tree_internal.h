/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tree module's shared internals: the method table's signature, the solution builder
 * the methods fill, and the per-method entry points (one file each, tree_<method>.c).
 */
#ifndef MPOL_TREE_INTERNAL_H
#define MPOL_TREE_INTERNAL_H

#include "multipolar/tree.h"

/** A method: fills a new solution with equilibria (behaviour profiles; values, regrets and
 *  beliefs are filled afterwards by mpol_tree_solve's certificate). */
typedef mpol_status (*mpol_i_tree_method_fn)(mpol_tree_solution **out, const mpol_tree *tree,
                                             const mpol_tree_opts *opts);

/** A new, empty solution for @p tree (method set, no equilibria). */
mpol_status mpol_i_tree_solution_new(mpol_tree_solution **out, const mpol_tree *tree,
                                     mpol_tree_method method);

/** Appends an equilibrium whose behaviour profile (nactions) is copied from @p behavior;
 *  chance actions are overwritten with the chance probabilities. @p eq_out (may be NULL)
 *  receives the new entry, to set subgame_perfect or the exact strings. */
mpol_status mpol_i_tree_solution_push(mpol_tree_solution *sol, const mpol_tree *tree,
                                      const double *behavior, mpol_tree_eq **eq_out);

/** The absolute tolerance for @p tol (relative) on @p tree's payoff range. */
double mpol_i_tree_tol_abs(const mpol_tree *tree, double tol);

/* Methods (each in its own file). NULL-free: the table in tree_solve.c lists those built. */
/* tree_backward.c: all pure subgame-perfect equilibria of a perfect-information tree. */
mpol_status mpol_i_tree_backward(mpol_tree_solution **out, const mpol_tree *tree,
                                 const mpol_tree_opts *opts);
/* tree_sflp.c: the sequence-form LP of a two-player zero-sum tree. */
mpol_status mpol_i_tree_sequence_lp(mpol_tree_solution **out, const mpol_tree *tree,
                                    const mpol_tree_opts *opts);
/* tree_lemke.c: Lemke on the sequence-form LCP from several starts (two players). */
mpol_status mpol_i_tree_lemke(mpol_tree_solution **out, const mpol_tree *tree,
                              const mpol_tree_opts *opts);
/* tree_enum.c: every extreme equilibrium through the reduced strategic form (two players). */
mpol_status mpol_i_tree_enumerate(mpol_tree_solution **out, const mpol_tree *tree,
                                  const mpol_tree_opts *opts);
/* tree_qre.c: the agent-form logit QRE traced from lambda = 0 and polished (n players). */
mpol_status mpol_i_tree_qre(mpol_tree_solution **out, const mpol_tree *tree,
                            const mpol_tree_opts *opts);
/* tree_subgame.c: proper subgames solved bottom-up by opts->subgame_method. */
mpol_status mpol_i_tree_subgame(mpol_tree_solution **out, const mpol_tree *tree,
                                const mpol_tree_opts *opts);
/* tree_subtree.c: the subtree at root as its own finalised tree; nodes with cut[n] set become
 * terminals paying cut_value + n*np; node_map/action_map (may be NULL) get the new tree's
 * nodes/actions in the old numbering (free with mpol_free). ws: NULL, or buffers from
 * mpol_i_tree_subtree_ws_new reused across calls (then each call costs the subtree's size). */
typedef struct mpol_i_subtree_ws mpol_i_subtree_ws;
mpol_status mpol_i_tree_subtree_ws_new(mpol_i_subtree_ws **out, const mpol_tree *tree);
void mpol_i_tree_subtree_ws_free(mpol_i_subtree_ws *ws);
mpol_status mpol_i_tree_subtree(mpol_tree **out, size_t **node_map, size_t **action_map,
                                const mpol_tree *tree, size_t root, const unsigned char *cut,
                                const double *cut_value, mpol_i_subtree_ws *ws);

#endif /* MPOL_TREE_INTERNAL_H */
