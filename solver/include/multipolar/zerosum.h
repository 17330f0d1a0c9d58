/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file zerosum.h
 * @brief Two-player zero-sum matrix games: value and optimal mixed strategies.
 *
 * The row player maximises x'Ay, the column player minimises it. A is row-major m x n.
 * Methods: an LP through GLPK (guarded), a dense simplex for small games, and a
 * double-oracle method (restricted games grown by best responses) for large dense games.
 * Every result is verified independently of the method that produced it.
 */
#ifndef MPOL_ZEROSUM_H
#define MPOL_ZEROSUM_H

#include "multipolar/common.h"
#include "multipolar/game.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default verification tolerance (relative to max |A|). */
#define MPOL_ZS_DEFAULT_TOL 1e-9
/** Default strictness margin of dominance (relative to the payoff range). */
#define MPOL_ZS_DOM_TOL 1e-12

typedef enum mpol_zs_method {
    MPOL_ZS_AUTO = 0,    /**< choose by size */
    MPOL_ZS_GLPK = 1,    /**< GLPK simplex on the classic LP */
    MPOL_ZS_SIMPLEX = 2, /**< built-in dense simplex */
    MPOL_ZS_ORACLE = 3,  /**< double oracle (best-response column/row generation) */
    MPOL_ZS_DENSE = 4    /**< mixed-precision dense simplex: float tableau of the whole game
                              (OpenMP-parallel pivots), finished and certified in double by
                              the double oracle started from the float basis */
} mpol_zs_method;

/** Name of a method ("auto", "glpk", "simplex", "oracle", "dense"). */
MPOL_API const char *mpol_zs_method_name(mpol_zs_method method);
/** Parses a method name. @return MPOL_OK or MPOL_EINVAL. */
MPOL_API mpol_status mpol_zs_method_parse(mpol_zs_method *out, const char *name);

/** Levels of mpol_zs_opts.eliminate. */
enum {
    MPOL_ZS_ELIM_NONE = 0, /**< no elimination */
    MPOL_ZS_ELIM_PURE = 1, /**< iterated strict dominance by pure strategies */
    MPOL_ZS_ELIM_MIXED = 2 /**< also by mixed strategies (one small LP per strategy and round) */
};

typedef struct mpol_zs_opts {
    mpol_zs_method method; /**< default MPOL_ZS_AUTO */
    int eliminate;         /**< first remove strictly dominated strategies iteratively: one of
                                MPOL_ZS_ELIM_* (default MPOL_ZS_ELIM_PURE) */
    double tol;            /**< verification tolerance on gap and regrets, relative to the
                                payoff range max A - min A (default 1e-9) */
    size_t max_iter;       /**< iteration limit of the method: pivots (simplex, GLPK, float
                                stage of dense) or rounds (oracle); 0: method default */
} mpol_zs_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_zs_opts_init(mpol_zs_opts *opts);

/** The independent check of a strategy pair (x, y) with claimed value v. */
typedef struct mpol_zs_check {
    double row_payoff_best; /**< max_i (A y)_i: the best the row player can get against y */
    double col_payoff_best; /**< min_j (x' A)_j: the least the column player can hold x to */
    double gap;             /**< row_payoff_best - col_payoff_best (>= 0; 0 at an optimum) */
    double row_regret;      /**< row player's best-deviation gain: max_i (Ay)_i - x'Ay */
    double col_regret;      /**< column player's gain: x'Ay - min_j (x'A)_j */
    double simplex_error;   /**< largest violation of x, y >= 0, sum = 1 */
    double scale;           /**< payoff range max A - min A that makes tolerances relative
                                 (max|A|, or 1, if all payoffs are equal) */
    int ok;                 /**< all of the above within tolerance */
} mpol_zs_check;

typedef struct mpol_zs_result {
    size_t m, n;                  /**< dimensions of the original game */
    double value;                 /**< value of the game */
    double *x;                    /**< row player's optimal mixed strategy (m) */
    double *y;                    /**< column player's optimal mixed strategy (n) */
    unsigned char *row_dominated; /**< m flags: removed by iterated strict dominance */
    unsigned char *col_dominated; /**< n flags */
    size_t rows_removed, cols_removed;
    mpol_zs_method method; /**< the method that ran */
    size_t iterations;     /**< pivots (simplex; dense: float and double stages) or oracle
                                rounds */
    mpol_zs_check check;   /**< the independent verification */
    int verified;          /**< check.ok */
    double max_error;      /**< max of check.gap, row_regret, col_regret, simplex_error */
} mpol_zs_result;

