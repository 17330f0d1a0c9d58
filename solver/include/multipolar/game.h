/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file game.h
 * @brief Strategic-form (normal-form) games with named players and strategies.
 *
 * One type serves zero-sum, bimatrix and n-player games. Payoffs are stored cell by cell
 * in Gambit's order: player 0's strategy varies fastest, so the cell of profile
 * (k_0, ..., k_{N-1}) (0-based) is k_0 + s_0*(k_1 + s_1*(k_2 + ...)), and the payoff of
 * player p in cell c is payoff[c*N + p].
 */
#ifndef MPOL_GAME_H
#define MPOL_GAME_H

#include "multipolar/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An exact rational number num/den with den > 0, in lowest terms. */
typedef struct mpol_rational {
    int64_t num;
    int64_t den;
} mpol_rational;

/** A strategic-form game. All members are owned by the game; free with mpol_game_free(). */
typedef struct mpol_game {
    char *title;            /**< never NULL ("" if none) */
    char *comment;          /**< never NULL ("" if none) */
    size_t nplayers;        /**< N >= 1 */
    char **player_names;    /**< N names */
    size_t *nstrategies;    /**< N counts, each >= 1 */
    char ***strategy_names; /**< strategy_names[p][k] */
    size_t ncells;          /**< product of nstrategies */
    double *payoff;         /**< ncells * N payoffs, payoff[c*N + p] */
    mpol_rational *exact;   /**< NULL, or ncells * N exact payoffs equal to payoff[] */
} mpol_game;

/**
 * Allocates a game with @p nplayers players and @p nstrategies[p] strategies each, default
 * names ("Player 1", "1", "2", ...), zero payoffs and no exact payoffs.
 * @return MPOL_OK, MPOL_EINVAL (no players, a player without strategies), MPOL_ELIMIT (more
 *         payoffs, profiles x players, than mpol_limit_get(MPOL_LIMIT_GAME_CELLS), default
 *         2^28), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_game_alloc(mpol_game **out, size_t nplayers, const size_t *nstrategies);

/** Frees a game; NULL is a no-op. */
MPOL_API void mpol_game_free(mpol_game *game);

/** Deep copy. */
MPOL_API mpol_status mpol_game_copy(mpol_game **out, const mpol_game *game);

/** Replaces a name (title, player or strategy) with a copy of @p name. */
MPOL_API mpol_status mpol_game_set_title(mpol_game *game, const char *title);
MPOL_API mpol_status mpol_game_set_player_name(mpol_game *game, size_t p, const char *name);
MPOL_API mpol_status mpol_game_set_strategy_name(mpol_game *game, size_t p, size_t k,
                                                 const char *name);

/** The cell index of the profile @p profile (N strategy indices, 0-based). */
MPOL_API size_t mpol_game_cell(const mpol_game *game, const size_t *profile);

/** Decodes cell @p cell into @p profile (N entries). */
MPOL_API void mpol_game_profile(const mpol_game *game, size_t cell, size_t *profile);

/** True if the game has two players whose payoffs sum to a constant in every cell. */
MPOL_API int mpol_game_is_constant_sum(const mpol_game *game, double tol);

/**
 * For a two-player game, allocates row-major m x n matrices A (row player) and B (column
 * player), A[i*n + j]. Either output may be NULL if not wanted. Free with mpol_free().
 */
MPOL_API mpol_status mpol_game_bimatrix(const mpol_game *game, double **A, double **B);

/** Allocates exact payoff storage (zeros) if the game has none. */
MPOL_API mpol_status mpol_game_alloc_exact(mpol_game *game);

/**
 * Parses an exact rational from text: integers, decimals ("0.1" = 1/10), exponents ("1.5e2")
 * and fractions ("-3/4"). @return MPOL_OK, MPOL_EPARSE (not a number), MPOL_ENUMERIC
 * (division by zero, or it does not fit 64-bit integers).
 */
MPOL_API mpol_status mpol_rational_parse(mpol_rational *out, const char *text);

/** The value of a rational as a double. */
MPOL_API double mpol_rational_to_double(mpol_rational r);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_GAME_H */
