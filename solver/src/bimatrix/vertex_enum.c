/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the enumeration of all extreme Nash equilibria of a bimatrix game
 * (Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria for two-player
 * games", Economic Theory 42 (2010) 9-37, section 3; Kuhn 1961, Mangasarian 1964): the
 * extreme equilibria are the completely labelled pairs (x, y) != (0, 0) of vertices of the
 * best-response polytopes P = {x >= 0, B'x <= 1} and Q = {y >= 0, A y <= 1}.
 *
 * Both polytopes are enumerated by a depth-first search of their graphs of lexicographically
 * feasible bases: the lexicographic ratio test pivots on the perturbed polytope
 * (right-hand side 1 + (eps, eps^2, ...)), which is simple and has a connected graph, and
 * every vertex of the real polytope is the image of at least one perturbed vertex, so every
 * vertex is reached even when the game is degenerate. Visited bases and distinct vertices
 * are kept in hash sets of label bitsets. A vertex's labels are its tight constraints
 * (non-basic variables and basic variables at zero); two vertices match when their label
 * sets cover all m + n labels. For two vertices with exactly m and n labels this means the
 * sets are complementary, which is one hash lookup; degenerate vertices (more labels) are
 * matched against all vertices of the other polytope.
 *
 * Deviations from lrsnash: lrs walks a reverse-search tree without memory, here the search
 * keeps a hash set of the bases seen (faster, memory linear in the number of bases); both
 * polytopes are enumerated once instead of one face of Q per vertex of P. Arithmetic is
 * double precision with a tableau rebuilt from its basis every MPOL_I_BMX_REFRESH levels;
 * every equilibrium is then re-verified from A and B (and rebuilt in GMP in exact mode).
 */
#include "bimatrix/bimatrix_internal.h"

#include <math.h>
#include <string.h>

#define CACHE_SLOTS 64

typedef struct frame {
    size_t basis_idx; /* index in the set of bases */
    size_t next_col;  /* next label to try as entering variable */
} frame;

typedef struct poly_enum {
    mpol_i_bmx_tab tab;
    size_t dim;           /* m for P, n for Q: labels of a simple vertex */
    size_t words;
    mpol_i_bmx_set bases; /* basic-label bitsets */
    mpol_i_bmx_set verts; /* label bitsets of distinct vertices */
    size_t *vert_basis;   /* per vertex: one of its bases */
    size_t vcap;
    size_t pivots;
} poly_enum;

static void poly_free(poly_enum *pe)
{
    mpol_i_bmx_tab_free(&pe->tab);
    mpol_i_bmx_set_free(&pe->bases);
    mpol_i_bmx_set_free(&pe->verts);
    mpol_free(pe->vert_basis);
    memset(pe, 0, sizeof *pe);
}

/* Records the vertex of the current tableau, reached with basis number @p bidx. */
static mpol_status record_vertex(poly_enum *pe, size_t bidx, uint64_t *lab)
{
    const mpol_i_bmx_tab *tab = &pe->tab;
    memset(lab, 0, pe->words * sizeof(uint64_t));
    for (size_t k = 0; k < tab->ncols; k++) {
        size_t r = tab->pos[k];
        if (r == SIZE_MAX || tab->t[r * tab->stride + tab->ncols] <= MPOL_I_BMX_TIE_TOL)
            mpol_i_bit_set(lab, k);
    }
    size_t idx;
    int added;
    mpol_status st = mpol_i_bmx_set_insert(&pe->verts, lab, &idx, &added);
    if (st != MPOL_OK || !added)
        return st;
    if (idx >= pe->vcap) {
        size_t ncap = pe->vcap ? 2 * pe->vcap : 64;
        size_t *nv = mpol_realloc(pe->vert_basis, ncap * sizeof(size_t));
        if (nv == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        pe->vert_basis = nv;
        pe->vcap = ncap;
    }
    pe->vert_basis[idx] = bidx;
    return MPOL_OK;
}

typedef struct slot {
    double *t;
    size_t *basis;
    size_t *pos;
    size_t owner; /* depth whose tableau this is, SIZE_MAX if none */
} slot;

static void save_slot(slot *s, const mpol_i_bmx_tab *tab, size_t depth)
{
    memcpy(s->t, tab->t, tab->rows * tab->stride * sizeof(double));
    memcpy(s->basis, tab->basis, tab->rows * sizeof(size_t));
    memcpy(s->pos, tab->pos, tab->ncols * sizeof(size_t));
    s->owner = depth;
}

static void load_slot(const slot *s, mpol_i_bmx_tab *tab)
{
    memcpy(tab->t, s->t, tab->rows * tab->stride * sizeof(double));
    memcpy(tab->basis, s->basis, tab->rows * sizeof(size_t));
    memcpy(tab->pos, s->pos, tab->ncols * sizeof(size_t));
}

/* Depth-first search over the lexicographically feasible bases of one polytope. */
static mpol_status poly_enumerate(poly_enum *pe, size_t max_bases)
{
    mpol_i_bmx_tab *tab = &pe->tab;
    size_t words = pe->words, ncols = tab->ncols;
    mpol_status st = MPOL_OK;
    slot *slots = mpol_calloc(CACHE_SLOTS, sizeof(slot));
    frame *frames = NULL;
    size_t fcap = 256;
    uint64_t *key = mpol_calloc(2 * words, sizeof(uint64_t));
    uint64_t *lab = key + words;
    frames = mpol_malloc(fcap * sizeof(frame));
    if (slots == NULL || key == NULL || frames == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        goto done;
    }
    for (size_t k = 0; k < CACHE_SLOTS; k++) {
        slots[k].owner = SIZE_MAX;
        slots[k].t = mpol_malloc(tab->rows * tab->stride * sizeof(double));
        slots[k].basis = mpol_malloc(tab->rows * sizeof(size_t));
        slots[k].pos = mpol_malloc(ncols * sizeof(size_t));
        if (slots[k].t == NULL || slots[k].basis == NULL || slots[k].pos == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
            goto done;
        }
    }

    mpol_i_bmx_tab_reset(tab);
    for (size_t r = 0; r < tab->rows; r++)
        mpol_i_bit_set(key, tab->basis[r]);
    size_t bidx;
    int added;
    if ((st = mpol_i_bmx_set_insert(&pe->bases, key, &bidx, &added)) != MPOL_OK)
        goto done;
    if ((st = record_vertex(pe, bidx, lab)) != MPOL_OK)
        goto done;
    size_t depth = 0, cur = 0; /* cur: the depth whose tableau is in tab */
    frames[0].basis_idx = bidx;
    frames[0].next_col = 0;
    save_slot(&slots[0], tab, 0);

    for (;;) {
        frame *f = &frames[depth];
        if (f->next_col == ncols) {
            if (depth == 0)
                break;
            depth--;
            continue;
        }
        size_t c = f->next_col++;
        if (cur != depth) {
            slot *s = &slots[depth % CACHE_SLOTS];
            if (s->owner == depth) {
                load_slot(s, tab);
            } else {
                memcpy(key, pe->bases.keys + f->basis_idx * words, words * sizeof(uint64_t));
                if ((st = mpol_i_bmx_tab_refresh(tab, key)) != MPOL_OK)
                    goto done;
                save_slot(s, tab, depth);
            }
            cur = depth;
        }
        if (tab->pos[c] != SIZE_MAX)
            continue;
        size_t r = mpol_i_bmx_tab_ratio(tab, c);
        if (r == SIZE_MAX)
            continue; /* cannot happen: the polytope is bounded */
        memcpy(key, pe->bases.keys + f->basis_idx * words, words * sizeof(uint64_t));
        mpol_i_bit_clear(key, tab->basis[r]);
        mpol_i_bit_set(key, c);
        if ((st = mpol_i_bmx_set_insert(&pe->bases, key, &bidx, &added)) != MPOL_OK)
            goto done;
        if (!added)
            continue;
        if (pe->bases.count > max_bases) {
            st = mpol_error(MPOL_ELIMIT,
                            "mpol_bimatrix_enumerate: more than %zu bases in one polytope "
                            "(opts.max_bases)",
                            max_bases);
            goto done;
        }
        if ((depth + 1) % MPOL_I_BMX_REFRESH == 0) {
            if ((st = mpol_i_bmx_tab_refresh(tab, key)) != MPOL_OK)
                goto done;
        } else {
            mpol_i_bmx_tab_pivot(tab, r, c);
        }
        pe->pivots++;
        if ((st = record_vertex(pe, bidx, lab)) != MPOL_OK)
            goto done;
        if (depth + 1 == fcap) {
            frame *nf = mpol_realloc(frames, 2 * fcap * sizeof(frame));
            if (nf == NULL) {
                st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
                goto done;
            }
            frames = nf;
            fcap *= 2;
        }
        depth++;
        frames[depth].basis_idx = bidx;
        frames[depth].next_col = 0;
        save_slot(&slots[depth % CACHE_SLOTS], tab, depth);
        cur = depth;
    }
done:
    if (slots != NULL) {
        for (size_t k = 0; k < CACHE_SLOTS; k++) {
            mpol_free(slots[k].t);
            mpol_free(slots[k].basis);
            mpol_free(slots[k].pos);
        }
    }
    mpol_free(slots);
    mpol_free(frames);
    mpol_free(key);
    return st;
}

static size_t popcount_words(const uint64_t *b, size_t words)
{
    size_t c = 0;
    for (size_t w = 0; w < words; w++)
        c += (size_t)__builtin_popcountll(b[w]);
    return c;
}

static int covers_all(const uint64_t *a, const uint64_t *b, const uint64_t *all, size_t words)
{
    for (size_t w = 0; w < words; w++)
        if ((a[w] | b[w]) != all[w])
            return 0;
    return 1;
}

typedef struct pair_list {
    size_t *xv, *yv;
    size_t count, cap;
} pair_list;

static mpol_status add_pair(pair_list *pl, size_t xv, size_t yv)
{
    if (pl->count == pl->cap) {
        size_t ncap = pl->cap ? 2 * pl->cap : 16;
        size_t *nx = mpol_realloc(pl->xv, ncap * sizeof(size_t));
        if (nx == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        pl->xv = nx;
        size_t *ny = mpol_realloc(pl->yv, ncap * sizeof(size_t));
        if (ny == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        pl->yv = ny;
        pl->cap = ncap;
    }
    pl->xv[pl->count] = xv;
    pl->yv[pl->count] = yv;
    pl->count++;
    return MPOL_OK;
}

/* Matches completely labelled vertex pairs; vertex 0 of each polytope is the origin. */
static mpol_status match(const poly_enum *pp, const poly_enum *pq, size_t m, size_t n,
                         pair_list *pl)
{
    size_t words = pp->words;
    uint64_t all[8], comp[8];
    uint64_t *allp = all, *compp = comp;
    mpol_status st = MPOL_OK;
    if (words > 8) {
        allp = mpol_calloc(2 * words, sizeof(uint64_t));
        if (allp == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        compp = allp + words;
    } else {
        memset(all, 0, sizeof all);
    }
    for (size_t k = 0; k < m + n; k++)
        mpol_i_bit_set(allp, k);
    const mpol_i_bmx_set *vp = &pp->verts, *vq = &pq->verts;
    for (size_t a = 1; a < vp->count && st == MPOL_OK; a++) {
        const uint64_t *la = vp->keys + a * words;
        if (popcount_words(la, words) == m) {
            for (size_t w = 0; w < words; w++)
                compp[w] = allp[w] & ~la[w];
            size_t b = mpol_i_bmx_set_find(vq, compp);
            if (b != SIZE_MAX && b != 0)
                st = add_pair(pl, a, b);
        } else {
            for (size_t b = 1; b < vq->count && st == MPOL_OK; b++)
                if (covers_all(la, vq->keys + b * words, allp, words))
                    st = add_pair(pl, a, b);
        }
    }
    for (size_t b = 1; b < vq->count && st == MPOL_OK; b++) {
        const uint64_t *lb = vq->keys + b * words;
        if (popcount_words(lb, words) == n)
            continue;
        for (size_t a = 1; a < vp->count && st == MPOL_OK; a++) {
            const uint64_t *la = vp->keys + a * words;
            if (popcount_words(la, words) == m && covers_all(la, lb, allp, words))
                st = add_pair(pl, a, b);
        }
    }
    if (allp != all)
        mpol_free(allp);
    return st;
}

/* Coordinates of vertex @p v of a polytope: labels lo..lo+cnt-1 are its variables. */
static mpol_status vertex_coords(poly_enum *pe, size_t v, size_t lo, size_t cnt, double *z,
                                 uint64_t *basis_out)
{
    const uint64_t *bk = pe->bases.keys + pe->vert_basis[v] * pe->words;
    memcpy(basis_out, bk, pe->words * sizeof(uint64_t));
    mpol_status st = mpol_i_bmx_tab_refresh(&pe->tab, basis_out);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < cnt; k++) {
        size_t r = pe->tab.pos[lo + k];
        z[k] = r == SIZE_MAX ? 0.0 : fmax(0.0, pe->tab.t[r * pe->tab.stride + pe->tab.ncols]);
    }
    return MPOL_OK;
}

mpol_status mpol_bimatrix_enumerate(mpol_bimatrix_result **out, size_t m, size_t n,
                                    const double *A, const double *B,
                                    const mpol_bimatrix_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_enumerate: out is NULL");
    *out = NULL;
    mpol_bimatrix_opts defaults;
    if (opts == NULL) {
        mpol_bimatrix_opts_init(&defaults);
        opts = &defaults;
    }
    mpol_status st = mpol_i_bmx_check_input("mpol_bimatrix_enumerate", m, n, A, B, opts);
    if (st != MPOL_OK)
        return st;
    size_t words = (m + n + 63) / 64;
    poly_enum pp, pq;
    memset(&pp, 0, sizeof pp);
    memset(&pq, 0, sizeof pq);
    pair_list pl = {NULL, NULL, 0, 0};
    mpol_i_bmx_cand *cands = NULL;
    double *coords = NULL;
    uint64_t *bases = NULL;

    poly_enum *both[2] = {&pp, &pq};
    for (int k = 0; k < 2; k++) {
        poly_enum *pe = both[k];
        pe->dim = k == 0 ? m : n;
        pe->words = words;
        if ((st = mpol_i_bmx_tab_alloc(&pe->tab, m, n, k == 0, A, B)) != MPOL_OK)
            goto done;
        if ((st = mpol_i_bmx_set_init(&pe->bases, words)) != MPOL_OK)
            goto done;
        if ((st = mpol_i_bmx_set_init(&pe->verts, words)) != MPOL_OK)
            goto done;
        if ((st = poly_enumerate(pe, opts->max_bases)) != MPOL_OK)
            goto done;
    }
    if ((st = match(&pp, &pq, m, n, &pl)) != MPOL_OK)
        goto done;

    if (pl.count > 0) {
        cands = mpol_calloc(pl.count, sizeof *cands);
        coords = mpol_malloc(pl.count * (m + n) * sizeof(double));
        bases = mpol_malloc(pl.count * 2 * words * sizeof(uint64_t));
        if (cands == NULL || coords == NULL || bases == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
            goto done;
        }
    }
    for (size_t k = 0; k < pl.count; k++) {
        mpol_i_bmx_cand *c = &cands[k];
        c->x = coords + k * (m + n);
        c->y = c->x + m;
        c->xbasis = bases + 2 * k * words;
        c->ybasis = c->xbasis + words;
        c->xid = pl.xv[k];
        c->yid = pl.yv[k];
        if ((st = vertex_coords(&pp, pl.xv[k], 0, m, c->x, c->xbasis)) != MPOL_OK)
            goto done;
        if ((st = vertex_coords(&pq, pl.yv[k], m, n, c->y, c->ybasis)) != MPOL_OK)
            goto done;
    }
    st = mpol_i_bmx_build_result(out, m, n, A, B, opts, cands, pl.count, opts->cliques);
    if (st == MPOL_OK) {
        (*out)->bases_p = pp.bases.count;
        (*out)->bases_q = pq.bases.count;
        (*out)->vertices_p = pp.verts.count;
        (*out)->vertices_q = pq.verts.count;
        (*out)->pivots = pp.pivots + pq.pivots;
    }
done:
    poly_free(&pp);
    poly_free(&pq);
    mpol_free(pl.xv);
    mpol_free(pl.yv);
    mpol_free(cands);
    mpol_free(coords);
    mpol_free(bases);
    return st;
}
