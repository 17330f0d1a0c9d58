/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parts shared by the bimatrix solvers: options and input checks,
 * the independent certificate (regrets from A y and x'B), the assembly of a result from
 * candidate equilibria (normalisation, verification, deterministic order, vertex numbering)
 * and the maximal Nash subsets.
 *
 * Maximal Nash subsets follow Avis, Rosenberg, Savani and von Stengel (Economic Theory 42,
 * 2010, section 5): the extreme equilibria form a bipartite graph between x-vertices and
 * y-vertices; its maximal complete bipartite subgraphs (bicliques) are the maximal Nash
 * subsets (their convex hulls are products of faces that consist of equilibria), and the
 * connected components of the graph give the components of the equilibrium set. Deviation:
 * instead of their Bron–Kerbosch style clique enumeration, the right-hand sides of the
 * maximal bicliques are computed as the closure of the neighbourhoods N(u) under
 * intersection (every maximal biclique is (X, Y) with Y = the intersection of N(u) over
 * u in X, X = {u : N(u) contains Y}); this is simple and exact, and the graphs are small.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"
#include "core/method_table_internal.h"

void mpol_bimatrix_opts_init(mpol_bimatrix_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->tol = MPOL_BIMATRIX_TOL;
    opts->max_bases = 50000000;
    opts->cliques = 1;
    opts->max_pivots = 100000;
}

mpol_status mpol_i_bmx_check_input(const char *where, size_t m, size_t n, const double *A,
                                   const double *B, const mpol_bimatrix_opts *opts)
{
    if (A == NULL || B == NULL)
        return mpol_error(MPOL_EINVAL, "%s: payoff matrix is NULL", where);
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EDIM, "%s: %zu x %zu game; both players need a strategy", where, m,
                          n);
    if (m > SIZE_MAX / 64 / n)
        return mpol_error(MPOL_ELIMIT, "%s: %zu x %zu game is too large", where, m, n);
    for (size_t k = 0; k < m * n; k++) {
        if (!isfinite(A[k]) || !isfinite(B[k]))
            return mpol_error(MPOL_EINVAL, "%s: payoff (%zu, %zu) is not finite", where, k / n + 1,
                              k % n + 1);
    }
    if (!(opts->tol >= 0.0) || !isfinite(opts->tol))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; must be finite and >= 0", where, opts->tol);
    if (opts->threads < 0 || opts->threads > 2)
        return mpol_error(MPOL_EINVAL, "%s: threads = %d; must be 0, 1 or 2", where, opts->threads);
    if (opts->lh_label > m + n)
        return mpol_error(MPOL_EINVAL, "%s: lh_label = %zu; must be 0 or in 1..%zu", where,
                          opts->lh_label, m + n);
    if (opts->exact) {
        for (size_t k = 0; k < m * n; k++) {
            if ((opts->A_exact != NULL && opts->A_exact[k].den <= 0) ||
                (opts->B_exact != NULL && opts->B_exact[k].den <= 0))
                return mpol_error(MPOL_EINVAL,
                                  "%s: exact payoff (%zu, %zu) has denominator "
                                  "<= 0",
                                  where, k / n + 1, k % n + 1);
        }
    }
    return MPOL_OK;
}

void mpol_bimatrix_regret(size_t m, size_t n, const double *A, const double *B, const double *x,
                          const double *y, double *regret_row, double *regret_col,
                          double *payoff_row, double *payoff_col)
{
    double best_r = -INFINITY, best_c = -INFINITY, pr = 0.0, pc = 0.0;
    for (size_t i = 0; i < m; i++) {
        double ay = 0.0;
        for (size_t j = 0; j < n; j++)
            ay += A[i * n + j] * y[j];
        pr += x[i] * ay;
        if (ay > best_r)
            best_r = ay;
    }
    for (size_t j = 0; j < n; j++) {
        double xb = 0.0;
        for (size_t i = 0; i < m; i++)
            xb += x[i] * B[i * n + j];
        pc += xb * y[j];
        if (xb > best_c)
            best_c = xb;
    }
    if (regret_row != NULL)
        *regret_row = fmax(0.0, best_r - pr);
    if (regret_col != NULL)
        *regret_col = fmax(0.0, best_c - pc);
    if (payoff_row != NULL)
        *payoff_row = pr;
    if (payoff_col != NULL)
        *payoff_col = pc;
}

