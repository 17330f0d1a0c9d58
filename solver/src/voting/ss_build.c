/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the floating-point table of the Shapley–Shubik index
 * (shapley_shubik.c): P[s][w] = c[s][w] / C(n, s), built by adding the players one factor
 * (1 + y x^{w_j}) at a time. The table (up to 1 GiB) is far larger than the caches and
 * adding one player reads and writes all of it, so the players are added BUILD_BATCH at a
 * time in one sweep, by blocks of columns (build_batch). The additions are exactly those of
 * adding the players one by one, in the same order, so the doubles are the same (measured
 * 5-19% less CPU on the first 1000 players of EPIC's 3434 under load, docs/voting.md).
 */
#include "voting/voting_internal.h"

static size_t max_z(size_t a, size_t b)
{
    return a > b ? a : b;
}

static size_t min_z(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Player weight wj (< Q) added on the columns [c0, c1) of every row, rows from the top (row
 * s-1 is still without the player when row s reads it). Returns the cells updated. */
static size_t add_columns(double *P, const mpol_i_ss_half *h, size_t n, size_t wj, size_t c0,
                          size_t c1)
{
    size_t Q = h->Q, cells = 0;
    for (long s = h->smax; s >= 1; s--) {
        size_t a, b;
        mpol_i_ss_shift(h, s, wj, &a, &b);
        a = max_z(a, c0);
        b = min_z(b, c1);
        if (a >= b)
            continue;
        double f = (double)s / (double)(n - (size_t)s + 1);
        double *restrict dst = P + (size_t)s * Q;
        const double *restrict src = P + (size_t)(s - 1) * Q;
        for (size_t w = a; w < b; w++)
            dst[w] += f * src[w - wj];
        cells += b - a;
    }
    return cells;
}

#define BUILD_BATCH 8  /* players added per sweep over the table */
#define BUILD_BLOCK 64 /* columns per block (at least the batch's largest weight) */

/*
 * Adds the nb players of weights wk[0..nb) to P in one sweep over the table instead of nb:
 * the columns are cut into blocks of B >= max wk, swept from the right, player k one block
 * behind player k-1. Player k on block c reads the row below at columns up to wk <= B to
 * the left, i.e. blocks c and c-1, which player k-1 has finished and player k not yet
 * touched: so every cell gets the same additions in the same order as when the players
 * are added one by one (the same doubles), while the nb blocks in work stay in cache.
 */
static size_t build_batch(double *P, const mpol_i_ss_half *h, size_t n, const size_t *wk, size_t nb)
{
    size_t B = BUILD_BLOCK, cells = 0;
    for (size_t k = 0; k < nb; k++)
        B = max_z(B, wk[k]);
    size_t nblocks = (h->Q + B - 1) / B;
    for (size_t t = 0; t + 1 < nblocks + nb; t++)
        for (size_t k = 0; k < nb && k <= t; k++) {
            if (t - k >= nblocks)
                continue;
            size_t c = nblocks - 1 - (t - k);
            cells += add_columns(P, h, n, wk[k], c * B, min_z((c + 1) * B, h->Q));
        }
    return cells;
}

/* Builds P (zeroed) from the players of weight below Q, BUILD_BATCH at a time. */
void mpol_i_ss_build_float(double *P, const mpol_i_ss_half *h, const mpol_i_wvg_int *gi,
                           mpol_i_work *work)
{
    size_t wk[BUILD_BATCH], nb = 0;
    P[0] = 1;
    for (size_t j = 0; j <= gi->n; j++) {
        if (j < gi->n && (size_t)gi->w[j] < h->Q)
            wk[nb++] = (size_t)gi->w[j];
        if (nb == BUILD_BATCH || (j == gi->n && nb > 0)) {
            mpol_i_work_add(work, (double)build_batch(P, h, gi->n, wk, nb));
            nb = 0;
        }
    }
}
