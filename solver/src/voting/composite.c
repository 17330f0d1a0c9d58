/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the composite (vector-weighted, and/or) voting rules of voting.h:
 * validation, evaluation, the power indices by a meet-in-the-middle count over capped
 * weight sums, and the brute-force reference.
 *
 * Compression. The rule depends on a coalition S only through the truth of each condition
 * w^c(S) >= q_c. Conditions with the same weight vector share one dimension d, whose sum is
 * capped at cap_d = the largest quota on it: min(s, cap) >= q iff s >= q for q <= cap, and
 * min(min(s, cap) + w, cap) = min(s + w, cap) for w >= 0, so capped sums can be added player
 * by player and still decide every condition exactly.
 *
 * Count. One dimension, L (the largest cap), is kept uncapped; the others and the size |S|
 * form a key (mixed radix). For a fixed key the rule, being monotone, holds iff the L-sum
 * is at least a threshold thr[key] (0, one of the L-quotas, or never), tabulated once. For
 * player i the other players are split into halves A and B, whose 2^|A| and 2^|B|
 * coalitions are listed with their key and L-sum and sorted by (key, sum). For every pair of
 * key groups (a, b) with combined key K, and K' = K plus player i, i swings in S = SA + SB
 * iff thr[K'] - w_iL <= x(SA) + x(SB) < thr[K]: two pointers walking down the sorted sums
 * of B's group as those of A's group ascend. The swings are counted by |S| in 64-bit integers (at
 * most 2^(n-1)), exactly.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voting/mpz_internal.h"
#include "voting/voting_internal.h"

#define NEVER ((int64_t)1 << 60)   /* threshold of a key on which the rule never holds */
#define MAX_SUM 9007199254740992.0 /* 2^53 */
#define SELF_CHECK_PLAYERS 16

/* ---- structure ------------------------------------------------------------------ */

static mpol_status check_tree(const mpol_composite_rule *r, size_t *pos, int depth)
{
    if (*pos >= r->nnodes)
        return mpol_error(MPOL_EINVAL, "composite rule: the node list ends inside an all/any");
    if (depth > MPOL_COMPOSITE_MAX_DEPTH)
        return mpol_error(MPOL_EINVAL, "composite rule: nested deeper than %d levels",
                          MPOL_COMPOSITE_MAX_DEPTH);
    const mpol_rule_node *nd = &r->nodes[(*pos)++];
    if (nd->op == MPOL_RULE_CONDITION) {
        if (nd->arg >= r->k)
            return mpol_error(MPOL_EINVAL, "composite rule: condition %zu of %zu", nd->arg + 1,
                              r->k);
        return MPOL_OK;
    }
    if (nd->op != MPOL_RULE_ALL && nd->op != MPOL_RULE_ANY)
        return mpol_error(MPOL_EINVAL, "composite rule: unknown node type %d", (int)nd->op);
    if (nd->arg == 0)
        return mpol_error(MPOL_EINVAL, "composite rule: an all/any without members");
    for (size_t c = 0; c < nd->arg; c++) {
        mpol_status st = check_tree(r, pos, depth + 1);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* Evaluates the subtree at *pos with condition truths t[]; advances *pos past it. */
static int eval_tree(const mpol_rule_node *nodes, size_t *pos, const unsigned char *t)
{
    const mpol_rule_node *nd = &nodes[(*pos)++];
    if (nd->op == MPOL_RULE_CONDITION)
        return t[nd->arg];
    int all = nd->op == MPOL_RULE_ALL, v = all;
    for (size_t c = 0; c < nd->arg; c++) {
        int x = eval_tree(nodes, pos, t);
        v = all ? (v && x) : (v || x);
    }
    return v;
}

static int rule_of(const mpol_composite_rule *r, const unsigned char *t)
{
    size_t pos = 0;
    return eval_tree(r->nodes, &pos, t);
}

static int wins_members(const mpol_composite_rule *r, const unsigned char *member)
{
    unsigned char t[MPOL_COMPOSITE_MAX_CONDITIONS];
    for (size_t c = 0; c < r->k; c++) {
        int64_t s = 0;
        for (size_t i = 0; i < r->n; i++)
            if (member[i])
                s += r->weights[c * r->n + i];
        t[c] = s >= r->quotas[c];
    }
    return rule_of(r, t);
}

mpol_status mpol_composite_validate(const mpol_composite_rule *r)
{
    if (r == NULL || r->weights == NULL || r->quotas == NULL || r->nodes == NULL)
        return mpol_error(MPOL_EINVAL, "composite rule: NULL argument");
    if (r->n == 0)
        return mpol_error(MPOL_EINVAL, "composite rule: no players");
    if (r->k == 0 || r->k > MPOL_COMPOSITE_MAX_CONDITIONS)
        return mpol_error(MPOL_EINVAL, "composite rule: %zu conditions; 1 to %d are allowed", r->k,
                          MPOL_COMPOSITE_MAX_CONDITIONS);
    if (r->nnodes == 0 || r->nnodes > MPOL_COMPOSITE_MAX_NODES)
        return mpol_error(MPOL_EINVAL, "composite rule: %zu nodes; 1 to %d are allowed", r->nnodes,
                          MPOL_COMPOSITE_MAX_NODES);
    for (size_t c = 0; c < r->k; c++) {
        double sum = 0;
        for (size_t i = 0; i < r->n; i++) {
            int64_t w = r->weights[c * r->n + i];
            if (w < 0)
                return mpol_error(MPOL_EINVAL,
                                  "composite rule: condition %zu: weight %zu is negative", c + 1,
                                  i + 1);
            sum += (double)w;
        }
        if (sum > MAX_SUM)
            return mpol_error(MPOL_EINVAL, "composite rule: condition %zu: total weight above 2^53",
                              c + 1);
        if (r->quotas[c] < 1 || (double)r->quotas[c] > MAX_SUM)
            return mpol_error(MPOL_EINVAL,
                              "composite rule: condition %zu: quota %" PRId64 " must be 1 to 2^53",
                              c + 1, r->quotas[c]);
    }
    size_t pos = 0;
    mpol_status st = check_tree(r, &pos, 1);
    if (st != MPOL_OK)
        return st;
    if (pos != r->nnodes)
        return mpol_error(MPOL_EINVAL, "composite rule: %zu nodes after the end of the rule",
                          r->nnodes - pos);
    unsigned char t[MPOL_COMPOSITE_MAX_CONDITIONS];
    for (size_t c = 0; c < r->k; c++) {
        int64_t s = 0;
        for (size_t i = 0; i < r->n; i++)
            s += r->weights[c * r->n + i];
        t[c] = s >= r->quotas[c];
    }
    if (!rule_of(r, t))
        return mpol_error(MPOL_EINVAL, "composite rule: even all players together lose: no "
                                       "coalition can win");
    return MPOL_OK;
}

mpol_status mpol_composite_wins(int *win, const mpol_composite_rule *r, const unsigned char *member)
{
    if (win == NULL || member == NULL)
        return mpol_error(MPOL_EINVAL, "composite rule: NULL argument");
    mpol_status st = mpol_composite_validate(r);
    if (st != MPOL_OK)
        return st;
    *win = wins_members(r, member);
    return MPOL_OK;
}

/* ---- dimensions and thresholds -------------------------------------------------- */

typedef struct comp_setup {
    size_t n, k;
    size_t ndim;                                  /* distinct weight vectors */
    size_t dim_of[MPOL_COMPOSITE_MAX_CONDITIONS]; /* condition -> dimension */
    size_t row[MPOL_COMPOSITE_MAX_CONDITIONS];    /* dimension -> a condition row */
    int64_t cap[MPOL_COMPOSITE_MAX_CONDITIONS];   /* dimension -> largest quota */
    size_t L;                                     /* the uncapped dimension */
    size_t nsmall;                                /* the other dimensions */
    size_t small[MPOL_COMPOSITE_MAX_CONDITIONS];  /* small index -> dimension */
    size_t ncand;                                 /* candidate thresholds on the L-sum */
    int64_t cand[MPOL_COMPOSITE_MAX_CONDITIONS + 1];
    double states; /* bound on the distinct small-sum vectors (with the size) */
} comp_setup;

static const int64_t *wrow(const mpol_composite_rule *r, const comp_setup *s, size_t d)
{
    return r->weights + s->row[d] * r->n;
}

static void setup_dims(comp_setup *s, const mpol_composite_rule *r)
{
    memset(s, 0, sizeof *s);
    s->n = r->n;
    s->k = r->k;
    for (size_t c = 0; c < r->k; c++) {
        size_t d;
        for (d = 0; d < s->ndim; d++)
            if (memcmp(r->weights + s->row[d] * r->n, r->weights + c * r->n,
                       r->n * sizeof *r->weights) == 0)
                break;
        if (d == s->ndim) {
            s->row[d] = c;
            s->cap[d] = 0;
            s->ndim++;
        }
        s->dim_of[c] = d;
        if (r->quotas[c] > s->cap[d])
            s->cap[d] = r->quotas[c];
    }
    s->L = 0;
    for (size_t d = 1; d < s->ndim; d++)
        if (s->cap[d] > s->cap[s->L])
            s->L = d;
    s->states = (double)(r->n + 1);
    for (size_t d = 0; d < s->ndim; d++) {
        if (d == s->L)
            continue;
        s->small[s->nsmall++] = d;
        s->states *= (double)s->cap[d] + 1;
    }
    s->ncand = 0;
    s->cand[s->ncand++] = 0;
    for (size_t c = 0; c < r->k; c++)
        if (s->dim_of[c] == s->L)
            s->cand[s->ncand++] = r->quotas[c];
    for (size_t a = 1; a < s->ncand; a++)
        for (size_t b = a; b > 0 && s->cand[b - 1] > s->cand[b]; b--) {
            int64_t t = s->cand[b];
            s->cand[b] = s->cand[b - 1];
            s->cand[b - 1] = t;
        }
}

/* The least L-sum at which the rule holds given the capped small sums v[], or NEVER. */
static int64_t threshold(const comp_setup *s, const mpol_composite_rule *r, const int64_t *v)
{
    int64_t val[MPOL_COMPOSITE_MAX_CONDITIONS];
    unsigned char t[MPOL_COMPOSITE_MAX_CONDITIONS];
    for (size_t j = 0; j < s->nsmall; j++)
        val[s->small[j]] = v[j];
    for (size_t a = 0; a < s->ncand; a++) {
        val[s->L] = s->cand[a];
        for (size_t c = 0; c < r->k; c++)
            t[c] = val[s->dim_of[c]] >= r->quotas[c];
        if (rule_of(r, t))
            return s->cand[a];
    }
    return NEVER;
}

/* ---- half enumeration ------------------------------------------------------------ */

typedef struct half_item {
    int64_t x;    /* L-sum */
    uint64_t key; /* the vector packed into bits when it fits (H->packed), else 0 */
    uint32_t idx; /* the coalition (bitmask of the half) */
} half_item;

typedef struct half {
    size_t cnt;     /* 2^h */
    size_t w;       /* entries of a vector: size, then the nsmall capped sums */
    half_item *it;  /* sorted by (vector, x) */
    half_item *tmp; /* merge-sort scratch */
    int64_t *xs;    /* x of it[] in that order */
    size_t ngroups;
    size_t *gstart; /* ngroups + 1 */
    int64_t *vec;   /* 2^h vectors, by coalition */
    int packed;     /* key determines the vector */
} half;

static int item_less(const half *H, const half_item *p, const half_item *q)
{
    if (p->key != q->key)
        return p->key < q->key;
    if (H->packed)
        return p->x < q->x;
    const int64_t *a = H->vec + (size_t)p->idx * H->w, *b = H->vec + (size_t)q->idx * H->w;
    for (size_t j = 0; j < H->w; j++)
        if (a[j] != b[j])
            return a[j] < b[j];
    return p->x < q->x;
}

/* Stable bottom-up merge sort of H->it by (vector, x). */
static void half_sort(half *H)
{
    half_item *src = H->it, *dst = H->tmp;
    size_t n = H->cnt;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi)
                dst[o++] = item_less(H, &src[b], &src[a]) ? src[b++] : src[a++];
            while (a < mid)
                dst[o++] = src[a++];
            while (b < hi)
                dst[o++] = src[b++];
        }
        half_item *t = src;
        src = dst;
        dst = t;
    }
    if (src != H->it)
        memcpy(H->it, src, n * sizeof *src);
}

