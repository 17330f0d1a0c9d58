/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parts shared by the n-player Nash solvers: the independent
 * certificate mpol_nash_regret() (expected payoffs and best-deviation gains straight from the
 * game's payoff table, long-double accumulation), result lists, payoffs scaled per player to
 * [0, 1], the expected-payoff tables U and T of a mixed profile (one pass over the cells with
 * prefix/suffix products, O(cells * N^2)), and Newton's method on the indifference system of
 * a support. Newton's steps use the SVD pseudo-inverse, so singular systems (degenerate games,
 * unbalanced supports) still give a least-squares, minimum-norm step.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "core/gsl_guard_internal.h"
#include "core/rng_internal.h"
#include "multipolar/nash.h"
#include "nash/nash_internal.h"

/* Newton iteration and backtracking limits. */
#define NEWTON_MAX_ITER 40
#define NEWTON_MAX_HALVINGS 12

void mpol_nash_result_free(mpol_nash_result *result)
{
    if (result == NULL)
        return;
    mpol_free(result->offset);
    mpol_free(result->prob);
    mpol_free(result->payoff);
    mpol_free(result->regret);
    mpol_free(result->max_regret);
    mpol_free(result->pure);
    mpol_free(result);
}

mpol_status mpol_i_nash_check_game(const mpol_game *game, const char *who)
{
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "%s: game is NULL", who);
    if (game->nplayers == 0 || game->payoff == NULL || game->nstrategies == NULL)
        return mpol_error(MPOL_EINVAL, "%s: the game has no players", who);
    for (size_t i = 0; i < game->ncells * game->nplayers; i++)
        if (!isfinite(game->payoff[i]))
            return mpol_error(MPOL_EINVAL, "%s: payoff %zu of cell %zu is not finite", who,
                              i % game->nplayers + 1, i / game->nplayers);
    return MPOL_OK;
}

mpol_status mpol_i_nash_begin(mpol_nash_result **out, const mpol_game *game, const char *who)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_i_gsl_init(); /* the Nash solvers call GSL's linear algebra and integrators */
    return mpol_i_nash_check_game(game, who);
}

