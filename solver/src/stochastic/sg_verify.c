/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of stationary strategies in stochastic games.
 *
 * Zero-sum: with the claimed values v as continuation, state s's stage game G_s(v) is a matrix
 * game; mpol_zs_verify measures the duality gap of (x_s, y_s) in it, and the Bellman residual
 * is |v(s) - x_s' G_s(v) y_s|. Their sum e_s bounds |T v(s) - v(s)| for Shapley's operator T,
 * so ||v - v*|| <= max_s e_s / (1 - beta) (contraction), and each player's strategies
 * guarantee the values within that bound plus as much again.
 *
 * General-sum: the exact continuation values U of the profile are recomputed by one linear
 * solve; player p's regret in state s is max_a Q_p(s, a) - U_p(s). By the one-shot deviation
 * principle no stationary deviation gains more than max regret / (1 - beta).
 */
#include <math.h>
#include <string.h>

#include "multipolar/zerosum.h"
#include "stochastic/sg_internal.h"

void mpol_sg_check_free(mpol_sg_check *c)
{
    if (c == NULL)
        return;
    mpol_free(c->gap);
    mpol_free(c->residual);
    mpol_free(c->regret);
    mpol_free(c->error);
    mpol_free(c);
}

mpol_status mpol_i_sg_check_new(mpol_sg_check **out, const mpol_sg *g, int zero_sum)
{
    mpol_sg_check *c = mpol_calloc(1, sizeof *c);
    if (c == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    c->nstates = g->nstates;
    c->nplayers = g->nplayers;
    c->error = mpol_calloc(g->nstates, sizeof *c->error);
    int bad = c->error == NULL;
    if (zero_sum) {
        c->gap = mpol_calloc(g->nstates, sizeof *c->gap);
        c->residual = mpol_calloc(g->nstates, sizeof *c->residual);
        bad = bad || c->gap == NULL || c->residual == NULL;
    } else {
        c->regret = mpol_calloc(g->nstates * g->nplayers, sizeof *c->regret);
        bad = bad || c->regret == NULL;
    }
    if (bad) {
        mpol_sg_check_free(c);
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    }
    *out = c;
    return MPOL_OK;
}

static void finish(mpol_sg_check *c, const mpol_sg *g, double beta, double tol)
{
    c->max_error = 0.0;
    int finite = 1;
    for (size_t s = 0; s < c->nstates; s++) {
        if (!isfinite(c->error[s]))
            finite = 0;
        c->max_error = fmax(c->max_error, c->error[s]);
    }
    c->bound = c->max_error / (1.0 - beta);
    c->scale = mpol_i_sg_scale(g, beta);
    c->tol = tol;
    c->ok = finite && c->bound <= tol * c->scale;
}

static mpol_status verify_args(mpol_sg_check **out, const mpol_sg *g, const void *a, const void *b,
                               double tol, double *beta)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sg_verify: out is NULL");
    *out = NULL;
    if (a == NULL || b == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sg_verify: NULL argument");
    if (!(tol > 0.0 && tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_sg_verify: tol %g is not in (0, 1)", tol);
    return mpol_sg_validate(g, beta);
}

/* x' A y for row-major A (m x n). */
static double bilinear(const double *A, size_t m, size_t n, const double *x, const double *y)
{
    double v = 0.0;
    for (size_t i = 0; i < m; i++) {
        double r = 0.0;
        for (size_t j = 0; j < n; j++)
            r += A[i * n + j] * y[j];
        v += x[i] * r;
    }
    return v;
}

mpol_status mpol_sg_zs_verify(mpol_sg_check **out, const mpol_sg *g, const double *value,
                              const double *strategy, double tol)
{
    double beta = 0.0;
    mpol_status st = verify_args(out, g, value, strategy, tol, &beta);
    if (st != MPOL_OK)
        return st;
    if (!g->zero_sum)
        return mpol_error(MPOL_EINVAL, "mpol_sg_zs_verify: not a zero-sum game");
    mpol_sg_check *c = NULL;
    double *A = mpol_malloc(mpol_i_sg_max_profiles(g) * sizeof *A);
    if (A == NULL || (st = mpol_i_sg_check_new(&c, g, 1)) != MPOL_OK) {
        mpol_free(A);
        return A == NULL ? mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory") : st;
    }
    for (size_t s = 0; s < g->nstates && st == MPOL_OK; s++) {
        size_t m = g->nactions[2 * s], n = g->nactions[2 * s + 1];
        const double *x = strategy + mpol_sg_strategy_offset(g, s, 0), *y = x + m;
        mpol_i_sg_stage_matrix(g, s, value, 1, A);
        mpol_zs_check zc;
        if ((st = mpol_zs_verify(&zc, A, m, n, x, y, 0.5)) != MPOL_OK)
            break;
        /* A strategy off the simplex is no strategy: count its violation at the value scale. */
        c->gap[s] = zc.gap + zc.simplex_error * zc.scale;
        c->residual[s] = fabs(value[s] - bilinear(A, m, n, x, y));
        c->error[s] = c->gap[s] + c->residual[s];
    }
    mpol_free(A);
    if (st != MPOL_OK) {
        mpol_sg_check_free(c);
        return st;
    }
    finish(c, g, beta, tol);
    *out = c;
    return MPOL_OK;
}

/* The largest violation of the simplex constraints of player p's strategy in state s. */
static double simplex_error(const mpol_sg *g, const double *strategy, size_t s, size_t p)
{
    size_t na = g->nactions[s * g->nplayers + p];
    const double *x = strategy + mpol_sg_strategy_offset(g, s, p);
    double sum = 0.0, err = 0.0;
    for (size_t a = 0; a < na; a++) {
        if (!(x[a] >= 0.0))
            err = fmax(err, isnan(x[a]) ? HUGE_VAL : -x[a]);
        sum += x[a];
    }
    return fmax(err, fabs(sum - 1.0));
}

static void regrets(mpol_sg_check *c, const mpol_sg *g, const double *strategy, const double *U,
                    double *q)
{
    double scale = mpol_i_sg_scale(g, 0.0);
    for (size_t s = 0; s < g->nstates; s++) {
        c->error[s] = 0.0;
        for (size_t p = 0; p < g->nplayers; p++) {
            size_t na = g->nactions[s * g->nplayers + p];
            mpol_i_sg_action_values(g, strategy, s, p, U, q);
            double best = -HUGE_VAL;
            for (size_t a = 0; a < na; a++)
                best = fmax(best, q[a]);
            double r = fmax(0.0, best - U[s * g->nplayers + p]);
            r += simplex_error(g, strategy, s, p) * scale;
            c->regret[s * g->nplayers + p] = r;
            c->error[s] = fmax(c->error[s], r);
        }
    }
}

mpol_status mpol_sg_verify(mpol_sg_check **out, double **values, const mpol_sg *g,
                           const double *strategy, double tol)
{
    if (values != NULL)
        *values = NULL;
    double beta = 0.0;
    mpol_status st = verify_args(out, g, strategy, strategy, tol, &beta);
    if (st != MPOL_OK)
        return st;
    size_t amax = 0;
    for (size_t i = 0; i < g->nstates * g->nplayers; i++)
        amax = g->nactions[i] > amax ? g->nactions[i] : amax;
    double *U = mpol_malloc(g->nstates * g->nplayers * sizeof *U);
    double *q = mpol_malloc(amax * sizeof *q);
    mpol_sg_check *c = NULL;
    if (U == NULL || q == NULL)
        st = mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    if (st == MPOL_OK)
        st = mpol_i_sg_check_new(&c, g, 0);
    if (st == MPOL_OK)
        st = mpol_i_sg_profile_values(g, strategy, U);
    if (st == MPOL_OK) {
        regrets(c, g, strategy, U, q);
        finish(c, g, beta, tol);
    }
    mpol_free(q);
    if (st != MPOL_OK) {
        mpol_free(U);
        mpol_sg_check_free(c);
        return st;
    }
    if (values != NULL)
        *values = U;
    else
        mpol_free(U);
    *out = c;
    return MPOL_OK;
}
