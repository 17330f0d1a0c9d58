/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file correlated.h
 * @brief Correlated and coarse correlated equilibria of n-player strategic-form games.
 *
 * A correlated equilibrium (Aumann 1974) is a distribution p over pure strategy profiles
 * such that no player, told the strategy s the device recommends, gains by playing t
 * instead: for every player i and pair s != t,
 *     sum over profiles c with c_i = s of p(c) (u_i(t, c_-i) - u_i(c)) <= 0.
 * A coarse correlated equilibrium (Moulin and Vial 1978; Hannan's set) only asks that no
 * player gains by committing to t before hearing the recommendation:
 *     sum over all c of p(c) (u_i(t, c_-i) - u_i(c)) <= 0   for every i and t.
 * Both sets are polytopes in the simplex of distributions over the game's cells (one LP
 * variable per cell, Gambit's cell order of game.h), the coarse one containing the other,
 * and both contain every Nash equilibrium (as the product of its mixed strategies).
 *
 * mpol_ce_solve() maximises a linear objective over the polytope with GLPK's simplex (the
 * welfare, one player's payoff, or each player's payoff up and down for its range). Every
 * distribution returned is certified independently of the LP: every obedience constraint is
 * recomputed from the payoff table (the largest violation), and the optimality by the dual
 * bound: for the LP's row duals y >= 0, max_c (objective(c) - sum_rows y * gain(c)) bounds
 * the objective of every distribution in the polytope from above, so its distance to the
 * objective reached (the duality gap) is what the answer may lack.
 */
#ifndef MPOL_CORRELATED_H
#define MPOL_CORRELATED_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default verification tolerance, relative to max(1, payoff range). */
#define MPOL_CE_DEFAULT_TOL 1e-7
/** Default of mpol_ce_opts.max_bytes: 2 GiB. */
#define MPOL_CE_MAX_BYTES_DEFAULT ((size_t)1 << 31)

/** Which polytope. */
typedef enum mpol_ce_kind {
    MPOL_CE_CORRELATED = 0, /**< correlated equilibria (one constraint per i, s != t) */
    MPOL_CE_COARSE = 1      /**< coarse correlated equilibria (one per i, t) */
} mpol_ce_kind;

/** What is optimised over the polytope. */
typedef enum mpol_ce_objective {
    MPOL_CE_WELFARE = 0, /**< the sum of the players' expected payoffs */
    MPOL_CE_PLAYER = 1,  /**< the expected payoff of mpol_ce_opts.player */
    MPOL_CE_RANGE = 2    /**< each player's payoff minimised and maximised (2N LPs), and
                              the welfare-maximising distribution */
} mpol_ce_objective;

/** The LP algorithm. */
typedef enum mpol_ce_lp {
    MPOL_CE_LP_AUTO = 0,    /**< crossover when the LP has at least 8 times as many
                                 profiles as constraints and 1024 profiles, else simplex */
    MPOL_CE_LP_SIMPLEX = 1, /**< GLPK's primal simplex from GLPK's standard basis */
    MPOL_CE_LP_INTERIOR = 2 /**< crossover: GLPK's interior-point method, the simplex on the
                                 profiles of its answer's support, then the simplex on all
                                 profiles from that basis (a few pivots); a point whose
                                 certificate fails is solved again by the plain simplex.
                                 Either way the answer is an optimal vertex. */
} mpol_ce_lp;

typedef struct mpol_ce_opts {
    mpol_ce_kind kind;           /**< default MPOL_CE_CORRELATED */
    mpol_ce_lp lp;               /**< default MPOL_CE_LP_AUTO */
    mpol_ce_objective objective; /**< default MPOL_CE_WELFARE */
    size_t player;               /**< 0-based player of MPOL_CE_PLAYER */
    double tol;                  /**< verification tolerance on violations and duality gaps,
                                      relative to max(1, max - min of all payoffs) (default
                                      MPOL_CE_DEFAULT_TOL) */
    size_t max_bytes;            /**< refuse (MPOL_ELIMIT) when the estimated memory of the LP
                                      exceeds this; 0: MPOL_CE_MAX_BYTES_DEFAULT */
} mpol_ce_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_ce_opts_init(mpol_ce_opts *opts);

/** Name of a kind ("correlated", "coarse-correlated"); "unknown" outside the enum. */
MPOL_API const char *mpol_ce_kind_name(mpol_ce_kind kind);

/** The check of one distribution against a polytope (mpol_ce_verify). */
typedef struct mpol_ce_check {
    int verified;         /**< 1 if max_error <= tol_abs */
    double max_error;     /**< max(max_violation, prob_error * scale) in payoff units */
    double max_violation; /**< the largest gain of an obedience deviation (0 if none gains) */
    double prob_error;    /**< largest negative probability or |sum - 1| */
    double tol_abs;       /**< tol * max(1, payoff range) */
    size_t player;        /**< the player of the worst constraint */
    size_t from;          /**< its recommended strategy (SIZE_MAX for a coarse constraint) */
    size_t to;            /**< its deviation */
    size_t nconstraints;  /**< obedience constraints checked */
} mpol_ce_check;

