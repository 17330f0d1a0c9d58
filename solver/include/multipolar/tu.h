/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file tu.h
 * @brief Transferable-utility (TU) coalitional games and weighted voting games: the shared
 *        containers. Solutions live in their own headers.
 *
 * Coalitions are bitmasks: player i (0-based) is bit i, so a game with n players has 2^n
 * coalitions, v[0] = 0 is the empty coalition and v[(1<<n)-1] the grand coalition. This is
 * the order of the one-value-per-line files in shared/reference.
 */
#ifndef MPOL_TU_H
#define MPOL_TU_H

#include "multipolar/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest n for an explicit table of 2^n values (2^30 doubles = 8 GiB), whatever the
 *  limit MPOL_LIMIT_TU_BYTES (common.h; default 2 GiB, so n <= 28 unless raised). */
#define MPOL_TU_MAX_PLAYERS 30

typedef uint32_t mpol_coalition;

/** A TU game given by all 2^n coalition values. */
typedef struct mpol_tu_game {
    size_t n;     /**< number of players, 1..MPOL_TU_MAX_PLAYERS */
    char **names; /**< n player names (owned) */
    double *v;    /**< 2^n values, v[S] for bitmask S; v[0] = 0 */
} mpol_tu_game;

/**
 * Allocates a game with n players, names "1".."n" and all values 0.
 * @return MPOL_OK; MPOL_EINVAL (n = 0); MPOL_ELIMIT (n > MPOL_TU_MAX_PLAYERS, or 2^n doubles
 *         above mpol_limit_get(MPOL_LIMIT_TU_BYTES), default 2 GiB: n <= 28); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tu_alloc(mpol_tu_game **out, size_t n);
MPOL_API void mpol_tu_free(mpol_tu_game *game);
MPOL_API mpol_status mpol_tu_set_name(mpol_tu_game *game, size_t i, const char *name);

/** A weighted voting game [quota; w_1, ..., w_n]: S wins iff sum of weights >= quota. */
typedef struct mpol_wvg {
    size_t n;        /**< number of players */
    char **names;    /**< n names (owned) */
    double *weights; /**< n non-negative weights */
    double quota;    /**< quota > 0 */
} mpol_wvg;

/**
 * Reads a TU game from a text file with one value per line in bitmask order (line k holds
 * v(S) for the coalition whose bitmask is k, player 1 = bit 0). A file with 2^n values
 * starts with the empty coalition (which must be 0); a file with 2^n - 1 values leaves it
 * out (the format of Benedek's v.txt). Blank lines and lines starting with '#' are skipped.
 * @param out  receives a new game (caller frees with mpol_tu_free)
 * @return MPOL_OK, MPOL_EIO (cannot read), MPOL_EPARSE ("FILE:LINE:COL: what is wrong"),
 *         MPOL_ELIMIT (more than 2^MPOL_TU_MAX_PLAYERS values), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tu_read_table_file(mpol_tu_game **out, const char *path);

MPOL_API mpol_status mpol_wvg_alloc(mpol_wvg **out, size_t n);
MPOL_API void mpol_wvg_free(mpol_wvg *game);
MPOL_API mpol_status mpol_wvg_set_name(mpol_wvg *game, size_t i, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_TU_H */
