/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_ce_vertices(): the extreme points of the (coarse) correlated
 * polytope {p >= 0, sum p = 1, obedience rows <= 0} of a small game by brute force over the
 * active sets: every choice of d - 1 of the K + d inequalities (d cells) is made tight with
 * sum p = 1, the d x d system solved by Gaussian elimination with partial pivoting, and the
 * solution kept when it is feasible and not yet listed. The number of choices,
 * C(K + d, d - 1), is computed before the work and refused above the caller's limit. Every
 * vertex kept is certified by mpol_ce_verify().
 */
#include <math.h>
#include <string.h>

#include "ce_internal.h"

static const char who[] = "mpol_ce_vertices";

/* Feasibility and identity tolerance on scaled payoffs and probabilities. */
#define FEAS_TOL 1e-9
#define SAME_TOL 1e-7
#define PIVOT_TOL 1e-10

void mpol_ce_vertex_list_free(mpol_ce_vertex_list *list)
{
    if (list == NULL)
        return;
    mpol_free(list->prob);
    mpol_free(list->payoff);
    mpol_free(list);
}

/* C(n, k) as a double (saturates at 1e300). */
static double choose(size_t n, size_t k)
{
    double c = 1.0;
    for (size_t i = 0; i < k && c < 1e300; i++)
        c = c * (double)(n - i) / (double)(i + 1);
    return c;
}

typedef struct vx_ctx {
    size_t d, K;   /* cells, obedience rows */
    double *dense; /* K x d scaled gains */
    double *sys;   /* d x (d + 1) */
    double *sol;   /* d */
    mpol_ce_vertex_list *list;
    size_t cap;
} vx_ctx;

/* Solves the system of the tight set @p idx (d - 1 constraint numbers: < K a row, else the
 * cell idx - K at 0) with sum p = 1. Returns 1 and the point in ctx->sol when regular. */
static int solve_tight(vx_ctx *x, const size_t *idx)
{
    size_t d = x->d, w = d + 1;
    double *S = x->sys;
    for (size_t r = 0; r + 1 < d; r++) {
        double *row = S + r * w;
        if (idx[r] < x->K)
            memcpy(row, x->dense + idx[r] * d, d * sizeof *row);
        else {
            memset(row, 0, d * sizeof *row);
            row[idx[r] - x->K] = 1.0;
        }
        row[d] = 0.0;
    }
    for (size_t c = 0; c <= d; c++)
        S[(d - 1) * w + c] = 1.0;
    for (size_t col = 0; col < d; col++) {
        size_t piv = col;
        for (size_t r = col + 1; r < d; r++)
            if (fabs(S[r * w + col]) > fabs(S[piv * w + col]))
                piv = r;
        if (fabs(S[piv * w + col]) < PIVOT_TOL)
            return 0;
        if (piv != col)
            for (size_t c = 0; c <= d; c++) {
                double t = S[piv * w + c];
                S[piv * w + c] = S[col * w + c];
                S[col * w + c] = t;
            }
        for (size_t r = col + 1; r < d; r++) {
            double f = S[r * w + col] / S[col * w + col];
            if (f != 0.0)
                for (size_t c = col; c <= d; c++)
                    S[r * w + c] -= f * S[col * w + c];
        }
    }
    for (size_t r = d; r-- > 0;) {
        double s = S[r * w + d];
        for (size_t c = r + 1; c < d; c++)
            s -= S[r * w + c] * x->sol[c];
        x->sol[r] = s / S[r * w + r];
    }
    return 1;
}

static int feasible(const vx_ctx *x)
{
    for (size_t c = 0; c < x->d; c++)
        if (!(x->sol[c] >= -FEAS_TOL))
            return 0;
    for (size_t r = 0; r < x->K; r++) {
        double s = 0.0;
        for (size_t c = 0; c < x->d; c++)
            s += x->dense[r * x->d + c] * x->sol[c];
        if (!(s <= FEAS_TOL))
            return 0;
    }
    return 1;
}

/* Adds ctx->sol (cleaned) unless listed. */
static mpol_status keep(vx_ctx *x)
{
    mpol_ce_vertex_list *l = x->list;
    size_t d = x->d;
    double sum = 0.0;
    for (size_t c = 0; c < d; c++) {
        x->sol[c] = x->sol[c] > FEAS_TOL ? x->sol[c] : 0.0;
        sum += x->sol[c];
    }
    for (size_t c = 0; c < d; c++)
        x->sol[c] /= sum;
    for (size_t v = 0; v < l->count; v++) {
        double diff = 0.0;
        for (size_t c = 0; c < d; c++)
            diff = fmax(diff, fabs(l->prob[v * d + c] - x->sol[c]));
        if (diff <= SAME_TOL)
            return MPOL_OK;
    }
    if (l->count == x->cap) {
        size_t cap = x->cap == 0 ? 16 : 2 * x->cap;
        double *p = mpol_realloc(l->prob, cap * d * sizeof *p);
        if (p == NULL)
            return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        l->prob = p;
        x->cap = cap;
    }
    memcpy(l->prob + l->count * d, x->sol, d * sizeof *x->sol);
    l->count++;
    return MPOL_OK;
}

