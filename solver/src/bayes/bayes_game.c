/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file holds the basics of Bayesian games (multipolar/bayesian.h): validation, the
 * strategy layout, marginal probabilities of the types, the method table and options, and
 * the exact arithmetic helpers (GMP) with the exact interim-regret check of exact mode.
 */
#include <math.h>
#include <string.h>

#include "bayes/bayes_internal.h"
#include "core/method_table_internal.h"

static const mpol_i_method_entry methods[] = {
    {"auto", MPOL_BAYES_AUTO}, {"enumerate", MPOL_BAYES_ENUMERATE},
    {"pure", MPOL_BAYES_PURE}, {"logit", MPOL_BAYES_LOGIT},
    {"tree", MPOL_BAYES_TREE}, {"enumeration", MPOL_BAYES_ENUMERATE},
};

const char *mpol_bayes_method_name(mpol_bayes_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_bayes_method_parse(mpol_bayes_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(&v, methods, MPOL_I_METHODS(methods), name, "bayesian");
    if (st == MPOL_OK)
        *out = (mpol_bayes_method)v;
    return st;
}

void mpol_bayes_opts_init(mpol_bayes_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->method = MPOL_BAYES_AUTO;
    opts->tol = MPOL_BAYES_TOL;
    opts->tree_method = MPOL_TREE_AUTO;
}

static int rational_matches(mpol_rational r, double d)
{
    if (r.den <= 0)
        return 0;
    return fabs((double)r.num / (double)r.den - d) <= 1e-12 * (1 + fabs(d));
}

mpol_status mpol_bayes_validate(const mpol_bayes *g)
{
    if (g == NULL || g->ntypes == NULL || g->nactions == NULL || g->prior == NULL ||
        g->payoff == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian game: NULL argument");
    if (g->nplayers == 0 || g->nplayers > MPOL_BAYES_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "bayesian game: 1 to %d players, not %zu",
                          MPOL_BAYES_MAX_PLAYERS, g->nplayers);
    size_t K = 1, C = 1, lim = (size_t)1 << 28;
    for (size_t p = 0; p < g->nplayers; p++) {
        if (g->ntypes[p] == 0 || g->ntypes[p] > MPOL_BAYES_MAX_TYPES || g->nactions[p] == 0)
            return mpol_error(MPOL_EINVAL,
                              "bayesian game: player %zu needs 1 to %d types and an action", p + 1,
                              MPOL_BAYES_MAX_TYPES);
        if (K > lim / g->ntypes[p] || C > lim / g->nactions[p])
            return mpol_error(MPOL_EINVAL, "bayesian game: too many profiles");
        K *= g->ntypes[p];
        C *= g->nactions[p];
    }
    if (K != g->nprofiles || C != g->ncells)
        return mpol_error(MPOL_EINVAL,
                          "bayesian game: nprofiles and ncells must be the products of "
                          "the type and action counts");
    if (K > lim / C || K * C > lim / g->nplayers)
        return mpol_error(MPOL_EINVAL, "bayesian game: more than 2^28 payoffs");
    double sum = 0.0;
    for (size_t k = 0; k < K; k++) {
        if (!(g->prior[k] >= 0.0 && g->prior[k] <= 1.0))
            return mpol_error(MPOL_EINVAL, "bayesian game: prior %zu is %g, not a probability", k,
                              g->prior[k]);
        if (g->prior_exact != NULL && !rational_matches(g->prior_exact[k], g->prior[k]))
            return mpol_error(MPOL_EINVAL, "bayesian game: exact prior %zu differs from its double",
                              k);
        sum += g->prior[k];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return mpol_error(MPOL_EINVAL, "bayesian game: the prior sums to %.12g, not 1", sum);
    for (size_t k = 0; k < K * C * g->nplayers; k++) {
        if (!isfinite(g->payoff[k]))
            return mpol_error(MPOL_EINVAL, "bayesian game: payoff %zu is not finite", k);
        if (g->payoff_exact != NULL && !rational_matches(g->payoff_exact[k], g->payoff[k]))
            return mpol_error(MPOL_EINVAL,
                              "bayesian game: exact payoff %zu differs from its double", k);
    }
    return MPOL_OK;
}

size_t mpol_bayes_strategy_size(const mpol_bayes *g)
{
    size_t s = 0;
    for (size_t p = 0; g != NULL && p < g->nplayers; p++)
        s += g->ntypes[p] * g->nactions[p];
    return s;
}

size_t mpol_bayes_strategy_offset(const mpol_bayes *g, size_t p, size_t t)
{
    size_t s = 0;
    for (size_t q = 0; q < p; q++)
        s += g->ntypes[q] * g->nactions[q];
    return s + t * g->nactions[p];
}

size_t mpol_bayes_type_index(const mpol_bayes *g, size_t p, size_t t)
{
    size_t s = 0;
    for (size_t q = 0; q < p; q++)
        s += g->ntypes[q];
    return s + t;
}

void mpol_i_bayes_decode(size_t *idx, size_t k, const size_t *counts, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        idx[p] = k % counts[p];
        k /= counts[p];
    }
}

mpol_status mpol_bayes_marginals(double *out, const mpol_bayes *g)
{
    if (out == NULL || g == NULL || g->prior == NULL || g->ntypes == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian game: NULL argument");
    size_t nt = 0, idx[MPOL_BAYES_MAX_PLAYERS], off[MPOL_BAYES_MAX_PLAYERS];
    if (g->nplayers == 0 || g->nplayers > MPOL_BAYES_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "bayesian game: 1 to %d players", MPOL_BAYES_MAX_PLAYERS);
    for (size_t p = 0; p < g->nplayers; p++) {
        off[p] = nt;
        nt += g->ntypes[p];
    }
    memset(out, 0, nt * sizeof *out);
    for (size_t k = 0; k < g->nprofiles; k++) {
        mpol_i_bayes_decode(idx, k, g->ntypes, g->nplayers);
        for (size_t p = 0; p < g->nplayers; p++)
            out[off[p] + idx[p]] += g->prior[k];
    }
    return MPOL_OK;
}

mpol_status mpol_i_bayes_relevant(unsigned char *rel, size_t *count, const mpol_bayes *g)
{
    size_t nt = 0, idx[MPOL_BAYES_MAX_PLAYERS];
    for (size_t p = 0; p < g->nplayers; p++)
        nt += g->ntypes[p];
    memset(rel, 0, nt);
    for (size_t k = 0; k < g->nprofiles; k++) {
        if (!(g->prior[k] > 0.0))
            continue;
        mpol_i_bayes_decode(idx, k, g->ntypes, g->nplayers);
        for (size_t p = 0, off = 0; p < g->nplayers; off += g->ntypes[p], p++)
            rel[off + idx[p]] = 1;
    }
    *count = 0;
    for (size_t i = 0; i < nt; i++)
        *count += rel[i];
    return MPOL_OK;
}

static void set_q(mpq_t out, const mpol_rational *r, double d)
{
    if (r != NULL) {
        mpz_set_si(mpq_numref(out), (long)r->num);
        mpz_set_si(mpq_denref(out), (long)r->den);
        mpq_canonicalize(out);
    } else {
        mpq_set_d(out, d);
    }
}

void mpol_i_bayes_prior_q(mpq_t out, const mpol_bayes *g, size_t k)
{
    set_q(out, g->prior_exact != NULL ? &g->prior_exact[k] : NULL, g->prior[k]);
}

void mpol_i_bayes_payoff_q(mpq_t out, const mpol_bayes *g, size_t k)
{
    set_q(out, g->payoff_exact != NULL ? &g->payoff_exact[k] : NULL, g->payoff[k]);
}

int mpol_i_bayes_q_to_rational(mpol_rational *out, const mpq_t q)
{
    if (!mpz_fits_slong_p(mpq_numref(q)) || !mpz_fits_slong_p(mpq_denref(q)))
        return 0;
    out->num = mpz_get_si(mpq_numref(q));
    out->den = mpz_get_si(mpq_denref(q));
    return 1;
}

char *mpol_i_bayes_q_string(const mpq_t q)
{
    size_t len = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
    char *s = mpol_malloc(len);
    if (s != NULL)
        mpq_get_str(s, 10, q);
    return s;
}

/* The rational with the smallest denominator (at most 2^20) within 1e-13 of @p x (relative
 * to max(1, |x|)), by continued fractions; 0 when there is none. */
int mpol_i_bayes_approx_q(mpq_t out, double x)
{
    double tol = 1e-13 * fmax(1.0, fabs(x)), r = x;
    long h0 = 1, h1 = 0, k0 = 0, k1 = 1;
    for (int it = 0; it < 64; it++) {
        double a = floor(r);
        if (fabs(a) > 1e15)
            return 0;
        long ai = (long)a, h = ai * h0 + h1, k = ai * k0 + k1;
        if (k > (1L << 20))
            return 0;
        h1 = h0;
        h0 = h;
        k1 = k0;
        k0 = k;
        if (fabs((double)h / (double)k - x) <= tol) {
            mpq_set_si(out, h, (unsigned long)k);
            mpq_canonicalize(out);
            return 1;
        }
        if (r - a == 0.0)
            return 0;
        r = 1.0 / (r - a);
    }
    return 0;
}

/* U[offset(p, t) + a] += prior * (product of the others' probabilities) * payoff, over every
 * type profile and cell, in exact arithmetic. */
static void exact_weights(mpq_t *U, const mpol_bayes *g, mpq_t *s, const size_t *soff)
{
    size_t n = g->nplayers, tp[MPOL_BAYES_MAX_PLAYERS], ac[MPOL_BAYES_MAX_PLAYERS];
    mpq_t w, pr, u;
    mpq_inits(w, pr, u, NULL);
    for (size_t k = 0; k < g->nprofiles; k++) {
        if (!(g->prior[k] > 0.0))
            continue;
        mpol_i_bayes_decode(tp, k, g->ntypes, n);
        mpol_i_bayes_prior_q(pr, g, k);
        for (size_t c = 0; c < g->ncells; c++) {
            mpol_i_bayes_decode(ac, c, g->nactions, n);
            for (size_t p = 0; p < n; p++) {
                mpq_set(w, pr);
                for (size_t q = 0; q < n && mpq_sgn(w) != 0; q++)
                    if (q != p)
                        mpq_mul(w, w, s[soff[q] + tp[q] * g->nactions[q] + ac[q]]);
                if (mpq_sgn(w) == 0)
                    continue;
                mpol_i_bayes_payoff_q(u, g, (k * g->ncells + c) * n + p);
                mpq_mul(w, w, u);
                mpq_add(U[soff[p] + tp[p] * g->nactions[p] + ac[p]],
                        U[soff[p] + tp[p] * g->nactions[p] + ac[p]], w);
            }
        }
    }
    mpq_clears(w, pr, u, NULL);
}

mpol_status mpol_i_bayes_exact_check(int *ok, char **ex_ante, const mpol_bayes *g, mpq_t *s)
{
    size_t n = g->nplayers, S = mpol_bayes_strategy_size(g), soff[MPOL_BAYES_MAX_PLAYERS];
    size_t nt = 0;
    for (size_t p = 0, o = 0; p < n; o += g->ntypes[p] * g->nactions[p], p++) {
        soff[p] = o;
        nt += g->ntypes[p];
    }
    mpq_t *U = mpol_malloc(S * sizeof *U);
    unsigned char *rel = mpol_malloc(nt);
    if (U == NULL || rel == NULL) {
        mpol_free(U);
        mpol_free(rel);
        return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
    }
    size_t nrel;
    mpol_i_bayes_relevant(rel, &nrel, g);
    for (size_t i = 0; i < S; i++)
        mpq_init(U[i]);
    exact_weights(U, g, s, soff);
    mpq_t v, best, x, tot;
    mpq_inits(v, best, x, tot, NULL);
    mpol_status st = MPOL_OK;
    *ok = 1;
    for (size_t p = 0, ti = 0; p < n; p++) {
        mpq_set_ui(tot, 0, 1);
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++) {
            const size_t o = soff[p] + t * g->nactions[p];
            mpq_set_ui(v, 0, 1);
            mpq_set(best, U[o]);
            for (size_t a = 0; a < g->nactions[p]; a++) {
                mpq_mul(x, s[o + a], U[o + a]);
                mpq_add(v, v, x);
                if (mpq_cmp(U[o + a], best) > 0)
                    mpq_set(best, U[o + a]);
            }
            if (rel[ti] && !mpq_equal(v, best))
                *ok = 0;
            mpq_add(tot, tot, v);
        }
        if (ex_ante != NULL && (ex_ante[p] = mpol_i_bayes_q_string(tot)) == NULL)
            st = mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
    }
    mpq_clears(v, best, x, tot, NULL);
    for (size_t i = 0; i < S; i++)
        mpq_clear(U[i]);
    mpol_free(U);
    mpol_free(rel);
    return st;
}