/**
 * Solves the zero-sum game A (m x n, row-major). AUTO runs the built-in simplex on games of
 * at most MPOL_ZS_AUTO_SIMPLEX_CELLS cells (after elimination), the dense float-then-double
 * simplex (MPOL_ZS_DENSE) up to MPOL_ZS_AUTO_DENSE_CELLS cells falling back to the double
 * oracle if it fails (an iteration limit or a numerical failure), and the double oracle
 * above (its memory grows with the restricted game, not with m x n).
 * MPOL_ZS_DENSE uses OpenMP (omp_set_num_threads / OMP_NUM_THREADS); its result does not
 * depend on the number of threads.
 * result->value is x'Ay of the returned strategies, within check.gap of the true value.
 * On MPOL_OK the result is verified; a result
 * that fails verification returns MPOL_EVERIFY (the result is still returned for inspection).
 * @return MPOL_OK, MPOL_EINVAL (NaN/Inf payoff, m or n zero), MPOL_ENOMEM, MPOL_EBACKEND,
 *         MPOL_ENUMERIC, MPOL_ELIMIT (iteration limit), MPOL_EVERIFY.
 */
MPOL_API mpol_status mpol_zs_solve(mpol_zs_result **out, const double *A, size_t m, size_t n,
                                   const mpol_zs_opts *opts);

/** Games with at most this many cells go to the simplex under MPOL_ZS_AUTO. */
#define MPOL_ZS_AUTO_SIMPLEX_CELLS 2500

/** Games with at most this many cells (4096 x 4096; a 64 MiB float tableau) try
 *  MPOL_ZS_DENSE under AUTO. */
#define MPOL_ZS_AUTO_DENSE_CELLS 16777216

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_zs_result_free(mpol_zs_result *result);

/** Verifies (x, y) for A independently; fills @p check. tol as in mpol_zs_opts. */
MPOL_API mpol_status mpol_zs_verify(mpol_zs_check *check, const double *A, size_t m, size_t n,
                                    const double *x, const double *y, double tol);

/**
 * Workspace for solving many small games without allocation (parameter sweeps). Holds a
 * dense tableau of m_max x n_max and scratch for the verification; owns nothing else.
 * One workspace per thread.
 */
typedef struct mpol_zs_workspace mpol_zs_workspace;

/**
 * Allocates a workspace for games of up to @p m_max x @p n_max.
 * @param[out] ws the workspace (caller-owned, free with mpol_zs_workspace_free); NULL on error.
 * @return MPOL_OK, MPOL_EINVAL (NULL @p ws, zero dimension), MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_zs_workspace_alloc(mpol_zs_workspace **ws, size_t m_max, size_t n_max);
/** Frees a workspace; NULL is a no-op. */
MPOL_API void mpol_zs_workspace_free(mpol_zs_workspace *ws);
/** Sets the verification tolerance of mpol_zs_solve_ws (default MPOL_ZS_DEFAULT_TOL).
 * @return MPOL_OK or MPOL_EINVAL (tol not in (0, 1)). */
MPOL_API mpol_status mpol_zs_workspace_set_tol(mpol_zs_workspace *ws, double tol);
/** The verification of the last mpol_zs_solve_ws call (borrowed; NULL for a NULL ws). */
MPOL_API const mpol_zs_check *mpol_zs_workspace_check(const mpol_zs_workspace *ws);
/** Simplex pivots made by the last mpol_zs_solve_ws call. */
MPOL_API size_t mpol_zs_workspace_pivots(const mpol_zs_workspace *ws);

/**
 * Solves A (m x n, row-major) with the built-in dense simplex in @p ws, with no allocation
 * and no dominance elimination, and verifies the answer as mpol_zs_solve does (the check is
 * kept in the workspace).
 * @param[out] x row player's optimal strategy (m doubles, caller-owned)
 * @param[out] y column player's optimal strategy (n doubles, caller-owned)
 * @param[out] value x'Ay, the value of the game within the verified gap
 * @return MPOL_OK, MPOL_EINVAL (NULL argument, zero dimension, NaN/Inf payoff), MPOL_EDIM
 *         (game larger than the workspace), MPOL_ENUMERIC, MPOL_EVERIFY.
 */
