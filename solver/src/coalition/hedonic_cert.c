/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of hedonic games' answers: the deviations that
 * mpol_hedonic_check_partition() reports for an unstable partition, re-evaluated from the
 * utilities alone (mpol_hedonic_utility, no table, no search), and the cross-checks of a
 * search result against the exact check of its partition and the listing of every stable
 * partition (count and largest welfare). The CLI, sweeps and bindings report these; none of
 * them re-computes a deviation itself.
 */
#include <math.h>

#include "coalition/hedonic_internal.h"

#define CERT_DEFAULT_TOL 1e-9

double mpol_hedonic_welfare(const mpol_hedonic *game, const mpol_coalition *parts, size_t nparts)
{
    if (game == NULL || (parts == NULL && nparts > 0))
        return NAN;
    double w = 0;
    for (size_t k = 0; k < nparts; k++)
        for (size_t i = 0; i < game->n; i++)
            if (parts[k] >> i & 1)
                w += mpol_hedonic_utility(game, i, parts[k]);
    return w;
}

static mpol_coalition part_of(const mpol_coalition *parts, size_t nparts, size_t i)
{
    for (size_t k = 0; k < nparts; k++)
        if (parts[k] >> i & 1)
            return parts[k];
    return 0;
}

/* The shortfall of @p gain below the strict threshold tol (0 when it passes; NaN: HUGE_VAL). */
static double shortfall(double gain, double tol)
{
    if (isnan(gain))
        return HUGE_VAL;
    return gain > tol ? 0.0 : tol - gain;
}

void mpol_i_hedonic_eval_move(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts,
                              size_t i, long target, int individual, double tol,
                              mpol_hedonic_deviation *d)
{
    *d = (mpol_hedonic_deviation){0};
    d->present = 1;
    d->player = i;
    d->error = HUGE_VAL;
    if (i >= g->n || (target >= 0 && (size_t)target >= nparts))
        return; /* no such player or part: not a move */
    mpol_coalition me = (mpol_coalition)1 << i, recv = target >= 0 ? parts[target] : 0;
    d->from = part_of(parts, nparts, i);
    d->to = recv | me;
    d->before = mpol_hedonic_utility(g, i, d->from);
    d->after = mpol_hedonic_utility(g, i, d->to);
    if (recv & me)
        return; /* the player is already there */
    d->verified = d->after > d->before + tol;
    d->error = shortfall(d->after - d->before, tol);
    for (size_t j = 0; individual && j < g->n; j++) {
        if (!(recv >> j & 1))
            continue;
        double stay = mpol_hedonic_utility(g, j, recv), join = mpol_hedonic_utility(g, j, d->to);
        d->verified &= join >= stay - tol;
        double loss = stay - join - tol;
        if (isnan(loss))
            loss = join == stay ? 0.0 : HUGE_VAL; /* unlisted in both: no loss */
        if (loss > d->error)
            d->error = loss;
    }
    if (d->verified)
        d->error = 0.0;
}

void mpol_i_hedonic_eval_blocking(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts,
                                  mpol_coalition b, double tol, mpol_hedonic_deviation *d)
{
    *d = (mpol_hedonic_deviation){0};
    d->present = 1;
    d->blocking = b;
    d->min_gain = HUGE_VAL;
    d->verified = b != 0;
    for (size_t i = 0; i < g->n; i++) {
        if (!(b >> i & 1))
            continue;
        double gain =
            mpol_hedonic_utility(g, i, b) - mpol_hedonic_utility(g, i, part_of(parts, nparts, i));
        if (isnan(gain))
            gain = -HUGE_VAL; /* unlisted in both: no gain */
        d->min_gain = fmin(d->min_gain, gain);
        d->verified &= gain > tol;
    }
    d->error = b == 0 ? HUGE_VAL : shortfall(d->min_gain, tol);
    if (d->verified)
        d->error = 0.0;
}

