/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements two-player zero-sum stochastic games.
 *
 * Shapley's value iteration: v_{k+1}(s) = val G_s(v_k), where G_s(v) is state s's stage game
 * with continuation values v. Shapley's operator is a beta-contraction in the max norm, so
 * ||v_{k+1} - v*|| <= (beta ||v_{k+1} - v_k|| + e_k) / (1 - beta) with e_k the largest stage
 * duality gap of the sweep; iteration stops once that bound is below vi_tol * scale.
 * Each stage game is solved by the dense zero-sum solver (mpol_zs_solve_ws); with warm starts
 * the previous sweep's supports (I, J) of the state are tried first: if |I| = |J| the square
 * equalizer systems give candidate strategies, accepted only when mpol_zs_verify finds them
 * optimal.
 *
 * Hoffman-Karp (1966): with the maximiser's stage-optimal strategies x at v fixed, the
 * minimiser's Markov decision problem is solved exactly (policy iteration, linear solves,
 * sg_mdp.c); its values are the next v. The values increase monotonically to v*. The
 * answer's strategies are the stage-optimal strategies at the final v, certified by
 * mpol_sg_zs_verify.
 */
#include <math.h>
#include <string.h>

#include "core/gsl_guard_internal.h"
#include "multipolar/zerosum.h"
#include "stochastic/sg_internal.h"

/* Probabilities above this are in a support. */
#define SG_SUPPORT_TOL 1e-12
/* Hoffman-Karp rounds at most, and its stopping threshold relative to the scale. */
#define SG_HK_MAX_ROUNDS 200
#define SG_HK_TOL 1e-15

typedef struct zs_run {
    const mpol_sg *g;
    const mpol_sg_opts *opts;
    mpol_sg_result *r;
    mpol_zs_workspace *ws;
    double *A, *sys, *v, *vnext;
    size_t mmax, nmax;
    double stage_gap; /* largest stage duality gap of the last sweep */
    /* The transitions as sparse rows: profile k's nonzero next-state probabilities are
     * nz_val[nz_off[k] .. nz_off[k+1]-1] at states nz_idx[...] (a sweep costs the nonzeros,
     * not profiles x states). */
    size_t *nz_off, *nz_idx;
    double *nz_val;
} zs_run;

