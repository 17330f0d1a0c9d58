/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file values.h
 * @brief Rules that build TU games (2^n tables) and the one-point values of TU games:
 *        Shapley, Banzhaf, tau (Tijs), Owen (a-priori unions) and Myerson (graphs).
 *
 * Games are ::mpol_tu_game tables (tu.h): player i is bit i of a coalition bitmask. Every
 * value comes back as an ::mpol_value that carries its own check (the efficiency error
 * where the value is efficient). Cost games (airport) are returned with positive costs:
 * their "value" is then a cost allocation, and efficiency means the costs of the grand
 * coalition are shared exactly.
 *
 * All functions return MPOL_OK, or MPOL_EINVAL / MPOL_EDIM / MPOL_ELIMIT / MPOL_ENUMERIC /
 * MPOL_ENOMEM with a message in mpol_last_error(); on failure *out is NULL.
 * Algorithms, references and measured times: docs/values.md.
 */
#ifndef MPOL_VALUES_H
#define MPOL_VALUES_H

#include "multipolar/common.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------
 * Game rules: each allocates a new game (caller frees it with mpol_tu_free).
 * ------------------------------------------------------------------------------------- */

/**
 * The simple game of a weighted voting game: v(S) = 1 if the weight of S reaches the quota
 * (up to a relative tolerance of MPOL_RULE_WEIGHT_TOL), else 0. Names are copied.
 * @return MPOL_ELIMIT if g->n > MPOL_TU_MAX_PLAYERS, MPOL_EINVAL for negative or non-finite
 *         weights or a quota <= 0.
 */
MPOL_API mpol_status mpol_tu_from_wvg(mpol_tu_game **out, const mpol_wvg *g);

/** Relative tolerance used when comparing coalition weights with quotas. */
#define MPOL_RULE_WEIGHT_TOL 1e-12

/**
 * Vector-weighted voting (e.g. the EU Council's double majority): @p k weight vectors
 * (row-major k x n in @p weights) and @p k quotas; S wins (v(S) = 1) iff for every r the
 * weight of S in row r reaches quotas[r].
 */
MPOL_API mpol_status mpol_tu_vector_voting(mpol_tu_game **out, size_t n, size_t k,
                                           const double *weights, const double *quotas);

/**
 * Bankruptcy (claims) game of O'Neill (1982): estate @p estate >= 0, claims d_i >= 0;
 * v(S) = max(0, E - sum of the claims outside S).
 */
MPOL_API mpol_status mpol_tu_bankruptcy(mpol_tu_game **out, size_t n, double estate,
                                        const double *claims);

/** Unanimity game u_T: v(S) = 1 if T is a subset of S, else 0; T must be non-empty. */
MPOL_API mpol_status mpol_tu_unanimity(mpol_tu_game **out, size_t n, mpol_coalition T);

/**
 * Airport game (Littlechild and Owen 1973) as a COST game: player i needs a runway of cost
 * costs[i] >= 0, and c(S) = max over i in S of costs[i] (c(empty) = 0). Values are costs
 * (positive); the Shapley value of this game is the Littlechild–Owen sequential rule. Negate
 * the table for the savings/profit convention.
 */
MPOL_API mpol_status mpol_tu_airport(mpol_tu_game **out, size_t n, const double *costs);

/**
 * Graph-restricted game (Myerson 1977): v^g(S) = sum of v(C) over the connected components
 * C of S in the communication graph with @p nedges undirected edges (edges[2e], edges[2e+1]),
 * players 0-based. Self-loops and repeated edges are allowed and ignored.
 */
MPOL_API mpol_status mpol_tu_graph_restrict(mpol_tu_game **out, const mpol_tu_game *g,
                                            const size_t *edges, size_t nedges);

/* ---------------------------------------------------------------------------------------
 * Values.
 * ------------------------------------------------------------------------------------- */

/** A value (one payoff per player) with its check. */
typedef struct mpol_value {
    size_t n;      /**< number of players */
    double *x;     /**< n payoffs (owned) */
    int efficient; /**< 1 if the value is efficient by definition */
    double target; /**< what sum x must equal when efficient (v(N), or v^g(N)) */
    /** |sum x - target|, computed from the returned x; NaN when not efficient (raw
     *  Banzhaf). */
    double efficiency_error;
    int verified;     /**< 1 if the efficiency check passed; 0 for a value without a check
                           (raw Banzhaf) */
    double max_error; /**< efficiency_error (NaN without a check) */
} mpol_value;

/** Frees a value; NULL is a no-op. */
MPOL_API void mpol_value_free(mpol_value *val);

/** Tolerance (relative to 1 + max |v|) above which a value fails its check: MPOL_EVERIFY,
 *  with the value (verified 0) in *out. */
#define MPOL_VALUE_CHECK_TOL 1e-9

/**
 * Shapley value, O(n 2^n) time and O(2^14) extra memory (one pass over the table in
 * cache-sized blocks). @return MPOL_EVERIFY if the efficiency check fails (never expected).
 */
MPOL_API mpol_status mpol_tu_shapley(mpol_value **out, const mpol_tu_game *g);

/**
 * Banzhaf value: raw (beta_i = 2^{1-n} sum over S not containing i of v(S+i) - v(S);
 * not efficient) or, if @p normalized, scaled to sum to v(N) (efficient). Normalising fails
 * with MPOL_ENUMERIC when the raw values sum to 0.
 */
MPOL_API mpol_status mpol_tu_banzhaf(mpol_value **out, const mpol_tu_game *g, int normalized);

/**
 * tau-value (Tijs 1981): utopia payoffs M_i = v(N) - v(N\i), minimal rights
 * m_i = max over S containing i of v(S) - sum_{j in S\i} M_j, and tau = m + a (M - m) with
 * a chosen for efficiency. Requires a quasi-balanced game (m <= M, sum m <= v(N) <= sum M):
 * otherwise MPOL_EINVAL naming the violated condition. O(n 2^n).
 */
MPOL_API mpol_status mpol_tu_tau(mpol_value **out, const mpol_tu_game *g);

/**
 * Owen value (Owen 1977) with a-priori unions: @p union_of[i] is the union (bloc) of player
 * i, labels 0..m-1 each used at least once. Singleton unions or a single union give the
 * Shapley value. O(sum_i 2^{m-1} 2^{|P(i)|-1}) <= O(n 2^n).
 */
MPOL_API mpol_status mpol_tu_owen(mpol_value **out, const mpol_tu_game *g, const size_t *union_of);

/**
 * Myerson value (Myerson 1977): the Shapley value of the graph-restricted game (see
 * mpol_tu_graph_restrict). It is component-efficient: target = v^g(N), the sum of v over
 * the components of the graph (= v(N) when the graph is connected).
 */
MPOL_API mpol_status mpol_tu_myerson(mpol_value **out, const mpol_tu_game *g, const size_t *edges,
                                     size_t nedges);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_VALUES_H */
