/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the enumeration of all extreme Nash equilibria of a bimatrix game
 * (Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria for two-player
 * games", Economic Theory 42 (2010) 9-37, section 3; Kuhn 1961, Mangasarian 1964): the
 * extreme equilibria are the completely labelled pairs (x, y) != (0, 0) of vertices of the
 * best-response polytopes P = {x >= 0, B'x <= 1} and Q = {y >= 0, A y <= 1}.
 *
 * As in lrsnash (Avis et al., section 3.2), only one polytope is enumerated, P for m <= n
 * (otherwise the game is transposed, so that the polytope in the smaller dimension is the one
 * searched), and the partners of each vertex x are computed directly. Let L(x) be the labels
 * of x (its tight constraints), S = {i : x_i > 0} its support and R = {j : (x'B)_j = 1} its
 * best replies. A partner y must have every label outside L(x): y_j = 0 off R and
 * (A y)_i = 1 on S. When x is nondegenerate (|L(x)| = m, hence |S| = |R|) and A[S, R] is
 * nonsingular, this square system has one solution, which is a partner iff y >= 0 and
 * (A y)_i <= 1 off S. Otherwise (a degenerate x, or a singular A[S, R]) the partners are
 * the vertices of the face of Q where those labels are tight; they are found by enumerating
 * the face Q_R = {y >= 0, y_j = 0 off R, A y <= 1} of Q (a polytope in |R| dimensions, cached
 * per R) and keeping the vertices with rows S tight.
 *
 * P itself is searched depth first over its graph of lexicographically feasible bases: the
 * lexicographic ratio test pivots on the perturbed polytope (right-hand side
 * 1 + (eps, eps^2, ...)), which is simple with a connected graph, and every vertex of the real
 * polytope is the image of at least one perturbed vertex, so every vertex is reached even when
 * the game is degenerate. Each basis is expanded once: the ratio tests for all its entering
 * labels are done first, the neighbouring bases are looked up together (their hash slots
 * prefetched) in an inline-keyed hash set, and the ones not yet seen become its children in
 * the search tree. Degenerate vertices (several bases) are processed once, deduplicated by
 * their label sets.
 *
 * The polytope searched is P for m <= n, else Q (through the transposed game); for a large
 * game with a core to spare both are searched at once on two threads and the first to
 * finish cancels the other (which of the two is smaller cannot be told in advance).
 *
 * Deviations from lrsnash: lrs walks a reverse-search tree without memory in exact
 * arithmetic; here the search keeps a hash set of the bases seen (memory linear in the number
 * of bases) and pivots in double precision on one working tableau (pivot down, inverse pivot
 * back up), rebuilt from its basis every MPOL_I_BMX_REFRESH pivots. Every equilibrium is
 * recomputed from its two bases on fresh tableaus and re-verified from A and B (and rebuilt
 * in GMP in exact mode).
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* getloadavg */
#endif
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if !defined(__STDC_NO_THREADS__)
#include <threads.h>
#endif
#if defined(__linux__)
#include <unistd.h>
#endif

#include "bimatrix/bimatrix_internal.h"
#include "core/limits_internal.h"

/* A square system whose largest remaining pivot is below this is treated as singular (the
 * entries are scaled to [1, 2]); the face enumeration then handles the vertex. */
#define SING_TOL 1e-9

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- the work estimate's parameters (see below) -------------------------------------- */

/* Above this upper-bound-theorem bound on both polytopes the bases are estimated even within
 * the limit, to search the smaller polytope first (about 18 x 18 and up, where the search
 * takes a second or more and the estimate some tens of milliseconds). */
#define EST_CHOOSE_MIN 4e6
/* Collisions the walk should expect for a polytope exactly at the limit: the estimate refuses
 * only on far fewer (none, at this value). */
#define EST_COLLISIONS 20.0
/* The walk is at least this long, whatever the limit: a shorter walk has not left its start
 * (it collides less often than a mixed one, which would overstate the bases; measured on
 * random games 4 x 4 .. 17 x 17: from 2^16 steps on, the 99.9 % bound never exceeded the true
 * count, at most 0.82 of it, while walks of a few hundred steps overstated it up to 6x). */
#define EST_MIN_STEPS ((size_t)1 << 16)
/* The walk's length is capped; a limit too large for the cap is not checked up front. */
#define EST_MAX_STEPS ((size_t)1 << 19)
/* Below this limit no walk is made for a refusal: the walk takes 2 x 2^16 steps, and counting
 * up to the limit in the search costs less. */
#define EST_MIN_LIMIT ((size_t)1 << 16)
/* The walk's fixed seed: the estimate, and so the refusal, is reproducible. */
#define EST_SEED 0x6d706f6c65737431u

/* A point estimate above 1 / EST_NEAR of the limit refuses too: the estimate errs low (20-35 %
 * measured, see estimate.c), so such a polytope is about at the limit, and its search would
 * run a minute or more to stop there (artist2.efg: P estimated at 3.1 x 10^7, 99.9 % bound
 * 1.8 x 10^7, limit 3.4 x 10^7; the search stopped at the limit after 60-72 s). */
#define EST_NEAR 2.0
/* A polytope whose point estimate is above 1 / (2 EST_NEAR) of the limit, but not refused, is
 * walked again EST_REWALK times longer (the bound and the estimate sharpen with the walk). */
#define EST_REWALK 4
/* A face of the other polytope is searched up to this many bases before its size is judged
 * by a walk (most faces are small, and need no walk). */
#define FACE_PILOT ((size_t)1 << 16)

/* ---- depth-first search over the lexicographically feasible bases ------------------- */

/* Limits of a search: the basis budget, the storage budget and the flag that cancels the loser
 * of a race. */
typedef struct search_limits {
    size_t max_bases;
    size_t max_bytes;     /* the bimatrix-bytes limit */
    atomic_size_t *bytes; /* storage charged so far, shared by both directions of a race */
    atomic_int *stop;     /* NULL, or set to 1 by the other search of a race */
} search_limits;

/*
 * Charges @p add bytes of search storage (the visited-basis sets, the search stack, the cached
 * faces and the candidates) before they are allocated; MPOL_ELIMIT, charging nothing, if that
 * would take the storage of the search (both directions of a race together) over the limit.
 */
static mpol_status charge(const search_limits *lim, size_t add, size_t *charged)
{
    size_t now = atomic_fetch_add(lim->bytes, add) + add;
    if (now > lim->max_bytes || now < add) {
        atomic_fetch_sub(lim->bytes, add);
        char have[32];
        mpol_i_format_bytes(have, sizeof have, (double)lim->max_bytes);
        return mpol_error(MPOL_ELIMIT,
                          "mpol_bimatrix_enumerate: the search's storage (visited bases, faces, "
                          "candidates) would exceed the bimatrix-bytes limit of %s; stopped "
                          "(raise it with mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, bytes) or "
                          "--limit bimatrix-bytes=VALUE)",
                          have);
    }
    *charged += add;
    return MPOL_OK;
}

/* Gives back @p sub bytes charged with charge(). */
static void release(const search_limits *lim, size_t sub, size_t *charged)
{
    atomic_fetch_sub(lim->bytes, sub);
    *charged -= sub;
}

/* Bytes of the table of @p set once room is made for @p extra more keys. */
static size_t hset_bytes(const mpol_i_bmx_hset *set, size_t extra)
{
    size_t size = set->mask + 1;
    while (2 * (set->count + extra) > size)
        size *= 2;
    return size * set->words * sizeof(uint64_t);
}

/* mpol_i_bmx_hset_reserve(), charged: the new table is charged before it is allocated (the old
 * one is freed after the copy), and the old one given back. */
static mpol_status hset_reserve_charged(mpol_i_bmx_hset *set, size_t extra,
                                        const search_limits *lim, size_t *charged)
{
    size_t cur = hset_bytes(set, 0), next = hset_bytes(set, extra);
    if (next == cur)
        return MPOL_OK;
    mpol_status st = charge(lim, next, charged);
    if (st != MPOL_OK)
        return st;
    if ((st = mpol_i_bmx_hset_reserve(set, extra)) != MPOL_OK) {
        release(lim, next, charged);
        return st;
    }
    release(lim, cur, charged);
    return MPOL_OK;
}

/* Status of a search cancelled because the other direction of a race finished first. */
#define CANCELLED MPOL_ELIMIT
/* A race checks its flag every this many bases. */
#define STOP_CHECK 256

/* Called once per basis, with the tableau at that basis and its basic-label bitset. */
typedef mpol_status (*visit_fn)(void *ctx, const mpol_i_bmx_tab *tab, const uint64_t *key);

typedef struct lex_frame {
    size_t lo, hi, next; /* this basis's children: ch[lo..hi), next to visit */
    size_t entered;      /* label that entered to reach it from its parent */
    size_t left;         /* label that left */
} lex_frame;

typedef struct lex_child {
    size_t enter, leave;
} lex_child;

typedef struct lex_search {
    mpol_i_bmx_tab *tab;
    size_t words;
    const search_limits *lim;
    visit_fn visit;
    void *ctx;
    mpol_i_bmx_hset seen;
    lex_frame *fr;
    uint64_t *fkey; /* per frame: its basis */
    size_t fcap;
    lex_child *ch;
    size_t ccount, ccap;
    uint64_t *nkey; /* scratch: the neighbours of one basis */
    uint64_t *nhash;
    lex_child *nch;
    size_t *rowof; /* scratch: the ratio test's row per entering label */
    size_t pivots;
    size_t expanded;     /* bases visited and expanded */
    size_t depth, since; /* where the walk stands: its depth, pivots since the last rebuild */
    size_t charged;      /* bytes charged to lim (the set, the stack) */
} lex_search;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory");
}

/* Visits basis @p d, then finds its unseen neighbours and makes them its children. */
static mpol_status expand(lex_search *s, size_t d)
{
    mpol_i_bmx_tab *tab = s->tab;
    size_t words = s->words, ncols = tab->ncols;
    const uint64_t *key = s->fkey + d * words;
    mpol_status st = s->visit(s->ctx, tab, key);
    if (st != MPOL_OK)
        return st;
    if ((st = hset_reserve_charged(&s->seen, ncols, s->lim, &s->charged)) != MPOL_OK)
        return st;
    lex_frame *f = &s->fr[d];
    size_t cnt = 0;
    mpol_i_bmx_tab_ratio_all(tab, s->rowof);
    for (size_t c = 0; c < ncols; c++) {
        if (tab->pos[c] != SIZE_MAX || c == f->left)
            continue; /* basic, or the edge back to the parent */
        size_t r = s->rowof[c];
        if (r == SIZE_MAX)
            continue; /* cannot happen: the polytope is bounded */
        size_t lv = tab->basis[r];
        uint64_t *nk = s->nkey + cnt * words;
        memcpy(nk, key, words * sizeof(uint64_t));
        mpol_i_bit_clear(nk, lv);
        mpol_i_bit_set(nk, c);
        uint64_t h = mpol_i_bmx_hash(nk, words);
        PREFETCH(s->seen.slot + ((size_t)h & s->seen.mask) * words);
        s->nhash[cnt] = h;
        s->nch[cnt].enter = c;
        s->nch[cnt].leave = lv;
        cnt++;
    }
    if (s->ccount + cnt > s->ccap) {
        size_t ncap = 2 * (s->ccount + cnt);
        if ((st = charge(s->lim, (ncap - s->ccap) * sizeof(lex_child), &s->charged)) != MPOL_OK)
            return st;
        lex_child *nc = mpol_realloc(s->ch, ncap * sizeof *nc);
        if (nc == NULL)
            return oom();
        s->ch = nc;
        s->ccap = ncap;
    }
    f->lo = s->ccount;
    for (size_t q = 0; q < cnt; q++)
        if (mpol_i_bmx_hset_add(&s->seen, s->nkey + q * words, s->nhash[q]))
            s->ch[s->ccount++] = s->nch[q];
    f->hi = s->ccount;
    f->next = f->lo;
    if (s->seen.count > s->lim->max_bases)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_bimatrix_enumerate: more than %zu bases in one polytope "
                          "(opts.max_bases)",
                          s->lim->max_bases);
    return MPOL_OK;
}

/* Frees the storage of search @p s and adds its counts to *nbases and *pivots. */
static void lex_close(lex_search *s, size_t *nbases, size_t *pivots)
{
    *nbases += s->seen.count;
    *pivots += s->pivots;
    mpol_i_bmx_hset_free(&s->seen);
    mpol_free(s->fr);
    mpol_free(s->fkey);
    mpol_free(s->ch);
    mpol_free(s->nkey);
    mpol_free(s->nhash);
    mpol_free(s->nch);
    mpol_free(s->rowof);
    if (s->lim != NULL)
        release(s->lim, s->charged, &s->charged);
    memset(s, 0, sizeof *s);
}

/* Starts a search of the bases of @p tab from its slack basis: visits and expands it. Close it
 * with lex_close() whatever the status. */
static mpol_status lex_open(lex_search *s, mpol_i_bmx_tab *tab, size_t words,
                            const search_limits *lim, visit_fn visit, void *ctx)
{
    memset(s, 0, sizeof *s);
    s->tab = tab;
    s->words = words;
    s->visit = visit;
    s->ctx = ctx;
    s->fcap = 64;
    s->ccap = 256;
    mpol_status st = charge(lim, 256 * words * sizeof(uint64_t), &s->charged);
    if (st != MPOL_OK)
        return st;
    s->lim = lim;
    if ((st = mpol_i_bmx_hset_init(&s->seen, words)) != MPOL_OK)
        return st;
    s->fr = mpol_malloc(s->fcap * sizeof *s->fr);
    s->fkey = mpol_calloc(s->fcap * words, sizeof(uint64_t));
    s->ch = mpol_malloc(s->ccap * sizeof *s->ch);
    s->nkey = mpol_malloc(tab->ncols * words * sizeof(uint64_t));
    s->nhash = mpol_malloc(tab->ncols * sizeof(uint64_t));
    s->nch = mpol_malloc(tab->ncols * sizeof *s->nch);
    s->rowof = mpol_malloc(tab->ncols * sizeof *s->rowof);
    if (s->fr == NULL || s->fkey == NULL || s->ch == NULL || s->nkey == NULL || s->nhash == NULL ||
        s->nch == NULL || s->rowof == NULL)
        return oom();
    mpol_i_bmx_tab_reset(tab);
    for (size_t r = 0; r < tab->rows; r++)
        mpol_i_bit_set(s->fkey, tab->basis[r]);
    (void)mpol_i_bmx_hset_add(&s->seen, s->fkey, mpol_i_bmx_hash(s->fkey, words));
    s->fr[0].entered = SIZE_MAX;
    s->fr[0].left = SIZE_MAX;
    s->expanded = 1;
    return expand(s, 0);
}

/* Doubles the search stack of @p s. */
static mpol_status lex_grow_stack(lex_search *s)
{
    size_t words = s->words;
    mpol_status st =
        charge(s->lim, s->fcap * (sizeof(lex_frame) + words * sizeof(uint64_t)), &s->charged);
    if (st != MPOL_OK)
        return st;
    lex_frame *nf = mpol_realloc(s->fr, 2 * s->fcap * sizeof *nf);
    if (nf == NULL)
        return oom();
    s->fr = nf;
    uint64_t *nk = mpol_realloc(s->fkey, 2 * s->fcap * words * sizeof(uint64_t));
    if (nk == NULL)
        return oom();
    s->fkey = nk;
    s->fcap *= 2;
    return MPOL_OK;
}

/*
 * Walks search @p s on (depth first) until every basis has been visited (*done = 1) or
 * @p until bases have been expanded (*done = 0: lex_run() again goes on from there; the
 * tableau must not be touched in between).
 */
static mpol_status lex_run(lex_search *s, size_t until, int *done)
{
    mpol_i_bmx_tab *tab = s->tab;
    size_t words = s->words;
    const search_limits *lim = s->lim;
    mpol_status st;
    *done = 0;
    while (s->expanded < until) {
        lex_frame *f = &s->fr[s->depth];
        if (f->next == f->hi) {
            if (s->depth == 0) {
                *done = 1;
                return MPOL_OK;
            }
            /* Back to the parent: the inverse pivot, or a rebuild now and then. */
            s->ccount = f->lo;
            size_t entered = f->entered, left = f->left;
            s->depth--;
            if ((st = mpol_i_bmx_tab_step(tab, tab->pos[entered], left, s->fkey + s->depth * words,
                                          &s->since)) != MPOL_OK)
                return st;
            continue;
        }
        lex_child c = s->ch[f->next++];
        if (s->depth + 1 == s->fcap && (st = lex_grow_stack(s)) != MPOL_OK)
            return st;
        size_t d = s->depth;
        uint64_t *key = s->fkey + (d + 1) * words;
        memcpy(key, s->fkey + d * words, words * sizeof(uint64_t));
        mpol_i_bit_clear(key, c.leave);
        mpol_i_bit_set(key, c.enter);
        if ((st = mpol_i_bmx_tab_step(tab, tab->pos[c.leave], c.enter, key, &s->since)) != MPOL_OK)
            return st;
        s->pivots++;
        s->depth = d + 1;
        s->fr[d + 1].entered = c.enter;
        s->fr[d + 1].left = c.leave;
        s->expanded++;
        if ((st = expand(s, d + 1)) != MPOL_OK)
            return st;
        if (lim->stop != NULL && s->pivots % STOP_CHECK == 0 &&
            atomic_load_explicit(lim->stop, memory_order_relaxed))
            return mpol_error(CANCELLED, "mpol_bimatrix_enumerate: cancelled");
    }
    return MPOL_OK;
}

/*
 * Calls @p visit once for every lexicographically feasible basis of @p tab (reachable from
 * the slack basis, which is all of them). *nbases and *pivots receive the counts.
 */
static mpol_status lex_dfs(mpol_i_bmx_tab *tab, size_t words, const search_limits *lim,
                           visit_fn visit, void *ctx, size_t *nbases, size_t *pivots)
{
    lex_search s;
    int done = 0;
    mpol_status st = lex_open(&s, tab, words, lim, visit, ctx);
    while (st == MPOL_OK && !done)
        st = lex_run(&s, SIZE_MAX, &done);
    lex_close(&s, nbases, pivots);
    return st;
}

/* Labels of the basic solution of @p tab: non-basic labels and basic ones at zero. */
static size_t tab_labels(const mpol_i_bmx_tab *tab, uint64_t *lab, size_t words)
{
    /* All labels, less the basic ones at a positive value (one pass over the rows). */
    size_t ncols = tab->ncols, nlab = ncols;
    for (size_t w = 0; w < words; w++)
        lab[w] = ~(uint64_t)0;
    if (ncols % 64 != 0)
        lab[words - 1] = ((uint64_t)1 << (ncols % 64)) - 1;
    for (size_t r = 0; r < tab->rows; r++)
        if (MPOL_I_BMX_RHS(tab, r) > MPOL_I_BMX_TIE_TOL) {
            mpol_i_bit_clear(lab, tab->basis[r]);
            nlab--;
        }
    return nlab;
}

/* ---- partners of the vertices of P ------------------------------------------------- */

/* Candidate pairs of bases and the faces of Q already enumerated. */
typedef struct enum_ctx {
    size_t m, n, words;
    const search_limits *lim;
    double *As;             /* the scaled A of Q's tableau, row-major m x n */
    mpol_i_bmx_hset dverts; /* label sets of the degenerate vertices of P seen */
    size_t nxvert;          /* vertices of P processed (the origin excluded) */
    uint64_t *all;          /* the bitset of all m + n labels */
    uint64_t *lab, *yb;     /* scratch bitsets */
    size_t *supp, *br;      /* scratch: S and R */
    double *M, *y;          /* scratch: the square system and its solution */
    /* candidates: xbasis, ybasis (words each) and the id of the x-vertex */
    uint64_t *cbases;
    size_t *cxid;
    size_t ncand, candcap;
    /* faces Q_R: key R (labels m+j), entries face_lo[f]..face_hi[f] of the pool */
    mpol_i_bmx_set faces;
    size_t *face_lo, *face_hi, facecap;
    uint64_t *pool; /* per entry: basis, then labels (2 * words), in the full game's labels */
    size_t npool, poolcap;
    /* the face being enumerated */
    const size_t *fbr;
    size_t fnb;
    mpol_i_bmx_set fseen; /* its vertices' label sets */
    size_t bases_q, pivots_q;
    size_t charged; /* bytes charged to lim (dverts, the pool, the candidates) */
    /* The whole of Q, searched beside the faces once they cost MPOL_I_BMX_FULLQ_MIN bases */
    mpol_i_bmx_tab *tq;    /* Q's tableau */
    size_t face_bases;     /* bases of the faces searched so far */
    int qstate;            /* 0: not started; 1: under way (qs); 2: done (qix); -1: dropped */
    lex_search qs;         /* the search of Q, paused between faces */
    mpol_i_bmx_hset qseen; /* the label sets of Q's vertices seen (while qstate == 1) */
    uint64_t *qpool;       /* Q's vertices: basis, then labels (2 * words each) */
    size_t nqpool, qpoolcap;
    mpol_i_bmx_vindex qix; /* Q's vertices by label */
    uint64_t *qneed;       /* scratch: the labels a partner needs */
} enum_ctx;

static mpol_status grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return MPOL_OK;
    size_t ncap = *cap ? 2 * *cap : 64;
    while (ncap < need)
        ncap *= 2;
    void *na = mpol_realloc(*arr, ncap * size);
    if (na == NULL)
        return oom();
    *arr = na;
    *cap = ncap;
    return MPOL_OK;
}

/* grow(), charged to the search's storage. */
static mpol_status grow_charged(enum_ctx *e, void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return MPOL_OK;
    size_t ncap = *cap ? 2 * *cap : 64;
    while (ncap < need)
        ncap *= 2;
    mpol_status st = charge(e->lim, (ncap - *cap) * size, &e->charged);
    if (st != MPOL_OK)
        return st;
    return grow(arr, cap, need, size);
}

static mpol_status add_cand(enum_ctx *e, const uint64_t *xb, const uint64_t *yb)
{
    size_t words = e->words, cap = e->candcap;
    /* (charged, and allocated, with room for its x-id, so that the charge covers cxid) */
    mpol_status st = grow_charged(e, (void **)&e->cbases, &cap, e->ncand + 1,
                                  2 * words * sizeof(uint64_t) + sizeof(size_t));
    if (st == MPOL_OK) {
        size_t cap2 = e->candcap;
        st = grow((void **)&e->cxid, &cap2, e->ncand + 1, sizeof(size_t));
    }
    if (st != MPOL_OK)
        return st;
    e->candcap = cap;
    memcpy(e->cbases + 2 * e->ncand * words, xb, words * sizeof(uint64_t));
    memcpy(e->cbases + (2 * e->ncand + 1) * words, yb, words * sizeof(uint64_t));
    e->cxid[e->ncand++] = e->nxvert - 1;
    return MPOL_OK;
}

/*
 * Solves A[S, R] y_R = 1 (Gaussian elimination with partial pivoting on the scaled A).
 * Returns 0 if singular, 1 with the solution in e->y[0..k).
 */
static int solve_square(enum_ctx *e, size_t k)
{
    double *M = e->M, *y = e->y;
    size_t w = k + 1;
    for (size_t a = 0; a < k; a++) {
        const double *row = e->As + e->supp[a] * e->n;
        for (size_t b = 0; b < k; b++)
            M[a * w + b] = row[e->br[b]];
        M[a * w + k] = 1.0;
    }
    for (size_t col = 0; col < k; col++) {
        size_t piv = col;
        double big = fabs(M[col * w + col]);
        for (size_t a = col + 1; a < k; a++) {
            double v = fabs(M[a * w + col]); /* branch-free: the data are random */
            piv = v > big ? a : piv;
            big = v > big ? v : big;
        }
        if (big <= SING_TOL)
            return 0;
        if (piv != col)
            for (size_t b = col; b <= k; b++) {
                double tmp = M[col * w + b];
                M[col * w + b] = M[piv * w + b];
                M[piv * w + b] = tmp;
            }
        double inv = 1.0 / M[col * w + col];
        for (size_t a = col + 1; a < k; a++) {
            double fac = M[a * w + col] * inv;
            if (fac == 0.0)
                continue;
            for (size_t b = col; b <= k; b++)
                M[a * w + b] -= fac * M[col * w + b];
        }
    }
    for (size_t a = k; a-- > 0;) {
        double v = M[a * w + k];
        for (size_t b = a + 1; b < k; b++)
            v -= M[a * w + b] * y[b];
        y[a] = v / M[a * w + a];
    }
    return 1;
}

/* Visitor of the face Q_R: records its vertices y != 0 in the pool (full-game labels). */
static mpol_status visit_face(void *ctx, const mpol_i_bmx_tab *tab, const uint64_t *key)
{
    enum_ctx *e = ctx;
    size_t m = e->m, words = e->words;
    uint64_t *lab = e->yb; /* scratch: the face's own labels */
    tab_labels(tab, lab, words);
    int zero = 1;
    for (size_t jj = 0; jj < e->fnb && zero; jj++)
        zero = mpol_i_bit_get(lab, m + jj);
    if (zero)
        return MPOL_OK;
    size_t idx;
    int added;
    mpol_status st = mpol_i_bmx_set_insert(&e->fseen, lab, &idx, &added);
    if (st != MPOL_OK || !added)
        return st;
    if ((st = grow_charged(e, (void **)&e->pool, &e->poolcap, e->npool + 1,
                           2 * words * sizeof(uint64_t))) != MPOL_OK)
        return st;
    uint64_t *pb = e->pool + 2 * e->npool * words, *pl = pb + words;
    memset(pb, 0, 2 * words * sizeof(uint64_t));
    for (size_t i = 0; i < m; i++) {
        if (mpol_i_bit_get(key, i))
            mpol_i_bit_set(pb, i);
        if (mpol_i_bit_get(lab, i))
            mpol_i_bit_set(pl, i);
    }
    for (size_t j = 0; j < e->n; j++)
        mpol_i_bit_set(pl, m + j); /* y_j = 0 off R; cleared below on R */
    for (size_t jj = 0; jj < e->fnb; jj++) {
        size_t full = m + e->fbr[jj];
        if (mpol_i_bit_get(key, m + jj))
            mpol_i_bit_set(pb, full);
        if (!mpol_i_bit_get(lab, m + jj))
            mpol_i_bit_clear(pl, full);
    }
    e->npool++;
    return MPOL_OK;
}

/* The walk's length for a polytope judged against @p lim bases (0: the limit is too large to be
 * checked by a walk within EST_MAX_STEPS). */
static size_t est_steps(double lim)
{
    /* Pairs (0.75 K)^2 / 2 over a span 3K/4 apart; EST_COLLISIONS expected at the limit. */
    double want = ceil(sqrt(2.0 * EST_COLLISIONS * lim) / 0.75);
    if (want > (double)EST_MAX_STEPS)
        return 0;
    return want < (double)EST_MIN_STEPS ? EST_MIN_STEPS : (size_t)want;
}

/* The point estimate @p v as text ("no revisit" for a walk that never came back). */
static void est_text(char *buf, size_t size, double v)
{
    if (isinf(v))
        snprintf(buf, size, "none (no revisit)");
    else
        snprintf(buf, size, "%.2g", v);
}

/* One face search: visit_face() for every basis of the face's tableau @p tf. */
static mpol_status face_dfs(enum_ctx *e, mpol_i_bmx_tab *tf, const search_limits *lim,
                            size_t *nbases, size_t *pivots)
{
    mpol_status st = mpol_i_bmx_set_init(&e->fseen, e->words);
    if (st == MPOL_OK)
        st = lex_dfs(tf, e->words, lim, visit_face, e, nbases, pivots);
    mpol_i_bmx_set_free(&e->fseen);
    return st;
}

/*
 * Searches the face Q_R (tableau @p tf, @p nb columns). A face whose upper-bound-theorem bound
 * exceeds the limit is first searched up to FACE_PILOT bases; past them, its bases are estimated
 * by the walk of estimate.c and a face over the limit (99.9 % bound, or the point estimate
 * within EST_NEAR of it) is refused before its search (montyhal.efg: a face of 128 columns
 * whose search took 20 s to stop at the bimatrix-bytes limit), else searched in full.
 */
static mpol_status face_search(enum_ctx *e, mpol_i_bmx_tab *tf, size_t nb)
{
    const search_limits *lim = e->lim;
    size_t per_basis = 4 * e->words * sizeof(uint64_t), cap = lim->max_bytes / per_basis;
    int by_bytes = cap < lim->max_bases;
    if (!by_bytes)
        cap = lim->max_bases;
    size_t steps = est_steps((double)cap);
    if (cap < EST_MIN_LIMIT || cap <= FACE_PILOT || steps == 0 ||
        mpol_i_bmx_ubt_bound(nb, e->m + nb) <= (double)cap)
        return face_dfs(e, tf, lim, &e->bases_q, &e->pivots_q);
    search_limits pilot = *lim;
    pilot.max_bases = FACE_PILOT;
    size_t nbases = 0, npivots = 0, npool = e->npool;
    mpol_status st = face_dfs(e, tf, &pilot, &nbases, &npivots);
    if (st != MPOL_ELIMIT || nbases <= FACE_PILOT) {
        e->bases_q += nbases;
        e->pivots_q += npivots;
        return st;
    }
    /* Past the pilot: undo it and judge the face. */
    e->npool = npool;
    if (lim->stop != NULL && atomic_load(lim->stop))
        return mpol_error(CANCELLED, "mpol_bimatrix_enumerate: cancelled");
    double lower, mean;
    if ((st = mpol_i_bmx_estimate(tf, steps, EST_SEED, &lower, &mean)) != MPOL_OK)
        return st;
    if (lower > (double)cap || mean > (double)cap / EST_NEAR) {
        char have[32], pe[32];
        est_text(pe, sizeof pe, mean);
        mpol_i_format_bytes(have, sizeof have, (double)lim->max_bytes);
        char why[320];
        if (by_bytes)
            snprintf(why, sizeof why,
                     "that the bimatrix-bytes limit of %s sets at %zu bytes per basis (raise it "
                     "with mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, ...) or "
                     "--limit bimatrix-bytes=VALUE)",
                     have, per_basis);
        else
            snprintf(why, sizeof why, "(opts.max_bases; raise it there)");
        return mpol_error(MPOL_ELIMIT,
                          "mpol_bimatrix_enumerate: the partners of a degenerate vertex lie on "
                          "a face of the other polytope, of %zu columns, with at least %.2g "
                          "bases (random-walk estimate made before the face's search, after "
                          "%zu of its bases, 99.9%% bound; point estimate %s, which errs low), "
                          "above the limit by its bound or within a factor %g of it by its "
                          "point estimate; the limit: %zu bases per polytope %s",
                          nb, lower, FACE_PILOT, pe, EST_NEAR, cap, why);
    }
    return face_dfs(e, tf, lim, &e->bases_q, &e->pivots_q);
}

/* The vertices of the face Q_R (R = e->br[0..nb)), enumerated once per R; *fi its index. */
static mpol_status face_vertices(enum_ctx *e, size_t nb, size_t *fi)
{
    size_t m = e->m, words = e->words;
    memset(e->yb, 0, words * sizeof(uint64_t));
    for (size_t b = 0; b < nb; b++)
        mpol_i_bit_set(e->yb, m + e->br[b]);
    int added;
    mpol_status st = mpol_i_bmx_set_insert(&e->faces, e->yb, fi, &added);
    if (st != MPOL_OK || !added)
        return st;
    size_t cap = e->facecap;
    if ((st = grow((void **)&e->face_lo, &cap, *fi + 1, sizeof(size_t))) != MPOL_OK)
        return st;
    cap = e->facecap;
    if ((st = grow((void **)&e->face_hi, &cap, *fi + 1, sizeof(size_t))) != MPOL_OK)
        return st;
    e->facecap = cap;
    e->face_lo[*fi] = e->face_hi[*fi] = e->npool;
    /* The sub-game with the columns R: its Q is the face Q_R of Q. */
    double *As = mpol_malloc(m * nb * sizeof(double));
    if (As == NULL)
        return oom();
    for (size_t i = 0; i < m; i++)
        for (size_t b = 0; b < nb; b++)
            As[i * nb + b] = e->As[i * e->n + e->br[b]];
    mpol_i_bmx_tab tf;
    st = mpol_i_bmx_tab_alloc(&tf, m, nb, 0, As, As);
    mpol_free(As);
    if (st != MPOL_OK)
        return st;
    size_t *fbr = mpol_malloc(nb * sizeof(size_t));
    if (fbr == NULL) {
        mpol_i_bmx_tab_free(&tf);
        return oom();
    }
    memcpy(fbr, e->br, nb * sizeof(size_t));
    e->fbr = fbr;
    e->fnb = nb;
    size_t b0 = e->bases_q;
    st = face_search(e, &tf, nb);
    e->face_bases += e->bases_q - b0;
    mpol_i_bmx_tab_free(&tf);
    mpol_free(fbr);
    e->fbr = NULL;
    if (st != MPOL_OK)
        return st;
    e->face_hi[*fi] = e->npool;
    return MPOL_OK;
}

/* ---- the whole of Q instead of its faces ------------------------------------------- */

/*
 * On a highly degenerate game (payoffs 0..3) most vertices of P need a face of Q, the faces
 * differ (measured on 14 x 14 games: 500-900 faces for 700-1300 such vertices, 1.7-3.5 times
 * as many bases as P, two thirds of the time), and together they often cost more than Q itself
 * (about as many bases as P). So once the faces have cost MPOL_I_BMX_FULLQ_MIN bases, Q is
 * searched whole
 * as well, in steps between the faces: it is kept at FULLQ_RATE times the bases the faces
 * have cost so far. When it is done, its vertices are indexed by label and every later partner
 * lookup is a query of the index (mpol_i_bmx_vindex) instead of a face. A Q far larger than
 * its faces (montyhal.efg's 12 x 512) costs at most FULLQ_RATE times the faces' work; one
 * that meets a limit is dropped and the faces go on alone.
 */
#define FULLQ_RATE 8

size_t mpol_i_bmx_fullq_min = MPOL_I_BMX_FULLQ_MIN;

/* Visitor of the whole of Q: records its vertices y != 0 once each in e->qpool. */
static mpol_status visit_q(void *ctx, const mpol_i_bmx_tab *tab, const uint64_t *key)
{
    enum_ctx *e = ctx;
    size_t m = e->m, words = e->words;
    uint64_t *lab = e->yb;
    tab_labels(tab, lab, words);
    int zero = 1;
    for (size_t j = 0; j < e->n && zero; j++)
        zero = mpol_i_bit_get(lab, m + j);
    if (zero)
        return MPOL_OK; /* the origin */
    mpol_status st = hset_reserve_charged(&e->qseen, 1, e->lim, &e->charged);
    if (st != MPOL_OK)
        return st;
    if (!mpol_i_bmx_hset_add(&e->qseen, lab, mpol_i_bmx_hash(lab, words)))
        return MPOL_OK; /* a degenerate vertex, seen from another basis */
    if ((st = grow_charged(e, (void **)&e->qpool, &e->qpoolcap, e->nqpool + 1,
                           2 * words * sizeof(uint64_t))) != MPOL_OK)
        return st;
    uint64_t *pb = e->qpool + 2 * e->nqpool * words;
    memcpy(pb, key, words * sizeof(uint64_t));
    memcpy(pb + words, lab, words * sizeof(uint64_t));
    e->nqpool++;
    return MPOL_OK;
}

/* Ends the search of Q (its counts go to the statistics) and frees its set of vertices. */
static void full_q_close(enum_ctx *e)
{
    if (e->qs.tab != NULL)
        lex_close(&e->qs, &e->bases_q, &e->pivots_q);
    if (e->qseen.slot != NULL) {
        release(e->lim, hset_bytes(&e->qseen, 0), &e->charged);
        mpol_i_bmx_hset_free(&e->qseen);
    }
}

/* Starts the search of Q: its set of vertices (charged while it lives) and its first basis. */
static mpol_status full_q_open(enum_ctx *e)
{
    mpol_status st = mpol_i_bmx_hset_init(&e->qseen, e->words);
    if (st != MPOL_OK)
        return st;
    if ((st = charge(e->lim, hset_bytes(&e->qseen, 0), &e->charged)) != MPOL_OK) {
        mpol_i_bmx_hset_free(&e->qseen);
        return st;
    }
    e->qstate = 1;
    return lex_open(&e->qs, e->tq, e->words, e->lim, visit_q, e);
}

/* Takes the search of Q on to FULLQ_RATE times the faces' bases (see above); indexes Q's
 * vertices when it is done, drops it at a limit. */
static mpol_status advance_full_q(enum_ctx *e)
{
    if (e->qstate < 0 || e->qstate == 2 || e->face_bases < mpol_i_bmx_fullq_min)
        return MPOL_OK;
    mpol_status st = e->qstate == 0 ? full_q_open(e) : MPOL_OK;
    int done = 0;
    if (st == MPOL_OK)
        st = lex_run(&e->qs, FULLQ_RATE * e->face_bases, &done);
    if (st == MPOL_ELIMIT && !(e->lim->stop != NULL && atomic_load(e->lim->stop))) {
        full_q_close(e); /* over a limit: the faces go on alone */
        e->qstate = -1;
        return MPOL_OK;
    }
    if (st != MPOL_OK || !done)
        return st;
    full_q_close(e);
    e->qstate = 2;
    size_t nl = e->m + e->n;
    if ((st = charge(e->lim, mpol_i_bmx_vindex_bytes(e->nqpool, nl), &e->charged)) != MPOL_OK)
        return st;
    return mpol_i_bmx_vindex_build(&e->qix, e->qpool + e->words, 2 * e->words, e->nqpool, nl);
}

/* The partners of the vertex of P with basis @p key and labels @p lab from the index of Q. */
static mpol_status partners_from_q(enum_ctx *e, const uint64_t *key, const uint64_t *lab)
{
    size_t words = e->words;
    for (size_t w = 0; w < words; w++)
        e->qneed[w] = e->all[w] & ~lab[w];
    size_t nz = mpol_i_bmx_vindex_query(&e->qix, e->qneed);
    for (size_t k = 0; k < nz; k++) {
        size_t w = e->qix.nzw[k];
        for (uint64_t bits = e->qix.hits[w]; bits != 0; bits &= bits - 1) {
            size_t v = w * 64 + (size_t)__builtin_ctzll(bits);
            mpol_status st = add_cand(e, key, e->qpool + 2 * v * words);
            if (st != MPOL_OK)
                return st;
        }
    }
    return MPOL_OK;
}

/* Visitor of P: every vertex x != 0 once, with its partners. */
static mpol_status visit_p(void *ctx, const mpol_i_bmx_tab *tab, const uint64_t *key)
{
    enum_ctx *e = ctx;
    size_t m = e->m, n = e->n, words = e->words;
    uint64_t *lab = e->lab;
    size_t nlab = tab_labels(tab, lab, words);
    size_t ns = 0, nb = 0;
    for (size_t i = 0; i < m; i++)
        if (!mpol_i_bit_get(lab, i))
            e->supp[ns++] = i;
    if (ns == 0)
        return MPOL_OK; /* the origin */
    for (size_t j = 0; j < n; j++)
        if (mpol_i_bit_get(lab, m + j))
            e->br[nb++] = j;
    mpol_status st;
    if (nlab > m) {
        /* Degenerate: several bases; process the vertex once. */
        if ((st = hset_reserve_charged(&e->dverts, 1, e->lim, &e->charged)) != MPOL_OK)
            return st;
        if (!mpol_i_bmx_hset_add(&e->dverts, lab, mpol_i_bmx_hash(lab, words)))
            return MPOL_OK;
    }
    e->nxvert++;
    if (nlab == m && solve_square(e, ns)) {
        /* The only candidate: y_R solves A[S, R] y_R = 1. */
        const double *y = e->y;
        for (size_t b = 0; b < nb; b++)
            if (y[b] < -MPOL_I_BMX_TIE_TOL)
                return MPOL_OK;
        size_t a = 0;
        for (size_t i = 0; i < m; i++) {
            if (a < ns && e->supp[a] == i) {
                a++;
                continue;
            }
            const double *row = e->As + i * n;
            double v = 0.0;
            for (size_t b = 0; b < nb; b++)
                v += row[e->br[b]] * y[b];
            if (v > 1.0 + MPOL_I_BMX_TIE_TOL)
                return MPOL_OK;
        }
        uint64_t *yb = e->yb;
        memset(yb, 0, words * sizeof(uint64_t));
        for (size_t b = 0; b < nb; b++)
            mpol_i_bit_set(yb, m + e->br[b]);
        for (size_t i = 0; i < m; i++)
            if (mpol_i_bit_get(lab, i))
                mpol_i_bit_set(yb, i); /* slack of a row off S */
        return add_cand(e, key, yb);
    }
    /* Degenerate x or singular A[S, R]: the vertices of the face of Q, or of Q. */
    if ((st = advance_full_q(e)) != MPOL_OK)
        return st;
    if (e->qstate == 2)
        return partners_from_q(e, key, lab);
    size_t fi;
    if ((st = face_vertices(e, nb, &fi)) != MPOL_OK)
        return st;
    for (size_t q = e->face_lo[fi]; q < e->face_hi[fi]; q++) {
        const uint64_t *pb = e->pool + 2 * q * words, *pl = pb + words;
        int ok = 1;
        for (size_t w = 0; w < words && ok; w++)
            ok = (lab[w] | pl[w]) == e->all[w];
        if (ok && (st = add_cand(e, key, pb)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* Coordinates of the basic solution of @p basis: labels lo..lo+cnt-1 are the variables;
 * the tableau is rebuilt from scratch. */
static mpol_status basis_coords(mpol_i_bmx_tab *tab, const uint64_t *basis, size_t lo, size_t cnt,
                                double *z)
{
    mpol_status st = mpol_i_bmx_tab_refresh(tab, basis);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < cnt; k++) {
        size_t r = tab->pos[lo + k];
        z[k] = r == SIZE_MAX ? 0.0 : fmax(0.0, MPOL_I_BMX_RHS(tab, r));
    }
    return MPOL_OK;
}

/* Statistics of one enumeration, in the game as searched. */
typedef struct enum_stats {
    size_t bases_p, bases_q, vertices_p, vertices_q, pivots;
} enum_stats;

/*
 * Enumerates the extreme equilibria of (A, B), m <= n not required but intended. On success
 * *cands (ncand entries) point into *coords and *bases, which the caller frees.
 */
static mpol_status enumerate_core(size_t m, size_t n, const double *A, const double *B,
                                  const search_limits *lim, mpol_i_bmx_cand **cands_out,
                                  size_t *ncand, double **coords_out, uint64_t **bases_out,
                                  enum_stats *stats)
{
    size_t words = (m + n + 63) / 64, k = m < n ? m : n;
    enum_ctx e;
    memset(&e, 0, sizeof e);
    e.m = m;
    e.n = n;
    e.words = words;
    e.lim = lim;
    mpol_i_bmx_tab tp, tq;
    memset(&tp, 0, sizeof tp);
    memset(&tq, 0, sizeof tq);
    mpol_i_bmx_set yverts;
    memset(&yverts, 0, sizeof yverts);
    mpol_i_bmx_cand *cands = NULL;
    double *coords = NULL;
    mpol_status st;
    if ((st = mpol_i_bmx_tab_alloc(&tp, m, n, 1, A, B)) != MPOL_OK ||
        (st = mpol_i_bmx_tab_alloc(&tq, m, n, 0, A, B)) != MPOL_OK ||
        (st = mpol_i_bmx_hset_init(&e.dverts, words)) != MPOL_OK ||
        (st = mpol_i_bmx_set_init(&e.faces, words)) != MPOL_OK ||
        (st = mpol_i_bmx_set_init(&yverts, words)) != MPOL_OK)
        goto done;
    e.As = mpol_malloc(m * n * sizeof(double));
    e.all = mpol_calloc(4 * words, sizeof(uint64_t));
    e.supp = mpol_malloc(m * sizeof(size_t));
    e.br = mpol_malloc(n * sizeof(size_t));
    e.M = mpol_malloc(k * (k + 1) * sizeof(double));
    e.y = mpol_malloc(k * sizeof(double));
    if (e.As == NULL || e.all == NULL || e.supp == NULL || e.br == NULL || e.M == NULL ||
        e.y == NULL) {
        st = oom();
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            e.As[i * n + j] = MPOL_I_BMX_AT(&tq, orig, i, m + j);
    e.lab = e.all + words;
    e.yb = e.lab + words;
    e.qneed = e.yb + words;
    e.tq = &tq;
    for (size_t l = 0; l < m + n; l++)
        mpol_i_bit_set(e.all, l);
    st = lex_dfs(&tp, words, lim, visit_p, &e, &stats->bases_p, &stats->pivots);
    full_q_close(&e); /* a search of Q still under way is not needed any more */
    if (st != MPOL_OK)
        goto done;
    stats->bases_q = e.bases_q;
    stats->pivots += e.pivots_q;
    stats->vertices_p = e.nxvert + 1; /* with the origin */
    if (e.ncand > 0) {
        cands = mpol_calloc(e.ncand, sizeof *cands);
        coords = mpol_malloc(e.ncand * (m + n) * sizeof(double));
        if (cands == NULL || coords == NULL) {
            st = oom();
            goto done;
        }
    }
    for (size_t c = 0; c < e.ncand; c++) {
        mpol_i_bmx_cand *cd = &cands[c];
        cd->x = coords + c * (m + n);
        cd->y = cd->x + m;
        cd->xbasis = e.cbases + 2 * c * words;
        cd->ybasis = cd->xbasis + words;
        cd->xid = e.cxid[c];
        if ((st = basis_coords(&tp, cd->xbasis, 0, m, cd->x)) != MPOL_OK ||
            (st = basis_coords(&tq, cd->ybasis, m, n, cd->y)) != MPOL_OK)
            goto done;
        int added;
        tab_labels(&tq, e.lab, words);
        if ((st = mpol_i_bmx_set_insert(&yverts, e.lab, &cd->yid, &added)) != MPOL_OK)
            goto done;
    }
    stats->vertices_q = yverts.count;
    *cands_out = cands;
    *ncand = e.ncand;
    *coords_out = coords;
    *bases_out = e.cbases;
    cands = NULL;
    coords = NULL;
    e.cbases = NULL;
done:
    mpol_i_bmx_tab_free(&tp);
    mpol_i_bmx_tab_free(&tq);
    mpol_i_bmx_hset_free(&e.dverts);
    mpol_i_bmx_vindex_free(&e.qix);
    mpol_free(e.qpool);
    mpol_i_bmx_set_free(&e.faces);
    mpol_i_bmx_set_free(&yverts);
    mpol_free(e.As);
    mpol_free(e.all);
    mpol_free(e.supp);
    mpol_free(e.br);
    mpol_free(e.M);
    mpol_free(e.y);
    mpol_free(e.cbases);
    mpol_free(e.cxid);
    mpol_free(e.face_lo);
    mpol_free(e.face_hi);
    mpol_free(e.pool);
    mpol_free(cands);
    mpol_free(coords);
    release(lim, e.charged, &e.charged);
    return st;
}

/* A label of the transposed game (n x m) as a label of the original game (m x n). */
static size_t untranspose_label(size_t l, size_t m, size_t n)
{
    return l < n ? m + l : l - n;
}

/* One search direction: P of (A, B), or (transpose) P of (B', A'), which is Q of (A, B). */
typedef struct direction {
    int transpose;
    size_t m, n;
    const double *A, *B;
    search_limits lim;
    mpol_status st;
    char msg[256]; /* the error message, when run in another thread */
    mpol_i_bmx_cand *cands;
    size_t ncand;
    double *coords;
    uint64_t *bases;
    enum_stats stats;
} direction;

static void direction_free(direction *d)
{
    mpol_free(d->cands);
    mpol_free(d->coords);
    mpol_free(d->bases);
    d->cands = NULL;
    d->coords = NULL;
    d->bases = NULL;
}

/* Runs one direction; the candidates come back in the labels of the original game. */
static mpol_status run_direction(direction *d)
{
    size_t m = d->m, n = d->n, words = (m + n + 63) / 64;
    if (!d->transpose)
        return enumerate_core(m, n, d->A, d->B, &d->lim, &d->cands, &d->ncand, &d->coords,
                              &d->bases, &d->stats);
    double *At = mpol_malloc(m * n * sizeof(double));
    double *Bt = mpol_malloc(m * n * sizeof(double));
    double *tmp = mpol_malloc((m + n) * sizeof(double) + 2 * words * sizeof(uint64_t));
    mpol_status st = MPOL_OK;
    if (At == NULL || Bt == NULL || tmp == NULL) {
        st = oom();
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            At[j * m + i] = d->B[i * n + j];
            Bt[j * m + i] = d->A[i * n + j];
        }
    st = enumerate_core(n, m, At, Bt, &d->lim, &d->cands, &d->ncand, &d->coords, &d->bases,
                        &d->stats);
    if (st != MPOL_OK)
        goto done;
    uint64_t *nb = (uint64_t *)(tmp + m + n);
    for (size_t c = 0; c < d->ncand; c++) {
        mpol_i_bmx_cand *cd = &d->cands[c];
        /* cd->x has n entries (the column player's), cd->y m. */
        memcpy(tmp, cd->y, m * sizeof(double));
        memcpy(tmp + m, cd->x, n * sizeof(double));
        memcpy(cd->x, tmp, (m + n) * sizeof(double));
        cd->y = cd->x + m;
        memset(nb, 0, 2 * words * sizeof(uint64_t));
        for (size_t l = 0; l < m + n; l++) {
            if (mpol_i_bit_get(cd->ybasis, l))
                mpol_i_bit_set(nb, untranspose_label(l, m, n));
            if (mpol_i_bit_get(cd->xbasis, l))
                mpol_i_bit_set(nb + words, untranspose_label(l, m, n));
        }
        memcpy(cd->xbasis, nb, 2 * words * sizeof(uint64_t));
        size_t id = cd->xid;
        cd->xid = cd->yid;
        cd->yid = id;
    }
    enum_stats *sp = &d->stats;
    size_t t = sp->bases_p;
    sp->bases_p = sp->bases_q;
    sp->bases_q = t;
    t = sp->vertices_p;
    sp->vertices_p = sp->vertices_q;
    sp->vertices_q = t;
done:
    mpol_free(At);
    mpol_free(Bt);
    mpol_free(tmp);
    return st;
}

#if !defined(__STDC_NO_THREADS__)
/* Thread body of a race: runs its direction and, on success, cancels the other one. */
static int race_main(void *arg)
{
    direction *d = arg;
    d->st = run_direction(d);
    if (d->st == MPOL_OK)
        atomic_store(d->lim.stop, 1);
    else
        snprintf(d->msg, sizeof d->msg, "%s", mpol_last_error());
    return 0;
}
#endif

/* Games with at least this many labels race the two directions on two threads. */
#define RACE_MIN_LABELS 24

/*
 * Whether a second core is free: the race doubles the CPU time to halve (at best) the wall
 * time, which only pays when a core is idle; on a busy machine the two threads slow each
 * other down (measured: 15x15 games 1.3-2.4x slower in wall time at load 8 on 2 cores).
 */
static int core_idle(void)
{
#if defined(__linux__)
    double load;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 2 || getloadavg(&load, 1) != 1)
        return 0;
    return load <= (double)ncpu - 1.0;
#else
    return 0;
#endif
}

/*
 * Runs the search: for a large game on a machine with an idle core (or threads = 2), P and Q
 * are searched at once on two threads and the first to finish wins (their sizes differ, often by
 * tens of per cent, and the estimate cannot tell them apart that finely); otherwise, or if a
 * thread cannot be started, direction @p prefer. @p only >= 0 (the other polytope is known to
 * be over the limit) searches that direction alone. *win receives the direction whose
 * candidates are used.
 */
static mpol_status search(direction dir[2], size_t m, size_t n, int threads, int only, int prefer,
                          direction **win)
{
    *win = NULL;
#if !defined(__STDC_NO_THREADS__)
    if (only < 0 && (threads == 2 || (threads == 0 && m + n >= RACE_MIN_LABELS && core_idle()))) {
        atomic_int stop;
        atomic_init(&stop, 0);
        dir[0].lim.stop = &stop;
        dir[1].lim.stop = &stop;
        thrd_t th;
        if (thrd_create(&th, race_main, &dir[1]) == thrd_success) {
            dir[0].st = run_direction(&dir[0]);
            if (dir[0].st == MPOL_OK)
                atomic_store(&stop, 1);
            else
                snprintf(dir[0].msg, sizeof dir[0].msg, "%s", mpol_last_error());
            thrd_join(th, NULL);
            for (int k = 0; k < 2; k++)
                if (dir[k].st == MPOL_OK) {
                    *win = &dir[k];
                    return MPOL_OK;
                }
            /* Both failed: report a failure other than the cancellation. */
            int k = dir[0].st == CANCELLED && dir[1].st != CANCELLED ? 1 : 0;
            return mpol_error(dir[k].st, "%s", dir[k].msg);
        }
        dir[0].lim.stop = NULL;
        dir[1].lim.stop = NULL;
    }
#else
    (void)threads;
    (void)m;
    (void)n;
#endif
    direction *d = &dir[only >= 0 ? only : prefer];
    mpol_status st = run_direction(d);
    if (st == MPOL_OK)
        *win = d;
    return st;
}

/* ---- the work estimate ------------------------------------------------------------ */

/*
 * The plan of the search (estimate.c): refuses a game whose two polytopes both have, with high
 * confidence, more bases than opts->max_bases (a limit of at least EST_MIN_LIMIT), or a point
 * estimate above 1 / EST_NEAR of it (walked EST_REWALK times longer first when near); *only
 * receives the one direction to search if the other is over the limit (else -1), *prefer the
 * direction to search on one thread (the smaller estimate, or P for m <= n), est[2] the estimates
 * (0: not made).
 */
static mpol_status plan_search(size_t m, size_t n, const double *A, const double *B,
                               size_t max_bases, size_t max_bytes, int *only, int *prefer,
                               double est[2])
{
    /* A basis costs two to four slots of its key in the visited set (half to a quarter full;
     * counted at four, which it reaches after each doubling of the table): the storage limit
     * bounds the bases too. */
    size_t per_basis = 4 * ((m + n + 63) / 64) * sizeof(uint64_t);
    int by_bytes = max_bytes / per_basis < max_bases;
    if (by_bytes)
        max_bases = max_bytes / per_basis;
    *only = -1;
    *prefer = m > n ? 1 : 0;
    est[0] = est[1] = 0.0;
    double ubt[2] = {mpol_i_bmx_ubt_bound(m, m + n), mpol_i_bmx_ubt_bound(n, m + n)};
    double lim = (double)max_bases;
    int over[2] = {ubt[0] > lim && max_bases >= EST_MIN_LIMIT,
                   ubt[1] > lim && max_bases >= EST_MIN_LIMIT};
    if (!over[0] && !over[1] && fmin(ubt[0], ubt[1]) < EST_CHOOSE_MIN)
        return MPOL_OK;
    size_t steps = est_steps(lim);
    int capped = steps == 0;
    if (capped)
        steps = EST_MAX_STEPS;
    double lower[2];
    for (int k = 0; k < 2; k++) {
        mpol_i_bmx_tab tab;
        mpol_status st = mpol_i_bmx_tab_alloc(&tab, m, n, k == 0, A, B);
        if (st == MPOL_OK)
            st = mpol_i_bmx_estimate(&tab, steps, EST_SEED, &lower[k], &est[k]);
        /* Near the limit and not refused by the bound: a longer walk sharpens both. */
        if (st == MPOL_OK && over[k] && !capped && lower[k] <= lim &&
            est[k] > lim / (2.0 * EST_NEAR) && EST_REWALK * steps <= EST_MAX_STEPS)
            st = mpol_i_bmx_estimate(&tab, EST_REWALK * steps, EST_SEED, &lower[k], &est[k]);
        mpol_i_bmx_tab_free(&tab);
        if (st != MPOL_OK)
            return st;
    }
    int refuse[2];
    for (int k = 0; k < 2; k++)
        refuse[k] = over[k] && !capped && (lower[k] > lim || est[k] > lim / EST_NEAR);
    if (refuse[0] && refuse[1]) {
        char why[320];
        if (by_bytes) {
            char have[32];
            mpol_i_format_bytes(have, sizeof have, (double)max_bytes);
            snprintf(why, sizeof why,
                     "that the bimatrix-bytes limit of %s sets at %zu bytes per basis, below "
                     "mpol_bimatrix_opts.max_bases (raise it with "
                     "mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, ...) or "
                     "--limit bimatrix-bytes=VALUE)",
                     have, per_basis);
        } else {
            snprintf(why, sizeof why, "(opts.max_bases; raise it there)");
        }
        char pe[2][32];
        for (int k = 0; k < 2; k++)
            est_text(pe[k], sizeof pe[k], est[k]);
        return mpol_error(MPOL_ELIMIT,
                          "mpol_bimatrix_enumerate: %zu x %zu game: at least %.2g bases in P "
                          "and %.2g in Q (random-walk estimate made before the search, 99.9%% "
                          "bounds; point estimates %s and %s, which err low), each above the "
                          "limit by its bound or within a factor %g of it by its point "
                          "estimate; the limit: %zu bases per polytope %s",
                          m, n, lower[0], lower[1], pe[0], pe[1], EST_NEAR, max_bases, why);
    }
    if (refuse[0] || refuse[1])
        *only = refuse[0] ? 1 : 0;
    else if (est[0] != est[1])
        *prefer = est[0] < est[1] ? 0 : 1;
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
    if (st == MPOL_OK)
        st = mpol_i_bmx_resolution_check("mpol_bimatrix_enumerate", m, n, A, B);
    if (st != MPOL_OK)
        return st;
    direction dir[2];
    memset(dir, 0, sizeof dir);
    atomic_size_t bytes;
    atomic_init(&bytes, 0);
    for (int k = 0; k < 2; k++) {
        dir[k].transpose = k;
        dir[k].m = m;
        dir[k].n = n;
        dir[k].A = A;
        dir[k].B = B;
        dir[k].lim.max_bases = opts->max_bases;
        dir[k].lim.max_bytes = mpol_limit_get(MPOL_LIMIT_BIMATRIX_BYTES);
        dir[k].lim.bytes = &bytes;
    }
    int only, prefer;
    double est[2];
    if ((st = plan_search(m, n, A, B, opts->max_bases, mpol_limit_get(MPOL_LIMIT_BIMATRIX_BYTES),
                          &only, &prefer, est)) != MPOL_OK)
        return st;
    if (opts->threads == 1 && only < 0)
        prefer = m > n ? 1 : 0; /* one thread asked for: the documented choice */
    direction *w;
    st = search(dir, m, n, opts->threads, only, prefer, &w);
    if (st == MPOL_OK) {
        st = mpol_i_bmx_build_result(out, m, n, A, B, opts, w->cands, w->ncand, opts->cliques);
        if (*out != NULL) {
            (*out)->bases_p = w->stats.bases_p;
            (*out)->bases_q = w->stats.bases_q;
            (*out)->vertices_p = w->stats.vertices_p;
            (*out)->vertices_q = w->stats.vertices_q;
            (*out)->pivots = w->stats.pivots;
            (*out)->est_bases_p = est[0];
            (*out)->est_bases_q = est[1];
        }
    }
    direction_free(&dir[0]);
    direction_free(&dir[1]);
    return st;
}
