/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file repeated.h
 * @brief Infinitely repeated games with perfect monitoring and a common discount factor.
 *
 * The stage game is any strategic game (mpol_game, profiles in Gambit order); a repeated
 * game's payoff is the normalised discounted sum (1 - delta) sum_t delta^t u(a_t).
 *
 * - Minmax values: pure (exact enumeration) and mixed. With two players the mixed minmax is
 *   the value of the zero-sum game of the punished player's payoffs (the zero-sum solver);
 *   with more players it is the minmax against CORRELATED punishers (the others draw a joint
 *   profile from one distribution: again a zero-sum game, rows the punished player's actions,
 *   columns the others' joint profiles), which is at most the minmax against independent
 *   punishers; the latter (a non-convex problem) is not computed.
 * - The feasible set (convex hull of the pure payoff vectors; two players: the polygon exactly,
 *   vertices counter-clockwise) and its individually rational part (payoffs >= the mixed
 *   minmax; and >= the pure minmax, the bound for pure-strategy equilibria).
 * - Per pure stage profile a, the critical discount factor of grim trigger with Nash
 *   reversion: each deviator i is punished by the pure stage Nash equilibrium worst for i,
 *   p_i, and delta* = max_i (d_i - u_i(a)) / (d_i - p_i), d_i being i's best deviation payoff;
 *   and (two players) the critical factor with Abreu's (1988) optimal penal codes: the least
 *   delta with (1 - delta) d_i + delta w_i(delta) <= u_i(a), w_i(delta) the worst pure-strategy
 *   subgame-perfect payoff of i, by bisection over delta with the Abreu-Sannikov algorithm.
 * - The set of pure-strategy subgame-perfect payoffs of a two-player game with public
 *   randomisation, by the Abreu-Sannikov (2014) algorithm: a polygon and its vertices, each
 *   vertex checked independently (an action profile and a continuation in the set that
 *   satisfy the one-shot deviation constraints).
 * Details, cost and limits: docs/repeated.md.
 */
#ifndef MPOL_REPEATED_H
#define MPOL_REPEATED_H

#include <stddef.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default tolerances: verification (relative to the payoff range) and the AS stopping rule
 *  (Hausdorff distance relative to the payoff range). */
#define MPOL_RG_DEFAULT_TOL 1e-7
#define MPOL_RG_DEFAULT_AS_TOL 1e-10
/** The precision of critical discount factors found by bisection. */
#define MPOL_RG_DEFAULT_DELTA_TOL 1e-9
/** The most stage profiles a repeated game may have. */
#define MPOL_RG_MAX_PROFILES 65536

/** A convex polygon. */
typedef struct mpol_rg_polygon {
    size_t n;  /**< vertices (0: empty) */
    double *v; /**< 2n coordinates: vertex k is (v[2k], v[2k+1]), counter-clockwise, starting
                    at the lowest-then-leftmost vertex */
} mpol_rg_polygon;

/** Frees a polygon's vertices (not the struct itself); NULL is a no-op. */
MPOL_API void mpol_rg_polygon_clear(mpol_rg_polygon *poly);

/** Minmax values of a stage game. */
typedef struct mpol_rg_minmax {
    size_t nplayers;
    double *pure;            /**< N: min over the others' pure profiles of i's best reply */
    size_t *pure_cell;       /**< N: a stage profile (cell) attaining it, i best replying */
    double *mixed;           /**< N: two players: the mixed minmax; more: against
                                  correlated punishers */
    int correlated;          /**< 1 when nplayers > 2 (mixed is the correlated minmax) */
    size_t *punisher_offset; /**< N + 1: player i's punishment is punisher[offset[i] ..
                                  offset[i+1]-1], a distribution over the others' joint
                                  profiles (player 0 fastest, i skipped) */
    double *punisher;
    double max_error; /**< largest of |max_a_i E_q u_i - mixed[i]| recomputed and the
                           simplex errors of the punishments */
    int verified;     /**< max_error <= tol * payoff range */
} mpol_rg_minmax;

/**
 * Computes the pure and mixed minmax values of @p stage.
 * @return MPOL_OK, MPOL_EINVAL (NULL, non-finite payoff), MPOL_ELIMIT (too many profiles),
 *         MPOL_ENOMEM, MPOL_EBACKEND/MPOL_ENUMERIC (zero-sum solver), MPOL_EVERIFY (with the
 *         result).
 */
MPOL_API mpol_status mpol_rg_minmax_compute(mpol_rg_minmax **out, const mpol_game *stage,
                                            double tol);
/** Frees a minmax result; NULL is a no-op. */
MPOL_API void mpol_rg_minmax_free(mpol_rg_minmax *mm);

/**
 * The convex hull of @p npoints points (2 coordinates each), counter-clockwise, collinear
 * points dropped. @return MPOL_OK, MPOL_EINVAL, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_rg_hull(mpol_rg_polygon *out, const double *points, size_t npoints);

/**
 * Clips @p poly to the quadrant {x >= lo[0], y >= lo[1]}. @return MPOL_OK, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_rg_clip(mpol_rg_polygon *out, const mpol_rg_polygon *poly,
                                  const double lo[2]);

/** Hausdorff distance between two polygons (INFINITY if exactly one is empty, 0 if both). */
MPOL_API double mpol_rg_hausdorff(const mpol_rg_polygon *a, const mpol_rg_polygon *b);

/** Distance from (x, y) to a polygon (0 inside; INFINITY for an empty polygon). */
MPOL_API double mpol_rg_distance(const mpol_rg_polygon *poly, double x, double y);

/** Grim trigger for one stage profile. */
typedef struct mpol_rg_grim {
    double critical;      /**< critical discount factor in [0, 1]; INFINITY: never sustained
                               (a player gains by deviating even when patient); NAN: no pure
                               stage Nash equilibrium to revert to */
    double deviation[2];  /**< per player (first two only): d_i, the best deviation payoff */
    double punishment[2]; /**< per player (first two only): p_i */
} mpol_rg_grim;

typedef struct mpol_rg_as_opts {
    double tol;        /**< AS stopping rule: Hausdorff distance <= tol * payoff range
                            (default MPOL_RG_DEFAULT_AS_TOL) */
    double verify_tol; /**< verification tolerance relative to the payoff range (default
                            MPOL_RG_DEFAULT_TOL) */
    size_t max_iter;   /**< iterations of the operator (default 2000000) */
    int reduce;        /**< 1 (default): AS's operator (per profile u(a) or at most four
                            points on the binding constraints); 0: the exact operator of
                            Abreu-Pearce-Stacchetti on polygons (every vertex of the
                            continuation set within the constraints), the baseline */
} mpol_rg_as_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_rg_as_opts_init(mpol_rg_as_opts *opts);

/** The independent check of a claimed set of subgame-perfect payoffs. */
typedef struct mpol_rg_as_check {
    size_t n;             /**< vertices checked */
    size_t *cell;         /**< per vertex: the stage profile that generates it best */
    double *continuation; /**< per vertex: the continuation (2 values) it implies */
    double *error;        /**< per vertex: max(delta * distance of the continuation from the
                               set, largest incentive-constraint violation) */
    double max_error;
    double scale; /**< payoff range (1 if 0) */
    double tol;
    int ok; /**< max_error <= tol * scale */
} mpol_rg_as_check;

/** Frees a check; NULL is a no-op. */
MPOL_API void mpol_rg_as_check_free(mpol_rg_as_check *check);

/**
 * Checks that @p set is (numerically) self-generating at discount @p delta: each vertex v
 * must be (1 - delta) u(a) + delta w for some profile a and w in @p set with
 * (1 - delta) u_i(a) + delta w_i >= (1 - delta) d_i(a) + delta min_{x in set} x_i for both
 * players (the one-shot deviation check against the worst punishment in the set).
 * @return MPOL_OK (see (*out)->ok), MPOL_EINVAL, MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_rg_as_verify(mpol_rg_as_check **out, const mpol_game *stage, double delta,
                                       const mpol_rg_polygon *set, double tol);

/** The answer of mpol_rg_as_solve. */
typedef struct mpol_rg_as_result {
    double delta;
    mpol_rg_polygon set; /**< the pure-strategy SPE payoffs (empty: none) */
    double worst[2];     /**< min over the set of each player's payoff (NAN if empty) */
    size_t iterations;
    double distance; /**< Hausdorff distance of the last step */
    int converged;   /**< distance <= tol * scale within max_iter */
    mpol_rg_as_check *check;
    int verified; /**< converged and check->ok (or the set is empty) */
    double max_error;
} mpol_rg_as_result;

/**
 * The Abreu-Sannikov algorithm for a two-player stage game at discount @p delta in [0, 1)
 * (delta = 0: the convex hull of the pure stage equilibria's payoffs, no iteration).
 * @return MPOL_OK, MPOL_EINVAL (not two players, delta outside [0, 1), non-finite payoffs),
 *         MPOL_ELIMIT (too many profiles), MPOL_ENOMEM, MPOL_EVERIFY (with the result: not
 *         converged or a vertex failed its check).
 */
MPOL_API mpol_status mpol_rg_as_solve(mpol_rg_as_result **out, const mpol_game *stage, double delta,
                                      const mpol_rg_as_opts *opts);
/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_rg_as_result_free(mpol_rg_as_result *result);

/** Options of mpol_rg_solve. */
typedef struct mpol_rg_opts {
    mpol_rg_as_opts as;  /**< Abreu-Sannikov options */
    int penal_code;      /**< 1 (default, two players): optimal-penal-code critical factors */
    int spe_set;         /**< 1 (default, two players): the AS set at the discount factor */
    double delta_tol;    /**< bisection precision (default MPOL_RG_DEFAULT_DELTA_TOL) */
    const size_t *cells; /**< the stage profiles asked about, or NULL: all */
    size_t ncells;
} mpol_rg_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_rg_opts_init(mpol_rg_opts *opts);

/** Verdicts at a discount factor delta compare it with a critical factor f as
 *  delta >= f - MPOL_RG_DELTA_EPS (the rounding of a grid point such as 0.05 + 9 * 0.05). */
#define MPOL_RG_DELTA_EPS 1e-10

/** The highest discount factor the optimal-penal-code search tries; above it a critical
 *  factor is reported as not computed (NAN with penal_found 0). */
#define MPOL_RG_DELTA_MAX 0.9999

/** The answer of mpol_rg_solve. */
typedef struct mpol_rg_result {
    size_t nplayers;
    double delta;
    mpol_rg_minmax *minmax;
    mpol_rg_polygon feasible; /**< two players: the feasible set; else empty */
    mpol_rg_polygon ir;       /**< feasible and >= the mixed minmax */
    mpol_rg_polygon ir_pure;  /**< feasible and >= the pure minmax */
    size_t nnash;             /**< pure stage Nash equilibria */
    size_t *nash;             /**< their cells */
    size_t ncells;            /**< profiles reported */
    size_t *cell;             /**< their cells */
    double *payoff;           /**< ncells * nplayers stage payoffs */
    double *grim;             /**< ncells grim-trigger critical factors (mpol_rg_grim) */
    int *grim_sustained;      /**< ncells: sustained by grim trigger at delta */
    double *penal;            /**< ncells optimal-penal-code factors (INFINITY never, NAN
                                   not computed or not asked) */
    int *penal_sustained;     /**< ncells: sustained with optimal penal codes at delta (-1
                                   not computed): from the factor, or (penal_code 0) from
                                   the AS set's worst payoffs */
    double *grim_error;       /**< ncells: the one-shot deviation check at delta of the
                                   sustained grim profiles recomputed: the largest gain of a
                                   deviation (<= 0 when sustained; 0 for others) */
    double *penal_error;      /**< ncells: for the profiles sustained with optimal penal codes
                                   (with the AS set), recomputed: the distance of u(a) from
                                   the set and the largest gain of a one-shot deviation
                                   followed by the deviator's worst payoff in the set; 0 for
                                   the others */
    mpol_rg_as_result *as;    /**< two players with spe_set: the AS set at delta; else NULL */
    int verified;             /**< minmax, grim checks and AS all verified */
    double max_error;
} mpol_rg_result;

/**
 * Everything above for @p stage at discount @p delta in [0, 1).
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ELIMIT, MPOL_ENOMEM, MPOL_EBACKEND, MPOL_ENUMERIC,
 *         MPOL_EVERIFY (with the result).
 */
MPOL_API mpol_status mpol_rg_solve(mpol_rg_result **out, const mpol_game *stage, double delta,
                                   const mpol_rg_opts *opts);
/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_rg_result_free(mpol_rg_result *result);

/**
 * Grim trigger for stage profile @p cell (pure stage equilibria found by enumeration).
 * @return MPOL_OK, MPOL_EINVAL.
 */
MPOL_API mpol_status mpol_rg_grim_factor(mpol_rg_grim *out, const mpol_game *stage, size_t cell);

/**
 * The optimal-penal-code critical factor of stage profile @p cell of a two-player game, to
 * @p delta_tol, by bisection with AS runs. *out is INFINITY when the profile is never
 * sustained (a player's payoff is at most his pure minmax while he gains by deviating), NAN
 * when the search did not decide below MPOL_RG_DELTA_MAX.
 * @return MPOL_OK, MPOL_EINVAL, MPOL_ENOMEM, MPOL_ELIMIT.
 */
MPOL_API mpol_status mpol_rg_penal_factor(double *out, const mpol_game *stage, size_t cell,
                                          double delta_tol, const mpol_rg_as_opts *opts);

/* ---- repeated-game models (kind `repeated`, docs/model-format.md) ---------------------- */

/**
 * The stage game and discount factor of a `repeated` model at its parameter values.
 * *discount (NULL: not wanted) receives the discount factor.
 * @return MPOL_OK, MPOL_EINVAL (NULL, not a repeated model), MPOL_ENUMERIC (an expression or
 *         the discount factor out of [0, 1), "FILE:LINE:COL: ..."), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_model_repeated(mpol_game **out, double *discount,
                                         const mpol_model *model);
/** Re-evaluates @p stage (made by mpol_model_repeated from the same model) and the discount
 *  factor at @p params (NULL: the model's values). @return as mpol_model_repeated. */
MPOL_API mpol_status mpol_model_eval_repeated(const mpol_model *model, const double *params,
                                              mpol_game *stage, double *discount);
/** The stage profiles (cells) a model's `profiles:` asks about, lent: their number, 0 when the
 *  model asks about every profile (or is not a repeated model). */
MPOL_API size_t mpol_model_repeated_profiles(const mpol_model *model, const size_t **cells);
/** The kind of a repeated model's stage game ("zero-sum", "bimatrix", "normal-form"), lent;
 *  NULL for another model. */
MPOL_API const char *mpol_model_repeated_stage_kind(const mpol_model *model);

#ifdef __cplusplus
}
#endif

#endif /* MPOL_REPEATED_H */