mpol_status mpol_nash_regret(const mpol_game *game, const double *prob, double *payoff,
                             double *regret, double *max_regret)
{
    if (game == NULL || prob == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nash_regret: game or profile is NULL");
    size_t n = game->nplayers, ntot = 0;
    for (size_t p = 0; p < n; p++)
        ntot += game->nstrategies[p];
    long double *acc = mpol_calloc(ntot + 2 * (n + 1), sizeof *acc);
    size_t *prof = mpol_calloc(2 * n + 1, sizeof *prof);
    if (acc == NULL || prof == NULL) {
        mpol_free(acc);
        mpol_free(prof);
        return mpol_error(MPOL_ENOMEM, "mpol_nash_regret: out of memory");
    }
    long double *pre = acc + ntot, *suf = pre + n + 1;
    size_t *off = prof + n;
    for (size_t p = 0; p < n; p++)
        off[p + 1] = off[p] + game->nstrategies[p];
    for (size_t c = 0; c < game->ncells; c++) {
        pre[0] = 1.0L;
        for (size_t p = 0; p < n; p++)
            pre[p + 1] = pre[p] * (long double)prob[off[p] + prof[p]];
        suf[n] = 1.0L;
        for (size_t p = n; p-- > 0;)
            suf[p] = suf[p + 1] * (long double)prob[off[p] + prof[p]];
        const double *pay = game->payoff + c * n;
        for (size_t p = 0; p < n; p++)
            acc[off[p] + prof[p]] += (long double)pay[p] * pre[p] * suf[p + 1];
        for (size_t p = 0; p < n; p++) {
            if (++prof[p] < game->nstrategies[p])
                break;
            prof[p] = 0;
        }
    }
    double worst = 0.0;
    for (size_t p = 0; p < n; p++) {
        long double u = 0.0L, best = acc[off[p]];
        for (size_t k = 0; k < game->nstrategies[p]; k++) {
            u += (long double)prob[off[p] + k] * acc[off[p] + k];
            if (acc[off[p] + k] > best)
                best = acc[off[p] + k];
        }
        double r = (double)(best - u);
        if (!(r > 0.0))
            r = 0.0;
        if (payoff != NULL)
            payoff[p] = (double)u;
        if (regret != NULL)
            regret[p] = r;
        if (r > worst)
            worst = r;
    }
    if (max_regret != NULL)
        *max_regret = worst;
    mpol_free(acc);
    mpol_free(prof);
    return MPOL_OK;
}

mpol_status mpol_i_nash_result_new(mpol_nash_result **out, const mpol_game *game, const char *who)
{
    *out = NULL;
    mpol_nash_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    r->nplayers = game->nplayers;
    r->offset = mpol_calloc(game->nplayers + 1, sizeof *r->offset);
    if (r->offset == NULL) {
        mpol_free(r);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    for (size_t p = 0; p < game->nplayers; p++)
        r->offset[p + 1] = r->offset[p] + game->nstrategies[p];
    r->nstrat_total = r->offset[game->nplayers];
    r->outcome = MPOL_SOLVED;
    *out = r;
    return MPOL_OK;
}

static mpol_status grow(void **p, size_t count, size_t size)
{
    void *q = mpol_realloc(*p, count * size);
    if (q == NULL)
        return MPOL_ENOMEM;
    *p = q;
    return MPOL_OK;
}

mpol_status mpol_i_nash_result_add(mpol_nash_result *res, const mpol_game *game, const double *prob,
                                   const size_t *pure, const char *who)
{
    size_t n = res->nplayers, nt = res->nstrat_total;
    if (res->count == res->capacity) {
        size_t cap = res->capacity ? 2 * res->capacity : 4;
        if (grow((void **)&res->prob, cap * nt, sizeof *res->prob) ||
            grow((void **)&res->payoff, cap * n, sizeof *res->payoff) ||
            grow((void **)&res->regret, cap * n, sizeof *res->regret) ||
            grow((void **)&res->max_regret, cap, sizeof *res->max_regret) ||
            (pure != NULL && grow((void **)&res->pure, cap * n, sizeof *res->pure)))
            return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        res->capacity = cap;
    }
    size_t i = res->count;
    memcpy(res->prob + i * nt, prob, nt * sizeof *prob);
    mpol_status st =
        mpol_nash_regret(game, prob, res->payoff + i * n, res->regret + i * n, res->max_regret + i);
    if (st != MPOL_OK)
        return st;
    if (pure != NULL)
        memcpy(res->pure + i * n, pure, n * sizeof *pure);
    res->count++;
    return MPOL_OK;
}

size_t mpol_i_nash_result_find(const mpol_nash_result *res, const double *prob, double tol)
{
    for (size_t i = 0; i < res->count; i++) {
        const double *q = res->prob + i * res->nstrat_total;
        size_t k = 0;
        while (k < res->nstrat_total && fabs(q[k] - prob[k]) <= tol)
            k++;
        if (k == res->nstrat_total)
            return i;
    }
    return res->count;
}

void mpol_i_nash_ws_free(mpol_i_nash_ws *ws)
{
    if (ws == NULL)
        return;
    mpol_free(ws->off);
    mpol_free(ws->toff);
    mpol_free(ws->pay);
    mpol_free(ws->scale);
    mpol_free(ws->U);
    mpol_free(ws->T);
    mpol_free(ws->prof);
    mpol_free(ws->pre);
    mpol_free(ws->jac);
    mpol_free(ws->sup_idx);
    mpol_free(ws);
}

mpol_status mpol_i_nash_ws_alloc(mpol_i_nash_ws **out, const mpol_game *game, const char *who)
{
    *out = NULL;
    size_t n = game->nplayers;
    mpol_i_nash_ws *ws = mpol_calloc(1, sizeof *ws);
    if (ws == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    ws->n = n;
    ws->ns = game->nstrategies;
    ws->ncells = game->ncells;
    ws->off = mpol_calloc(n + 1, sizeof *ws->off);
    ws->toff = mpol_calloc(n * n, sizeof *ws->toff);
    ws->prof = mpol_calloc(n, sizeof *ws->prof);
    ws->pre = mpol_calloc(2 * (n + 1), sizeof *ws->pre);
    ws->scale = mpol_calloc(2 * n, sizeof *ws->scale);
    ws->pay = mpol_malloc(game->ncells * n * sizeof *ws->pay);
    if (!ws->off || !ws->toff || !ws->prof || !ws->pre || !ws->scale || !ws->pay)
        goto nomem;
    ws->suf = ws->pre + n + 1;
    ws->shift = ws->scale + n;
    for (size_t p = 0; p < n; p++)
        ws->off[p + 1] = ws->off[p] + game->nstrategies[p];
    ws->ntot = ws->off[n];
    for (size_t p = 0; p < n; p++)
        for (size_t q = 0; q < n; q++) {
            ws->toff[p * n + q] = ws->tsize;
            if (p != q)
                ws->tsize += game->nstrategies[p] * game->nstrategies[q];
        }
    size_t nt = ws->ntot;
    ws->U = mpol_calloc(nt, sizeof *ws->U);
    ws->T = mpol_calloc(ws->tsize + 1, sizeof *ws->T);
    ws->jac = mpol_calloc(3 * nt * nt + 7 * nt, sizeof *ws->jac);
    ws->sup_idx = mpol_calloc(nt, sizeof *ws->sup_idx);
    if (!ws->U || !ws->T || !ws->jac || !ws->sup_idx)
        goto nomem;
    ws->sv_v = ws->jac + nt * nt;
    ws->sv_s = ws->sv_v + nt * nt;
    ws->sv_work = ws->sv_s + nt;
    ws->fval = ws->sv_work + nt;
    ws->step = ws->fval + nt;
    ws->trial = ws->step + nt;
    ws->xbest = ws->trial + nt;
    /* Scale each player's payoffs affinely to [0, 1]: equilibria do not change, and lambda
     * and the tolerances get a meaning independent of the payoff unit. */
    ws->range = 0.0;
    for (size_t p = 0; p < n; p++) {
        double lo = game->payoff[p], hi = lo;
        for (size_t c = 0; c < game->ncells; c++) {
            double v = game->payoff[c * n + p];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        ws->shift[p] = lo;
        ws->scale[p] = hi > lo ? hi - lo : 1.0;
        if (hi - lo > ws->range)
            ws->range = hi - lo;
        for (size_t c = 0; c < game->ncells; c++)
            ws->pay[c * n + p] = (game->payoff[c * n + p] - lo) / ws->scale[p];
    }
    *out = ws;
    return MPOL_OK;
nomem:
    mpol_i_nash_ws_free(ws);
    return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
}

void mpol_i_nash_tables(mpol_i_nash_ws *ws, const double *sigma, int want_t)
{
    size_t n = ws->n;
    const size_t *off = ws->off, *ns = ws->ns, *toff = ws->toff;
    size_t *prof = ws->prof;
    double *pre = ws->pre, *suf = ws->suf, *U = ws->U, *T = ws->T;
    memset(U, 0, ws->ntot * sizeof *U);
    if (want_t)
        memset(T, 0, ws->tsize * sizeof *T);
    memset(prof, 0, n * sizeof *prof);
    for (size_t c = 0; c < ws->ncells; c++) {
        const double *pay = ws->pay + c * n;
        pre[0] = 1.0;
        for (size_t p = 0; p < n; p++)
            pre[p + 1] = pre[p] * sigma[off[p] + prof[p]];
        suf[n] = 1.0;
        for (size_t p = n; p-- > 0;)
            suf[p] = suf[p + 1] * sigma[off[p] + prof[p]];
        for (size_t p = 0; p < n; p++)
            U[off[p] + prof[p]] += pay[p] * pre[p] * suf[p + 1];
        if (want_t) {
            for (size_t p = 0; p < n; p++) {
                double mid = 1.0;
                for (size_t q = p + 1; q < n; q++) {
                    double w = pre[p] * mid * suf[q + 1];
                    T[toff[p * n + q] + prof[p] * ns[q] + prof[q]] += pay[p] * w;
                    T[toff[q * n + p] + prof[q] * ns[p] + prof[p]] += pay[q] * w;
                    mid *= sigma[off[q] + prof[q]];
                }
            }
        }
        for (size_t p = 0; p < n; p++) {
            if (++prof[p] < ns[p])
                break;
            prof[p] = 0;
        }
    }
}

/* Residual of the support system at sigma (full vector, zero off the support); fills
 * ws->fval[0..m) and returns its max norm. Rows: per player, the sum row then the
 * indifference rows against the first support strategy. */
static double support_residual(mpol_i_nash_ws *ws, const unsigned char *support,
                               const double *sigma, int want_t)
{
    mpol_i_nash_tables(ws, sigma, want_t);
    double norm = 0.0;
    size_t row = 0;
    for (size_t p = 0; p < ws->n; p++) {
        double sum = -1.0;
        size_t ref = SIZE_MAX;
        for (size_t k = 0; k < ws->ns[p]; k++) {
            if (!support[ws->off[p] + k])
                continue;
            sum += sigma[ws->off[p] + k];
            if (ref == SIZE_MAX)
                ref = k;
        }
        ws->fval[row] = sum;
        norm = fmax(norm, fabs(sum));
        size_t r = row + 1;
        for (size_t k = ref + 1; k < ws->ns[p]; k++) {
            if (!support[ws->off[p] + k])
                continue;
            double f = ws->U[ws->off[p] + k] - ws->U[ws->off[p] + ref];
            ws->fval[r++] = f;
            norm = fmax(norm, fabs(f));
        }
        row = r;
    }
    return norm;
}

/* Jacobian of the support system (m x m, row-major in ws->jac) from ws->T. */
static void support_jacobian(mpol_i_nash_ws *ws, const unsigned char *support, size_t m)
{
    size_t n = ws->n;
    double *J = ws->jac;
    memset(J, 0, m * m * sizeof *J);
    /* Column index of every support strategy. */
    size_t col = 0;
    for (size_t i = 0; i < ws->ntot; i++)
        ws->sup_idx[i] = support[i] ? col++ : SIZE_MAX;
    size_t row = 0;
    for (size_t p = 0; p < n; p++) {
        size_t ref = SIZE_MAX;
        for (size_t k = 0; k < ws->ns[p]; k++)
            if (support[ws->off[p] + k]) {
                if (ref == SIZE_MAX)
                    ref = k;
                J[row * m + ws->sup_idx[ws->off[p] + k]] = 1.0;
            }
        row++;
        for (size_t k = ref + 1; k < ws->ns[p]; k++) {
            if (!support[ws->off[p] + k])
                continue;
            for (size_t q = 0; q < n; q++) {
                if (q == p)
                    continue;
                const double *Tk = ws->T + ws->toff[p * n + q] + k * ws->ns[q];
                const double *Tr = ws->T + ws->toff[p * n + q] + ref * ws->ns[q];
                for (size_t j = 0; j < ws->ns[q]; j++)
                    if (support[ws->off[q] + j])
                        J[row * m + ws->sup_idx[ws->off[q] + j]] = Tk[j] - Tr[j];
            }
            row++;
        }
    }
}

int mpol_i_nash_newton_support(mpol_i_nash_ws *ws, const unsigned char *support, double *sigma)
{
    size_t m = 0, nt = ws->ntot;
    for (size_t i = 0; i < nt; i++) {
        if (support[i])
            m++;
        else
            sigma[i] = 0.0;
    }
    double res = support_residual(ws, support, sigma, 1);
    for (int it = 0; it < NEWTON_MAX_ITER; it++) {
        if (res <= MPOL_I_NASH_NEWTON_FTOL)
            return 1;
        if (it > 0)
            mpol_i_nash_tables(ws, sigma, 1); /* the residual of the last trial left U only */
        support_jacobian(ws, support, m);
        gsl_matrix_view A = gsl_matrix_view_array(ws->jac, m, m);
        gsl_matrix_view V = gsl_matrix_view_array(ws->sv_v, m, m);
        gsl_vector_view S = gsl_vector_view_array(ws->sv_s, m);
        gsl_vector_view W = gsl_vector_view_array(ws->sv_work, m);
        if (m > 1) {
            if (gsl_linalg_SV_decomp(&A.matrix, &V.matrix, &S.vector, &W.vector) != GSL_SUCCESS)
                return 0;
        } else {
            /* 1 x 1: A = |a| * sign, V = 1. */
            double a = ws->jac[0];
            ws->sv_s[0] = fabs(a);
            ws->jac[0] = a < 0 ? -1.0 : 1.0;
            ws->sv_v[0] = 1.0;
        }
        /* step = -V diag(1/s) U^T f, dropping tiny singular values. */
        double smax = ws->sv_s[0];
        if (!(smax > 0.0))
            return 0;
        for (size_t i = 0; i < m; i++)
            ws->step[i] = 0.0;
        for (size_t k = 0; k < m; k++) {
            double s = ws->sv_s[k];
            if (s <= MPOL_I_NASH_SVD_RCOND * smax)
                continue;
            double c = 0.0;
            for (size_t i = 0; i < m; i++)
                c += ws->jac[i * m + k] * ws->fval[i];
            c /= s;
            for (size_t i = 0; i < m; i++)
                ws->step[i] -= ws->sv_v[i * m + k] * c;
        }
        /* Backtracking on the max-norm residual. */
        double t = 1.0;
        int improved = 0;
        memcpy(ws->xbest, sigma, nt * sizeof *sigma);
        for (int h = 0; h < NEWTON_MAX_HALVINGS; h++, t *= 0.5) {
            memcpy(ws->trial, ws->xbest, nt * sizeof *sigma);
            for (size_t i = 0; i < nt; i++)
                if (support[i])
                    ws->trial[i] += t * ws->step[ws->sup_idx[i]];
            double r = support_residual(ws, support, ws->trial, 0);
            if (isfinite(r) && r < res) {
                memcpy(sigma, ws->trial, nt * sizeof *sigma);
                res = r;
                improved = 1;
                break;
            }
        }
        if (!improved) {
            memcpy(sigma, ws->xbest, nt * sizeof *sigma);
            return res <= MPOL_I_NASH_NEWTON_FTOL * 1e3;
        }
    }
    return res <= MPOL_I_NASH_NEWTON_FTOL;
}

int mpol_i_nash_accept(const mpol_game *game, double *sigma, size_t ntot, const size_t *off,
                       double tol_abs, double *max_regret)
{
    for (size_t i = 0; i < ntot; i++)
        if (!(sigma[i] >= -MPOL_I_NASH_NEG_TOL))
            return 0;
    for (size_t p = 0; p < game->nplayers; p++) {
        double sum = 0.0;
        for (size_t i = off[p]; i < off[p + 1]; i++) {
            sigma[i] = sigma[i] < 0.0 ? 0.0 : (sigma[i] > 1.0 ? 1.0 : sigma[i]);
            sum += sigma[i];
        }
        if (!(sum > 0.0))
            return 0;
        for (size_t i = off[p]; i < off[p + 1]; i++)
            sigma[i] /= sum;
    }
    double mr;
    if (mpol_nash_regret(game, sigma, NULL, NULL, &mr) != MPOL_OK)
        return -1;
    if (max_regret != NULL)
        *max_regret = mr;
    return mr <= tol_abs;
}

double mpol_i_nash_rng_uniform(uint64_t *state)
{
    return mpol_i_rng_uniform(state);
}
