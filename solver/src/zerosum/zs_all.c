/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_zs_all: the vertices of both players' sets of optimal strategies
 * of a zero-sum game (the extreme optimal strategies; the extreme equilibria are their pairs).
 *
 * Method, for the column player (the row player's set is the column player's of -A'):
 * Y* is, up to normalisation, the optimal face of the LP  max 1'z, z >= 0, P z <= 1  over
 * the best-response polytope Q = {z >= 0, P z <= 1} of the bimatrix module (P the payoffs
 * shifted positive and scaled, its tableau in bimatrix/tableau.c). The LP is solved by the
 * primal simplex with the lexicographic ratio test (no cycling) from the slack basis. With
 * the reduced costs d of the optimal basis, 1'z = opt - d'z on Q with d <= 0, so the optimal
 * face is exactly {z in Q : z_k = 0 for every label k with d_k < 0}: the labels D with a
 * nonzero reduced cost stay nonbasic. In the lexicographically perturbed polytope Q_eps
 * (right-hand side 1 + (eps, eps^2, ...), read off the basis inverse; Q_eps is simple and
 * contains Q) the same labels define a face G_eps which contains the optimal basis, is
 * simple, has a connected graph, and shrinks onto the optimal face as eps -> 0, so every
 * vertex of the optimal face is the limit of some basis of G_eps. The search is therefore a
 * depth-first search over the bases of G_eps: from each basis, every non-basic label outside
 * D enters, the leaving row chosen by the lexicographic ratio test. Degenerate games need no
 * special case; a degenerate vertex is reached through several bases and is recognised by
 * its set of tight labels (non-basic, or basic at value 0), which differs between vertices.
 *
 * Work estimate: G_eps has dimension d = (number of variables) - |D| and at most
 * N = (number of labels) - |D| facets, so the upper bound theorem bounds its bases by
 * mpol_i_bmx_ubt_bound(d, N). Past the limit, the bases of the face are counted by the
 * bimatrix module's random walk (estimate.c: G_eps is simple, so its graph is d-regular and
 * the birthday count applies), and a face over the limit with high confidence is refused
 * before the search; the search itself stops with MPOL_ELIMIT at max_bases bases.
 *
 * Verification, independent of the search: each vertex is a probability vector (within the
 * tolerance), each x-vertex guarantees min_j (x'A)_j and each y-vertex concedes
 * max_i (A y)_i; weak duality puts the value between the two, so
 * max_y max_i (A y)_i - min_x min_j (x'A)_j <= tol proves every vertex optimal. No two
 * vertices of a player may coincide. Exact mode rebuilds every vertex in GMP from its basis
 * (bimatrix/exact.c, on the game (A, -A)) and checks it exactly against one vertex of the
 * other player: an exact equilibrium of a zero-sum game is a pair of optimal strategies.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "bimatrix/bimatrix_internal.h"
#include "zerosum/zs_internal.h"

#define WHERE "all optimal strategies"
/* Reduced costs below -OPT_TOL count as nonzero (the tableau data are in (0, 2)). */
#define OPT_TOL 1e-9
/* A basic variable at most this counts as zero (tight) in a vertex's key. */
#define ZERO_TOL 1e-9
/* The up-front estimate, as the bimatrix enumeration makes it (vertex_enum.c): expected
 * collisions of the walk at the limit, its shortest and longest length, the smallest limit
 * worth a walk (below it counting in the search is cheaper) and the fixed seed. */
#define EST_COLLISIONS 20.0
#define EST_MIN_STEPS ((size_t)1 << 16)
#define EST_MAX_STEPS ((size_t)1 << 19)
#define EST_MIN_LIMIT ((size_t)1 << 16)
#define EST_SEED 0x6d706f6c7a73616cu

void mpol_zs_all_opts_init(mpol_zs_all_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->tol = MPOL_ZS_DEFAULT_TOL;
    opts->max_bases = MPOL_ZS_ALL_MAX_BASES;
}

void mpol_zs_all_result_free(mpol_zs_all_result *r)
{
    if (r == NULL)
        return;
    if (r->xs_exact != NULL)
        for (size_t k = 0; k < r->nx * r->m; k++)
            mpol_free(r->xs_exact[k]);
    if (r->ys_exact != NULL)
        for (size_t k = 0; k < r->ny * r->n; k++)
            mpol_free(r->ys_exact[k]);
    mpol_free(r->xs_exact);
    mpol_free(r->ys_exact);
    mpol_free(r->value_exact);
    mpol_free(r->xs);
    mpol_free(r->ys);
    mpol_free(r);
}

/* The vertices of one player's optimal face. */
typedef struct face {
    size_t rows, vars, labels, words; /* tableau rows (opponent strategies), variables */
    size_t count, cap;                /* vertices found */
    double *z;                        /* count * vars, normalised to sum 1 */
    uint64_t *basis;                  /* count * words: a basis of each vertex */
    size_t bases;                     /* bases visited */
    size_t dim;                       /* dimension of G_eps */
    double bound;                     /* upper bound theorem bound on its bases */
    double estimate;                  /* random-walk estimate of them (0: not made) */
} face;

static void face_free(face *f)
{
    mpol_free(f->z);
    mpol_free(f->basis);
    memset(f, 0, sizeof *f);
}

static mpol_status face_add(face *f, const double *z, const uint64_t *basis)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        double *nz = mpol_realloc(f->z, cap * f->vars * sizeof(double));
        if (nz != NULL)
            f->z = nz;
        uint64_t *nb = mpol_realloc(f->basis, cap * f->words * sizeof(uint64_t));
        if (nb != NULL)
            f->basis = nb;
        if (nz == NULL || nb == NULL)
            return mpol_error(MPOL_ENOMEM, WHERE ": out of memory for %zu vertices", cap);
        f->cap = cap;
    }
    memcpy(f->z + f->count * f->vars, z, f->vars * sizeof(double));
    memcpy(f->basis + f->count * f->words, basis, f->words * sizeof(uint64_t));
    f->count++;
    return MPOL_OK;
}