/* Lists the 2^h coalitions of players pl[0..h-1], sorted and grouped by vector. */
static void half_build(half *H, const comp_setup *s, const mpol_composite_rule *r, const size_t *pl,
                       size_t h)
{
    size_t cnt = (size_t)1 << h, ns = s->nsmall, w = ns + 1;
    H->cnt = cnt;
    H->w = w;
    const int64_t *wl = wrow(r, s, s->L);
    int64_t *xv = H->xs; /* x by coalition, before sorting */
    xv[0] = 0;
    for (size_t j = 0; j < w; j++)
        H->vec[j] = 0;
    for (size_t m = 1; m < cnt; m++) {
        size_t low = (size_t)__builtin_ctzll((unsigned long long)m);
        size_t sub = m & (m - 1), p = pl[low];
        xv[m] = xv[sub] + wl[p];
        H->vec[m * w] = H->vec[sub * w] + 1;
        for (size_t j = 0; j < ns; j++) {
            size_t d = s->small[j];
            int64_t v = H->vec[sub * w + 1 + j] + wrow(r, s, d)[p];
            H->vec[m * w + 1 + j] = v > s->cap[d] ? s->cap[d] : v;
        }
    }
    /* pack the vectors (size, then each capped sum) into 64 bits when they fit */
    unsigned bits[MPOL_COMPOSITE_MAX_CONDITIONS + 1], total = 0;
    for (size_t j = 0; j < w; j++) {
        uint64_t top = j == 0 ? (uint64_t)h : (uint64_t)s->cap[s->small[j - 1]];
        bits[j] = 0;
        while (bits[j] < 63 && (top >> bits[j]) != 0)
            bits[j]++;
        total += bits[j];
    }
    H->packed = total <= 64;
    for (size_t m = 0; m < cnt; m++) {
        H->it[m].x = xv[m];
        H->it[m].idx = (uint32_t)m;
        uint64_t key = 0;
        if (H->packed)
            for (size_t j = 0; j < w; j++)
                key = (bits[j] < 64 ? key << bits[j] : 0) | (uint64_t)H->vec[m * w + j];
        H->it[m].key = key;
    }
    half_sort(H);
    H->ngroups = 0;
    for (size_t m = 0; m < cnt; m++) {
        H->xs[m] = H->it[m].x;
        if (m == 0 || (H->packed && H->it[m].key != H->it[m - 1].key) ||
            memcmp(H->vec + (size_t)H->it[m].idx * w, H->vec + (size_t)H->it[m - 1].idx * w,
                   w * sizeof *H->vec) != 0)
            H->gstart[H->ngroups++] = m;
    }
    H->gstart[H->ngroups] = cnt;
}

