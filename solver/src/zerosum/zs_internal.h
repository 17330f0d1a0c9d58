/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private interface of the zero-sum module: the dense exchange ("Tucker") tableau shared by
 * the built-in simplex, the double oracle and the mixed-dominance test, and the scaling of a
 * payoff matrix to the shifted-positive form.
 *
 * The LP solved everywhere is the column player's LP on the scaled matrix P (entries in
 * [1, 2]):   max sum_j w_j  s.t.  P w <= 1, w >= 0.
 * Its optimum z* is 1/v(P); y = w / z*, and the row player's x is the dual u / z*, read off
 * the objective row at the slacks. Every variable has an id: id >= 0 is the column
 * variable w_id, id < 0 is the slack of row -id-1. Ids fix the order used by Bland's rule.
 */
#ifndef MPOL_ZS_INTERNAL_H
#define MPOL_ZS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/zerosum.h"

/* A fixed pseudo-random value in [0, 1) for index i, the same in every run (Knuth's
 * multiplicative hash, its top 24 bits): the perturbations of the dense method's right-hand
 * side and of the crash repair's reduced costs. */
static inline double mpol_i_zs_jitter(size_t i)
{
    uint32_t h = (uint32_t)i * 2654435761u;
    return (double)(h >> 8) / 16777216.0;
}

/*
 * The dense kernels (pivot, AXPY) are compiled twice where GCC supports function
 * multi-versioning, for FMA (with 256-bit AVX) and for the baseline, and picked at load
 * time: the build
 * stays portable (no -march) and gains ~1.7x on machines with AVX2.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) &&       \
    !defined(MPOL_NO_TARGET_CLONES)
#define MPOL_I_ZS_KERNEL __attribute__((target_clones("fma", "default")))
#else
#define MPOL_I_ZS_KERNEL
#endif

/* A pivot element must exceed this in magnitude (tableau entries are O(1) after scaling). */
#define MPOL_I_ZS_PIVOT_TOL 1e-11
/* Reduced costs within this of zero count as zero (the objective is O(1)). */
#define MPOL_I_ZS_OPT_TOL 1e-12
/* Right-hand sides within this of zero count as zero. */
#define MPOL_I_ZS_FEAS_TOL 1e-12
/*
 * Parallel (OpenMP) work must be at least this many multiply-adds per parallel region: a
 * fork/join costs microseconds on an idle machine and milliseconds when the cores are shared.
 * One sweep of the dense method's float tableau (32 x cells multiply-adds) goes parallel from
 * 2^17 cells (362 x 362). The double tableau's single pivots stay sequential.
 */
#define MPOL_I_ZS_PAR_WORK 4194304.0
/* Fixed row chunks of a parallel sweep: the unit of work and of the norm reduction, fixed so
 * that results do not depend on the number of threads. */
#define MPOL_I_ZS_CHUNKS 16
/* After this many degenerate pivots in a row the pivot rule switches to Bland's rule. */
#define MPOL_I_ZS_DEGEN_STREAK 8

/* A payoff matrix with its affine map to the scaled form P = (A - amin) * inv + 1. */
typedef struct mpol_i_zs_scale {
    double amin, amax; /* smallest and largest payoff */
    double inv;        /* 1 / (amax - amin), or 1 if all payoffs are equal */
    double absmax;     /* max |A|, the scale of the verification tolerances */
} mpol_i_zs_scale;

/*
 * Scans A for NaN/Inf and fills @p sc. Returns MPOL_EINVAL (message naming @p where and the
 * first bad entry) on a non-finite payoff.
 */
mpol_status mpol_i_zs_scan(mpol_i_zs_scale *sc, const double *A, size_t m, size_t n,
                           const char *where);

/* The exchange tableau: basic = b - T * nonbasic; objective z = z0 + c' * nonbasic. */
typedef struct mpol_i_zs_tab {
    size_t nr, nc;     /* rows (basic variables) and columns (nonbasic variables) in use */
    size_t rcap, ccap; /* capacity; the row stride of t is ccap */
    double *t;         /* nr x nc entries, row stride ccap */
    double *b;         /* rcap: values of the basic variables */
    double *c;         /* ccap: reduced costs of the nonbasic variables */
    double z;          /* objective value */
    long *bid;         /* rcap: id of the basic variable of each row */
    long *nid;         /* ccap: id of the nonbasic variable of each column */
    double *prow;      /* ccap: scratch, the scaled pivot row */
    double *cn;        /* ccap: steepest-edge weights 1 + |column|^2 (primal phase) */
    size_t pivots;     /* pivots made since the counter was last reset */
    size_t max_pivots; /* limit on pivots per call of a simplex phase (0: none) */
} mpol_i_zs_tab;