/* Reduced cost of label @p q of the LP max sum of the variables (labels rows..). */
static double reduced_cost(const mpol_i_bmx_tab *tab, size_t q)
{
    double d = q >= tab->rows ? 1.0 : 0.0;
    for (size_t r = 0; r < tab->rows; r++)
        if (tab->basis[r] >= tab->rows)
            d -= MPOL_I_BMX_AT(tab, t, r, q);
    return d;
}

static void basis_bits(const mpol_i_bmx_tab *tab, uint64_t *bits, size_t words)
{
    memset(bits, 0, words * sizeof(uint64_t));
    for (size_t r = 0; r < tab->rows; r++)
        mpol_i_bit_set(bits, tab->basis[r]);
}

/* Lexicographic primal simplex for max 1'z over Q from the slack basis (Dantzig's entering
 * rule; the lexicographic ratio test makes the objective vector increase strictly). */
static mpol_status lp_optimum(mpol_i_bmx_tab *tab, uint64_t *bits, size_t words)
{
    size_t limit = 50 * tab->ncols + 1000, since = 0;
    mpol_i_bmx_tab_reset(tab);
    basis_bits(tab, bits, words);
    for (size_t it = 0; it < limit; it++) {
        size_t enter = SIZE_MAX;
        double best = OPT_TOL;
        for (size_t q = 0; q < tab->ncols; q++) {
            if (tab->pos[q] != SIZE_MAX)
                continue;
            double d = reduced_cost(tab, q);
            if (d > best) {
                best = d;
                enter = q;
            }
        }
        if (enter == SIZE_MAX)
            return MPOL_OK;
        size_t row = mpol_i_bmx_tab_ratio(tab, enter);
        if (row == SIZE_MAX)
            return mpol_error(MPOL_ENUMERIC, WHERE ": unbounded LP (numerical failure)");
        mpol_i_bit_clear(bits, tab->basis[row]);
        mpol_i_bit_set(bits, enter);
        mpol_status st = mpol_i_bmx_tab_step(tab, row, enter, bits, &since);
        if (st != MPOL_OK)
            return st;
    }
    return mpol_error(MPOL_ENUMERIC, WHERE ": the simplex did not finish in %zu pivots", limit);
}

/* Moves the tableau from basis @p cur to basis @p to: one pivot if they differ in one label,
 * else a rebuild. */
static mpol_status move_to(mpol_i_bmx_tab *tab, uint64_t *cur, const uint64_t *to, size_t words,
                           size_t *since)
{
    size_t enter = SIZE_MAX, leave = SIZE_MAX, diff = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t x = cur[w] ^ to[w];
        while (x != 0) {
            size_t b = (size_t)__builtin_ctzll(x);
            size_t lab = 64 * w + b;
            x &= x - 1;
            diff++;
            if (mpol_i_bit_get(to, lab))
                enter = lab;
            else
                leave = lab;
        }
    }
    mpol_status st = MPOL_OK;
    if (diff == 2 && enter != SIZE_MAX && leave != SIZE_MAX &&
        fabs(MPOL_I_BMX_AT(tab, t, tab->pos[leave], enter)) > MPOL_I_BMX_PIVOT_TOL)
        st = mpol_i_bmx_tab_step(tab, tab->pos[leave], enter, to, since);
    else if (diff != 0)
        st = mpol_i_bmx_tab_refresh(tab, to);
    memcpy(cur, to, words * sizeof(uint64_t));
    return st;
}

