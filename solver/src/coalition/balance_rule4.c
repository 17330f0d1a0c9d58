/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements Kaplan's rule 4 for one coalition (docs/balance.md, "Kaplan's rule 4
 * check"): whether a coalition S is dominant and, if so, which member the opposition can win
 * over so that (N \ S) + {j} becomes dominant. It sums the weights directly for each query
 * (O(n), no table), so that callers that list the verdict per dominant coalition (the CLI)
 * also cross-check the tabulated counts of mpol_balance_analyse(): the number of dominant
 * coalitions and of those that cannot be blocked.
 */
#include <math.h>

#include "multipolar/balance.h"

static double weight_of(const mpol_wvg *g, mpol_coalition s)
{
    double t = 0;
    for (size_t i = 0; i < g->n; i++)
        if (s >> i & 1)
            t += g->weights[i];
    return t;
}

static int is_dominant(double w, double quota, int strict, double eps)
{
    return strict ? w > quota + eps : w >= quota - eps;
}

mpol_status mpol_balance_rule4_coalition(const mpol_wvg *game, const mpol_balance_opts *opts,
                                         mpol_coalition s, int *dominant, long *member)
{
    static const char *who = "mpol_balance_rule4_coalition";
    if (game == NULL || dominant == NULL || member == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    *dominant = 0;
    *member = -1;
    if (game->n == 0 || game->n > MPOL_BALANCE_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: %zu actors; 1..%d supported", who, game->n,
                          MPOL_BALANCE_MAX_PLAYERS);
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << game->n) - 1);
    if (s == 0 || (s & ~full))
        return mpol_error(MPOL_EINVAL, "%s: coalition 0x%lx is empty or has actors beyond %zu", who,
                          (unsigned long)s, game->n);
    mpol_balance_opts o;
    mpol_balance_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    if (!(o.tol >= 0))
        return mpol_error(MPOL_EINVAL, "%s: negative tolerance", who);
    double total = weight_of(game, full);
    if (!isfinite(total))
        return mpol_error(MPOL_EINVAL, "%s: weights are not finite", who);
    double eps = o.tol * total;
    *dominant = is_dominant(weight_of(game, s), game->quota, o.strict != 0, eps);
    if (!*dominant || s == full || (s & (s - 1)) == 0)
        return MPOL_OK; /* not dominant, the grand coalition, or a single actor: nobody to detach */
    double opposition = weight_of(game, full ^ s);
    for (size_t j = 0; j < game->n; j++) {
        if ((s >> j & 1) &&
            is_dominant(opposition + game->weights[j], game->quota, o.strict != 0, eps)) {
            *member = (long)j;
            break;
        }
    }
    return MPOL_OK;
}
