/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file bayesian.h
 * @brief Bayesian games (Harsanyi 1967-68): players with private types drawn from a common
 * prior, type-dependent payoffs, simultaneous moves; Bayes-Nash equilibria per type.
 *
 * Each player p has ntypes[p] types and nactions[p] actions (the same for all its types).
 * Nature draws a type profile from the prior; each player learns its own type only and
 * picks an action. A strategy of p is one mixed action per type (a type-contingent
 * strategy); a profile is a Bayes-Nash equilibrium (BNE) when every type of positive
 * probability best-responds in interim expected payoff, given the others' type-contingent
 * strategies and its posterior over the others' types (the prior conditioned on its type).
 *
 * Layouts: type profiles and action profiles both have player 0's index varying fastest
 * (Gambit order); a profile of type-contingent strategies is laid out player by player,
 * type by type, nactions[p] probabilities each (mpol_bayes_strategy_offset()).
 *
 * Methods: "enumerate" (two players: every extreme equilibrium of the ex-ante strategic
 * form, whose strategies are the type-contingent action plans, by the bimatrix vertex
 * enumeration, exact with opts.exact; each mapped to per-type mixed actions), "pure" (all
 * pure BNE, any number of players, on the agent form with exact payoff comparison), "logit"
 * (one BNE, any number of players: the logit homotopy on the agent form) and "tree" (the
 * game compiled to a game tree with a chance root and solved by mpol_tree_solve()). Every
 * equilibrium is checked by mpol_bayes_certify(), independently of the method. Details and
 * cost: docs/bayesian.md.
 */
#ifndef MPOL_BAYESIAN_H
#define MPOL_BAYESIAN_H

#include <stddef.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/model.h"
#include "multipolar/tree.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default tolerance on interim regrets, relative to the payoff range. */
#define MPOL_BAYES_TOL 1e-9
/** The most players, and types of one player, a Bayesian game may have. */
#define MPOL_BAYES_MAX_PLAYERS 16
#define MPOL_BAYES_MAX_TYPES 64

/** A Bayesian game; the arrays are the caller's (or an mpol_bayes_game's). */
typedef struct mpol_bayes {
    size_t nplayers;        /**< >= 1 */
    const size_t *ntypes;   /**< nplayers counts, each >= 1 */
    const size_t *nactions; /**< nplayers counts, each >= 1 */
    size_t nprofiles;       /**< type profiles: the product of ntypes */
    size_t ncells;          /**< action profiles: the product of nactions */
    const double *prior;    /**< nprofiles probabilities (>= 0, summing to 1 within 1e-9) */
    const double *payoff;   /**< nprofiles * ncells * nplayers payoffs:
                                 [(t * ncells + c) * nplayers + p] */
    const mpol_rational *prior_exact;  /**< NULL, or the exact prior */
    const mpol_rational *payoff_exact; /**< NULL, or the exact payoffs */
} mpol_bayes;

/** Checks sizes, finiteness, the prior being a distribution, and the exact values
 *  matching the doubles. @return MPOL_OK or MPOL_EINVAL with the first fault. */
MPOL_API mpol_status mpol_bayes_validate(const mpol_bayes *game);

/** Entries of a type-contingent strategy profile: sum over p of ntypes[p] * nactions[p]. */
MPOL_API size_t mpol_bayes_strategy_size(const mpol_bayes *game);
/** Index of type t of player p's first probability in a strategy profile. */
MPOL_API size_t mpol_bayes_strategy_offset(const mpol_bayes *game, size_t p, size_t t);
/** Index of (p, t) in per-type arrays (sum of ntypes entries, player by player). */
MPOL_API size_t mpol_bayes_type_index(const mpol_bayes *game, size_t p, size_t t);

/**
 * The marginal probability of every type (mpol_bayes_type_index() layout, sum of ntypes
 * entries) into @p out. @return MPOL_OK, MPOL_EINVAL.
 */
MPOL_API mpol_status mpol_bayes_marginals(double *out, const mpol_bayes *game);

/** The check of a type-contingent profile, computed from the payoffs and the prior alone. */
typedef struct mpol_bayes_check {
    size_t nplayers, ntypes_total;
    double *marginal;       /**< per type: its marginal probability */
    double *interim_value;  /**< per type: the expected payoff of its mixed action against
                                 the others' strategies, conditioned on the type (0 for a
                                 type of probability 0: no posterior) */
    double *interim_best;   /**< per type: the best pure action's interim payoff */
    double *interim_regret; /**< per type: interim_best - interim_value (>= 0 up to
                                 rounding; 0 for a type of probability 0) */
    double *ex_ante;        /**< nplayers: sum over types of marginal * interim value */
    double *ex_ante_regret; /**< nplayers: sum over types of marginal * interim regret =
                                 the gain of the best ex-ante deviation (a type-contingent
                                 plan), which is the regret on the compiled tree */
    double simplex_error;   /**< the largest violation of a mixed action being a
                                 distribution */
    double tol_abs;         /**< the absolute tolerance: tol * payoff range (at least tol) */
    int verified;           /**< 1 if max_error <= tol_abs */
    double max_error;       /**< max(largest interim regret, simplex_error) */
} mpol_bayes_check;

