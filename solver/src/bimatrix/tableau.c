/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the dense tableaus of the two best-response polytopes
 * P = {x >= 0, B'x <= 1} and Q = {y >= 0, A y <= 1} of a bimatrix game (von Stengel,
 * "Computing equilibria for two-person games", Handbook of Game Theory 3, 2002, section 3),
 * the pivot step, the lexicographic minimum-ratio test that resolves degeneracy (the
 * perturbation 1 + (eps, eps^2, ...) of the right-hand side, read off the basis inverse
 * held in the slack columns), and the rebuild of a tableau from its basis, and a set of
 * bitsets used to remember bases and vertices.
 *
 * Deviations: each player's payoffs are shifted to be positive and scaled by a power of two
 * so that every entry lies in (0, 2) with a spread of order 1 (see scaling()); this changes
 * neither the equilibria nor the labels and lets the tolerances be absolute.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#endif
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "bimatrix/bimatrix_internal.h"

/*
 * The shift and power-of-two scale that map the entries of @p X into (0, 2): with lo, hi the
 * extremes and u the shift unit, entries become (X - lo + u) * 2^(1-e), where
 * hi - lo + u < 2^e, so they lie in [u 2^(1-e), 2). The unit is 1 payoff unit for a range of 1
 * or more and otherwise the power of two at or above the range: an absolute unit would leave a
 * range far below 1 (payoffs of 1e-9) as relative differences of that size between entries all
 * near 1, below the tolerances of the pivoting, and the enumeration would lose vertices. The
 * equilibria are unchanged (a positive affine map of one player's payoffs), and so are the
 * results, which are recomputed from the original payoffs.
 */
static void scaling(const double *X, size_t len, double *shift, double *scale)
{
    double lo = X[0], hi = X[0];
    for (size_t k = 1; k < len; k++) {
        if (X[k] < lo)
            lo = X[k];
        if (X[k] > hi)
            hi = X[k];
    }
    double range = hi - lo, unit = 1.0;
    if (range < 1.0 && range > 0.0) {
        int e;
        (void)frexp(range, &e); /* 2^(e-1) <= range < 2^e */
        unit = ldexp(1.0, e);
    }
    *shift = unit - lo;
    int e;
    (void)frexp(range + unit, &e); /* range + unit < 2^e */
    *scale = ldexp(1.0, 1 - e);
}

mpol_status mpol_i_bmx_tab_alloc(mpol_i_bmx_tab *tab, size_t m, size_t n, int is_p, const double *A,
                                 const double *B)
{
    memset(tab, 0, sizeof *tab);
    size_t rows = is_p ? n : m;
    tab->rows = rows;
    tab->ncols = m + n;
    tab->ncolt = m + n + 1;
    tab->slack0 = is_p ? m : 0;
    tab->t = mpol_malloc(rows * tab->ncolt * sizeof(double));
    tab->orig = mpol_calloc(rows * tab->ncolt, sizeof(double));
    tab->basis = mpol_malloc(rows * sizeof(size_t));
    tab->pos = mpol_malloc((m + n) * sizeof(size_t));
    tab->winv = mpol_malloc(2 * rows * sizeof(double));
    tab->rowlist = mpol_malloc(2 * rows * sizeof(size_t));
    tab->s1 = mpol_malloc(6 * (m + n) * sizeof(double));
    if (tab->t == NULL || tab->orig == NULL || tab->basis == NULL || tab->pos == NULL ||
        tab->winv == NULL || tab->s1 == NULL || tab->rowlist == NULL) {
        mpol_i_bmx_tab_free(tab);
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a %zu x %zu tableau", rows,
                          tab->ncolt);
    }
    const double *X = is_p ? B : A;
    double shift, scale;
    scaling(X, m * n, &shift, &scale);
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            double v = (X[i * n + j] + shift) * scale;
            if (is_p)
                MPOL_I_BMX_AT(tab, orig, j, i) = v; /* row j, label i */
            else
                MPOL_I_BMX_AT(tab, orig, i, m + j) = v; /* row i, label m+j */
        }
    }
    for (size_t r = 0; r < rows; r++) {
        MPOL_I_BMX_AT(tab, orig, r, tab->slack0 + r) = 1.0;
        MPOL_I_BMX_AT(tab, orig, r, m + n) = 1.0;
    }
    tab->ptol = tab->winv + rows;
    tab->s2 = tab->s1 + (m + n);
    tab->arg = tab->s2 + (m + n);
    tab->d1 = tab->arg + (m + n);
    tab->d2 = tab->d1 + (m + n);
    tab->darg = tab->d2 + (m + n);
    mpol_i_bmx_tab_reset(tab);
    return MPOL_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

