/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file efg.h
 * @brief Reading Gambit .efg files (extensive-form games) as their reduced strategic form
 * or natively as a game tree, and writing a game tree as a .efg file.
 *
 * The game tree is read with Gambit's grammar (chance, personal and terminal nodes,
 * information sets, outcomes on any node) and converted to the REDUCED strategic form, the
 * form Gambit's tools use: a pure strategy of a player is a plan that fixes an action only
 * at the player's information sets that the plan itself does not exclude; plans that differ
 * only at excluded information sets are one strategy. Payoffs are expected values over
 * chance, accumulated along the path. See docs/gambit-formats.md for the precise rules,
 * strategy names ("12", "1*", ...) and the limits.
 */
#ifndef MPOL_EFG_H
#define MPOL_EFG_H

#include <stddef.h>
#include <stdio.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/tree.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Default cap on strategy profiles of the reduced strategic form (product over players).
 * The reduced strategies of every player with perfect recall are counted over the tree
 * (O(nodes)) before any is enumerated, so a larger form is refused up front; a player
 * without perfect recall is enumerated under what the counted players leave of the cap.
 */
#define MPOL_EFG_MAX_PROFILES ((size_t)1 << 22)
/** Default cap on tree-node visits spent counting and enumerating the strategies (each) and
 *  computing payoffs (profiles x reached nodes). */
#define MPOL_EFG_MAX_WORK ((size_t)1 << 30)

/** Options of the .efg reader; set defaults with mpol_efg_opts_init(). */
typedef struct mpol_efg_opts {
    size_t max_profiles; /**< refuse (MPOL_ELIMIT) larger reduced strategic forms */
    size_t max_work;     /**< refuse (MPOL_ELIMIT) when payoffs need more node visits */
} mpol_efg_opts;

/** Sets @p opts to the defaults (MPOL_EFG_MAX_PROFILES, MPOL_EFG_MAX_WORK). */
MPOL_API void mpol_efg_opts_init(mpol_efg_opts *opts);

/**
 * Reads a .efg file and builds its reduced strategic form as a new game (caller-owned, free
 * with mpol_game_free()). exact[] is filled when every chance probability, payoff and
 * expected payoff fits 64-bit rationals. @p opts may be NULL for the defaults.
 * @return MPOL_OK; MPOL_EIO (cannot read the file); MPOL_EPARSE ("FILE:LINE:COL: message":
 *         a syntax error, an undefined or inconsistent information set or outcome, chance
 *         probabilities that are negative or do not sum to 1); MPOL_ENUMERIC (division by
 *         zero in a number, or an expected payoff out of double range); MPOL_ELIMIT
 *         (more profiles or work than allowed); MPOL_EINVAL (NULL argument); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_efg_read_file(mpol_game **out, const char *path,
                                        const mpol_efg_opts *opts);

/** As mpol_efg_read_file(), from memory; @p name stands for the file name in messages. */
MPOL_API mpol_status mpol_efg_read_string(mpol_game **out, const char *text, size_t len,
                                          const char *name, const mpol_efg_opts *opts);

/* --- the game tree, natively ------------------------------------------------------- */

/**
 * Reads a .efg file into a new, finalised game tree (caller-owned, free with
 * mpol_tree_free()), with no strategic-form expansion: the file's nodes in prefix order
 * (node numbers are the file's order), node labels, the players, the information sets by
 * (player, number) in order of first appearance with their labels and action names (with
 * Gambit's label normalisation within each set: "" -> "_1", "_2", ...; a repeated "x" ->
 * "x_1", "x_2"), chance probabilities. The outcomes on the path
 * from the root to a terminal node (inner nodes included, an outcome used at many nodes
 * counted at each) are summed into its payoffs. Exact payoffs and probabilities
 * (mpol_tree_set_exact_payoff/probs) when every number fits 64-bit rationals; the doubles
 * are then those of the rationals. Outcome labels, information set numbers and the comment
 * are not kept. At most min(MPOL_TREE_MAX_NODES, the model-cells limit) nodes, checked
 * while reading. See docs/gambit-formats.md.
 * @return MPOL_OK; MPOL_EIO; MPOL_EPARSE ("FILE:LINE:COL: message": the errors of
 *         mpol_efg_read_file());
 *         MPOL_EINVAL ("FILE: ..." from mpol_tree_finalize(), e.g. a tree without perfect
 *         recall; or a NULL argument); MPOL_ENUMERIC (a number out of range, an accumulated
 *         payoff out of double range); MPOL_ELIMIT (too many nodes); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_efg_read_tree_file(mpol_tree **out, const char *path);

/** As mpol_efg_read_tree_file(), from memory; @p name stands for the file name in messages. */
MPOL_API mpol_status mpol_efg_read_tree_string(mpol_tree **out, const char *text, size_t len,
                                               const char *name);

/**
 * Writes the finalised @p tree as an "EFG 2 R" file Gambit reads: the title, players, the
 * nodes in prefix order with their labels, information sets numbered 1, 2, ... per player
 * (chance separately) in order of first appearance with their labels and action names
 * (written at the first node of the set), chance probabilities and one outcome per terminal
 * node holding its payoffs. Exact rationals ("3/4") where the tree has exact values, else the
 * shortest decimals that read back to the same doubles (chance probabilities whose shortest
 * decimals do not sum to exactly 1: the doubles' exact decimal expansions), so that
 * mpol_efg_read_tree_string() of the output gives the same tree.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, tree not finalised, a label Gambit's quoting
 *         cannot represent); MPOL_EIO (a write failed); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tree_write_efg(const mpol_tree *tree, FILE *f);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_EFG_H */
