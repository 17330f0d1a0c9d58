/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file bimatrix.h
 * @brief Two-player general-sum (bimatrix) games: all extreme Nash equilibria, maximal Nash
 *        subsets (cliques) and Lemke–Howson from every starting label.
 *
 * The row player has payoff matrix A, the column player B, both row-major m x n
 * (A[i*n + j]); mpol_game_bimatrix() produces them from an ::mpol_game. Every equilibrium
 * carries its certificate: the maximum regret of each player, recomputed from A y and x'B
 * independently of the algorithm that found it. In exact mode the equilibria are rebuilt in
 * GMP rational arithmetic and their regrets are exactly zero.
 *
 * Labels follow von Stengel: row strategies are labels 1..m, column strategies m+1..m+n.
 */
#ifndef MPOL_BIMATRIX_H
#define MPOL_BIMATRIX_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default verification tolerance on regrets, relative to the payoff range. */
#define MPOL_BIMATRIX_TOL 1e-9

/** The bimatrix methods, as chosen by mpol_bimatrix_solve_game(). */
typedef enum mpol_bimatrix_method {
    MPOL_BIMATRIX_ENUMERATE = 0,    /**< "enum": every extreme equilibrium,
                                         mpol_bimatrix_enumerate() */
    MPOL_BIMATRIX_LEMKE_HOWSON = 1, /**< "lh-all": Lemke–Howson from every label,
                                         mpol_bimatrix_lemke_howson() */
    MPOL_BIMATRIX_ONE = 2           /**< "lh": one equilibrium fast, mpol_bimatrix_one() */
} mpol_bimatrix_method;

/** Name of a method ("enum", "lh-all", "lh"); "unknown" for a value outside the enum. */
MPOL_API const char *mpol_bimatrix_method_name(mpol_bimatrix_method method);
/** Parses a method name ("enum", "lh-all", "lh"; also "enumeration" for "enum" and
 *  "lemke-howson" for "lh").
 *  @return MPOL_OK; MPOL_EINVAL (NULL argument or unknown name). */
MPOL_API mpol_status mpol_bimatrix_method_parse(mpol_bimatrix_method *out, const char *name);

/** Options of the bimatrix solvers; fill with mpol_bimatrix_opts_init(). */
typedef struct mpol_bimatrix_opts {
    int exact;                    /**< 1: rebuild every equilibrium in exact rationals (GMP)
                                       and verify it exactly (default 0) */
    const mpol_rational *A_exact; /**< exact mode: m*n exact payoffs of the row player, or
                                       NULL to take the doubles of A as exact */
    const mpol_rational *B_exact; /**< the same for B */
    double tol;                   /**< regret tolerance relative to the payoff range
                                       (default MPOL_BIMATRIX_TOL) */
    size_t max_bases;             /**< enumeration: limit on the bases visited per polytope
                                       (default 50,000,000); exceeding it gives MPOL_ELIMIT,
                                       up front when a random-walk estimate shows both
                                       polytopes over it with high confidence, else when
                                       the search reaches it */
    int cliques;                  /**< enumeration: compute maximal Nash subsets (default 1) */
    size_t lh_label;              /**< Lemke–Howson: 0 = every label 1..m+n (default), or
                                       one starting label k in 1..m+n */
    size_t max_pivots;            /**< Lemke–Howson: pivot limit per path (default 100,000) */
    int threads;                  /**< enumeration: 0 = automatic (games with m + n >= 24
                                       search P and Q at once on two threads, the first to
                                       finish wins, when the load average leaves a core
                                       idle; else the polytope estimated smaller), 1 = one
                                       thread (P for m <= n, else Q), 2 = always two
                                       (default 0) */
} mpol_bimatrix_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_bimatrix_opts_init(mpol_bimatrix_opts *opts);

/** One Nash equilibrium (x, y) with its certificate. */
typedef struct mpol_bimatrix_eq {
    double *x;              /**< m probabilities of the row player */
    double *y;              /**< n probabilities of the column player */
    double payoff_row;      /**< x'A y */
    double payoff_col;      /**< x'B y */
    double regret_row;      /**< max_i (A y)_i - x'A y, recomputed independently (>= 0) */
    double regret_col;      /**< max_j (x'B)_j - x'B y */
    size_t xvertex;         /**< index of x in the result's distinct x-vertices */
    size_t yvertex;         /**< index of y in the result's distinct y-vertices */
    size_t component;       /**< connected component of the equilibrium graph (enumeration) */
    char **x_exact;         /**< exact mode: m strings "p/q" (or "p"); NULL otherwise */
    char **y_exact;         /**< exact mode: n strings */
    char *payoff_row_exact; /**< exact mode: x'A y as a string */
    char *payoff_col_exact; /**< exact mode: x'B y as a string */
    size_t nlabels;         /**< Lemke–Howson: how many starting labels reached it */
    size_t *labels;         /**< Lemke–Howson: those labels (1-based, increasing) */
} mpol_bimatrix_eq;

/** A maximal Nash subset: every x-vertex of the clique with every y-vertex is an equilibrium. */
typedef struct mpol_bimatrix_clique {
    size_t nx, ny;    /**< sizes of the two sides */
    size_t *xs;       /**< nx indices into the result's x-vertices (increasing) */
    size_t *ys;       /**< ny indices into the result's y-vertices (increasing) */
    size_t component; /**< connected component it belongs to */
} mpol_bimatrix_clique;