MPOL_API mpol_status mpol_zs_solve_ws(mpol_zs_workspace *ws, const double *A, size_t m, size_t n,
                                      double *x, double *y, double *value);

/** Options of iterated dominance elimination. */
typedef struct mpol_dominance_opts {
    int mixed;  /**< also remove strategies strictly dominated by a mixture of the others,
                     tested by one LP per strategy (default 0: pure strategies only) */
    double tol; /**< strictness margin relative to the payoff range (the larger of A's and
                     B's; default MPOL_ZS_DOM_TOL): dominance must win by more than it */
} mpol_dominance_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_dominance_opts_init(mpol_dominance_opts *opts);

/**
 * Iterated elimination of strictly dominated strategies with options (pure, or pure and
 * mixed). Arguments as mpol_dominance_eliminate; @p opts NULL means the defaults. The flags
 * are cleared first; the counts may be NULL. A mixed domination found by the LP is
 * re-checked directly against the payoffs before the strategy is removed.
 * @return MPOL_OK, MPOL_EINVAL (NULL A or flags, zero dimension, NaN/Inf payoff, bad tol),
 *         MPOL_ENOMEM, MPOL_ENUMERIC or MPOL_ELIMIT (from an LP of the mixed test).
 */
MPOL_API mpol_status mpol_dominance_eliminate_ex(const double *A, const double *B, size_t m,
                                                 size_t n, const mpol_dominance_opts *opts,
                                                 unsigned char *row_removed,
                                                 unsigned char *col_removed, size_t *rows_removed,
                                                 size_t *cols_removed);

/**
 * Iterated elimination of strictly dominated pure strategies in a bimatrix game (A for the
 * row player, B for the column player; B may be NULL for zero-sum, meaning B = -A). Flags are
 * set to 1 for removed strategies; counts of removed rows/columns are returned.
 * Dominance is checked by pure strategies only (mpol_dominance_eliminate_ex adds mixed
 * dominance), with the default margin MPOL_ZS_DOM_TOL.
 * @return as mpol_dominance_eliminate_ex.
 */
MPOL_API mpol_status mpol_dominance_eliminate(const double *A, const double *B, size_t m, size_t n,
                                              unsigned char *row_removed,
                                              unsigned char *col_removed, size_t *rows_removed,
                                              size_t *cols_removed);

/**
 * Whether a two-player game is constant-sum: the two payoffs of every cell add up to the
 * same number, within rounding (1e-12 of the largest absolute payoff, at least 1, so that
 * 1.6 + 1.6 and 0.4 + 2.8 count as equal). Such a game is strategically a zero-sum game in
 * the row player's payoffs. *out is 1 or 0 (0 for a game without two players or cells);
 * *sum (NULL: not wanted) the sum of the first cell when *out is 1, else 0.
 * @return MPOL_OK; MPOL_EINVAL (@p out or @p game NULL, or a game without payoffs).
 */
MPOL_API mpol_status mpol_zs_constant_sum(int *out, double *sum, const mpol_game *game);

/* ---- all optimal strategies -------------------------------------------------------- */

/** Default limit on the bases visited per player by mpol_zs_all. */
#define MPOL_ZS_ALL_MAX_BASES 1000000

/** Options of mpol_zs_all; fill with mpol_zs_all_opts_init(). */
typedef struct mpol_zs_all_opts {
    int exact;                    /**< 1: rebuild every vertex in GMP rationals from its basis
                                       and verify it exactly (default 0) */
    const mpol_rational *A_exact; /**< exact mode: the m*n exact payoffs, or NULL to take the
                                       doubles of A as exact */
    double tol;                   /**< verification tolerance relative to the payoff range
                                       (default MPOL_ZS_DEFAULT_TOL) */
    size_t max_bases;             /**< limit on the bases of each player's optimal face visited
                                       (default MPOL_ZS_ALL_MAX_BASES); above it MPOL_ELIMIT,
                                       up front (limits of 65,536 or more) when a random-walk
                                       estimate puts the face over it with high confidence,
                                       else when the search reaches it */
} mpol_zs_all_opts;

