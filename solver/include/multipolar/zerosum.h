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

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mpol_zs_method {
    MPOL_ZS_AUTO = 0,    /**< choose by size */
    MPOL_ZS_GLPK = 1,    /**< GLPK simplex on the classic LP */
    MPOL_ZS_SIMPLEX = 2, /**< built-in dense simplex */
    MPOL_ZS_ORACLE = 3   /**< double oracle (best-response column/row generation) */
} mpol_zs_method;

/** Name of a method ("auto", "glpk", "simplex", "oracle"). */
MPOL_API const char *mpol_zs_method_name(mpol_zs_method method);
/** Parses a method name. @return MPOL_OK or MPOL_EINVAL. */
MPOL_API mpol_status mpol_zs_method_parse(const char *name, mpol_zs_method *out);

typedef struct mpol_zs_opts {
    mpol_zs_method method; /**< default MPOL_ZS_AUTO */
    int eliminate;   /**< first remove strictly dominated strategies iteratively (default 1) */
    double tol;      /**< verification tolerance on gap and regrets, relative to the
                          payoff range (default 1e-9) */
    size_t max_iter; /**< iteration limit of the method (0: method default) */
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
    double scale;           /**< payoff range max|A| used to make tolerances relative */
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
    size_t iterations;     /**< pivots (simplex) or oracle rounds */
    mpol_zs_check check;   /**< the independent verification */
} mpol_zs_result;

/**
 * Solves the zero-sum game A (m x n, row-major). On MPOL_OK the result is verified; a result
 * that fails verification returns MPOL_EVERIFY (the result is still returned for inspection).
 * @return MPOL_OK, MPOL_EINVAL (NaN/Inf payoff, m or n zero), MPOL_ENOMEM, MPOL_EBACKEND,
 *         MPOL_ENUMERIC, MPOL_ELIMIT (iteration limit), MPOL_EVERIFY.
 */
MPOL_API mpol_status mpol_zs_solve(mpol_zs_result **out, const double *A, size_t m, size_t n,
                                   const mpol_zs_opts *opts);

/** Frees a result; NULL is a no-op. */
MPOL_API void mpol_zs_result_free(mpol_zs_result *result);

/** Verifies (x, y) for A independently; fills @p check. tol as in mpol_zs_opts. */
MPOL_API mpol_status mpol_zs_verify(mpol_zs_check *check, const double *A, size_t m, size_t n,
                                    const double *x, const double *y, double tol);

/**
 * Iterated elimination of strictly dominated pure strategies in a bimatrix game (A for the
 * row player, B for the column player; B may be NULL for zero-sum, meaning B = -A). Flags are
 * set to 1 for removed strategies; counts of removed rows/columns are returned.
 * Dominance is checked by pure strategies only (documented).
 */
MPOL_API mpol_status mpol_dominance_eliminate(const double *A, const double *B, size_t m, size_t n,
                                              unsigned char *row_removed,
                                              unsigned char *col_removed, size_t *rows_removed,
                                              size_t *cols_removed);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_ZEROSUM_H */
