/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the pricing of the dense method's float stage (zs_dense.c): the
 * choice of the entering column. The running weights are the exact steepest-edge weights
 * 1 + |column|^2 (Goldfarb & Reid 1977) as of the last flush of the queued updates, kept up
 * between flushes by the devex rule (Forrest & Goldfarb 1992). Devex only ever raises a
 * weight; the exact weight of a column can fall by a large factor in one pivot, and 32
 * pivots of such errors double the pivots (5362 vs 2577 with exact weights at 1000 x 1000).
 * Exact weights for every column need the pivot column times the whole table at every pivot
 * (Goldfarb & Reid's update): a read of the table per pivot, which costs 3x the blocked
 * update it accompanies. So the weights are made exact where it matters, for the few
 * columns that can win: the MPOL_I_ZS_DENSE_CAND best under the running weights (a
 * candidate list, as in multiple/partial pricing). Their current columns are kept in a
 * small cache and brought up to date by the updates queued since (m multiply-adds per
 * update), so a column that stays among the best costs little; a new candidate costs one
 * pass down its column. The entering column's current column comes out of the cache too.
 */
#include <string.h>

#include "zs_dense_internal.h"

#define NONE ((size_t)-1)

/* Bland's order of variables (as in zs_tableau.c). */
static long key(long id)
{
    return id >= 0 ? 2 * id : 2 * (-id - 1) + 1;
}

MPOL_I_ZS_KERNEL void mpol_i_zs_fcol(const mpol_i_zs_ftab *f, size_t s, float *out)
{
    const size_t m = f->m, n = f->n, ld = f->ld;
    float *restrict col = out;
    memcpy(col, f->t + s * ld, m * sizeof(float));
    for (size_t k = 0; k < f->nu; k++) {
        const float a = f->v[k * n + s];
        const float *restrict uk = f->u + k * ld;
        if (a != 0.0f)
            for (size_t i = 0; i < m; i++)
                col[i] -= a * uk[i];
    }
}

mpol_status mpol_i_zs_fcand_init(mpol_i_zs_fcand *c, size_t k, size_t m, size_t n)
{
    memset(c, 0, sizeof *c);
    if (k == 0)
        return MPOL_OK;
    const size_t slots = k;
    c->q = mpol_malloc(slots * sizeof(size_t));
    c->seen = mpol_malloc(slots * sizeof(size_t));
    c->used = mpol_malloc(slots * sizeof(size_t));
    c->col = mpol_malloc(slots * m * sizeof(float));
    c->slot_of = mpol_malloc(n * sizeof(size_t));
    c->cand = mpol_malloc(k * sizeof(size_t));
    c->score = mpol_malloc(k * sizeof(float));
    c->cslot = mpol_malloc(k * sizeof(size_t));
    if (!c->q || !c->seen || !c->used || !c->col || !c->slot_of || !c->cand || !c->score ||
        !c->cslot) {
        mpol_i_zs_fcand_free(c);
        return mpol_error(MPOL_ENOMEM, "mpol_zs_solve: out of memory for the pricing cache");
    }
    for (size_t s = 0; s < slots; s++) {
        c->q[s] = NONE;
        c->seen[s] = 0;
        c->used[s] = 0;
    }
    for (size_t q = 0; q < n; q++)
        c->slot_of[q] = NONE;
    c->k = k;
    c->slots = slots;
    return MPOL_OK;
}

void mpol_i_zs_fcand_free(mpol_i_zs_fcand *c)
{
    mpol_free(c->q);
    mpol_free(c->seen);
    mpol_free(c->used);
    mpol_free(c->col);
    mpol_free(c->slot_of);
    mpol_free(c->cand);
    mpol_free(c->score);
    mpol_free(c->cslot);
    memset(c, 0, sizeof *c);
}

void mpol_i_zs_fcand_drop(mpol_i_zs_fcand *c, size_t s)
{
    if (c->k == 0 || c->slot_of[s] == NONE)
        return;
    c->q[c->slot_of[s]] = NONE;
    c->slot_of[s] = NONE;
}

/* The plain rule: the best score under the running weights (Bland: the lowest key). */
static size_t price_all(const mpol_i_zs_ftab *f, int bland)
{
    size_t s = NONE;
    float best = 0.0f;
    for (size_t q = 0; q < f->n; q++) {
        float cq = f->c[q];
        if (cq <= MPOL_I_ZS_DENSE_OPT_TOL)
            continue;
        float score = cq * cq / f->cn[q];
        if (bland ? (s == NONE || key(f->nid[q]) < key(f->nid[s])) : score > best) {
            best = score;
            s = q;
        }
    }
    return s;
}

/* Fills c->cand with the (up to k) best columns under the running weights, best first;
 * returns how many. */
static size_t top_candidates(const mpol_i_zs_ftab *f, mpol_i_zs_fcand *c)
{
    size_t nc = 0;
    for (size_t q = 0; q < f->n; q++) {
        float cq = f->c[q];
        if (cq <= MPOL_I_ZS_DENSE_OPT_TOL)
            continue;
        float score = cq * cq / f->cn[q];
        if (nc == c->k && !(score > c->score[nc - 1]))
            continue;
        size_t p = nc < c->k ? nc++ : nc - 1;
        while (p > 0 && c->score[p - 1] < score) {
            c->score[p] = c->score[p - 1];
            c->cand[p] = c->cand[p - 1];
            p--;
        }
        c->score[p] = score;
        c->cand[p] = q;
    }
    return nc;
}

/* A slot for column q: its own, else an empty one, else the one unused the longest (never
 * one already used at this pivot: there are as many slots as candidates). */
static size_t slot_for(mpol_i_zs_fcand *c, size_t q, size_t pivot)
{
    size_t sl = c->slot_of[q];
    if (sl != NONE)
        return sl;
    for (size_t s = 0; s < c->slots; s++) {
        if (c->q[s] == NONE) {
            sl = s;
            break;
        }
        if (c->used[s] != pivot && (sl == NONE || c->used[s] < c->used[sl]))
            sl = s;
    }
    if (c->q[sl] != NONE)
        c->slot_of[c->q[sl]] = NONE;
    c->q[sl] = q;
    c->slot_of[q] = sl;
    c->seen[sl] = NONE; /* nothing cached yet */
    return sl;
}

/* Brings the cached column of slot sl (column q) up to date with the updates queued since
 * it was last current; returns 0 (nothing done) when a flush has dropped some of them. */
MPOL_I_ZS_KERNEL static int refresh(const mpol_i_zs_ftab *f, mpol_i_zs_fcand *c, size_t sl,
                                    size_t q)
{
    const size_t m = f->m, n = f->n, ld = f->ld, first = f->upd - f->nu;
    if (c->seen[sl] == NONE || c->seen[sl] < first)
        return 0;
    float *restrict col = c->col + sl * m;
    for (size_t g = c->seen[sl]; g < f->upd; g++) {
        const float a = f->v[(g - first) * n + q];
        const float *restrict uk = f->u + (g - first) * ld;
        if (a != 0.0f)
            for (size_t i = 0; i < m; i++)
                col[i] -= a * uk[i];
    }
    c->seen[sl] = f->upd;
    return 1;
}

void mpol_i_zs_fcand_sync(const mpol_i_zs_ftab *f, mpol_i_zs_fcand *c)
{
    for (size_t sl = 0; sl < c->slots; sl++)
        if (c->q[sl] != NONE && c->seen[sl] != NONE && c->seen[sl] >= f->upd - f->nu)
            (void)refresh(f, c, sl, c->q[sl]);
}

size_t mpol_i_zs_fprice(mpol_i_zs_ftab *f, size_t pivot, int bland)
{
    mpol_i_zs_fcand *c = &f->cand;
    if (bland || c->k == 0 || f->nu == 0) { /* after a flush every weight is exact */
        size_t s = price_all(f, bland);
        if (s != NONE)
            mpol_i_zs_fcol(f, s, f->col);
        return s;
    }
    size_t nc = top_candidates(f, c);
    for (size_t k = 0; k < nc; k++) {
        size_t sl = slot_for(c, c->cand[k], pivot);
        c->used[sl] = pivot;
        c->cslot[k] = sl;
        if (!refresh(f, c, sl, c->cand[k])) {
            mpol_i_zs_fcol(f, c->cand[k], c->col + sl * f->m);
            c->seen[sl] = f->upd;
        }
    }
    size_t s = NONE;
    float best = 0.0f;
    const float *scol = NULL;
    for (size_t k = 0; k < nc; k++) {
        const size_t q = c->cand[k];
        const float *col = c->col + c->cslot[k] * f->m;
        float g = 1.0f;
        for (size_t i = 0; i < f->m; i++)
            g += col[i] * col[i];
        f->cn[q] = g;
        float score = f->c[q] * f->c[q] / g;
        if (s == NONE || score > best) {
            best = score;
            s = q;
            scol = col;
        }
    }
    if (s != NONE)
        memcpy(f->col, scol, f->m * sizeof(float));
    return s;
}
