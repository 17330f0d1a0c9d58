/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the enumeration of the minimal winning coalitions of a weighted
 * voting game. Players are taken in order of decreasing weight and coalitions grown by
 * depth-first search; a branch stops as soon as the coalition wins (every superset of a
 * winning coalition is non-minimal) or when the remaining players cannot reach the quota.
 * Because the last player added is the lightest and the coalition lost before it was
 * added, every winning coalition reached is minimal, and each is reached once. The work is
 * O(n) per search node and the nodes are at most n per coalition listed (each losing node
 * that can still win leads to at least one), so the enumeration is output-sensitive; the
 * caller's limit bounds it.
 *
 * Counting (mpol_wvg_count_minimal_winning) comes first, so that a limit is enforced before
 * anything is listed. S is minimal winning iff w(S) >= q and w(S) - min_{i in S} w_i < q.
 * With the players sorted by weight (ties by index), the coalitions whose lightest member
 * is the player at position k are {k} + T for the subsets T of the later (heavier)
 * positions with q - w_k <= w(T) < q: a subset-sum count. One pass from the heaviest player
 * down keeps cnt[s] = number of subsets of the players seen so far with weight s < q
 * (the knapsack recurrence cnt[s] += cnt[s - w]), and each player first adds the window
 * sum cnt[q - w_k .. q - 1] to the total. Weights and quota are divided by the gcd of the
 * weights first. O(n q) time, O(q) memory, counts saturating at UINT64_MAX. This is the
 * standard counting DP of the power-index literature (e.g. Matsui and Matsui 2000, "A
 * survey of algorithms for calculating power indices of weighted majority games", J. Oper.
 * Res. Soc. Japan 43) applied to the minimal-winning condition.
 * Where the table would be too large (q above MWC_DP_MAX_CELLS or n q above
 * MWC_DP_MAX_WORK after the gcd reduction, e.g. weights with many decimals), the count
 * falls back to the depth-first search above without recording, which may stop as soon as
 * it has passed the caller's cap: O(n) per node, and a leaf level that counts a run of
 * completing players by one binary search. The fallback is output-sensitive, not
 * polynomial; docs/voting.md and docs/performance.md give the measured costs.
 */
#include <stdlib.h>
#include <string.h>

#include "voting/voting_internal.h"

/* The subset-sum count is used while its table has at most this many cells (32 MiB)... */
#define MWC_DP_MAX_CELLS ((int64_t)1 << 22)
/* ...and it needs at most this many additions (about 0.2 s here). */
#define MWC_DP_MAX_WORK ((double)((int64_t)1 << 28))

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int64_t gcd_i64(int64_t a, int64_t b)
{
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The subset-sum count over the positions of @p ord (increasing weight). */
static mpol_status count_dp(uint64_t *count, const int64_t *w, const size_t *ord, size_t n,
                            int64_t q, const char *who)
{
    size_t L = (size_t)q;
    uint64_t *cnt = mpol_calloc(L, sizeof *cnt);
    if (cnt == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", who, L);
    cnt[0] = 1;
    uint64_t total = 0;
    for (size_t k = n; k-- > 0;) {
        size_t wk = (size_t)w[ord[k]];
        if (wk == 0)
            break; /* the rest weigh nothing: never the lightest member of a minimal winner */
        size_t lo = L > wk ? L - wk : 0;
        for (size_t s = lo; s < L; s++)
            total = sat_add(total, cnt[s]);
        for (size_t s = L; s-- > wk;)
            cnt[s] = sat_add(cnt[s], cnt[s - wk]);
    }
    mpol_free(cnt);
    *count = total;
    return MPOL_OK;
}

typedef struct mwc_counter {
    const int64_t *w;   /* weights by position (decreasing) */
    const int64_t *rem; /* rem[k] = sum of w[k..n-1] */
    size_t n;
    int64_t q;
    uint64_t count, stop; /* stop once count > stop */
} mwc_counter;

/* Counts the minimal winning coalitions extending a losing coalition of weight cur whose
 * lightest member precedes position pos. Returns 0 once the count has passed stop. */
static int count_dfs(mwc_counter *c, size_t pos, int64_t cur)
{
    if (pos >= c->n || cur + c->rem[pos] < c->q)
        return 1;
    int64_t need = c->q - cur;
    /* Positions pos..hi-1 win on their own (weights are decreasing): one coalition each. */
    size_t lo = pos, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->w[mid] >= need)
            lo = mid + 1;
        else
            hi = mid;
    }
    c->count = sat_add(c->count, (uint64_t)(lo - pos));
    if (c->count > c->stop)
        return 0;
    for (size_t k = lo; k < c->n; k++) {
        if (c->w[k] == 0 || cur + c->rem[k] < c->q)
            return 1;
        if (!count_dfs(c, k + 1, cur + c->w[k]))
            return 0;
    }
    return 1;
}

