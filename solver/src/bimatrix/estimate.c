/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the work estimate of the vertex enumeration: how many lexicographically
 * feasible bases a best-response polytope has, judged before the search, so that a game far
 * beyond the basis limit is refused at once instead of after minutes of search.
 *
 * Two figures. The upper bound theorem (McMullen 1970) bounds the vertices of a simple
 * d-polytope with N facets by those of the dual cyclic polytope,
 *     C(N - ceil(d/2), floor(d/2)) + C(N - floor(d/2) - 1, ceil(d/2) - 1);
 * the lexicographically perturbed polytope searched is simple with d = m and N = m + n, so this
 * bounds the bases, and when it is within the limit nothing more is needed. Otherwise the bases
 * are counted statistically by the birthday paradox on a random walk: the graph of a simple
 * d-polytope is d-regular, so a lazy random walk along its edges (stay with probability 1/2,
 * else take a uniformly chosen edge) has the uniform distribution on the bases as its
 * stationary law, and among K visits far enough apart in time about K^2 / (2 N) pairs fall on
 * the same basis (capture-recapture; see e.g. Katzir, Liberty and Somekh,
 * "Estimating sizes of social networks via biased sampling", WWW 2011, for the estimator on
 * walks). With c such collisions among the P pairs counted, N is at least P / c_hi with high
 * confidence, c_hi being a one-sided 99.9 % Poisson upper bound on c; the caller refuses only
 * when that lower bound exceeds the limit.
 *
 * Which way the estimate errs. For a lazy reversible walk the probability of being back at a
 * basis after k steps never falls below its stationary value 1/N, so the expected number of
 * collisions is at least pairs / N and a mixed walk can only understate N (measured: the
 * estimate settles 20-35 % below the true count on random 13 x 14 .. 25 x 25 games, the walk's
 * visits being less even than the uniform law). But the count has a heavy tail: a short walk
 * that has not yet come back anywhere shows no collision at all although its expectation is
 * large, and then overstates N (up to 6x below a few thousand steps). The walk is therefore
 * never shorter than 2^16 steps (the caller's EST_MIN_STEPS), from which on no overstatement
 * was seen; a refusal is made only on the 99.9 % bound, and a game the estimate lets through
 * is still stopped by the exact basis count of the search.
 *
 * Cost: K steps (K/2 pivots) per polytope, K chosen so that about 20 collisions are expected
 * for a polytope right at the limit and at least 2^16 (65,536 for the default 5 x 10^7
 * bases: about 40 ms for 25 x 25, 0.2 s for 60 x 60), made only when the upper bound exceeds
 * the limit or the search is long enough for the choice of polytope to matter. The walk
 * rebuilds its tableau every max(MPOL_I_BMX_REFRESH, rows) pivots (a rebuild costs up to rows
 * pivots), and stops early, with the exact count of the bases it saw as both figures, once
 * it has found no new basis in the second half of its steps so far (a small polytope, covered:
 * montyhal.efg's P, 493 bases on a 512-row tableau, 1 s instead of 3.5 s).
 *
 * The caller (vertex_enum.c) refuses on the 99.9 % bound above the limit, and also on the
 * point estimate within a factor 2 of it (EST_NEAR there): the estimate errs low, and a
 * polytope estimated near the limit is searched for a minute only to stop at it (artist2.efg).
 * It also estimates a face of the other polytope that the partners of a degenerate vertex lie
 * on, once the face's search has passed 2^16 bases (montyhal.efg).
 */
#include <math.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"
#include "core/rng_internal.h"

/* The walk stops early, its count exact, once it has found no new basis in the second half of
 * its steps so far (checked every EST_SATURATE_CHECK steps from EST_SATURATE_MIN on): a
 * polytope of a few hundred bases (montyhal.efg's P: 493, on a 512-row tableau) is covered in
 * a few thousand steps, and the rest of the 2^16 steps only counted the same bases again. */
#define EST_SATURATE_MIN 8192u
#define EST_SATURATE_CHECK 4096u

/* log C(a, b), b <= a, through the log-gamma function (exact enough to round C to an integer
 * while it fits a double's 53 bits). */
static double log_binom(size_t a, size_t b)
{
    return lgamma((double)a + 1.0) - lgamma((double)b + 1.0) - lgamma((double)(a - b) + 1.0);
}

double mpol_i_bmx_ubt_bound(size_t d, size_t nfacets)
{
    if (d == 0 || nfacets < d)
        return 1.0;
    size_t lo = d / 2, hi = d - d / 2; /* floor(d/2), ceil(d/2) >= 1 */
    return floor(exp(log_binom(nfacets - hi, lo)) + 0.5) +
           floor(exp(log_binom(nfacets - lo - 1, hi - 1)) + 0.5);
}

/* Visits of one basis: the key is words long, then the visit count, the times of the first
 * and of the last visit. */
typedef struct visit_map {
    size_t words, stride, mask;
    uint64_t *slot; /* (mask + 1) * stride: key words, count, first, last; count 0 = empty */
} visit_map;

/* Records a visit at @p t to basis @p key; returns the number of earlier visits counted as
 * more than @p w steps ago: none if the first one was not, all if the last one was, else all
 * but the last (an approximation that can only count too many). *added is set for a first
 * visit. */
static uint64_t visit(visit_map *vm, const uint64_t *key, uint64_t t, uint64_t w, int *added)
{
    size_t k = (size_t)mpol_i_bmx_hash(key, vm->words) & vm->mask;
    for (;;) {
        uint64_t *s = vm->slot + k * vm->stride, *cnt = s + vm->words, *first = cnt + 1,
                 *last = cnt + 2;
        if (*cnt == 0) {
            memcpy(s, key, vm->words * sizeof(uint64_t));
            *cnt = 1;
            *first = t;
            *last = t;
            *added = 1;
            return 0;
        }
        if (memcmp(s, key, vm->words * sizeof(uint64_t)) == 0) {
            uint64_t far = *first + w >= t ? 0 : *last + w < t ? *cnt : *cnt - 1;
            (*cnt)++;
            *last = t;
            return far;
        }
        k = (k + 1) & vm->mask;
    }
}

mpol_status mpol_i_bmx_estimate(mpol_i_bmx_tab *tab, size_t steps, uint64_t seed, double *lower,
                                double *mean)
{
    mpol_i_bmx_tab_reset(tab);
    return mpol_i_bmx_estimate_face(tab, NULL, steps, seed, lower, mean);
}

mpol_status mpol_i_bmx_estimate_face(mpol_i_bmx_tab *tab, const unsigned char *fixed, size_t steps,
                                     uint64_t seed, double *lower, double *mean)
{
    size_t ncols = tab->ncols, rows = tab->rows, words = (ncols + 63) / 64;
    size_t nfree = 0; /* the degree of every basis: the free non-basic labels */
    for (size_t k = 0; k < ncols; k++)
        nfree += tab->pos[k] == SIZE_MAX && (fixed == NULL || !fixed[k]);
    visit_map vm = {words, words + 3, 0, NULL};
    size_t size = 1;
    while (size < 2 * steps + 2)
        size *= 2;
    vm.mask = size - 1;
    vm.slot = mpol_calloc(size * vm.stride, sizeof(uint64_t));
    uint64_t *key = mpol_calloc(words, sizeof(uint64_t));
    size_t *nonbasic = mpol_malloc(ncols * sizeof(size_t));
    mpol_status st = MPOL_OK;
    if (vm.slot == NULL || key == NULL || nonbasic == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_enumerate: out of memory for the estimate");
        goto done;
    }
    /* Visits closer in time than this are not compared (the walk steps back and forth). */
    uint64_t w = steps / 4;
    uint64_t rng = seed, collisions = 0;
    for (size_t r = 0; r < rows; r++)
        mpol_i_bit_set(key, tab->basis[r]);
    /* A rebuild costs up to rows pivots: on a tall tableau (montyhal.efg's P, 512 rows) one
     * every MPOL_I_BMX_REFRESH pivots made the walk mostly rebuilds. */
    size_t since = 0, refresh = rows > MPOL_I_BMX_REFRESH ? rows : MPOL_I_BMX_REFRESH;
    uint64_t distinct = 0, last_new = 0, t = 0;
    int saturated = 0;
    for (; t < steps; t++) {
        int added = 0;
        collisions += visit(&vm, key, t, w, &added);
        if (added) {
            distinct++;
            last_new = t;
        }
        if (t >= EST_SATURATE_MIN && t % EST_SATURATE_CHECK == 0 && 2 * last_new <= t) {
            saturated = 1; /* no new basis in the second half of the walk so far */
            break;
        }
        /* Lazy: stay with probability 1/2, else a uniformly chosen edge (the graph is
         * nfree-regular). */
        uint64_t u = mpol_i_splitmix64(&rng);
        if (u & 1)
            continue;
        size_t nb = 0;
        for (size_t k = 0; k < ncols; k++)
            if (tab->pos[k] == SIZE_MAX && (fixed == NULL || !fixed[k]))
                nonbasic[nb++] = k;
        if (nb != nfree || nb == 0)
            break; /* cannot happen */
        size_t c = nonbasic[(u >> 1) % nb];
        size_t r = mpol_i_bmx_tab_ratio(tab, c);
        if (r == SIZE_MAX)
            break; /* cannot happen: the polytope is bounded */
        mpol_i_bit_clear(key, tab->basis[r]);
        mpol_i_bit_set(key, c);
        if (++since >= refresh) {
            since = 0;
            if ((st = mpol_i_bmx_tab_refresh(tab, key)) != MPOL_OK)
                goto done;
        } else {
            mpol_i_bmx_tab_pivot(tab, r, c);
        }
    }
    if (saturated) {
        /* By all signs the walk has seen every basis: their number is the count, and in any
         * case a bound that cannot overstate it, whatever the mixing. */
        *lower = (double)distinct;
        *mean = (double)distinct;
        goto done;
    }
    /* Pairs of visits more than w apart, and a 99.9 % upper bound on their collisions. */
    double k = (double)steps, pairs = k > (double)w ? 0.5 * (k - (double)w) * (k - (double)w) : 0.0;
    double c = (double)collisions, chi = c + 3.1 * sqrt(c) + 7.0;
    *lower = pairs / chi;
    *mean = c > 0.0 ? pairs / c : HUGE_VAL;
done:
    mpol_free(vm.slot);
    mpol_free(key);
    mpol_free(nonbasic);
    return st;
}
