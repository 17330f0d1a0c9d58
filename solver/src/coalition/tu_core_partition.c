/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the core-stability check of a coalition structure in a TU game:
 * given a partition P and an allocation x (given, equal split within each part, or
 * proportional to caller weights within each part), the pair (P, x) is core stable if no
 * coalition S can do better on its own: v(S) <= x(S) for all S (Aumann & Dreze 1974, the
 * core of a game with a coalition structure). Every coalition is enumerated in Gray-code
 * order so that x(S) is updated by one addition per step; the coalition of largest excess
 * v(S) - x(S) is the certificate and its excess is recomputed directly at the end (no
 * drift). Work 2^n, memory O(n). Also the check's certificate
 * (mpol_tu_partition_core_certify): each part's efficiency and the blocking excess re-added.
 */
#include <math.h>

#include "multipolar/coalition.h"

#define CORE_DEFAULT_TOL 1e-9

void mpol_tu_core_check_free(mpol_tu_core_check *check)
{
    if (check == NULL)
        return;
    mpol_free(check->payoff);
    mpol_free(check);
}

static double coalition_sum(const double *x, mpol_coalition s)
{
    double t = 0;
    while (s) {
        t += x[__builtin_ctz(s)];
        s &= s - 1;
    }
    return t;
}

mpol_status mpol_tu_partition_core(mpol_tu_core_check **out, const mpol_tu_game *game,
                                   const mpol_coalition *parts, size_t nparts, mpol_alloc_rule rule,
                                   const double *values, double tol)
{
    static const char *who = "mpol_tu_partition_core";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    if (game == NULL || game->v == NULL)
        return mpol_error(MPOL_EINVAL, "%s: no game", who);
    size_t n = game->n;
    mpol_status st = mpol_partition_validate(n, parts, nparts, who);
    if (st != MPOL_OK)
        return st;
    if (rule != MPOL_ALLOC_GIVEN && rule != MPOL_ALLOC_EQUAL && rule != MPOL_ALLOC_PROPORTIONAL)
        return mpol_error(MPOL_EINVAL, "%s: unknown allocation rule %d", who, (int)rule);
    if (rule != MPOL_ALLOC_EQUAL && values == NULL)
        return mpol_error(MPOL_EINVAL, "%s: the rule needs %s", who,
                          rule == MPOL_ALLOC_GIVEN ? "a payoff vector" : "weights");
    if (!(tol > 0))
        tol = CORE_DEFAULT_TOL;
    size_t ncoal = (size_t)1 << n;
    for (size_t c = 1; c < ncoal; c++)
        if (!isfinite(game->v[c]))
            return mpol_error(MPOL_ENUMERIC, "%s: v(0x%zx) is not finite", who, c);
    for (size_t i = 0; rule != MPOL_ALLOC_EQUAL && i < n; i++) {
        if (!isfinite(values[i]))
            return mpol_error(MPOL_ENUMERIC, "%s: value %zu is not finite", who, i + 1);
        if (rule == MPOL_ALLOC_PROPORTIONAL && !(values[i] > 0))
            return mpol_error(MPOL_EINVAL, "%s: weight %zu is %g; weights must be positive", who,
                              i + 1, values[i]);
    }

    mpol_tu_core_check *r = mpol_calloc(1, sizeof *r);
    double *x = mpol_malloc(n * sizeof *x);
    if (r == NULL || x == NULL) {
        mpol_free(r);
        mpol_free(x);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    r->n = n;
    r->payoff = x;
    for (size_t k = 0; k < nparts; k++) {
        mpol_coalition p = parts[k];
        double vp = game->v[p];
        double size = (double)__builtin_popcount(p);
        double wsum = rule == MPOL_ALLOC_PROPORTIONAL ? coalition_sum(values, p) : 0;
        for (mpol_coalition t = p; t; t &= t - 1) {
            size_t i = (size_t)__builtin_ctz(t);
            if (rule == MPOL_ALLOC_GIVEN)
                x[i] = values[i];
            else if (rule == MPOL_ALLOC_EQUAL)
                x[i] = vp / size;
            else
                x[i] = vp * values[i] / wsum;
        }
    }
    double efferr = 0;
    for (size_t k = 0; k < nparts; k++) {
        double e = fabs(coalition_sum(x, parts[k]) - game->v[parts[k]]);
        efferr = e > efferr ? e : efferr;
    }
    r->efficiency_error = efferr;
    r->efficient = efferr <= tol * (1 + fabs(game->v[ncoal - 1]));

    /* Gray-code walk: step g flips bit ctz(g); xs tracks x(S). */
    mpol_coalition s = 0, arg = 1;
    double xs = 0, best = -HUGE_VAL;
    for (size_t g = 1; g < ncoal; g++) {
        size_t bit = (size_t)__builtin_ctzll((unsigned long long)g);
        if (s & ((mpol_coalition)1 << bit)) {
            s ^= (mpol_coalition)1 << bit;
            xs -= x[bit];
        } else {
            s |= (mpol_coalition)1 << bit;
            xs += x[bit];
        }
        double e = game->v[s] - xs;
        if (e > best) {
            best = e;
            arg = s;
        }
    }
    r->blocking = arg;
    r->max_excess = game->v[arg] - coalition_sum(x, arg);
    r->coalitions_checked = (uint64_t)(ncoal - 1);
    r->stable = r->max_excess <= tol * (1 + fabs(game->v[arg]));
    *out = r;
    return MPOL_OK;
}

mpol_status mpol_tu_partition_core_certify(mpol_tu_partition_core_cert *out,
                                           const mpol_tu_game *game, const mpol_coalition *parts,
                                           size_t nparts, const mpol_tu_core_check *check,
                                           double tol)
{
    static const char *who = "mpol_tu_partition_core_certify";
    if (out == NULL || game == NULL || check == NULL || check->payoff == NULL ||
        (parts == NULL && nparts > 0))
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    mpol_status st = mpol_partition_validate(game->n, parts, nparts, who);
    if (st != MPOL_OK)
        return st;
    if (check->n != game->n || (uint64_t)check->blocking >= ((uint64_t)1 << game->n))
        return mpol_error(MPOL_EINVAL, "%s: the check is not one of this game and partition", who);
    const double *x = check->payoff;
    double eff = 0;
    for (size_t k = 0; k < nparts; k++)
        eff = fmax(eff, fabs(coalition_sum(x, parts[k]) - game->v[parts[k]]));
    out->efficiency_error = eff;
    mpol_coalition B = check->blocking;
    out->blocking_excess = B != 0 ? game->v[B] - coalition_sum(x, B) : -HUGE_VAL;
    out->excess_error = B != 0 ? fabs(out->blocking_excess - check->max_excess) : 0;
    out->tol_abs = (tol > 0 ? tol : CORE_DEFAULT_TOL) * mpol_tu_scale(game);
    out->verified = eff <= out->tol_abs && out->excess_error <= out->tol_abs;
    out->max_error = fmax(eff, out->excess_error);
    return MPOL_OK;
}
