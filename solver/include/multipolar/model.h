/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file model.h
 * @brief Model files: YAML models (grammar in docs/model-format.md) with parameters and
 *        payoff expressions, evaluated into games.
 *
 * A model is parsed once; its expressions are compiled once. Evaluating it at a parameter
 * vector (mpol_model_eval_game) is cheap and thread-safe for distinct output games, so
 * sweeps re-evaluate without re-parsing.
 *
 * Errors in a model file are reported as "FILE:LINE:COL: message" (1-based line and
 * column) in mpol_last_error(), with status MPOL_EPARSE (syntax, structure, unknown names),
 * MPOL_ENUMERIC (division by zero, NaN/Inf in a payoff) or MPOL_EIO (unreadable file).
 */
#ifndef MPOL_MODEL_H
#define MPOL_MODEL_H

#include <stdio.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kind of game a model describes (the `kind:` key); mpol_model_kind_name() spells each.
 * A one-player game (a decision problem) is MPOL_MODEL_NORMAL_FORM, not a kind of its own. */
typedef enum mpol_model_kind {
    MPOL_MODEL_ZERO_SUM = 0,             /**< "zero-sum": two players, row player's payoffs */
    MPOL_MODEL_BIMATRIX = 1,             /**< "bimatrix": two players, a payoff pair per cell */
    MPOL_MODEL_NORMAL_FORM = 2,          /**< "normal-form": n players, a payoff vector per cell */
    MPOL_MODEL_TU = 3,                   /**< "tu": transferable-utility coalitional game */
    MPOL_MODEL_WEIGHTED_VOTING = 4,      /**< "weighted-voting" */
    MPOL_MODEL_HEDONIC = 5,              /**< "hedonic": coalition formation with preferences */
    MPOL_MODEL_BAYESIAN_STACKELBERG = 6, /**< "bayesian-stackelberg": a leader facing follower
                                              types with a prior (multipolar/stackelberg.h) */
    MPOL_MODEL_STOCHASTIC = 7,           /**< "stochastic": states with stage games and
                                              transitions (multipolar/stochastic.h) */
    MPOL_MODEL_TREE = 8,                 /**< "tree": a game tree (extensive form) */
    MPOL_MODEL_BAYESIAN = 9,             /**< "bayesian": players with types, a common prior
                                              (multipolar/bayesian.h) */
    MPOL_MODEL_REPEATED = 10,            /**< "repeated": a stage game repeated with a
                                              discount factor (multipolar/repeated.h) */
    MPOL_MODEL_KIND_COUNT
} mpol_model_kind;

typedef struct mpol_model mpol_model;

/**
 * Loads and validates a model file. The suffix picks the format, in any case: `.nfg` and
 * `.efg` (Gambit games; a two-player game whose payoffs sum to zero is a `zero-sum` model,
 * another two-player game `bimatrix`, any other `normal-form`), `.tu` / `.txt` (a TU table,
 * tu.h), `.csv` (an EPIC weighted voting game, voting.h), and `.yaml`, `.yml` or any other
 * suffix a YAML model file (docs/model-format.md) -- except that a file with none of these
 * suffixes that begins with `NFG ` or `EFG ` is read as that Gambit format.
 * @return MPOL_OK, MPOL_EIO (cannot open or read), MPOL_EPARSE, MPOL_EINVAL, MPOL_ENUMERIC,
 * MPOL_ELIMIT, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_load_file(mpol_model **out, const char *path);

/** Loads a model from memory; @p name is used in error messages in place of a file name. */
MPOL_API mpol_status mpol_model_load_string(mpol_model **out, const char *text, size_t len,
                                            const char *name);

/** Frees a model; NULL is a no-op. */
MPOL_API void mpol_model_free(mpol_model *model);

