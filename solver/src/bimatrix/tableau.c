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
 * Deviations: the payoffs are shifted to be >= 1 and scaled by a power of two (exact) so
 * that every entry lies in [1, 2]; this changes neither the equilibria nor the labels and
 * lets the tolerances be absolute.
 */
#include <math.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"

/* The shift and power-of-two scale that map the entries of @p X into [1, 2]. */
static void scaling(const double *X, size_t len, double *shift, double *scale)
{
    double lo = X[0], hi = X[0];
    for (size_t k = 1; k < len; k++) {
        if (X[k] < lo)
            lo = X[k];
        if (X[k] > hi)
            hi = X[k];
    }
    *shift = 1.0 - lo;
    double range = hi - lo + 1.0;
    int e;
    (void)frexp(range, &e); /* range < 2^e */
    *scale = ldexp(1.0, 1 - e);
    /* Entries become (X + shift) * scale in [2^(1-e), range * 2^(1-e)) within [.., 2). */
}

mpol_status mpol_i_bmx_tab_alloc(mpol_i_bmx_tab *tab, size_t m, size_t n, int is_p, const double *A,
                                 const double *B)
{
    memset(tab, 0, sizeof *tab);
    size_t rows = is_p ? n : m;
    tab->rows = rows;
    tab->ncols = m + n;
    tab->stride = m + n + 1;
    tab->slack0 = is_p ? m : 0;
    tab->t = mpol_malloc(rows * tab->stride * sizeof(double));
    tab->orig = mpol_calloc(rows * tab->stride, sizeof(double));
    tab->basis = mpol_malloc(rows * sizeof(size_t));
    tab->pos = mpol_malloc((m + n) * sizeof(size_t));
    if (tab->t == NULL || tab->orig == NULL || tab->basis == NULL || tab->pos == NULL) {
        mpol_i_bmx_tab_free(tab);
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a %zu x %zu tableau", rows,
                          tab->stride);
    }
    const double *X = is_p ? B : A;
    double shift, scale;
    scaling(X, m * n, &shift, &scale);
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            double v = (X[i * n + j] + shift) * scale;
            if (is_p)
                tab->orig[j * tab->stride + i] = v; /* row j, label i */
            else
                tab->orig[i * tab->stride + m + j] = v; /* row i, label m+j */
        }
    }
    for (size_t r = 0; r < rows; r++) {
        tab->orig[r * tab->stride + tab->slack0 + r] = 1.0;
        tab->orig[r * tab->stride + m + n] = 1.0;
    }
    mpol_i_bmx_tab_reset(tab);
    return MPOL_OK;
}

void mpol_i_bmx_tab_free(mpol_i_bmx_tab *tab)
{
    mpol_free(tab->t);
    mpol_free(tab->orig);
    mpol_free(tab->basis);
    mpol_free(tab->pos);
    memset(tab, 0, sizeof *tab);
}

void mpol_i_bmx_tab_reset(mpol_i_bmx_tab *tab)
{
    memcpy(tab->t, tab->orig, tab->rows * tab->stride * sizeof(double));
    for (size_t k = 0; k < tab->ncols; k++)
        tab->pos[k] = SIZE_MAX;
    for (size_t r = 0; r < tab->rows; r++) {
        tab->basis[r] = tab->slack0 + r;
        tab->pos[tab->slack0 + r] = r;
    }
}

void mpol_i_bmx_tab_pivot(mpol_i_bmx_tab *tab, size_t row, size_t col)
{
    size_t s = tab->stride;
    double *pr = tab->t + row * s;
    double inv = 1.0 / pr[col];
    for (size_t k = 0; k < s; k++)
        pr[k] *= inv;
    pr[col] = 1.0;
    for (size_t r = 0; r < tab->rows; r++) {
        if (r == row)
            continue;
        double *tr = tab->t + r * s;
        double f = tr[col];
        if (f == 0.0)
            continue;
        for (size_t k = 0; k < s; k++)
            tr[k] -= f * pr[k];
        tr[col] = 0.0;
    }
    size_t leaving = tab->basis[row];
    tab->pos[leaving] = SIZE_MAX;
    tab->basis[row] = col;
    tab->pos[col] = row;
}

/* -1, 0, 1 as a < b, a == b (within the tie tolerance), a > b. */
static int cmp_tol(double a, double b)
{
    double scale = 1.0 + fmax(fabs(a), fabs(b));
    if (a < b - MPOL_I_BMX_TIE_TOL * scale)
        return -1;
    if (a > b + MPOL_I_BMX_TIE_TOL * scale)
        return 1;
    return 0;
}

size_t mpol_i_bmx_tab_ratio(const mpol_i_bmx_tab *tab, size_t col)
{
    size_t s = tab->stride, rhs = tab->ncols;
    size_t best = SIZE_MAX;
    double bnum = 0.0, bden = 1.0; /* the best ratio bnum / bden */
    for (size_t r = 0; r < tab->rows; r++) {
        const double *tr = tab->t + r * s;
        double a = tr[col];
        if (a <= MPOL_I_BMX_PIVOT_TOL)
            continue;
        double num = tr[rhs];
        if (best == SIZE_MAX) {
            best = r;
            bnum = num;
            bden = a;
            continue;
        }
        /* num/a against bnum/bden without division: cmp_tol scaled by a * bden > 0. */
        double lhs = num * bden, rhs_ = bnum * a;
        double al = fabs(lhs), ar = fabs(rhs_);
        double tol = MPOL_I_BMX_TIE_TOL * (a * bden + (al > ar ? al : ar));
        int c;
        if (lhs < rhs_ - tol) {
            c = -1;
        } else if (lhs > rhs_ + tol) {
            c = 1;
        } else {
            /* Lexicographic tie-break on the rows of the basis inverse. */
            const double *tb = tab->t + best * s;
            c = 0;
            for (size_t k = 0; k < tab->rows && c == 0; k++)
                c = cmp_tol(tr[tab->slack0 + k] / a, tb[tab->slack0 + k] / bden);
        }
        if (c < 0) {
            best = r;
            bnum = num;
            bden = a;
        }
    }
    return best;
}

mpol_status mpol_i_bmx_tab_refresh(mpol_i_bmx_tab *tab, const uint64_t *basic_bits)
{
    mpol_i_bmx_tab_reset(tab);
    size_t s = tab->stride;
    for (size_t col = 0; col < tab->ncols; col++) {
        if (!mpol_i_bit_get(basic_bits, col) || tab->pos[col] != SIZE_MAX)
            continue;
        size_t best = SIZE_MAX;
        double best_abs = 0.0;
        for (size_t r = 0; r < tab->rows; r++) {
            if (mpol_i_bit_get(basic_bits, tab->basis[r]))
                continue;
            double a = fabs(tab->t[r * s + col]);
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