static void free_strings(char **s, size_t k)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < k; i++)
        mpol_free(s[i]);
    mpol_free(s);
}

void mpol_bimatrix_result_free(mpol_bimatrix_result *res)
{
    if (res == NULL)
        return;
    for (size_t e = 0; e < res->neq && res->eq != NULL; e++) {
        mpol_bimatrix_eq *q = &res->eq[e];
        mpol_free(q->x);
        mpol_free(q->y);
        free_strings(q->x_exact, res->m);
        free_strings(q->y_exact, res->n);
        mpol_free(q->payoff_row_exact);
        mpol_free(q->payoff_col_exact);
        mpol_free(q->labels);
    }
    mpol_free(res->eq);
    mpol_free(res->xvert);
    mpol_free(res->yvert);
    for (size_t c = 0; c < res->ncliques && res->cliques != NULL; c++) {
        mpol_free(res->cliques[c].xs);
        mpol_free(res->cliques[c].ys);
    }
    mpol_free(res->cliques);
    mpol_free(res);
}

/* ---- ordering --------------------------------------------------------------------- */

typedef struct sort_item {
    const mpol_i_bmx_cand *c;
    size_t m, n;
} sort_item;

/* The order compares probabilities on a grid of 2^-40 (about 1e-12), so that the same
 * equilibrium computed from different bases (a degenerate vertex, or the other polytope
 * searched) sorts to the same place; rounding to the grid keeps the order transitive. */
#define SORT_GRID 1099511627776.0 /* 2^40 */

static int cmp_vec(const double *a, const double *b, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        double ra = nearbyint(a[i] * SORT_GRID), rb = nearbyint(b[i] * SORT_GRID);
        if (ra != rb)
            return ra > rb ? -1 : 1; /* larger first: pure strategies 1, 2, ... first */
    }
    return 0;
}

static int cmp_item(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    int c = cmp_vec(a->c->x, b->c->x, a->m);
    if (c == 0)
        c = cmp_vec(a->c->y, b->c->y, a->n);
    return c;
}

/* ---- cliques ---------------------------------------------------------------------- */