MPOL_API mpol_model_kind mpol_model_get_kind(const mpol_model *model);
/** The spelling of a kind in model files ("zero-sum", ...). */
MPOL_API const char *mpol_model_kind_name(mpol_model_kind kind);
/** The model's title (borrowed). */
MPOL_API const char *mpol_model_title(const mpol_model *model);
/** The file name or name the model was loaded from (borrowed). */
MPOL_API const char *mpol_model_source(const mpol_model *model);
/**
 * Renames the model's source (e.g. to the file a game built by mpol_model_from_game was read
 * from; that model is named after the game's title). @return MPOL_OK, MPOL_EINVAL (NULL
 * argument), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_set_source(mpol_model *model, const char *source);

/** Number of declared parameters, and their names, defaults and current values. */
MPOL_API size_t mpol_model_nparams(const mpol_model *model);
MPOL_API const char *mpol_model_param_name(const mpol_model *model, size_t i);
MPOL_API double mpol_model_param_default(const mpol_model *model, size_t i);
MPOL_API double mpol_model_param_value(const mpol_model *model, size_t i);

/** Finds a parameter by name. @return MPOL_OK or MPOL_EINVAL ("unknown parameter"). */
MPOL_API mpol_status mpol_model_param_index(const mpol_model *model, const char *name,
                                            size_t *index);

/** Sets the current value of a parameter (used by later evaluations). */
MPOL_API mpol_status mpol_model_set_param(mpol_model *model, const char *name, double value);

/**
 * For strategic kinds (zero-sum, bimatrix, normal-form): allocates the game evaluated at the
 * current parameter values. For zero-sum models the game has two players and the column
 * player's payoff is the negated row payoff. Exact payoffs are filled in when every payoff is
 * a rational literal. @return MPOL_OK, MPOL_EINVAL (not a strategic kind), MPOL_ENUMERIC
 * (an expression is NaN/Inf or divides by zero: message "FILE:LINE:COL: ..."), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_game(mpol_game **out, const mpol_model *model);

/**
 * Re-evaluates only the payoffs of @p game (allocated by mpol_model_game from this model) at
 * the parameter vector @p params (mpol_model_nparams values, in declaration order).
 * Thread-safe for distinct games. Exact payoffs are dropped if they depend on parameters.
 */
MPOL_API mpol_status mpol_model_eval_game(const mpol_model *model, const double *params,
                                          mpol_game *game);
/* (params may be NULL: the current values. Allocation-free.) */

/**
 * Builds a model from a game (e.g. one read from .nfg) with the game's payoffs as constants.
 * @p kind must be a strategic kind that fits: zero-sum needs two players with B = -A,
 * bimatrix two players. @return MPOL_OK, MPOL_EINVAL (the kind does not fit), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_from_game(mpol_model **out, const mpol_game *game,
                                          mpol_model_kind kind);

/** The model's `description:` text (borrowed), or NULL. */
MPOL_API const char *mpol_model_description(const mpol_model *model);

/** The current parameter vector (mpol_model_nparams values, borrowed; NULL if none). */
MPOL_API const double *mpol_model_param_values(const mpol_model *model);

/** A parameter's `description:` (borrowed), or NULL. */
MPOL_API const char *mpol_model_param_description(const mpol_model *model, size_t i);

/**
 * A parameter's declared range; -HUGE_VAL / +HUGE_VAL where no min / max is declared.
 * @return MPOL_OK or MPOL_EINVAL (no such parameter).
 */
MPOL_API mpol_status mpol_model_param_bounds(const mpol_model *model, size_t i, double *min,
                                             double *max);

/** Number of axes in the model's `sweep:` section (0, 1 or 2). */
MPOL_API size_t mpol_model_nsweep(const mpol_model *model);

/**
 * Sweep axis @p i: the swept parameter's index, the range and the number of grid points
 * (steps >= 2, from and to included). @return MPOL_OK or MPOL_EINVAL (no such axis).
 */
MPOL_API mpol_status mpol_model_sweep_axis(const mpol_model *model, size_t i, size_t *param_index,
                                           double *from, double *to, size_t *steps);

/**
 * For `tu` models: allocates the TU game (caller-owned, mpol_tu_free()) at the current
 * parameter values. @return MPOL_OK, MPOL_EINVAL (not a tu model), MPOL_ENUMERIC
 * ("FILE:LINE:COL: ..."), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_tu(mpol_tu_game **out, const mpol_model *model);

/**
 * Re-evaluates the values of @p game (from mpol_model_tu on this model) at @p params
 * (NULL: the current values). Allocation-free; thread-safe for distinct games.
 */
