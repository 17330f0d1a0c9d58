/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_wvg_balance_certify (voting.h): the balance-of-power analysis
 * of balance.h under the rule the game's quota implies, Kaplan's rule 4 re-derived one
 * coalition at a time and compared with the analysis' counts, and one actor's capability
 * range with the check that the actor's capability lies inside it.
 */
#include <math.h>

#include "voting/voting_internal.h"

void mpol_wvg_balance_free(mpol_wvg_balance *b)
{
    if (b == NULL)
        return;
    mpol_balance_free(b->analysis);
    mpol_free(b->dominant);
    mpol_free(b->blocker);
    mpol_free(b->other_bloc);
    mpol_free(b);
}

/* Re-derives the dominant coalitions and rule-4 violations one by one. */
static mpol_status recount(mpol_wvg_balance *c, const mpol_wvg *g, size_t max_listed)
{
    const mpol_balance *b = c->analysis;
    size_t keep = b->nwinning <= max_listed ? (size_t)b->nwinning : 0;
    if (keep > 0 && ((c->dominant = mpol_calloc(keep, sizeof *c->dominant)) == NULL ||
                     (c->blocker = mpol_calloc(keep, sizeof *c->blocker)) == NULL))
        return mpol_error(MPOL_ENOMEM, "mpol_wvg_balance_certify: out of memory");
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
    for (uint64_t s = 1; s <= full; s++) {
        int dom;
        long member;
        mpol_status st =
            mpol_balance_rule4_coalition(g, &c->opts, (mpol_coalition)s, &dom, &member);
        if (st != MPOL_OK)
            return st;
        if (!dom)
            continue;
        if (c->ndominant < keep) {
            c->dominant[c->ndominant] = (mpol_coalition)s;
            c->blocker[c->ndominant] = member;
            c->nlisted = (size_t)c->ndominant + 1;
        }
        c->ndominant++;
        c->violations += s != full && member < 0;
    }
    if ((c->other_bloc = mpol_calloc(g->n, sizeof *c->other_bloc)) == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_wvg_balance_certify: out of memory");
    for (size_t i = 0; i < g->n; i++)
        if (b->balancer[i])
            c->other_bloc[i] = full ^ ((mpol_coalition)1 << i) ^ b->balancer_bloc[i];
    if (c->nlisted != c->ndominant)
        c->nlisted = 0; /* the analysis counted fewer than there are: list none */
    c->recount_ok = c->ndominant == b->nwinning && c->violations == b->rule4_violations &&
                    (b->rule4 != 0) == (b->rule4_violations == 0);
    return MPOL_OK;
}

static double count_gap(uint64_t a, uint64_t b)
{
    return a > b ? (double)(a - b) : (double)(b - a);
}

/* The range of the actor and how far its capability lies outside (0 inside). */
static mpol_status range_check(mpol_wvg_balance *c, const mpol_wvg *g, double *outside)
{
    mpol_status st = mpol_balance_capability_range(&c->range, g, (size_t)c->actor, &c->opts);
    if (st != MPOL_OK)
        return st;
    const mpol_balance_range *r = &c->range;
    double x = g->weights[c->actor];
    c->in_range =
        (x > r->lo || (r->lo_closed && x == r->lo)) && (x < r->hi || (r->hi_closed && x == r->hi));
    *outside = c->in_range ? 0 : x <= r->lo ? r->lo - x : x - r->hi;
    return MPOL_OK;
}

mpol_status mpol_wvg_balance_certify(mpol_wvg_balance **out, const mpol_wvg *g, long actor,
                                     size_t max_listed)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_balance_certify: NULL out");
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_balance_certify: NULL game");
    if (actor < -1 || (actor >= 0 && (size_t)actor >= g->n))
        return mpol_error(MPOL_EINVAL, "mpol_wvg_balance_certify: actor %ld of %zu", actor, g->n);
    mpol_wvg_balance *c = mpol_calloc(1, sizeof *c);
    if (c == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_wvg_balance_certify: out of memory");
    mpol_balance_opts_init(&c->opts);
    double total = mpol_wvg_total_weight(g);
    /* "More than half" when the quota is half the total, else the game's own rule. */
    c->opts.strict = fabs(g->quota - 0.5 * total) <= MPOL_WVG_HALF_QUOTA_TOL * total;
    c->actor = actor;
    c->in_range = 1;
    mpol_status st = mpol_balance_analyse(&c->analysis, g, &c->opts);
    double outside = 0;
    if (st == MPOL_OK || st == MPOL_EVERIFY)
        st = recount(c, g, max_listed);
    if (st == MPOL_OK && actor >= 0)
        st = range_check(c, g, &outside);
    if (st != MPOL_OK) {
        mpol_wvg_balance_free(c);
        return st;
    }
    const mpol_balance *b = c->analysis;
    c->verified = b->ok && c->recount_ok && c->in_range;
    double gap = count_gap(c->ndominant, b->nwinning);
    double gv = count_gap(c->violations, b->rule4_violations);
    c->max_error = gap > gv ? gap : gv;
    if (outside > c->max_error)
        c->max_error = outside;
    if (!c->verified && c->max_error == 0)
        c->max_error = 1;
    *out = c;
    if (!c->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_wvg_balance_certify: not verified (analysis re-checks %s, "
                          "re-count %s, capability %s its range)",
                          b->ok ? "ok" : "failed", c->recount_ok ? "ok" : "failed",
                          c->in_range ? "inside" : "outside");
    return MPOL_OK;
}
