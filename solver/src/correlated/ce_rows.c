/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the obedience-constraint builder of ce_internal.h: one pass over the
 * cells per player, each cell adding its gain to the row of every deviation of that player.
 * Correlated rows (i, s, t) have ncells / n_i slots each, coarse rows (i, t) ncells; zero
 * gains (a deviation to the strategy played, payoff ties) are squeezed out afterwards.
 */
#include <stdint.h>
#include <string.h>

#include "ce_internal.h"

size_t mpol_i_ce_stride(const mpol_game *game, size_t p)
{
    size_t s = 1;
    for (size_t q = 0; q < p; q++)
        s *= game->nstrategies[q];
    return s;
}

void mpol_i_ce_rows_size(const mpol_game *game, mpol_ce_kind kind, size_t *nrows, double *nnz)
{
    size_t r = 0;
    double z = 0.0;
    for (size_t p = 0; p < game->nplayers; p++) {
        size_t n = game->nstrategies[p];
        r += kind == MPOL_CE_COARSE ? n : n * (n - 1);
        z += (double)game->ncells * (double)(n - 1);
    }
    *nrows = r;
    *nnz = z;
}

void mpol_i_ce_rows_free(mpol_i_ce_rows *rows)
{
    if (rows == NULL)
        return;
    mpol_free(rows->start);
    mpol_free(rows->col);
    mpol_free(rows->val);
    mpol_free(rows->player);
    mpol_free(rows->from);
    mpol_free(rows->to);
    memset(rows, 0, sizeof *rows);
}

/* Row index of (p, s, t) among the rows of player p starting at @p base. */
static size_t row_of(mpol_ce_kind kind, size_t base, size_t n, size_t s, size_t t)
{
    if (kind == MPOL_CE_COARSE)
        return base + t;
    return base + s * (n - 1) + (t < s ? t : t - 1);
}

/* Fills the row descriptions and the slot starts of player p (rows from @p base, slots
 * from @p slot). Returns the next slot. */
static size_t describe(mpol_i_ce_rows *r, const mpol_game *g, mpol_ce_kind kind, size_t p,
                       size_t base, size_t slot)
{
    size_t n = g->nstrategies[p];
    size_t per = kind == MPOL_CE_COARSE ? g->ncells : g->ncells / n;
    for (size_t s = 0; s < n; s++)
        for (size_t t = 0; t < n; t++) {
            if (kind == MPOL_CE_CORRELATED && t == s)
                continue;
            if (kind == MPOL_CE_COARSE && s > 0)
                continue;
            size_t row = row_of(kind, base, n, s, t);
            r->player[row] = p;
            r->from[row] = kind == MPOL_CE_COARSE ? SIZE_MAX : s;
            r->to[row] = t;
            r->start[row] = slot;
            slot += per;
        }
    return slot;
}

/* One player's gains into the slots (fill[row] counts the slots used). */
static void fill_player(mpol_i_ce_rows *r, const mpol_game *g, mpol_ce_kind kind, size_t p,
                        size_t base, double inv, size_t *fill)
{
    size_t n = g->nstrategies[p], N = g->nplayers, stride = mpol_i_ce_stride(g, p);
    for (size_t c = 0; c < g->ncells; c++) {
        size_t s = (c / stride) % n;
        double u = g->payoff[c * N + p];
        size_t c0 = c - s * stride;
        for (size_t t = 0; t < n; t++) {
            if (t == s)
                continue;
            size_t row = row_of(kind, base, n, s, t);
            size_t k = r->start[row] + fill[row]++;
            r->col[k] = c;
            r->val[k] = (g->payoff[(c0 + t * stride) * N + p] - u) * inv;
        }
    }
}

/* Squeezes out the zero gains; row starts become final. */
static void compact(mpol_i_ce_rows *r, const size_t *fill)
{
    size_t w = 0;
    for (size_t row = 0; row < r->nrows; row++) {
        size_t b = r->start[row], e = b + fill[row];
        r->start[row] = w;
        for (size_t k = b; k < e; k++)
            if (r->val[k] != 0.0) {
                r->col[w] = r->col[k];
                r->val[w++] = r->val[k];
            }
    }
    r->start[r->nrows] = w;
    r->nnz = w;
}

mpol_status mpol_i_ce_rows_build(mpol_i_ce_rows *out, const mpol_game *game, mpol_ce_kind kind,
                                 double inv)
{
    memset(out, 0, sizeof *out);
    size_t nrows;
    double nnz;
    mpol_i_ce_rows_size(game, kind, &nrows, &nnz);
    /* Slots before squeezing: correlated ncells * sum (n_i - 1), coarse ncells * sum n_i. */
    double slots =
        kind == MPOL_CE_COARSE ? nnz + (double)game->ncells * (double)game->nplayers : nnz;
    if (slots >= (double)(SIZE_MAX / 16))
        return mpol_error(MPOL_ELIMIT, "mpol_ce_solve: %.3g constraint coefficients", slots);
    size_t ns = (size_t)slots;
    out->nrows = nrows;
    out->ncols = game->ncells;
    out->start = mpol_malloc((nrows + 1) * sizeof *out->start);
    out->player = mpol_malloc((nrows + 1) * sizeof *out->player);
    out->from = mpol_malloc((nrows + 1) * sizeof *out->from);
    out->to = mpol_malloc((nrows + 1) * sizeof *out->to);
    out->col = mpol_malloc((ns + 1) * sizeof *out->col);
    out->val = mpol_malloc((ns + 1) * sizeof *out->val);
    size_t *fill = mpol_calloc(nrows + 1, sizeof *fill);
    if (!out->start || !out->player || !out->from || !out->to || !out->col || !out->val || !fill) {
        mpol_free(fill);
        mpol_i_ce_rows_free(out);
        return mpol_error(MPOL_ENOMEM,
                          "mpol_ce_solve: out of memory for %zu constraint "
                          "coefficients",
                          ns);
    }
    size_t base = 0, slot = 0;
    for (size_t p = 0; p < game->nplayers; p++) {
        size_t n = game->nstrategies[p];
        slot = describe(out, game, kind, p, base, slot);
        fill_player(out, game, kind, p, base, inv, fill);
        base += kind == MPOL_CE_COARSE ? n : n * (n - 1);
    }
    compact(out, fill);
    mpol_free(fill);
    return MPOL_OK;
}