/**
 * Checks @p strategy (mpol_bayes_strategy_size() entries) on @p game: per player and type
 * the interim value, the best interim deviation and the interim regret, the ex-ante values.
 * @p tol relative to the payoff range (<= 0: MPOL_BAYES_TOL). Free with
 * mpol_bayes_check_free(). @return MPOL_OK (see verified), MPOL_EINVAL, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_bayes_certify(mpol_bayes_check **out, const mpol_bayes *game,
                                        const double *strategy, double tol);
/** Frees @p check (NULL is a no-op). */
MPOL_API void mpol_bayes_check_free(mpol_bayes_check *check);

/** The strategic forms of a Bayesian game. */
typedef enum mpol_bayes_form {
    MPOL_BAYES_EX_ANTE = 0, /**< one player per player, strategies = type-contingent pure
                                 plans over the types of positive probability (an action
                                 per such type, player 0's first type fastest), payoffs
                                 the ex-ante expectations */
    MPOL_BAYES_AGENT = 1    /**< one player (an agent) per type of positive probability,
                                 strategies its actions, payoffs the prior-weighted interim
                                 expectations (interim payoff x marginal) */
} mpol_bayes_form;

/**
 * The strategic form @p form of @p game, with names ("Player" and plans "a|b" for the
 * ex-ante form, "Player:type" for agents). Exact payoffs when the game's prior and payoffs
 * are exact and the results fit 64-bit rationals. Types of probability 0 are left out.
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ELIMIT (more cells than the game-cells limit),
 *         MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_bayes_to_strategic(mpol_game **out, const mpol_bayes *game,
                                             mpol_bayes_form form, char *const *player_names,
                                             char *const *type_names, char *const *action_names);

/**
 * The game tree of @p game: a chance root over the type profiles of positive probability
 * (actions named "t0,t1,..."), then players 0, 1, ... in turn, each at an information set
 * "Player:type" holding every node where it has that type (it sees neither the others'
 * types nor their actions), then terminals with the payoffs. Information sets are numbered
 * chance first, then player by player, type by type, skipping types of probability 0.
 * Finalised; exact when the game is. Names may be NULL (numbers are used).
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ELIMIT (more than MPOL_TREE_MAX_NODES nodes), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_bayes_to_tree(mpol_tree **out, const mpol_bayes *game,
                                        char *const *player_names, char *const *type_names,
                                        char *const *action_names);

/** Behaviour profile (tree->nactions entries) of the tree from mpol_bayes_to_tree() for the
 *  type-contingent @p strategy (chance actions get the prior). */
MPOL_API mpol_status mpol_bayes_tree_behavior(double *behavior, const mpol_tree *tree,
                                              const mpol_bayes *game, const double *strategy);
/** The inverse: @p strategy from a behaviour profile of that tree (types of probability 0
 *  get their first action). */
MPOL_API mpol_status mpol_bayes_tree_strategy(double *strategy, const mpol_tree *tree,
                                              const mpol_bayes *game, const double *behavior);

/** Methods of mpol_bayes_solve(). */
typedef enum mpol_bayes_method {
    MPOL_BAYES_AUTO = 0,      /**< "auto": enumerate for two players, logit otherwise */
    MPOL_BAYES_ENUMERATE = 1, /**< "enumerate": two players, all extreme equilibria of the
                                   ex-ante form */
    MPOL_BAYES_PURE = 2,      /**< "pure": all pure BNE (agent form, exact comparison) */
    MPOL_BAYES_LOGIT = 3,     /**< "logit": one BNE by the logit homotopy on the agent form */
    MPOL_BAYES_TREE = 4       /**< "tree": the compiled tree, mpol_tree_solve() */
} mpol_bayes_method;

/** Name of @p method ("unknown" outside the enum). */
MPOL_API const char *mpol_bayes_method_name(mpol_bayes_method method);
/** Parses a method name. @return MPOL_OK or MPOL_EINVAL (*out unchanged). */
MPOL_API mpol_status mpol_bayes_method_parse(mpol_bayes_method *out, const char *name);

