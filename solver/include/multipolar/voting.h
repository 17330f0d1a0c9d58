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

#include "multipolar/balance.h"
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
    int exact; /**< 1: exact counts with GMP (decimal strings in the result) */
    /** Limit on the memory of the computation, in 8-byte cells: the estimated bytes
     *  (mpol_power_estimate) may not exceed 8 max_cells; default 2^27 (1 GiB). A GMP cell
     *  costs its limbs too, so it counts as several. */
    size_t max_cells;
    /** Limit on the estimated work (mpol_power_estimate, "operations"); default
     *  MPOL_POWER_DEFAULT_MAX_WORK. */
    double max_work;
    /** Called as the work proceeds (NULL: not called), at most about 1000 times, with the
     *  work done so far and the estimate, in the units of mpol_power_estimate (done <=
     *  total; the last call has done == total). */
    void (*progress)(void *userdata, size_t done, size_t total);
    void *userdata; /**< passed to progress */
} mpol_power_opts;

/** Default of mpol_power_opts.max_work: 1e12 operations (measured here: about 15 minutes
 *  in floating point, 30 in exact mode; docs/voting.md). */
#define MPOL_POWER_DEFAULT_MAX_WORK 1e12

/** Default options: floating point, max_cells = 2^27 (1 GiB), max_work =
 *  MPOL_POWER_DEFAULT_MAX_WORK, no progress callback. */
MPOL_API void mpol_power_opts_init(mpol_power_opts *opts);

/** What a power-index computation will cost, estimated before anything large is
 *  allocated. */
typedef struct mpol_power_estimate {
    /** Operations: DP cell updates (floating point), or in exact mode GMP limb operations
     *  (each call counted as MPOL_POWER_GMP_CALL_COST limbs plus its operand's limbs).
     *  An upper bound within a small factor of the work done (docs/voting.md). */
    double work;
    double bytes; /**< peak memory of the tables, GMP limbs included (an upper bound) */
    double cells; /**< DP table cells (sizes x weights) */
    double bits;  /**< exact mode: the largest count's bits (bound); 0 in floating point */
} mpol_power_estimate;

/** Cost of one GMP call in limb operations in mpol_power_estimate.work. */
#define MPOL_POWER_GMP_CALL_COST 8

/**
 * Estimates the work and memory of mpol_power_banzhaf (@p kind MPOL_POWER_BANZHAF) or
 * mpol_power_shapley_shubik on @p g with @p opts (exact or not; the limits are not
 * checked). O(d n) time for d distinct weights.
 * @return MPOL_OK; MPOL_EINVAL (NULL @p out, an unknown kind, or as for
 *         mpol_power_banzhaf); MPOL_ELIMIT (scaled weights above 2^53); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_power_estimate_cost(mpol_power_estimate *out, mpol_power_kind kind,
                                              const mpol_wvg *g, const mpol_power_opts *opts);

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
    /** The work done, counted as it was done, in the units of mpol_power_estimate.work
     *  (floating point: equal to the estimate; exact: at most the estimate). */
    double work;
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

/** The sum of the weights of the members of @p s (bit i is player i, i < 32); 0 for NULL. */
MPOL_API double mpol_wvg_coalition_weight(const mpol_wvg *g, mpol_coalition s);
/** The sum of all weights of @p g (any n); 0 for NULL. */
MPOL_API double mpol_wvg_total_weight(const mpol_wvg *g);

/* ---- certificates (solver/src/voting/power_cert.c, wvg_balance.c) ---- */

/** The certificate of one power index, re-derived from the result's own numbers (so that
 *  an index vector changed after the computation is caught). */
typedef struct mpol_power_cert {
    double sum_error;   /**< |sum of index[] - 1|, recomputed */
    double check_error; /**< the result's check_error */
    int counts_exact;   /**< exact mode: 1 if counts[] sum exactly to the denominator; 1 in
                             floating-point mode */
    int verified;       /**< floating point: check_error <= tol and sum_error <= n tol; exact:
                             check_error == 0 and counts_exact */
    double max_error;   /**< max(sum_error, check_error) */
} mpol_power_cert;