static const int64_t *group_vec(const half *H, size_t g)
{
    return H->vec + (size_t)H->it[H->gstart[g]].idx * H->w;
}

/*
 * Counts over the pairs of coalitions of halves A and B: @p player >= 0: the swings of that
 * player (in neither half) by size into cnt[0..n-1]; @p player < 0: the winning coalitions of
 * A + B by size into cnt[0..n].
 */
static void count_pairs(uint64_t *cnt, const comp_setup *s, const mpol_composite_rule *r,
                        const half *A, const half *B, long player)
{
    int64_t v[MPOL_COMPOSITE_MAX_CONDITIONS];
    int64_t wiL = player >= 0 ? wrow(r, s, s->L)[player] : 0;
    for (size_t ga = 0; ga < A->ngroups; ga++) {
        const int64_t *va = group_vec(A, ga);
        for (size_t gb = 0; gb < B->ngroups; gb++) {
            const int64_t *vb = group_vec(B, gb);
            size_t size = (size_t)(va[0] + vb[0]);
            for (size_t j = 0; j < s->nsmall; j++) {
                int64_t x = va[1 + j] + vb[1 + j], c = s->cap[s->small[j]];
                v[j] = x > c ? c : x;
            }
            int64_t hi = threshold(s, r, v), lo;
            if (player >= 0) {
                for (size_t j = 0; j < s->nsmall; j++) {
                    int64_t x = v[j] + wrow(r, s, s->small[j])[player], c = s->cap[s->small[j]];
                    v[j] = x > c ? c : x;
                }
                int64_t t1 = threshold(s, r, v);
                if (t1 >= NEVER)
                    continue;
                lo = t1 - wiL;
                if (lo >= hi)
                    continue;
            } else {
                if (hi >= NEVER)
                    continue;
                lo = hi;
                hi = NEVER;
            }
            /* A's sums ascend within the group, so both bounds descend: two pointers
             * walking down B's group (O(|A group| + |B group|)). */
            uint64_t c = 0;
            size_t b0 = B->gstart[gb], ph = B->gstart[gb + 1], pl = ph;
            const int64_t *xb = B->xs;
            for (size_t m = A->gstart[ga]; m < A->gstart[ga + 1]; m++) {
                int64_t xa = A->xs[m], vh = hi - xa, vl = lo - xa;
                while (ph > b0 && xb[ph - 1] >= vh)
                    ph--;
                while (pl > b0 && xb[pl - 1] >= vl)
                    pl--;
                c += ph - pl;
            }
            cnt[size] += c;
        }
    }
}