/** Options of mpol_bayes_solve(); defaults from mpol_bayes_opts_init(). */
typedef struct mpol_bayes_opts {
    mpol_bayes_method method;     /**< default MPOL_BAYES_AUTO */
    int exact;                    /**< enumerate, pure: exact rational equilibria, checked
                                       exactly (default 0); a game without exact values is
                                       read as the small-denominator rationals (<= 2^20)
                                       its doubles round, when each has one */
    double tol;                   /**< regret tolerance relative to the payoff range
                                       (default MPOL_BAYES_TOL) */
    mpol_tree_method tree_method; /**< "tree": the tree method (default MPOL_TREE_AUTO) */
    int threads;                  /**< 0 automatic; results never depend on it */
} mpol_bayes_opts;

/** Sets @p opts to the defaults. */
MPOL_API void mpol_bayes_opts_init(mpol_bayes_opts *opts);

/** One Bayes-Nash equilibrium with its check. */
typedef struct mpol_bayes_eq {
    double *strategy;       /**< the type-contingent mixed actions (strategy layout) */
    double *interim_value;  /**< per type (mpol_bayes_check) */
    double *interim_regret; /**< per type */
    double *ex_ante;        /**< nplayers ex-ante expected payoffs */
    char **strategy_exact;  /**< exact mode: strategy_size strings "p/q", else NULL */
    char **ex_ante_exact;   /**< exact mode: nplayers strings, else NULL */
} mpol_bayes_eq;

/** The result of mpol_bayes_solve(). Free with mpol_bayes_result_free(). */
typedef struct mpol_bayes_result {
    mpol_bayes_method method; /**< the method that ran (never AUTO) */
    size_t nplayers, ntypes_total, strategy_size;
    double *marginal;       /**< per type: its marginal probability */
    size_t neq;             /**< equilibria found (distinct per-type profiles) */
    mpol_bayes_eq *eq;      /**< sorted lexicographically by strategy */
    int complete;           /**< 1 when eq lists every equilibrium of the method's class (all
                                 extreme ones for enumerate, all pure ones for pure) */
    int exact;              /**< 1 when the exact strings are filled */
    size_t form_strategies; /**< strategies of the strategic form solved (work measure) */
    double max_regret;      /**< over all equilibria and types */
    double tol_abs;         /**< the absolute tolerance used */
    int verified;           /**< 1 if every equilibrium passed mpol_bayes_certify() */
    double max_error;       /**< the largest check error */
} mpol_bayes_result;

/**
 * Solves @p game by @p opts->method (NULL: defaults). Every equilibrium is checked by
 * mpol_bayes_certify().
 * @return MPOL_OK; MPOL_EVERIFY with the result when a check failed; MPOL_EINVAL (bad game,
 *         a method that does not apply: "enumerate needs two players"; the tree method not
 *         available in this build); MPOL_ELIMIT; MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_bayes_solve(mpol_bayes_result **out, const mpol_bayes *game,
                                      const mpol_bayes_opts *opts);
/** Frees @p result (NULL is a no-op). */
MPOL_API void mpol_bayes_result_free(mpol_bayes_result *result);

/** A Bayesian game evaluated from a model, with names; free with mpol_bayes_game_free(). */
typedef struct mpol_bayes_game {
    mpol_bayes game;     /**< points into the arrays below */
    char **player_names; /**< nplayers */
    char **type_names;   /**< sum of ntypes (mpol_bayes_type_index() layout) */
    char **action_names; /**< sum of nactions, player by player */
    size_t *ntypes, *nactions;
    double *prior, *payoff;
    mpol_rational *prior_exact, *payoff_exact; /**< NULL unless every entry is exact */
} mpol_bayes_game;

/** Frees an evaluated game; NULL is a no-op. */
MPOL_API void mpol_bayes_game_free(mpol_bayes_game *game);

/**
 * The game of a `bayesian` model at its current parameter values.
 * @return MPOL_OK, MPOL_EINVAL (not a bayesian model), MPOL_ENOMEM, MPOL_ENUMERIC
 *         ("FILE:LINE:COL: ..." for an expression that fails or a prior that is no
 *         distribution at these values).
 */
MPOL_API mpol_status mpol_model_bayesian(mpol_bayes_game **out, const mpol_model *model);

/** Re-evaluates @p game (from mpol_model_bayesian on the same model) at @p params (NULL:
 *  the model's values); exact values are dropped if they depend on parameters. */
MPOL_API mpol_status mpol_model_eval_bayesian(const mpol_model *model, const double *params,
                                              mpol_bayes_game *game);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_BAYESIAN_H */
