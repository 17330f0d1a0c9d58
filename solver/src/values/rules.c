/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the rules of values.h that build TU games as 2^n tables: weighted
 * and vector-weighted voting, bankruptcy (O'Neill 1982), unanimity games, airport cost games
 * (Littlechild and Owen 1973) and graph-restricted games (Myerson 1977).
 *
 * Coalition sums are built incrementally: the sum of S is the sum of S without its lowest
 * player plus that player's number, so every table costs O(2^n) after O(n) set-up. Graph
 * games use v^g(S) = v(C) + v^g(S \ C) where C is the component of the lowest player of S;
 * S \ C < S, so one ascending pass suffices (Myerson 1977, eq. for v/g; no deviations).
 */
#include <math.h>
#include <string.h>

#include "core/limits_internal.h"
#include "multipolar/values.h"

/* Refuses before the O(n) set-up what mpol_tu_alloc would refuse (MPOL_LIMIT_TU_BYTES). */
static mpol_status check_n(size_t n, const char *who)
{
    return mpol_i_limit_tu(n, who);
}

static mpol_status check_nonneg(const double *a, size_t n, const char *what, const char *who)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]) || a[i] < 0)
            return mpol_error(MPOL_EINVAL, "%s: %s of player %zu is %g; must be finite and >= 0",
                              who, what, i + 1, a[i]);
    return MPOL_OK;
}

/* Stores the coalition sums of a[0..n-1] in t[0..2^n-1]. */
static void coalition_sums(double *t, const double *a, size_t n)
{
    size_t size = (size_t)1 << n;
    t[0] = 0;
    for (size_t S = 1; S < size; S++) {
        size_t low = (size_t)__builtin_ctzl((unsigned long)S);
        t[S] = t[S & (S - 1)] + a[low];
    }
}

static int reaches(double sum, double quota)
{
    return sum >= quota - MPOL_RULE_WEIGHT_TOL * fabs(quota);
}

mpol_status mpol_tu_from_wvg(mpol_tu_game **out, const mpol_wvg *g)
{
    static const char who[] = "mpol_tu_from_wvg";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL game", who);
    mpol_status st = check_n(g->n, who);
    if (st != MPOL_OK)
        return st;
    if ((st = check_nonneg(g->weights, g->n, "weight", who)) != MPOL_OK)
        return st;
    if (!isfinite(g->quota) || g->quota <= 0)
        return mpol_error(MPOL_EINVAL, "%s: quota %g; must be finite and > 0", who, g->quota);
    mpol_tu_game *t;
    if ((st = mpol_tu_alloc(&t, g->n)) != MPOL_OK)
        return st;
    for (size_t i = 0; i < g->n; i++)
        if ((st = mpol_tu_set_name(t, i, g->names[i])) != MPOL_OK) {
            mpol_tu_free(t);
            return st;
        }
    coalition_sums(t->v, g->weights, g->n);
    size_t size = (size_t)1 << g->n;
    for (size_t S = 0; S < size; S++)
        t->v[S] = reaches(t->v[S], g->quota) ? 1.0 : 0.0;
    *out = t;
    return MPOL_OK;
}