mpol_status mpol_hedonic_certify_partition(mpol_hedonic_certificate *out, const mpol_hedonic *game,
                                           const mpol_coalition *parts, size_t nparts,
                                           unsigned which, double tol)
{
    static const char *who = "mpol_hedonic_certify_partition";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = (mpol_hedonic_certificate){0};
    tol = tol > 0 ? tol : CERT_DEFAULT_TOL;
    mpol_status st = mpol_hedonic_check_partition(&out->check, game, parts, nparts, which, tol);
    if (st != MPOL_OK)
        return st;
    const mpol_hedonic_check *c = &out->check;
    out->welfare = mpol_hedonic_welfare(game, parts, nparts);
    if ((which & MPOL_HEDONIC_NASH) && c->nash == 0)
        mpol_i_hedonic_eval_move(game, parts, nparts, c->nash_player, c->nash_target, 0, tol,
                                 &out->deviation[0]);
    if ((which & MPOL_HEDONIC_INDIVIDUAL) && c->individual == 0)
        mpol_i_hedonic_eval_move(game, parts, nparts, c->is_player, c->is_target, 1, tol,
                                 &out->deviation[1]);
    if ((which & MPOL_HEDONIC_CORE) && c->core == 0)
        mpol_i_hedonic_eval_blocking(game, parts, nparts, c->blocking, tol, &out->deviation[2]);
    out->verified = 1;
    for (int k = 0; k < 3; k++) {
        const mpol_hedonic_deviation *d = &out->deviation[k];
        if (!d->present)
            continue;
        out->verified &= d->verified;
        if (d->error > out->max_error)
            out->max_error = d->error;
    }
    if (!out->verified)
        return mpol_error(MPOL_EVERIFY, "%s: a reported deviation is not confirmed (error %g)", who,
                          out->max_error);
    return MPOL_OK;
}

static int verdict_of(const mpol_hedonic_check *c, unsigned concept)
{
    return concept == MPOL_HEDONIC_NASH         ? c->nash
           : concept == MPOL_HEDONIC_INDIVIDUAL ? c->individual
                                                : c->core;
}

/* Compares an exact search with the listing: the count, and no larger stable welfare. */
static void against_list(mpol_hedonic_search_certificate *out, const mpol_hedonic_search_result *s,
                         unsigned concept, int k, const mpol_hedonic_stable_list *l, double tol)
{
    out->counts_agree = l->count[k] == s->stable_count;
    for (size_t p = 0; p < l->nlisted && s->found; p++) {
        if (!(l->stable[p] & concept))
            continue;
        double w = l->welfare[p];
        if (w > s->welfare + tol * (1 + fabs(s->welfare)))
            out->welfare_ok = 0;
        double excess = w - s->welfare;
        if (isfinite(excess) && excess > out->max_error)
            out->max_error = excess;
    }
}

mpol_status mpol_hedonic_certify_search(mpol_hedonic_search_certificate *out,
                                        const mpol_hedonic *game,
                                        const mpol_hedonic_search_result *search, unsigned concept,
                                        const mpol_hedonic_stable_list *list, double tol)
{
    static const char *who = "mpol_hedonic_certify_search";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = (mpol_hedonic_search_certificate){1, 1, -1, 1, 1, 0.0};
    if (game == NULL || search == NULL)
        return mpol_error(MPOL_EINVAL, "%s: game or search is NULL", who);
    int k = concept == MPOL_HEDONIC_NASH ? 0 : concept == MPOL_HEDONIC_INDIVIDUAL ? 1 : 2;
    if (concept != MPOL_HEDONIC_NASH && concept != MPOL_HEDONIC_INDIVIDUAL &&
        concept != MPOL_HEDONIC_CORE)
        return mpol_error(MPOL_EINVAL, "%s: concept must be one of NASH, INDIVIDUAL, CORE", who);
    if (list != NULL && (list->n != game->n || (list->nlisted > 0 && list->welfare == NULL)))
        return mpol_error(MPOL_EINVAL, "%s: the listing is not of this game", who);
    tol = tol > 0 ? tol : CERT_DEFAULT_TOL;
    if (search->found) {
        mpol_hedonic_check c;
        mpol_status st =
            mpol_hedonic_check_partition(&c, game, search->parts, search->nparts, concept, tol);
        if (st != MPOL_OK)
            return st;
        out->partition_ok = verdict_of(&c, concept) == 1 && search->proven;
    }
    if (search->exact) {
        out->count_ok = (search->found != 0) == (search->stable_count > 0);
        if (list != NULL)
            against_list(out, search, concept, k, list, tol);
    }
    out->verified = out->partition_ok && out->count_ok && out->counts_agree != 0 && out->welfare_ok;
    if (!out->verified)
        return mpol_error(MPOL_EVERIFY, "%s: the search result fails its cross-checks", who);
    return MPOL_OK;
}