/*
 * The vertices of the optimal face of max 1'z over Q = {z >= 0, P z <= 1} for the k x l
 * matrix @p M (P: M shifted positive and scaled). @p who names the player in messages.
 */
static mpol_status face_vertices(face *f, const double *M, size_t k, size_t l, size_t max_bases,
                                 const char *who)
{
    memset(f, 0, sizeof *f);
    f->rows = k;
    f->vars = l;
    f->labels = k + l;
    f->words = (k + l + 63) / 64;
    size_t words = f->words;
    mpol_i_bmx_tab tab;
    mpol_i_bmx_set seen, verts;
    memset(&seen, 0, sizeof seen);
    memset(&verts, 0, sizeof verts);
    /* P = (M - min) / range + 1, entries in [1, 2], as the zero-sum solver scales: the
     * tableau's own power-of-two scaling keeps a unit of 1 for ranges of 1 or more, which
     * for payoffs of 1e19 beside 1 would leave pivots below its tolerance. */
    double *P = mpol_malloc(k * l * sizeof(double));
    if (P == NULL)
        return mpol_error(MPOL_ENOMEM, WHERE ": out of memory");
    double lo = M[0], hi = M[0];
    for (size_t c = 1; c < k * l; c++) {
        lo = fmin(lo, M[c]);
        hi = fmax(hi, M[c]);
    }
    double range = hi > lo ? hi - lo : 1.0;
    for (size_t c = 0; c < k * l; c++)
        P[c] = (M[c] - lo) / range + 1.0;
    mpol_status st = mpol_i_bmx_tab_alloc(&tab, k, l, 0, P, NULL);
    mpol_free(P);
    if (st != MPOL_OK)
        return st;
    uint64_t *cur = mpol_calloc(4 * words, sizeof(uint64_t));
    unsigned char *fixed = mpol_calloc(k + l, 1);
    size_t *stack = mpol_malloc(64 * sizeof(size_t)), depth = 0, scap = 64;
    double *z = mpol_malloc(l * sizeof(double));
    if (cur == NULL || fixed == NULL || stack == NULL || z == NULL) {
        st = mpol_error(MPOL_ENOMEM, WHERE ": out of memory");
        goto done;
    }
    uint64_t *next = cur + words, *key = next + words, *start = key + words;
    if ((st = mpol_i_bmx_set_init(&seen, words)) != MPOL_OK ||
        (st = mpol_i_bmx_set_init(&verts, words)) != MPOL_OK)
        goto done;
    if ((st = lp_optimum(&tab, start, words)) != MPOL_OK)
        goto done;
    /* D: the non-basic labels with a nonzero reduced cost at the optimum stay non-basic. */
    size_t nfixed = 0;
    for (size_t q = 0; q < k + l; q++) {
        if (tab.pos[q] == SIZE_MAX && reduced_cost(&tab, q) < -OPT_TOL) {
            fixed[q] = 1;
            nfixed++;
        }
    }
    f->dim = l > nfixed ? l - nfixed : 0;
    f->bound = mpol_i_bmx_ubt_bound(f->dim, k + l - nfixed);
    if (f->bound > (double)max_bases && max_bases >= EST_MIN_LIMIT) {
        /* Past the bound: the random walk's count of the face's bases, to refuse at once. */
        double lim = (double)max_bases, lower, mean;
        double want = ceil(sqrt(2.0 * EST_COLLISIONS * lim) / 0.75);
        if (want <= (double)EST_MAX_STEPS) {
            size_t steps = want < (double)EST_MIN_STEPS ? EST_MIN_STEPS : (size_t)want;
            if ((st = mpol_i_bmx_estimate_face(&tab, fixed, steps, EST_SEED, &lower, &mean)) !=
                    MPOL_OK ||
                (st = mpol_i_bmx_tab_refresh(&tab, start)) != MPOL_OK)
                goto done;
            f->estimate = mean;
            if (lower > lim) {
                st = mpol_error(MPOL_ELIMIT,
                                WHERE ": the optimal face of %s has at least %.3g bases (a "
                                      "random-walk estimate made before the search, 99.9%% "
                                      "bound), more than the limit of %zu (upper bound "
                                      "theorem: %.3g for its dimension %zu; at the estimate "
                                      "about %.3g MiB)",
                                who, lower, max_bases, f->bound, f->dim,
                                lower * (double)(3 * words * sizeof(uint64_t)) / 1048576.0);
                goto done;
            }
        }
    }
    memcpy(cur, start, words * sizeof(uint64_t));
    size_t idx, since = 0;
    int added;
    if ((st = mpol_i_bmx_set_insert(&seen, start, &idx, &added)) != MPOL_OK)
        goto done;
    stack[depth++] = idx;
    while (depth > 0) {
        idx = stack[--depth];
        memcpy(next, seen.keys + idx * words, words * sizeof(uint64_t));
        if ((st = move_to(&tab, cur, next, words, &since)) != MPOL_OK)
            goto done;
        /* The vertex: its tight labels and its normalised coordinates. */
        memset(key, 0, words * sizeof(uint64_t));
        double sum = 0.0;
        for (size_t j = 0; j < l; j++)
            z[j] = 0.0;
        for (size_t q = 0; q < k + l; q++) {
            size_t r = tab.pos[q];
            double val = r == SIZE_MAX ? 0.0 : MPOL_I_BMX_RHS(&tab, r);
            if (val <= ZERO_TOL)
                mpol_i_bit_set(key, q);
            else if (q >= k) {
                z[q - k] = val;
                sum += val;
            }
        }
        if (!(sum > 0.0)) {
            st = mpol_error(MPOL_ENUMERIC,
                            WHERE ": a basis of the optimal face of %s is the "
                                  "origin (numerical failure)",
                            who);
            goto done;
        }
        if ((st = mpol_i_bmx_set_insert(&verts, key, &idx, &added)) != MPOL_OK)
            goto done;
        if (added) {
            for (size_t j = 0; j < l; j++)
                z[j] /= sum;
            if ((st = face_add(f, z, cur)) != MPOL_OK)
                goto done;
        }
        /* Its neighbours on the face. */
        for (size_t q = 0; q < k + l; q++) {
            if (tab.pos[q] != SIZE_MAX || fixed[q])
                continue;
            size_t row = mpol_i_bmx_tab_ratio(&tab, q);
            if (row == SIZE_MAX)
                continue; /* cannot happen: Q is bounded */
            memcpy(next, cur, words * sizeof(uint64_t));
            mpol_i_bit_clear(next, tab.basis[row]);
            mpol_i_bit_set(next, q);
            if ((st = mpol_i_bmx_set_insert(&seen, next, &idx, &added)) != MPOL_OK)
                goto done;
            if (!added)
                continue;
            if (seen.count > max_bases) {
                st = mpol_error(MPOL_ELIMIT,
                                WHERE ": the optimal face of %s has more than %zu bases (the "
                                      "limit; the upper bound theorem allows up to %.3g for "
                                      "its dimension %zu, about %.3g MiB to store)",
                                who, max_bases, f->bound, f->dim,
                                f->bound * (double)(3 * words * sizeof(uint64_t)) / 1048576.0);
                goto done;
            }
            if (depth == scap) {
                size_t *ns = mpol_realloc(stack, 2 * scap * sizeof(size_t));
                if (ns == NULL) {
                    st = mpol_error(MPOL_ENOMEM, WHERE ": out of memory for the search");
                    goto done;
                }
                stack = ns;
                scap *= 2;
            }
            stack[depth++] = idx;
        }
    }
    f->bases = seen.count;
done:
    if (st != MPOL_OK)
        f->bases = seen.count;
    mpol_i_bmx_tab_free(&tab);
    mpol_i_bmx_set_free(&seen);
    mpol_i_bmx_set_free(&verts);
    mpol_free(cur);
    mpol_free(fixed);
    mpol_free(stack);
    mpol_free(z);
    return st;
}

