/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements optimal coalition structure generation (complete set partitioning):
 * given v(C) for all 2^n coalitions, find a partition of the players maximising the sum of
 * its coalitions' values.
 *
 * Two methods share one table f[C] (the best value of a partition of C found so far):
 *
 * - MPOL_CSG_DP, the plain dynamic programme of Yeh (1986) / Rothkopf et al. (1998):
 *   f(C) = max(v(C), max over splits {C', C \ C'} of f(C') + f(C \ C')), every split of every
 *   coalition (3^n / 2 splits).
 *
 * - MPOL_CSG_IDP, the size rule of IDP (Rahwan & Jennings, "An improved dynamic programming
 *   algorithm for coalition structure generation", AAMAS 2008; the same search-space
 *   analysis underlies ODP in Michalak, Rahwan et al., "A hybrid exact algorithm for
 *   complete set partitioning", AIJ 230, 2016): a coalition C of size s < n is split only
 *   into parts of sizes a <= b with b <= n - s; the grand coalition is split every way;
 *   coalitions of size s with ceil(s/2) > n - s (s > 2n/3) are not split at all.
 *   Why this is exact (our own short proof, written out in docs/coalition.md): take an
 *   optimal partition and merge its two smallest parts, repeatedly, Huffman-style, until two
 *   groups remain. While three or more parts remain, the two merged parts a <= b leave at
 *   least one part c >= b outside, so b <= n - (a + b): every merge is a split the rule
 *   evaluates, and the final two groups are a split of the grand coalition. Since f(C) is
 *   always the value of some partition of C, f(N) equals the optimum. This is about 38 % of
 *   the splits of the plain DP (n = 22: 5.9e9 against 1.57e10).
 *
 * Implementation: coalitions are visited in increasing bitmask order; the splits of C are
 * its submasks holding C's lowest member (each unordered split once), enumerated in
 * decreasing order so that both table reads stay close in memory, and the size rule is a
 * popcount range test. (Listing only the allowed splits through a PDEP-like mapping of
 * split patterns was measured 2x slower: scattered reads cost more than skipped splits,
 * which are only 18 % of those enumerated.) The winning splits are not stored: the
 * partition is recovered afterwards by searching, top-down, a split whose two table values
 * add up exactly to f(C), so the only large table is f (2^n doubles).
 *
 * Deviations from the papers: ODP's further reordering and ODP-IP's integer-partition branch
 * and bound (IP, Rahwan et al. JAIR 2009) are not implemented; NDCS values (the benchmark
 * distribution) give IP's bounds little to prune. No threads.
 */
#include "multipolar/coalition.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Members of a coalition listed by size in IDP's inner loop (a table of 2^10 masks). */
#define IDP_LOW_BITS 10

/* Default relative tolerance of the value checks. */
#define CSG_DEFAULT_TOL 1e-9

void mpol_csg_opts_init(mpol_csg_opts *opts)
{
    opts->method = MPOL_CSG_IDP;
    opts->max_bytes = MPOL_CSG_DEFAULT_MAX_BYTES;
    opts->cross_check = 0;
    opts->tol = CSG_DEFAULT_TOL;
}

/* The largest coalition size below n that IDP splits (about 2n/3). */
static size_t idp_max_split_size(size_t n)
{
    size_t smax = 0;
    for (size_t s = 2; s < n; s++)
        if (s - s / 2 <= n - s)
            smax = s;
    return smax;
}

size_t mpol_csg_memory(size_t n)
{
    if (n == 0 || n > MPOL_TU_MAX_PLAYERS)
        return 0;
    return ((size_t)1 << n) * sizeof(double);
}

void mpol_csg_result_free(mpol_csg_result *result)
{
    if (result == NULL)
        return;
    mpol_free(result->parts);
    mpol_free(result);
}

/* Plain DP over every split; returns the number of splits evaluated. */
static uint64_t run_dp(const double *v, double *f, size_t n)
{
    uint64_t splits = 0;
    uint32_t full = (uint32_t)(((uint64_t)1 << n) - 1);
    f[0] = 0;
    for (uint32_t c = 1; c != 0 && c <= full; c++) {
        uint32_t low = c & (0u - c);
        uint32_t rest = c ^ low;
        double best = v[c];
        if (rest != 0) {
            uint32_t sub = (rest - 1) & rest;
            for (;;) {
                uint32_t a = low | sub;
                double val = f[a] + f[c ^ a];
                best = val > best ? val : best;
                splits++;
                if (sub == 0)
                    break;
                sub = (sub - 1) & rest;
            }
        }
        f[c] = best;
        if (c == full)
            break;
    }
    return splits;
}

/*
 * IDP: f must hold a copy of v on entry. Coalitions are visited in increasing bitmask order
 * (every subset comes first); the splits of C are its submasks holding C's lowest member, in
 * decreasing order, which keeps both table reads close to each other in memory; a split of
 * C (size s) is evaluated only if both part sizes lie in [2s - n, n - s].
 */
static uint64_t run_idp(double *f, size_t n)
{
    uint64_t splits = 0;
    uint32_t full = (uint32_t)(((uint64_t)1 << n) - 1);
    size_t smax = idp_max_split_size(n);
    uint32_t list[1u << IDP_LOW_BITS];
    size_t binom[IDP_LOW_BITS + 1][IDP_LOW_BITS + 1];
    for (size_t i = 0; i <= IDP_LOW_BITS; i++) {
        binom[i][0] = binom[i][i] = 1;
        for (size_t j = 1; j < i; j++)
            binom[i][j] = binom[i - 1][j - 1] + binom[i - 1][j];
    }
    f[0] = 0;
    for (uint32_t c = 3; c < full; c++) {
        size_t s = (size_t)__builtin_popcount(c);
        if (s < 2 || s > smax)
            continue;
        uint32_t low = c & (0u - c), rest = c ^ low;
        double best = f[c];
        if (2 * s <= n) {
            /* Every split is allowed. */
            for (uint32_t sub = (rest - 1) & rest;; sub = (sub - 1) & rest) {
                uint32_t a = low | sub;
                double val = f[a] + f[c ^ a];
                best = val > best ? val : best;
                if (sub == 0)
                    break;
            }
            splits += ((uint64_t)1 << (s - 1)) - 1;
        } else {
            /*
             * The part holding the lowest member needs lo..hi members. The other members
             * are split into L (the lowest IDP_LOW_BITS) and H; the submasks of L are
             * listed by size (counting sort on binomial offsets), so that for each submask
             * of H the allowed submasks of L are one contiguous run of the list.
             */
            unsigned lo = (unsigned)(2 * s - n), hi = (unsigned)(n - s);
            size_t k = s - 1 < IDP_LOW_BITS ? s - 1 : IDP_LOW_BITS;
            uint32_t lmask = 0, t = rest;
            for (size_t i = 0; i < k; i++) {
                uint32_t b = t & (0u - t);
                lmask |= b;
                t ^= b;
            }
            uint32_t hmask = rest ^ lmask;
            size_t start[IDP_LOW_BITS + 2], fill[IDP_LOW_BITS + 1];
            start[0] = 0;
            for (size_t p = 0; p <= k; p++) {
                start[p + 1] = start[p] + binom[k][p];
                fill[p] = start[p];
            }
            for (uint32_t sub = 0;; sub = (sub - lmask) & lmask) {
                list[fill[__builtin_popcount(sub)]++] = sub;
                if (sub == lmask)
                    break;
            }
            for (uint32_t sh = hmask;; sh = (sh - 1) & hmask) {
                /* |a| = 1 + |sh| + |sl| must lie in [lo, hi]; a != c. */
                long ph = 1 + __builtin_popcount(sh);
                long pl_lo = (long)lo - ph, pl_hi = (long)hi - ph;
                if (pl_lo < 0)
                    pl_lo = 0;
                if (pl_hi > (long)k)
                    pl_hi = (long)k;
                if (sh == hmask && pl_hi == (long)k)
                    pl_hi = (long)k - 1; /* exclude a = c */
                if (pl_lo <= pl_hi) {
                    uint32_t base = low | sh;
                    size_t e = start[pl_hi + 1];
                    for (size_t idx = start[pl_lo]; idx < e; idx++) {
                        uint32_t a = base | list[idx];
                        double val = f[a] + f[c ^ a];
                        best = val > best ? val : best;
                    }
                    splits += e - start[pl_lo];
                }
                if (sh == 0)
                    break;
            }
        }
        f[c] = best;
    }
    if (n >= 2) {
        double best = f[full];
        uint32_t rest = full ^ 1u;
        for (uint32_t sub = (rest - 1) & rest;; sub = (sub - 1) & rest) {
            uint32_t a = 1u | sub;
            double val = f[a] + f[full ^ a];
            best = val > best ? val : best;
            splits++;
            if (sub == 0)
                break;
        }
        f[full] = best;
    }
    return splits;
}

/*
 * Recovers a partition attaining f[full]: a coalition is a leaf if f = v, otherwise some
 * split has table values adding up to f exactly (f was computed as that very sum).
 */
static mpol_status recover(const double *v, const double *f, size_t n, mpol_coalition *parts,
                           size_t *nparts)
{
    mpol_coalition stack[64];
    size_t top = 0, np = 0;
    stack[top++] = (mpol_coalition)(((uint64_t)1 << n) - 1);
    while (top > 0) {
        mpol_coalition c = stack[--top];
        if (f[c] == v[c]) {
            parts[np++] = c;
            continue;
        }
        uint32_t low = c & (0u - c), rest = c ^ low;
        int found = 0;
        if (rest != 0) {
            for (uint32_t sub = (rest - 1) & rest;; sub = (sub - 1) & rest) {
                uint32_t a = low | sub;
                if (f[a] + f[c ^ a] == f[c]) {
                    stack[top++] = a;
                    stack[top++] = c ^ a;
                    found = 1;
                    break;
                }
                if (sub == 0)
                    break;
            }
        }
        if (!found || top + 2 > sizeof stack / sizeof stack[0])
            return mpol_error(MPOL_EVERIFY,
                              "mpol_csg_solve: no split of coalition 0x%x attains its table "
                              "value",
                              (unsigned)c);
    }
    *nparts = np;
    return MPOL_OK;
}

static int cmp_low(const void *x, const void *y)
{
    mpol_coalition a = *(const mpol_coalition *)x, b = *(const mpol_coalition *)y;
    mpol_coalition la = a & (0u - a), lb = b & (0u - b);
    return (la > lb) - (la < lb);
}

mpol_status mpol_partition_validate(size_t n, const mpol_coalition *parts, size_t nparts,
                                    const char *who)
{
    if (n == 0 || n > 32)
        return mpol_error(MPOL_EINVAL, "%s: %zu players", who, n);
    if (parts == NULL || nparts == 0)
        return mpol_error(MPOL_EINVAL, "%s: empty partition", who);
    uint64_t full = ((uint64_t)1 << n) - 1, seen = 0;
    for (size_t k = 0; k < nparts; k++) {
        if (parts[k] == 0)
            return mpol_error(MPOL_EINVAL, "%s: part %zu is empty", who, k + 1);
        if ((uint64_t)parts[k] & ~full)
            return mpol_error(MPOL_EINVAL, "%s: part %zu has a player beyond %zu", who, k + 1,
                              n);
        if ((uint64_t)parts[k] & seen)
            return mpol_error(MPOL_EINVAL, "%s: part %zu overlaps an earlier part", who,
                              k + 1);
        seen |= parts[k];
    }
    if (seen != full)
        return mpol_error(MPOL_EINVAL, "%s: the parts do not cover all %zu players", who, n);
    return MPOL_OK;
}

mpol_status mpol_csg_solve(const mpol_tu_game *game, const mpol_csg_opts *opts,
                           mpol_csg_result **out)
{
    mpol_csg_opts o;
    mpol_status st = MPOL_OK;
    double *f = NULL;
    mpol_csg_result *r = NULL;
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: out is NULL");
    *out = NULL;
    if (opts == NULL)
        mpol_csg_opts_init(&o);
    else
        o = *opts;
    if (game == NULL || game->v == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: no game");
    size_t n = game->n;
    if (n == 0 || n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: %zu players", n);
    if (o.method != MPOL_CSG_IDP && o.method != MPOL_CSG_DP)
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: unknown method %d", (int)o.method);
    if (!(o.tol > 0) || !isfinite(o.tol))
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: tolerance %g is not positive", o.tol);
    size_t need = mpol_csg_memory(n);
    if (need > o.max_bytes)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_csg_solve: %zu players need %zu MiB of tables, above the "
                          "limit of %zu MiB",
                          n, need >> 20, o.max_bytes >> 20);
    size_t ncoal = (size_t)1 << n;
    for (size_t c = 1; c < ncoal; c++)
        if (!isfinite(game->v[c]))
            return mpol_error(MPOL_ENUMERIC, "mpol_csg_solve: v(0x%zx) is not finite", c);

    f = mpol_malloc(ncoal * sizeof *f);
    r = mpol_calloc(1, sizeof *r);
    if (f == NULL || r == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory for 2^%zu values", n);
        goto done;
    }
    r->n = n;
    r->bytes = need;
    r->cross_value = NAN;
    r->parts = mpol_malloc(n * sizeof *r->parts);
    if (r->parts == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory");
        goto done;
    }
    for (int pass = 0; pass < (o.cross_check ? 2 : 1); pass++) {
        mpol_csg_method m = o.method;
        if (pass == 1)
            m = m == MPOL_CSG_IDP ? MPOL_CSG_DP : MPOL_CSG_IDP;
        uint64_t splits;
        if (m == MPOL_CSG_DP) {
            splits = run_dp(game->v, f, n);
        } else {
            memcpy(f, game->v, ncoal * sizeof *f);
            splits = run_idp(f, n);
        }
        if (pass == 0) {
            r->value = f[ncoal - 1];
            r->splits = splits;
            st = recover(game->v, f, n, r->parts, &r->nparts);
            if (st != MPOL_OK)
                goto done;
        } else {
            r->cross_checked = 1;
            r->cross_value = f[ncoal - 1];
        }
    }
    qsort(r->parts, r->nparts, sizeof *r->parts, cmp_low);

    /* The certificate: a valid partition whose re-summed value is the DP value. */
    st = mpol_partition_validate(n, r->parts, r->nparts, "mpol_csg_solve");
    if (st != MPOL_OK) {
        st = mpol_error(MPOL_EVERIFY, "mpol_csg_solve: recovered structure invalid: %s",
                        mpol_last_error());
        goto done;
    }
    double sum = 0;
    for (size_t k = 0; k < r->nparts; k++)
        sum += game->v[r->parts[k]];
    r->check_value = sum;
    double scale = 1 + fabs(r->value);
    int ok = fabs(sum - r->value) <= o.tol * scale;
    if (r->cross_checked)
        ok = ok && fabs(r->cross_value - r->value) <= o.tol * scale;
    r->ok = ok;
    if (!ok) {
        st = mpol_error(MPOL_EVERIFY,
                        "mpol_csg_solve: value %.17g, re-summed %.17g, other method %.17g",
                        r->value, sum, r->cross_value);
        goto done;
    }
done:
    mpol_free(f);
    if (st != MPOL_OK) {
        mpol_csg_result_free(r);
        return st;
    }
    *out = r;
    return MPOL_OK;
}

mpol_status mpol_csg_fill_ndcs(mpol_tu_game *game, unsigned long seed)
{
    if (game == NULL || game->v == NULL || game->n == 0 || game->n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "mpol_csg_fill_ndcs: no game");
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_csg_fill_ndcs: out of memory for the generator");
    gsl_rng_set(rng, seed);
    size_t ncoal = (size_t)1 << game->n;
    game->v[0] = 0;
    for (size_t c = 1; c < ncoal; c++) {
        double size = (double)__builtin_popcountll((unsigned long long)c);
        game->v[c] = size + gsl_ran_gaussian_ziggurat(rng, sqrt(size));
    }
    gsl_rng_free(rng);
    return MPOL_OK;
}
