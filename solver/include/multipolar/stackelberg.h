/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file stackelberg.h
 * @brief Stackelberg equilibria of normal-form games with a designated leader.
 *
 * The leader commits to a strategy; the followers (every other player) observe it and reply
 * with a pure profile that is a Nash equilibrium among them given the commitment (for two
 * players: a best reply of the one follower). Three methods (docs/stackelberg.md):
 * - MPOL_STACKELBERG_STRONG: the strong Stackelberg equilibrium with mixed commitment, ties
 *   among the followers' replies broken in the leader's favour, by the multiple-LPs method
 *   of Conitzer and Sandholm (2006): one LP per followers' profile, the best LP wins;
 * - MPOL_STACKELBERG_PURE: the leader commits to a pure strategy (ties as in STRONG);
 * - MPOL_STACKELBERG_WEAK: ties broken against the leader (pessimistic). Its value is a
 *   supremum that need not be attained; the result says whether the commitment found
 *   attains it. Two players: one LP per group of tied follower replies; n >= 3: one MILP
 *   (GLPK) with a binary per followers' profile and per profile and deviation, refused
 *   (MPOL_ELIMIT) above 256 binaries or past 60 s.
 * For n players there is one LP per followers' pure profile (the product of their strategy
 * counts), which opts.max_lps bounds.
 */
#ifndef MPOL_STACKELBERG_H
#define MPOL_STACKELBERG_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mpol_stackelberg_method {
    MPOL_STACKELBERG_STRONG = 0, /**< mixed commitment, ties for the leader (default) */
    MPOL_STACKELBERG_PURE = 1,   /**< pure commitment, ties for the leader */
    MPOL_STACKELBERG_WEAK = 2,   /**< mixed commitment, ties against the leader */
    MPOL_STACKELBERG_METHOD_COUNT = 3
} mpol_stackelberg_method;

/** The canonical name: "stackelberg", "stackelberg-pure" or "stackelberg-weak". */
MPOL_API const char *mpol_stackelberg_method_name(mpol_stackelberg_method method);
/** Parses a method name (also "strong", "pure", "weak"); MPOL_EINVAL, *out unchanged. */
MPOL_API mpol_status mpol_stackelberg_method_parse(mpol_stackelberg_method *out, const char *name);

/** Default of mpol_stackelberg_opts.max_lps. */
#define MPOL_STACKELBERG_MAX_LPS 1000000u

typedef struct mpol_stackelberg_opts {
    mpol_stackelberg_method method; /**< default MPOL_STACKELBERG_STRONG */
    size_t leader;                  /**< the leader, 0-based (default 0) */
    double tol;                     /**< verification tolerance relative to the payoff range
                                         (default 1e-9) */
    size_t max_lps; /**< refuse (MPOL_ELIMIT) when the followers have more pure profiles
                         (LPs) than this (default MPOL_STACKELBERG_MAX_LPS) */
} mpol_stackelberg_opts;

MPOL_API void mpol_stackelberg_opts_init(mpol_stackelberg_opts *opts);

/**
 * The leader named by @p text in @p game: a player's name, else a 1-based index; NULL: the
 * first player. Sets *out (0-based).
 * @return MPOL_OK; MPOL_EINVAL ("unknown leader 'X' (players: A, B)"; NULL @p out or game).
 */
MPOL_API mpol_status mpol_stackelberg_leader_parse(size_t *out, const mpol_game *game,
                                                   const char *text);

/** The independent check of a commitment and a reply. */
typedef struct mpol_stackelberg_cert {
    double follower_regret; /**< the largest gain of a follower deviating from the reply
                                 against the commitment (0 at an equilibrium among them) */
    double leader_value;    /**< the leader's expected payoff, recomputed from the table */
    double value_error;     /**< |leader_value - the claimed value| */
    double simplex_error;   /**< the largest violation of x >= 0, sum x = 1 */
    double scale;           /**< the payoff range that makes tolerances relative */
    double tol_abs;         /**< tol * scale */
    int verified;           /**< max_error <= tol_abs */
    double max_error;       /**< max of the three errors */
} mpol_stackelberg_cert;

