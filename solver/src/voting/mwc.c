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
 */
#include <stdlib.h>
#include <string.h>

#include "voting/voting_i.h"

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
    *out = NULL;
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    size_t n = gi.n, *ord = NULL, *stack = NULL;
    int64_t *rem = NULL;
    mpol_mwc_list *l = NULL;
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
    mwc_search s = {&gi, ord, rem, stack,  0, limit > 0 ? limit : MPOL_MWC_DEFAULT_LIMIT,
                    l,   0,   2,   MPOL_OK};
    dfs(&s, 0, 0);
    st = s.st;
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
