/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_nash_pure(): all pure-strategy Nash equilibria of an n-player
 * game. A flag per cell starts set; for each player p the cells are grouped by the opponents'
 * profile (the s_p cells k_0 + ... + k*stride_p + ... that differ only in p's strategy), the
 * best payoff of the group is found, and the flags of the cells below it are cleared. The
 * cells still flagged are exactly the profiles where every player best-responds. With exact
 * payoffs (game->exact) and tol = 0 the comparison is done on the rationals, with 128-bit
 * cross products, so ties are never decided by rounding.
 */
#include <math.h>
#include <string.h>

#include "multipolar/nash.h"
#include "nash/nash_internal.h"

__extension__ typedef __int128 i128;

void mpol_nash_pure_opts_init(mpol_nash_pure_opts *opts)
{
    opts->tol = 0.0;
    opts->max_equilibria = 0;
}

/* -1, 0, 1 as a < b, a == b, a > b; denominators are positive. */
static int cmp_rational(mpol_rational a, mpol_rational b)
{
    i128 l = (i128)a.num * b.den, r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

mpol_status mpol_nash_pure(mpol_nash_result **out, const mpol_game *game,
                           const mpol_nash_pure_opts *opts)
{
    static const char *who = "mpol_nash_pure";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_pure_opts def;
    if (opts == NULL) {
        mpol_nash_pure_opts_init(&def);
        opts = &def;
    }
    if (!(opts->tol >= 0.0) || !isfinite(opts->tol))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; must be finite and >= 0", who, opts->tol);
    int exact = game->exact != NULL && opts->tol == 0.0;
    size_t n = game->nplayers, nc = game->ncells;
    unsigned char *flag = mpol_malloc(nc);
    size_t *prof = mpol_calloc(n, sizeof *prof);
    double *prob = NULL;
    mpol_nash_result *res = NULL;
    if (flag == NULL || prof == NULL)
        goto nomem;
    memset(flag, 1, nc);
    size_t stride = 1;
    for (size_t p = 0; p < n; p++) {
        size_t s = game->nstrategies[p], block = stride * s;
        for (size_t outer = 0; outer < nc; outer += block) {
            for (size_t inner = 0; inner < stride; inner++) {
                size_t base = outer + inner, best = base;
                for (size_t k = 1; k < s; k++) {
                    size_t c = base + k * stride;
                    if (exact ? cmp_rational(game->exact[c * n + p], game->exact[best * n + p]) > 0
                              : game->payoff[c * n + p] > game->payoff[best * n + p])
                        best = c;
                }
                for (size_t k = 0; k < s; k++) {
                    size_t c = base + k * stride;
                    int below =
                        exact ? cmp_rational(game->exact[c * n + p], game->exact[best * n + p]) < 0
                              : game->payoff[c * n + p] < game->payoff[best * n + p] - opts->tol;
                    if (below)
                        flag[c] = 0;
                }
            }
        }
        stride = block;
    }
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto fail;
    prob = mpol_calloc(res->nstrat_total, sizeof *prob);
    if (prob == NULL)
        goto nomem;
    for (size_t c = 0; c < nc; c++) {
        if (!flag[c])
            continue;
        if (opts->max_equilibria != 0 && res->count == opts->max_equilibria) {
            res->outcome = MPOL_ITER_LIMIT;
            break;
        }
        mpol_game_profile(game, c, prof);
        memset(prob, 0, res->nstrat_total * sizeof *prob);
        for (size_t p = 0; p < n; p++)
            prob[res->offset[p] + prof[p]] = 1.0;
        if ((st = mpol_i_nash_result_add(res, game, prob, prof, who)) != MPOL_OK)
            goto fail;
    }
    res->steps = nc;
    mpol_free(flag);
    mpol_free(prof);
    mpol_free(prob);
    *out = res;
    return MPOL_OK;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
fail:
    mpol_free(flag);
    mpol_free(prof);
    mpol_free(prob);
    mpol_nash_result_free(res);
    return st;
}
