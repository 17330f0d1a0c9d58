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
 * double precision on one working tableau (pivot down, inverse pivot back up) rebuilt from
 * its basis every MPOL_I_BMX_REFRESH pivots;
 * every equilibrium is then re-verified from A and B (and rebuilt in GMP in exact mode).
 */
#include <math.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"

typedef struct frame {
    size_t basis_idx; /* index in the set of bases */
    size_t next_col;  /* next label to try as entering variable */
    size_t entered;   /* the label that entered to reach this basis from its parent */
    size_t left;      /* the label that left */
} frame;

typedef struct poly_enum {
    mpol_i_bmx_tab tab;
    size_t dim; /* m for P, n for Q: labels of a simple vertex */
    size_t words;
    mpol_i_bmx_set bases; /* basic-label bitsets */
    size_t nverts;        /* distinct vertices; vertex 0 is the origin */
    size_t vcap;
    uint64_t *vlab;      /* nverts * words: the label set of each vertex */
    size_t *vbasis;      /* per vertex: one of its bases */
    unsigned char *vdeg; /* per vertex: 1 if degenerate (more than dim labels) */
    size_t *bvert;       /* per basis: its vertex */
    size_t bcap;
    mpol_i_bmx_set dverts; /* label sets of the degenerate vertices (deduplication) */
    size_t *dvert;         /* per entry of dverts: its vertex */
    size_t dcap;
    size_t pivots;
} poly_enum;

static void poly_free(poly_enum *pe)
{
    mpol_i_bmx_tab_free(&pe->tab);
    mpol_i_bmx_set_free(&pe->bases);
    mpol_i_bmx_set_free(&pe->dverts);
    mpol_free(pe->vlab);
    mpol_free(pe->vbasis);
    mpol_free(pe->vdeg);
    mpol_free(pe->bvert);
    mpol_free(pe->dvert);
    memset(pe, 0, sizeof *pe);
}

/* Grows @p *arr (elements of @p size bytes) to hold index @p need. */
static mpol_status reserve(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need < *cap)
        return MPOL_OK;
    size_t ncap = *cap ? *cap : 64;
    while (ncap <= need)
        ncap *= 2;
    void *na = mpol_realloc(*arr, ncap * size);
    if (na == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
    *arr = na;
    *cap = ncap;
    return MPOL_OK;
}

/*
 * Records the vertex of the current tableau, reached with basis number @p bidx. A vertex
 * with exactly dim labels has one basis only, so it is new; a degenerate vertex (more
 * labels, several bases) is looked up in the set of degenerate vertices.
 */
static mpol_status record_vertex(poly_enum *pe, size_t bidx, uint64_t *lab)
{
    const mpol_i_bmx_tab *tab = &pe->tab;
    size_t words = pe->words, nlab = 0;
    memset(lab, 0, words * sizeof(uint64_t));
    for (size_t k = 0; k < tab->ncols; k++) {
        size_t r = tab->pos[k];
        if (r == SIZE_MAX || tab->t[r * tab->stride + tab->ncols] <= MPOL_I_BMX_TIE_TOL) {
            mpol_i_bit_set(lab, k);
            nlab++;
        }
    }
    mpol_status st = reserve((void **)&pe->bvert, &pe->bcap, bidx, sizeof(size_t));
    if (st != MPOL_OK)
        return st;
    size_t v = pe->nverts;
    if (nlab > pe->dim) {
        size_t di;
        int added;
        if ((st = mpol_i_bmx_set_insert(&pe->dverts, lab, &di, &added)) != MPOL_OK)
            return st;
        if (!added) {
            pe->bvert[bidx] = pe->dvert[di];
            return MPOL_OK;
        }
        if ((st = reserve((void **)&pe->dvert, &pe->dcap, di, sizeof(size_t))) != MPOL_OK)
            return st;
        pe->dvert[di] = v;
    }
    size_t old = pe->vcap;
    if (v >= pe->vcap) {
        size_t c1 = old, c2 = old, c3 = old;
        if ((st = reserve((void **)&pe->vbasis, &c1, v, sizeof(size_t))) != MPOL_OK ||
            (st = reserve((void **)&pe->vdeg, &c2, v, 1)) != MPOL_OK ||
            (st = reserve((void **)&pe->vlab, &c3, v, words * sizeof(uint64_t))) != MPOL_OK)
            return st;
        pe->vcap = c1;
    }
    memcpy(pe->vlab + v * words, lab, words * sizeof(uint64_t));
    pe->vbasis[v] = bidx;
    pe->vdeg[v] = nlab > pe->dim;
    pe->bvert[bidx] = v;
    pe->nverts++;
    return MPOL_OK;
}

/*
 * Depth-first search over the lexicographically feasible bases of one polytope. One working
 * tableau follows the search: a pivot goes down to a new basis and the inverse pivot comes
 * back; after MPOL_I_BMX_REFRESH pivots the tableau is rebuilt from its basis so that
 * rounding errors cannot accumulate.
 */
