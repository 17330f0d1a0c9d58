/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the listing of every stable partition of a small hedonic game: all
 * Bell(n) partitions are generated in restricted-growth-string order (Knuth, TAOCP 4A,
 * 7.2.1.5, Algorithm H in spirit; a plain increment here) and each one is checked with the
 * public mpol_hedonic_check_partition() for the requested concepts. The counts per concept
 * are what mpol_hedonic_search() reports as stable_count for its exact search; callers
 * compare the two (the search uses its own utility table, this file the direct utilities):
 * mpol_hedonic_certify_search() (hedonic_cert.c) does, and the CLI prints its verdict.
 *
 * Deviation from a minimal enumeration: no pruning, no table of utilities: this is the
 * reference listing for n <= MPOL_HEDONIC_LIST_MAX, meant to be simple rather than fast.
 */
#include <string.h>

#include "multipolar/coalition.h"

void mpol_hedonic_stable_list_free(mpol_hedonic_stable_list *list)
{
    if (list == NULL)
        return;
    mpol_free(list->offsets);
    mpol_free(list->parts);
    mpol_free(list->stable);
    mpol_free(list->welfare);
    mpol_free(list);
}

/* Appends one partition with its verdict flags and welfare; grows the arrays geometrically. */
static mpol_status append(mpol_hedonic_stable_list *l, const mpol_hedonic *g, size_t *cap,
                          size_t *pcap, const mpol_coalition *parts, size_t nparts, unsigned flags)
{
    if (l->nlisted + 2 > *cap) {
        size_t nc = *cap * 2;
        size_t *no = mpol_realloc(l->offsets, nc * sizeof *no);
        if (no == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_hedonic_list_stable: out of memory");
        l->offsets = no;
        unsigned *ns = mpol_realloc(l->stable, nc * sizeof *ns);
        if (ns == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_hedonic_list_stable: out of memory");
        l->stable = ns;
        double *nw = mpol_realloc(l->welfare, nc * sizeof *nw);
        if (nw == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_hedonic_list_stable: out of memory");
        l->welfare = nw;
        *cap = nc;
    }
    size_t at = l->offsets[l->nlisted];
    if (at + nparts > *pcap) {
        size_t nc = (*pcap + nparts) * 2;
        mpol_coalition *np = mpol_realloc(l->parts, nc * sizeof *np);
        if (np == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_hedonic_list_stable: out of memory");
        l->parts = np;
        *pcap = nc;
    }
    memcpy(l->parts + at, parts, nparts * sizeof *parts);
    l->stable[l->nlisted] = flags;
    l->welfare[l->nlisted] = mpol_hedonic_welfare(g, parts, nparts);
    l->offsets[++l->nlisted] = at + nparts;
    return MPOL_OK;
}

/* The next restricted growth string: a[0] = 0, a[i] <= 1 + max(a[0..i-1]) = mx[i].
 * Returns 0 after the last one. */
static int next_rgs(unsigned char *a, unsigned char *mx, size_t n)
{
    size_t i = n;
    while (i > 1 && a[i - 1] == mx[i - 1])
        i--;
    if (i <= 1)
        return 0;
    size_t k = i - 1;
    a[k]++;
    unsigned char next = (unsigned char)(a[k] + 1 > mx[k] ? a[k] + 1 : mx[k]);
    for (size_t j = k + 1; j < n; j++) {
        a[j] = 0;
        mx[j] = next;
    }
    return 1;
}

mpol_status mpol_hedonic_list_stable(mpol_hedonic_stable_list **out, const mpol_hedonic *game,
                                     unsigned which, size_t max_list, double tol)
{
    static const char *who = "mpol_hedonic_list_stable";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "%s: game is NULL", who);
    if (which == 0 || (which & ~(unsigned)MPOL_HEDONIC_ALL))
        return mpol_error(MPOL_EINVAL, "%s: unknown concept flags 0x%x", who, which);
    size_t n = game->n;
    if (n > MPOL_HEDONIC_LIST_MAX)
        return mpol_error(MPOL_ELIMIT, "%s: %zu players; listing all partitions handles at most %d",
                          who, n, MPOL_HEDONIC_LIST_MAX);
    mpol_hedonic_stable_list *l = mpol_calloc(1, sizeof *l);
    if (l == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    l->n = n;
    size_t cap = 8, pcap = 8 * (n > 0 ? n : 1);
    l->offsets = mpol_calloc(cap, sizeof *l->offsets);
    l->stable = mpol_calloc(cap, sizeof *l->stable);
    l->parts = mpol_calloc(pcap, sizeof *l->parts);
    l->welfare = mpol_calloc(cap, sizeof *l->welfare);
    mpol_status st = MPOL_OK;
    if (l->offsets == NULL || l->stable == NULL || l->parts == NULL || l->welfare == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto fail;
    }
    unsigned char a[MPOL_HEDONIC_LIST_MAX] = {0}, mx[MPOL_HEDONIC_LIST_MAX] = {0};
    for (size_t i = 1; i < n; i++)
        mx[i] = 1; /* mx[i] = 1 + max(a[0..i-1]): the largest label a[i] may take */
    for (;;) {
        mpol_coalition parts[MPOL_HEDONIC_LIST_MAX] = {0};
        size_t np = 0;
        for (size_t i = 0; i < n; i++) {
            parts[a[i]] |= (mpol_coalition)1 << i;
            if ((size_t)a[i] + 1 > np)
                np = (size_t)a[i] + 1;
        }
        mpol_hedonic_check c;
        if ((st = mpol_hedonic_check_partition(&c, game, parts, np, which, tol)) != MPOL_OK)
            goto fail;
        l->partitions++;
        unsigned flags = 0;
        if ((which & MPOL_HEDONIC_NASH) && c.nash == 1)
            flags |= MPOL_HEDONIC_NASH;
        if ((which & MPOL_HEDONIC_INDIVIDUAL) && c.individual == 1)
            flags |= MPOL_HEDONIC_INDIVIDUAL;
        if ((which & MPOL_HEDONIC_CORE) && c.core == 1)
            flags |= MPOL_HEDONIC_CORE;
        if ((which & MPOL_HEDONIC_CORE) && c.core == -1)
            l->core_unchecked = 1;
        l->count[0] += (flags & MPOL_HEDONIC_NASH) != 0;
        l->count[1] += (flags & MPOL_HEDONIC_INDIVIDUAL) != 0;
        l->count[2] += (flags & MPOL_HEDONIC_CORE) != 0;
        if (flags != 0) {
            if (l->nlisted < max_list)
                st = append(l, game, &cap, &pcap, parts, np, flags);
            else
                l->truncated = 1;
            if (st != MPOL_OK)
                goto fail;
        }
        if (!next_rgs(a, mx, n))
            break;
    }
    *out = l;
    return MPOL_OK;
fail:
    mpol_hedonic_stable_list_free(l);
    return st;
}