/**
 * Checks @p prob (game->ncells probabilities, Gambit's cell order) against every obedience
 * constraint of @p kind, recomputed from the payoff table.
 * @return MPOL_OK (the verdict in *out, whatever it is), MPOL_EINVAL (NULL, tol < 0).
 */
MPOL_API mpol_status mpol_ce_verify(mpol_ce_check *out, const mpol_game *game, const double *prob,
                                    mpol_ce_kind kind, double tol);

/** One optimised distribution of a result. */
typedef struct mpol_ce_point {
    double *prob;        /**< ncells probabilities (owned by the result) */
    double *payoff;      /**< N expected payoffs */
    double welfare;      /**< their sum */
    double objective;    /**< the objective reached (payoff units) */
    double bound;        /**< the dual bound on the objective (>= objective up to round-off;
                              below it for a minimisation) */
    double duality_gap;  /**< |bound - objective| */
    mpol_ce_check check; /**< obedience recount of prob */
} mpol_ce_point;

typedef struct mpol_ce_result {
    mpol_ce_kind kind;
    mpol_ce_objective objective;
    size_t player;      /**< the player of MPOL_CE_PLAYER */
    size_t nplayers;    /**< N */
    size_t ncells;      /**< profiles (LP variables) */
    size_t nrows;       /**< obedience constraints of the LP */
    size_t nnz;         /**< their non-zero coefficients */
    mpol_ce_point best; /**< the optimum: welfare, the player's payoff, or (range) welfare */
    /** MPOL_CE_RANGE only (else NULL): 2N points, lo[i] = points[2i], hi[i] = points[2i+1]:
     *  player i's payoff minimised and maximised. */
    mpol_ce_point *points;
    double *range_lo, *range_hi; /**< MPOL_CE_RANGE: N payoffs each, else NULL */
    size_t lp_solves;            /**< LPs solved */
    size_t interior_solves;      /**< of which by the crossover (certified) */
    size_t exact_solves;         /**< of which again by GLPK's exact rational simplex, where
                                      the double simplex's answer failed its check (LPs of
                                      at most 4e6 rows x profiles) */
    size_t iterations;           /**< simplex iterations over all of them */
    double scale;                /**< max(1, payoff range) */
    double tol_abs;              /**< tol * scale */
    int verified;                /**< 1 if every point passed its obedience check and its
                                      duality gap is within tol_abs */
    double max_error;            /**< the largest violation or duality gap (payoff units) */
} mpol_ce_result;

/**
 * Optimises over the correlated (or coarse correlated) equilibria of @p game.
 * @return MPOL_OK; MPOL_EVERIFY with the result when a check failed; MPOL_EINVAL (NULL,
 *         bad options, player out of range); MPOL_ELIMIT (the LP's estimated memory above
 *         max_bytes, the message giving the estimate); MPOL_EBACKEND, MPOL_ENUMERIC (GLPK);
 *         MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_ce_solve(mpol_ce_result **out, const mpol_game *game,
                                   const mpol_ce_opts *opts);

/** The estimated bytes of the LP mpol_ce_solve() builds for @p game and @p kind. */
MPOL_API double mpol_ce_estimate_bytes(const mpol_game *game, mpol_ce_kind kind);

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_ce_result_free(mpol_ce_result *result);

/** The extreme points of a correlated-equilibrium polytope (mpol_ce_vertices). */
typedef struct mpol_ce_vertex_list {
    size_t count;   /**< vertices */
    size_t ncells;  /**< probabilities per vertex */
    double *prob;   /**< count x ncells */
    double *payoff; /**< count x 2 expected payoffs */
    size_t tried;   /**< candidate active sets solved */
    int verified;   /**< 1 if every vertex passed mpol_ce_verify */
    double max_error;
} mpol_ce_vertex_list;

/** Default of the candidate limit of mpol_ce_vertices. */
#define MPOL_CE_VERTEX_CANDIDATES_DEFAULT ((double)2e7)

/**
 * Every extreme point of the polytope @p kind of a small game (any number of players; the
 * CLI offers it for two), by trying every active set of the LP's constraint system: a
 * vertex is a distribution where ncells - 1 linearly independent constraints (obedience
 * rows and p(c) >= 0) are tight, besides sum p = 1.
 * The work is estimated before it starts and refused above @p max_candidates (0: the
 * default) with the estimate. @p tol as in mpol_ce_opts.
 * @return MPOL_OK, MPOL_EVERIFY (with the list), MPOL_EINVAL, MPOL_ELIMIT, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_ce_vertices(mpol_ce_vertex_list **out, const mpol_game *game,
                                      mpol_ce_kind kind, double tol, double max_candidates);

/** Frees a vertex list; NULL is a no-op. */
MPOL_API void mpol_ce_vertex_list_free(mpol_ce_vertex_list *list);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_CORRELATED_H */
