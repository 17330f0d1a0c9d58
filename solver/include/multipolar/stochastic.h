/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file stochastic.h
 * @brief Stochastic games (Shapley 1953): finitely many states, a stage game in each, and
 * transitions that depend on the state and the action profile.
 *
 * Payoffs are totals: a play from state s earns r(s, a) now and continues to state s' with
 * weight w(s' | s, a) = discount * (1 - stop(s, a)) * next(s' | s, a), where next is a
 * probability distribution over the states. The continuation weights of every profile sum
 * to at most beta = max_{s,a} discount * (1 - stop(s, a)) < 1, the contraction factor. A
 * one-state game with discount delta has the value of its stage game divided by 1 - delta.
 *
 * Two-player zero-sum games: values and stationary optimal strategies by Shapley's value
 * iteration (each stage game solved by the dense zero-sum solver, warm-started from the
 * previous iteration's supports) stopped by the contraction bound, then finished by
 * Hoffman-Karp policy iteration. n-player general-sum games: a stationary Markov perfect
 * equilibrium by fictitious play in stationary strategies (each player's best response an
 * exact MDP solution) polished by Newton's method on the support equations, verified state by
 * state, or MPOL_ENOTFOUND-free "not found" (found = 0) when the method fails.
 * Details, cost and limits: docs/stochastic.md.
 */
#ifndef MPOL_STOCHASTIC_H
#define MPOL_STOCHASTIC_H

#include <stddef.h>

#include "multipolar/common.h"
#include "multipolar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default verification tolerance, relative to the range of the values (payoff range over
 *  1 - beta). */
#define MPOL_SG_DEFAULT_TOL 1e-9
/** The most states, players, and profiles per state a stochastic game may have. */
#define MPOL_SG_MAX_STATES 4096
#define MPOL_SG_MAX_PLAYERS 16

/** A stochastic game; the arrays are the caller's (or a model's, mpol_model_stochastic). */
typedef struct mpol_sg {
    size_t nplayers;        /**< >= 1; zero-sum games have 2 */
    size_t nstates;         /**< >= 1 */
    const size_t *nactions; /**< nstates * nplayers: player p's actions in state s at
                                 [s * nplayers + p], each >= 1 */
    const size_t *offset;   /**< nstates + 1: the profiles of state s are offset[s] ..
                                 offset[s+1] - 1; a profile's index within its state has
                                 player 0's action varying fastest (Gambit order) */
    const double *payoff;   /**< offset[nstates] * nplayers stage payoffs */
    const double *next;     /**< offset[nstates] * nstates next-state probabilities, each
                                 row summing to 1 */
    const double *stop;     /**< offset[nstates] stopping probabilities, or NULL (none) */
    double discount;        /**< in (0, 1]; with 1 every stop probability must be > 0 */
    int zero_sum;           /**< 1: two players, player 1's payoff is minus player 0's
                                 (payoff[k * 2 + 1] is ignored) */
} mpol_sg;

/**
 * Checks a game: sizes within the limits above, finite payoffs, probabilities in [0, 1]
 * summing to 1 within 1e-9, and beta < 1. *beta (NULL: not wanted) receives beta.
 * @return MPOL_OK or MPOL_EINVAL with the first fault.
 */
MPOL_API mpol_status mpol_sg_validate(const mpol_sg *game, double *beta);

/** The independent check of a stationary strategy profile. */
typedef struct mpol_sg_check {
    size_t nstates, nplayers;
    double *gap;      /**< zero-sum: per state, the duality gap of the stage game with the
                           claimed values as continuation; general-sum: NULL */
    double *residual; /**< zero-sum: per state, |v(s) - x' G_s(v) y|, the Bellman residual of
                           the claimed values under the strategies; general-sum: NULL */
    double *regret;   /**< general-sum: nstates * nplayers, each player's gain per state from
                           the best one-shot deviation against the continuation values of
                           the profile (recomputed by a linear solve); zero-sum: NULL */
    double *error;    /**< per state: gap + residual (zero-sum) or the largest regret */
    double max_error; /**< the largest error */
    double bound;     /**< max_error / (1 - beta): how far the claimed values can be from
                           the game's values (zero-sum), or the most any player can gain by
                           any stationary deviation (general-sum) */
    double scale;     /**< the range of the values: payoff range / (1 - beta) (1 if 0) */
    double tol;       /**< the relative tolerance: ok when bound <= tol * scale */
    int ok;
} mpol_sg_check;

/** Frees a check's arrays and the check; NULL is a no-op. */
MPOL_API void mpol_sg_check_free(mpol_sg_check *check);

/** Number of strategy entries of a stationary profile: sum over states and players of the
 *  actions, laid out state by state, player by player (mpol_sg_strategy_offset). */
MPOL_API size_t mpol_sg_strategy_size(const mpol_sg *game);
/** Index of player p's first probability in state s in a stationary profile. */
MPOL_API size_t mpol_sg_strategy_offset(const mpol_sg *game, size_t s, size_t p);

/**
 * Checks values @p value (nstates) and stationary strategies @p strategy of a zero-sum game
 * (layout of mpol_sg_strategy_offset): per state the stage game's duality gap with @p value as
 * continuation (mpol_zs_verify) and the Bellman residual.
 * @return MPOL_OK (see (*out)->ok), MPOL_EINVAL, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_sg_zs_verify(mpol_sg_check **out, const mpol_sg *game,
                                       const double *value, const double *strategy, double tol);

/**
 * Checks that @p strategy is a stationary Markov perfect equilibrium: the continuation values
 * of the profile are recomputed by solving its linear system (GSL LU), then every player's
 * regret per state. *values (NULL: not wanted) receives them, nstates * nplayers
 * ([s * nplayers + p]), mpol_malloc'd.
 * @return MPOL_OK (see (*out)->ok), MPOL_EINVAL, MPOL_ENOMEM, MPOL_ENUMERIC (singular system).
 */