mpol_status mpol_i_bmx_resolution_check(const char *where, size_t m, size_t n, const double *A,
                                        const double *B)
{
    size_t len = m * n;
    double *v = mpol_malloc(len * sizeof(double));
    if (v == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
    for (int p = 0; p < 2; p++) {
        const double *X = p == 0 ? A : B;
        memcpy(v, X, len * sizeof(double));
        qsort(v, len, sizeof(double), cmp_double);
        double shift, scale;
        scaling(v, len, &shift, &scale);
        for (size_t k = 1; k < len; k++) {
            /* Payoffs within rounding of each other (expected payoffs of an .efg summed in
             * another order) are the same payoff, and are read as such. */
            double own = fmax(fabs(v[k]), fabs(v[k - 1]));
            if (v[k] - v[k - 1] <= MPOL_I_BMX_RESOLUTION * own)
                continue;
            double gap = (v[k] + shift) * scale - (v[k - 1] + shift) * scale;
            if (gap < MPOL_I_BMX_RESOLUTION) {
                double lo = v[0], hi = v[len - 1], a = v[k - 1], b = v[k];
                mpol_free(v);
                return mpol_error(MPOL_ELIMIT,
                                  "%s: the payoffs of player %d span [%.17g, %.17g], yet two of "
                                  "them, %.17g and %.17g, are %.2g apart relative to that range: "
                                  "below the resolution limit of %g of the double-precision "
                                  "search (refused before the search)",
                                  where, p + 1, lo, hi, a, b, (b - a) / (hi - lo),
                                  MPOL_I_BMX_RESOLUTION);
            }
        }
    }
    mpol_free(v);
    return MPOL_OK;
}

void mpol_i_bmx_tab_free(mpol_i_bmx_tab *tab)
{
    mpol_free(tab->t);
    mpol_free(tab->orig);
    mpol_free(tab->basis);
    mpol_free(tab->pos);
    mpol_free(tab->winv);
    mpol_free(tab->rowlist);
    mpol_free(tab->s1);
    memset(tab, 0, sizeof *tab);
}

void mpol_i_bmx_tab_reset(mpol_i_bmx_tab *tab)
{
    memcpy(tab->t, tab->orig, tab->rows * tab->ncolt * sizeof(double));
    tab->winv_ok = 0;
    for (size_t k = 0; k < tab->ncols; k++)
        tab->pos[k] = SIZE_MAX;
    for (size_t r = 0; r < tab->rows; r++) {
        tab->basis[r] = tab->slack0 + r;
        tab->pos[tab->slack0 + r] = r;
    }
}

/* The pivot is the inner loop of every search; where the compiler and the C library support
 * function multi-versioning, an AVX2 clone is picked at load time (same arithmetic: no
 * contraction into FMA under -std=c11, so the results do not depend on the clone). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define MPOL_I_BMX_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MPOL_I_BMX_CLONES
#endif
/* Helpers of the cloned functions are inlined into each clone: a call from the AVX2 clone to
 * code compiled for SSE ran into the penalty of the transition between the two (measured: a
 * third of the time of the tie-break, at its first instruction). */
#if defined(__GNUC__) || defined(__clang__)
#define MPOL_I_BMX_INLINE __attribute__((always_inline)) static inline
#else
#define MPOL_I_BMX_INLINE static inline
#endif

MPOL_I_BMX_CLONES
void mpol_i_bmx_tab_pivot(mpol_i_bmx_tab *tab, size_t row, size_t col)
{
    size_t rows = tab->rows, ncolt = tab->ncolt;
    double *restrict p = tab->t + row * ncolt; /* the pivot row */
    double inv = 1.0 / p[col];
    for (size_t k = 0; k < ncolt; k++)
        p[k] *= inv;
    p[col] = 1.0;
    for (size_t r = 0; r < rows; r++) {
        double *restrict tr = tab->t + r * ncolt;
        double alpha = tr[col];
        if (r == row || alpha == 0.0)
            continue;
        for (size_t k = 0; k < ncolt; k++)
            tr[k] -= alpha * p[k];
        tr[col] = 0.0;
    }
    tab->winv_ok = 0;
    size_t leaving = tab->basis[row];
    tab->pos[leaving] = SIZE_MAX;
    tab->basis[row] = col;
    tab->pos[col] = row;
}

/* -1, 0, 1 as a < b, a == b (within the tie tolerance), a > b. */
MPOL_I_BMX_INLINE int cmp_tol(double a, double b)
{
    double fa = fabs(a), fb = fabs(b);
    double scale = 1.0 + (fa > fb ? fa : fb); /* fmax is a library call under -std=c11 */
    if (a < b - MPOL_I_BMX_TIE_TOL * scale)
        return -1;
    if (a > b + MPOL_I_BMX_TIE_TOL * scale)
        return 1;
    return 0;
}

/* Lexicographic tie-break between rows @p r and @p b (equal ratios): -1 if r is smaller. */
MPOL_I_BMX_INLINE int lex_cmp(const mpol_i_bmx_tab *tab, size_t r, size_t b, size_t col)
{
    double ar = MPOL_I_BMX_AT(tab, t, r, col), ab = MPOL_I_BMX_AT(tab, t, b, col);
    const double *xr = tab->t + r * tab->ncolt + tab->slack0;
    const double *xb = tab->t + b * tab->ncolt + tab->slack0;
    int c = 0;
    for (size_t k = 0; k < tab->rows && c == 0; k++) {
        /* Most entries of the basis inverse are zero in both rows: equal, without the two
         * divisions (whose latency was most of the tie-break on degenerate games). */
        if (xr[k] == 0.0 && xb[k] == 0.0)
            continue;
        c = cmp_tol(xr[k] / ar, xb[k] / ab);
    }
    return c;
}

/* GCC and clang vector extensions: four doubles, compared lane by lane into 64-bit masks. */
#if defined(__GNUC__) || defined(__clang__)
#define MPOL_I_BMX_VEC 1
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));
/* Lane by lane: m ? x : y (m all ones or all zeros); a macro, since passing AVX vectors to a
 * function would depend on the clone's ABI. */
