/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of TU solutions that are recomputed from the game's
 * table, independently of the solver that produced the allocation (tu.h): the scale of the
 * tolerances, the efficiency of a value, whether the imputation set is empty, and the
 * excesses of an allocation over every coalition. The excess recount splits the players into
 * a low and a high half and tabulates x over the subsets of each half, so that
 * x(S) = lo[S & low] + hi[S >> h] is one addition of two short sums (no drift, unlike a
 * Gray-code walk) at O(2^(n/2)) memory.
 */
#include <math.h>

#include "multipolar/tu.h"

#define TU_CERT_DEFAULT_TOL 1e-9

double mpol_tu_scale(const mpol_tu_game *game)
{
    double scale = 1;
    if (game == NULL)
        return scale;
    for (size_t S = 0; S < ((size_t)1 << game->n); S++) {
        if (isnan(game->v[S]))
            return NAN;
        scale = fmax(scale, fabs(game->v[S]));
    }
    return scale;
}

static double tol_abs(const mpol_tu_game *game, double tol)
{
    return (tol > 0 ? tol : TU_CERT_DEFAULT_TOL) * mpol_tu_scale(game);
}

static mpol_status check_payoffs(const char *who, const mpol_tu_game *game, const double *x)
{
    for (size_t i = 0; i < game->n; i++)
        if (!isfinite(x[i]))
            return mpol_error(MPOL_ENUMERIC, "%s: payoff of player %zu is not finite", who, i + 1);
    return MPOL_OK;
}

mpol_status mpol_tu_efficiency_certify(mpol_tu_efficiency_cert *out, const mpol_tu_game *game,
                                       const double *x, double target, double tol)
{
    static const char *who = "mpol_tu_efficiency_certify";
    if (out == NULL || game == NULL || x == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    mpol_status st = check_payoffs(who, game, x);
    if (st != MPOL_OK)
        return st;
    if (!isfinite(target))
        return mpol_error(MPOL_ENUMERIC, "%s: the target is not finite", who);
    double sum = 0;
    for (size_t i = 0; i < game->n; i++)
        sum += x[i];
    out->n = game->n;
    out->sum = sum;
    out->target = target;
    out->efficiency_error = fabs(sum - target);
    out->tol_abs = tol_abs(game, tol);
    out->verified = out->efficiency_error <= out->tol_abs;
    out->max_error = out->efficiency_error;
    return MPOL_OK;
}

mpol_status mpol_tu_imputation_certify(mpol_tu_imputation_cert *out, const mpol_tu_game *game,
                                       double tol)
{
    static const char *who = "mpol_tu_imputation_certify";
    if (out == NULL || game == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    double sum = 0;
    for (size_t i = 0; i < game->n; i++)
        sum += game->v[(size_t)1 << i];
    double vN = game->v[((size_t)1 << game->n) - 1];
    if (!isfinite(sum) || !isfinite(vN))
        return mpol_error(MPOL_ENUMERIC, "%s: a singleton or grand-coalition value is not finite",
                          who);
    out->singleton_sum = sum;
    out->grand_value = vN;
    out->tol_abs = tol_abs(game, tol);
    out->nonempty = sum <= vN + out->tol_abs;
    out->verified = 1;
    out->max_error = 0;
    return MPOL_OK;
}

/* t[S] = sum of x[base + i] over the bits i of S, for S < 2^k. */
static void subset_sums(double *t, const double *x, size_t base, size_t k)
{
    t[0] = 0;
    for (size_t S = 1; S < ((size_t)1 << k); S++)
        t[S] = t[S & (S - 1)] + x[base + (size_t)__builtin_ctz((unsigned)S)];
}

/* The largest excess v[L] - (lo[L] + xh) over L in [a, b); four running maxima so that the
 * comparisons do not wait on each other. */
static double block_max(const double *v, const double *lo, double xh, size_t a, size_t b)
{
    double m[4] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    size_t L = a;
    for (; L + 4 <= b; L += 4)
        for (size_t k = 0; k < 4; k++) {
            double e = v[L + k] - (lo[L + k] + xh);
            m[k] = e > m[k] ? e : m[k];
        }
    for (; L < b; L++) {
        double e = v[L] - (lo[L] + xh);
        m[0] = e > m[0] ? e : m[0];
    }
    return fmax(fmax(m[0], m[1]), fmax(m[2], m[3]));
}

/* The largest excess over S != {}, N and the first coalition attaining it: by blocks of the
 * high half's subsets, the block maximum first (a loop the compiler vectorises), then the
 * block that improves it scanned again for the coalition. */
static mpol_status max_excess(const mpol_tu_game *game, const double *x, double *best,
                              mpol_coalition *at)
{
    size_t n = game->n, h = n / 2, nlo = (size_t)1 << h, nhi = (size_t)1 << (n - h);
    double *lo = mpol_malloc(nlo * sizeof *lo);
    double *hi = mpol_malloc(nhi * sizeof *hi);
    if (lo == NULL || hi == NULL) {
        mpol_free(lo);
        mpol_free(hi);
        return mpol_error(MPOL_ENOMEM, "mpol_tu_excess_certify: out of memory");
    }
    subset_sums(lo, x, 0, h);
    subset_sums(hi, x, h, n - h);
    *best = -HUGE_VAL;
    *at = 0;
    for (size_t H = 0; H < nhi; H++) {
        size_t a = H == 0 ? 1 : 0, b = H + 1 == nhi ? nlo - 1 : nlo; /* not {} and not N */
        const double *v = game->v + (H << h);
        if (a >= b || !(block_max(v, lo, hi[H], a, b) > *best))
            continue;
        for (size_t L = a; L < b; L++) {
            double e = v[L] - (lo[L] + hi[H]);
            if (e > *best) {
                *best = e;
                *at = (mpol_coalition)((H << h) | L);
            }
        }
    }
    mpol_free(lo);
    mpol_free(hi);
    return MPOL_OK;
}

mpol_status mpol_tu_excess_certify(mpol_tu_excess_cert *out, const mpol_tu_game *game,
                                   const double *x, double claimed, double tol)
{
    static const char *who = "mpol_tu_excess_certify";
    if (out == NULL || game == NULL || x == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    mpol_status st = check_payoffs(who, game, x);
    if (st != MPOL_OK)
        return st;
    double best = -HUGE_VAL;
    mpol_coalition at = 0;
    if ((st = max_excess(game, x, &best, &at)) != MPOL_OK)
        return st;
    size_t n = game->n;
    double sum = 0, imp = 0;
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        imp = fmax(imp, game->v[(size_t)1 << i] - x[i]);
    }
    out->n = n;
    out->sum = sum;
    out->efficiency_error = fabs(sum - game->v[((size_t)1 << n) - 1]);
    out->max_excess = best;
    out->max_excess_at = at;
    out->imputation_violation = imp;
    out->claimed = claimed;
    out->excess_error = isfinite(claimed) && n > 1 ? fabs(best - claimed) : 0;
    out->tol_abs = tol_abs(game, tol);
    out->in_core = out->efficiency_error <= out->tol_abs && best <= out->tol_abs;
    out->verified = out->efficiency_error <= out->tol_abs && out->excess_error <= out->tol_abs;
    out->max_error = fmax(out->efficiency_error, out->excess_error);
    return MPOL_OK;
}
