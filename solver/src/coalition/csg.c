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
 * Implementation: coalitions are visited in increasing bitmask order; a split {A, C \ A}
 * has A holding C's lowest member (each unordered split once). The players are cut into
 * k = 10 "low" and n - k "high" ones; A = high part (outer loop over submasks) | low part,
 * and a precomputed table lists, for every low mask, its submasks by size, so the sizes the
 * IDP rule allows are one contiguous run and the inner loop is branch-free and reads f
 * within two 8 KiB blocks. (Two earlier versions, a PDEP-like mapping of split patterns and
 * a popcount test inside the plain submask loop, were slower than the plain DP: scattered
 * reads and mispredicted branches cost more than the skipped splits.) The winning splits
 * are not stored: the
 * partition is recovered afterwards by searching, top-down, a split whose two table values
 * add up exactly to f(C), so the only large table is f (2^n doubles).
 *
 * Deviations from the papers: ODP's further reordering and ODP-IP's integer-partition branch
 * and bound (IP, Rahwan et al. JAIR 2009) are not implemented; NDCS values (the benchmark
 * distribution) give IP's bounds little to prune. No threads.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "multipolar/coalition.h"

/* Players 0..IDP_LOW_BITS-1 are "low": IDP's inner loop runs over their submasks. */
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

static size_t idp_table_bytes(size_t k);

