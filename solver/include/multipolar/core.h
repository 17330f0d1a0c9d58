/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file core.h
 * @brief The core family of TU games: core emptiness (Bondareva–Shapley LP), a core point,
 *        the least core, the nucleolus and prenucleolus, and the Kohlberg check of a claimed
 *        (pre)nucleolus. Also a reader for one-value-per-line coalition tables and the
 *        generator of the Benedek–Fliege–Nguyen random test games.
 *
 * Games are ::mpol_tu_game tables (v[bitmask], player i = bit i). Every result carries an
 * independent check computed from the full table after the solve; see docs/nucleolus.md.
 * Results are caller-owned and freed with their _free function (NULL is a no-op).
 */
#ifndef MPOL_CORE_H
#define MPOL_CORE_H

#include "multipolar/common.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default relative tolerance: absolute tolerances are this times max(1, max |v(S)|). */
#define MPOL_CORE_TOL 1e-9

/** Options shared by every solver of this header. */
typedef struct mpol_core_opts {
    /** Relative tolerance for feasibility, tightness and equal excesses (MPOL_CORE_TOL). */
    double tol;
    /** Use constraint generation when n >= this (default 10); below, all 2^n - 2 coalition
     * rows are given to the LP at once. Set it above MPOL_TU_MAX_PLAYERS to force the full
     * table ("naive" mode, the baseline of the benchmark). */
    size_t cg_min_players;
    /** Coalitions added per constraint-generation round (0: 2n, the default). */
    size_t cg_batch;
    /** Stop with MPOL_ELIMIT after this many LP solves (0: no limit). */
    size_t max_lp_solves;
    /** Run the independent check and store it in the result (default 1). */
    int verify;
} mpol_core_opts;

/** Sets @p opts to the defaults documented in ::mpol_core_opts. */
MPOL_API void mpol_core_opts_init(mpol_core_opts *opts);

/**
 * Result of the Bondareva–Shapley LP min x(N) s.t. x(S) >= v(S) for all S != {}.
 * outcome is MPOL_SOLVED when the core is nonempty (x is a core point) and MPOL_EMPTY_CORE
 * otherwise; then the balancing weights are the certificate: weights[k] >= 0 on the
 * coalitions masks[k], sum over S containing i of weights = 1 for every i, and
 * sum weights[k] v(masks[k]) = min_cost > v(N).
 */
typedef struct mpol_core_result {
    size_t n;
    mpol_outcome outcome;  /**< MPOL_SOLVED (core nonempty) or MPOL_EMPTY_CORE */
    double min_cost;       /**< optimum of the LP: the smallest x(N) that blocks no S */
    double *x;             /**< n values: a core point, or the LP minimiser if the core is empty */
    size_t nweights;       /**< number of coalitions with a positive balancing weight */
    mpol_coalition *masks; /**< nweights coalitions (a balanced collection) */
    double *weights;       /**< nweights positive weights (the LP dual) */
    /* Independent check over the full table: */
    double max_violation;    /**< max over S of v(S) - x(S) (<= tol: x blocks no coalition) */
    double efficiency_error; /**< |x(N) - v(N)| when the core is nonempty, else 0 */
    double balance_error;    /**< max over i of |sum_{S containing i} weights - 1| */
    double dual_gap;         /**< |sum weights v(S) - min_cost| (strong duality) */
    int verified;            /**< 1 if all the checks above passed (0 if opts.verify was 0) */
    double max_error;        /**< the largest of max(0, max_violation) (core nonempty),
                                  efficiency_error, balance_error and dual_gap */
    size_t lp_solves;        /**< number of LP solves */
    size_t rows_generated;   /**< coalition rows the LP ever held */
} mpol_core_result;

