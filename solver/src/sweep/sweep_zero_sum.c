/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for zero-sum models. Each point re-evaluates the
 * payoff matrix from the compiled model and solves it. The warm start exploits that the
 * optimal supports rarely change between neighbouring grid points: the previous supports
 * (I, J) with |I| = |J| define a square equalizer system (x_I' A_IJ = v 1, sum x_I = 1,
 * and A_IJ y_J = v 1, sum y_J = 1) whose solution, if non-negative and passing the
 * independent optimality check (duality gap within tolerance), is optimal. Otherwise the
 * point is solved from scratch. Either way the certificate is mpol_zs_verify's duality gap.
 */
#include <math.h>
#include <string.h>

#include "multipolar/game.h"
#include "multipolar/zerosum.h"
#include "sweep/sweep_internal.h"

/* Probabilities above this count as being in the support of a strategy. */
#define ZS_SUPPORT_TOL 1e-9
/* Pivots below this (relative to the matrix scale) make the equalizer system singular. */
#define ZS_PIVOT_TOL 1e-12

typedef struct zs_ws {
    const mpol_model *model;
    mpol_game *game;
    size_t m, n;
    double *A;     /* m x n row-major */
    double *x, *y; /* last solution */
    double *sys;   /* (k+1) x (k+2) augmented system */
    size_t *I, *J; /* support index lists */
    int have_support;
    mpol_zs_opts opts;
    double value;
} zs_ws;

static void zs_free(void *p)
{
    zs_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_free(w->A);
    mpol_free(w->x);
    mpol_free(w->y);
    mpol_free(w->sys);
    mpol_free(w->I);
    mpol_free(w->J);
    mpol_free(w);
}

static mpol_status zs_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    zs_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_zs_opts_init(&w->opts);
    w->opts.eliminate = 0;
    mpol_status st = MPOL_OK;
    if (method != NULL && (st = mpol_zs_method_parse(&w->opts.method, method)) != MPOL_OK)
        goto fail;
    if ((st = mpol_model_game(&w->game, model)) != MPOL_OK)
        goto fail;
    w->m = w->game->nstrategies[0];
    w->n = w->game->nstrategies[1];
    size_t k = w->m < w->n ? w->m : w->n;
    w->A = mpol_malloc(w->m * w->n * sizeof *w->A);
    w->x = mpol_calloc(w->m, sizeof *w->x);
    w->y = mpol_calloc(w->n, sizeof *w->y);
    w->sys = mpol_malloc((k + 1) * (k + 2) * sizeof *w->sys);
    w->I = mpol_malloc(w->m * sizeof *w->I);
    w->J = mpol_malloc(w->n * sizeof *w->J);
    if (!w->A || !w->x || !w->y || !w->sys || !w->I || !w->J) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto fail;
    }
    *out = w;
    return MPOL_OK;
fail:
    zs_free(w);
    return st;
}

static mpol_status zs_columns(void *p, size_t *ncols, char ***names)
{
    const zs_ws *w = p;
    return mpol_i_sweep_strategy_columns(w->game, ncols, names);
}

/*
 * Solves the (k+1) x (k+1) equalizer system for one player on the support rows R (size k)
 * against columns C (size k): sum_{r} M(r, c) p_r - v = 0 for c in C, sum p_r = 1, where
 * M(r, c) = A[R[r]][C[c]] if !transpose, else A[C[c]][R[r]]. Gaussian elimination with
 * partial pivoting. Returns 0 if singular.
 */
static int equalize(zs_ws *w, const size_t *R, const size_t *C, size_t k, int transpose,
                    double scale, double *p, double *v)
{
    size_t cols = k + 2;
    double *S = w->sys;
    for (size_t c = 0; c < k; c++) {
        double *row = S + c * cols;
        for (size_t r = 0; r < k; r++)
            row[r] = transpose ? w->A[C[c] * w->n + R[r]] : w->A[R[r] * w->n + C[c]];
        row[k] = -1.0;
        row[k + 1] = 0.0;
    }
    double *last = S + k * cols;
    for (size_t r = 0; r < k; r++)
        last[r] = 1.0;
    last[k] = 0.0;
    last[k + 1] = 1.0;
    size_t N = k + 1;
    for (size_t col = 0; col < N; col++) {
        size_t piv = col;
        for (size_t r = col + 1; r < N; r++)
            if (fabs(S[r * cols + col]) > fabs(S[piv * cols + col]))
                piv = r;
        if (fabs(S[piv * cols + col]) <= ZS_PIVOT_TOL * (1.0 + scale))
            return 0;
        if (piv != col)
            for (size_t c = 0; c < cols; c++) {
                double t = S[piv * cols + c];
                S[piv * cols + c] = S[col * cols + c];
                S[col * cols + c] = t;
            }
        for (size_t r = col + 1; r < N; r++) {
            double f = S[r * cols + col] / S[col * cols + col];
            if (f == 0.0)
                continue;
            for (size_t c = col; c < cols; c++)
                S[r * cols + c] -= f * S[col * cols + c];
        }
    }
    double sol[N];
    memset(sol, 0, sizeof sol);
    for (size_t r = N; r-- > 0;) {
        double s = S[r * cols + k + 1];
        for (size_t c = r + 1; c < N; c++)
            s -= S[r * cols + c] * sol[c];
        sol[r] = s / S[r * cols + r];
    }
    for (size_t r = 0; r < k; r++) {
        if (!(sol[r] >= -ZS_SUPPORT_TOL))
            return 0;
        p[r] = sol[r] > 0 ? sol[r] : 0.0;
    }
    *v = sol[k];
    return 1;
}

