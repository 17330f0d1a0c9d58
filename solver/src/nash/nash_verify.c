/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_nash_verify(): the verdict on a list of profiles, each profile's
 * max regret recomputed from the payoff table (mpol_nash_regret()) and compared with a
 * tolerance relative to the range of the game's payoffs, the same tolerance for every
 * method, so that a report states one verdict for its pure and mixed profiles together.
 */
#include <math.h>

#include "multipolar/nash.h"

/* tol * max(1, max - min over every payoff of every player). */
static double tolerance(const mpol_game *g, double tol)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        lo = fmin(lo, g->payoff[i]);
        hi = fmax(hi, g->payoff[i]);
    }
    return tol * fmax(1.0, hi - lo);
}

/* The result's layout matches the game's (players and strategy blocks). */
static int same_shape(const mpol_game *g, const mpol_nash_result *r)
{
    if (r->nplayers != g->nplayers || (r->count > 0 && (r->prob == NULL || r->offset == NULL)))
        return 0;
    size_t total = 0;
    for (size_t p = 0; p < g->nplayers; p++) {
        if (r->offset != NULL && r->offset[p] != total)
            return 0;
        total += g->nstrategies[p];
    }
    return total == r->nstrat_total;
}

mpol_status mpol_nash_verify(mpol_nash_verdict *out, const mpol_game *game,
                             const mpol_nash_result *result, double tol)
{
    if (out == NULL || game == NULL || result == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nash_verify: NULL argument");
    if (!(tol >= 0))
        return mpol_error(MPOL_EINVAL, "mpol_nash_verify: tol must be >= 0 (got %g)", tol);
    if (game->payoff == NULL || game->nstrategies == NULL || !same_shape(game, result))
        return mpol_error(MPOL_EINVAL,
                          "mpol_nash_verify: the result's players or strategies do not match "
                          "the game");
    out->tol_abs = tolerance(game, tol);
    out->max_error = 0.0;
    for (size_t e = 0; e < result->count; e++) {
        double mr = 0.0;
        mpol_status st =
            mpol_nash_regret(game, result->prob + e * result->nstrat_total, NULL, NULL, &mr);
        if (st != MPOL_OK)
            return st;
        if (isnan(mr) || mr > out->max_error) /* a NaN, once seen, stays */
            out->max_error = mr;
    }
    out->verified = out->max_error <= out->tol_abs;
    return MPOL_OK;
}