/** Fills @p opts with the defaults. */
MPOL_API void mpol_zs_all_opts_init(mpol_zs_all_opts *opts);

/** The independent check of the vertex sets of mpol_zs_all. */
typedef struct mpol_zs_all_check {
    double value_spread;   /**< max over y-vertices of max_i (A y)_i minus the min over
                                x-vertices of min_j (x'A)_j: >= 0 by weak duality, 0 when
                                every vertex is optimal */
    double simplex_error;  /**< largest violation of x, y >= 0, sum = 1 over all vertices */
    double min_separation; /**< smallest max-norm distance between two vertices of the same
                                player when below max(1e-6, 10 tol); above that, the distance
                                of some pair, itself a lower bound no closer pair can beat
                                (HUGE_VAL if no player has two vertices) */
    double tol_abs;        /**< the absolute tolerance on payoffs: tol * payoff range */
    int ok;                /**< spread within tol_abs, simplex error within tol, separation
                                above tol (in exact mode: every vertex rebuilt exactly is
                                exactly optimal and no two are equal) */
} mpol_zs_all_check;

/** All extreme optimal strategies of both players; free with mpol_zs_all_result_free(). */
typedef struct mpol_zs_all_result {
    size_t m, n;             /**< game size */
    double value;            /**< the value (in exact mode the exact value rounded) */
    char *value_exact;       /**< exact mode: the value as "p/q" or "p"; NULL otherwise */
    size_t nx, ny;           /**< extreme optimal strategies of the row and the column player */
    double *xs;              /**< nx * m: the row player's, sorted lexicographically */
    double *ys;              /**< ny * n: the column player's, sorted lexicographically */
    char **xs_exact;         /**< exact mode: nx * m strings; NULL otherwise */
    char **ys_exact;         /**< exact mode: ny * n strings */
    size_t dim_x, dim_y;     /**< dimension of the (perturbed) optimal face searched */
    double bound_x;          /**< upper bound theorem bound on the bases of the row player's face
                                  (the work estimate; the search stops at max_bases) */
    double bound_y;          /**< the same for the column player */
    double estimate_x;       /**< random-walk estimate of those bases, made before the
                                  search when the bound exceeds max_bases (0: not made) */
    double estimate_y;       /**< the same for the column player */
    size_t bases_x, bases_y; /**< bases visited */
    int exact;               /**< 1 if exact mode rebuilt and verified every vertex */
    mpol_zs_all_check check; /**< the independent verification */
    int verified;            /**< check.ok */
    double max_error;        /**< max of check.value_spread and check.simplex_error */
} mpol_zs_all_result;

/**
 * Enumerates the vertices of both players' sets of optimal strategies,
 * X* = {x >= 0, sum x = 1, x'A >= v} and Y* = {y >= 0, sum y = 1, A y <= v}; the extreme
 * equilibria of the game are the nx * ny pairs. Works on the full game (no dominance
 * elimination: a strictly dominated strategy is in no optimal strategy, and no weak
 * elimination is made). Method: for each player the LP max 1'z, z >= 0, P z <= 1 (P the
 * payoffs shifted positive; the row player's on -A') is solved by the lexicographic simplex;
 * its optimal face is the face where every label with a nonzero reduced cost stays nonbasic,
 * and its lexicographically feasible bases are searched depth-first (the lexicographic
 * perturbation makes the face simple, so degenerate games need no special case), vertices
 * being told apart by their sets of tight constraints. Every vertex is then verified from A.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, NaN/Inf payoff, bad option); MPOL_EDIM (m or
 *         n is 0); MPOL_ELIMIT (more than max_bases bases on a face, estimated before the
 *         search or counted in it; the message gives the estimate or the upper bound);
 *         MPOL_ENUMERIC; MPOL_EVERIFY (the check failed; the result is returned);
 *         MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_zs_all(mpol_zs_all_result **out, const double *A, size_t m, size_t n,
                                 const mpol_zs_all_opts *opts);

/** Frees a result of mpol_zs_all; NULL is a no-op. */
MPOL_API void mpol_zs_all_result_free(mpol_zs_all_result *result);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_ZEROSUM_H */