/**
 * Checks the commitment @p x (the leader's mixed strategy) with the followers' pure reply
 * @p reply (one strategy per player; the leader's entry is ignored) and the claimed leader
 * value @p value on @p game, from the payoff table alone. @p tol relative (<= 0: 1e-9).
 * @return MPOL_OK (the verdict is in *out), MPOL_EINVAL.
 */
MPOL_API mpol_status mpol_stackelberg_certify(mpol_stackelberg_cert *out, const mpol_game *game,
                                              size_t leader, const double *x, const size_t *reply,
                                              double value, double tol);

typedef struct mpol_stackelberg_result {
    mpol_stackelberg_method method;
    size_t nplayers;
    size_t leader;
    size_t nleader;             /**< the leader's strategy count */
    double *commitment;         /**< the leader's mixed strategy (nleader; pure: one 1) */
    size_t *reply;              /**< the followers' pure reply, one strategy per player (the
                                     leader's entry: the most likely commitment strategy) */
    double value;               /**< the leader's value (WEAK: the supremum) */
    double *payoffs;            /**< every player's expected payoff at (commitment, reply) */
    int attained;               /**< WEAK: 1 if every reply tied at the commitment gives the leader
                                     the value (the supremum is attained there); STRONG, PURE: 1 */
    double pessimistic;         /**< WEAK: the leader's payoff at the commitment under the worst
                                     tied reply (== value when attained); STRONG,
                                     PURE: the value */
    size_t profiles;            /**< the followers' pure profiles (the LPs of the method) */
    size_t lps_solved;          /**< LPs solved (the others were pruned by their upper bound);
                                     WEAK with n >= 3: 1 (the MILP) + the LPs solved after it */
    size_t inducible;           /**< solved LPs that were feasible; WEAK with n >= 3: the
                                     followers' equilibria among them at the commitment */
    mpol_stackelberg_cert cert; /**< the independent check of commitment and reply */
    int verified;               /**< cert.verified */
    double max_error;           /**< cert.max_error */
} mpol_stackelberg_result;

MPOL_API void mpol_stackelberg_result_free(mpol_stackelberg_result *r);

/**
 * The Stackelberg equilibrium of @p game (any number of players >= 2) with leader
 * opts->leader by opts->method. GLPK solves the LPs (inside the library's GLPK guard).
 * @return MPOL_OK; MPOL_EVERIFY (result returned, check failed); MPOL_EINVAL (NULL, leader
 *         out of range, one player, NaN/Inf payoff); MPOL_ELIMIT (more than opts->max_lps
 *         followers' profiles, or WEAK with n >= 3 and more than 256 binaries or past 60 s: the
 * message gives the count); MPOL_ENUMERIC (no followers' profile is an equilibrium among them for
 * any commitment); MPOL_ENOMEM; MPOL_EBACKEND.
 */
MPOL_API mpol_status mpol_stackelberg_solve(mpol_stackelberg_result **out, const mpol_game *game,
                                            const mpol_stackelberg_opts *opts);

/* ---- Bayesian Stackelberg games ---------------------------------------------------------- */

/**
 * A Bayesian Stackelberg game: a leader with m strategies faces one follower (n strategies)
 * whose type t (one of ntypes) is drawn with probability prior[t]; the leader commits to a
 * mixed strategy without knowing the type, each type observes the commitment and best
 * replies with its own payoffs. Arrays are the caller's, row-major per type:
 * leader[(t * m + i) * n + j] and follower[(t * m + i) * n + j].
 */
typedef struct mpol_bsg {
    size_t m, n, ntypes;
    const double *prior;    /**< ntypes probabilities (>= 0, summing to 1 within 1e-9) */
    const double *leader;   /**< the leader's payoffs against each type */
    const double *follower; /**< each type's payoffs */
} mpol_bsg;