static mpol_status poly_enumerate(poly_enum *pe, size_t max_bases)
{
    mpol_i_bmx_tab *tab = &pe->tab;
    size_t words = pe->words, ncols = tab->ncols;
    mpol_status st = MPOL_OK;
    size_t fcap = 256, since_refresh = 0;
    uint64_t *key = mpol_calloc(2 * words, sizeof(uint64_t));
    uint64_t *lab = key + words;
    frame *frames = mpol_malloc(fcap * sizeof(frame));
    if (key == NULL || frames == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
        goto done;
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
    size_t depth = 0;
    frames[0].basis_idx = bidx;
    frames[0].next_col = 0;
    frames[0].entered = SIZE_MAX;
    frames[0].left = SIZE_MAX;

    for (;;) {
        frame *f = &frames[depth];
        if (f->next_col == ncols) {
            if (depth == 0)
                break;
            /* Back to the parent: the inverse pivot, or a rebuild now and then. */
            depth--;
            if (++since_refresh >= MPOL_I_BMX_REFRESH) {
                const uint64_t *bk = pe->bases.keys + frames[depth].basis_idx * words;
                memcpy(key, bk, words * sizeof(uint64_t));
                if ((st = mpol_i_bmx_tab_refresh(tab, key)) != MPOL_OK)
                    goto done;
                since_refresh = 0;
            } else {
                mpol_i_bmx_tab_pivot(tab, tab->pos[f->entered], f->left);
            }
            continue;
        }
        size_t c = f->next_col++;
        if (tab->pos[c] != SIZE_MAX || c == f->left)
            continue; /* basic, or the edge back to the parent */
        size_t r = mpol_i_bmx_tab_ratio(tab, c);
        if (r == SIZE_MAX)
            continue; /* cannot happen: the polytope is bounded */
        size_t left = tab->basis[r];
        memcpy(key, pe->bases.keys + f->basis_idx * words, words * sizeof(uint64_t));
        mpol_i_bit_clear(key, left);
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
        if (++since_refresh >= MPOL_I_BMX_REFRESH) {
            if ((st = mpol_i_bmx_tab_refresh(tab, key)) != MPOL_OK)
                goto done;
            since_refresh = 0;
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
        frames[depth].entered = c;
        frames[depth].left = left;
    }
done:
    mpol_free(frames);
    mpol_free(key);
    return st;
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

/*
 * Matches completely labelled vertex pairs; vertex 0 of each polytope is the origin. A
 * nondegenerate y whose labels complement those of a nondegenerate x has the basic labels
 * (the complement of its labels) equal to the labels of x: one lookup in Q's bases.
 */
static mpol_status match(const poly_enum *pp, const poly_enum *pq, pair_list *pl)
{
    size_t words = pp->words, m = pp->dim, n = pq->dim;
    mpol_status st = MPOL_OK;
    uint64_t *all = mpol_calloc(words, sizeof(uint64_t));
    if (all == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
    for (size_t k = 0; k < m + n; k++)
        mpol_i_bit_set(all, k);
    for (size_t a = 1; a < pp->nverts && st == MPOL_OK; a++) {
        const uint64_t *la = pp->vlab + a * words;
        if (!pp->vdeg[a]) {
            size_t b = mpol_i_bmx_set_find(&pq->bases, la);
            if (b != SIZE_MAX) {
                size_t v = pq->bvert[b];
                if (v != 0 && !pq->vdeg[v])
                    st = add_pair(pl, a, v);
            }
        } else {
            for (size_t v = 1; v < pq->nverts && st == MPOL_OK; v++)
                if (covers_all(la, pq->vlab + v * words, all, words))
                    st = add_pair(pl, a, v);
        }
    }
    for (size_t v = 1; v < pq->nverts && st == MPOL_OK; v++) {
        if (!pq->vdeg[v])
            continue;
        const uint64_t *lb = pq->vlab + v * words;
        for (size_t a = 1; a < pp->nverts && st == MPOL_OK; a++)
            if (!pp->vdeg[a] && covers_all(pp->vlab + a * words, lb, all, words))
                st = add_pair(pl, a, v);
    }
    mpol_free(all);
    return st;
}

/* Coordinates of vertex @p v of a polytope: labels lo..lo+cnt-1 are its variables. */
static mpol_status vertex_coords(poly_enum *pe, size_t v, size_t lo, size_t cnt, double *z,
                                 uint64_t *basis_out)
{
    const uint64_t *bk = pe->bases.keys + pe->vbasis[v] * pe->words;
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

mpol_status mpol_bimatrix_enumerate(mpol_bimatrix_result **out, size_t m, size_t n, const double *A,
                                    const double *B, const mpol_bimatrix_opts *opts)
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
        if ((st = mpol_i_bmx_set_init(&pe->dverts, words)) != MPOL_OK)
            goto done;
        if ((st = poly_enumerate(pe, opts->max_bases)) != MPOL_OK)
            goto done;
    }
    if ((st = match(&pp, &pq, &pl)) != MPOL_OK)
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
        (*out)->vertices_p = pp.nverts;
        (*out)->vertices_q = pq.nverts;
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