/**
 * Certifies @p r against tolerance @p tol (MPOL_POWER_CHECK_TOL is the library's own).
 * @return MPOL_OK (verified); MPOL_EVERIFY (the certificate, verified 0, is in *out);
 *         MPOL_EINVAL (NULL argument, negative or NaN @p tol, an exact result without counts).
 */
MPOL_API mpol_status mpol_power_certify(mpol_power_cert *out, const mpol_power_result *r,
                                        double tol);

/** The checks of a weighted-voting analysis: each index certified, and the dummies that the
 *  two indices find compared. */
typedef struct mpol_wvg_power_cert {
    int have_ss, have_bz;  /**< which indices were given */
    mpol_power_cert ss;    /**< Shapley-Shubik (zero, verified 1, when not given) */
    mpol_power_cert bz;    /**< Banzhaf (likewise) */
    int dummies_agree;     /**< both given: 1 if they flag the same dummies; else 1 */
    size_t dummy_mismatch; /**< players flagged dummy by one index only */
    int verified;          /**< every part verified and dummies_agree */
    double max_error;      /**< the larger of ss.max_error and bz.max_error */
} mpol_wvg_power_cert;

/**
 * Certifies the indices @p ss and @p bz (either may be NULL, not both) of one game.
 * @return MPOL_OK; MPOL_EVERIFY (certificate in *out, verified 0); MPOL_EINVAL (both NULL,
 *         different numbers of players, or as for mpol_power_certify).
 */
MPOL_API mpol_status mpol_wvg_power_certify(mpol_wvg_power_cert *out, const mpol_power_result *ss,
                                            const mpol_power_result *bz, double tol);

/** An exact index as fractions in lowest terms, as GMP writes them ("num/den", or "num"
 *  when the denominator is 1, so "0" for zero). */
typedef struct mpol_power_fractions {
    size_t n;
    char **index;    /**< n fractions counts[i] / denominator */
    char **absolute; /**< Banzhaf: n Penrose fractions swings[i] / 2^(n-1); Shapley-Shubik:
                          the same as index */
} mpol_power_fractions;

/**
 * The fractions of an exact result (@p r->exact). *out is NULL on failure.
 * @return MPOL_OK; MPOL_EINVAL (NULL, not exact, a count or denominator that is not a
 *         decimal integer, a zero denominator); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_power_exact_fractions(mpol_power_fractions **out,
                                                const mpol_power_result *r);
/** Frees fractions; NULL is a no-op. */
MPOL_API void mpol_power_fractions_free(mpol_power_fractions *f);

/** Quota within this fraction of the total from half of it: "more than half" (strict). */
#define MPOL_WVG_HALF_QUOTA_TOL 1e-12

/**
 * The balance-of-power analysis of a weighted voting game with its certificate: the
 * analysis (balance.h), Kaplan's rule 4 re-derived coalition by coalition with
 * mpol_balance_rule4_coalition and compared with the analysis' counts, and optionally one
 * actor's capability range with the check that the actor's capability lies in it.
 */
typedef struct mpol_wvg_balance {
    mpol_balance_opts opts;   /**< the rule used: strict ("more than half") iff the quota is
                                   half the total within MPOL_WVG_HALF_QUOTA_TOL of the total */
    mpol_balance *analysis;   /**< mpol_balance_analyse's result (owned) */
    uint64_t ndominant;       /**< dominant coalitions re-counted one by one */
    uint64_t violations;      /**< of those, the S != N that cannot be blocked */
    size_t nlisted;           /**< ndominant when it is at most max_listed, else 0 */
    mpol_coalition *dominant; /**< nlisted dominant coalitions in increasing bitmask order */
    long *blocker;            /**< per listed coalition: the first member whose defection lets
                                   the opposition block it, or -1 */
    int recount_ok;           /**< the re-counts equal the analysis' nwinning and
                                   rule4_violations, and rule4 agrees with the count */
    /** Per actor: for a balancer, the other bloc of its witness split (the actors outside
     *  analysis->balancer_bloc and the balancer itself); 0 for the others. */
    mpol_coalition *other_bloc;
    long actor;               /**< the actor of the range, or -1 */
    mpol_balance_range range; /**< actor >= 0: its capability range */
    int in_range;             /**< the actor's capability lies in range (1 without an actor) */
    int verified;             /**< analysis->ok, recount_ok and in_range */
    /** The largest discrepancy: the differences of the two re-counts from the analysis'
     *  counts, and how far the actor's capability lies outside its range; 0 when verified,
     *  1 for a failure that has no size (the analysis' own re-checks, a capability on an
     *  open end of its range). */
    double max_error;
} mpol_wvg_balance;

