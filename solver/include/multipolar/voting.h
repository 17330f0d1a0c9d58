/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file voting.h
 * @brief Weighted voting games (::mpol_wvg of tu.h) with thousands of players:
 *        Shapley–Shubik and Banzhaf power indices by dynamic programming over integer
 *        weights (floating point or exact GMP counts), Penrose absolute Banzhaf, dummy and
 *        veto players, minimal winning coalitions, and a reader for the EPIC csv format.
 *
 * Weights must be integers, or decimals with at most MPOL_WVG_MAX_DECIMALS digits after the
 * point: they are then scaled by the common power of ten (the quota too, rounded up since
 * coalition weights are integers). Anything else (e.g. 1/3) is refused with MPOL_EINVAL.
 * Algorithms, complexity and measured times: docs/voting.md.
 */
#ifndef MPOL_VOTING_H
#define MPOL_VOTING_H

#include "multipolar/common.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most decimal digits accepted in a non-integer weight or quota. */
#define MPOL_WVG_MAX_DECIMALS 6

/** Which power index. */
typedef enum mpol_power_kind {
    MPOL_POWER_BANZHAF = 0,       /**< Banzhaf (swings) */
    MPOL_POWER_SHAPLEY_SHUBIK = 1 /**< Shapley–Shubik (pivots) */
} mpol_power_kind;

/** Options of the power-index computations; initialise with mpol_power_opts_init(). */
typedef struct mpol_power_opts {
    int exact;        /**< 1: exact counts with GMP (decimal strings in the result) */
    size_t max_cells; /**< limit on DP table cells (sizes x weights); default 2^27 */
    double max_work;  /**< limit on elementary DP steps (float: x1, exact: x40); 1e12 */
} mpol_power_opts;

/** Default options: floating point, max_cells = 2^27, max_work = 1e12. */
MPOL_API void mpol_power_opts_init(mpol_power_opts *opts);

/** Tolerance of the floating-point checks (relative). */
#define MPOL_POWER_CHECK_TOL 1e-9

/** A power index with its check. */
typedef struct mpol_power_result {
    mpol_power_kind kind; /**< which index */
    size_t n;             /**< players */
    int exact;            /**< 1 if counts/denominator are filled in (GMP) */
    /** n normalised indices summing to 1 (Shapley–Shubik; normalised Banzhaf). */
    double *index;
    /** n Penrose absolute Banzhaf values swings_i / 2^(n-1) (Banzhaf); for Shapley–Shubik
     *  equal to index. */
    double *absolute;
    int *dummy; /**< n flags: 1 if the player has no swing / pivot (dummy) */
    /** Exact mode: n decimal counts (Banzhaf swings; Shapley–Shubik pivot orderings, which
     *  sum to n!). NULL in floating-point mode. */
    char **counts;
    /** Exact mode: total swings (Banzhaf) or n! (Shapley–Shubik) in decimal; else NULL. */
    char *denominator;
    int64_t scaled_quota; /**< the integer quota used */
    int64_t scaled_total; /**< the integer total weight */
    int64_t scale;        /**< the power of ten the weights were multiplied by */
    /**
     * Independent check: Banzhaf: relative difference between the sum of the swings and the
     * total computed by a separate generating function (sum over S of (2|S| - n) v(S));
     * Shapley–Shubik: |sum of index - 1|. Exact mode: 0 when the identity holds exactly.
     */
    double check_error;
    int verified;     /**< 1 if check_error is within MPOL_POWER_CHECK_TOL (exactly 0 in exact
                           mode) */
    double max_error; /**< check_error */
} mpol_power_result;

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_power_result_free(mpol_power_result *res);

/**
 * Banzhaf index of every player: swing counts by the generating function
 * prod_j (1 + x^{w_j}) truncated below the quota, and each player's count by dividing its
 * factor out again (O(n q) time, O(q) memory, q = min(quota, total - quota + 1)).
 * @param opts NULL for the defaults.
 * @return MPOL_OK; MPOL_EINVAL (negative, non-finite or non-decimal weights, quota <= 0 or
 *         above the total weight: no coalition wins); MPOL_ELIMIT (table or work above the
 *         limits); MPOL_EVERIFY (the check failed; the result is in *out, verified 0); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_power_banzhaf(mpol_power_result **out, const mpol_wvg *g,
                                        const mpol_power_opts *opts);

/**
 * Shapley–Shubik index of every player: coalitions counted by size and weight, each
 * player's counts obtained by dividing its factor out; sizes above (n-1)/2 are counted
 * through complements so that the division is numerically stable.
 * O(n^2 (q + q')/2) time, O(n (q + q')/2) memory with q' = total - quota + 1.
 * Errors as for mpol_power_banzhaf.
 */