size_t mpol_csg_memory(size_t n)
{
    if (n == 0 || n > MPOL_TU_MAX_PLAYERS)
        return 0;
    return ((size_t)1 << n) * sizeof(double) + idp_table_bytes(n < IDP_LOW_BITS ? n : IDP_LOW_BITS);
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
 * The split table of IDP: the k lowest players of the universe are "low". For every
 * non-empty low mask cl, the submasks of cl that hold cl's lowest member are listed by size
 * (entries), and off[cl * (k + 2) + p] is where those of size p start (p = 1..|cl| + 1).
 * (3^k + 1)/2 16-bit entries and 2^k (k + 2) offsets: 120 KiB for k = 10.
 */
typedef struct idp_table {
    size_t k;
    uint16_t *entries;
    uint32_t *off;
    uint16_t bysize[1u << IDP_LOW_BITS];  /* the low masks ordered by size */
    uint32_t sizestart[IDP_LOW_BITS + 2]; /* where those of size m start */
} idp_table;

static size_t idp_table_bytes(size_t k)
{
    size_t e = 1;
    for (size_t i = 0; i < k; i++)
        e *= 3;
    return (e / 2 + 1) * sizeof(uint16_t) + ((size_t)1 << k) * (k + 2) * sizeof(uint32_t);
}

static mpol_status idp_table_alloc(idp_table *t, size_t n)
{
    size_t k = n < IDP_LOW_BITS ? n : IDP_LOW_BITS;
    size_t e = 1;
    for (size_t i = 0; i < k; i++)
        e *= 3;
    t->k = k;
    t->entries = mpol_malloc((e / 2 + 1) * sizeof *t->entries);
    t->off = mpol_malloc(((size_t)1 << k) * (k + 2) * sizeof *t->off);
    if (t->entries == NULL || t->off == NULL) {
        mpol_free(t->entries);
        mpol_free(t->off);
        return mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory for the split table");
    }
    uint32_t pos = 0;
    for (uint32_t cl = 1; cl < ((uint32_t)1 << k); cl++) {
        uint32_t *o = t->off + (size_t)cl * (k + 2);
        uint32_t low = cl & (0u - cl), rest = cl ^ low;
        size_t m = (size_t)__builtin_popcount(cl);
        /* Bucket sizes C(m-1, p-1), then a stable fill in increasing submask order. */
        uint32_t fill[IDP_LOW_BITS + 2];
        uint32_t c = 1;
        o[1] = pos;
        for (size_t p = 1; p <= m; p++) {
            o[p + 1] = o[p] + c;
            c = c * (uint32_t)(m - p) / (uint32_t)p;
        }
        for (size_t p = 1; p <= m; p++)
            fill[p] = o[p];
        for (uint32_t sub = 0;; sub = (sub - rest) & rest) {
            t->entries[fill[__builtin_popcount(sub) + 1]++] = (uint16_t)(low | sub);
            if (sub == rest)
                break;
        }
        pos = o[m + 1];
    }
    uint32_t cnt[IDP_LOW_BITS + 2] = {0};
    for (uint32_t cl = 0; cl < ((uint32_t)1 << k); cl++)
        cnt[__builtin_popcount(cl) + 1]++;
    t->sizestart[0] = 0;
    for (size_t m = 1; m <= k + 1; m++)
        t->sizestart[m] = t->sizestart[m - 1] + cnt[m];
    uint32_t fill[IDP_LOW_BITS + 1];
    for (size_t m = 0; m <= k; m++)
        fill[m] = t->sizestart[m];
    for (uint32_t cl = 0; cl < ((uint32_t)1 << k); cl++)
        t->bysize[fill[__builtin_popcount(cl)]++] = (uint16_t)cl;
    return MPOL_OK;
}

static void idp_table_free(idp_table *t)
{
    mpol_free(t->entries);
    mpol_free(t->off);
}

/* Adds the splits {sh | sl, rest} of C = ch | cl with |sl| in [pl_lo, pl_hi] to *best. */
static inline uint32_t idp_run(const idp_table *t, const uint32_t *o, long pl_lo, long pl_hi,
                               const double *fa, const double *fb, uint32_t cl, double *best)
{
    if (pl_lo > pl_hi)
        return 0;
    uint32_t s0 = o[pl_lo], e = o[pl_hi + 1], idx = s0;
    const uint16_t *en = t->entries;
    /* Four accumulators: with one, the loop waits on the latency of max (measured: the
       minimum of 5 runs at n = 20 went from 0.88 to 0.72 CPU s). */
    double b0 = *best, b1 = b0, b2 = b0, b3 = b0;
    for (; idx + 3 < e; idx += 4) {
        uint32_t x0 = en[idx], x1 = en[idx + 1], x2 = en[idx + 2], x3 = en[idx + 3];
        double v0 = fa[x0] + fb[cl ^ x0], v1 = fa[x1] + fb[cl ^ x1];
        double v2 = fa[x2] + fb[cl ^ x2], v3 = fa[x3] + fb[cl ^ x3];
        b0 = v0 > b0 ? v0 : b0;
        b1 = v1 > b1 ? v1 : b1;
        b2 = v2 > b2 ? v2 : b2;
        b3 = v3 > b3 ? v3 : b3;
    }
    for (; idx < e; idx++) {
        uint32_t x = en[idx];
        double vx = fa[x] + fb[cl ^ x];
        b0 = vx > b0 ? vx : b0;
    }
    b0 = b1 > b0 ? b1 : b0;
    b2 = b3 > b2 ? b3 : b2;
    *best = b2 > b0 ? b2 : b0;
    return e - s0;
}

/*
 * IDP: f must hold a copy of v on entry. A split of C is {A, C \ A} with A holding C's
 * lowest member; for C of size s < n it is evaluated only if |A| and s - |A| lie in
 * [2s - n, n - s] (for s <= n/2 that is every split); the grand coalition is split every
 * way. C = ch | cl (high and low players) and A = sh | sl: the coalitions are processed in
 * groups of equal ch, in increasing order. Within a group, for every proper non-empty
 * sh of ch the two blocks f[sh | *] and f[(ch ^ sh) | *] (2^k values each, already final:
 * smaller groups) stay in L1 while all 2^k low masks cl are served from the split table,
 * the allowed sizes of sl being one contiguous run; the splits with sh = ch or sh = 0 read
 * the group itself and are done last, by increasing size of cl, so that every value they
 * read is final. Low masks are visited by size so the inner trip count repeats (predictable
 * loop exits). Each split is evaluated once, as in the plain DP restricted by the rule.
 */
static uint64_t run_idp(double *f, size_t n, const idp_table *t)
{
    uint64_t splits = 0;
    uint32_t full = (uint32_t)(((uint64_t)1 << n) - 1);
    size_t smax = idp_max_split_size(n), k = t->k;
    uint32_t nlow = (uint32_t)1 << k;
    long lo_p[33], hi_p[33];
    unsigned char elig[33];
    for (size_t s = 0; s <= n; s++) {
        elig[s] = s >= 2 && (s <= smax || s == n);
        lo_p[s] = 1;
        hi_p[s] = (long)s - 1;
        if (2 * s > n && s < n) {
            lo_p[s] = 2 * (long)s - (long)n;
            hi_p[s] = (long)n - (long)s;
        }
    }
    double best[1u << IDP_LOW_BITS];
    f[0] = 0;
    for (uint64_t chw = 0; chw <= full; chw += nlow) {
        uint32_t ch = (uint32_t)chw;
        long hc = __builtin_popcount(ch);
        /* C = ch alone (only high players): its parts lie in earlier groups. */
        if (ch != 0 && elig[hc]) {
            uint32_t low = ch & (0u - ch), rest = ch ^ low;
            double b = f[ch];
            for (uint32_t sub = (rest - 1) & rest;; sub = (sub - 1) & rest) {
                long pa = 1 + __builtin_popcount(sub);
                if (pa >= lo_p[hc] && pa <= hi_p[hc]) {
                    uint32_t a = low | sub;
                    double val = f[a] + f[ch ^ a];
                    b = val > b ? val : b;
                    splits++;
                }
                if (sub == 0)
                    break;
            }
            f[ch] = b;
        }
        for (uint32_t cl = 1; cl < nlow; cl++)
            best[cl] = f[ch | cl];
        /*
         * Splits reading two earlier groups. The low masks are taken by size m, so that the
         * allowed run, and thus the inner trip count, is the same for all of one size.
         */
        if (ch != 0) {
            for (uint32_t sh = (ch - 1) & ch; sh != 0; sh = (sh - 1) & ch) {
                long ph = __builtin_popcount(sh);
                const double *fa = f + sh, *fb = f + (ch ^ sh);
                for (long m = 1; m <= (long)k; m++) {
                    size_t s = (size_t)(hc + m);
                    if (!elig[s])
                        continue;
                    long pl_lo = lo_p[s] - ph, pl_hi = hi_p[s] - ph;
                    if (pl_lo < 1)
                        pl_lo = 1;
                    if (pl_hi > m)
                        pl_hi = m;
                    if (pl_lo > pl_hi)
                        continue;
                    for (uint32_t j = t->sizestart[m]; j < t->sizestart[m + 1]; j++) {
                        uint32_t cl = t->bysize[j];
                        splits += idp_run(t, t->off + (size_t)cl * (k + 2), pl_lo, pl_hi, fa, fb,
                                          cl, &best[cl]);
                    }
                }
            }
        }
        /* Splits reading the group itself (sh = ch, sh = 0), by increasing size of cl. */
        for (long m = 1; m <= (long)k; m++) {
            size_t s = (size_t)(hc + m);
            if (!elig[s])
                continue;
            long a_lo = lo_p[s] < 1 ? 1 : lo_p[s], a_hi = hi_p[s] > m ? m : hi_p[s];
            if (ch == 0 && a_hi == m)
                a_hi = m - 1; /* A = C is not a split */
            long b_lo = lo_p[s] - hc < 1 ? 1 : lo_p[s] - hc;
            long b_hi = hi_p[s] - hc > m - 1 ? m - 1 : hi_p[s] - hc;
            for (uint32_t j = t->sizestart[m]; j < t->sizestart[m + 1]; j++) {
                uint32_t cl = t->bysize[j];
                const uint32_t *o = t->off + (size_t)cl * (k + 2);
                double b = best[cl];
                /* sh = 0: A = sl, the rest ch | (cl ^ sl), smaller than cl. */
                splits += idp_run(t, o, a_lo, a_hi, f, f + ch, cl, &b);
                /* sh = ch: A = ch | sl with sl != cl, the rest cl ^ sl in group 0. */
                if (ch != 0)
                    splits += idp_run(t, o, b_lo, b_hi, f + ch, f, cl, &b);
                f[ch | cl] = b;
            }
        }
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
                    /* The stack holds disjoint coalitions: at most n <= 30 entries. */
                    stack[top++] = a;
                    stack[top++] = c ^ a;
                    found = 1;
                    break;
                }
                if (sub == 0)
                    break;
            }
        }
        if (!found)
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
            return mpol_error(MPOL_EINVAL, "%s: part %zu has a player beyond %zu", who, k + 1, n);
        if ((uint64_t)parts[k] & seen)
            return mpol_error(MPOL_EINVAL, "%s: part %zu overlaps an earlier part", who, k + 1);
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
            idp_table t;
            st = idp_table_alloc(&t, n);
            if (st != MPOL_OK)
                goto done;
            memcpy(f, game->v, ncoal * sizeof *f);
            splits = run_idp(f, n, &t);
            idp_table_free(&t);
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