/**
 * Runs and certifies the balance-of-power analysis of @p g (n <= MPOL_BALANCE_MAX_PLAYERS).
 * @param actor an actor index for the capability range, or -1 for none.
 * @param max_listed most dominant coalitions kept with their verdicts (0: none).
 * @return MPOL_OK; MPOL_EVERIFY (the certificate, verified 0, is in *out); the errors of
 *         mpol_balance_analyse and mpol_balance_capability_range; MPOL_EINVAL (NULL @p g,
 *         @p actor out of range).
 */
MPOL_API mpol_status mpol_wvg_balance_certify(mpol_wvg_balance **out, const mpol_wvg *g, long actor,
                                              size_t max_listed);
/** Frees a certified analysis; NULL is a no-op. */
MPOL_API void mpol_wvg_balance_free(mpol_wvg_balance *b);

/* ---- Deegan-Packel, public good, Johnston and Coleman indices (solver/src/voting/indices.c;
 *      definitions, citations and complexity: docs/voting.md) ---- */

/** Which of the further power indices. */
typedef enum mpol_index_kind {
    MPOL_INDEX_DEEGAN_PACKEL = 0, /**< Deegan-Packel: sum over minimal winning S of 1/|S| */
    MPOL_INDEX_PUBLIC_GOOD = 1,   /**< Holler-Packel: minimal winning coalitions containing i */
    MPOL_INDEX_JOHNSTON = 2,      /**< Johnston: sum over swing S of 1/(critical members) */
    MPOL_INDEX_COLEMAN = 3        /**< Coleman's powers to act, prevent and initiate */
} mpol_index_kind;

/** Most players of the floating-point Deegan-Packel and public good indices (the counts
 *  must stay below 2^1024); the exact mode has no such limit. */
#define MPOL_INDEX_FLOAT_MAX_PLAYERS 1000

/** One of the indices of mpol_index_kind with its check. */
typedef struct mpol_index_result {
    mpol_index_kind kind;
    size_t n;
    int exact; /**< 1 if the *_exact fractions are filled in (GMP) */
    /** n normalised indices summing to 1 (Coleman: prevent normalised, equal to the
     *  normalised Banzhaf index). */
    double *index;
    /** n raw values: Deegan-Packel sum over minimal winning S containing i of 1/|S|;
     *  public good: the number of minimal winning coalitions containing i; Johnston: the
     *  sum over the swing coalitions S in which i is critical of 1/(critical members of S);
     *  Coleman: the power to prevent, swings_i / (winning coalitions). */
    double *raw;
    double
        *initiate; /**< Coleman: n powers to initiate swings_i / (losing coalitions); else NULL */
    double act;    /**< Coleman: power of the collectivity to act, winning / 2^n; else 0 */
    /** The total the raw values are normalised by: minimal winning coalitions
     *  (Deegan-Packel), the sum of their sizes (public good), the swing coalitions (winning
     *  with a critical member; Johnston), the winning coalitions (Coleman; +inf beyond
     *  double's range). */
    double total;
    /** Exact mode: n fractions in lowest terms ("num/den" or "num") of index, raw and
     *  (Coleman) initiate, and the decimal total and (Coleman) act; NULL otherwise. */
    char **index_exact, **raw_exact, **initiate_exact;
    char *total_exact, *act_exact;
    /** Independent check: the sum of the raw values (public good, Johnston: times the
     *  normalisation; Coleman: the swings) against the same total counted by a separate DP
     *  (minimal winning coalitions, their sizes, the swing coalitions; Coleman: the
     *  Dubey-Shapley identity sum_i swings_i = sum over winning S of (2|S| - n)). Relative;
     *  exactly 0 in exact mode when the identity holds. */
    double check_error;
    int verified; /**< check_error within MPOL_POWER_CHECK_TOL (0 in exact mode) */
    int64_t scaled_quota, scaled_total, scale;
    double work; /**< the work done, in the units of mpol_power_estimate.work */
} mpol_index_result;

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_index_result_free(mpol_index_result *r);

