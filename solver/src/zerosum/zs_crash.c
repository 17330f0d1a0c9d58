/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the blocked crash of the double tableau (zs_tableau.c) that the
 * dense method's double finish starts from: Gauss-Jordan pivots of the first columns into
 * the basis, each at the still-basic slack row with the largest entry (partial pivoting), as
 * the oracle's crash() does one pivot at a time. A pivot of the exchange tableau is the
 * rank-1 update T - u v' (u = pivot column with u_r = alpha - 1, v = pivot row / alpha with
 * v_s = 1 + 1/alpha); the updates are queued and applied MPOL_I_ZS_CRASH_BLOCK at a time, as
 * the float stage does (zs_dense.c), so that a crash of k columns moves the k x k table
 * through memory k / 32 times instead of k times (1000 x 1000: 1000 pivots of 8 MB each).
 * The current column and row of a pivot are the stored ones less the queued updates.
 */
#include <math.h>
#include <string.h>

#include "zs_internal.h"

/* Pivots queued before they are applied to the table. */
#define MPOL_I_ZS_CRASH_BLOCK 32

#define NONE ((size_t)-1)

/* Applies the nu queued updates (U: nu x nr, V: nu x nc) to the table, four at a time. */
MPOL_I_ZS_KERNEL static void crash_flush(mpol_i_zs_tab *tab, const double *restrict U,
                                         const double *restrict V, size_t nu)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    for (size_t i = 0; i < nr; i++) {
        double *restrict ti = tab->t + i * ld;
        size_t k = 0;
        for (; k + 4 <= nu; k += 4) {
            const double a0 = U[k * nr + i], a1 = U[(k + 1) * nr + i];
            const double a2 = U[(k + 2) * nr + i], a3 = U[(k + 3) * nr + i];
            const double *restrict v0 = V + k * nc, *restrict v1 = v0 + nc;
            const double *restrict v2 = v1 + nc, *restrict v3 = v2 + nc;
            for (size_t q = 0; q < nc; q++)
                ti[q] -= a0 * v0[q] + a1 * v1[q] + a2 * v2[q] + a3 * v3[q];
        }
        for (; k < nu; k++) {
            const double a0 = U[k * nr + i];
            const double *restrict v0 = V + k * nc;
            for (size_t q = 0; q < nc; q++)
                ti[q] -= a0 * v0[q];
        }
    }
}

/* col = column q of the current table; row = row r (row == NULL: the column only). */
MPOL_I_ZS_KERNEL static void crash_current(const mpol_i_zs_tab *tab, const double *restrict U,
                                           const double *restrict V, size_t nu, size_t q,
                                           double *restrict col, size_t r, double *restrict row)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    if (row == NULL) {
        for (size_t i = 0; i < nr; i++)
            col[i] = tab->t[i * ld + q];
        for (size_t k = 0; k < nu; k++) {
            const double a = V[k * nc + q];
            if (a != 0.0)
                for (size_t i = 0; i < nr; i++)
                    col[i] -= a * U[k * nr + i];
        }
        return;
    }
    memcpy(row, tab->t + r * ld, nc * sizeof(double));
    for (size_t k = 0; k < nu; k++) {
        const double a = U[k * nr + r];
        if (a != 0.0)
            for (size_t j = 0; j < nc; j++)
                row[j] -= a * V[k * nc + j];
    }
}

/* Queues the exchange of row r and column q (col, row: the current ones) and updates the
 * basic values, reduced costs, objective and ids at once. */
static void crash_queue(mpol_i_zs_tab *tab, double *restrict u, double *restrict v,
                        const double *restrict col, const double *restrict row, size_t r, size_t q)
{
    const size_t nr = tab->nr, nc = tab->nc;
    const double alpha = col[r], ip = 1.0 / alpha;
    memcpy(u, col, nr * sizeof(double));
    u[r] = alpha - 1.0;
    for (size_t j = 0; j < nc; j++)
        v[j] = row[j] * ip;
    v[q] = 1.0 + ip;
    const double br = tab->b[r] * ip;
    for (size_t i = 0; i < nr; i++)
        tab->b[i] -= col[i] * br;
    tab->b[r] = br;
    const double f = tab->c[q];
    for (size_t j = 0; j < nc; j++)
        tab->c[j] -= f * v[j];
    tab->z += f * br;
    long id = tab->bid[r];
    tab->bid[r] = tab->nid[q];
    tab->nid[q] = id;
    tab->pivots++;
}

mpol_status mpol_i_zs_tab_crash(mpol_i_zs_tab *tab, size_t ncols)
{
    const size_t nr = tab->nr, nc = tab->nc, B = MPOL_I_ZS_CRASH_BLOCK;
    double *U = mpol_malloc(B * nr * sizeof(double));
    double *V = mpol_malloc(B * nc * sizeof(double));
    double *col = mpol_malloc(nr * sizeof(double));
    double *row = mpol_malloc(nc * sizeof(double));
    if (U == NULL || V == NULL || col == NULL || row == NULL) {
        mpol_free(U);
        mpol_free(V);
        mpol_free(col);
        mpol_free(row);
        return mpol_error(MPOL_ENOMEM,
                          "mpol_zs: out of memory for the crash of a %zu x %zu "
                          "tableau",
                          nr, nc);
    }
    size_t nu = 0;
    for (size_t q = 0; q < ncols && q < nc; q++) {
        crash_current(tab, U, V, nu, q, col, 0, NULL);
        size_t r = NONE;
        double big = MPOL_I_ZS_PIVOT_TOL;
        for (size_t i = 0; i < nr; i++) {
            double a = fabs(col[i]);
            if (tab->bid[i] < 0 && a > big) {
                big = a;
                r = i;
            }
        }
        if (r == NONE)
            continue;
        crash_current(tab, U, V, nu, q, col, r, row);
        crash_queue(tab, U + nu * nr, V + nu * nc, col, row, r, q);
        if (++nu == B) {
            crash_flush(tab, U, V, nu);
            nu = 0;
        }
    }
    crash_flush(tab, U, V, nu);
    mpol_free(U);
    mpol_free(V);
    mpol_free(col);
    mpol_free(row);
    return MPOL_OK;
}