/* Builds the sparse rows of the transitions. */
static mpol_status sparse_next(zs_run *z)
{
    const mpol_sg *g = z->g;
    size_t K = g->offset[g->nstates], S = g->nstates, nnz = 0;
    for (size_t i = 0; i < K * S; i++)
        nnz += g->next[i] != 0.0;
    z->nz_off = mpol_malloc((K + 1) * sizeof *z->nz_off);
    z->nz_idx = mpol_malloc((nnz ? nnz : 1) * sizeof *z->nz_idx);
    z->nz_val = mpol_malloc((nnz ? nnz : 1) * sizeof *z->nz_val);
    if (z->nz_off == NULL || z->nz_idx == NULL || z->nz_val == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    size_t o = 0;
    for (size_t k = 0; k < K; k++) {
        z->nz_off[k] = o;
        for (size_t t = 0; t < S; t++)
            if (g->next[k * S + t] != 0.0) {
                z->nz_idx[o] = t;
                z->nz_val[o++] = g->next[k * S + t];
            }
    }
    z->nz_off[K] = o;
    return MPOL_OK;
}

/* mpol_i_sg_stage_matrix over the sparse rows: state s's stage game at continuation v. */
static void stage_matrix(const zs_run *z, size_t s, const double *v)
{
    const mpol_sg *g = z->g;
    size_t m = g->nactions[s * 2], n = g->nactions[s * 2 + 1];
    for (size_t k = g->offset[s]; k < g->offset[s + 1]; k++) {
        double c = 0.0;
        for (size_t e = z->nz_off[k]; e < z->nz_off[k + 1]; e++)
            c += z->nz_val[e] * v[z->nz_idx[e]];
        size_t loc = k - g->offset[s], i = loc % m, j = loc / m;
        z->A[i * n + j] = mpol_i_sg_payoff(g, k, 0) + mpol_i_sg_weight(g, k) * c;
    }
}

/* Solves S x = b (N x N, row-major, both overwritten; x into b) by Gaussian elimination with
 * partial pivoting; 0 when a pivot is below 1e-13 of the matrix's largest entry. The systems
 * are small (a support plus one), where GSL's LU spent more time on views and BLAS calls
 * than on arithmetic; the candidate is verified by mpol_zs_verify in any case. */
static int solve_small(double *S, double *b, size_t N)
{
    double big = 0.0;
    for (size_t i = 0; i < N * N; i++)
        big = fmax(big, fabs(S[i]));
    if (!(big > 0.0) || !isfinite(big))
        return 0;
    for (size_t c = 0; c < N; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < N; r++)
            if (fabs(S[r * N + c]) > fabs(S[piv * N + c]))
                piv = r;
        if (!(fabs(S[piv * N + c]) > 1e-13 * big))
            return 0;
        if (piv != c) {
            for (size_t j = c; j < N; j++) {
                double t = S[c * N + j];
                S[c * N + j] = S[piv * N + j];
                S[piv * N + j] = t;
            }
            double t = b[c];
            b[c] = b[piv];
            b[piv] = t;
        }
        for (size_t r = c + 1; r < N; r++) {
            double f = S[r * N + c] / S[c * N + c];
            if (f == 0.0)
                continue;
            for (size_t j = c + 1; j < N; j++)
                S[r * N + j] -= f * S[c * N + j];
            b[r] -= f * b[c];
        }
    }
    for (size_t c = N; c-- > 0;) {
        double v = b[c];
        for (size_t j = c + 1; j < N; j++)
            v -= S[c * N + j] * b[j];
        b[c] = v / S[c * N + c];
    }
    return 1;
}

/* Equalizer: sum_r M(r, c) p_r = val for c in C, sum p = 1 (M = A_IJ or its transpose). */
static int equalize(zs_run *z, size_t m, size_t n, const size_t *R, const size_t *C, size_t k,
                    int transpose, double *p)
{
    size_t N = k + 1;
    double *S = z->sys, *b = z->sys + N * N;
    for (size_t c = 0; c < k; c++) {
        for (size_t r = 0; r < k; r++)
            S[c * N + r] = transpose ? z->A[C[c] * n + R[r]] : z->A[R[r] * n + C[c]];
        S[c * N + k] = -1.0;
        b[c] = 0.0;
    }
    for (size_t r = 0; r < k; r++)
        S[k * N + r] = 1.0;
    S[k * N + k] = 0.0;
    b[k] = 1.0;
    (void)m;
    if (!solve_small(S, b, N))
        return 0;
    double sum = 0.0;
    for (size_t r = 0; r < k; r++) {
        if (!(b[r] >= -1e-9))
            return 0;
        sum += p[R[r]] = b[r] > 0 ? b[r] : 0.0;
    }
    /* Back onto the simplex: the solve's rounding left a one-action support at 1 + 2^-52. */
    if (!(sum > 0.0))
        return 0;
    for (size_t r = 0; r < k; r++)
        p[R[r]] /= sum;
    return 1;
}