#define blend(m, x, y) ((v4d)(((v4i)(x) & (m)) | ((v4i)(y) & ~(m))))
#else
#define MPOL_I_BMX_VEC 0
#endif

#define RHS_RECIP_MIN MPOL_I_BMX_RHS_RECIP_MIN

MPOL_I_BMX_CLONES
double mpol_i_bmx_row_big(const double *x, size_t len)
{
    double big = 1.0;
    size_t k = 0;
#if MPOL_I_BMX_VEC
    /* Four lanes at a time (no vectorised max reduction of doubles without fast-math). */
    v4d bv = {1.0, 1.0, 1.0, 1.0};
    const v4i absmask = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
    for (; k + 4 <= len; k += 4) {
        v4d a;
        memcpy(&a, x + k, sizeof a);
        a = (v4d)((v4i)a & absmask);
        bv = blend(a > bv, a, bv);
    }
    for (int l = 0; l < 4; l++)
        big = bv[l] > big ? bv[l] : big;
#endif
    for (; k < len; k++) {
        double a = fabs(x[k]);
        big = a > big ? a : big;
    }
    return big;
}

/* Recomputes the reciprocals of the right-hand sides and the rows' pivot tolerances if the
 * tableau has changed. */
MPOL_I_BMX_CLONES
static void update_winv(mpol_i_bmx_tab *tab)
{
    if (tab->winv_ok != 0)
        return;
    size_t rows = tab->rows, st = tab->ncolt, ncols = tab->ncols;
    const double *b_col = tab->t + tab->ncols;
    int ok = 1;
    for (size_t r = 0; r < rows; r++) {
        const double *tr = tab->t + r * st;
        tab->ptol[r] = MPOL_I_BMX_PIVOT_REL * mpol_i_bmx_row_big(tr, ncols);
        double b = b_col[r * st];
        ok &= b > RHS_RECIP_MIN;
        tab->winv[r] = 1.0 / (b > RHS_RECIP_MIN ? b : 1.0);
    }
    tab->winv_ok = ok ? 1 : -1;
}