/* ---- estimate -------------------------------------------------------------------- */

static mpol_status estimate(mpol_power_estimate *e, const comp_setup *s, size_t n, int exact)
{
    if (n > MPOL_COMPOSITE_MAX_PLAYERS)
        return mpol_error(MPOL_ELIMIT,
                          "composite rule: %zu players; the meet-in-the-middle count handles at "
                          "most %d",
                          n, MPOL_COMPOSITE_MAX_PLAYERS);
    double hb = (double)((n + 1) / 2), ha = (double)(n / 2);
    double cb = ldexp(1, (int)hb), ca = ldexp(1, (int)ha);
    double gb = fmin(s->states, cb), ga = fmin(s->states, ca);
    double eval = (double)(s->k * s->ncand + s->nsmall) + 1;
    double per = ca * (ha + 1) * (double)(s->nsmall + 2) + cb * (hb + 1) * (double)(s->nsmall + 2) +
                 ga * gb * 2 * eval + 2 * (ca * gb + cb * ga);
    e->work = (double)(n + 1) * per;
    e->cells = 2 * cb;
    e->bytes = 2 * cb *
                   (2.0 * sizeof(half_item) + sizeof(int64_t) + sizeof(size_t) +
                    8.0 * (double)(s->nsmall + 1)) +
               16.0 * (double)n * (double)(n + 1);
    e->bits = exact ? lgamma((double)n + 1) / log(2) + 1 : 0;
    return MPOL_OK;
}

