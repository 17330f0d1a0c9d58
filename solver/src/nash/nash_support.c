/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_nash_support_enum(): Nash equilibria of an n-player game by
 * enumerating support profiles.
 *
 * Reference: R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a Nash
 * equilibrium", Games and Economic Behavior 63 (2008) 642-662 (algorithm 2: supports ordered
 * by total size, then by balance; conditional strict dominance prunes a support profile).
 *
 * For each support profile (S_1, ..., S_N) the unknowns are the probabilities on the supports
 * and the equations say that every player's probabilities sum to one and that all strategies
 * in his support earn the same against the others' mix: a square polynomial system, solved by
 * Newton's method with SVD pseudo-inverse steps (nash_common.c). A root is kept when its
 * probabilities are non-negative and mpol_nash_regret() certifies it (no strategy outside the
 * support earns more).
 *
 * Deviations from Porter et al.: they solve the feasibility program of each support exactly
 * (linear for N = 2, a nonlinear program for N >= 3) and stop at the first equilibrium; we
 * enumerate every support profile and collect all certified equilibria. For N = 2 the system
 * is linear, so one Newton step from any start solves it; for N >= 3 Newton runs from the
 * centroid of the supports and from opts->starts - 1 seeded random points, which is local:
 * equilibria can be missed (documented in docs/nash.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "multipolar/nash.h"
#include "nash/nash_internal.h"

void mpol_nash_support_opts_init(mpol_nash_support_opts *opts)
{
    opts->max_supports = 1000000;
    opts->starts = 6;
    opts->seed = 1;
    opts->regret_tol = 1e-10;
    opts->dedup_tol = 1e-7;
    opts->max_equilibria = 0;
}

/*
 * The work limit of the enumeration, in units of one payoff-cell visit per strategy per
 * Newton start: work = support profiles x starts x cells x strategies. Measured here (2 cores
 * under load): 1.2-2 x 10^7 units a second (3 x 4: 1.6e7 units, 0.8 s; 5 x 3: 3.7e8, 30 s;
 * 4 x 4: 1.2e9, 105 s), so the limit is about two minutes; 5 players x 4 strategies (9.3e10)
 * and 6 x 3 (9.3e9) are refused at once instead of running for hours. Pruning by conditional
 * dominance only lowers the work, so the estimate is an upper bound.
 */
#define SUPPORT_MAX_WORK 2e9
#define SUPPORT_UNITS_PER_S 1.5e7

/* Size vector of a support profile with its sort key. */
typedef struct size_vec {
    size_t sum, imbalance, index;
} size_vec;

static int cmp_size_vec(const void *a, const void *b)
{
    const size_vec *x = a, *y = b;
    if (x->sum != y->sum)
        return x->sum < y->sum ? -1 : 1;
    if (x->imbalance != y->imbalance)
        return x->imbalance < y->imbalance ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static size_t popcount64(uint64_t v)
{
    size_t c = 0;
    for (; v != 0; v &= v - 1)
        c++;
    return c;
}

typedef struct supp_ctx {
    const mpol_game *game;
    mpol_i_nash_ws *ws;
    unsigned char *support; /* ntot flags */
    size_t *list;           /* ntot: support strategies player by player */
    size_t *lstart, *lsize; /* n each */
    size_t *idx;            /* n: odometer */
    size_t *stride;         /* n */
} supp_ctx;

/* True if player p's strategy k is strictly dominated by some other strategy of p when the
 * opponents play inside their supports. */
static int cond_dominated(supp_ctx *cx, size_t p, size_t k)
{
    const mpol_game *g = cx->game;
    size_t n = g->nplayers;
    for (size_t kk = 0; kk < g->nstrategies[p]; kk++) {
        if (kk == k)
            continue;
        int dom = 1;
        memset(cx->idx, 0, n * sizeof *cx->idx);
        for (;;) {
            size_t base = 0;
            for (size_t q = 0; q < n; q++)
                if (q != p)
                    base += cx->list[cx->lstart[q] + cx->idx[q]] * cx->stride[q];
            if (!(g->payoff[(base + kk * cx->stride[p]) * n + p] >
                  g->payoff[(base + k * cx->stride[p]) * n + p])) {
                dom = 0;
                break;
            }
            size_t q = 0;
            for (; q < n; q++) {
                if (q == p)
                    continue;
                if (++cx->idx[q] < cx->lsize[q])
                    break;
                cx->idx[q] = 0;
            }
            if (q == n)
                break;
        }
        if (dom)
            return 1;
    }
    return 0;
}

mpol_status mpol_nash_support_enum(mpol_nash_result **out, const mpol_game *game,
                                   const mpol_nash_support_opts *opts)
{
    static const char *who = "mpol_nash_support_enum";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_support_opts def;
    if (opts == NULL) {
        mpol_nash_support_opts_init(&def);
        opts = &def;
    }
    if (opts->starts == 0 || opts->max_supports == 0 || !(opts->regret_tol >= 0.0) ||
        !(opts->dedup_tol >= 0.0))
        return mpol_error(MPOL_EINVAL,
                          "%s: invalid options (need starts > 0, max_supports > 0, "
                          "regret_tol >= 0, dedup_tol >= 0)",
                          who);
    if (game->nplayers == 1) /* a decision problem: the sets of optimal choices */
        return mpol_i_nash_decision_support(out, game, opts, who);
    size_t n = game->nplayers;
    double total = 1.0;
    for (size_t p = 0; p < n; p++) {
        if (game->nstrategies[p] >= 40)
            return mpol_error(MPOL_ELIMIT, "%s: player %zu has %zu strategies; too many supports",
                              who, p + 1, game->nstrategies[p]);
        total *= ldexp(1.0, (int)game->nstrategies[p]) - 1.0;
    }
    double nstrat = 0, work = total * (double)(n <= 2 ? 1 : opts->starts) * (double)game->ncells;
    for (size_t p = 0; p < n; p++)
        nstrat += (double)game->nstrategies[p];
    work *= nstrat;
    if (total > (double)opts->max_supports)
        return mpol_error(MPOL_ELIMIT,
                          "%s: %.0f support profiles exceed max_supports = %zu (estimated work "
                          "%.2g, about %.0f s at %.2g a second)",
                          who, total, opts->max_supports, work, work / SUPPORT_UNITS_PER_S,
                          SUPPORT_UNITS_PER_S);
    if (work > SUPPORT_MAX_WORK)
        return mpol_error(MPOL_ELIMIT,
                          "%s: estimated work %.2g (%.0f support profiles x %zu starts x %zu "
                          "cells x %.0f strategies; about %.0f s at %.2g a second) exceeds the "
                          "limit of %.2g",
                          who, work, total, n <= 2 ? (size_t)1 : opts->starts, game->ncells, nstrat,
                          work / SUPPORT_UNITS_PER_S, SUPPORT_UNITS_PER_S, SUPPORT_MAX_WORK);

    mpol_i_nash_ws *ws = NULL;
    mpol_nash_result *res = NULL;
    supp_ctx cx = {0};
    uint64_t **masks = NULL;
    size_t **grp = NULL; /* grp[p][c]: first mask of popcount c (c = 1..s_p+1) */
    size_t *cnt = NULL, *cidx = NULL, *sizes = NULL;
    size_vec *vecs = NULL;
    double *sigma = NULL;
    cx.game = game;
    if ((st = mpol_i_nash_ws_alloc(&ws, game, who)) != MPOL_OK)
        return st;
    cx.ws = ws;
    size_t nt = ws->ntot;
    cx.support = mpol_calloc(nt, 1);
    cx.list = mpol_calloc(nt, sizeof *cx.list);
    cx.lstart = mpol_calloc(4 * n, sizeof *cx.lstart);
    masks = mpol_calloc(n, sizeof *masks);
    grp = mpol_calloc(n, sizeof *grp);
    cidx = mpol_calloc(2 * n, sizeof *cidx);
    sigma = mpol_calloc(nt, sizeof *sigma);
    vecs = mpol_calloc(game->ncells, sizeof *vecs);
    if (!cx.support || !cx.list || !cx.lstart || !masks || !grp || !cidx || !sigma || !vecs)
        goto nomem;
    cx.lsize = cx.lstart + n;
    cx.idx = cx.lsize + n;
    cx.stride = cx.idx + n;
    sizes = cidx + n;
    for (size_t p = 0, s = 1; p < n; p++) {
        cx.stride[p] = s;
        s *= game->nstrategies[p];
    }
    /* Masks of each player grouped by popcount. */
    for (size_t p = 0; p < n; p++) {
        size_t s = game->nstrategies[p], m = ((size_t)1 << s) - 1;
        masks[p] = mpol_calloc(m, sizeof **masks);
        grp[p] = mpol_calloc(s + 2, sizeof **grp);
        if (masks[p] == NULL || grp[p] == NULL)
            goto nomem;
        size_t w = 0;
        for (size_t c = 1; c <= s; c++) {
            grp[p][c] = w;
            for (uint64_t v = 1; v <= m; v++)
                if (popcount64(v) == c)
                    masks[p][w++] = v;
        }
        grp[p][s + 1] = w;
    }
    /* Size vectors sorted by total size, then balance. */
    for (size_t i = 0; i < game->ncells; i++) {
        mpol_game_profile(game, i, sizes);
        size_t sum = 0, lo = SIZE_MAX, hi = 0;
        for (size_t p = 0; p < n; p++) {
            sum += sizes[p] + 1;
            lo = sizes[p] < lo ? sizes[p] : lo;
            hi = sizes[p] > hi ? sizes[p] : hi;
        }
        vecs[i].sum = sum;
        vecs[i].imbalance = hi - lo;
        vecs[i].index = i;
    }
    qsort(vecs, game->ncells, sizeof *vecs, cmp_size_vec);
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto fail;
    double tol_abs = opts->regret_tol * (1.0 + ws->range);
    uint64_t rng = opts->seed;
    size_t nstarts = n <= 2 ? 1 : opts->starts, tried = 0;
    int stop = 0;
    for (size_t v = 0; v < game->ncells && !stop; v++) {
        mpol_game_profile(game, vecs[v].index, sizes); /* sizes[p] + 1 = |S_p| */
        memset(cidx, 0, n * sizeof *cidx);
        for (;;) {
            /* Build the support profile from the current masks. */
            size_t w = 0;
            for (size_t p = 0; p < n; p++) {
                uint64_t mk = masks[p][grp[p][sizes[p] + 1] + cidx[p]];
                cx.lstart[p] = w;
                for (size_t k = 0; k < game->nstrategies[p]; k++) {
                    cx.support[ws->off[p] + k] = (mk >> k) & 1u;
                    if ((mk >> k) & 1u)
                        cx.list[w++] = k;
                }
                cx.lsize[p] = w - cx.lstart[p];
            }
            tried++;
            int pruned = 0;
            for (size_t p = 0; p < n && !pruned; p++)
                for (size_t i = 0; i < cx.lsize[p] && !pruned; i++)
                    pruned = cond_dominated(&cx, p, cx.list[cx.lstart[p] + i]);
            for (size_t s = 0; s < nstarts && !pruned && !stop; s++) {
                for (size_t p = 0; p < n; p++) {
                    double sum = 0.0;
                    for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++) {
                        double e = s == 0 ? 1.0 : -log(1.0 - mpol_i_nash_rng_uniform(&rng));
                        sigma[k] = cx.support[k] ? e : 0.0;
                        sum += sigma[k];
                    }
                    for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                        sigma[k] /= sum;
                }
                if (!mpol_i_nash_newton_support(ws, cx.support, sigma))
                    continue;
                int acc = mpol_i_nash_accept(game, sigma, nt, ws->off, tol_abs, NULL);
                if (acc < 0)
                    goto nomem;
                if (acc == 0 || mpol_i_nash_result_find(res, sigma, opts->dedup_tol) < res->count)
                    continue;
                if (opts->max_equilibria != 0 && res->count == opts->max_equilibria) {
                    res->outcome = MPOL_ITER_LIMIT;
                    stop = 1;
                    break;
                }
                if ((st = mpol_i_nash_result_add(res, game, sigma, NULL, who)) != MPOL_OK)
                    goto fail;
            }
            /* Next combination of masks with these sizes. */
            size_t p = 0;
            for (; p < n; p++) {
                size_t cap = grp[p][sizes[p] + 2] - grp[p][sizes[p] + 1];
                if (++cidx[p] < cap)
                    break;
                cidx[p] = 0;
            }
            if (p == n || stop)
                break;
        }
    }
    res->steps = tried;
    *out = res;
    res = NULL;
    st = MPOL_OK;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
fail:
done:
    for (size_t p = 0; p < n; p++) {
        if (masks != NULL)
            mpol_free(masks[p]);
        if (grp != NULL)
            mpol_free(grp[p]);
    }
    mpol_free(masks);
    mpol_free(grp);
    mpol_free(cnt);
    mpol_free(cidx);
    mpol_free(vecs);
    mpol_free(sigma);
    mpol_free(cx.support);
    mpol_free(cx.list);
    mpol_free(cx.lstart);
    mpol_i_nash_ws_free(ws);
    mpol_nash_result_free(res);
    return st;
}
