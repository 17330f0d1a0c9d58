/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file nash.h
 * @brief Nash equilibria of n-player normal-form games (any number of players).
 *
 * Methods: all pure equilibria (exact best-response check); the logit quantal-response
 * homotopy (a global method: follows the principal QRE branch to large lambda, then polishes
 * to an exact equilibrium by Newton on the support); support enumeration (all supports,
 * balanced sizes first; exact for two players, local polynomial solving for three or more);
 * replicator dynamics and fictitious play (extras that return their end point).
 *
 * Every profile in a result carries its certificate, computed by mpol_nash_regret() directly
 * from the game's payoff table, independently of the method: each player's expected payoff
 * and maximal regret (gain of the best pure deviation).
 *
 * A game with one player is a decision problem: its equilibria are the optimal (mixed)
 * strategies. Two-player games work with every method here; the dedicated bimatrix module
 * is faster for them.
 */
#ifndef MPOL_NASH_H
#define MPOL_NASH_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A list of mixed-strategy profiles with their certificates. Owned by the caller; free with
 * mpol_nash_result_free(). Profile i is prob[i*nstrat_total + offset[p] + k] (probability of
 * player p's strategy k).
 */
typedef struct mpol_nash_result {
    size_t nplayers;      /**< N */
    size_t nstrat_total;  /**< sum of the players' strategy counts */
    size_t *offset;       /**< N + 1 offsets of the players' blocks in a profile */
    size_t count;         /**< number of profiles */
    double *prob;         /**< count x nstrat_total probabilities */
    double *payoff;       /**< count x N expected payoffs */
    double *regret;       /**< count x N: each player's best-deviation gain (>= 0) */
    double *max_regret;   /**< count: the largest regret of the profile */
    size_t *pure;         /**< count x N strategy indices (pure method only), else NULL */
    mpol_outcome outcome; /**< MPOL_SOLVED, or MPOL_ITER_LIMIT when a limit cut the work */
    size_t steps;         /**< work done: path steps, supports tried, ODE steps or rounds */
    double lambda;        /**< logit: lambda reached on the path (payoffs scaled to [0,1]) */
    size_t capacity;      /**< allocated profiles (internal) */
} mpol_nash_result;

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_nash_result_free(mpol_nash_result *result);

/**
 * The independent certificate of a mixed profile @p prob (layout of mpol_nash_result, one
 * profile): each player's expected payoff and maximal regret max_k u_p(k, prob_-p) - u_p(prob),
 * computed from game->payoff with long-double accumulation. Any output may be NULL.
 * The profile is used as given (no renormalisation).
 * @return MPOL_OK, MPOL_EINVAL (NULL game or profile), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_nash_regret(const mpol_game *game, const double *prob, double *payoff,
                                      double *regret, double *max_regret);

/** The verdict of mpol_nash_verify() on a list of profiles. */
typedef struct mpol_nash_verdict {
    int verified;     /**< 1 if every profile's max regret is at most tol_abs (1 for no
                           profiles) */
    double max_error; /**< the largest max regret, recomputed by mpol_nash_regret() (0 for
                           no profiles; NaN if one is NaN) */
    double tol_abs;   /**< the absolute tolerance: tol * max(1, range of all the payoffs) */
} mpol_nash_verdict;

/**
 * Judges the profiles of @p result against @p tol relative to the game's payoff range: each
 * profile's max regret is recomputed from the payoff table by mpol_nash_regret(),
 * independently of the method that found it and of the regrets stored in the result.
 * A failed verdict (verified 0) is MPOL_OK; the caller decides (the extras, replicator and
 * fictitious play, need not end at an equilibrium).
 * @return MPOL_OK; MPOL_EINVAL (a NULL argument, a negative or NaN @p tol, a result whose
 *         players or strategies do not match the game); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_nash_verify(mpol_nash_verdict *out, const mpol_game *game,
                                      const mpol_nash_result *result, double tol);

/**
 * The optimal choices of a one-player game (a decision problem): the indices of every cell
 * with the largest payoff, compared as rationals (exactly) when the game has exact payoffs
 * and as doubles otherwise, in increasing order into @p opt (caller's array of
 * game->ncells entries); their number (>= 1) into *count.
 * @return MPOL_OK, MPOL_EINVAL (a NULL argument, or a game that does not have one player).
 */
MPOL_API mpol_status mpol_nash_decision_choices(size_t *opt, size_t *count, const mpol_game *game);

/* ---------------------------------------------------------------- pure equilibria */

/** Options of mpol_nash_pure(). */
typedef struct mpol_nash_pure_opts {
    double tol;            /**< a payoff within tol of the best counts as a best response;
                                default 0 (exact; with game->exact, compared as rationals) */
    size_t max_equilibria; /**< stop after this many (outcome MPOL_ITER_LIMIT); 0 = all */
} mpol_nash_pure_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_pure_opts_init(mpol_nash_pure_opts *opts);

/**
 * All pure-strategy Nash equilibria, in cell order (Gambit's order). One pass per player
 * marks the cells where that player best-responds; a cell is an equilibrium when every
 * player best-responds. Costs O(N * cells) time and one byte per cell.
 * @p opts may be NULL (defaults). result->pure holds the profiles.
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, NaN/Inf payoff, negative tol), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_nash_pure(mpol_nash_result **out, const mpol_game *game,
                                    const mpol_nash_pure_opts *opts);

/* ---------------------------------------------------------------- logit homotopy */

/** Options of mpol_nash_logit(). Lambda is in units of the payoffs scaled to [0, 1]. */
typedef struct mpol_nash_logit_opts {
    double lambda_max;      /**< end of the path (default 1e6) */
    double step_init;       /**< first arclength step (default 0.03) */
    double step_max;        /**< largest arclength step (default 1e6) */
    double max_dist;        /**< largest first corrector step accepted (default 0.4) */
    double max_contraction; /**< largest corrector contraction ratio accepted (default 0.6) */
    double corrector_tol;   /**< corrector stops when its step is below this (default 1e-10) */
    size_t max_steps;       /**< path step limit (default 100000) */
    double regret_tol;      /**< a polished profile is accepted when its max regret is at most
                                 regret_tol * (1 + payoff range) (default 1e-10) */
    int polish;             /**< polish the end point by Newton on its support (default 1) */
    uint64_t seed;          /**< seed of the payoff perturbation used when the path fails
                                 (default 1) */
    int fallback;           /**< when no polished end point is certified, run
                                 mpol_nash_simpdiv() with the same regret_tol (default 1) */
} mpol_nash_logit_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_logit_opts_init(mpol_nash_logit_opts *opts);

/**
 * One Nash equilibrium by the logit quantal-response-equilibrium homotopy (McKelvey and
 * Palfrey 1995; Turocy 2005): the principal branch from the uniform profile at lambda = 0 is
 * followed by predictor-corrector continuation in (log-probabilities, lambda) up to
 * lambda_max, and the end point is polished to an exact equilibrium (Newton on the support,
 * verified by mpol_nash_regret()). The result holds one profile. If polishing fails the
 * best point found is returned with outcome MPOL_ITER_LIMIT; the caller reads max_regret.
 * @p opts may be NULL.
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, NaN/Inf payoff, invalid option),
 *         MPOL_ENOMEM, MPOL_ENUMERIC (the path could not be followed).
 */
MPOL_API mpol_status mpol_nash_logit(mpol_nash_result **out, const mpol_game *game,
                                     const mpol_nash_logit_opts *opts);

/* ---------------------------------------------------------------- simplicial subdivision */

/** Options of mpol_nash_simpdiv(). */
typedef struct mpol_nash_simpdiv_opts {
    size_t max_refinements; /**< grid halvings: mesh 1/2, 1/4, ... (default 40, at most 50) */
    size_t leash;           /**< a run is abandoned when a vertex is farther than this many
                                 mesh units from its centre, 0 = none (default 32000) */
    size_t max_steps;       /**< label evaluations, all runs together (default 1e7) */
    double regret_tol;      /**< accept a profile whose max regret is at most
                                 regret_tol * (1 + payoff range) (default 1e-10) */
    int polish;             /**< polish each run's best vertex by Newton on its support
                                 (default 1) */
} mpol_nash_simpdiv_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_simpdiv_opts_init(mpol_nash_simpdiv_opts *opts);

/**
 * One Nash equilibrium by simplicial subdivision: Merrill's restart algorithm (Merrill 1972;
 * Eaves and Saigal 1972) with vector labels and lexicographic pivoting on Freudenthal's
 * triangulation of mesh d, applied to the normal map y - P(y) - U(P(y)) of the game (P: the
 * projection onto the product of the strategy simplices, U: the payoffs of the pure
 * strategies); the first run starts at every player's first strategy, each next one at the
 * previous run's zero with d halved. Each run's profile is polished by Newton's method on
 * its support and accepted when mpol_nash_regret() certifies it. The result holds one
 * profile, outcome MPOL_SOLVED, or the least-regret point with MPOL_ITER_LIMIT when the
 * refinements or steps ran out; `lambda` holds the last mesh d, `steps` the label
 * evaluations.
 * @p opts may be NULL.
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, NaN/Inf payoff, invalid option), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_nash_simpdiv(mpol_nash_result **out, const mpol_game *game,
                                       const mpol_nash_simpdiv_opts *opts);

/* ---------------------------------------------------------------- support enumeration */

/** Options of mpol_nash_support_enum(). */
typedef struct mpol_nash_support_opts {
    size_t max_supports;   /**< refuse (MPOL_ELIMIT) games with more support profiles
                                (default 1e6) */
    size_t starts;         /**< Newton starts per support profile for N >= 3 (default 6; the
                                first is the centroid, the others random) */
    uint64_t seed;         /**< seed of the random starts (default 1) */
    double regret_tol;     /**< accept a profile whose max regret is at most
                                regret_tol * (1 + payoff range) (default 1e-10) */
    double dedup_tol;      /**< profiles closer than this (max norm) are one (default 1e-7) */
    size_t max_equilibria; /**< stop after this many (outcome MPOL_ITER_LIMIT); 0 = all */
} mpol_nash_support_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_support_opts_init(mpol_nash_support_opts *opts);

/**
 * Nash equilibria by support enumeration (after Porter, Nudelman and Shoham 2008): support
 * profiles in order of total size, then of balance; profiles with a strategy that is
 * strictly dominated given the opponents' supports are skipped; the indifference system on
 * each support is solved by Newton's method with pseudo-inverse steps.
 * Guarantees: for N <= 2 the system is linear and every equilibrium whose support system has
 * a unique solution (all equilibria of a nondegenerate game) is found. For N >= 3 the
 * polynomial system is solved locally from @c starts points: every profile returned is a
 * verified equilibrium, but equilibria may be missed. Profiles are deduplicated.
 * @p opts may be NULL.
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ENOMEM, MPOL_ELIMIT (too many support profiles, or an
 * estimated work of profiles x starts x cells x strategies above 2 x 10^9, about two minutes:
 *         refused before the search, the estimate in the message).
 */
MPOL_API mpol_status mpol_nash_support_enum(mpol_nash_result **out, const mpol_game *game,
                                            const mpol_nash_support_opts *opts);

/* ---------------------------------------------------------------- dynamics (extras) */

/** Options of mpol_nash_replicator(). */
typedef struct mpol_nash_replicator_opts {
    double t_end;        /**< integration time, payoffs scaled to [0,1] (default 1000) */
    double abs_tol;      /**< ODE absolute tolerance (default 1e-10) */
    double rel_tol;      /**< ODE relative tolerance (default 1e-10) */
    const double *start; /**< interior start profile (borrowed), NULL = uniform */
} mpol_nash_replicator_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_replicator_opts_init(mpol_nash_replicator_opts *opts);

/**
 * Integrates the n-population replicator dynamics d x_pk/dt = x_pk (u_p(k) - u_p(x)) with
 * GSL's embedded Runge-Kutta-Prince-Dormand (8,9) driver and returns the end point with its
 * certificate (one profile; not necessarily an equilibrium: read max_regret).
 * @return MPOL_OK, MPOL_EINVAL (invalid option or start), MPOL_ENOMEM, MPOL_EBACKEND.
 */
MPOL_API mpol_status mpol_nash_replicator(mpol_nash_result **out, const mpol_game *game,
                                          const mpol_nash_replicator_opts *opts);

/** Options of mpol_nash_fictitious(). */
typedef struct mpol_nash_fictitious_opts {
    size_t rounds; /**< number of rounds (default 10000) */
    uint64_t seed; /**< seed of the tie-breaking RNG (default 1) */
} mpol_nash_fictitious_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_nash_fictitious_opts_init(mpol_nash_fictitious_opts *opts);

/**
 * Simultaneous fictitious play (Brown 1951): every round each player plays a best response
 * to the opponents' empirical frequencies, ties broken uniformly at random (the library's
 * splitmix64 generator seeded with opts->seed). Returns the empirical frequencies after the
 * last round with their certificate.
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_nash_fictitious(mpol_nash_result **out, const mpol_game *game,
                                          const mpol_nash_fictitious_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_NASH_H */