/* Lexicographic order of the vertices (insertion sort of an index array: a few vertices). */
static int lex_less(const double *a, const double *b, size_t d)
{
    for (size_t k = 0; k < d; k++) {
        if (a[k] != b[k])
            return a[k] < b[k];
    }
    return 0;
}

static mpol_status sort_face(face *f)
{
    size_t c = f->count, d = f->vars, w = f->words;
    size_t *ord = mpol_malloc((c ? c : 1) * sizeof(size_t));
    double *z = mpol_malloc((c ? c : 1) * d * sizeof(double));
    uint64_t *b = mpol_malloc((c ? c : 1) * w * sizeof(uint64_t));
    if (ord == NULL || z == NULL || b == NULL) {
        mpol_free(ord);
        mpol_free(z);
        mpol_free(b);
        return mpol_error(MPOL_ENOMEM, WHERE ": out of memory");
    }
    /* Merge sort would do for many vertices; bottom-up, stable. */
    for (size_t i = 0; i < c; i++)
        ord[i] = i;
    size_t *tmp = mpol_malloc((c ? c : 1) * sizeof(size_t));
    if (tmp == NULL) {
        mpol_free(ord);
        mpol_free(z);
        mpol_free(b);
        return mpol_error(MPOL_ENOMEM, WHERE ": out of memory");
    }
    for (size_t width = 1; width < c; width *= 2) {
        for (size_t lo = 0; lo < c; lo += 2 * width) {
            size_t mid = lo + width < c ? lo + width : c,
                   hi = lo + 2 * width < c ? lo + 2 * width : c;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = lex_less(f->z + ord[j] * d, f->z + ord[i] * d, d) ? ord[j++] : ord[i++];
            while (i < mid)
                tmp[o++] = ord[i++];
            while (j < hi)
                tmp[o++] = ord[j++];
        }
        memcpy(ord, tmp, c * sizeof(size_t));
    }
    mpol_free(tmp);
    for (size_t i = 0; i < c; i++) {
        memcpy(z + i * d, f->z + ord[i] * d, d * sizeof(double));
        memcpy(b + i * w, f->basis + ord[i] * w, w * sizeof(uint64_t));
    }
    mpol_free(ord);
    mpol_free(f->z);
    mpol_free(f->basis);
    f->z = z;
    f->basis = b;
    return MPOL_OK;
}

