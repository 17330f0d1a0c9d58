/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep of the dense method's float tableau (zs_dense.c): the
 * queued rank-1 updates applied to the stored columns, four updates per load and store of an
 * entry and two columns per load of an update vector, in MPOL_I_ZS_CHUNKS fixed chunks of
 * columns run in parallel (OpenMP) when a sweep is large enough, and the exact steepest-edge
 * weights of the updated columns computed in the same pass.
 */
#include "zs_dense_internal.h"

/*
 * The steepest-edge weight 1 + |col|^2 of a column of m entries, summed in MPOL_I_ZS_CHUNKS
 * fixed row blocks whose sums are added in order: the order in which the weights were summed
 * when the table was stored by rows, kept so that the pivots (and results) of games below
 * MPOL_I_ZS_DENSE_CAND_CELLS did not change with the layout.
 */
static float weight(const float *restrict col, size_t m)
{
    float w = 1.0f;
    for (size_t k = 0; k < MPOL_I_ZS_CHUNKS; k++) {
        float part = 0.0f;
        for (size_t i = k * m / MPOL_I_ZS_CHUNKS; i < (k + 1) * m / MPOL_I_ZS_CHUNKS; i++)
            part += col[i] * col[i];
        w += part;
    }
    return w;
}

/*
 * Applies the pending updates to two stored rows ti, tj (columns q, q + 1 of the tableau) at
 * once, four updates per load and store of an entry, so that each load of an update vector
 * u_k serves two rows; ai, aj: the rows' coefficients v_k[q], v_k[q + 1] (stride n). Returns
 * the steepest-edge weights 1 + |row|^2 in *wi, *wj.
 */
MPOL_I_ZS_KERNEL static void flush_pair(float *ti_row, float *tj_row, size_t m, size_t ld,
                                        const float *restrict ai, const float *restrict aj,
                                        size_t n, const float *restrict u, size_t nu, float *wi,
                                        float *wj)
{
    float *restrict ti = ALIGNED(ti_row);
    float *restrict tj = ALIGNED(tj_row);
    size_t k = 0;
    for (; k + 4 <= nu; k += 4) {
        const float a0 = ai[k * n], a1 = ai[(k + 1) * n];
        const float a2 = ai[(k + 2) * n], a3 = ai[(k + 3) * n];
        const float b0 = aj[k * n], b1 = aj[(k + 1) * n];
        const float b2 = aj[(k + 2) * n], b3 = aj[(k + 3) * n];
        const float *restrict u0 = ALIGNED(u + k * ld), *restrict u1 = ALIGNED(u0 + ld);
        const float *restrict u2 = ALIGNED(u1 + ld), *restrict u3 = ALIGNED(u2 + ld);
        for (size_t i = 0; i < m; i++) {
            ti[i] -= a0 * u0[i] + a1 * u1[i] + a2 * u2[i] + a3 * u3[i];
            tj[i] -= b0 * u0[i] + b1 * u1[i] + b2 * u2[i] + b3 * u3[i];
        }
    }
    for (; k < nu; k++) {
        const float a0 = ai[k * n], b0 = aj[k * n];
        const float *restrict u0 = ALIGNED(u + k * ld);
        for (size_t i = 0; i < m; i++) {
            ti[i] -= a0 * u0[i];
            tj[i] -= b0 * u0[i];
        }
    }
    *wi = weight(ti, m);
    *wj = weight(tj, m);
}

/* flush_pair for a single row. */
MPOL_I_ZS_KERNEL static void flush_one(float *ti_row, size_t m, size_t ld, const float *restrict ai,
                                       size_t n, const float *restrict u, size_t nu, float *wi)
{
    float *restrict ti = ALIGNED(ti_row);
    size_t k = 0;
    for (; k + 4 <= nu; k += 4) {
        const float a0 = ai[k * n], a1 = ai[(k + 1) * n];
        const float a2 = ai[(k + 2) * n], a3 = ai[(k + 3) * n];
        const float *restrict u0 = ALIGNED(u + k * ld), *restrict u1 = ALIGNED(u0 + ld);
        const float *restrict u2 = ALIGNED(u1 + ld), *restrict u3 = ALIGNED(u2 + ld);
        for (size_t i = 0; i < m; i++)
            ti[i] -= a0 * u0[i] + a1 * u1[i] + a2 * u2[i] + a3 * u3[i];
    }
    for (; k < nu; k++) {
        const float a0 = ai[k * n];
        const float *restrict u0 = ALIGNED(u + k * ld);
        for (size_t i = 0; i < m; i++)
            ti[i] -= a0 * u0[i];
    }
    *wi = weight(ti, m);
}

/* Applies the pending updates to the stored rows [q0, q1) and sets their weights cn[q]. */
static void flush_rows(const mpol_i_zs_ftab *f, size_t q0, size_t q1)
{
    const size_t m = f->m, n = f->n, ld = f->ld, nu = f->nu;
    size_t q = q0;
    for (; q + 2 <= q1; q += 2)
        flush_pair(f->t + q * ld, f->t + (q + 1) * ld, m, ld, f->v + q, f->v + q + 1, n, f->u, nu,
                   f->cn + q, f->cn + q + 1);
    if (q < q1)
        flush_one(f->t + q * ld, m, ld, f->v + q, n, f->u, nu, f->cn + q);
}

/*
 * Applies all pending updates to the tableau (in parallel over fixed chunks of stored rows)
 * and resets the pricing weights to the exact steepest-edge weights; each row's weight is
 * summed within its chunk, so the result does not depend on the number of threads.
 */
void mpol_i_zs_fflush(mpol_i_zs_ftab *f)
{
    const size_t m = f->m, n = f->n, nu = f->nu;
    const int par = (double)m * (double)n * (double)nu >= MPOL_I_ZS_PAR_WORK;
    mpol_i_zs_fcand_sync(f, &f->cand);
    if (!par) {
        flush_rows(f, 0, n);
    } else {
#pragma omp parallel for schedule(static)
        for (int k = 0; k < MPOL_I_ZS_CHUNKS; k++)
            flush_rows(f, (size_t)k * n / MPOL_I_ZS_CHUNKS, (size_t)(k + 1) * n / MPOL_I_ZS_CHUNKS);
    }
    f->nu = 0;
}