/* Tries the previous supports of state s (x, y hold them); 1 when the candidate is optimal. */
static int warm(zs_run *z, size_t m, size_t n, double *x, double *y)
{
    size_t I[m], J[n], ni = 0, nj = 0;
    for (size_t i = 0; i < m; i++)
        if (x[i] > SG_SUPPORT_TOL)
            I[ni++] = i;
    for (size_t j = 0; j < n; j++)
        if (y[j] > SG_SUPPORT_TOL)
            J[nj++] = j;
    if (ni != nj || ni == 0)
        return 0;
    double px[m], py[n];
    memset(px, 0, sizeof px);
    memset(py, 0, sizeof py);
    if (!equalize(z, m, n, I, J, ni, 0, px) || !equalize(z, m, n, J, I, nj, 1, py))
        return 0;
    mpol_zs_check c;
    if (mpol_zs_verify(&c, z->A, m, n, px, py, z->opts->tol * 1e-3) != MPOL_OK || !c.ok)
        return 0;
    memcpy(x, px, sizeof px);
    memcpy(y, py, sizeof py);
    z->stage_gap = fmax(z->stage_gap, c.gap);
    return 1;
}

/* Solves the stage game of state s at continuation v into the result's strategies; its value
 * into *val. */
static mpol_status stage(zs_run *z, size_t s, const double *v, int try_warm, double *val)
{
    const mpol_sg *g = z->g;
    size_t m = g->nactions[2 * s], n = g->nactions[2 * s + 1];
    double *x = z->r->strategy + mpol_sg_strategy_offset(g, s, 0), *y = x + m;
    stage_matrix(z, s, v);
    z->r->stage_solves++;
    if (try_warm && z->opts->warm && warm(z, m, n, x, y)) {
        z->r->warm_hits++;
    } else {
        mpol_status st = mpol_zs_solve_ws(z->ws, z->A, m, n, x, y, val);
        if (st == MPOL_EVERIFY || st == MPOL_ENUMERIC) {
            mpol_zs_opts o;
            mpol_zs_opts_init(&o);
            o.eliminate = MPOL_ZS_ELIM_NONE;
            mpol_zs_result *res = NULL;
            st = mpol_zs_solve(&res, z->A, m, n, &o);
            if (res != NULL && (st == MPOL_OK || st == MPOL_EVERIFY)) {
                memcpy(x, res->x, m * sizeof *x);
                memcpy(y, res->y, n * sizeof *y);
                st = MPOL_OK;
            }
            mpol_zs_result_free(res);
        }
        if (st != MPOL_OK)
            return st;
        z->stage_gap = fmax(z->stage_gap, mpol_zs_workspace_check(z->ws)->gap);
    }
    double s_val = 0.0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            s_val += x[i] * z->A[i * n + j] * y[j];
    *val = s_val;
    return MPOL_OK;
}

/* One sweep of value iteration: vnext = T v. Returns ||vnext - v||. */
static mpol_status sweep(zs_run *z, int try_warm, double *diff)
{
    double d = 0.0;
    z->stage_gap = 0.0;
    for (size_t s = 0; s < z->g->nstates; s++) {
        mpol_status st = stage(z, s, z->v, try_warm, &z->vnext[s]);
        if (st != MPOL_OK)
            return st;
        d = fmax(d, fabs(z->vnext[s] - z->v[s]));
    }
    *diff = d;
    return MPOL_OK;
}

static mpol_status value_iteration(zs_run *z, double tol_abs)
{
    size_t max_iter = z->opts->max_iter ? z->opts->max_iter : 100000;
    double beta = z->r->beta;
    for (size_t k = 0; k < max_iter; k++) {
        double d;
        mpol_status st = sweep(z, k > 0, &d);
        if (st != MPOL_OK)
            return st;
        memcpy(z->v, z->vnext, z->g->nstates * sizeof *z->v);
        z->r->vi_iterations = k + 1;
        z->r->vi_bound = (beta * d + z->stage_gap) / (1.0 - beta);
        if (z->r->vi_bound <= tol_abs)
            return MPOL_OK;
    }
    return mpol_error(MPOL_ELIMIT,
                      "mpol_sg_solve: value iteration did not reach its bound in "
                      "%zu sweeps (bound %.3g)",
                      max_iter, z->r->vi_bound);
}

