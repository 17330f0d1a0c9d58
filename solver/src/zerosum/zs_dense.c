/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements MPOL_ZS_DENSE, the mixed-precision dense simplex for large games
 * whose optimal supports are a large share of the strategies (random games: about half).
 * It solves the full LP of the game (Dantzig 1951)  max 1'w s.t. P w <= 1, w >= 0  on the
 * scaled matrix P in [1, 2] (zs_tableau.c) in two stages:
 *
 *  1. A primal simplex on a single-precision exchange tableau of the whole game, from the
 *     slack basis, on the right-hand side 1 perturbed by small fixed pseudo-random amounts
 *     (the classical remedy for degeneracy, e.g. Wolfe 1963; the LP codes perturb bounds the
 *     same way), with Harris's two-pass ratio test (Harris 1973; without it float rounding
 *     blows up at 2000 x 2000) and Bland's rule (Bland 1977) after MPOL_I_ZS_DEGEN_STREAK
 *     degenerate pivots. A pivot of an exchange tableau is the rank-1 update T - u v'; the
 *     updates are queued and applied MPOL_I_ZS_DENSE_BLOCK at a time in one sweep over the
 *     table (a "lazy" or blocked tableau, cf. the delayed updates of blocked LU), so the
 *     table is read and written once per 32 pivots and the sweep runs from L1 at the FMA
 *     rate instead of at memory speed; the current pivot column and row are the stored ones
 *     less the queued updates (O((m + n) x queued)). The sweep also recomputes the exact
 *     steepest-edge weights 1 + |column|^2 (Goldfarb & Reid 1977); between sweeps they are
 *     updated by the devex rule (Forrest & Goldfarb 1992), the entering column's weight
 *     exactly, and on tables of MPOL_I_ZS_DENSE_CAND_CELLS cells and more made exact for the
 *     best few candidates at every pivot (zs_dense_price.c). Float halves the bytes of a
 *     double table and doubles the SIMD lanes. The table is stored by columns (row q of
 *     the stored array is column q of the tableau), so that a candidate's column is
 *     contiguous. The sweep (zs_dense_flush.c) splits the columns into MPOL_I_ZS_CHUNKS
 *     fixed chunks, run in parallel with OpenMP when a sweep is at least MPOL_I_ZS_PAR_WORK
 *     multiply-adds; each column's weight is summed by one thread in a fixed order, so the
 *     arithmetic (every pivot choice and the result) is identical for any number of
 *     threads.
 *  2. A double-precision finish: the final float basis gives the tight rows R (nonbasic
 *     slacks) and the positive columns C (basic w's), |R| = |C|. The double oracle
 *     (zs_oracle.c) is started on the restricted game R x C with that basis rebuilt by
 *     Gauss-Jordan pivots (a "crash"), which is optimal for the restricted game when the
 *     float basis was right; its best-response loop then certifies the answer on the full
 *     game in double, adding strategies and re-optimising if float rounding left the basis
 *     slightly wrong. The answer therefore carries the same exact certificate as the
 *     oracle's, never a float approximation. In games of 250,000 cells and more the crash
 *     is blocked like the float sweep (zs_crash.c).
 *
 * Deviations: no LU factorisation or refactorisation in the float stage (errors there only
 * cost extra double pivots in stage 2); devex between sweeps costs about 2x the pivots of
 * exact steepest edge (5362 vs 2577 at 1000 x 1000; the candidate list: 3517) but each
 * pivot is 3-10x cheaper. A user pivot limit (max_iter) applies to the float stage and is reported
 * as MPOL_ELIMIT. Float rounding can make Harris's test stall in degenerate stretches; after
 * MPOL_I_ZS_DENSE_CAP (m + n) + 1000 pivots the double finish starts from the basis reached
 * (still exact, only slower). If the float stage finds no pivot row (a numerical failure)
 * the double oracle starts cold.
 */
#include <math.h>
#include <string.h>

#include "zs_dense_internal.h"

/* Float-stage tolerances: a float tableau carries about 7 digits. */
#define MPOL_I_ZS_DENSE_PIVOT_TOL 1e-5f
#define MPOL_I_ZS_DENSE_FEAS_TOL 1e-6f
/* The float stage solves the LP with its right-hand side 1 perturbed upwards by up to this
 * (mpol_i_zs_jitter() times this, per row): without it the float tableau stalled for thousands of
 * degenerate pivots at 2000 x 2000 (ties of ratios that float rounding cannot resolve) and reached
 * its cap. Measured on 2000 x 2000 games (payoffs 0..1, 0..2, 0..99, 0..99999): 1e-5 still stalled
 * on three of five; 1e-4 solved all but took 47 s on one with payoffs 0..2 (its perturbed optimal
 * basis was 40,000 double pivots from a true one); 1e-3 solved all in 4.9-5.4 s. The double finish
 * solves the unperturbed game, so the size of the perturbation only moves work between the stages.
 */
#define MPOL_I_ZS_DENSE_PERTURB 1e-3f
/* Pivots queued as rank-1 updates before they are applied to the stored tableau. */
#define MPOL_I_ZS_DENSE_BLOCK 32
/* The float stage hands over to the double finish after this many pivots per m + n. */
#define MPOL_I_ZS_DENSE_CAP 8
/* Row stride padding in floats (one 64-byte cache line). */
#define MPOL_I_ZS_DENSE_PAD 16

#define NONE ((size_t)-1)

/* The first MPOL_I_ZS_DENSE_ALIGN-aligned float in an allocation of at least
 * MPOL_I_ZS_DENSE_ALIGN extra bytes (allocators return at least float-aligned memory). */
static float *align_up(void *mem)
{
    float *p = mem;
    if (p == NULL)
        return NULL;
    size_t off = (size_t)(-(uintptr_t)p & (MPOL_I_ZS_DENSE_ALIGN - 1)) / sizeof(float);
    return p + off;
}

typedef mpol_i_zs_ftab ftab;

static void ftab_free(ftab *f)
{
    mpol_free(f->tmem);
    mpol_free(f->umem);
    mpol_free(f->v);
    mpol_free(f->b);
    mpol_free(f->c);
    mpol_free(f->cn);
    mpol_free(f->col);
    mpol_free(f->row);
    mpol_free(f->bid);
    mpol_free(f->nid);
    mpol_i_zs_fcand_free(&f->cand);
    memset(f, 0, sizeof *f);
}

/* Stores the scaled payoffs transposed (row q of f->t = column q of P), in tiles of
 * MPOL_I_ZS_DENSE_PAD x MPOL_I_ZS_DENSE_PAD so that reads and writes both stay in cache. */
static void load_transposed(ftab *f, const double *A, const mpol_i_zs_scale *sc)
{
    const size_t m = f->m, n = f->n, ld = f->ld, tile = MPOL_I_ZS_DENSE_PAD;
    const double amin = sc->amin, inv = sc->inv;
    for (size_t i0 = 0; i0 < m; i0 += tile)
        for (size_t q0 = 0; q0 < n; q0 += tile)
            for (size_t i = i0; i < i0 + tile && i < m; i++)
                for (size_t q = q0; q < q0 + tile && q < n; q++)
                    f->t[q * ld + i] = (float)((A[i * n + q] - amin) * inv + 1.0);
    for (size_t q = 0; q < n; q++)
        for (size_t i = m; i < ld; i++)
            f->t[q * ld + i] = 0.0f;
}

static mpol_status ftab_init(ftab *f, const double *A, size_t m, size_t n,
                             const mpol_i_zs_scale *sc)
{
    memset(f, 0, sizeof *f);
    /* Stored transposed: row q holds column q of the tableau, m entries padded to ld. */
    size_t ld = (m + MPOL_I_ZS_DENSE_PAD - 1) / MPOL_I_ZS_DENSE_PAD * MPOL_I_ZS_DENSE_PAD;
    if (n > (SIZE_MAX - MPOL_I_ZS_DENSE_ALIGN) / sizeof(float) / ld)
        return mpol_error(MPOL_ENOMEM, "mpol_zs_solve: dense tableau of %zu x %zu is too large", m,
                          n);
    f->tmem = mpol_malloc(n * ld * sizeof(float) + MPOL_I_ZS_DENSE_ALIGN);
    f->umem = mpol_malloc(MPOL_I_ZS_DENSE_BLOCK * ld * sizeof(float) + MPOL_I_ZS_DENSE_ALIGN);
    f->v = mpol_malloc(MPOL_I_ZS_DENSE_BLOCK * n * sizeof(float));
    f->t = align_up(f->tmem);
    f->u = align_up(f->umem);
    f->b = mpol_malloc(m * sizeof(float));
    f->c = mpol_malloc(n * sizeof(float));
    f->cn = mpol_malloc(n * sizeof(float));
    f->col = mpol_malloc(m * sizeof(float));
    f->row = mpol_malloc(n * sizeof(float));
    f->bid = mpol_malloc(m * sizeof(long));
    f->nid = mpol_malloc(n * sizeof(long));
    const size_t k = (double)m * (double)n >= MPOL_I_ZS_DENSE_CAND_CELLS ? MPOL_I_ZS_DENSE_CAND : 0;
    if (!f->t || !f->u || !f->v || !f->b || !f->c || !f->cn || !f->col || !f->row || !f->bid ||
        !f->nid || mpol_i_zs_fcand_init(&f->cand, k, m, n) != MPOL_OK) {
        ftab_free(f);
        return mpol_error(MPOL_ENOMEM, "mpol_zs_solve: out of memory for a %zu x %zu tableau", m,
                          n);
    }
    f->m = m;
    f->n = n;
    f->ld = ld;
    load_transposed(f, A, sc);
    for (size_t i = 0; i < m; i++) {
        f->b[i] = 1.0f + MPOL_I_ZS_DENSE_PERTURB * (float)mpol_i_zs_jitter(i);
        f->bid[i] = -(long)i - 1;
    }
    for (size_t j = 0; j < n; j++) {
        f->c[j] = 1.0f;
        f->nid[j] = (long)j;
    }
    mpol_i_zs_fflush(f); /* nothing pending: computes the exact weights */
    return MPOL_OK;
}

/* Bland's order of variables (as in zs_tableau.c). */
static long key(long id)
{
    return id >= 0 ? 2 * id : 2 * (-id - 1) + 1;
}

/* row = row r of the current tableau: entry r of every stored row, less the pending updates. */
MPOL_I_ZS_KERNEL static void current_row(ftab *f, size_t r)
{
    const size_t n = f->n, ld = f->ld;
    float *restrict row = f->row;
    for (size_t q = 0; q < n; q++)
        row[q] = f->t[q * ld + r];
    for (size_t k = 0; k < f->nu; k++) {
        const float a = f->u[k * ld + r];
        const float *restrict vk = f->v + k * n;
        if (a != 0.0f)
            for (size_t q = 0; q < n; q++)
                row[q] -= a * vk[q];
    }
}

/*
 * Exchanges basic row r and nonbasic column s (f->col and f->row hold the current column s
 * and row r). The exchange is the rank-1 update T' = T - u v' with u = column s except
 * u_r = alpha - 1, and v = row r / alpha except v_s = 1 + 1/alpha (alpha = T[r][s]); it is
 * queued, and applied to the stored tableau by mpol_i_zs_fflush() every MPOL_I_ZS_DENSE_BLOCK
 * pivots.
 */
static void fpivot(ftab *f, size_t r, size_t s)
{
    const size_t m = f->m, n = f->n, ld = f->ld;
    const float *restrict col = f->col;
    const float alpha = col[r], ip = 1.0f / alpha;
    float *restrict uk = f->u + f->nu * ld;
    float *restrict vk = f->v + f->nu * n;
    memcpy(uk, col, m * sizeof(float));
    uk[r] = alpha - 1.0f;
    for (size_t q = 0; q < n; q++)
        vk[q] = f->row[q] * ip;
    vk[s] = 1.0f + ip;
    /* Pricing weights: the entering column's exact weight from col; devex (Forrest &
     * Goldfarb 1992) for the others: w_j = max(w_j, (alpha_rj / alpha)^2 w_s). */
    float gs = 1.0f;
    for (size_t i = 0; i < m; i++)
        gs += col[i] * col[i];
    float *restrict cn = f->cn;
    for (size_t q = 0; q < n; q++) {
        const float rho = f->row[q] * ip;
        const float w = rho * rho * gs;
        cn[q] = w > cn[q] ? w : cn[q];
    }
    const float gnew = gs * ip * ip;
    cn[s] = gnew > 1.0f ? gnew : 1.0f;
    const float br = f->b[r] * ip;
    float *restrict bb = f->b;
    for (size_t i = 0; i < m; i++)
        bb[i] -= col[i] * br;
    bb[r] = br;
    float *restrict c = f->c;
    const float g = c[s];
    for (size_t q = 0; q < n; q++)
        c[q] -= g * vk[q];
    long id = f->bid[r];
    f->bid[r] = f->nid[s];
    f->nid[s] = id;
    f->upd++;
    if (++f->nu == MPOL_I_ZS_DENSE_BLOCK)
        mpol_i_zs_fflush(f);
}

/* Primal simplex on the float tableau; counts pivots into *pivots. */
static mpol_status fprimal(ftab *f, size_t max_pivots, size_t *pivots)
{
    const size_t m = f->m;
    size_t streak = 0;
    for (;;) {
        const int bland = streak >= MPOL_I_ZS_DEGEN_STREAK;
        size_t s = mpol_i_zs_fprice(f, *pivots + 1, bland);
        if (s == NONE)
            return MPOL_OK;
        const float *col = f->col;
        /* Harris's two-pass ratio test: the bound with every row relaxed by the feasibility
         * tolerance, then the largest pivot among the rows within it (Bland: the lowest key). */
        float bound = INFINITY;
        for (size_t i = 0; i < m; i++) {
            float a = col[i];
            if (a <= MPOL_I_ZS_DENSE_PIVOT_TOL)
                continue;
            float bi = f->b[i] > 0.0f ? f->b[i] : 0.0f;
            float q = (bi + MPOL_I_ZS_DENSE_FEAS_TOL) / a;
            bound = q < bound ? q : bound;
        }
        size_t r = NONE;
        float ratio = 0.0f, piv = 0.0f;
        for (size_t i = 0; i < m; i++) {
            float a = col[i];
            if (a <= MPOL_I_ZS_DENSE_PIVOT_TOL)
                continue;
            float bi = f->b[i] > 0.0f ? f->b[i] : 0.0f;
            float q = bi / a;
            if (bland) {
                /* Textbook minimum ratio, ties to the lowest key: Harris's relaxed bound
                 * would let Bland's rule cycle. */
                if (r == NONE || q < ratio || (q == ratio && key(f->bid[i]) < key(f->bid[r]))) {
                    r = i;
                    ratio = q;
                }
                continue;
            }
            if (q > bound)
                continue;
            if (r == NONE || a > piv) {
                r = i;
                ratio = q;
                piv = a;
            }
        }
        if (r == NONE)
            return mpol_error(MPOL_ENUMERIC, "mpol_zs: float simplex found no pivot row");
        if (*pivots >= max_pivots)
            return mpol_error(MPOL_ELIMIT, "mpol_zs: float simplex pivot limit %zu reached",
                              max_pivots);
        streak = ratio <= MPOL_I_ZS_DENSE_FEAS_TOL ? streak + 1 : 0;
        current_row(f, r);
        fpivot(f, r, s);
        mpol_i_zs_fcand_drop(&f->cand, s);
        (*pivots)++;
    }
}

mpol_status mpol_i_zs_dense(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                            double tol, size_t user_limit, double *x, double *y, size_t *pivots,
                            size_t *float_pivots)
{
    ftab f;
    *pivots = 0;
    *float_pivots = 0;
    mpol_status st = ftab_init(&f, A, m, n, sc);
    if (st != MPOL_OK)
        return st;
    size_t fp = 0;
    /* The float stage stops at the user's limit (an error) or at its own cap, after which the
     * double finish takes over from whatever basis it reached: float rounding can make a
     * degenerate stretch stall. */
    const size_t cap = MPOL_I_ZS_DENSE_CAP * (m + n) + 1000;
    st = fprimal(&f, user_limit != 0 && user_limit < cap ? user_limit : cap, &fp);
    *float_pivots = fp;
    if (st == MPOL_ELIMIT && user_limit != 0 && fp >= user_limit) {
        ftab_free(&f);
        return st;
    }
    size_t *rows = NULL, *cols = NULL, k = 0;
    if (st == MPOL_OK || st == MPOL_ELIMIT) {
        rows = mpol_malloc((m < n ? m : n) * sizeof(size_t));
        cols = mpol_malloc((m < n ? m : n) * sizeof(size_t));
        if (rows == NULL || cols == NULL) {
            ftab_free(&f);
            mpol_free(rows);
            mpol_free(cols);
            return mpol_error(MPOL_ENOMEM, "mpol_zs_solve: out of memory");
        }
        size_t kr = 0;
        for (size_t i = 0; i < m; i++)
            if (f.bid[i] >= 0 && k < n)
                cols[k++] = (size_t)f.bid[i];
        for (size_t q = 0; q < n; q++)
            if (f.nid[q] < 0 && kr < m)
                rows[kr++] = (size_t)(-f.nid[q] - 1);
        if (kr != k || k == 0) { /* impossible for a valid basis; start the oracle cold */
            k = 0;
        }
    }
    ftab_free(&f);
    size_t rounds = 0;
    /* After a float-stage numerical failure (no pivot row) the double oracle starts cold. */
    st = mpol_i_zs_oracle_ex(A, m, n, sc, tol, 2 * (m + n) + 10, k > 0 ? rows : NULL, k,
                             k > 0 ? cols : NULL, k, x, y, &rounds, pivots);
    *pivots += fp;
    mpol_free(rows);
    mpol_free(cols);
    return st;
}