MPOL_API mpol_status mpol_model_eval_tu(const mpol_model *model, const double *params,
                                        mpol_tu_game *game);

/**
 * For `weighted-voting` models: allocates the game (caller-owned, mpol_wvg_free()) at the
 * current parameter values. @return MPOL_OK, MPOL_EINVAL (not a weighted-voting model),
 * MPOL_ENUMERIC (an expression fails, a negative weight or a non-positive quota), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_wvg(mpol_wvg **out, const mpol_model *model);

/** Re-evaluates quota and weights of @p game at @p params (NULL: current values). */
MPOL_API mpol_status mpol_model_eval_wvg(const mpol_model *model, const double *params,
                                         mpol_wvg *game);

/**
 * Writes the model as YAML that mpol_model_load_file reads back to the same model
 * (expressions are written as their source text). A failed write gives MPOL_EIO with
 * "write failed: <the system's reason>" and errno left set to that reason.
 */
MPOL_API mpol_status mpol_model_write_yaml(const mpol_model *model, FILE *out);

/* ---- cooperative models (tu, weighted-voting) ---------------------------------------------- */

/** For `tu` models: the number of players (0 if @p model is not a tu model). */
MPOL_API size_t mpol_model_tu_nplayers(const mpol_model *model);

/**
 * For `tu` models: how the table is given: "table" (a `values:` list or mapping, or a table
 * from mpol_model_from_tu), or the `rule:` type ("bankruptcy", "unanimity", "airport",
 * "weighted-voting", "vector-voting"). Borrowed; NULL if @p model is not a tu model.
 */
MPOL_API const char *mpol_model_tu_rule(const mpol_model *model);

/**
 * For `tu` models: the a priori unions (`unions:`, a partition of the players) in the form
 * mpol_tu_owen() takes. Sets *nunions to the number of unions (0: the model declares none)
 * and, if @p union_of is not NULL and there are unions, writes union_of[i] = the 0-based
 * union of player i for every player (caller's array of mpol_model_tu_nplayers() entries).
 * @return MPOL_OK, MPOL_EINVAL (not a tu model, nunions NULL).
 */
MPOL_API mpol_status mpol_model_tu_unions(const mpol_model *model, size_t *union_of,
                                          size_t *nunions);

/**
 * For `tu` models: the communication graph (`graph:`) in the form mpol_tu_myerson() takes:
 * *edges (borrowed, valid while the model lives) holds 2 * *nedges 0-based player indices,
 * edge e joining (*edges)[2e] and (*edges)[2e+1]. *edges is NULL when the model declares no
 * graph, and non-NULL (with *nedges = 0) for `graph: []`.
 * @return MPOL_OK, MPOL_EINVAL (not a tu model, NULL argument).
 */
MPOL_API mpol_status mpol_model_tu_graph(const mpol_model *model, const size_t **edges,
                                         size_t *nedges);

/**
 * Wraps a TU table (e.g. from mpol_tu_read_table_file()) as a `tu` model holding a copy of
 * its 2^n values and names; @p source (copied; NULL: "<model>") names it in messages. The
 * title is "TU game with N players". Up to MPOL_TU_MAX_PLAYERS players (YAML tu models
 * allow 24). @return MPOL_OK, MPOL_EINVAL (NULL, no players, NaN/Inf, v(empty) != 0),
 * MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_from_tu(mpol_model **out, const mpol_tu_game *game,
                                        const char *source);

/**
 * Wraps a weighted voting game (e.g. from mpol_wvg_read_file()) as a `weighted-voting`
 * model with its quota and weights as constants; title "Weighted voting game with N
 * players". @return MPOL_OK, MPOL_EINVAL (NULL, no players, a negative or non-finite weight,
 * quota <= 0), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_from_wvg(mpol_model **out, const mpol_wvg *game,
                                         const char *source);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_MODEL_H */
