/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the one-player cases (decision problems) of the logit homotopy and
 * of support enumeration in closed form, so that their cost does not grow with the number
 * of choices the way the general methods' does (a dense Jacobian per path step; 2^n - 1
 * supports).
 *
 * Logit: with one player the quantal-response equilibrium at lambda is the softmax
 * x_k = exp(lambda u_k) / sum_j exp(lambda u_j) over the payoffs scaled to [0, 1], so the
 * principal branch needs no path following; its limit (and the polished equilibrium) is the
 * uniform distribution on the optimal choices.
 * Support enumeration: a support with a non-optimal choice is pruned by conditional strict
 * dominance, and on a support of optimal choices the indifference system is solved by the
 * centroid; so the result is the uniform distribution on each nonempty set of optimal
 * choices, by size, then in mask order, exactly as the general enumeration returns them;
 * only 2^k - 1 supports for k optimal choices are counted against max_supports.
 * Optimal means a largest payoff: compared as rationals (128-bit cross products) when the
 * game has exact payoffs, as doubles otherwise.
 */
#include <math.h>
#include <string.h>

#include "multipolar/nash.h"
#include "nash/nash_internal.h"

__extension__ typedef __int128 dec_i128;

static int cmp_choice(const mpol_game *g, size_t a, size_t b)
{
    if (g->exact != NULL) {
        dec_i128 l = (dec_i128)g->exact[a].num * g->exact[b].den;
        dec_i128 r = (dec_i128)g->exact[b].num * g->exact[a].den;
        return (l > r) - (l < r);
    }
    return (g->payoff[a] > g->payoff[b]) - (g->payoff[a] < g->payoff[b]);
}

/* The optimal choices in increasing order into @p opt (game->ncells entries); their count. */
static size_t optimal_choices(const mpol_game *g, size_t *opt)
{
    size_t best = 0, k = 0;
    for (size_t c = 1; c < g->ncells; c++)
        if (cmp_choice(g, c, best) > 0)
            best = c;
    for (size_t c = 0; c < g->ncells; c++)
        if (cmp_choice(g, c, best) == 0)
            opt[k++] = c;
    return k;
}

mpol_status mpol_nash_decision_choices(size_t *opt, size_t *count, const mpol_game *game)
{
    if (opt == NULL || count == NULL || game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nash_decision_choices: NULL argument");
    if (game->nplayers != 1 || game->ncells == 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_nash_decision_choices: the game has %zu players, not one",
                          game->nplayers);
    *count = optimal_choices(game, opt);
    return MPOL_OK;
}

/* Zeroed profile and choice buffers of ncells entries, and the k optimal choices in *opt. */
static mpol_status decision_start(const mpol_game *g, double **prob, size_t **opt, size_t *k,
                                  const char *who)
{
    *prob = mpol_calloc(g->ncells, sizeof **prob);
    *opt = mpol_calloc(g->ncells, sizeof **opt);
    if (*prob == NULL || *opt == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    *k = optimal_choices(g, *opt);
    return MPOL_OK;
}

mpol_status mpol_i_nash_decision_logit(mpol_nash_result **out, const mpol_game *game,
                                       const mpol_nash_logit_opts *opts, const char *who)
{
    size_t n = game->ncells, k = 0;
    double *prob = NULL;
    size_t *opt = NULL;
    mpol_nash_result *res = NULL;
    mpol_status st = decision_start(game, &prob, &opt, &k, who);
    if (st != MPOL_OK)
        goto done;
    if (opts->polish) {
        for (size_t i = 0; i < k; i++)
            prob[opt[i]] = 1.0 / (double)k;
    } else {
        /* The path's end point at lambda_max: the softmax of the scaled payoffs. */
        double hi = game->payoff[opt[0]], lo = hi, sum = 0.0;
        for (size_t c = 0; c < n; c++)
            lo = fmin(lo, game->payoff[c]);
        double range = hi > lo ? hi - lo : 1.0;
        for (size_t c = 0; c < n; c++)
            sum += prob[c] = exp(opts->lambda_max * (game->payoff[c] - hi) / range);
        for (size_t c = 0; c < n; c++)
            prob[c] /= sum;
    }
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK ||
        (st = mpol_i_nash_result_add(res, game, prob, NULL, who)) != MPOL_OK)
        goto done;
    res->outcome = MPOL_SOLVED;
    res->steps = 0;
    res->lambda = opts->lambda_max;
    *out = res;
    res = NULL;
done:
    mpol_nash_result_free(res);
    mpol_free(prob);
    mpol_free(opt);
    return st;
}

mpol_status mpol_i_nash_decision_support(mpol_nash_result **out, const mpol_game *game,
                                         const mpol_nash_support_opts *opts, const char *who)
{
    size_t n = game->ncells, k = 0;
    double *prob = NULL;
    size_t *opt = NULL;
    mpol_nash_result *res = NULL;
    mpol_status st = decision_start(game, &prob, &opt, &k, who);
    if (st != MPOL_OK)
        goto done;
    double total = k < 64 ? ldexp(1.0, (int)k) - 1.0 : INFINITY;
    if (k >= 40 || total > (double)opts->max_supports) {
        st = mpol_error(MPOL_ELIMIT,
                        "%s: %zu optimal choices tie; their %.0f supports exceed max_supports = "
                        "%zu",
                        who, k, total, opts->max_supports);
        goto done;
    }
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto done;
    uint64_t full = ((uint64_t)1 << k) - 1;
    size_t tried = 0;
    for (size_t size = 1; size <= k && res->outcome == MPOL_SOLVED; size++) {
        for (uint64_t m = 1; m <= full; m++) {
            size_t bits = 0;
            for (uint64_t v = m; v != 0; v &= v - 1)
                bits++;
            if (bits != size)
                continue;
            tried++;
            memset(prob, 0, n * sizeof *prob);
            for (size_t i = 0; i < k; i++)
                if ((m >> i) & 1u)
                    prob[opt[i]] = 1.0 / (double)size;
            if (mpol_i_nash_result_find(res, prob, opts->dedup_tol) < res->count)
                continue;
            if (opts->max_equilibria != 0 && res->count == opts->max_equilibria) {
                res->outcome = MPOL_ITER_LIMIT;
                break;
            }
            if ((st = mpol_i_nash_result_add(res, game, prob, NULL, who)) != MPOL_OK)
                goto done;
        }
    }
    res->steps = tried;
    *out = res;
    res = NULL;
done:
    mpol_nash_result_free(res);
    mpol_free(prob);
    mpol_free(opt);
    return st;
}