typedef struct mpol_bsg_result {
    size_t m, n, ntypes;
    double *commitment;   /**< m: the leader's mixed strategy */
    size_t *reply;        /**< ntypes: each type's pure reply (ties for the leader) */
    double value;         /**< the leader's expected value, from the MILP */
    double *type_value;   /**< ntypes: the leader's payoff against each type, recomputed */
    double *type_payoff;  /**< ntypes: each type's payoff, recomputed */
    double *type_regret;  /**< ntypes: each type's best gain from deviating (0: best reply) */
    double leader_value;  /**< sum_t prior[t] type_value[t], recomputed */
    double value_error;   /**< |leader_value - value| */
    double simplex_error; /**< distance of the commitment from the simplex */
    double tol_abs;       /**< tol times the payoff range */
    double milp_value;    /**< the MILP's objective (value: the LP of the MILP's replies) */
    size_t binaries;      /**< the MILP's binary variables (ntypes * n) */
    int verified;         /**< max_error <= tol_abs */
    double max_error;     /**< max of the regrets, value_error, simplex_error * range */
} mpol_bsg_result;

MPOL_API void mpol_bsg_result_free(mpol_bsg_result *r);

/**
 * Recomputes the check of @p r (commitment, replies and value as they stand) on @p game from
 * the payoff arrays alone: per type the regret of its reply, its payoff and the leader's
 * payoff against it, then leader_value, value_error, simplex_error, tol_abs (@p tol times
 * the largest payoff range), verified and max_error. The sizes of @p r must be the game's.
 * @return MPOL_OK (the verdict is in *r), MPOL_EINVAL (NULL, sizes differ, a reply out of
 *         range, tol <= 0).
 */
MPOL_API mpol_status mpol_stackelberg_bayes_certify(mpol_bsg_result *r, const mpol_bsg *game,
                                                    double tol);

/**
 * The strong Stackelberg equilibrium of a Bayesian Stackelberg game by one MILP in GLPK
 * (glp_intopt, inside the library's GLPK guard), in the style of DOBSS (Paruchuri et al.
 * 2008): variables x (the commitment), one binary q_tj per type and reply, the type's value
 * a_t and the leader's payoff f_t against it;
 *     max sum_t prior[t] f_t
 *     s.t. sum x = 1, sum_j q_tj = 1,
 *          0 <= a_t - C_t(x, j) <= 1 - q_tj,  f_t <= R_t(x, j) + 1 - q_tj
 * on payoffs scaled to [0, 1] (so M = 1 is exact); then, the replies fixed, the LP of that
 * reply profile gives the commitment exactly. Only opts->tol is read. Each type's reply
 * is checked for being a best reply and the leader's value recomputed, per type
 * (mpol_bsg_result).
 * @return MPOL_OK; MPOL_EVERIFY (result returned); MPOL_EINVAL (NULL, a zero size, a prior
 *         that is negative or does not sum to 1, NaN/Inf); MPOL_ELIMIT (more than 2^20
 *         binaries); MPOL_ENOMEM; MPOL_EBACKEND; MPOL_ENUMERIC.
 */
MPOL_API mpol_status mpol_stackelberg_bayes_solve(mpol_bsg_result **out, const mpol_bsg *game,
                                                  const mpol_stackelberg_opts *opts);

/* ---- the bayesian-stackelberg model kind ----------------------------------------------- */

struct mpol_model;

/** A Bayesian Stackelberg game read from a model (kind bayesian-stackelberg): the arrays of
 * @p game point into the owned arrays below. */
typedef struct mpol_bsg_game {
    mpol_bsg game;
    char *leader_name, *follower_name;
    char **leader_strategies;   /**< game.m names */
    char **follower_strategies; /**< game.n names */
    char **type_names;          /**< game.ntypes names */
    double *prior, *leader, *follower;
} mpol_bsg_game;

/** The game of a bayesian-stackelberg model at its current parameter values (*out NULL on
 * failure). @return MPOL_OK; MPOL_EINVAL (NULL, another kind); MPOL_ENUMERIC (a prior
 * negative or the priors not summing to 1 within 1e-9, with the position); MPOL_ENOMEM. */
MPOL_API mpol_status mpol_model_bsg(mpol_bsg_game **out, const struct mpol_model *model);
/** Re-evaluates the priors and payoffs of @p game (from mpol_model_bsg of this model) at
 * @p params (NULL: the model's values). Errors as mpol_model_bsg. */
MPOL_API mpol_status mpol_model_eval_bsg(const struct mpol_model *model, const double *params,
                                         mpol_bsg_game *game);
MPOL_API void mpol_bsg_game_free(mpol_bsg_game *game);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_STACKELBERG_H */