/**
 * Estimates the work and memory of mpol_power_index (limits not checked).
 * Deegan-Packel O(n^3 q), public good O(n^2 q) (q: quota; players of equal weight computed
 * once), Coleman as Banzhaf, Johnston: the cheaper of enumerating the swing coalitions
 * (counted first by an O(n q) DP; times n) and a DP in O(d^2 n^2 q) for d distinct weights.
 * @return MPOL_OK; MPOL_EINVAL (NULL @p out, unknown kind, or as for mpol_power_banzhaf);
 *         MPOL_ELIMIT (scaled weights above 2^53, or the Johnston count table too large);
 *         MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_index_estimate_cost(mpol_power_estimate *out, mpol_index_kind kind,
                                              const mpol_wvg *g, const mpol_power_opts *opts);

/**
 * Computes index @p kind of every player of @p g (opts NULL for the defaults; exact mode
 * with GMP rationals). The estimate is checked against opts' limits before anything large
 * is allocated.
 * @return MPOL_OK; MPOL_EINVAL (as for mpol_power_banzhaf, unknown kind); MPOL_ELIMIT (above
 *         the limits, with the estimate; floating-point Deegan-Packel or public good with
 *         more than MPOL_INDEX_FLOAT_MAX_PLAYERS players); MPOL_EVERIFY (the check failed;
 *         the result is in *out, verified 0); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_power_index(mpol_index_result **out, mpol_index_kind kind,
                                      const mpol_wvg *g, const mpol_power_opts *opts);

/**
 * Certifies @p r: the normalised index re-summed (exact mode: the fractions summed with GMP
 * to exactly 1) and the result's check_error against @p tol.
 * @return MPOL_OK; MPOL_EVERIFY (certificate in *out, verified 0); MPOL_EINVAL (NULL, bad tol,
 *         an exact result without fractions).
 */
MPOL_API mpol_status mpol_index_certify(mpol_power_cert *out, const mpol_index_result *r,
                                        double tol);

/** The short name of @p kind ("deegan-packel", "public-good", "johnston", "coleman"). */
MPOL_API const char *mpol_index_kind_name(mpol_index_kind kind);

/* ---- composite rules (solver/src/voting/composite.c) ---- */

/** Most weighted conditions of a composite rule. */
#define MPOL_COMPOSITE_MAX_CONDITIONS 16
/** Most nesting levels of all/any in a composite rule (a lone condition is depth 1). */
#define MPOL_COMPOSITE_MAX_DEPTH 8
/** Most nodes of a composite rule. */
#define MPOL_COMPOSITE_MAX_NODES 64
/** Most players of the meet-in-the-middle count (halves of 2^(n/2) coalitions). */
#define MPOL_COMPOSITE_MAX_PLAYERS 56
/** Most players of mpol_composite_power_brute (2^n coalitions). */
#define MPOL_COMPOSITE_BRUTE_MAX_PLAYERS 24

/** A node of a composite rule. */
typedef enum mpol_rule_op {
    MPOL_RULE_CONDITION = 0, /**< arg: a condition index: sum of weights[arg] >= quotas[arg] */
    MPOL_RULE_ALL = 1,       /**< arg: number of children (>= 1), all must hold */
    MPOL_RULE_ANY = 2        /**< arg: number of children (>= 1), one must hold */
} mpol_rule_op;

/** One node of a rule in prefix order (an all/any node is followed by its arg children). */
typedef struct mpol_rule_node {
    mpol_rule_op op;
    size_t arg;
} mpol_rule_node;

/**
 * A composite (vector-weighted) voting rule on n players: k weighted conditions
 * "w^c(S) >= q_c" (integer weights >= 0, a member count is the weights all 1) combined by a
 * tree of all/any nodes. The rule is monotone, so its power indices are those of a simple
 * game. The arrays are the caller's.
 */