/* Every (d - 1)-subset of the K + d constraints, lexicographically. */
static mpol_status enumerate(vx_ctx *x, size_t *idx)
{
    size_t k = x->d - 1, n = x->K + x->d;
    for (size_t i = 0; i < k; i++)
        idx[i] = i;
    for (;;) {
        x->list->tried++;
        if (solve_tight(x, idx) && feasible(x)) {
            mpol_status st = keep(x);
            if (st != MPOL_OK)
                return st;
        }
        size_t i = k;
        while (i > 0 && idx[i - 1] == n - k + i - 1)
            i--;
        if (i == 0)
            return MPOL_OK;
        idx[i - 1]++;
        for (size_t j = i; j < k; j++)
            idx[j] = idx[j - 1] + 1;
    }
}

/* The dense scaled rows of @p rows. */
static void densify(vx_ctx *x, const mpol_i_ce_rows *rows)
{
    memset(x->dense, 0, x->K * x->d * sizeof *x->dense);
    for (size_t r = 0; r < rows->nrows; r++)
        for (size_t e = rows->start[r]; e < rows->start[r + 1]; e++)
            x->dense[r * x->d + rows->col[e]] = rows->val[e];
}

/* Payoffs and the verdict of every vertex. */
static mpol_status certify(mpol_ce_vertex_list *l, const mpol_game *g, mpol_ce_kind kind,
                           double tol)
{
    size_t N = g->nplayers, d = g->ncells;
    l->payoff = mpol_calloc(l->count * N + 1, sizeof *l->payoff);
    if (l->payoff == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    l->verified = 1;
    for (size_t v = 0; v < l->count; v++) {
        for (size_t c = 0; c < d; c++)
            for (size_t q = 0; q < N; q++)
                l->payoff[v * N + q] += l->prob[v * d + c] * g->payoff[c * N + q];
        mpol_ce_check ck;
        mpol_status st = mpol_ce_verify(&ck, g, l->prob + v * d, kind, tol);
        if (st != MPOL_OK)
            return st;
        if (!(ck.max_error <= l->max_error))
            l->max_error = ck.max_error;
        l->verified &= ck.verified;
    }
    return MPOL_OK;
}

static mpol_status check_args(const mpol_game *game, mpol_ce_kind kind, double tol,
                              double max_candidates, size_t *K)
{
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL game", who);
    if (kind != MPOL_CE_CORRELATED && kind != MPOL_CE_COARSE)
        return mpol_error(MPOL_EINVAL, "%s: unknown kind %d", who, (int)kind);
    if (!(tol >= 0) || !(max_candidates >= 0))
        return mpol_error(MPOL_EINVAL, "%s: tol and max_candidates must be >= 0", who);
    double nnz;
    mpol_i_ce_rows_size(game, kind, K, &nnz);
    double limit = max_candidates > 0 ? max_candidates : MPOL_CE_VERTEX_CANDIDATES_DEFAULT;
    double work = choose(*K + game->ncells, game->ncells - 1);
    if (game->ncells > 4096 || work > limit)
        return mpol_error(MPOL_ELIMIT,
                          "%s: %zu profiles and %zu obedience constraints give %.3g active sets "
                          "to try, above the limit of %.3g",
                          who, game->ncells, *K, work, limit);
    return MPOL_OK;
}

mpol_status mpol_ce_vertices(mpol_ce_vertex_list **out, const mpol_game *game, mpol_ce_kind kind,
                             double tol, double max_candidates)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL out", who);
    *out = NULL;
    size_t K = 0;
    mpol_status st = check_args(game, kind, tol, max_candidates, &K);
    if (st != MPOL_OK)
        return st;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < game->ncells * game->nplayers; k++) {
        lo = fmin(lo, game->payoff[k]);
        hi = fmax(hi, game->payoff[k]);
    }
    mpol_i_ce_rows rows;
    if ((st = mpol_i_ce_rows_build(&rows, game, kind, 1.0 / fmax(1.0, hi - lo))) != MPOL_OK)
        return st;
    size_t d = game->ncells;
    vx_ctx x = {.d = d, .K = K};
    x.list = mpol_calloc(1, sizeof *x.list);
    x.dense = mpol_malloc((K * d + 1) * sizeof *x.dense);
    x.sys = mpol_malloc(d * (d + 1) * sizeof *x.sys);
    x.sol = mpol_malloc(d * sizeof *x.sol);
    size_t *idx = mpol_malloc(d * sizeof *idx);
    if (!x.list || !x.dense || !x.sys || !x.sol || !idx)
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    if (st == MPOL_OK) {
        x.list->ncells = d;
        densify(&x, &rows);
        if (d == 1) {
            x.sol[0] = 1.0;
            st = keep(&x);
        } else {
            st = enumerate(&x, idx);
        }
    }
    if (st == MPOL_OK)
        st = certify(x.list, game, kind, tol);
    if (st == MPOL_OK && !x.list->verified)
        st = mpol_error(MPOL_EVERIFY, "%s: a vertex fails its obedience check (error %.3g)", who,
                        x.list->max_error);
    mpol_i_ce_rows_free(&rows);
    mpol_free(x.dense);
    mpol_free(x.sys);
    mpol_free(x.sol);
    mpol_free(idx);
    if (st == MPOL_OK || st == MPOL_EVERIFY)
        *out = x.list;
    else
        mpol_ce_vertex_list_free(x.list);
    return st;
}