MPOL_API mpol_status mpol_power_shapley_shubik(mpol_power_result **out, const mpol_wvg *g,
                                               const mpol_power_opts *opts);

/**
 * Veto players: veto[i] = 1 iff the others together miss the quota. Errors as for
 * mpol_power_banzhaf (weights are scaled the same way).
 */
MPOL_API mpol_status mpol_wvg_veto_players(int *veto, const mpol_wvg *g);

/** Minimal winning coalitions, as index lists. */
typedef struct mpol_mwc_list {
    size_t count;    /**< number of coalitions */
    size_t *offsets; /**< count + 1 offsets into members */
    size_t *members; /**< player indices of coalition c: members[offsets[c]..offsets[c+1]) */
} mpol_mwc_list;

/** Frees a list; NULL is a no-op. */
MPOL_API void mpol_mwc_list_free(mpol_mwc_list *list);

/** Default limit on the number of minimal winning coalitions enumerated. */
#define MPOL_MWC_DEFAULT_LIMIT 1000000

/**
 * Enumerates all minimal winning coalitions (winning, and losing without any one member)
 * by depth-first search over players sorted by decreasing weight; a winning coalition is
 * minimal iff dropping its lightest member makes it lose. Members are listed in increasing
 * index order; coalitions in the search order. The coalitions are counted first
 * (mpol_wvg_count_minimal_winning), so a game above the limit is refused before anything
 * is listed, and the listing is checked against the count.
 * @param limit most coalitions to list (0: MPOL_MWC_DEFAULT_LIMIT); more gives MPOL_ELIMIT
 *        with the count in the message.
 * @return MPOL_OK; MPOL_EINVAL (as for mpol_power_banzhaf); MPOL_ELIMIT; MPOL_EVERIFY (the
 *         listing disagrees with the count: an internal error); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_wvg_minimal_winning(mpol_mwc_list **out, const mpol_wvg *g, size_t limit);

/**
 * Counts the minimal winning coalitions without listing them. S is minimal winning iff
 * w(S) >= q and w(S) - min_{i in S} w_i < q, so the coalitions with a given lightest member
 * are a subset-sum count over the heavier players: a DP in O(n q) time and O(q) memory
 * after dividing the (scaled) weights by their gcd. When that table would exceed 2^22
 * cells or 2^28 steps (large or many-decimal weights), the count falls back to a pruned
 * depth-first search that stops once the count exceeds @p cap (output-sensitive, not
 * polynomial: 3-8 x 10^7 coalitions a second here).
 * @param count receives the number of minimal winning coalitions, saturated at UINT64_MAX;
 *        when @p exact is 0 it is a lower bound above @p cap.
 * @param exact receives 1 if @p count is exact, 0 if the search stopped above @p cap (may
 *        be NULL).
 * @param cap the search may stop once the count exceeds it; 0 for no cap (exact count,
 *        however long the search).
 * @return MPOL_OK; MPOL_EINVAL (NULL @p count, or as for mpol_power_banzhaf); MPOL_ELIMIT
 *         (scaled weights above 2^53); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_wvg_count_minimal_winning(uint64_t *count, int *exact, const mpol_wvg *g,
                                                    uint64_t cap);

/**
 * Reads a weighted voting game in the EPIC csv format: one number per line (blank lines
 * and lines starting with '#' are skipped). If @p quota_override <= 0 the first number is
 * the quota and the rest are weights; otherwise every number is a weight and the quota is
 * @p quota_override. Players are named "1".."n".
 * @return MPOL_OK, MPOL_EIO (unreadable file), MPOL_EPARSE ("path:line: ..." for a bad
 *         number or an empty file), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_wvg_read_file(mpol_wvg **out, const char *path, double quota_override);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_VOTING_H */