/* Tries the previous supports; fills w->x, w->y, w->value on success. */
static int warm_solve(zs_ws *w, double scale)
{
    size_t ni = 0, nj = 0;
    for (size_t i = 0; i < w->m; i++)
        if (w->x[i] > ZS_SUPPORT_TOL)
            w->I[ni++] = i;
    for (size_t j = 0; j < w->n; j++)
        if (w->y[j] > ZS_SUPPORT_TOL)
            w->J[nj++] = j;
    if (ni != nj || ni == 0)
        return 0;
    double px[ni], py[nj], v1, v2;
    if (!equalize(w, w->I, w->J, ni, 0, scale, px, &v1) ||
        !equalize(w, w->J, w->I, nj, 1, scale, py, &v2))
        return 0;
    memset(w->x, 0, w->m * sizeof *w->x);
    memset(w->y, 0, w->n * sizeof *w->y);
    for (size_t r = 0; r < ni; r++)
        w->x[w->I[r]] = px[r];
    for (size_t r = 0; r < nj; r++)
        w->y[w->J[r]] = py[r];
    w->value = 0.5 * (v1 + v2);
    return 1;
}

static mpol_status zs_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    zs_ws *w = p;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    double scale = 0.0;
    for (size_t i = 0; i < w->m; i++)
        for (size_t j = 0; j < w->n; j++) {
            double a = w->game->payoff[2 * (i + w->m * j)];
            w->A[i * w->n + j] = a;
            scale = fmax(scale, fabs(a));
        }
    mpol_zs_check check;
    int done = 0;
    if (warm && w->have_support && warm_solve(w, scale)) {
        st = mpol_zs_verify(&check, w->A, w->m, w->n, w->x, w->y, w->opts.tol);
        if (st != MPOL_OK)
            return st;
        done = check.ok;
    }
    if (!done) {
        mpol_zs_result *res = NULL;
        st = mpol_zs_solve(&res, w->A, w->m, w->n, &w->opts);
        if (st != MPOL_OK && st != MPOL_EVERIFY) {
            mpol_zs_result_free(res);
            return st;
        }
        memcpy(w->x, res->x, w->m * sizeof *w->x);
        memcpy(w->y, res->y, w->n * sizeof *w->y);
        w->value = res->value;
        check = res->check;
        mpol_zs_result_free(res);
    }
    w->have_support = 1;
    *value = w->value;
    if (solution != NULL) {
        memcpy(solution, w->x, w->m * sizeof *solution);
        memcpy(solution + w->m, w->y, w->n * sizeof *solution);
    }
    *certificate = check.gap;
    *verified = check.ok;
    uint64_t sig = 0;
    if (w->m + w->n <= 64) {
        for (size_t i = 0; i < w->m; i++)
            if (w->x[i] > ZS_SUPPORT_TOL)
                sig |= (uint64_t)1 << i;
        for (size_t j = 0; j < w->n; j++)
            if (w->y[j] > ZS_SUPPORT_TOL)
                sig |= (uint64_t)1 << (w->m + j);
    } else {
        sig = MPOL_I_HASH_INIT;
        for (size_t i = 0; i < w->m; i++)
            if (w->x[i] > ZS_SUPPORT_TOL)
                sig = mpol_i_hash_step(sig, i);
        sig = mpol_i_hash_step(sig, (uint64_t)-1);
        for (size_t j = 0; j < w->n; j++)
            if (w->y[j] > ZS_SUPPORT_TOL)
                sig = mpol_i_hash_step(sig, j);
    }
    *signature = sig;
    return MPOL_OK;
}

static char *zs_describe(void *p)
{
    zs_ws *w = p;
    const mpol_game *g = w->game;
    mpol_i_strbuf b = {0};
    for (size_t pl = 0; pl < 2; pl++) {
        const double *s = pl == 0 ? w->x : w->y;
        size_t n = pl == 0 ? w->m : w->n;
        mpol_i_strbuf_add(&b, "%s%s {", pl ? "; " : "", g->player_names[pl]);
        int first = 1;
        for (size_t k = 0; k < n; k++)
            if (s[k] > ZS_SUPPORT_TOL) {
                mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->strategy_names[pl][k]);
                first = 0;
            }
        mpol_i_strbuf_add(&b, "}");
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_zero_sum = {
    "value", "duality_gap", zs_alloc, zs_free, zs_columns, zs_solve, zs_describe, 0,
};