typedef struct mpol_composite_rule {
    size_t n;                    /**< players */
    size_t k;                    /**< conditions, 1..MPOL_COMPOSITE_MAX_CONDITIONS */
    const int64_t *weights;      /**< k x n, row c: the weights of condition c (>= 0) */
    const int64_t *quotas;       /**< k quotas (>= 1; at most 2^53) */
    size_t nnodes;               /**< nodes, 1..MPOL_COMPOSITE_MAX_NODES */
    const mpol_rule_node *nodes; /**< the tree in prefix order */
} mpol_composite_rule;

/** Checks @p r (structure, depth, weights, quotas, some coalition wins).
 *  @return MPOL_OK or MPOL_EINVAL with the reason. */
MPOL_API mpol_status mpol_composite_validate(const mpol_composite_rule *r);

/** *win = 1 iff the coalition with member[i] != 0 wins under @p r. MPOL_EINVAL as for
 *  mpol_composite_validate. */
MPOL_API mpol_status mpol_composite_wins(int *win, const mpol_composite_rule *r,
                                         const unsigned char *member);

/** Estimated work and memory of mpol_composite_power (docs/voting.md, "Composite rules").
 *  @return MPOL_OK; MPOL_EINVAL; MPOL_ELIMIT (more than MPOL_COMPOSITE_MAX_PLAYERS). */
MPOL_API mpol_status mpol_composite_estimate_cost(mpol_power_estimate *out,
                                                  const mpol_composite_rule *r,
                                                  const mpol_power_opts *opts);

/**
 * Shapley–Shubik or Banzhaf index of a composite rule: for each player i the coalitions of
 * the others are counted by (size, capped sums of every weight vector but the one with the
 * largest quota) in two halves, and the swings of i found by binary search on the remaining
 * sum (meet in the middle; docs/voting.md). Counts are exact 64-bit integers; --exact
 * combines them with GMP, floating point in long double. Checked: the swings against the
 * winning coalitions counted by size over all players (sum_i swings_i = sum_S (2|S| - n)
 * v(S)), pivots summing to n! (exact) or indices to 1, and for n <= 16 against brute force.
 * scaled_quota, scaled_total are 0 and scale 1 in the result.
 * @return MPOL_OK; MPOL_EINVAL (as mpol_composite_validate, unknown kind); MPOL_ELIMIT (above
 *         the limits, estimate in the message); MPOL_EVERIFY (result in *out); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_composite_power(mpol_power_result **out, mpol_power_kind kind,
                                          const mpol_composite_rule *r,
                                          const mpol_power_opts *opts);

/** The same index by enumerating all 2^n coalitions (n <= MPOL_COMPOSITE_BRUTE_MAX_PLAYERS):
 *  the reference of the tests. check_error is 0 and verified 1. */
MPOL_API mpol_status mpol_composite_power_brute(mpol_power_result **out, mpol_power_kind kind,
                                                const mpol_composite_rule *r, int exact);

struct mpol_model;

/** A composite rule read from a `weighted-voting` model with `rule:` (docs/model-format.md),
 *  evaluated at the model's parameter values; every array owned. */
typedef struct mpol_voting_rule {
    mpol_composite_rule rule; /**< points into the arrays below */
    char **names;             /**< rule.n player names */
    int64_t *weights;         /**< rule.k x rule.n */
    int64_t *quotas;          /**< rule.k */
    mpol_rule_node *nodes;    /**< rule.nnodes */
} mpol_voting_rule;

/** 1 if @p m is a `weighted-voting` model with a composite `rule:`, else 0. */
MPOL_API int mpol_model_has_voting_rule(const struct mpol_model *m);

/** The composite rule of @p m (mpol_model_has_voting_rule). *out is NULL on failure.
 *  @return MPOL_OK; MPOL_EINVAL (NULL, not such a model, or the rule fails
 *          mpol_composite_validate); MPOL_ENUMERIC / MPOL_EPARSE ("FILE:LINE:COL: ..." for
 *          a weight or quota that is negative or not an integer); MPOL_ENOMEM. */
MPOL_API mpol_status mpol_model_voting_rule(mpol_voting_rule **out, const struct mpol_model *m);
/** Frees a rule; NULL is a no-op. */
MPOL_API void mpol_voting_rule_free(mpol_voting_rule *r);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_VOTING_H */