/** A result: equilibria in a deterministic order. Free with mpol_bimatrix_result_free(). */
typedef struct mpol_bimatrix_result {
    size_t m, n;                   /**< game size */
    int exact;                     /**< 1 if exact mode rebuilt and verified every equilibrium */
    size_t neq;                    /**< number of equilibria */
    mpol_bimatrix_eq *eq;          /**< neq equilibria, sorted by x then y (lexicographic) */
    size_t nxvert, nyvert;         /**< distinct x- and y-vertices occurring in equilibria */
    double *xvert;                 /**< nxvert * m mixed strategies (normalised) */
    double *yvert;                 /**< nyvert * n */
    size_t ncliques;               /**< maximal Nash subsets (enumeration with cliques on) */
    mpol_bimatrix_clique *cliques; /**< sorted by component, then by xs, then ys */
    size_t ncomponents;            /**< connected components of the equilibrium graph */
    double max_regret;             /**< max regret over all equilibria and both players */
    double tol_abs;                /**< the absolute tolerance used (tol * payoff range) */
    size_t bases_p, bases_q;       /**< enumeration: bases visited in P and Q (one of them is
                                        searched whole; the other only in the faces needed
                                        for degenerate partners) */
    size_t vertices_p, vertices_q; /**< enumeration: distinct vertices of the polytope
                                        searched (origin included), and of the other one
                                        the distinct partners found */
    size_t pivots;                 /**< total pivots */
    double est_bases_p;            /**< enumeration: the random-walk estimate of P's bases made
                                        before the search (0: not made, the upper bound
                                        theorem sufficing; HUGE_VAL: no collision seen) */
    double est_bases_q;            /**< the same for Q */
    int verified;                  /**< 1 if every equilibrium passed its check (max_regret
                                        <= tol_abs, or exactly in exact mode); 0 with
                                        MPOL_EVERIFY */
    double max_error;              /**< the largest check error: max_regret */
} mpol_bimatrix_result;

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_bimatrix_result_free(mpol_bimatrix_result *res);

/**
 * Enumerates ALL extreme Nash equilibria of the bimatrix game (A, B) by vertex enumeration
 * of the best-response polytopes P and Q (lexicographic perturbation for degenerate games)
 * and matching of completely labelled vertex pairs, then (opts->cliques) the maximal Nash
 * subsets and components.
 * @param out receives a new result (caller frees); NULL on failure.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, NaN/Inf payoff, bad option); MPOL_EDIM
 *         (m or n is 0); MPOL_ELIMIT (more bases than opts->max_bases, estimated before the
 *         search or counted in it); MPOL_EVERIFY (an equilibrium failed its independent
 *         check in doubles: the whole result is in *out, verified 0, for inspection; a failed
 *         exact rebuild gives NULL); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_bimatrix_enumerate(mpol_bimatrix_result **out, size_t m, size_t n,
                                             const double *A, const double *B,
                                             const mpol_bimatrix_opts *opts);

/**
 * Lemke–Howson with lexicographic pivoting from every starting label 1..m+n (or from
 * opts->lh_label only). The result holds the distinct equilibria found, each with the labels
 * that reached it; no cliques. Errors as mpol_bimatrix_enumerate(); MPOL_ELIMIT when a path
 * exceeds opts->max_pivots.
 */
MPOL_API mpol_status mpol_bimatrix_lemke_howson(mpol_bimatrix_result **out, size_t m, size_t n,
                                                const double *A, const double *B,
                                                const mpol_bimatrix_opts *opts);

/**
 * One equilibrium, fast (the default "one equilibrium" of the CLI): Lemke–Howson paths from
 * the labels opts->lh_label (0 means 1), then the next ones, 2, 3, ..., m+n, 1, ..., each
 * run for a pivot budget that grows by Luby's restart sequence (deterministic); the first
 * path to end at a verified equilibrium wins, and a label whose path fails (more than
 * opts->max_pivots pivots, a numerical failure, or an equilibrium that fails its independent
 * check) is not tried again. The result holds one verified equilibrium and, in its labels,
 * the starting label that reached it; pivots counts every run; exact mode as in
 * mpol_bimatrix_lemke_howson(). Random 100 x 100 games: milliseconds (see docs/bimatrix.md).
 * @return MPOL_OK; MPOL_EINVAL, MPOL_EDIM, MPOL_ENOMEM as mpol_bimatrix_lemke_howson();
 *         the last failure (MPOL_ELIMIT, MPOL_ENUMERIC or MPOL_EVERIFY) if no label succeeds.
 */
MPOL_API mpol_status mpol_bimatrix_one(mpol_bimatrix_result **out, size_t m, size_t n,
                                       const double *A, const double *B,
                                       const mpol_bimatrix_opts *opts);

/**
 * Convenience for a two-player ::mpol_game: extracts A and B (and, in exact mode, the
 * game's exact payoffs when present) and calls mpol_bimatrix_enumerate()
 * (MPOL_BIMATRIX_ENUMERATE), mpol_bimatrix_lemke_howson() (MPOL_BIMATRIX_LEMKE_HOWSON) or
 * mpol_bimatrix_one() (MPOL_BIMATRIX_ONE). MPOL_EINVAL if the game does not have 2 players
 * or @p method is not one of these.
 */
MPOL_API mpol_status mpol_bimatrix_solve_game(mpol_bimatrix_result **out, const mpol_game *game,
                                              mpol_bimatrix_method method,
                                              const mpol_bimatrix_opts *opts);

/**
 * The certificate of a profile, independently of any solver: the regrets
 * max_i (A y)_i - x'A y and max_j (x'B)_j - x'B y, and the payoffs. Any output may be NULL.
 */
MPOL_API void mpol_bimatrix_regret(size_t m, size_t n, const double *A, const double *B,
                                   const double *x, const double *y, double *regret_row,
                                   double *regret_col, double *payoff_row, double *payoff_col);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_BIMATRIX_H */