static mpol_status count_search(uint64_t *count, int *exact, const int64_t *w, const size_t *ord,
                                size_t n, int64_t q, uint64_t stop, const char *who)
{
    int64_t *wd = mpol_malloc(n * sizeof *wd), *rem = mpol_malloc((n + 1) * sizeof *rem);
    if (wd == NULL || rem == NULL) {
        mpol_free(wd);
        mpol_free(rem);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    for (size_t k = 0; k < n; k++)
        wd[k] = w[ord[n - 1 - k]];
    rem[n] = 0;
    for (size_t k = n; k-- > 0;)
        rem[k] = rem[k + 1] + wd[k];
    mwc_counter c = {wd, rem, n, q, 0, stop};
    int done = count_dfs(&c, 0, 0);
    *count = c.count;
    *exact = done;
    mpol_free(wd);
    mpol_free(rem);
    return MPOL_OK;
}

/* Counts the minimal winning coalitions of @p gi; see mpol_wvg_count_minimal_winning. */
static mpol_status count_mwc(uint64_t *count, int *exact, const mpol_i_wvg_int *gi, uint64_t cap,
                             const char *who)
{
    size_t n = gi->n, *ord = NULL;
    int64_t g = 0;
    for (size_t i = 0; i < n; i++)
        g = gcd_i64(gi->w[i], g);
    if (g == 0)
        g = 1;
    int64_t q = (gi->quota + g - 1) / g;
    int64_t *w = mpol_malloc(n * sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu weights", who, n);
    for (size_t i = 0; i < n; i++)
        w[i] = gi->w[i] / g;
    mpol_i_wvg_int gr = *gi;
    gr.w = w;
    mpol_status st = mpol_i_wvg_order(&ord, &gr, who);
    if (st == MPOL_OK) {
        if (q <= MWC_DP_MAX_CELLS && (double)n * (double)q <= MWC_DP_MAX_WORK) {
            *exact = 1;
            st = count_dp(count, w, ord, n, q, who);
        } else {
            st = count_search(count, exact, w, ord, n, q, cap == 0 ? UINT64_MAX : cap, who);
        }
    }
    mpol_free(ord);
    mpol_free(w);
    return st;
}

mpol_status mpol_wvg_count_minimal_winning(uint64_t *count, int *exact, const mpol_wvg *g,
                                           uint64_t cap)
{
    static const char who[] = "mpol_wvg_count_minimal_winning";
    if (count == NULL)
        return mpol_error(MPOL_EINVAL, "%s: count is NULL", who);
    *count = 0;
    int ex = 1;
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    st = count_mwc(count, &ex, &gi, cap, who);
    mpol_i_wvg_int_clear(&gi);
    if (exact != NULL)
        *exact = ex;
    return st;
}

/* C(n, floor(n/2)), the largest antichain of subsets (Sperner), saturating. */
static uint64_t sperner_bound(size_t n)
{
    double b = 1;
    for (size_t k = 1; k <= n / 2; k++) {
        b = b * (double)(n - n / 2 + k) / (double)k;
        if (b >= 1.8e19)
            return UINT64_MAX;
    }
    return (uint64_t)(b + 0.5);
}

typedef struct mwc_search {
    const mpol_i_wvg_int *gi;
    const size_t *ord;  /* players by decreasing weight */
    const int64_t *rem; /* rem[k] = weight of ord[k..n-1] */
    size_t *stack, depth;
    size_t limit;
    mpol_mwc_list *list;
    size_t cap_members, cap_offsets;
    mpol_status st;
} mwc_search;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : (x > y);
}

static int record(mwc_search *s)
{
    mpol_mwc_list *l = s->list;
    if (l->count == s->limit) {
        s->st = mpol_error(MPOL_ELIMIT,
                           "mpol_wvg_minimal_winning: more than %zu minimal winning coalitions",
                           s->limit);
        return 0;
    }
    size_t used = l->offsets[l->count];
    if (used + s->depth > s->cap_members) {
        size_t cap = 2 * (used + s->depth);
        size_t *m = mpol_realloc(l->members, cap * sizeof *m);
        if (m == NULL)
            goto oom;
        l->members = m;
        s->cap_members = cap;
    }
    if (l->count + 2 > s->cap_offsets) {
        size_t cap = 2 * (l->count + 2);
        size_t *o = mpol_realloc(l->offsets, cap * sizeof *o);
        if (o == NULL)
            goto oom;
        l->offsets = o;
        s->cap_offsets = cap;
    }
    memcpy(l->members + used, s->stack, s->depth * sizeof *s->stack);
    qsort(l->members + used, s->depth, sizeof *s->stack, cmp_size);
    l->count++;
    l->offsets[l->count] = used + s->depth;
    return 1;
oom:
    s->st = mpol_error(MPOL_ENOMEM,
                       "mpol_wvg_minimal_winning: out of memory after %zu "
                       "coalitions",
                       l->count);
    return 0;
}

/* Returns 0 to stop (error or limit). */
static int dfs(mwc_search *s, size_t pos, int64_t cur)
{
    size_t n = s->gi->n;
    for (size_t k = pos; k < n; k++) {
        if (cur + s->rem[k] < s->gi->quota)
            return 1;
        size_t j = s->ord[k];
        int64_t nw = cur + s->gi->w[j];
        if (s->gi->w[j] == 0)
            return 1; /* only weightless players remain: nothing more can win */
        s->stack[s->depth++] = j;
        int ok = nw >= s->gi->quota ? record(s) : dfs(s, k + 1, nw);
        s->depth--;
        if (!ok)
            return 0;
    }
    return 1;
}

void mpol_mwc_list_free(mpol_mwc_list *list)
{
    if (list == NULL)
        return;
    mpol_free(list->offsets);
    mpol_free(list->members);
    mpol_free(list);
}

mpol_status mpol_wvg_minimal_winning(mpol_mwc_list **out, const mpol_wvg *g, size_t limit)
{
    static const char who[] = "mpol_wvg_minimal_winning";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    size_t n = gi.n, *ord = NULL, *stack = NULL;
    int64_t *rem = NULL;
    mpol_mwc_list *l = NULL;
    if (limit == 0)
        limit = MPOL_MWC_DEFAULT_LIMIT;
    /* Count first, so that the limit is enforced before anything is listed; no count is
     * needed when even the largest antichain of subsets fits. */
    uint64_t count = 0;
    int exact = 0;
    if (sperner_bound(n) > (uint64_t)limit) {
        if ((st = count_mwc(&count, &exact, &gi, (uint64_t)limit, who)) != MPOL_OK)
            goto done;
        if (count > (uint64_t)limit) {
            if (exact && count < UINT64_MAX)
                st = mpol_error(MPOL_ELIMIT,
                                "%s: the game has %llu minimal winning coalitions, more than "
                                "%zu (the limit argument; 0 means MPOL_MWC_DEFAULT_LIMIT = %d); "
                                "refused before listing",
                                who, (unsigned long long)count, limit, MPOL_MWC_DEFAULT_LIMIT);
            else
                st = mpol_error(MPOL_ELIMIT,
                                "%s: the game has more than %zu minimal winning coalitions (the "
                                "limit argument; 0 means MPOL_MWC_DEFAULT_LIMIT = %d); refused "
                                "before listing",
                                who, limit, MPOL_MWC_DEFAULT_LIMIT);
            goto done;
        }
    }
    if ((st = mpol_i_wvg_order(&ord, &gi, who)) != MPOL_OK)
        goto done;
    rem = mpol_malloc((n + 1) * sizeof *rem);
    stack = mpol_malloc(n * sizeof *stack);
    l = mpol_calloc(1, sizeof *l);
    if (rem == NULL || stack == NULL || l == NULL ||
        (l->offsets = mpol_calloc(2, sizeof *l->offsets)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    for (size_t k = 0; k < n / 2; k++) { /* increasing -> decreasing weight */
        size_t t = ord[k];
        ord[k] = ord[n - 1 - k];
        ord[n - 1 - k] = t;
    }
    rem[n] = 0;
    for (size_t k = n; k-- > 0;)
        rem[k] = rem[k + 1] + gi.w[ord[k]];
    mwc_search s = {&gi, ord, rem, stack, 0, limit, l, 0, 2, MPOL_OK};
    dfs(&s, 0, 0);
    st = s.st;
    /* The count and the listing are independent: they must agree. */
    if (st == MPOL_OK && exact && count != (uint64_t)l->count)
        st = mpol_error(MPOL_EVERIFY, "%s: internal error: %zu coalitions listed, %llu counted",
                        who, l->count, (unsigned long long)count);
done:
    mpol_free(ord);
    mpol_free(rem);
    mpol_free(stack);
    mpol_i_wvg_int_clear(&gi);
    if (st != MPOL_OK) {
        mpol_mwc_list_free(l);
        return st;
    }
    *out = l;
    return MPOL_OK;
}