mpol_status mpol_composite_estimate_cost(mpol_power_estimate *out, const mpol_composite_rule *r,
                                         const mpol_power_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "composite rule: NULL argument");
    mpol_status st = mpol_composite_validate(r);
    if (st != MPOL_OK)
        return st;
    comp_setup s;
    setup_dims(&s, r);
    return estimate(out, &s, r->n, opts != NULL && opts->exact);
}

/* ---- results ----------------------------------------------------------------------- */

/* Fills @p res (allocated) from the swings by size c[i * n + s] of each player. */
static mpol_status finish(mpol_power_result *res, const uint64_t *c, size_t n, const char *who)
{
    mpz_t tot, x, y;
    mpz_init(tot);
    mpz_init(x);
    mpz_init(y);
    mpz_t *fact = mpol_i_mpz_array(n + 1);
    mpz_t *cnt = mpol_i_mpz_array(n);
    mpol_status st = MPOL_OK;
    if (fact == NULL || cnt == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    mpz_set_ui(fact[0], 1);
    for (size_t s = 1; s <= n; s++)
        mpz_mul_ui(fact[s], fact[s - 1], (unsigned long)s);
    int ss = res->kind == MPOL_POWER_SHAPLEY_SHUBIK;
    /* long double weights 1 / (n C(n-1, s)) of the Shapley-Shubik sizes */
    long double *bw = mpol_malloc((n + 1) * sizeof *bw);
    if (bw == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    bw[0] = 1.0L / (long double)n;
    for (size_t s = 0; s + 1 < n; s++)
        bw[s + 1] = bw[s] * (long double)(s + 1) / (long double)(n - 1 - s);
    long double sum = 0;
    for (size_t i = 0; i < n; i++) {
        long double fl = 0;
        for (size_t s = 0; s < n; s++) {
            uint64_t v = c[i * n + s];
            if (v == 0)
                continue;
            mpz_set_ui(x, 0);
            mpz_import(x, 1, 1, sizeof v, 0, 0, &v);
            if (ss) {
                mpz_mul(x, x, fact[s]);
                mpz_mul(x, x, fact[n - 1 - s]);
                fl += (long double)v * bw[s];
            } else {
                fl += (long double)v;
            }
            mpz_add(cnt[i], cnt[i], x);
        }
        res->dummy[i] = mpz_sgn(cnt[i]) == 0;
        mpz_add(tot, tot, cnt[i]);
        if (ss)
            res->index[i] = (double)fl;
        else
            res->absolute[i] = mpol_i_mpz_ldexp(cnt[i], (long)(n - 1));
        sum += fl;
    }
    for (size_t i = 0; i < n; i++) {
        if (res->exact)
            res->index[i] = mpol_i_mpz_ratio(cnt[i], ss ? fact[n] : tot);
        else if (!ss)
            res->index[i] = mpz_sgn(tot) ? mpol_i_mpz_ratio(cnt[i], tot) : 0;
        if (ss)
            res->absolute[i] = res->index[i];
    }
    if (ss)
        res->check_error =
            res->exact ? (mpz_cmp(tot, fact[n]) != 0 ? 1.0 : 0.0) : (double)fabsl(sum - 1.0L);
    if (res->exact) {
        for (size_t i = 0; i < n; i++)
            if ((res->counts[i] = mpol_i_mpz_string(cnt[i])) == NULL) {
                st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
                break;
            }
        if (st == MPOL_OK && (res->denominator = mpol_i_mpz_string(ss ? fact[n] : tot)) == NULL)
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    mpol_free(bw);
done:
    mpol_i_mpz_array_free(fact, n + 1);
    mpol_i_mpz_array_free(cnt, n);
    mpz_clear(tot);
    mpz_clear(x);
    mpz_clear(y);
    return st;
}

/* Brute force: swings by size of every player, c[i * n + s]. */
static mpol_status brute_counts(uint64_t *c, const mpol_composite_rule *r, const char *who)
{
    size_t n = r->n, N = (size_t)1 << n;
    unsigned char *win = mpol_malloc(N);
    if (win == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for 2^%zu coalitions", who, n);
    unsigned char t[MPOL_COMPOSITE_MAX_CONDITIONS];
    for (size_t m = 0; m < N; m++) {
        for (size_t k = 0; k < r->k; k++) {
            int64_t sum = 0;
            for (size_t i = 0; i < n; i++)
                if ((m >> i) & 1)
                    sum += r->weights[k * n + i];
            t[k] = sum >= r->quotas[k];
        }
        win[m] = (unsigned char)rule_of(r, t);
    }
    memset(c, 0, n * n * sizeof *c);
    for (size_t m = 0; m < N; m++) {
        if (win[m])
            continue;
        size_t sz = (size_t)__builtin_popcountll((unsigned long long)m);
        for (size_t i = 0; i < n; i++)
            if (!((m >> i) & 1) && win[m | ((size_t)1 << i)])
                c[i * n + sz]++;
    }
    mpol_free(win);
    return MPOL_OK;
}

mpol_status mpol_composite_power_brute(mpol_power_result **out, mpol_power_kind kind,
                                       const mpol_composite_rule *r, int exact)
{
    static const char who[] = "composite rule (brute force)";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    *out = NULL;
    if (kind != MPOL_POWER_BANZHAF && kind != MPOL_POWER_SHAPLEY_SHUBIK)
        return mpol_error(MPOL_EINVAL, "%s: unknown power index %d", who, (int)kind);
    mpol_status st = mpol_composite_validate(r);
    if (st != MPOL_OK)
        return st;
    if (r->n > MPOL_COMPOSITE_BRUTE_MAX_PLAYERS)
        return mpol_error(MPOL_ELIMIT, "%s: %zu players; at most %d", who, r->n,
                          MPOL_COMPOSITE_BRUTE_MAX_PLAYERS);
    uint64_t *c = mpol_malloc(r->n * r->n * sizeof *c);
    if (c == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    mpol_power_result *res = NULL;
    if ((st = brute_counts(c, r, who)) == MPOL_OK &&
        (st = mpol_i_power_alloc(&res, kind, r->n, exact != 0, who)) == MPOL_OK) {
        res->scale = 1;
        st = finish(res, c, r->n, who);
        res->verified = 1;
        res->check_error = 0;
    }
    mpol_free(c);
    if (st != MPOL_OK) {
        mpol_power_result_free(res);
        return st;
    }
    *out = res;
    return MPOL_OK;
}

/* ---- the count ---------------------------------------------------------------------- */

static void half_free(half *H)
{
    mpol_free(H->it);
    mpol_free(H->tmp);
    mpol_free(H->xs);
    mpol_free(H->gstart);
    mpol_free(H->vec);
}

static int half_alloc(half *H, size_t h, size_t ns)
{
    size_t cnt = (size_t)1 << h;
    memset(H, 0, sizeof *H);
    H->it = mpol_malloc(cnt * sizeof *H->it);
    H->tmp = mpol_malloc(cnt * sizeof *H->tmp);
    H->xs = mpol_malloc(cnt * sizeof *H->xs);
    H->gstart = mpol_malloc((cnt + 1) * sizeof *H->gstart);
    H->vec = mpol_malloc(cnt * (ns + 1) * sizeof *H->vec);
    return H->it != NULL && H->tmp != NULL && H->xs != NULL && H->gstart != NULL && H->vec != NULL;
}

mpol_status mpol_composite_power(mpol_power_result **out, mpol_power_kind kind,
                                 const mpol_composite_rule *r, const mpol_power_opts *opts)
{
    static const char who[] = "composite rule";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    *out = NULL;
    if (kind != MPOL_POWER_BANZHAF && kind != MPOL_POWER_SHAPLEY_SHUBIK)
        return mpol_error(MPOL_EINVAL, "%s: unknown power index %d", who, (int)kind);
    mpol_power_opts def;
    if (opts == NULL) {
        mpol_power_opts_init(&def);
        opts = &def;
    }
    mpol_status st = mpol_composite_validate(r);
    if (st != MPOL_OK)
        return st;
    comp_setup s;
    setup_dims(&s, r);
    size_t n = r->n;
    mpol_power_estimate e = {0};
    if ((st = estimate(&e, &s, n, opts->exact)) != MPOL_OK)
        return st;
    if (e.bytes > 8.0 * (double)opts->max_cells || e.work > opts->max_work)
        return mpol_error(MPOL_ELIMIT,
                          "%s: estimated %.3g operations and %.3g bytes exceed the limits (%.3g "
                          "operations, %.3g bytes)",
                          who, e.work, e.bytes, opts->max_work, 8.0 * (double)opts->max_cells);
    size_t ns = s.nsmall, hb = (n + 1) / 2;
    half A, B;
    uint64_t *c = mpol_calloc(n * n, sizeof *c);
    uint64_t *wcnt = mpol_calloc(n + 1, sizeof *wcnt);
    size_t *pl = mpol_malloc((n ? n : 1) * sizeof *pl);
    mpol_power_result *res = NULL;
    int okA = half_alloc(&A, hb, ns), okB = half_alloc(&B, hb, ns);
    if (c == NULL || wcnt == NULL || pl == NULL || !okA || !okB) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory (estimated %.3g bytes)", who, e.bytes);
        goto done;
    }
    size_t total_steps = n + 1, step = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                pl[m++] = j;
        size_t ha = m / 2;
        half_build(&A, &s, r, pl, ha);
        half_build(&B, &s, r, pl + ha, m - ha);
        count_pairs(c + i * n, &s, r, &A, &B, (long)i);
        if (opts->progress != NULL)
            opts->progress(opts->userdata, (size_t)(e.work * (double)++step / (double)total_steps),
                           (size_t)e.work);
    }
    /* independent count: winning coalitions of all n players by size */
    for (size_t j = 0; j < n; j++)
        pl[j] = j;
    half_build(&A, &s, r, pl, n / 2);
    half_build(&B, &s, r, pl + n / 2, n - n / 2);
    count_pairs(wcnt, &s, r, &A, &B, -1);
    if (opts->progress != NULL)
        opts->progress(opts->userdata, (size_t)(e.work * (double)++step / (double)total_steps),
                       (size_t)e.work);
    if ((st = mpol_i_power_alloc(&res, kind, n, opts->exact, who)) != MPOL_OK)
        goto done;
    res->scale = 1;
    res->work = e.work;
    if ((st = finish(res, c, n, who)) != MPOL_OK)
        goto done;
    /* Banzhaf identity sum_i swings_i = sum_s W_s (2s - n), exactly (for SS too, as a check
     * of the per-player counts). */
    {
        mpz_t lhs, rhs, t;
        mpz_init(lhs);
        mpz_init(rhs);
        mpz_init(t);
        for (size_t i = 0; i < n * n; i++) {
            uint64_t v = c[i];
            mpz_import(t, 1, 1, sizeof v, 0, 0, &v);
            mpz_add(lhs, lhs, t);
        }
        for (size_t sz = 0; sz <= n; sz++) {
            uint64_t v = wcnt[sz];
            mpz_import(t, 1, 1, sizeof v, 0, 0, &v);
            long f = 2 * (long)sz - (long)n;
            if (f >= 0)
                mpz_addmul_ui(rhs, t, (unsigned long)f);
            else
                mpz_submul_ui(rhs, t, (unsigned long)(-f));
        }
        double bz_err = 0;
        if (mpz_cmp(lhs, rhs) != 0) {
            mpz_sub(t, lhs, rhs);
            mpz_abs(t, t);
            bz_err = mpz_sgn(rhs) ? mpol_i_mpz_ratio(t, rhs) : 1.0;
            if (bz_err == 0)
                bz_err = 1e-300;
        }
        mpz_clear(lhs);
        mpz_clear(rhs);
        mpz_clear(t);
        if (kind == MPOL_POWER_BANZHAF)
            res->check_error = bz_err;
        else if (bz_err > res->check_error)
            res->check_error = bz_err;
    }
    if (n <= SELF_CHECK_PLAYERS) {
        uint64_t *bc = mpol_malloc(n * n * sizeof *bc);
        if (bc == NULL) {
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
            goto done;
        }
        if ((st = brute_counts(bc, r, who)) == MPOL_OK && memcmp(bc, c, n * n * sizeof *c) != 0)
            res->check_error = 1;
        mpol_free(bc);
        if (st != MPOL_OK)
            goto done;
    }
    res->max_error = res->check_error;
    res->verified = opts->exact ? res->check_error == 0 : res->check_error <= MPOL_POWER_CHECK_TOL;
    if (!res->verified)
        st = mpol_error(MPOL_EVERIFY, "%s: the check failed (error %.3g)", who, res->check_error);
done:
    half_free(&A);
    half_free(&B);
    mpol_free(c);
    mpol_free(wcnt);
    mpol_free(pl);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_power_result_free(res);
        return st;
    }
    *out = res;
    return st;
}