static mpol_status hoffman_karp(zs_run *z, double scale)
{
    const mpol_sg *g = z->g;
    double *U = mpol_malloc(2 * g->nstates * sizeof *U);
    if (U == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    mpol_status st = MPOL_OK;
    for (size_t round = 0; round < SG_HK_MAX_ROUNDS && st == MPOL_OK; round++) {
        double d;
        if ((st = sweep(z, 1, &d)) != MPOL_OK)
            break;
        /* The minimiser's exact best reply to the maximiser's stage strategies. */
        if ((st = mpol_i_sg_best_reply(g, z->r->strategy, 1, z->r->strategy, U)) != MPOL_OK)
            break;
        double change = 0.0;
        for (size_t s = 0; s < g->nstates; s++) {
            change = fmax(change, fabs(U[2 * s] - z->v[s]));
            z->v[s] = U[2 * s];
        }
        z->r->pi_iterations = round + 1;
        if (change <= SG_HK_TOL * scale)
            break;
    }
    mpol_free(U);
    if (st != MPOL_OK)
        return st;
    double d;
    return sweep(z, 1, &d); /* the stage-optimal strategies at the final values */
}

static mpol_status run_alloc(zs_run *z)
{
    const mpol_sg *g = z->g;
    for (size_t s = 0; s < g->nstates; s++) {
        z->mmax = g->nactions[2 * s] > z->mmax ? g->nactions[2 * s] : z->mmax;
        z->nmax = g->nactions[2 * s + 1] > z->nmax ? g->nactions[2 * s + 1] : z->nmax;
    }
    size_t k = (z->mmax < z->nmax ? z->mmax : z->nmax) + 1;
    mpol_status st = mpol_zs_workspace_alloc(&z->ws, z->mmax, z->nmax);
    if (st != MPOL_OK)
        return st;
    z->A = mpol_malloc(z->mmax * z->nmax * sizeof *z->A);
    z->sys = mpol_malloc((k * k + k) * sizeof *z->sys);
    z->v = mpol_calloc(g->nstates, sizeof *z->v);
    z->vnext = mpol_calloc(g->nstates, sizeof *z->vnext);
    if (z->A == NULL || z->sys == NULL || z->v == NULL || z->vnext == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    if ((st = sparse_next(z)) != MPOL_OK)
        return st;
    return mpol_zs_workspace_set_tol(z->ws, z->opts->tol);
}

mpol_status mpol_i_sg_solve_zs(mpol_sg_result *r, const mpol_sg *g, const mpol_sg_opts *opts)
{
    zs_run z = {.g = g, .opts = opts, .r = r};
    mpol_i_gsl_init();
    mpol_status st = run_alloc(&z);
    double scale = mpol_i_sg_scale(g, r->beta);
    mpol_sg_method method = opts->method == MPOL_SG_AUTO ? MPOL_SG_SHAPLEY : opts->method;
    r->method = method;
    if (st == MPOL_OK && method != MPOL_SG_POLICY_ITERATION) {
        double vi_tol = opts->vi_tol > 0                    ? opts->vi_tol
                        : method == MPOL_SG_VALUE_ITERATION ? opts->tol * 0.1
                                                            : 1e-6;
        st = value_iteration(&z, vi_tol * scale);
    }
    if (st == MPOL_OK && method != MPOL_SG_VALUE_ITERATION)
        st = hoffman_karp(&z, scale);
    if (st == MPOL_OK) {
        for (size_t s = 0; s < g->nstates; s++) {
            r->value[2 * s] = z.v[s];
            r->value[2 * s + 1] = -z.v[s];
        }
        st = mpol_sg_zs_verify(&r->check, g, z.v, r->strategy, opts->tol);
    }
    mpol_zs_workspace_free(z.ws);
    mpol_free(z.A);
    mpol_free(z.sys);
    mpol_free(z.v);
    mpol_free(z.vnext);
    mpol_free(z.nz_off);
    mpol_free(z.nz_idx);
    mpol_free(z.nz_val);
    return st;
}
