/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_bayes_certify(), the check of a type-contingent profile computed
 * from the prior and the payoffs alone, independently of every solver: for every type
 * profile of positive probability and every action profile, the prior times the others'
 * probabilities times the payoff is added to the (ex-ante weighted) interim payoff of the
 * player's type and action; dividing by the type's marginal gives interim payoffs, whose
 * best minus the mixed action's value is the interim regret. Accumulation in long double.
 */
#include <math.h>
#include <string.h>

#include "bayes/bayes_internal.h"

void mpol_bayes_check_free(mpol_bayes_check *c)
{
    if (c == NULL)
        return;
    mpol_free(c->marginal);
    mpol_free(c->interim_value);
    mpol_free(c->interim_best);
    mpol_free(c->interim_regret);
    mpol_free(c->ex_ante);
    mpol_free(c->ex_ante_regret);
    mpol_free(c);
}

static double simplex_error(const mpol_bayes *g, const double *s)
{
    double err = 0.0;
    for (size_t p = 0, o = 0; p < g->nplayers; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++) {
            double sum = 0.0;
            for (size_t a = 0; a < g->nactions[p]; a++, o++) {
                if (!(s[o] >= 0.0))
                    err = fmax(err, isnan(s[o]) ? INFINITY : -s[o]);
                sum += s[o];
            }
            err = fmax(err, fabs(sum - 1.0));
        }
    return err;
}

static double payoff_range(const mpol_bayes *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < g->nprofiles * g->ncells * g->nplayers; k++) {
        lo = fmin(lo, g->payoff[k]);
        hi = fmax(hi, g->payoff[k]);
    }
    return hi > lo ? hi - lo : 0.0;
}

/* W[offset(p, t) + a]: the ex-ante weighted interim payoff of type t of p playing a. */
static void weights(long double *W, const mpol_bayes *g, const double *s, const size_t *soff)
{
    size_t n = g->nplayers, tp[MPOL_BAYES_MAX_PLAYERS], ac[MPOL_BAYES_MAX_PLAYERS];
    double pr[MPOL_BAYES_MAX_PLAYERS];
    for (size_t k = 0; k < g->nprofiles; k++) {
        if (!(g->prior[k] > 0.0))
            continue;
        mpol_i_bayes_decode(tp, k, g->ntypes, n);
        for (size_t c = 0; c < g->ncells; c++) {
            mpol_i_bayes_decode(ac, c, g->nactions, n);
            size_t zeros = 0;
            for (size_t q = 0; q < n; q++) {
                pr[q] = s[soff[q] + tp[q] * g->nactions[q] + ac[q]];
                zeros += pr[q] == 0.0;
            }
            if (zeros > 1)
                continue;
            const double *u = g->payoff + (k * g->ncells + c) * n;
            for (size_t p = 0; p < n; p++) {
                long double w = g->prior[k];
                for (size_t q = 0; q < n; q++)
                    if (q != p)
                        w *= pr[q];
                W[soff[p] + tp[p] * g->nactions[p] + ac[p]] += w * u[p];
            }
        }
    }
}

static mpol_status alloc_check(mpol_bayes_check **out, size_t n, size_t nt)
{
    mpol_bayes_check *c = mpol_calloc(1, sizeof *c);
    if (c == NULL)
        return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
    c->nplayers = n;
    c->ntypes_total = nt;
    c->marginal = mpol_calloc(nt, sizeof *c->marginal);
    c->interim_value = mpol_calloc(nt, sizeof *c->interim_value);
    c->interim_best = mpol_calloc(nt, sizeof *c->interim_best);
    c->interim_regret = mpol_calloc(nt, sizeof *c->interim_regret);
    c->ex_ante = mpol_calloc(n, sizeof *c->ex_ante);
    c->ex_ante_regret = mpol_calloc(n, sizeof *c->ex_ante_regret);
    if (!c->marginal || !c->interim_value || !c->interim_best || !c->interim_regret ||
        !c->ex_ante || !c->ex_ante_regret) {
        mpol_bayes_check_free(c);
        return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
    }
    *out = c;
    return MPOL_OK;
}

static void fill(mpol_bayes_check *c, const mpol_bayes *g, const double *s, const long double *W,
                 const size_t *soff)
{
    double worst = 0.0;
    for (size_t p = 0, ti = 0; p < g->nplayers; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++) {
            const size_t o = soff[p] + t * g->nactions[p];
            long double v = 0.0L, best = W[o];
            for (size_t a = 0; a < g->nactions[p]; a++) {
                v += (long double)s[o + a] * W[o + a];
                if (W[o + a] > best)
                    best = W[o + a];
            }
            double m = c->marginal[ti];
            if (!(m > 0.0))
                continue;
            c->interim_value[ti] = (double)(v / m);
            c->interim_best[ti] = (double)(best / m);
            c->interim_regret[ti] = (double)((best - v) / m);
            c->ex_ante[p] += (double)v;
            c->ex_ante_regret[p] += (double)(best - v);
            worst = fmax(worst, c->interim_regret[ti]);
        }
    c->max_error = fmax(worst, c->simplex_error);
    c->verified = c->max_error <= c->tol_abs;
}

mpol_status mpol_bayes_certify(mpol_bayes_check **out, const mpol_bayes *g, const double *strategy,
                               double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL output");
    *out = NULL;
    mpol_status st = mpol_bayes_validate(g);
    if (st != MPOL_OK)
        return st;
    if (strategy == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL strategy");
    size_t n = g->nplayers, nt = 0, S = mpol_bayes_strategy_size(g), soff[MPOL_BAYES_MAX_PLAYERS];
    for (size_t p = 0, o = 0; p < n; o += g->ntypes[p] * g->nactions[p], p++) {
        soff[p] = o;
        nt += g->ntypes[p];
    }
    mpol_bayes_check *c = NULL;
    long double *W = mpol_calloc(S, sizeof *W);
    if (W == NULL)
        return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
    if ((st = alloc_check(&c, n, nt)) != MPOL_OK) {
        mpol_free(W);
        return st;
    }
    mpol_bayes_marginals(c->marginal, g);
    c->simplex_error = simplex_error(g, strategy);
    double t = tol > 0.0 ? tol : MPOL_BAYES_TOL;
    c->tol_abs = t * fmax(1.0, payoff_range(g));
    weights(W, g, strategy, soff);
    fill(c, g, strategy, W, soff);
    mpol_free(W);
    *out = c;
    return MPOL_OK;
}