/*
 * The smallest max-norm distance between two of the @p cnt points @p s (d coordinates) if it
 * is below @p cap, else an upper bound on it that is at least @p cap, without comparing
 * every pair: the points are sorted by a projection p(u) = sum_k w_k u_k with fixed weights
 * w_k in [1, 2); since |p(u) - p(v)| <= W |u - v| (W = sum w_k), a pair closer than both
 * cap and the best distance so far (first the closest neighbours in that order) has
 * projections within W times it, and only those pairs are compared. HUGE_VAL for fewer than
 * two points; NAN without memory.
 */
static double min_separation(const double *s, size_t cnt, size_t d, double cap)
{
    if (cnt < 2)
        return HUGE_VAL;
    double *pr = mpol_malloc(cnt * sizeof(double));
    size_t *ord = mpol_malloc(2 * cnt * sizeof(size_t));
    if (pr == NULL || ord == NULL) {
        mpol_free(pr);
        mpol_free(ord);
        return NAN;
    }
    double W = 0.0;
    for (size_t k = 0; k < d; k++)
        W += 1.0 + mpol_i_zs_jitter(k);
    for (size_t a = 0; a < cnt; a++) {
        long double p = 0.0L;
        for (size_t k = 0; k < d; k++)
            p += (long double)(1.0 + mpol_i_zs_jitter(k)) * s[a * d + k];
        pr[a] = (double)p;
        ord[a] = a;
    }
    /* Bottom-up merge sort of the indices by projection. */
    size_t *tmp = ord + cnt;
    for (size_t width = 1; width < cnt; width *= 2) {
        for (size_t lo = 0; lo < cnt; lo += 2 * width) {
            size_t mid = lo + width < cnt ? lo + width : cnt;
            size_t hi = lo + 2 * width < cnt ? lo + 2 * width : cnt;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = pr[ord[j]] < pr[ord[i]] ? ord[j++] : ord[i++];
            while (i < mid)
                tmp[o++] = ord[i++];
            while (j < hi)
                tmp[o++] = ord[j++];
        }
        memcpy(ord, tmp, cnt * sizeof(size_t));
    }
    double best = HUGE_VAL;
    for (size_t a = 0; a + 1 < cnt; a++) { /* neighbours first: an upper bound */
        double dist = 0.0;
        for (size_t k = 0; k < d; k++)
            dist = fmax(dist, fabs(s[ord[a] * d + k] - s[ord[a + 1] * d + k]));
        best = fmin(best, dist);
    }
    for (size_t a = 0; a < cnt; a++) {
        for (size_t b = a + 1; b < cnt; b++) {
            /* 1e-12 W covers the rounding of the projections. */
            if (pr[ord[b]] - pr[ord[a]] > W * fmin(best, cap) + 1e-12 * W)
                break;
            double dist = 0.0;
            for (size_t k = 0; k < d; k++)
                dist = fmax(dist, fabs(s[ord[a] * d + k] - s[ord[b] * d + k]));
            best = fmin(best, dist);
        }
    }
    mpol_free(pr);
    mpol_free(ord);
    return best;
}

/* How far @p x (@p len entries) is from the simplex: its most negative entry, or how far its
 * sum (in long double) is from 1, whichever is larger. */
static double simplex_error(const double *x, size_t len)
{
    double err = 0.0;
    long double s = 0.0L;
    for (size_t i = 0; i < len; i++) {
        s += x[i];
        err = fmax(err, -x[i]);
    }
    return fmax(err, fabs((double)(s - 1.0L)));
}

