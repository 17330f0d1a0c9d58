/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the independent check of a Stackelberg commitment and reply
 * (mpol_stackelberg_certify): from the payoff table alone, through mpol_game_cell, it
 * recomputes every follower's best gain from deviating from the reply against the
 * commitment (0 when the reply is an equilibrium among the followers, a best reply for two
 * players), the leader's expected payoff and the commitment's distance from the simplex.
 * It shares no code with the LPs that found the answer.
 */
#include <math.h>
#include <string.h>

#include "commit_internal.h"

#define CERT_MAX_PLAYERS 64 /* profiles on the stack; more players: MPOL_EINVAL */

/* Expected payoff of player @p p when the leader plays @p x and the others @p prof. */
static double expected(const mpol_game *g, size_t L, const double *x, size_t *prof, size_t p)
{
    double v = 0.0;
    size_t keep = prof[L];
    for (size_t i = 0; i < g->nstrategies[L]; i++) {
        prof[L] = i;
        v += x[i] * g->payoff[mpol_game_cell(g, prof) * g->nplayers + p];
    }
    prof[L] = keep;
    return v;
}

static double payoff_range(const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < g->ncells * g->nplayers; k++) {
        lo = fmin(lo, g->payoff[k]);
        hi = fmax(hi, g->payoff[k]);
    }
    double r = hi - lo;
    if (!(r > 0))
        r = fmax(fabs(hi), 1.0);
    return r;
}

static mpol_status check_args(const mpol_game *g, size_t L, const double *x, const size_t *reply)
{
    if (g == NULL || x == NULL || reply == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_certify: NULL argument");
    if (g->nplayers < 2 || g->nplayers > CERT_MAX_PLAYERS || L >= g->nplayers)
        return mpol_error(MPOL_EINVAL,
                          "mpol_stackelberg_certify: leader %zu of a %zu-player game "
                          "(2 to %d players)",
                          L, g->nplayers, CERT_MAX_PLAYERS);
    for (size_t p = 0; p < g->nplayers; p++)
        if (p != L && reply[p] >= g->nstrategies[p])
            return mpol_error(MPOL_EINVAL,
                              "mpol_stackelberg_certify: reply %zu of player %zu is out of range",
                              reply[p], p);
    return MPOL_OK;
}

mpol_status mpol_stackelberg_certify(mpol_stackelberg_cert *out, const mpol_game *g, size_t L,
                                     const double *x, const size_t *reply, double value, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_certify: NULL argument");
    memset(out, 0, sizeof *out);
    mpol_status st = check_args(g, L, x, reply);
    if (st != MPOL_OK)
        return st;
    size_t prof[CERT_MAX_PLAYERS] = {0};
    for (size_t p = 0; p < g->nplayers; p++)
        prof[p] = p == L ? 0 : reply[p];
    double sum = 0.0, simplex = 0.0;
    for (size_t i = 0; i < g->nstrategies[L]; i++) {
        simplex = fmax(simplex, isfinite(x[i]) ? -x[i] : INFINITY);
        sum += x[i];
    }
    simplex = fmax(simplex, fabs(sum - 1.0));
    double regret = 0.0;
    for (size_t f = 0; f < g->nplayers; f++) {
        if (f == L)
            continue;
        double here = expected(g, L, x, prof, f);
        for (size_t k = 0; k < g->nstrategies[f]; k++) {
            prof[f] = k;
            regret = fmax(regret, expected(g, L, x, prof, f) - here);
        }
        prof[f] = reply[f];
    }
    out->follower_regret = regret;
    out->leader_value = expected(g, L, x, prof, L);
    out->value_error = fabs(out->leader_value - value);
    out->simplex_error = simplex;
    out->scale = payoff_range(g);
    out->tol_abs = (tol > 0 ? tol : 1e-9) * out->scale;
    out->max_error = fmax(regret, fmax(out->value_error, simplex * out->scale));
    if (isnan(regret) || isnan(out->value_error) || isnan(simplex) || !isfinite(out->max_error))
        out->max_error = INFINITY;
    out->verified = out->max_error <= out->tol_abs;
    return MPOL_OK;
}