MPOL_API mpol_status mpol_sg_verify(mpol_sg_check **out, double **values, const mpol_sg *game,
                                    const double *strategy, double tol);

typedef enum mpol_sg_method {
    MPOL_SG_AUTO = 0,             /**< zero-sum: SHAPLEY; general-sum: FICTITIOUS */
    MPOL_SG_SHAPLEY = 1,          /**< value iteration finished by Hoffman-Karp */
    MPOL_SG_VALUE_ITERATION = 2,  /**< value iteration alone (to its certified bound) */
    MPOL_SG_POLICY_ITERATION = 3, /**< Hoffman-Karp from v = 0 */
    MPOL_SG_FICTITIOUS = 4        /**< general-sum: fictitious play + Newton polish */
} mpol_sg_method;

/** Name of a method ("auto", "shapley", "value-iteration", "policy-iteration",
 *  "fictitious-play"); "unknown" outside the enum. */
MPOL_API const char *mpol_sg_method_name(mpol_sg_method method);
/** Parses a method name. @return MPOL_OK or MPOL_EINVAL (*out unchanged). */
MPOL_API mpol_status mpol_sg_method_parse(mpol_sg_method *out, const char *name);

typedef struct mpol_sg_opts {
    mpol_sg_method method;   /**< default MPOL_SG_AUTO */
    double tol;              /**< verification tolerance (default MPOL_SG_DEFAULT_TOL) */
    double vi_tol;           /**< value iteration stops when its certified bound is below
                                  vi_tol * scale (default 1e-6 before policy iteration,
                                  tol with MPOL_SG_VALUE_ITERATION) */
    size_t max_iter;         /**< value-iteration sweeps or fictitious-play rounds (default
                                  100000 / 20000) */
    int warm;                /**< 1 (default): stage games warm-started from the previous
                                  supports; 0: every stage game from scratch */
    unsigned long long seed; /**< general-sum: seed of the restarts (default 1) */
} mpol_sg_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_sg_opts_init(mpol_sg_opts *opts);

/** The answer of mpol_sg_solve. */
typedef struct mpol_sg_result {
    size_t nstates, nplayers;
    int zero_sum;
    int found;        /**< general-sum: 1 if an equilibrium was found and verified; 0: NOT
                           FOUND (value and strategy hold the method's last iterate, not an
                           answer). Zero-sum: always 1 */
    double *value;    /**< nstates * nplayers continuation values [s * nplayers + p]
                           (zero-sum: the row player's value in [s * 2], minus it next) */
    double *strategy; /**< the stationary strategies (mpol_sg_strategy_offset layout) */
    size_t strategy_size;
    mpol_sg_method method; /**< the method that ran */
    size_t vi_iterations;  /**< value-iteration sweeps (zero-sum) */
    double vi_bound;       /**< the contraction bound when value iteration stopped */
    size_t pi_iterations;  /**< Hoffman-Karp rounds (zero-sum) */
    size_t fp_iterations;  /**< fictitious-play rounds (general-sum) */
    size_t stage_solves;   /**< stage games solved */
    size_t warm_hits;      /**< of which settled by the warm start */
    double beta;           /**< contraction factor */
    mpol_sg_check *check;  /**< the independent verification */
    int verified;          /**< check->ok (and found) */
    double max_error;      /**< check->max_error */
} mpol_sg_result;

/**
 * Solves a stochastic game. Zero-sum (game->zero_sum): values and stationary optimal
 * strategies. General-sum: a stationary Markov perfect equilibrium; when none is found the
 * result has found = 0 and the status is MPOL_EVERIFY (never an answer).
 * @return MPOL_OK, MPOL_EINVAL (mpol_sg_validate), MPOL_ENOMEM, MPOL_ENUMERIC, MPOL_ELIMIT
 *         (value iteration did not reach its bound in max_iter sweeps), MPOL_EVERIFY (result
 *         returned for inspection).
 */
MPOL_API mpol_status mpol_sg_solve(mpol_sg_result **out, const mpol_sg *game,
                                   const mpol_sg_opts *opts);

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_sg_result_free(mpol_sg_result *result);

/** A stochastic game evaluated from a model, with names; free with mpol_sg_game_free. */
typedef struct mpol_sg_game {
    mpol_sg game;        /**< points into the arrays below */
    char **player_names; /**< nplayers */
    char **state_names;  /**< nstates */
    char **action_names; /**< mpol_sg_strategy_size entries, in strategy layout */
    size_t *nactions, *offset;
    double *payoff, *next, *stop; /**< stop NULL when the model has no stop probabilities */
} mpol_sg_game;

/** Frees an evaluated game; NULL is a no-op. */
MPOL_API void mpol_sg_game_free(mpol_sg_game *game);

/**
 * The game of a `stochastic` model at its current parameter values.
 * @return MPOL_OK, MPOL_EINVAL (not a stochastic model), MPOL_ENOMEM, MPOL_ENUMERIC
 *         ("FILE:LINE:COL: ..." for an expression that fails or probabilities that do not
 *         sum to 1 at these values).
 */
MPOL_API mpol_status mpol_model_stochastic(mpol_sg_game **out, const mpol_model *model);

/** Re-evaluates @p game (made by mpol_model_stochastic from the same model) at @p params
 *  (NULL: the model's values). @return as mpol_model_stochastic. */
MPOL_API mpol_status mpol_model_eval_stochastic(const mpol_model *model, const double *params,
                                                mpol_sg_game *game);

#ifdef __cplusplus
}
#endif

#endif /* MPOL_STOCHASTIC_H */
