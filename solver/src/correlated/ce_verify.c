/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of correlated equilibria, computed from the payoff
 * table and nothing else (not from the LP rows): mpol_ce_verify() recounts every obedience
 * constraint of a distribution, mpol_i_ce_dual_bound() the upper bound that a vector of row
 * multipliers y >= 0 proves: for every p in the polytope,
 *     sum_c obj(c) p(c) <= sum_c p(c) (obj(c) - sum_rows y_r gain_r(c)) <= max_c (...),
 * since every row's sum_c p(c) gain_r(c) is <= 0 and p sums to 1.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ce_internal.h"

const char *mpol_ce_kind_name(mpol_ce_kind kind)
{
    switch (kind) {
    case MPOL_CE_CORRELATED:
        return "correlated";
    case MPOL_CE_COARSE:
        return "coarse-correlated";
    }
    return "unknown";
}

static double payoff_scale(const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < g->ncells * g->nplayers; k++) {
        lo = fmin(lo, g->payoff[k]);
        hi = fmax(hi, g->payoff[k]);
    }
    return fmax(1.0, hi - lo);
}

/* Player p's total gain of each deviation: gain[s * n + t] (correlated) or gain[t]. */
static void player_gains(const mpol_game *g, const double *prob, size_t p, mpol_ce_kind kind,
                         double *gain)
{
    size_t n = g->nstrategies[p], N = g->nplayers, stride = mpol_i_ce_stride(g, p);
    memset(gain, 0, n * n * sizeof *gain);
    for (size_t c = 0; c < g->ncells; c++) {
        if (prob[c] == 0.0)
            continue;
        size_t s = (c / stride) % n, c0 = c - s * stride;
        double u = g->payoff[c * N + p];
        double *row = gain + (kind == MPOL_CE_COARSE ? 0 : s * n);
        for (size_t t = 0; t < n; t++)
            row[t] += prob[c] * (g->payoff[(c0 + t * stride) * N + p] - u);
    }
}

/* Worst deviation of player p into out (kept when larger). */
static void judge_player(mpol_ce_check *out, const double *gain, size_t n, size_t p,
                         mpol_ce_kind kind)
{
    size_t nfrom = kind == MPOL_CE_COARSE ? 1 : n;
    for (size_t s = 0; s < nfrom; s++)
        for (size_t t = 0; t < n; t++) {
            if (kind == MPOL_CE_CORRELATED && s == t)
                continue;
            out->nconstraints++;
            double v = gain[s * n + t];
            if (v > out->max_violation || isnan(v)) {
                out->max_violation = isnan(v) ? NAN : v;
                out->player = p;
                out->from = kind == MPOL_CE_COARSE ? SIZE_MAX : s;
                out->to = t;
            }
        }
}

mpol_status mpol_ce_verify(mpol_ce_check *out, const mpol_game *game, const double *prob,
                           mpol_ce_kind kind, double tol)
{
    if (out == NULL || game == NULL || prob == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_ce_verify: NULL argument");
    if (!(tol >= 0))
        return mpol_error(MPOL_EINVAL, "mpol_ce_verify: tol must be >= 0 (got %g)", tol);
    if (kind != MPOL_CE_CORRELATED && kind != MPOL_CE_COARSE)
        return mpol_error(MPOL_EINVAL, "mpol_ce_verify: unknown kind %d", (int)kind);
    memset(out, 0, sizeof *out);
    out->from = out->to = SIZE_MAX;
    double scale = payoff_scale(game), sum = 0.0, neg = 0.0;
    out->tol_abs = tol * scale;
    for (size_t c = 0; c < game->ncells; c++) {
        sum += prob[c];
        if (!(prob[c] >= -neg))
            neg = isnan(prob[c]) ? NAN : -prob[c];
    }
    out->prob_error = fmax(neg, fabs(sum - 1.0));
    if (isnan(neg) || isnan(sum))
        out->prob_error = NAN;
    size_t nmax = 1;
    for (size_t p = 0; p < game->nplayers; p++)
        nmax = game->nstrategies[p] > nmax ? game->nstrategies[p] : nmax;
    double *gain = mpol_malloc(nmax * nmax * sizeof *gain);
    if (gain == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_ce_verify: out of memory");
    for (size_t p = 0; p < game->nplayers; p++) {
        player_gains(game, prob, p, kind, gain);
        judge_player(out, gain, game->nstrategies[p], p, kind);
    }
    mpol_free(gain);
    out->max_error = fmax(out->max_violation, out->prob_error * scale);
    if (isnan(out->max_violation) || isnan(out->prob_error))
        out->max_error = NAN;
    out->verified = out->max_error <= out->tol_abs;
    return MPOL_OK;
}

double mpol_i_ce_dual_bound(const mpol_game *g, mpol_ce_kind kind, const double *obj,
                            const double *dual)
{
    size_t N = g->nplayers;
    double best = -INFINITY;
    for (size_t c = 0; c < g->ncells; c++) {
        double v = obj[c];
        size_t base = 0;
        for (size_t p = 0; p < N; p++) {
            size_t n = g->nstrategies[p], stride = mpol_i_ce_stride(g, p);
            size_t s = (c / stride) % n, c0 = c - s * stride;
            double u = g->payoff[c * N + p];
            for (size_t t = 0; t < n; t++) {
                if (t == s)
                    continue;
                size_t row =
                    kind == MPOL_CE_COARSE ? base + t : base + s * (n - 1) + (t < s ? t : t - 1);
                if (dual[row] != 0.0)
                    v -= dual[row] * (g->payoff[(c0 + t * stride) * N + p] - u);
            }
            base += kind == MPOL_CE_COARSE ? n : n * (n - 1);
        }
        if (v > best || isnan(v))
            best = isnan(v) ? NAN : v;
        if (isnan(best))
            break;
    }
    return best;
}
