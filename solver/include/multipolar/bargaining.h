/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file bargaining.h
 * @brief Bargaining solutions on the feasible set of a strategic game, and evolutionarily
 * stable strategies of symmetric two-player games.
 *
 * The feasible set S is the convex hull of the games's pure payoff profiles
 * (MPOL_BARGAIN_HULL: what the players can reach by jointly randomising over profiles; free
 * disposal is NOT assumed) or the set of payoffs of its correlated equilibria
 * (MPOL_BARGAIN_CORRELATED: the same combinations restricted by the obedience constraints).
 * The disagreement point d is each player's mixed minmax value, the payoffs of one Nash
 * equilibrium, or given values. Solutions:
 * - Nash: the maximiser of prod (u_i - d_i) over S with u >= d. Two players on the hull:
 *   exact, the Pareto frontier of the hull as segments and the product maximised on each in
 *   closed form. Otherwise an away-step Frank–Wolfe method on sum log(u_i - d_i).
 * - Kalai–Smorodinsky: t* = the largest t for which d + t (I - d) is weakly dominated by a
 *   point of S, I the ideal point (I_i = max u_i over S with u >= d); the solution is the
 *   point of S dominating d + t* (I - d) with the largest sum of payoffs (it is
 *   d + t* (I - d) itself whenever that point is in S). An LP (GLPK).
 * - egalitarian: the same with the direction (1, ..., 1) (equal gains).
 * Every result is checked independently: feasibility (u recomputed from the weights over
 * profiles, obedience rows), individual rationality, Pareto optimality (an LP over S), and
 * optimality: for Nash the first-order condition max_{v in S} sum (v_i - u_i)/(u_i - d_i)
 * <= tol (by concavity a bound on the log Nash product's distance to its maximum); for KS
 * and egalitarian the supporting hyperplane given by the LP's duals.
 */
#ifndef MPOL_BARGAINING_H
#define MPOL_BARGAINING_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default tolerance, relative to the payoff range (the Nash first-order gap: absolute). */
#define MPOL_BARGAIN_TOL 1e-9

typedef enum mpol_bargain_solution {
    MPOL_BARGAIN_NASH = 0,       /**< "nash-bargaining" */
    MPOL_BARGAIN_KS = 1,         /**< "kalai-smorodinsky" */
    MPOL_BARGAIN_EGALITARIAN = 2 /**< "egalitarian" */
} mpol_bargain_solution;

/** The name of a solution ("nash-bargaining", "kalai-smorodinsky", "egalitarian"). */
MPOL_API const char *mpol_bargain_solution_name(mpol_bargain_solution solution);
/** Parses a solution name. @return MPOL_OK or MPOL_EINVAL (*out unchanged). */
MPOL_API mpol_status mpol_bargain_solution_parse(mpol_bargain_solution *out, const char *name);

typedef enum mpol_bargain_feasible {
    MPOL_BARGAIN_HULL = 0,      /**< "hull": convex hull of the pure payoff profiles */
    MPOL_BARGAIN_CORRELATED = 1 /**< "correlated": payoffs of correlated equilibria */
} mpol_bargain_feasible;

typedef enum mpol_bargain_disagreement {
    MPOL_BARGAIN_MINMAX = 0,      /**< "minmax": each player's mixed minmax value (for three or more
                                       players the opponents may correlate their punishment) */
    MPOL_BARGAIN_EQUILIBRIUM = 1, /**< "nash": the payoffs of one Nash equilibrium (two players:
                                       Lemke–Howson from label 1; more: the logit
                                       homotopy's principal branch) */
    MPOL_BARGAIN_VALUES = 2       /**< given values (mpol_bargain_opts.values) */
} mpol_bargain_disagreement;

/** Options; fill with mpol_bargain_opts_init(). */
typedef struct mpol_bargain_opts {
    mpol_bargain_solution solution;         /**< default MPOL_BARGAIN_NASH */
    mpol_bargain_feasible feasible;         /**< default MPOL_BARGAIN_HULL */
    mpol_bargain_disagreement disagreement; /**< default MPOL_BARGAIN_MINMAX */
    const double *values;                   /**< MPOL_BARGAIN_VALUES: nplayers values (caller's) */
    double tol;      /**< verification tolerance (default MPOL_BARGAIN_TOL) */
    size_t max_iter; /**< Frank–Wolfe iterations (default 200000) */
} mpol_bargain_opts;

MPOL_API void mpol_bargain_opts_init(mpol_bargain_opts *opts);

/**
 * Sets opts->feasible and opts->disagreement from the CLI's spellings: @p feasible "hull" or
 * "correlated" (NULL: hull); @p disagreement "minmax", "nash" or "v1,v2,...,vN" (NULL:
 * minmax). Values are written to @p values (caller's array of @p nplayers entries), which
 * opts->values then points to.
 * @return MPOL_OK, MPOL_EINVAL (with a message naming the bad text).
 */
MPOL_API mpol_status mpol_bargain_opts_parse(mpol_bargain_opts *opts, const char *disagreement,
                                             const char *feasible, double *values, size_t nplayers);

/** The independent check of a bargaining solution (absolute payoff units unless noted). */
typedef struct mpol_bargain_check {
    double feasibility; /**< max |u - sum_c w_c P_c|, simplex and obedience violations of w */
    double rationality; /**< max_i (d_i - u_i)^+ */
    double pareto;      /**< max over v in S, v >= u, of sum_i (v_i - u_i) (0: Pareto optimal) */
    double optimality;  /**< Nash: the first-order gap max_{v in S} sum (v_i-u_i)/(u_i-d_i)
                             (dimensionless); KS/egalitarian: max_{v in S} l.(v - r) / |l|_1
                             for the LP's dual l >= 0 and ray point r (0: no point of S
                             dominates r + e dir) */
    double ray;         /**< KS/egalitarian: max_i (r_i - u_i)^+, u dominates r; Nash: 0 */
    double scale;       /**< payoff range (1 if constant) that makes tol relative */
    int ok;             /**< every figure within tolerance */
} mpol_bargain_check;

/** A bargaining solution. Free with mpol_bargain_result_free(). */
typedef struct mpol_bargain_result {
    size_t nplayers, ncells;
    mpol_bargain_solution solution;
    mpol_bargain_feasible feasible;
    mpol_bargain_disagreement disagreement;
    double *d;           /**< nplayers: the disagreement point */
    double *d_profile;   /**< MPOL_BARGAIN_EQUILIBRIUM: the equilibrium (sum of the strategy
                              counts probabilities, players in order); else NULL */
    double *u;           /**< nplayers: the solution */
    double *ideal;       /**< nplayers: I_i = max u_i over S with u >= d */
    double *weights;     /**< ncells: a distribution over pure profiles whose payoff is u */
    double t;            /**< KS/egalitarian: the ray parameter t*; Nash: 0 */
    double *normal;      /**< KS/egalitarian: nplayers, the supporting normal l >= 0 (the
                              LP's duals) that certifies t*; Nash: NULL */
    double nash_product; /**< prod (u_i - d_i) */
    int exact_frontier;  /**< 1: two-player hull, closed form on the Pareto frontier */
    size_t nfrontier;    /**< exact_frontier: vertices of the Pareto frontier */
    double *frontier;    /**< nfrontier (x, y) pairs, x increasing; else NULL */
    size_t iterations;   /**< Frank–Wolfe iterations or LPs solved */
    mpol_bargain_check check;
    int verified;     /**< check.ok */
    double max_error; /**< the largest check figure, payoff ones divided by check.scale */
} mpol_bargain_result;

MPOL_API void mpol_bargain_result_free(mpol_bargain_result *result);

/**
 * Solves the bargaining problem of @p game (any number of players >= 2) with @p opts (NULL:
 * defaults). A result that fails its check is returned with MPOL_EVERIFY.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, one player, NaN payoff, values missing or not
 *         finite, a disagreement point that no point of S weakly dominates, or for Nash no
 *         point of S giving every player more than d); MPOL_ENOMEM; MPOL_EBACKEND (GLPK);
 *         MPOL_ELIMIT (Frank–Wolfe iteration limit); MPOL_EVERIFY.
 */
MPOL_API mpol_status mpol_bargain_solve(mpol_bargain_result **out, const mpol_game *game,
                                        const mpol_bargain_opts *opts);

/**
 * Re-checks @p r against @p game independently of the solver (fills @p check; tol relative
 * to the payoff range).
 */
MPOL_API mpol_status mpol_bargain_verify(mpol_bargain_check *check, const mpol_game *game,
                                         const mpol_bargain_result *r, double tol);

/* ------------------------------------------------------------ evolutionarily stable strategies */

/** One ESS with its certificate. */
typedef struct mpol_ess {
    double *x;           /**< m probabilities */
    double payoff;       /**< x.Ax */
    size_t support;      /**< |supp x| */
    size_t best_replies; /**< pure best replies to x (>= support; more: a degenerate ESS) */
    double regret;       /**< max_i (Ax)_i - x.Ax, recomputed */
    double margin;       /**< the second-order figure: max of z.Az over unit z (|z|_2 = 1) in
                              the cone of directions from x into the best-reply face
                              (negative for an ESS) */
    int exact;           /**< after mpol_ess_exact(): 1 confirmed in rationals, 0 not decided
                              (more than two extra best replies), -1 refuted */
    char **x_exact;      /**< after mpol_ess_exact(): m strings "p/q"; else NULL */
} mpol_ess;

typedef struct mpol_ess_result {
    size_t m;          /**< strategies */
    size_t count;      /**< ESS found */
    mpol_ess *ess;     /**< count ESS, by support size then lexicographically */
    size_t supports;   /**< supports tried */
    size_t equilibria; /**< symmetric Nash equilibria found on them (isolated ones) */
    double tol_abs;    /**< the absolute tolerance (tol times the payoff range) */
    int verified;      /**< every ESS passed: regret <= tol_abs, margin < -tol_abs */
    double max_error;  /**< the largest regret */
} mpol_ess_result;

MPOL_API void mpol_ess_result_free(mpol_ess_result *result);

/** Largest number of strategies mpol_ess_find() accepts (2^m supports). */
#define MPOL_ESS_MAX_STRATEGIES 24

/**
 * All evolutionarily stable strategies of the symmetric game with row payoff matrix @p A
 * (m x m, row-major: A[i*m+j] is the payoff of i against j) by support enumeration: on each
 * support the equalising symmetric equilibrium (a singular system has a continuum of
 * equilibria or none, and no ESS), then the second-order condition (Haigh 1975; Bomze 1992):
 * z.Az < 0 for every z != 0 with sum z = 0, supported on the best replies, z_j >= 0 on the
 * best replies outside the support. @p tol relative to the payoff range (0: 1e-9).
 * @return MPOL_OK, MPOL_EINVAL (NULL, m = 0, NaN), MPOL_ELIMIT (m > MPOL_ESS_MAX_STRATEGIES),
 *         MPOL_ENOMEM, MPOL_EVERIFY.
 */
MPOL_API mpol_status mpol_ess_find(mpol_ess_result **out, const double *A, size_t m, double tol);

/**
 * mpol_ess_find() on a two-player @p game that is symmetric (equal strategy counts and
 * B = A^T, compared within tol times the payoff range); MPOL_EINVAL otherwise, with a
 * message saying which condition fails.
 */
MPOL_API mpol_status mpol_ess_game(mpol_ess_result **out, const mpol_game *game, double tol);

/**
 * Re-checks every ESS of @p r in exact rational arithmetic (GMP) on @p game's exact payoffs
 * (or its doubles taken as exact): the equalising system solved exactly, the regret and the
 * best replies compared exactly, and the second-order condition decided exactly where it is a
 * definiteness test (no extra best replies: the leading pivots of the form on the support's
 * tangent space; one or two extra best replies: the Schur complement's copositivity in closed
 * form). Fills each ESS's exact and x_exact. Cheap: m <= MPOL_ESS_MAX_STRATEGIES.
 * @return MPOL_OK; MPOL_EINVAL (NULL, a result that does not fit the game); MPOL_ENOMEM;
 *         MPOL_EVERIFY when an ESS is refuted exactly (its exact is -1).
 */
MPOL_API mpol_status mpol_ess_exact(mpol_ess_result *r, const mpol_game *game);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_BARGAINING_H */
