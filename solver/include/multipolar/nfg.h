/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file nfg.h
 * @brief Reading and writing Gambit .nfg files (payoff and outcome versions).
 *
 * The grammar follows Gambit's own parser (see shared/reference/NFG_FORMAT.md). Numbers are
 * exact rationals; the game's exact[] payoffs are filled when every payoff fits 64-bit
 * rationals. Errors are "FILE:LINE:COL: message" with MPOL_EPARSE, MPOL_ENUMERIC (division
 * by zero) or MPOL_EIO.
 */
#ifndef MPOL_NFG_H
#define MPOL_NFG_H

#include <stdio.h>

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Reads a .nfg file. */
MPOL_API mpol_status mpol_nfg_read_file(mpol_game **out, const char *path);

/** Reads .nfg text from memory; @p name stands for the file name in error messages. */
MPOL_API mpol_status mpol_nfg_read_string(mpol_game **out, const char *text, size_t len,
                                          const char *name);

/** Which body a written .nfg file has. */
typedef enum mpol_nfg_version {
    MPOL_NFG_PAYOFF = 0, /**< a flat list of payoffs */
    MPOL_NFG_OUTCOME = 1 /**< named outcomes, then one outcome index per cell */
} mpol_nfg_version;

/**
 * Writes @p game as .nfg. Payoffs are written exactly (from exact[] when present, otherwise
 * as the shortest decimal that reads back to the same double). A failed write gives MPOL_EIO
 * with "write failed: <the system's reason>" and errno left set to that reason.
 */
MPOL_API mpol_status mpol_nfg_write(const mpol_game *game, FILE *out, mpol_nfg_version version);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_NFG_H */