/* The independent check in floating point (long double sums). */
static mpol_status check_float(mpol_zs_all_result *r, const double *A, double tol, double tol_abs)
{
    double cap = fmax(1e-6, 10.0 * tol);
    size_t m = r->m, n = r->n;
    mpol_zs_all_check *c = &r->check;
    double gmin = HUGE_VAL, hmax = -HUGE_VAL, serr = 0.0, sep = HUGE_VAL;
    for (size_t v = 0; v < r->nx; v++) {
        const double *x = r->xs + v * m;
        serr = fmax(serr, simplex_error(x, m));
        for (size_t j = 0; j < n; j++) {
            long double p = 0.0L;
            for (size_t i = 0; i < m; i++)
                p += (long double)x[i] * A[i * n + j];
            gmin = fmin(gmin, (double)p);
        }
    }
    for (size_t w = 0; w < r->ny; w++) {
        const double *y = r->ys + w * n;
        serr = fmax(serr, simplex_error(y, n));
        for (size_t i = 0; i < m; i++) {
            long double p = 0.0L;
            for (size_t j = 0; j < n; j++)
                p += (long double)A[i * n + j] * y[j];
            hmax = fmax(hmax, (double)p);
        }
    }
    double sx = min_separation(r->xs, r->nx, m, cap), sy = min_separation(r->ys, r->ny, n, cap);
    if (isnan(sx) || isnan(sy))
        return mpol_error(MPOL_ENOMEM, WHERE ": out of memory for the check");
    sep = fmin(sx, sy);
    c->value_spread = hmax - gmin;
    c->simplex_error = serr;
    c->min_separation = sep;
    c->tol_abs = tol_abs;
    /* Payoffs against tol * range, probabilities against tol. */
    c->ok = r->nx > 0 && r->ny > 0 && c->value_spread <= tol_abs && serr <= tol && sep > tol;
    r->value = 0.5 * (hmax + gmin);
    return MPOL_OK;
}

/* A rational "p/q" or "p" from GMP as the nearest double. */
static double exact_to_double(const char *s)
{
    mpq_t q;
    mpq_init(q);
    double d = mpq_set_str(q, s, 10) == 0 ? mpq_get_d(q) : NAN;
    mpq_clear(q);
    return d;
}

/* Frees the exact strings of an equilibrium from mpol_i_bmx_exact_eq. */
static void eq_exact_free(mpol_bimatrix_eq *eq, size_t m, size_t n)
{
    if (eq->x_exact != NULL)
        for (size_t i = 0; i < m; i++)
            mpol_free(eq->x_exact[i]);
    if (eq->y_exact != NULL)
        for (size_t j = 0; j < n; j++)
            mpol_free(eq->y_exact[j]);
    mpol_free(eq->x_exact);
    mpol_free(eq->y_exact);
    mpol_free(eq->payoff_row_exact);
    mpol_free(eq->payoff_col_exact);
    eq->x_exact = eq->y_exact = NULL;
    eq->payoff_row_exact = eq->payoff_col_exact = NULL;
}

/* The basis of an x-vertex (labels of the tableau of -A': column slacks 0..n-1, then the
 * rows n..n+m-1) in the labels of P of the bimatrix game (rows 0..m-1, columns m..). */
static void map_xbasis(const uint64_t *src, uint64_t *dst, size_t m, size_t n, size_t words)
{
    memset(dst, 0, words * sizeof(uint64_t));
    for (size_t j = 0; j < n; j++)
        if (mpol_i_bit_get(src, j))
            mpol_i_bit_set(dst, m + j);
    for (size_t i = 0; i < m; i++)
        if (mpol_i_bit_get(src, n + i))
            mpol_i_bit_set(dst, i);
}

/*
 * Exact mode: each x-vertex is rebuilt with the first y-vertex and each y-vertex with the
 * first x-vertex as an equilibrium of (A, -A) in GMP and verified exactly (regrets exactly
 * 0, the same exact value throughout); duplicates are compared exactly.
 */
