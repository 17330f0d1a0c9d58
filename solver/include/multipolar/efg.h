/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file efg.h
 * @brief Reading Gambit .efg files (extensive-form games) as their reduced strategic form.
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

#include "multipolar/common.h"
#include "multipolar/game.h"

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

#ifdef __cplusplus
}
#endif
#endif /* MPOL_EFG_H */