mpol_status mpol_tu_vector_voting(mpol_tu_game **out, size_t n, size_t k, const double *weights,
                                  const double *quotas)
{
    static const char who[] = "mpol_tu_vector_voting";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_status st = check_n(n, who);
    if (st != MPOL_OK)
        return st;
    if (k == 0)
        return mpol_error(MPOL_EINVAL, "%s: no weight vector (k = 0)", who);
    for (size_t r = 0; r < k; r++) {
        if ((st = check_nonneg(weights + r * n, n, "weight", who)) != MPOL_OK)
            return st;
        if (!isfinite(quotas[r]) || quotas[r] <= 0)
            return mpol_error(MPOL_EINVAL, "%s: quota %zu is %g; must be finite and > 0", who,
                              r + 1, quotas[r]);
    }
    size_t size = (size_t)1 << n;
    double *sums = mpol_malloc(size * sizeof *sums);
    mpol_tu_game *t = NULL;
    if (sums == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for 2^%zu sums", who, n);
    if ((st = mpol_tu_alloc(&t, n)) != MPOL_OK) {
        mpol_free(sums);
        return st;
    }
    for (size_t S = 0; S < size; S++)
        t->v[S] = 1.0;
    for (size_t r = 0; r < k; r++) {
        coalition_sums(sums, weights + r * n, n);
        for (size_t S = 0; S < size; S++)
            if (!reaches(sums[S], quotas[r]))
                t->v[S] = 0.0;
    }
    mpol_free(sums);
    *out = t;
    return MPOL_OK;
}

mpol_status mpol_tu_bankruptcy(mpol_tu_game **out, size_t n, double estate, const double *claims)
{
    static const char who[] = "mpol_tu_bankruptcy";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_status st = check_n(n, who);
    if (st != MPOL_OK)
        return st;
    if ((st = check_nonneg(claims, n, "claim", who)) != MPOL_OK)
        return st;
    if (!isfinite(estate) || estate < 0)
        return mpol_error(MPOL_EINVAL, "%s: estate %g; must be finite and >= 0", who, estate);
    mpol_tu_game *t;
    if ((st = mpol_tu_alloc(&t, n)) != MPOL_OK)
        return st;
    coalition_sums(t->v, claims, n);
    size_t size = (size_t)1 << n, full = size - 1;
    /* v(S) = max(0, E - d(N \ S)); d(N \ S) = total - d(S). Compute from the complement's
     * sum so that values are exact for integer claims. */
    for (size_t S = 0; S < size / 2; S++) {
        size_t C = full ^ S;
        double dS = t->v[S], dC = t->v[C];
        t->v[S] = fmax(0.0, estate - dC);
        t->v[C] = fmax(0.0, estate - dS);
    }
    t->v[0] = 0;
    *out = t;
    return MPOL_OK;
}

mpol_status mpol_tu_unanimity(mpol_tu_game **out, size_t n, mpol_coalition T)
{
    static const char who[] = "mpol_tu_unanimity";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_status st = check_n(n, who);
    if (st != MPOL_OK)
        return st;
    size_t size = (size_t)1 << n;
    if (T == 0 || (size_t)T >= size)
        return mpol_error(MPOL_EINVAL, "%s: carrier 0x%lx is empty or names players beyond %zu",
                          who, (unsigned long)T, n);
    mpol_tu_game *t;
    if ((st = mpol_tu_alloc(&t, n)) != MPOL_OK)
        return st;
    for (size_t S = 0; S < size; S++)
        t->v[S] = ((S & T) == T) ? 1.0 : 0.0;
    *out = t;
    return MPOL_OK;
}

mpol_status mpol_tu_airport(mpol_tu_game **out, size_t n, const double *costs)
{
    static const char who[] = "mpol_tu_airport";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_status st = check_n(n, who);
    if (st != MPOL_OK)
        return st;
    if ((st = check_nonneg(costs, n, "runway cost", who)) != MPOL_OK)
        return st;
    mpol_tu_game *t;
    if ((st = mpol_tu_alloc(&t, n)) != MPOL_OK)
        return st;
    size_t size = (size_t)1 << n;
    t->v[0] = 0;
    for (size_t S = 1; S < size; S++) {
        size_t low = (size_t)__builtin_ctzl((unsigned long)S);
        t->v[S] = fmax(t->v[S & (S - 1)], costs[low]);
    }
    *out = t;
    return MPOL_OK;
}

mpol_status mpol_tu_graph_restrict(mpol_tu_game **out, const mpol_tu_game *g, const size_t *edges,
                                   size_t nedges)
{
    static const char who[] = "mpol_tu_graph_restrict";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL game", who);
    size_t n = g->n;
    mpol_status st = check_n(n, who);
    if (st != MPOL_OK)
        return st;
    mpol_coalition adj[MPOL_TU_MAX_PLAYERS];
    for (size_t i = 0; i < n; i++)
        adj[i] = (mpol_coalition)1 << i;
    for (size_t e = 0; e < nedges; e++) {
        size_t a = edges[2 * e], b = edges[2 * e + 1];
        if (a >= n || b >= n)
            return mpol_error(MPOL_EINVAL, "%s: edge %zu (%zu, %zu) names a player beyond %zu", who,
                              e + 1, a + 1, b + 1, n);
        adj[a] |= (mpol_coalition)1 << b;
        adj[b] |= (mpol_coalition)1 << a;
    }
    mpol_tu_game *t;
    if ((st = mpol_tu_alloc(&t, n)) != MPOL_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if ((st = mpol_tu_set_name(t, i, g->names[i])) != MPOL_OK) {
            mpol_tu_free(t);
            return st;
        }
    size_t size = (size_t)1 << n;
    t->v[0] = 0;
    for (size_t S = 1; S < size; S++) {
        /* Component of the lowest player of S, grown to a fixed point inside S. */
        mpol_coalition comp = (mpol_coalition)(S & (~S + 1)), frontier = comp;
        while (frontier != 0) {
            mpol_coalition reach = 0;
            for (mpol_coalition f = frontier; f != 0; f &= f - 1)
                reach |= adj[__builtin_ctz(f)];
            reach &= (mpol_coalition)S;
            frontier = reach & ~comp;
            comp |= reach;
        }
        t->v[S] = g->v[comp] + (comp == S ? 0.0 : t->v[S & ~(size_t)comp]);
    }
    *out = t;
    return MPOL_OK;
}