static mpol_status rebuild_exact(mpol_zs_all_result *r, const double *A, const face *fx,
                                 const face *fy, const mpol_zs_all_opts *opts)
{
    size_t m = r->m, n = r->n, mn = m * n, words = (m + n + 63) / 64;
    mpol_status st = MPOL_OK;
    double *B = mpol_malloc(mn * sizeof(double));
    mpol_rational *Bq = opts->A_exact != NULL ? mpol_malloc(mn * sizeof(mpol_rational)) : NULL;
    uint64_t *xb = mpol_calloc(words, sizeof(uint64_t));
    double *ex = mpol_malloc(m * sizeof(double)), *ey = mpol_malloc(n * sizeof(double));
    /* The exact vertices rounded, put in place only if all of them pass. */
    double *nxs = mpol_malloc(r->nx * m * sizeof(double));
    double *nys = mpol_malloc(r->ny * n * sizeof(double));
    r->xs_exact = mpol_calloc(r->nx * m, sizeof(char *));
    r->ys_exact = mpol_calloc(r->ny * n, sizeof(char *));
    if (B == NULL || (opts->A_exact != NULL && Bq == NULL) || xb == NULL || ex == NULL ||
        ey == NULL || nxs == NULL || nys == NULL || r->xs_exact == NULL || r->ys_exact == NULL) {
        st = mpol_error(MPOL_ENOMEM, WHERE ": out of memory (exact mode)");
        goto done;
    }
    for (size_t k = 0; k < mn; k++) {
        B[k] = -A[k];
        if (Bq != NULL) {
            Bq[k].num = -opts->A_exact[k].num;
            Bq[k].den = opts->A_exact[k].den;
        }
    }
    mpol_bimatrix_opts bo;
    mpol_bimatrix_opts_init(&bo);
    bo.exact = 1;
    bo.A_exact = opts->A_exact;
    bo.B_exact = Bq;
    size_t total = r->nx + r->ny;
    for (size_t e = 0; e < total && st == MPOL_OK; e++) {
        int is_x = e < r->nx;
        size_t v = is_x ? e : 0, w = is_x ? 0 : e - r->nx;
        mpol_bimatrix_eq eq;
        memset(&eq, 0, sizeof eq);
        eq.x = ex;
        eq.y = ey;
        map_xbasis(fx->basis + v * fx->words, xb, m, n, words);
        st = mpol_i_bmx_exact_eq(&eq, m, n, A, B, &bo, xb, fy->basis + w * fy->words);
        if (st == MPOL_EVERIFY) { /* the bimatrix module's message, in this one's words */
            char why[256];
            const char *msg = mpol_last_error();
            const char *colon = strstr(msg, ": ");
            snprintf(why, sizeof why, "%s", colon != NULL ? colon + 2 : msg);
            st = mpol_error(MPOL_EVERIFY, WHERE ": exact check of vertex %zu of %s failed: %s",
                            (is_x ? v : w) + 1, is_x ? "the row player" : "the column player", why);
        }
        if (st == MPOL_OK) {
            if (r->value_exact == NULL) {
                r->value_exact = eq.payoff_row_exact;
                eq.payoff_row_exact = NULL;
            } else if (strcmp(r->value_exact, eq.payoff_row_exact) != 0) {
                st = mpol_error(MPOL_EVERIFY,
                                WHERE ": exact check failed: two vertices give the values %s "
                                      "and %s",
                                r->value_exact, eq.payoff_row_exact);
            }
        }
        if (st == MPOL_OK) {
            size_t d = is_x ? m : n;
            char **src = is_x ? eq.x_exact : eq.y_exact;
            char **dst = is_x ? r->xs_exact + v * m : r->ys_exact + w * n;
            double *dd = is_x ? nxs + v * m : nys + w * n;
            const double *sd = is_x ? ex : ey;
            for (size_t k = 0; k < d; k++) {
                dst[k] = src[k];
                src[k] = NULL;
                dd[k] = sd[k];
            }
        }
        eq_exact_free(&eq, m, n);
    }
    if (st != MPOL_OK)
        goto done;
    /* Exact distinctness. */
    for (int p = 0; p < 2 && st == MPOL_OK; p++) {
        size_t cnt = p == 0 ? r->nx : r->ny, d = p == 0 ? m : n;
        char **s = p == 0 ? r->xs_exact : r->ys_exact;
        for (size_t a = 0; a < cnt && st == MPOL_OK; a++) {
            for (size_t b = a + 1; b < cnt && st == MPOL_OK; b++) {
                size_t k = 0;
                while (k < d && strcmp(s[a * d + k], s[b * d + k]) == 0)
                    k++;
                if (k == d)
                    st = mpol_error(MPOL_EVERIFY,
                                    WHERE ": exact check failed: vertices %zu and %zu of %s "
                                          "are equal",
                                    a + 1, b + 1, p == 0 ? "the row player" : "the column player");
            }
        }
    }
    if (st == MPOL_OK) {
        r->exact = 1;
        memcpy(r->xs, nxs, r->nx * m * sizeof(double));
        memcpy(r->ys, nys, r->ny * n * sizeof(double));
    }
done:
    mpol_free(nxs);
    mpol_free(nys);
    if (st != MPOL_OK) { /* no partial exact answer: the floating-point one stands */
        for (size_t k = 0; r->xs_exact != NULL && k < r->nx * m; k++)
            mpol_free(r->xs_exact[k]);
        for (size_t k = 0; r->ys_exact != NULL && k < r->ny * n; k++)
            mpol_free(r->ys_exact[k]);
        mpol_free(r->xs_exact);
        mpol_free(r->ys_exact);
        mpol_free(r->value_exact);
        r->xs_exact = r->ys_exact = NULL;
        r->value_exact = NULL;
    }
    mpol_free(B);
    mpol_free(Bq);
    mpol_free(xb);
    mpol_free(ex);
    mpol_free(ey);
    return st;
}