/* Whether b / a <= thr (a > 0), as computed by the division, but without it outside a band
 * of relative width 1e-12 around thr * a (the rounding of both sides is far below it): the
 * division's latency dominated the tie-break of degenerate bases. */
MPOL_I_BMX_INLINE int ratio_at_most(double b, double a, double thr)
{
    double p = thr * a, band = 1e-12 * fabs(p) + 1e-300;
    if (b > p + band)
        return 0;
    if (b < p - band)
        return 1;
    return b / a <= thr; /* also NaN: not a candidate */
}

/* Lexicographic minimum among the rows of column @p col whose ratio is at most @p thr, of the
 * rows @p list (increasing; NULL: all @p nlist rows). */
MPOL_I_BMX_INLINE size_t lex_ties_in(const mpol_i_bmx_tab *tab, size_t col, double thr,
                                     const size_t *list, size_t nlist)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < nlist; k++) {
        size_t r = list != NULL ? list[k] : k;
        double a = MPOL_I_BMX_AT(tab, t, r, col);
        if (a <= tab->ptol[r] || !ratio_at_most(MPOL_I_BMX_RHS(tab, r), a, thr))
            continue;
        if (best == SIZE_MAX || lex_cmp(tab, r, best, col) < 0)
            best = r;
    }
    return best;
}

/* Lexicographic minimum among the rows of column @p col whose ratio is at most @p thr. */
MPOL_I_BMX_INLINE size_t lex_ties(const mpol_i_bmx_tab *tab, size_t col, double thr)
{
    return lex_ties_in(tab, col, thr, NULL, tab->rows);
}

/*
 * One pass finds the smallest ratio and the second smallest; only when they are within the
 * tie tolerance (degeneracy) does a second pass break the tie lexicographically among the
 * rows whose ratio is within the tolerance of the minimum. When every right-hand side is
 * clearly positive, the pass maximises a_r * (1 / b_r) with the reciprocals computed once
 * per basis (no division per row and column); otherwise it minimises b_r / a_r.
 */
size_t mpol_i_bmx_tab_ratio(mpol_i_bmx_tab *tab, size_t col)
{
    size_t rows = tab->rows, st = tab->ncolt;
    const double *a_col = tab->t + col, *b_col = tab->t + tab->ncols;
    size_t best = SIZE_MAX;
    double q1 = HUGE_VAL, q2 = HUGE_VAL; /* smallest and second smallest ratio */
    update_winv(tab);
    /* Branch-free: the signs of the column entries are unpredictable. */
    if (tab->winv_ok > 0) {
        const double *w = tab->winv;
        double s1 = 0.0, s2 = 0.0; /* largest and second largest a_r / b_r */
        for (size_t r = 0; r < rows; r++) {
            double a = a_col[r * st];
            double sc = a > tab->ptol[r] ? a * w[r] : 0.0;
            int gt = sc > s1;
            double lo = sc > s1 ? s1 : sc;
            s2 = lo > s2 ? lo : s2;
            best = gt ? r : best;
            s1 = gt ? sc : s1;
        }
        if (best == SIZE_MAX)
            return SIZE_MAX;
        q1 = b_col[best * st] / a_col[best * st];
        q2 = s2 > 0.0 ? 1.0 / s2 : HUGE_VAL;
    } else {
        for (size_t r = 0; r < rows; r++) {
            double a = a_col[r * st];
            int ok = a > tab->ptol[r];
            double q = b_col[r * st] / (ok ? a : 1.0);
            q = ok ? q : HUGE_VAL;
            int lt = q < q1;
            double hi = q < q1 ? q1 : q;
            q2 = hi < q2 ? hi : q2;
            best = lt ? r : best;
            q1 = lt ? q : q1;
        }
        if (best == SIZE_MAX)
            return SIZE_MAX;
    }
    double thr = q1 + MPOL_I_BMX_TIE_TOL * (1.0 + fabs(q1));
    if (!(q2 <= thr))
        return best;
    return lex_ties(tab, col, thr);
}