/**
 * Decides whether the core of @p game is empty (Bondareva–Shapley) and returns a core point
 * or the balanced collection that proves emptiness.
 * @param out     receives a new result (caller frees with mpol_core_result_free); on
 *                MPOL_EVERIFY the result that failed its check (verified 0), NULL on
 *                any other error
 * @param game    the game (not modified)
 * @param opts    options or NULL for the defaults
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, NaN/Inf value, v(empty) != 0), MPOL_ENOMEM,
 *         MPOL_EBACKEND/MPOL_ENUMERIC (GLPK), MPOL_ELIMIT (max_lp_solves),
 *         MPOL_EVERIFY (the independent check failed; the result is in *out).
 */
MPOL_API mpol_status mpol_core_solve(mpol_core_result **out, const mpol_tu_game *game,
                                     const mpol_core_opts *opts);
/** Frees a core result; NULL is a no-op. */
MPOL_API void mpol_core_result_free(mpol_core_result *res);

/**
 * The least core: min eps s.t. x(S) + eps >= v(S) for all S != {}, N and x(N) = v(N).
 * The dual weights (coalitions masks[k], weights summing to 1, every player covered by the
 * same total weight c) give the lower bound sum weights v(S) - c v(N) <= eps.
 */
typedef struct mpol_least_core_result {
    size_t n;
    double eps; /**< the least-core value; <= 0 iff the core is nonempty */
    double *x;  /**< n values: a point of the least core */
    size_t nweights;
    mpol_coalition *masks; /**< coalitions with a positive dual weight */
    double *weights;       /**< their weights (sum 1) */
    /* Independent check over the full table: */
    double max_excess;       /**< max over S != {}, N of v(S) - x(S) (should equal eps) */
    double efficiency_error; /**< |x(N) - v(N)| */
    double dual_bound;       /**< sum weights v(S) - c v(N) with c the mean coverage */
    double balance_error;    /**< max over i of |coverage_i - c| */
    int verified;            /**< 1 if max_excess <= eps + tol, eps <= dual_bound + tol, ... */
    double max_error;        /**< the largest of max(0, max_excess - eps), efficiency_error,
                                  balance_error and max(0, eps - dual_bound) */
    size_t lp_solves;
    size_t rows_generated;
} mpol_least_core_result;

/**
 * Computes the least core value and a least-core point of @p game (n >= 2).
 * @return as mpol_core_solve; MPOL_EINVAL also for n = 1 (no proper coalitions).
 */
MPOL_API mpol_status mpol_least_core(mpol_least_core_result **out, const mpol_tu_game *game,
                                     const mpol_core_opts *opts);
/** Frees a least-core result; NULL is a no-op. */
MPOL_API void mpol_least_core_result_free(mpol_least_core_result *res);

/**
 * Kohlberg criterion of a claimed (pre)nucleolus x. Coalitions S != {}, N are sorted by
 * excess v(S) - x(S), decreasing; B_1, B_2, ... are the groups of equal excess (within the
 * tolerance). x is the prenucleolus iff x(N) = v(N) and every union B_1 ∪ ... ∪ B_k is
 * balanced; it is the nucleolus iff x is an imputation and every union together with
 * B_0 = {{i} : x_i = v({i})} is weakly balanced (positive weights on B_1..B_k, nonnegative on
 * B_0). Levels are checked in order by a GLPK feasibility LP in the orthogonal complement of
 * the span of the earlier levels; once the earlier levels span R^n all later levels are
 * balanced, so at most n - 1 LPs are solved. The check stops at the first failing level.
 */
typedef struct mpol_kohlberg_result {
    size_t n;
    int prenucleolus;            /**< 1: checked as a prenucleolus (no B_0, no imputation test) */
    int passed;                  /**< 1 iff every check below passed */
    size_t nlevels;              /**< levels examined (the last one failed if passed is 0) */
    double *level_excess;        /**< excess of each level */
    size_t *level_size;          /**< number of coalitions in each level */
    size_t *level_rank;          /**< rank of the span of 1_N and the levels so far */
    unsigned char *level_ok;     /**< 1 if the prefix up to this level is (weakly) balanced */
    size_t nlps;                 /**< feasibility LPs solved */
    double efficiency_error;     /**< |x(N) - v(N)| */
    double imputation_violation; /**< max(0, max_i v({i}) - x_i) (nucleolus only) */
    double max_excess;           /**< max over S != {}, N of v(S) - x(S) */
    double tol_abs;              /**< the absolute tolerance used */
} mpol_kohlberg_result;

