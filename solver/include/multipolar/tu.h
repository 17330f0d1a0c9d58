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

/* ---------------------------------------------------------------------------------------
 * Certificates of TU solutions, recomputed from the table (solver/src/coop/tu_cert.c).
 * Tolerances are relative: the absolute tolerance is tol * mpol_tu_scale(game), and a tol
 * <= 0 means 1e-9. The certificates are value out-parameters (nothing to free).
 * ------------------------------------------------------------------------------------- */

/** max(1, max over S of |v(S)|): the scale of the TU checks' absolute tolerances (1 for a
 *  NULL game; NaN if a value is NaN). */
MPOL_API double mpol_tu_scale(const mpol_tu_game *game);

/** The efficiency check of an allocation (a value, or any payoff vector with a target). */
typedef struct mpol_tu_efficiency_cert {
    size_t n;
    double sum;              /**< x(N) = x_1 + ... + x_n, re-added in player order */
    double target;           /**< what the sum must equal (v(N), or v^g(N) for Myerson) */
    double efficiency_error; /**< |sum - target| */
    double tol_abs;          /**< tol * mpol_tu_scale(game) */
    int verified;            /**< 1 iff efficiency_error <= tol_abs */
    double max_error;        /**< efficiency_error */
} mpol_tu_efficiency_cert;

/**
 * Checks that the @p game->n payoffs @p x sum to @p target.
 * @return MPOL_OK (whether or not the check passed: see verified), MPOL_EINVAL (NULL),
 *         MPOL_ENUMERIC (a payoff or the target is not finite).
 */
MPOL_API mpol_status mpol_tu_efficiency_certify(mpol_tu_efficiency_cert *out,
                                                const mpol_tu_game *game, const double *x,
                                                double target, double tol);

/** Whether the imputation set {x : x(N) = v(N), x_i >= v({i})} is nonempty. */
typedef struct mpol_tu_imputation_cert {
    double singleton_sum; /**< v({1}) + ... + v({n}) */
    double grand_value;   /**< v(N) */
    double tol_abs;       /**< tol * mpol_tu_scale(game) */
    int nonempty;         /**< 1 iff singleton_sum <= grand_value + tol_abs */
    int verified;         /**< 1: the decision is read off the table (finite values) */
    double max_error;     /**< 0: nothing is approximated */
} mpol_tu_imputation_cert;

/** Decides whether @p game has imputations. @return MPOL_OK, MPOL_EINVAL (NULL),
 *  MPOL_ENUMERIC (a singleton or grand-coalition value is not finite). */
MPOL_API mpol_status mpol_tu_imputation_certify(mpol_tu_imputation_cert *out,
                                                const mpol_tu_game *game, double tol);

/**
 * The excesses of an allocation x recounted over every coalition from the table: the
 * efficiency against v(N), the largest excess v(S) - x(S) over S != {}, N (the core
 * constraints; the least-core value and the (pre)nucleolus' first level), and the imputation
 * constraints. O(2^n) time, O(2^(n/2)) memory.
 */
typedef struct mpol_tu_excess_cert {
    size_t n;
    double sum;                   /**< x(N) */
    double efficiency_error;      /**< |x(N) - v(N)| */
    double max_excess;            /**< max over S != {}, N of v(S) - x(S); -HUGE_VAL if n = 1 */
    mpol_coalition max_excess_at; /**< the first coalition (bitmask order) attaining it */
    double imputation_violation;  /**< max(0, max_i v({i}) - x_i) */
    double claimed;               /**< the caller's claimed max excess (NaN: none) */
    double excess_error;          /**< |max_excess - claimed| (0 without a claim or if n = 1) */
    double tol_abs;               /**< tol * mpol_tu_scale(game) */
    int in_core;                  /**< 1 iff efficient and max_excess <= tol_abs */
    int verified;                 /**< 1 iff efficiency_error and excess_error <= tol_abs */
    double max_error;             /**< max(efficiency_error, excess_error) */
} mpol_tu_excess_cert;

/**
 * Recounts the excesses of the @p game->n payoffs @p x; @p claimed (NaN: none) is the max
 * excess a solver reported (the least-core eps, the Kohlberg check's max_excess).
 * @return MPOL_OK (whether or not verified), MPOL_EINVAL (NULL), MPOL_ENUMERIC (a payoff
 *         is not finite), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tu_excess_certify(mpol_tu_excess_cert *out, const mpol_tu_game *game,
                                            const double *x, double claimed, double tol);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_TU_H */