/* Row @p r with a clear right-hand side (reciprocal @p w), entry @p a of column @p c, into
 * the largest a / b of the column, its row and the second largest. */
MPOL_I_BMX_INLINE void score_one(mpol_i_bmx_tab *tab, size_t r, size_t c, double a, double w)
{
    double sc = a > tab->ptol[r] ? a * w : 0.0;
    double o1 = tab->s1[c];
    int gt = sc > o1;
    double lo = gt ? o1 : sc;
    tab->s2[c] = lo > tab->s2[c] ? lo : tab->s2[c];
    tab->arg[c] = gt ? (double)r : tab->arg[c];
    tab->s1[c] = gt ? sc : o1;
}

/* Row @p r whose right-hand side b is near zero (a degenerate basis) into the smallest ratio
 * b / a of column @p c, its row and the second smallest, by division as in
 * mpol_i_bmx_tab_ratio (the reciprocal of b is unusable). */
MPOL_I_BMX_INLINE void div_one(mpol_i_bmx_tab *tab, size_t r, size_t c, double a, double b)
{
    int ok = a > tab->ptol[r];
    double q = b / (ok ? a : 1.0);
    q = ok ? q : HUGE_VAL;
    int lt = q < tab->d1[c];
    double hi = lt ? tab->d1[c] : q;
    tab->d2[c] = hi < tab->d2[c] ? hi : tab->d2[c];
    tab->darg[c] = lt ? (double)r : tab->darg[c];
    tab->d1[c] = lt ? q : tab->d1[c];
}

/* Both passes for the columns from 0 to a multiple of four, four columns at a time with the
 * six running figures in registers (row by row through the arrays, their stores and reloads
 * were the bottleneck): the @p ncl rows @p cl with a clear right-hand side, then the @p ndg
 * rows @p dg without (two lists, not a branch per row). Returns where it stopped. */
MPOL_I_BMX_INLINE size_t ratio_blocks(mpol_i_bmx_tab *tab, const size_t *cl, size_t ncl,
                                      const size_t *dg, size_t ndg)
{
    size_t c = 0;
#if MPOL_I_BMX_VEC
    size_t ncols = tab->ncols, st = tab->ncolt;
    const v4d zero = {0.0, 0.0, 0.0, 0.0}, one = {1.0, 1.0, 1.0, 1.0};
    const v4d inf = {HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL}, none = {-1.0, -1.0, -1.0, -1.0};
    for (; c + 4 <= ncols; c += 4) {
        v4d o1 = zero, o2 = zero, oa = none, e1 = inf, e2 = inf, ea = none;
        for (size_t k = 0; k < ncl; k++) {
            size_t r = cl[k];
            double pt = tab->ptol[r], rd = (double)r, w = tab->winv[r];
            v4d a, tol = {pt, pt, pt, pt}, rv = {rd, rd, rd, rd}, wv = {w, w, w, w};
            memcpy(&a, tab->t + r * st + c, sizeof a);
            v4d sc = blend(a > tol, a * wv, zero);
            v4i gt = sc > o1;
            v4d lo = blend(gt, o1, sc);
            o2 = blend(lo > o2, lo, o2);
            oa = blend(gt, rv, oa);
            o1 = blend(gt, sc, o1);
        }
        for (size_t k = 0; k < ndg; k++) {
            size_t r = dg[k];
            double pt = tab->ptol[r], rd = (double)r, b = tab->t[r * st + ncols];
            v4d a, tol = {pt, pt, pt, pt}, rv = {rd, rd, rd, rd}, bv = {b, b, b, b};
            memcpy(&a, tab->t + r * st + c, sizeof a);
            v4i ok = a > tol;
            v4d q = blend(ok, bv / blend(ok, a, one), inf);
            v4i lt = q < e1;
            v4d hi = blend(lt, e1, q);
            e2 = blend(hi < e2, hi, e2);
            ea = blend(lt, rv, ea);
            e1 = blend(lt, q, e1);
        }
        memcpy(tab->s1 + c, &o1, sizeof o1);
        memcpy(tab->s2 + c, &o2, sizeof o2);
        memcpy(tab->arg + c, &oa, sizeof oa);
        memcpy(tab->d1 + c, &e1, sizeof e1);
        memcpy(tab->d2 + c, &e2, sizeof e2);
        memcpy(tab->darg + c, &ea, sizeof ea);
    }
#else
    (void)tab;
    (void)cl;
    (void)ncl;
    (void)dg;
    (void)ndg;
#endif
    return c;
}