/**
 * Checks a claimed nucleolus (@p prenucleolus = 0) or prenucleolus (1) of @p game by the
 * Kohlberg criterion. @p x holds n values (not kept).
 * @return MPOL_OK (whether or not the check passed: see passed), MPOL_EINVAL, MPOL_ENOMEM,
 *         MPOL_EBACKEND/MPOL_ENUMERIC (GLPK failed).
 */
MPOL_API mpol_status mpol_kohlberg_check(mpol_kohlberg_result **out, const mpol_tu_game *game,
                                         const double *x, int prenucleolus,
                                         const mpol_core_opts *opts);
/** Frees a Kohlberg result; NULL is a no-op. */
MPOL_API void mpol_kohlberg_result_free(mpol_kohlberg_result *res);

/** Nucleolus or prenucleolus with its certificate. */
typedef struct mpol_nucleolus_result {
    size_t n;
    int prenucleolus;            /**< 1 for the prenucleolus */
    double *x;                   /**< n values */
    size_t nstages;              /**< sequential-LP stages (each fixes at least one dimension) */
    double *stage_excess;        /**< nstages values: the excess fixed at each stage (decreasing) */
    size_t lp_solves;            /**< LP solves (all stages and generation rounds) */
    size_t rows_generated;       /**< coalition rows the LP ever held */
    mpol_kohlberg_result *check; /**< the Kohlberg certificate (NULL if opts.verify was 0) */
    int verified;                /**< check != NULL && check->passed */
    double max_error;            /**< the check's max(efficiency_error, imputation_violation);
                                      NaN without a check */
} mpol_nucleolus_result;

/**
 * Computes the nucleolus of @p game by sequential LPs (Maschler–Peleg–Shapley / Kopelowitz)
 * with constraint generation and a Gram–Schmidt span test (Benedek, Fliege & Nguyen 2021).
 * The imputation set must be nonempty (sum v({i}) <= v(N)).
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, NaN/Inf, v(empty) != 0, empty imputation set),
 *         MPOL_ENOMEM, MPOL_EBACKEND/MPOL_ENUMERIC (GLPK or lost precision), MPOL_ELIMIT,
 *         MPOL_EVERIFY (the Kohlberg check rejected the computed point; the message says
 *         at which level; the result, with its check, is in *out).
 */
MPOL_API mpol_status mpol_nucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                                    const mpol_core_opts *opts);
/** As mpol_nucleolus, for the prenucleolus (no imputation constraints). */
MPOL_API mpol_status mpol_prenucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                                       const mpol_core_opts *opts);
/** Frees a nucleolus result and its check; NULL is a no-op. */
MPOL_API void mpol_nucleolus_result_free(mpol_nucleolus_result *res);

/* mpol_tu_read_table_file() is declared in tu.h (included above). */

/**
 * Generates the random test game of type @p type (1..4) with @p n players (2..30) and
 * @p seed of Benedek, Fliege & Nguyen (2021), drawing from the Microsoft C runtime's rand()
 * (s = 214013 s + 2531011, r = (s >> 16) & 0x7fff) in the order of the authors' generator,
 * so that the games of their published test files are reproduced exactly.
 * Type 1: v({i}) = 0, v(S) uniform integer in [1, 100|S|], v(N) in [100(n-2), 100n];
 * type 2: v({i}) = 0, v(S) in [1, 50n]; type 3: simple game, v(S) = 1 with probability 0.9
 * for |S| in {n-2, n-1}, v(N) = 1, else 0; type 4: v({i}) = 0, v(S) in [1, n].
 * @return MPOL_OK, MPOL_EINVAL (bad type or n), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_tu_benedek_game(mpol_tu_game **out, int type, size_t n, uint32_t seed);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_CORE_H */