mpol_status mpol_zs_all(mpol_zs_all_result **out, const double *A, size_t m, size_t n,
                        const mpol_zs_all_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, WHERE ": NULL result pointer");
    *out = NULL;
    mpol_zs_all_opts def;
    if (opts == NULL) {
        mpol_zs_all_opts_init(&def);
        opts = &def;
    }
    if (A == NULL)
        return mpol_error(MPOL_EINVAL, WHERE ": payoff matrix is NULL");
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EDIM, WHERE ": %zu x %zu game; both players need a strategy", m, n);
    if (m > SIZE_MAX / 64 / n)
        return mpol_error(MPOL_ELIMIT, WHERE ": %zu x %zu game is too large", m, n);
    if (!(opts->tol > 0.0) || !(opts->tol < 1.0))
        return mpol_error(MPOL_EINVAL, WHERE ": tol = %g; must be in (0, 1)", opts->tol);
    if (opts->max_bases == 0)
        return mpol_error(MPOL_EINVAL, WHERE ": max_bases = 0; must be positive");
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t k = 0; k < m * n; k++) {
        if (!isfinite(A[k]))
            return mpol_error(MPOL_EINVAL, WHERE ": payoff (%zu, %zu) is not finite", k / n + 1,
                              k % n + 1);
        if (opts->exact && opts->A_exact != NULL &&
            (opts->A_exact[k].den <= 0 || opts->A_exact[k].num == INT64_MIN))
            return mpol_error(MPOL_EINVAL,
                              WHERE ": exact payoff (%zu, %zu) has denominator <= 0 or a "
                                    "numerator of -2^63",
                              k / n + 1, k % n + 1);
        lo = fmin(lo, A[k]);
        hi = fmax(hi, A[k]);
    }
    double range = hi - lo > 0.0 ? hi - lo : (fabs(hi) > 0.0 ? fabs(hi) : 1.0);
    double *At = mpol_malloc(m * n * sizeof(double));
    mpol_zs_all_result *r = mpol_calloc(1, sizeof *r);
    face fx, fy;
    memset(&fx, 0, sizeof fx);
    memset(&fy, 0, sizeof fy);
    mpol_status st = MPOL_OK;
    if (At == NULL || r == NULL) {
        st = mpol_error(MPOL_ENOMEM, WHERE ": out of memory");
        goto fail;
    }
    r->m = m;
    r->n = n;
    /* The row player's set: the column player's of -A' (n x m). */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            At[j * m + i] = -A[i * n + j];
    if ((st = face_vertices(&fx, At, n, m, opts->max_bases, "the row player")) != MPOL_OK)
        goto fail;
    if ((st = face_vertices(&fy, A, m, n, opts->max_bases, "the column player")) != MPOL_OK)
        goto fail;
    if ((st = sort_face(&fx)) != MPOL_OK || (st = sort_face(&fy)) != MPOL_OK)
        goto fail;
    r->nx = fx.count;
    r->ny = fy.count;
    r->xs = fx.z;
    r->ys = fy.z;
    fx.z = fy.z = NULL;
    r->dim_x = fx.dim;
    r->dim_y = fy.dim;
    r->bound_x = fx.bound;
    r->bound_y = fy.bound;
    r->bases_x = fx.bases;
    r->bases_y = fy.bases;
    r->estimate_x = fx.estimate;
    r->estimate_y = fy.estimate;
    if (opts->exact && (st = rebuild_exact(r, A, &fx, &fy, opts)) != MPOL_OK && st != MPOL_EVERIFY)
        goto fail;
    mpol_status cst = check_float(r, A, opts->tol, opts->tol * range);
    if (cst != MPOL_OK) {
        st = cst;
        goto fail;
    }
    if (opts->exact) {
        r->check.ok = st == MPOL_OK; /* the exact check decides */
        if (st == MPOL_OK)
            r->value = exact_to_double(r->value_exact);
    }
    r->verified = r->check.ok;
    r->max_error = fmax(r->check.value_spread, r->check.simplex_error);
    if (st == MPOL_OK && !r->check.ok)
        st = mpol_error(MPOL_EVERIFY,
                        WHERE ": check failed: value spread %.3g, simplex error %.3g, closest "
                              "vertices %.3g apart (tolerance %.3g)",
                        r->check.value_spread, r->check.simplex_error, r->check.min_separation,
                        r->check.tol_abs);
    face_free(&fx);
    face_free(&fy);
    mpol_free(At);
    *out = r;
    return st;
fail:
    face_free(&fx);
    face_free(&fy);
    mpol_free(At);
    mpol_zs_all_result_free(r);
    return st;
}