/*
 * The same test for all the columns at once, vectorised across each row (the tableau is
 * row-major): for every column the largest a_r / b_r over the rows with a clear right-hand
 * side (b_r > RHS_RECIP_MIN, with the reciprocals as in mpol_i_bmx_tab_ratio), and the
 * smallest b_r / a_r by division over the others (a degenerate basis: measured on games with
 * payoffs 0..3, most bases have such rows, and testing those columns one by one down the
 * row-major tableau took a third of the search), each with its row (the first on equality)
 * and the runner-up. The two give the smallest ratio and the second smallest; a tie within
 * the tolerance is broken lexicographically as in mpol_i_bmx_tab_ratio.
 */
MPOL_I_BMX_CLONES
void mpol_i_bmx_tab_ratio_all(mpol_i_bmx_tab *tab, size_t *row)
{
    size_t rows = tab->rows, ncols = tab->ncols, st = tab->ncolt;
    update_winv(tab);
    int degenerate = tab->winv_ok <= 0;
    const double *b_col = tab->t + ncols;
    /* The rows in two lists, each in increasing order (the first row wins a tie). */
    size_t *cl = tab->rowlist, *dg = tab->rowlist + rows, ncl = 0, ndg = 0;
    for (size_t r = 0; r < rows; r++) {
        if (!degenerate || b_col[r * st] > RHS_RECIP_MIN)
            cl[ncl++] = r;
        else
            dg[ndg++] = r;
    }
    size_t c0 = ratio_blocks(tab, cl, ncl, dg, ndg);
    /* No ratio in a row with a clear right-hand side is below b / (its largest entry): a tie
     * below the least of these is among the other rows alone, and only they are scanned. */
    double clear_lb = ndg > 0 ? HUGE_VAL : -HUGE_VAL;
    for (size_t k = 0; k < ncl && ndg > 0; k++) {
        size_t r = cl[k];
        double lb = b_col[r * st] * MPOL_I_BMX_PIVOT_REL / tab->ptol[r];
        clear_lb = lb < clear_lb ? lb : clear_lb;
    }
    clear_lb *= 1.0 - 1e-12;
    for (size_t c = c0; c < ncols; c++) {
        tab->s1[c] = tab->s2[c] = 0.0;
        tab->arg[c] = tab->darg[c] = -1.0;
        tab->d1[c] = tab->d2[c] = HUGE_VAL;
        for (size_t k = 0; k < ncl; k++)
            score_one(tab, cl[k], c, tab->t[cl[k] * st + c], tab->winv[cl[k]]);
        for (size_t k = 0; k < ndg; k++)
            div_one(tab, dg[k], c, tab->t[dg[k] * st + c], b_col[dg[k] * st]);
    }
    for (size_t c = 0; c < ncols; c++) {
        if (tab->pos[c] != SIZE_MAX)
            continue;
        size_t best = SIZE_MAX;
        double q1 = HUGE_VAL, q2 = HUGE_VAL;
        if (tab->arg[c] >= 0.0) {
            best = (size_t)tab->arg[c];
            q1 = b_col[best * st] / tab->t[best * st + c];
            q2 = tab->s2[c] > 0.0 ? 1.0 / tab->s2[c] : HUGE_VAL;
        }
        if (tab->darg[c] >= 0.0) {
            double e1 = tab->d1[c], e2 = tab->d2[c];
            if (e1 < q1 || (e1 == q1 && (size_t)tab->darg[c] < best)) {
                q2 = q1 < e2 ? q1 : e2;
                q1 = e1;
                best = (size_t)tab->darg[c];
            } else {
                q2 = e1 < q2 ? e1 : q2;
            }
        }
        if (best == SIZE_MAX) {
            row[c] = SIZE_MAX;
            continue;
        }
        double thr = q1 + MPOL_I_BMX_TIE_TOL * (1.0 + fabs(q1));
        if (!(q2 <= thr))
            row[c] = best;
        else if (thr < clear_lb)
            row[c] = lex_ties_in(tab, c, thr, dg, ndg);
        else
            row[c] = lex_ties(tab, c, thr);
    }
}

