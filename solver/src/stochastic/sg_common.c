/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file holds what both families of stochastic games share: validation, the layout of
 * stationary strategies, stage games with continuation values, action values, and the exact
 * values of a stationary profile by one linear solve (GSL LU, inside the GSL guard).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "core/gsl_guard_internal.h"
#include "stochastic/sg_internal.h"

/* Probabilities must sum to 1 within this. */
#define SG_SUM_TOL 1e-9

static mpol_status check_sizes(const mpol_sg *g)
{
    if (g->nplayers == 0 || g->nplayers > MPOL_SG_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "mpol_sg: %zu players (1 to %d)", g->nplayers,
                          MPOL_SG_MAX_PLAYERS);
    if (g->nstates == 0 || g->nstates > MPOL_SG_MAX_STATES)
        return mpol_error(MPOL_EINVAL, "mpol_sg: %zu states (1 to %d)", g->nstates,
                          MPOL_SG_MAX_STATES);
    if (g->zero_sum && g->nplayers != 2)
        return mpol_error(MPOL_EINVAL, "mpol_sg: a zero-sum game has two players");
    if (g->nactions == NULL || g->offset == NULL || g->payoff == NULL || g->next == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sg: NULL array");
    if (g->offset[0] != 0)
        return mpol_error(MPOL_EINVAL, "mpol_sg: offset[0] is not 0");
    for (size_t s = 0; s < g->nstates; s++) {
        size_t cells = 1;
        for (size_t p = 0; p < g->nplayers; p++) {
            size_t a = g->nactions[s * g->nplayers + p];
            if (a == 0 || cells > ((size_t)1 << 24) / a)
                return mpol_error(MPOL_EINVAL, "mpol_sg: state %zu: bad action counts", s);
            cells *= a;
        }
        if (g->offset[s + 1] - g->offset[s] != cells || g->offset[s + 1] < g->offset[s])
            return mpol_error(MPOL_EINVAL, "mpol_sg: state %zu has %zu profiles, not %zu", s,
                              g->offset[s + 1] - g->offset[s], cells);
    }
    if (g->offset[g->nstates] > ((size_t)1 << 24) / g->nstates)
        return mpol_error(MPOL_EINVAL, "mpol_sg: more than 2^24 transition entries");
    return MPOL_OK;
}

static mpol_status check_profile(const mpol_sg *g, size_t k, double *beta)
{
    for (size_t p = 0; p < (g->zero_sum ? 1 : g->nplayers); p++)
        if (!isfinite(g->payoff[k * g->nplayers + p]))
            return mpol_error(MPOL_EINVAL, "mpol_sg: profile %zu: payoff not finite", k);
    double sum = 0.0;
    for (size_t t = 0; t < g->nstates; t++) {
        double q = g->next[k * g->nstates + t];
        if (!(q >= 0.0 && q <= 1.0))
            return mpol_error(MPOL_EINVAL, "mpol_sg: profile %zu: probability %g", k, q);
        sum += q;
    }
    if (fabs(sum - 1.0) > SG_SUM_TOL)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sg: profile %zu: next-state probabilities sum to %.12g", k, sum);
    if (g->stop != NULL && !(g->stop[k] >= 0.0 && g->stop[k] <= 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_sg: profile %zu: stop probability %g", k, g->stop[k]);
    double w = mpol_i_sg_weight(g, k);
    if (w > *beta)
        *beta = w;
    return MPOL_OK;
}

mpol_status mpol_sg_validate(const mpol_sg *g, double *beta)
{
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sg: game is NULL");
    mpol_status st = check_sizes(g);
    if (st != MPOL_OK)
        return st;
    if (!(g->discount > 0.0 && g->discount <= 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_sg: discount %g is not in (0, 1]", g->discount);
    double b = 0.0;
    for (size_t k = 0; k < g->offset[g->nstates]; k++)
        if ((st = check_profile(g, k, &b)) != MPOL_OK)
            return st;
    if (!(b < 1.0 - 1e-12))
        return mpol_error(MPOL_EINVAL, "mpol_sg: the game need not end: discount 1 and a profile "
                                       "with stop probability 0");
    if (beta != NULL)
        *beta = b;
    return MPOL_OK;
}

size_t mpol_sg_strategy_size(const mpol_sg *g)
{
    size_t n = 0;
    for (size_t i = 0; g != NULL && i < g->nstates * g->nplayers; i++)
        n += g->nactions[i];
    return n;
}

size_t mpol_sg_strategy_offset(const mpol_sg *g, size_t s, size_t p)
{
    size_t n = 0;
    for (size_t i = 0; i < s * g->nplayers + p; i++)
        n += g->nactions[i];
    return n;
}

size_t mpol_i_sg_max_profiles(const mpol_sg *g)
{
    size_t mx = 0;
    for (size_t s = 0; s < g->nstates; s++)
        if (g->offset[s + 1] - g->offset[s] > mx)
            mx = g->offset[s + 1] - g->offset[s];
    return mx;
}

size_t mpol_i_sg_action(const mpol_sg *g, size_t s, size_t k, size_t p)
{
    for (size_t q = 0; q < p; q++)
        k /= g->nactions[s * g->nplayers + q];
    return k % g->nactions[s * g->nplayers + p];
}

void mpol_i_sg_stage(const mpol_sg *g, size_t s, size_t p, const double *cont, size_t stride,
                     double *out)
{
    for (size_t k = g->offset[s]; k < g->offset[s + 1]; k++) {
        const double *nx = g->next + k * g->nstates;
        double c = 0.0;
        for (size_t t = 0; t < g->nstates; t++)
            c += nx[t] * cont[t * stride];
        out[k - g->offset[s]] = mpol_i_sg_payoff(g, k, p) + mpol_i_sg_weight(g, k) * c;
    }
}

void mpol_i_sg_stage_matrix(const mpol_sg *g, size_t s, const double *cont, size_t stride,
                            double *A)
{
    size_t m = g->nactions[s * 2], n = g->nactions[s * 2 + 1];
    for (size_t k = g->offset[s]; k < g->offset[s + 1]; k++) {
        const double *nx = g->next + k * g->nstates;
        double c = 0.0;
        for (size_t t = 0; t < g->nstates; t++)
            c += nx[t] * cont[t * stride];
        size_t loc = k - g->offset[s], i = loc % m, j = loc / m;
        A[i * n + j] = mpol_i_sg_payoff(g, k, 0) + mpol_i_sg_weight(g, k) * c;
    }
}

/* The probability of local profile k of state s under @p strategy, leaving out player
 * @p skip (nplayers: none). */
static double profile_prob(const mpol_sg *g, const double *strategy, size_t s, size_t k,
                           size_t skip)
{
    double pr = 1.0;
    size_t off = mpol_sg_strategy_offset(g, s, 0);
    for (size_t p = 0; p < g->nplayers; p++) {
        size_t na = g->nactions[s * g->nplayers + p];
        if (p != skip)
            pr *= strategy[off + k % na];
        k /= na;
        off += na;
    }
    return pr;
}

void mpol_i_sg_action_values(const mpol_sg *g, const double *strategy, size_t s, size_t p,
                             const double *U, double *q)
{
    size_t na = g->nactions[s * g->nplayers + p];
    memset(q, 0, na * sizeof *q);
    for (size_t k = g->offset[s]; k < g->offset[s + 1]; k++) {
        size_t loc = k - g->offset[s];
        double pr = profile_prob(g, strategy, s, loc, p);
        if (pr == 0.0)
            continue;
        const double *nx = g->next + k * g->nstates;
        double c = 0.0;
        for (size_t t = 0; t < g->nstates; t++)
            c += nx[t] * U[t * g->nplayers + p];
        q[mpol_i_sg_action(g, s, loc, p)] +=
            pr * (mpol_i_sg_payoff(g, k, p) + mpol_i_sg_weight(g, k) * c);
    }
}

/* Fills I - P (S x S) and r (S x nplayers) of the profile. */
static void profile_system(const mpol_sg *g, const double *strategy, double *M, double *R)
{
    size_t S = g->nstates, n = g->nplayers;
    memset(M, 0, S * S * sizeof *M);
    memset(R, 0, S * n * sizeof *R);
    for (size_t s = 0; s < S; s++) {
        M[s * S + s] = 1.0;
        for (size_t k = g->offset[s]; k < g->offset[s + 1]; k++) {
            double pr = profile_prob(g, strategy, s, k - g->offset[s], n);
            if (pr == 0.0)
                continue;
            double w = pr * mpol_i_sg_weight(g, k);
            for (size_t t = 0; t < S; t++)
                M[s * S + t] -= w * g->next[k * S + t];
            for (size_t p = 0; p < n; p++)
                R[s * n + p] += pr * mpol_i_sg_payoff(g, k, p);
        }
    }
}

mpol_status mpol_i_sg_profile_values(const mpol_sg *g, const double *strategy, double *U)
{
    size_t S = g->nstates, n = g->nplayers;
    double *M = mpol_malloc(S * S * sizeof *M);
    double *R = mpol_malloc(S * n * sizeof *R);
    gsl_permutation *perm = gsl_permutation_alloc(S);
    mpol_status st = MPOL_OK;
    if (M == NULL || R == NULL || perm == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
        goto done;
    }
    mpol_i_gsl_init();
    profile_system(g, strategy, M, R);
    gsl_matrix_view mv = gsl_matrix_view_array(M, S, S);
    int sign = 0;
    if (gsl_linalg_LU_decomp(&mv.matrix, perm, &sign) != GSL_SUCCESS) {
        st = mpol_error(MPOL_ENUMERIC, "mpol_sg: singular linear system");
        goto done;
    }
    for (size_t p = 0; p < n; p++) {
        gsl_vector_view b = gsl_vector_view_array_with_stride(R + p, n, S);
        gsl_vector_view x = gsl_vector_view_array_with_stride(U + p, n, S);
        if (gsl_linalg_LU_solve(&mv.matrix, perm, &b.vector, &x.vector) != GSL_SUCCESS) {
            st = mpol_error(MPOL_ENUMERIC, "mpol_sg: singular linear system");
            goto done;
        }
    }
    for (size_t i = 0; i < S * n; i++)
        if (!isfinite(U[i])) {
            st = mpol_error(MPOL_ENUMERIC, "mpol_sg: singular linear system");
            break;
        }
done:
    gsl_permutation_free(perm);
    mpol_free(M);
    mpol_free(R);
    return st;
}

double mpol_i_sg_scale(const mpol_sg *g, double beta)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t k = 0; k < g->offset[g->nstates]; k++)
        for (size_t p = 0; p < g->nplayers; p++) {
            double u = mpol_i_sg_payoff(g, k, p);
            lo = fmin(lo, u);
            hi = fmax(hi, u);
        }
    double range = hi - lo;
    if (!(range > 0.0))
        range = 1.0;
    return range / (1.0 - beta);
}