static size_t uf_find(size_t *parent, size_t a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

typedef struct clique_ctx {
    size_t nx, ny, words;
    uint64_t *nbr; /* nx * words: N(u) */
    uint64_t *fam; /* family of right-hand sides */
    size_t nfam, capfam;
} clique_ctx;

static int fam_has(const clique_ctx *cc, const uint64_t *s)
{
    for (size_t k = 0; k < cc->nfam; k++)
        if (memcmp(cc->fam + k * cc->words, s, cc->words * sizeof(uint64_t)) == 0)
            return 1;
    return 0;
}

static mpol_status fam_add(clique_ctx *cc, const uint64_t *s)
{
    if (cc->nfam == cc->capfam) {
        size_t ncap = cc->capfam ? 2 * cc->capfam : 16;
        uint64_t *nf = mpol_realloc(cc->fam, ncap * cc->words * sizeof(uint64_t));
        if (nf == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory (cliques)");
        cc->fam = nf;
        cc->capfam = ncap;
    }
    memcpy(cc->fam + cc->nfam * cc->words, s, cc->words * sizeof(uint64_t));
    cc->nfam++;
    return MPOL_OK;
}

typedef struct clique_sort {
    mpol_bimatrix_clique *c;
} clique_sort;

static int cmp_idx_list(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    for (size_t k = 0; k < na && k < nb; k++)
        if (a[k] != b[k])
            return a[k] < b[k] ? -1 : 1;
    return na < nb ? -1 : (na > nb ? 1 : 0);
}

static int cmp_clique(const void *pa, const void *pb)
{
    const mpol_bimatrix_clique *a = pa, *b = pb;
    if (a->component != b->component)
        return a->component < b->component ? -1 : 1;
    int c = cmp_idx_list(a->xs, a->nx, b->xs, b->nx);
    return c != 0 ? c : cmp_idx_list(a->ys, a->ny, b->ys, b->ny);
}

static mpol_status compute_cliques(mpol_bimatrix_result *res)
{
    size_t nx = res->nxvert, ny = res->nyvert;
    clique_ctx cc = {nx, ny, (ny + 63) / 64, NULL, NULL, 0, 0};
    mpol_status st = MPOL_OK;
    uint64_t *tmp = NULL;
    size_t *parent = mpol_malloc((nx + ny) * sizeof(size_t));
    size_t *comp_id = mpol_malloc((nx + ny) * sizeof(size_t));
    cc.nbr = mpol_calloc(nx * cc.words, sizeof(uint64_t));
    tmp = mpol_calloc(cc.words, sizeof(uint64_t));
    if (parent == NULL || comp_id == NULL || cc.nbr == NULL || tmp == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory (cliques)");
        goto done;
    }
    for (size_t k = 0; k < nx + ny; k++) {
        parent[k] = k;
        comp_id[k] = SIZE_MAX;
    }
    for (size_t e = 0; e < res->neq; e++) {
        size_t u = res->eq[e].xvertex, v = res->eq[e].yvertex;
        mpol_i_bit_set(cc.nbr + u * cc.words, v);
        size_t a = uf_find(parent, u), b = uf_find(parent, nx + v);
        if (a != b)
            parent[a] = b;
    }
    /* Components numbered in the order of the (sorted) equilibria. */
    size_t ncomp = 0;
    for (size_t e = 0; e < res->neq; e++) {
        size_t root = uf_find(parent, res->eq[e].xvertex);
        if (comp_id[root] == SIZE_MAX)
            comp_id[root] = ncomp++;
        res->eq[e].component = comp_id[root];
    }
    res->ncomponents = ncomp;
    for (size_t u = 0; u < nx; u++) {
        if (!fam_has(&cc, cc.nbr + u * cc.words) && (st = fam_add(&cc, cc.nbr + u * cc.words)))
            goto done;
    }
    for (size_t i = 0; i < cc.nfam; i++) {
        for (size_t j = 0; j < i; j++) {
            int empty = 1;
            for (size_t w = 0; w < cc.words; w++) {
                tmp[w] = cc.fam[i * cc.words + w] & cc.fam[j * cc.words + w];
                empty &= tmp[w] == 0;
            }
            if (!empty && !fam_has(&cc, tmp) && (st = fam_add(&cc, tmp)) != MPOL_OK)
                goto done;
        }
    }
    res->cliques = mpol_calloc(cc.nfam, sizeof(mpol_bimatrix_clique));
    if (res->cliques == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory (cliques)");
        goto done;
    }
    for (size_t k = 0; k < cc.nfam; k++) {
        const uint64_t *Y = cc.fam + k * cc.words;
        mpol_bimatrix_clique *q = &res->cliques[k];
        res->ncliques = k + 1;
        size_t cy = 0, cx = 0;
        for (size_t v = 0; v < ny; v++)
            cy += (size_t)mpol_i_bit_get(Y, v);
        for (size_t u = 0; u < nx; u++) {
            int sup = 1;
            for (size_t w = 0; w < cc.words; w++)
                sup &= (cc.nbr[u * cc.words + w] & Y[w]) == Y[w];
            cx += (size_t)sup;
        }
        q->xs = mpol_malloc(cx * sizeof(size_t));
        q->ys = mpol_malloc(cy * sizeof(size_t));
        if (q->xs == NULL || q->ys == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory (cliques)");
            goto done;
        }
        for (size_t v = 0; v < ny; v++)
            if (mpol_i_bit_get(Y, v))
                q->ys[q->ny++] = v;
        for (size_t u = 0; u < nx; u++) {
            int sup = 1;
            for (size_t w = 0; w < cc.words; w++)
                sup &= (cc.nbr[u * cc.words + w] & Y[w]) == Y[w];
            if (sup)
                q->xs[q->nx++] = u;
        }
        q->component = comp_id[uf_find(parent, q->xs[0])];
    }
    qsort(res->cliques, res->ncliques, sizeof(mpol_bimatrix_clique), cmp_clique);
done:
    mpol_free(parent);
    mpol_free(comp_id);
    mpol_free(cc.nbr);
    mpol_free(cc.fam);
    mpol_free(tmp);
    return st;
}

/* ---- assembly --------------------------------------------------------------------- */

static double payoff_range(const double *X, size_t len)
{
    double lo = X[0], hi = X[0];
    for (size_t k = 1; k < len; k++) {
        lo = fmin(lo, X[k]);
        hi = fmax(hi, X[k]);
    }
    return hi - lo;
}

static void normalise(double *z, size_t k)
{
    double s = 0.0;
    for (size_t i = 0; i < k; i++)
        s += z[i];
    if (s > 0.0)
        for (size_t i = 0; i < k; i++)
            z[i] /= s;
}

/* Index of @p id in @p ids[0..*count), appended if absent. */
static size_t number_of(size_t *ids, size_t *count, size_t id)
{
    for (size_t k = 0; k < *count; k++)
        if (ids[k] == id)
            return k;
    ids[*count] = id;
    return (*count)++;
}

mpol_status mpol_i_bmx_build_result(mpol_bimatrix_result **out, size_t m, size_t n, const double *A,
                                    const double *B, const mpol_bimatrix_opts *opts,
                                    mpol_i_bmx_cand *cands, size_t ncand, int cliques)
{
    mpol_status st = MPOL_OK, failed_check = MPOL_OK;
    char failed_msg[256] = "";
    int keep = 0; /* 1: return the whole result with MPOL_EVERIFY */
    sort_item *items = NULL;
    size_t *xids = NULL, *yids = NULL;
    mpol_bimatrix_result *res = mpol_calloc(1, sizeof *res);
    if (res == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for the result");
    res->m = m;
    res->n = n;
    res->exact = opts->exact != 0;
    res->tol_abs = opts->tol * fmax(1.0, fmax(payoff_range(A, m * n), payoff_range(B, m * n)));
    if (ncand > 0) {
        items = mpol_malloc(ncand * sizeof *items);
        xids = mpol_malloc(ncand * sizeof(size_t));
        yids = mpol_malloc(ncand * sizeof(size_t));
        res->eq = mpol_calloc(ncand, sizeof(mpol_bimatrix_eq));
        if (items == NULL || xids == NULL || yids == NULL || res->eq == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for the result");
            goto done;
        }
    }
    for (size_t k = 0; k < ncand; k++) {
        normalise(cands[k].x, m);
        normalise(cands[k].y, n);
        items[k].c = &cands[k];
        items[k].m = m;
        items[k].n = n;
    }
    if (ncand > 1)
        qsort(items, ncand, sizeof *items, cmp_item);
    size_t nx = 0, ny = 0;
    for (size_t k = 0; k < ncand; k++) {
        const mpol_i_bmx_cand *c = items[k].c;
        mpol_bimatrix_eq *q = &res->eq[k];
        res->neq = k + 1;
        q->xvertex = number_of(xids, &nx, c->xid);
        q->yvertex = number_of(yids, &ny, c->yid);
        q->x = mpol_malloc(m * sizeof(double));
        q->y = mpol_malloc(n * sizeof(double));
        if (q->x == NULL || q->y == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for the result");
            goto done;
        }
        memcpy(q->x, c->x, m * sizeof(double));
        memcpy(q->y, c->y, n * sizeof(double));
        if (c->nlabels > 0) {
            q->labels = mpol_malloc(c->nlabels * sizeof(size_t));
            if (q->labels == NULL) {
                st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for the result");
                goto done;
            }
            memcpy(q->labels, c->labels, c->nlabels * sizeof(size_t));
            q->nlabels = c->nlabels;
        }
        if (opts->exact) {
            st = mpol_i_bmx_exact_eq(q, m, n, A, B, opts, c->xbasis, c->ybasis);
            if (st != MPOL_OK)
                goto done;
        }
        mpol_bimatrix_regret(m, n, A, B, q->x, q->y, &q->regret_row, &q->regret_col, &q->payoff_row,
                             &q->payoff_col);
        if (opts->exact) {
            q->regret_row = 0.0; /* verified exactly; the doubles are roundings */
            q->regret_col = 0.0;
        }
        if (failed_check == MPOL_OK &&
            (q->regret_row > res->tol_abs || q->regret_col > res->tol_abs)) {
            /* The result is still built whole and returned with MPOL_EVERIFY
             * (docs/conventions.md); the message names the first failing equilibrium. */
            failed_check = mpol_error(MPOL_EVERIFY,
                                      "mpol_bimatrix: equilibrium %zu fails its check: regrets "
                                      "%g, %g > tolerance %g",
                                      k + 1, q->regret_row, q->regret_col, res->tol_abs);
            snprintf(failed_msg, sizeof failed_msg, "%s", mpol_last_error());
        }
        res->max_regret = fmax(res->max_regret, fmax(q->regret_row, q->regret_col));
    }
    res->nxvert = nx;
    res->nyvert = ny;
    if (nx > 0) {
        res->xvert = mpol_malloc(nx * m * sizeof(double));
        res->yvert = mpol_malloc(ny * n * sizeof(double));
        if (res->xvert == NULL || res->yvert == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for the result");
            goto done;
        }
    }
    for (size_t k = 0; k < res->neq; k++) {
        memcpy(res->xvert + res->eq[k].xvertex * m, res->eq[k].x, m * sizeof(double));
        memcpy(res->yvert + res->eq[k].yvertex * n, res->eq[k].y, n * sizeof(double));
    }
    if (cliques && res->neq > 0)
        st = compute_cliques(res);
    res->max_error = res->max_regret;
    res->verified = st == MPOL_OK && failed_check == MPOL_OK;
    if (st == MPOL_OK && failed_check != MPOL_OK) {
        st = mpol_error(failed_check, "%s", failed_msg);
        keep = 1;
    }
done:
    mpol_free(items);
    mpol_free(xids);
    mpol_free(yids);
    if (st != MPOL_OK && !keep) {
        mpol_bimatrix_result_free(res);
        res = NULL;
    }
    *out = res;
    return st;
}

/* The canonical names first; "enumeration" and "lemke-howson" are aliases. */
static const mpol_i_method_entry methods[] = {{"enum", MPOL_BIMATRIX_ENUMERATE},
                                              {"lh-all", MPOL_BIMATRIX_LEMKE_HOWSON},
                                              {"lh", MPOL_BIMATRIX_ONE},
                                              {"enumeration", MPOL_BIMATRIX_ENUMERATE},
                                              {"lemke-howson", MPOL_BIMATRIX_ONE}};

const char *mpol_bimatrix_method_name(mpol_bimatrix_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_bimatrix_method_parse(mpol_bimatrix_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, methods, MPOL_I_METHODS(methods),
                                         name, "bimatrix");
    if (st == MPOL_OK)
        *out = (mpol_bimatrix_method)v;
    return st;
}

mpol_status mpol_bimatrix_solve_game(mpol_bimatrix_result **out, const mpol_game *game,
                                     mpol_bimatrix_method method, const mpol_bimatrix_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_solve_game: NULL argument");
    *out = NULL;
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_solve_game: NULL argument");
    if (method != MPOL_BIMATRIX_ENUMERATE && method != MPOL_BIMATRIX_LEMKE_HOWSON &&
        method != MPOL_BIMATRIX_ONE)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_solve_game: unknown method %d", (int)method);
    if (game->nplayers != 2)
        return mpol_error(MPOL_EINVAL,
                          "mpol_bimatrix_solve_game: the game has %zu players; "
                          "a bimatrix game needs 2",
                          game->nplayers);
    mpol_bimatrix_opts o;
    if (opts != NULL)
        o = *opts;
    else
        mpol_bimatrix_opts_init(&o);
    size_t m = game->nstrategies[0], n = game->nstrategies[1];
    double *A = NULL, *B = NULL;
    mpol_rational *Aq = NULL, *Bq = NULL;
    mpol_status st = mpol_game_bimatrix(game, &A, &B);
    if (st != MPOL_OK)
        return st;
    if (o.exact && game->exact != NULL && o.A_exact == NULL && o.B_exact == NULL) {
        Aq = mpol_malloc(m * n * sizeof *Aq);
        Bq = mpol_malloc(m * n * sizeof *Bq);
        if (Aq == NULL || Bq == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_solve_game: out of memory");
            goto done;
        }
        for (size_t i = 0; i < m; i++) {
            for (size_t j = 0; j < n; j++) {
                size_t cell = i + m * j;
                Aq[i * n + j] = game->exact[cell * 2];
                Bq[i * n + j] = game->exact[cell * 2 + 1];
            }
        }
        o.A_exact = Aq;
        o.B_exact = Bq;
    }
    if (method == MPOL_BIMATRIX_ONE)
        st = mpol_bimatrix_one(out, m, n, A, B, &o);
    else if (method == MPOL_BIMATRIX_LEMKE_HOWSON)
        st = mpol_bimatrix_lemke_howson(out, m, n, A, B, &o);
    else
        st = mpol_bimatrix_enumerate(out, m, n, A, B, &o);
done:
    mpol_free(A);
    mpol_free(B);
    mpol_free(Aq);
    mpol_free(Bq);
    return st;
}