mpol_status mpol_i_bmx_tab_refresh(mpol_i_bmx_tab *tab, const uint64_t *basic_bits)
{
    mpol_i_bmx_tab_reset(tab);
    for (size_t col = 0; col < tab->ncols; col++) {
        if (!mpol_i_bit_get(basic_bits, col) || tab->pos[col] != SIZE_MAX)
            continue;
        size_t best = SIZE_MAX;
        double best_abs = 0.0;
        for (size_t r = 0; r < tab->rows; r++) {
            if (mpol_i_bit_get(basic_bits, tab->basis[r]))
                continue;
            double a = fabs(MPOL_I_BMX_AT(tab, t, r, col));
            if (a > best_abs) {
                best_abs = a;
                best = r;
            }
        }
        if (best == SIZE_MAX || best_abs <= MPOL_I_BMX_PIVOT_TOL)
            return mpol_error(MPOL_ENUMERIC, "mpol_bimatrix: singular basis in a rebuild");
        mpol_i_bmx_tab_pivot(tab, best, col);
    }
    return MPOL_OK;
}

mpol_status mpol_i_bmx_tab_step(mpol_i_bmx_tab *tab, size_t row, size_t col,
                                const uint64_t *basis_after, size_t *since)
{
    if (++*since >= MPOL_I_BMX_REFRESH) {
        *since = 0;
        return mpol_i_bmx_tab_refresh(tab, basis_after);
    }
    mpol_i_bmx_tab_pivot(tab, row, col);
    return MPOL_OK;
}

/* ---- sets of bitsets ---------------------------------------------------------------- */

/* splitmix64's finaliser over the words: every key bit reaches every hash bit. */
static uint64_t hash_key(const uint64_t *key, size_t words)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    for (size_t w = 0; w < words; w++) {
        h ^= key[w];
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9u;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebu;
        h ^= h >> 31;
    }
    return h;
}

mpol_status mpol_i_bmx_set_init(mpol_i_bmx_set *set, size_t words)
{
    memset(set, 0, sizeof *set);
    set->words = words;
    set->cap = 64;
    set->tsize = 128;
    set->keys = mpol_malloc(set->cap * words * sizeof(uint64_t));
    set->table = mpol_calloc(set->tsize, sizeof(size_t));
    if (set->keys == NULL || set->table == NULL) {
        mpol_i_bmx_set_free(set);
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a vertex set");
    }
    return MPOL_OK;
}

void mpol_i_bmx_set_free(mpol_i_bmx_set *set)
{
    mpol_free(set->keys);
    mpol_free(set->table);
    memset(set, 0, sizeof *set);
}

size_t mpol_i_bmx_set_find(const mpol_i_bmx_set *set, const uint64_t *key)
{
    size_t mask = set->tsize - 1;
    size_t h = (size_t)hash_key(key, set->words) & mask;
    size_t words = set->words;
    while (set->table[h] != 0) {
        size_t idx = set->table[h] - 1;
        const uint64_t *k = set->keys + idx * words;
        size_t w = 0;
        while (w < words && k[w] == key[w])
            w++;
        if (w == words)
            return idx;
        h = (h + 1) & mask;
    }
    return SIZE_MAX;
}

