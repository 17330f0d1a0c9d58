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
 *   complete set partitioning", AIJ 230, 2016), with a weight in place of the size: give
 *   players 0 and 1 weight 0 and the others weight 1, w(C) the weight of C, W = n - 2. A
 *   coalition C other than N is split into {A, B} only if max(w(A), w(B)) <= W - w(C); N is
 *   split every way. (IDP's own rule is the case of all weights 1.)
 *   Why this is exact (our own short proof, docs/coalition.md): take an optimal partition
 *   and merge its two lightest parts, repeatedly, Huffman-style, until two groups remain.
 *   While three or more parts remain, the two merged parts a, b leave some part c at least
 *   as heavy as either outside, so max(w(a), w(b)) <= w(c) <= W - w(a u b): every merge is a
 *   split the rule evaluates, and the final two groups are a split of N. Since f(C) is
 *   always the value of some partition of C, f(N) equals the optimum. This is 38-45 % of
 *   the splits of the plain DP (n = 22: 6.15e9 against 1.57e10; IDP's rule: 5.91e9).
 *   The weights are what make the rule vectorisable: the 4 coalitions that differ only in
 *   players 0 and 1 (a "vector", below) and the 9 splits that a pair of vectors gives them
 *   all have the same status under the rule, so a SIMD kernel wastes nothing.
 *
 * Implementation (block layout below): the 4 coalitions of a vector lie side by side in f;
 * for a pair of vectors (the parts' mid fields su and cu ^ su), one kernel step makes the 9
 * splits of the 4 coalitions of cu with those mid fields: a 2-bit max-plus subset
 * convolution, three additions and three maxima on 4-double registers (AVX2, chosen at run
 * time, or a portable version with the same result bit for bit). Blocks of 2^k coalitions
 * share their high field (a "group"); a group's splits read two other blocks, which stay in
 * L1 while a precomputed table lists each mid mask's submasks by size, so the sizes the
 * rule allows are one contiguous run. Groups with equally many high players are
 * independent: they are shared among OpenMP threads, each group computed by one thread by
 * the same operations whatever the number of threads. (Earlier versions, kept out: the
 * scalar IDP of main at 06d15ce, 1.69 ns of CPU per split at n = 22 against 0.36 here in
 * the same session; a
 * PDEP-like mapping of split patterns and a popcount test in the plain submask loop, both
 * slower than the plain DP.) The winning splits are not stored: the partition is recovered
 * afterwards by searching, top-down, a split whose two table values add up exactly to f(C),
 * so the only large table is f (2^n doubles).
 *
 * Deviations from the papers: the weighted rule above (n = 14..22: from 3 % fewer to 6 %
 * more splits than IDP's, in exchange for whole-vector steps); ODP's further reordering
 * and ODP-IP's integer-partition branch and bound (IP, Rahwan et al. JAIR 2009) are not
 * implemented: NDCS values (the benchmark distribution) give IP's bounds little to prune.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <omp.h>

#include "core/method_table_internal.h"
#include "core/rng_internal.h"
#include "multipolar/coalition.h"

/*
 * Block layout. A coalition C (bitmask) is cut into three fields:
 *   lane  = the lowest CSG_LANE_BITS (2) players: the 4 coalitions of a "vector" differ only
 *           here and lie side by side in f (32 bytes, one AVX2 register);
 *   mid   = the next mid = k - 2 players (k = block_bits(n) <= CSG_BLOCK_BITS): a block is
 *           the 2^mid vectors of one high field (2^k doubles, 8 KiB for k = 10);
 *   high  = the remaining n - k players: one "group" per high field.
 */
#ifndef CSG_BLOCK_BITS
#define CSG_BLOCK_BITS 10
#endif
#ifndef CSG_MIN_HIGH
#define CSG_MIN_HIGH 6
#endif
#define CSG_LANE_BITS 2
#define CSG_LANES 4
#define CSG_MID_MAX (CSG_BLOCK_BITS - CSG_LANE_BITS)
/* A level of groups is shared among threads only if it has about this many pairs. */
#define CSG_PARALLEL_MIN_PAIRS ((uint64_t)1 << 22)
/* f is aligned to this many bytes, so that every vector is one aligned 32-byte load. */
#define CSG_ALIGN 64

/* Default relative tolerance of the value checks. */
#define CSG_DEFAULT_TOL 1e-9

void mpol_csg_opts_init(mpol_csg_opts *opts)
{
    opts->method = MPOL_CSG_IDP;
    opts->max_bytes = MPOL_CSG_DEFAULT_MAX_BYTES;
    opts->cross_check = 0;
    opts->tol = CSG_DEFAULT_TOL;
    opts->threads = 0;
    opts->simd = 1;
}

/*
 * Bits per block for n players: CSG_BLOCK_BITS, but at least 4 high players where n allows
 * (so that small games also have groups to prune and to share among threads), and at least
 * the two lane bits.
 */
static size_t block_bits(size_t n)
{
    size_t k = n > CSG_MIN_HIGH ? n - CSG_MIN_HIGH : 0;
    if (k > CSG_BLOCK_BITS)
        k = CSG_BLOCK_BITS;
    return k < CSG_LANE_BITS ? CSG_LANE_BITS : k;
}

/*
 * The submask table of the mid field: for every mid mask cu, all its submasks su (empty
 * and full included) listed by size, each stored as 4 su (the offset of its vector in f);
 * off[cu * (mid + 2) + q] is where those of size q start (q = 0..|cu| + 1). bysize lists
 * the mid masks by size, those of size m from sizestart[m]. 3^mid 16-bit entries: 13 KiB
 * for mid = 8.
 */
typedef struct csg_table {
    size_t mid;
    uint16_t *entries;
    uint32_t *off;
    uint16_t bysize[1u << CSG_MID_MAX];
    uint32_t sizestart[CSG_MID_MAX + 2];
} csg_table;

static size_t pow3(size_t e)
{
    size_t p = 1;
    while (e-- > 0)
        p *= 3;
    return p;
}

static size_t table_bytes(size_t mid)
{
    return pow3(mid) * sizeof(uint16_t) + ((size_t)1 << mid) * (mid + 2) * sizeof(uint32_t) +
           sizeof(csg_table);
}

size_t mpol_csg_memory(size_t n)
{
    if (n == 0 || n > MPOL_TU_MAX_PLAYERS)
        return 0;
    size_t k = block_bits(n < CSG_LANE_BITS ? CSG_LANE_BITS : n);
    return ((size_t)1 << n) * sizeof(double) + CSG_ALIGN + table_bytes(k - CSG_LANE_BITS);
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

static mpol_status table_alloc(csg_table **out, size_t mid)
{
    csg_table *t = mpol_malloc(sizeof *t);
    if (t == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory for the split table");
    t->mid = mid;
    t->entries = mpol_malloc(pow3(mid) * sizeof *t->entries);
    t->off = mpol_malloc(((size_t)1 << mid) * (mid + 2) * sizeof *t->off);
    if (t->entries == NULL || t->off == NULL) {
        mpol_free(t->entries);
        mpol_free(t->off);
        mpol_free(t);
        return mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory for the split table");
    }
    uint32_t pos = 0, nmid = (uint32_t)1 << mid;
    for (uint32_t cu = 0; cu < nmid; cu++) {
        uint32_t *o = t->off + (size_t)cu * (mid + 2);
        size_t m = (size_t)__builtin_popcount(cu);
        uint32_t fill[CSG_MID_MAX + 2], c = 1; /* c = C(m, q) */
        o[0] = pos;
        for (size_t q = 0; q <= m; q++) {
            o[q + 1] = o[q] + c;
            c = c * (uint32_t)(m - q) / (uint32_t)(q + 1);
        }
        for (size_t q = 0; q <= m; q++)
            fill[q] = o[q];
        /* Submasks in increasing order, stably bucketed by size. */
        for (uint32_t su = 0;; su = (su - cu) & cu) {
            t->entries[fill[__builtin_popcount(su)]++] = (uint16_t)(su * CSG_LANES);
            if (su == cu)
                break;
        }
        pos = o[m + 1];
    }
    uint32_t cnt[CSG_MID_MAX + 2] = {0}, fill[CSG_MID_MAX + 2];
    for (uint32_t cu = 0; cu < nmid; cu++)
        cnt[__builtin_popcount(cu)]++;
    t->sizestart[0] = 0;
    for (size_t m = 0; m <= mid; m++) {
        t->sizestart[m + 1] = t->sizestart[m] + cnt[m];
        fill[m] = t->sizestart[m];
    }
    for (uint32_t cu = 0; cu < nmid; cu++)
        t->bysize[fill[__builtin_popcount(cu)]++] = (uint16_t)cu;
    *out = t;
    return MPOL_OK;
}

static void table_free(csg_table *t)
{
    if (t == NULL)
        return;
    mpol_free(t->entries);
    mpol_free(t->off);
    mpol_free(t);
}

/*
 * The vector kernel. For each mid mask cu in cus[0..ncu) and each submask su of cu with
 * |su| in [q_lo, q_hi], with FA = the 4 values fa[4 su + 0..3] and FB = fb[4 (cu ^ su) +
 * 0..3], it raises the 4 values out[4 cu + cv] (cv = lane) to
 *     max over sv submask of cv of FA[sv] + FB[cv ^ sv]
 * that is the 9 splits of the 4 coalitions of the vector whose two parts have mid fields
 * su and cu ^ su (2-bit max-plus subset convolution: lane 0 has 1 split, lanes 1 and 2
 * have 2, lane 3 has 4). Returns the number of (cu, su) pairs. Both versions compute the
 * maximum of the same sums (exact IEEE additions; max is exact), so their results are
 * bitwise identical. All of cus have the same number of players.
 */
typedef uint64_t (*csg_kernel)(const csg_table *t, const uint16_t *cus, size_t ncu, long q_lo,
                               long q_hi, const double *fa, const double *fb, double *out);

static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

/* Portable version: 9 scalar additions per pair. */
static uint64_t kernel_generic(const csg_table *t, const uint16_t *cus, size_t ncu, long q_lo,
                               long q_hi, const double *fa, const double *fb, double *out)
{
    uint64_t pairs = 0;
    size_t stride = t->mid + 2;
    for (size_t j = 0; j < ncu; j++) {
        uint32_t cu = cus[j];
        long m = __builtin_popcount(cu);
        long hi = q_hi < m ? q_hi : m;
        if (q_lo > hi)
            continue;
        const uint32_t *o = t->off + (size_t)cu * stride;
        uint32_t s = o[q_lo], e = o[hi + 1];
        double *po = out + (size_t)CSG_LANES * cu;
        double o0 = po[0], o1 = po[1], o2 = po[2], o3 = po[3], o3b = o3;
        uint32_t cu4 = CSG_LANES * cu;
        for (uint32_t i = s; i < e; i++) {
            uint32_t x = t->entries[i];
            const double *a = fa + x, *b = fb + (cu4 ^ x);
            o0 = dmax(o0, a[0] + b[0]);
            o1 = dmax(o1, dmax(a[0] + b[1], a[1] + b[0]));
            o2 = dmax(o2, dmax(a[0] + b[2], a[2] + b[0]));
            o3 = dmax(o3, dmax(a[0] + b[3], a[3] + b[0]));
            o3b = dmax(o3b, dmax(a[1] + b[2], a[2] + b[1]));
        }
        po[0] = o0;
        po[1] = o1;
        po[2] = o2;
        po[3] = dmax(o3, o3b);
        pairs += e - s;
    }
    return pairs;
}

/* -DCSG_NO_AVX2 builds the portable kernel only (as on other architectures). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(CSG_NO_AVX2)
#include <immintrin.h>
#define CSG_HAVE_AVX2 1

/*
 * AVX2 version: per pair two aligned vector loads, two broadcasts, one lane reversal,
 * three additions and three maxima. With FA, FB as above:
 *   x1 = FA[0] + FB      (lane cv: sv = 0)
 *   x2 = FA + FB[0]      (lane cv: sv = cv)
 *   x3 = FA + reverse FB (lanes 0..3: FA0+FB3, FA1+FB2, FA2+FB1, FA3+FB0: all four are
 *                         splits of lane 3, folded into it after the loop)
 * All mid masks of one call have the same size, hence runs of the same length: two of them
 * go through one loop side by side (two independent sets of accumulators; one set would
 * wait on the latency of max, and short runs would pay their loop overheads twice).
 */
__attribute__((target("avx2"), always_inline)) static inline void
avx2_pair(__m256d *x1, __m256d *x2, __m256d *x3, const double *pa, const double *pb)
{
    __m256d va = _mm256_load_pd(pa), vb = _mm256_load_pd(pb);
    *x1 = _mm256_max_pd(*x1, _mm256_add_pd(_mm256_broadcast_sd(pa), vb));
    *x2 = _mm256_max_pd(*x2, _mm256_add_pd(va, _mm256_broadcast_sd(pb)));
    *x3 = _mm256_max_pd(*x3, _mm256_add_pd(va, _mm256_permute4x64_pd(vb, 0x1B)));
}

/* Folds the accumulators into the 4 values at po. */
__attribute__((target("avx2"), always_inline)) static inline void avx2_store(double *po, __m256d x1,
                                                                             __m256d x2, __m256d x3)
{
    __m256d r = _mm256_max_pd(x1, x2);
    __m256d h = _mm256_max_pd(x3, _mm256_permute2f128_pd(x3, x3, 1));
    h = _mm256_max_pd(h, _mm256_permute_pd(h, 5));
    /* Lane 3 takes the maximum of the reversed sums (h holds it in every lane). */
    _mm256_store_pd(po, _mm256_blend_pd(r, _mm256_max_pd(r, h), 8));
}

__attribute__((target("avx2"))) static uint64_t kernel_avx2(const csg_table *t, const uint16_t *cus,
                                                            size_t ncu, long q_lo, long q_hi,
                                                            const double *fa, const double *fb,
                                                            double *out)
{
    if (ncu == 0)
        return 0;
    size_t stride = t->mid + 2;
    const uint16_t *en = t->entries;
    long m = __builtin_popcount(cus[0]);
    long hi = q_hi < m ? q_hi : m;
    if (q_lo > hi)
        return 0;
    uint32_t len = 0;
    size_t j = 0;
    for (; j + 1 < ncu; j += 2) {
        uint32_t cu = cus[j], cv = cus[j + 1], cu4 = CSG_LANES * cu, cv4 = CSG_LANES * cv;
        const uint32_t *o = t->off + (size_t)cu * stride, *p = t->off + (size_t)cv * stride;
        const uint16_t *eu = en + o[q_lo], *ev = en + p[q_lo];
        len = o[hi + 1] - o[q_lo];
        double *pu = out + (size_t)CSG_LANES * cu, *pv = out + (size_t)CSG_LANES * cv;
        __m256d u1 = _mm256_load_pd(pu), u2 = u1, u3 = _mm256_broadcast_sd(pu + 3);
        __m256d v1 = _mm256_load_pd(pv), v2 = v1, v3 = _mm256_broadcast_sd(pv + 3);
        for (uint32_t i = 0; i < len; i++) {
            uint32_t x = eu[i], y = ev[i];
            avx2_pair(&u1, &u2, &u3, fa + x, fb + (cu4 ^ x));
            avx2_pair(&v1, &v2, &v3, fa + y, fb + (cv4 ^ y));
        }
        avx2_store(pu, u1, u2, u3);
        avx2_store(pv, v1, v2, v3);
    }
    if (j < ncu) { /* an odd count: the last mask alone, its run cut in two halves */
        uint32_t cu = cus[j], cu4 = CSG_LANES * cu;
        const uint32_t *o = t->off + (size_t)cu * stride;
        const uint16_t *eu = en + o[q_lo];
        len = o[hi + 1] - o[q_lo];
        uint32_t half = len / 2;
        double *pu = out + (size_t)CSG_LANES * cu;
        __m256d u1 = _mm256_load_pd(pu), u2 = u1, u3 = _mm256_broadcast_sd(pu + 3);
        __m256d v1 = u1, v2 = u1, v3 = u3;
        for (uint32_t i = 0; i < half; i++) {
            uint32_t x = eu[i], y = eu[half + i];
            avx2_pair(&u1, &u2, &u3, fa + x, fb + (cu4 ^ x));
            avx2_pair(&v1, &v2, &v3, fa + y, fb + (cu4 ^ y));
        }
        if (len % 2) {
            uint32_t x = eu[len - 1];
            avx2_pair(&u1, &u2, &u3, fa + x, fb + (cu4 ^ x));
        }
        avx2_store(pu, _mm256_max_pd(u1, v1), _mm256_max_pd(u2, v2), _mm256_max_pd(u3, v3));
    }
    return (uint64_t)len * ncu;
}
#endif

/*
 * The split rule: IDP's size rule with the two lane players weighing nothing. With the
 * weight w(C) = |C| minus the lane players of C and W = n - 2, a split {A, B} of C != N is
 * evaluated iff max(w(A), w(B)) <= W - w(C); N is split every way (by split_grand, at the
 * end). The 9 splits of one (cu, su) pair then share their status, so nothing in a vector
 * is wasted. Exactness is the proof of the file comment with weights in place of sizes.
 *
 * q_range gives the sizes q = |su| to evaluate for mid masks of size m in a group of hc high
 * players, the part holding su having ph high players (w(A) = ph + q, w(C) = hc + m),
 * clamped to [qmin, qmax]. Returns 0 if there are none. (The vector holding N has w = W
 * and gets none.)
 */
static int q_range(long W, long hc, long ph, long m, long qmin, long qmax, long *q_lo, long *q_hi)
{
    long wc = hc + m;
    long lo = 2 * wc - W - ph, hi = W - wc - ph;
    *q_lo = lo < qmin ? qmin : lo;
    *q_hi = hi > qmax ? qmax : hi;
    return *q_lo <= *q_hi;
}

typedef struct csg_ctx {
    double *f;
    size_t n, k, mid;
    const csg_table *t;
    csg_kernel kernel;
} csg_ctx;

/*
 * The splits of the 4 coalitions of one vector whose smaller part B lies in the lane field
 * (B a non-empty submask of cv, A = C \ B), lanes in increasing order: A is an earlier lane
 * of the same vector, B a coalition of lane players only (final from the start).
 */
static uint64_t lane_splits(double *p, const double *f, int base_empty)
{
    if (base_empty) { /* the vector of coalitions {}, {0}, {1}, {0, 1} */
        p[3] = dmax(p[3], p[1] + p[2]);
        return 1;
    }
    p[1] = dmax(p[1], p[0] + f[1]);
    p[2] = dmax(p[2], p[0] + f[2]);
    p[3] = dmax(p[3], dmax(dmax(p[2] + f[1], p[1] + f[2]), p[0] + f[3]));
    return 5;
}

/*
 * Completes the block of group ch (high field): reads only blocks of high fields that are
 * proper submasks of ch (and block 0), writes only its own. Every unordered split {A, B}
 * of a coalition C = (ch, cu, cv) is taken in exactly one of these places:
 *   1. ch != 0, A holds ch's lowest player, A's high field sh != ch: the pair of blocks
 *      (sh, ch ^ sh), both earlier groups;
 *   2. ch != 0, sh = ch, B's mid field cu ^ su != 0: A in this block at the vector su,
 *      a proper submask of cu (final: done by increasing |cu|), B in block 0;
 *   2'. ch == 0: both mid fields non-empty: A and B both earlier vectors of block 0 (each
 *      such split twice, once from either side; block 0 is a small part of the work);
 *   3. B inside the lane field: lane_splits.
 * Only the pairs that q_range admits are evaluated.
 */
static uint64_t do_group(const csg_ctx *x, uint32_t ch)
{
    double *f = x->f;
    size_t k = x->k, mid = x->mid;
    const csg_table *t = x->t;
    double *out = f + ((size_t)ch << k);
    long hc = __builtin_popcount(ch), W = (long)(x->n - CSG_LANE_BITS);
    uint64_t pairs = 0, splits = 0;
    long q_lo, q_hi;
    if (ch != 0) {
        uint32_t low = ch & (0u - ch), rest = ch ^ low;
        for (uint32_t sub = 0; sub != rest; sub = (sub - rest) & rest) {
            uint32_t sh = low | sub;
            long ph = __builtin_popcount(sh);
            const double *fa = f + ((size_t)sh << k), *fb = f + ((size_t)(ch ^ sh) << k);
            for (long m = 0; m <= (long)mid; m++)
                if (q_range(W, hc, ph, m, 0, m, &q_lo, &q_hi))
                    pairs +=
                        x->kernel(t, t->bysize + t->sizestart[m],
                                  t->sizestart[m + 1] - t->sizestart[m], q_lo, q_hi, fa, fb, out);
        }
    }
    for (long m = 0; m <= (long)mid; m++) {
        const uint16_t *cus = t->bysize + t->sizestart[m];
        size_t ncu = t->sizestart[m + 1] - t->sizestart[m];
        if (ch != 0 && q_range(W, hc, hc, m, 0, m - 1, &q_lo, &q_hi))
            pairs += x->kernel(t, cus, ncu, q_lo, q_hi, out, f, out);
        else if (ch == 0 && q_range(W, 0, 0, m, 1, m - 1, &q_lo, &q_hi))
            pairs += x->kernel(t, cus, ncu, q_lo, q_hi, f, f, out);
        /* Lane splits: w(B) = 0, w(A) = w(C); none in the vector holding N. */
        if (W > 0 && 2 * (hc + m) <= W)
            for (size_t j = 0; j < ncu; j++)
                splits += lane_splits(out + (size_t)CSG_LANES * cus[j], f, ch == 0 && cus[j] == 0);
    }
    return splits + 9 * pairs;
}

/*
 * The splits of the grand coalition N, every one, once all other values are final: A holds
 * player 0, f[A] is read upwards and f[N \ A] downwards (two streams).
 */
static uint64_t split_grand(double *f, size_t n)
{
    uint32_t full = (uint32_t)(((uint64_t)1 << n) - 1), rest = full ^ 1u;
    double b = f[full];
    uint64_t splits = 0;
    for (uint32_t sub = 0; sub != rest; sub = (sub - rest) & rest) {
        uint32_t a = 1u | sub;
        b = dmax(b, f[a] + f[full ^ a]);
        splits++;
    }
    f[full] = b;
    return splits;
}

/* The idx-th (from 0) mask of nbits bits with pc bits set, in increasing order. */
static uint32_t unrank(uint64_t idx, long nbits, long pc)
{
    uint32_t mask = 0;
    for (long b = nbits - 1; b >= 0 && pc > 0; b--) {
        uint64_t c = 1; /* C(b, pc): masks below bit b */
        for (long i = 0; i < pc; i++)
            c = c * (uint64_t)(b - i) / (uint64_t)(i + 1);
        if (b < pc)
            c = 0;
        if (idx >= c) {
            mask |= (uint32_t)1 << b;
            idx -= c;
            pc--;
        }
    }
    return mask;
}

/* The next larger mask with as many bits set (Gosper's hack). */
static uint32_t next_same_popcount(uint32_t x)
{
    uint32_t c = x & (0u - x), r = x + c;
    return (((r ^ x) >> 2) / c) | r;
}

/*
 * IDP over the block layout, groups by increasing number of high players. The groups of
 * one level read only lower levels, so they are shared among the threads in fixed
 * contiguous ranges; each coalition's value is computed by one thread by the same sequence
 * of operations whatever the number of threads, so the table (and the answer) does not
 * depend on it. f must hold a copy of v and be CSG_ALIGN-aligned.
 */
static uint64_t run_idp(const csg_ctx *x, int threads)
{
    size_t nhigh = x->n - x->k;
    uint64_t splits = do_group(x, 0);
    for (long hc = 1; hc <= (long)nhigh; hc++) {
        uint64_t count = 1;
        for (long i = 0; i < hc; i++)
            count = count * (uint64_t)((long)nhigh - i) / (uint64_t)(i + 1);
        int nt = (uint64_t)threads < count ? threads : (int)count;
        /* Threads only for levels worth a parallel region (on a loaded machine its barrier
           can wait a scheduler slice): at most 3^mid pairs per block pair, 2^(hc-1) block
           pairs per group. */
        uint64_t work = count * ((uint64_t)1 << (hc - 1)) * (uint64_t)pow3(x->mid);
        if (work < CSG_PARALLEL_MIN_PAIRS)
            nt = 1;
        uint64_t level = 0;
#pragma omp parallel num_threads(nt) reduction(+ : level) if (nt > 1)
        {
            uint64_t tid = (uint64_t)omp_get_thread_num(), tn = (uint64_t)omp_get_num_threads();
            uint64_t lo = count * tid / tn, hi = count * (tid + 1) / tn;
            if (lo < hi) {
                uint32_t ch = unrank(lo, (long)nhigh, hc);
                for (uint64_t i = lo; i < hi; i++) {
                    level += do_group(x, ch);
                    if (i + 1 < hi)
                        ch = next_same_popcount(ch);
                }
            }
        }
        splits += level;
    }
    return splits + split_grand(x->f, x->n);
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

mpol_status mpol_csg_solve(mpol_csg_result **out, const mpol_tu_game *game,
                           const mpol_csg_opts *opts)
{
    mpol_csg_opts o;
    mpol_status st = MPOL_OK;
    int keep = 0; /* 1: the value check failed; the result goes back with MPOL_EVERIFY */
    double *f = NULL;
    void *f_raw = NULL;
    csg_table *tab = NULL;
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
    if (o.threads < 0)
        return mpol_error(MPOL_EINVAL, "mpol_csg_solve: %d threads", o.threads);
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

    f_raw = mpol_malloc(ncoal * sizeof *f + CSG_ALIGN);
    r = mpol_calloc(1, sizeof *r);
    if (f_raw == NULL || r == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_csg_solve: out of memory for 2^%zu values", n);
        goto done;
    }
    f = (double *)(((uintptr_t)f_raw + CSG_ALIGN - 1) & ~(uintptr_t)(CSG_ALIGN - 1));
    r->n = n;
    r->bytes = need;
    r->threads = o.threads > 0 ? o.threads : omp_get_max_threads();
    r->simd = 0;
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
            f[0] = 0;
            splits = 0;
            if (n >= CSG_LANE_BITS) {
                csg_ctx x;
                x.f = f;
                x.n = n;
                x.k = block_bits(n);
                x.mid = x.k - CSG_LANE_BITS;
                st = table_alloc(&tab, x.mid);
                if (st != MPOL_OK)
                    goto done;
                x.t = tab;
                x.kernel = kernel_generic;
#ifdef CSG_HAVE_AVX2
                if (o.simd && __builtin_cpu_supports("avx2")) {
                    x.kernel = kernel_avx2;
                    r->simd = 1;
                }
#endif
                splits = run_idp(&x, r->threads);
                table_free(tab);
                tab = NULL;
            }
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
    r->verified = ok;
    r->max_error = fabs(sum - r->value);
    if (r->cross_checked)
        r->max_error = fmax(r->max_error, fabs(r->cross_value - r->value));
    if (!ok) {
        st = mpol_error(MPOL_EVERIFY,
                        "mpol_csg_solve: value %.17g, re-summed %.17g, other method %.17g",
                        r->value, sum, r->cross_value);
        keep = 1;
    }
done:
    mpol_free(f_raw);
    table_free(tab);
    if (st != MPOL_OK && !keep) {
        mpol_csg_result_free(r);
        return st;
    }
    *out = r; /* also on MPOL_EVERIFY of the value check, for the caller to inspect */
    return st;
}

static const mpol_i_method_entry methods[] = {{"idp", MPOL_CSG_IDP}, {"dp", MPOL_CSG_DP}};

const char *mpol_csg_method_name(mpol_csg_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_csg_method_parse(mpol_csg_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, methods, MPOL_I_METHODS(methods),
                                         name, "coalition structure");
    if (st == MPOL_OK)
        *out = (mpol_csg_method)v;
    return st;
}

mpol_status mpol_csg_fill_ndcs(mpol_tu_game *game, unsigned long seed)
{
    if (game == NULL || game->v == NULL || game->n == 0 || game->n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "mpol_csg_fill_ndcs: no game");
    uint64_t rng = (uint64_t)seed;
    size_t ncoal = (size_t)1 << game->n;
    game->v[0] = 0;
    for (size_t c = 1; c < ncoal; c++) {
        double size = (double)__builtin_popcountll((unsigned long long)c);
        game->v[c] = size + sqrt(size) * mpol_i_rng_normal(&rng);
    }
    return MPOL_OK;
}