/* Allocates a tableau with the given capacity (zeroed counters). MPOL_ENOMEM on failure. */
mpol_status mpol_i_zs_tab_init(mpol_i_zs_tab *tab, size_t rcap, size_t ccap);
/* Grows the capacity to at least rcap x ccap, keeping the contents. */
mpol_status mpol_i_zs_tab_reserve(mpol_i_zs_tab *tab, size_t rcap, size_t ccap);
/* Frees the buffers (not the struct). */
void mpol_i_zs_tab_free(mpol_i_zs_tab *tab);

/*
 * Loads the slack basis for the scaled game of A restricted to rows[0..m) and cols[0..n)
 * (NULL: all rows/columns of a game with row stride lda). Capacity must suffice.
 */
void mpol_i_zs_tab_load(mpol_i_zs_tab *tab, const double *A, size_t lda, const mpol_i_zs_scale *sc,
                        const size_t *rows, size_t m, const size_t *cols, size_t n);

/*
 * Pivots columns 0..ncols-1 into the basis, each at the basic slack row with the largest
 * entry (skipped if none exceeds MPOL_I_ZS_PIVOT_TOL), with the updates applied 32 at a time
 * (see zs_crash.c). MPOL_ENOMEM if its scratch cannot be allocated.
 */
mpol_status mpol_i_zs_tab_crash(mpol_i_zs_tab *tab, size_t ncols);

/* Exchanges basic row r and nonbasic column s (no steepest-edge weights); counts the pivot. */
void mpol_i_zs_tab_pivot(mpol_i_zs_tab *tab, size_t r, size_t s);

/*
 * Primal simplex from a primal feasible tableau to optimality (Dantzig's rule, Bland's rule
 * after MPOL_I_ZS_DEGEN_STREAK degenerate pivots). MPOL_ELIMIT when max_pivots is reached,
 * MPOL_ENUMERIC if no pivot row exists (impossible in exact arithmetic).
 */
mpol_status mpol_i_zs_primal(mpol_i_zs_tab *tab);
/* Dual simplex from a dual feasible tableau to optimality; errors as mpol_i_zs_primal. */
mpol_status mpol_i_zs_dual(mpol_i_zs_tab *tab);

/*
 * Appends the constraint of game row @p i (a new basic slack) to an optimal tableau; the
 * column ids of the tableau index the game columns. Capacity must suffice.
 */
void mpol_i_zs_tab_add_row(mpol_i_zs_tab *tab, const double *A, size_t lda,
                           const mpol_i_zs_scale *sc, size_t i);
/* Appends game column @p j (a new nonbasic variable) given the column of A (stride lda). */
void mpol_i_zs_tab_add_col(mpol_i_zs_tab *tab, const double *Acol, size_t stride,
                           const mpol_i_zs_scale *sc, size_t j);

/*
 * Reads the optimal strategies off the tableau: y[id] for column ids, x[-id-1] for slack ids
 * (x and y must be zeroed by the caller over the ids in use), normalised, clipped at 0.
 * Returns the value of the scaled game, or NaN if the tableau is not usable.
 */
double mpol_i_zs_tab_extract(const mpol_i_zs_tab *tab, double *x, double *y);

/* Maps a value of the scaled game back to payoff units. */
double mpol_i_zs_unscale(const mpol_i_zs_scale *sc, double vP);

/*
 * The independent check used by mpol_zs_verify (long double accumulation); @p scratch
 * needs m + n long doubles, or NULL to allocate none and recompute (slower, no allocation).
 * Returns x'Ay.
 */
double mpol_i_zs_check(mpol_zs_check *check, const double *A, size_t m, size_t n, const double *x,
                       const double *y, double tol, long double *scratch);

/* The double oracle on the full game (see zs_oracle.c). */
mpol_status mpol_i_zs_oracle(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                             double tol, size_t max_rounds, double *x, double *y, size_t *rounds);
/*
 * The double oracle started from the restricted game r0 x c0 (NULL/0: the pure maximin row
 * and minimax column) with as many of the columns c0 pivoted into the basis as possible (a
 * crash; see zs_oracle.c). @p pivots receives the double-precision pivots made.
 */
mpol_status mpol_i_zs_oracle_ex(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                                double tol, size_t max_rounds, const size_t *r0, size_t nr0,
                                const size_t *c0, size_t nc0, double *x, double *y, size_t *rounds,
                                size_t *pivots);
/* The mixed-precision dense simplex (see zs_dense.c); pivots counts both stages;
 * user_limit: pivot limit of the float stage (0: none, only the internal cap). */
mpol_status mpol_i_zs_dense(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                            double tol, size_t user_limit, double *x, double *y, size_t *pivots,
                            size_t *float_pivots);
/* The built-in simplex on the full game (see zs_simplex.c). */
mpol_status mpol_i_zs_simplex(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                              size_t max_pivots, double *x, double *y, size_t *pivots);
/* The LP through GLPK (see zs_glpk.c). */
mpol_status mpol_i_zs_glpk(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                           size_t max_iter, double *x, double *y, size_t *iterations);

#endif /* MPOL_ZS_INTERNAL_H */