static mpol_status grow_table(mpol_i_bmx_set *set)
{
    size_t nsize = set->tsize * 2;
    size_t *nt = mpol_calloc(nsize, sizeof(size_t));
    if (nt == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a vertex set");
    for (size_t idx = 0; idx < set->count; idx++) {
        size_t h = (size_t)hash_key(set->keys + idx * set->words, set->words) & (nsize - 1);
        while (nt[h] != 0)
            h = (h + 1) & (nsize - 1);
        nt[h] = idx + 1;
    }
    mpol_free(set->table);
    set->table = nt;
    set->tsize = nsize;
    return MPOL_OK;
}

mpol_status mpol_i_bmx_set_insert(mpol_i_bmx_set *set, const uint64_t *key, size_t *index,
                                  int *added)
{
    size_t found = mpol_i_bmx_set_find(set, key);
    if (found != SIZE_MAX) {
        *index = found;
        *added = 0;
        return MPOL_OK;
    }
    if (set->count == set->cap) {
        uint64_t *nk = mpol_realloc(set->keys, 2 * set->cap * set->words * sizeof(uint64_t));
        if (nk == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a vertex set");
        set->keys = nk;
        set->cap *= 2;
    }
    if (2 * (set->count + 1) > set->tsize) {
        mpol_status st = grow_table(set);
        if (st != MPOL_OK)
            return st;
    }
    memcpy(set->keys + set->count * set->words, key, set->words * sizeof(uint64_t));
    size_t mask = set->tsize - 1;
    size_t h = (size_t)hash_key(key, set->words) & mask;
    while (set->table[h] != 0)
        h = (h + 1) & mask;
    set->table[h] = set->count + 1;
    *index = set->count++;
    *added = 1;
    return MPOL_OK;
}

/* ---- inline-keyed sets of bitsets ------------------------------------------------------ */

uint64_t mpol_i_bmx_hash(const uint64_t *key, size_t words)
{
    return hash_key(key, words);
}

mpol_status mpol_i_bmx_hset_init(mpol_i_bmx_hset *set, size_t words)
{
    memset(set, 0, sizeof *set);
    set->words = words;
    set->mask = 255;
    set->slot = mpol_calloc((set->mask + 1) * words, sizeof(uint64_t));
    if (set->slot == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a basis set");
    return MPOL_OK;
}

void mpol_i_bmx_hset_free(mpol_i_bmx_hset *set)
{
    mpol_free(set->slot);
    memset(set, 0, sizeof *set);
}

/*
 * Asks for transparent huge pages on a large table: its probes are random, and with 4 KiB
 * pages nearly every probe of a table of millions of bases is a TLB miss (measured: most of
 * the search time on a 20 x 20 game). Advice only; failure is harmless.
 */
static void advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)1 << 21;
    if (bytes < 2 * huge)
        return;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

static int slot_empty(const uint64_t *s, size_t words)
{
    for (size_t w = 0; w < words; w++)
        if (s[w] != 0)
            return 0;
    return 1;
}

static int slot_equal(const uint64_t *s, const uint64_t *key, size_t words)
{
    for (size_t w = 0; w < words; w++)
        if (s[w] != key[w])
            return 0;
    return 1;
}

mpol_status mpol_i_bmx_hset_reserve(mpol_i_bmx_hset *set, size_t extra)
{
    size_t words = set->words, size = set->mask + 1;
    if (2 * (set->count + extra) <= size)
        return MPOL_OK;
    size_t nsize = size;
    while (2 * (set->count + extra) > nsize)
        nsize *= 2;
    uint64_t *ns = mpol_calloc(nsize * words, sizeof(uint64_t));
    if (ns == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a basis set (%zu keys)",
                          set->count);
    advise_huge(ns, nsize * words * sizeof(uint64_t));
    for (size_t k = 0; k < size; k++) {
        const uint64_t *s = set->slot + k * words;
        if (slot_empty(s, words))
            continue;
        size_t h = (size_t)hash_key(s, words) & (nsize - 1);
        while (!slot_empty(ns + h * words, words))
            h = (h + 1) & (nsize - 1);
        memcpy(ns + h * words, s, words * sizeof(uint64_t));
    }
    mpol_free(set->slot);
    set->slot = ns;
    set->mask = nsize - 1;
    return MPOL_OK;
}

int mpol_i_bmx_hset_add(mpol_i_bmx_hset *set, const uint64_t *key, uint64_t h)
{
    size_t words = set->words, mask = set->mask;
    size_t k = (size_t)h & mask;
    for (;;) {
        uint64_t *s = set->slot + k * words;
        if (slot_empty(s, words)) {
            memcpy(s, key, words * sizeof(uint64_t));
            set->count++;
            return 1;
        }
        if (slot_equal(s, key, words))
            return 0;
        k = (k + 1) & mask;
    }
}
