/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_bimatrix_one: one equilibrium by Lemke–Howson paths from many
 * starting labels, each given a pivot budget by the universal restart sequence of Luby,
 * Sinclair and Zuckerman ("Optimal speedup of Las Vegas algorithms", Inf. Process. Lett. 47
 * (1993) 173-180): run j follows label start + j - 1 (cyclically) for b0 * luby(j) pivots,
 * luby = 1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, ..., and the first path to end at a
 * verified equilibrium wins.
 *
 * Why: the length of the path from a given label is heavy-tailed on random games, and the
 * previous schedule (label 1 to max_pivots, then label 2, ...) paid max_pivots pivots for
 * every long path. Measured on the bench's random n x n games (ints 0..99, seeds 5000+): at
 * 200 x 200, of the first 40 labels of each of 4 games, about half ran past 3,000 pivots while
 * the shortest ended after 3 to 21; the path from label 1 of game 5002 ran past the
 * 100,000-pivot limit with every basis along it feasible and no pair of bases repeating (a
 * genuine path, not numerical trouble or cycling), and at 400 x 400 and 800 x 800 label 1 did
 * the same on most games: 30 s at 800 x 800 spent on one path. The cure is the schedule, not
 * the arithmetic. Luby's sequence is within a logarithmic factor of the best fixed budget for
 * every distribution of path lengths, without knowing it; replayed on the 200 x 200 label
 * data above it costs 440-1,360 pivots per game, where label 1 alone costs 157 to over
 * 100,000.
 *
 * Details: deterministic (no timing enters). Run 1 is label opts->lh_label (default 1) with
 * b0 pivots, so a game whose path from it ends within b0 pivots (every small game) gets the
 * answer it always got. A label whose path fails for good (max_pivots, a numerical failure, an
 * equilibrium that fails its check) is skipped from then on; when every label has, the last
 * failure is returned. One walk (two tableaus) in memory; runs restart from (0, 0).
 */
#include <stdio.h>
#include <string.h>

#include "bimatrix/lh_internal.h"

/* Pivots of the first run: about the shortest paths of the bench's random games (3-57 at
 * 200 x 200 and 400 x 400). */
static size_t first_budget(size_t m, size_t n)
{
    return 8 + (m + n) / 16;
}

/* Luby's sequence, 1-based: 1, 1, 2, 1, 1, 2, 4, ... */
static size_t luby(size_t j)
{
    for (;;) {
        unsigned k = 1;
        while (k < 63 && ((size_t)1 << k) - 1 < j)
            k++;
        if (j == ((size_t)1 << k) - 1)
            return (size_t)1 << (k - 1);
        j -= ((size_t)1 << (k - 1)) - 1;
    }
}

typedef struct lh_one {
    size_t m, n, nl;
    const double *A, *B;
    mpol_bimatrix_opts o;
    mpol_i_lh_walk w;
    unsigned char *dead; /* nl: the label's path has failed for good */
    size_t *order;       /* nl: the labels (0-based) in the order the runs take them */
    double *coords;      /* m + n: the candidate's x and y */
    uint64_t *bases;     /* 2 * words: its bases */
    size_t pivots;       /* over all runs */
    char last_msg[256];
    mpol_bimatrix_result *failed; /* the last failure's result (MPOL_EVERIFY), if any */
} lh_one;

/* The equilibrium where the walk ended, built and checked into *out. */
static mpol_status finish(lh_one *L, mpol_bimatrix_result **out)
{
    size_t words = (L->nl + 63) / 64, label = L->w.k0 + 1;
    mpol_i_bmx_cand c;
    memset(&c, 0, sizeof c);
    c.x = L->coords;
    c.y = L->coords + L->m;
    c.xbasis = L->bases;
    c.ybasis = L->bases + words;
    c.labels = &label;
    c.nlabels = 1;
    mpol_status st = mpol_i_lh_walk_cand(&L->w, L->n, &c);
    if (st != MPOL_OK)
        return st;
    return mpol_i_bmx_build_result(out, L->m, L->n, L->A, L->B, &L->o, &c, 1, 0);
}

/* One run of label @p k (0-based) for @p budget pivots: MPOL_OK with *out set (won) or not
 * (out of budget), a recorded failure (the label is dead), or a hard error. */
static mpol_status run_label(lh_one *L, size_t k, size_t budget, mpol_bimatrix_result **out)
{
    int ended = 0;
    mpol_i_lh_walk_start(&L->w, k);
    mpol_status st = mpol_i_lh_walk_run(&L->w, budget, L->o.max_pivots, &ended);
    L->pivots += L->w.steps;
    if (st == MPOL_OK && !ended)
        return MPOL_OK;
    mpol_bimatrix_result *res = NULL;
    if (st == MPOL_OK && (st = finish(L, &res)) == MPOL_OK) {
        *out = res;
        return MPOL_OK;
    }
    if (st != MPOL_ELIMIT && st != MPOL_ENUMERIC && st != MPOL_EVERIFY) {
        mpol_bimatrix_result_free(res);
        return st;
    }
    L->dead[k] = 1;
    snprintf(L->last_msg, sizeof L->last_msg, "%s", mpol_last_error());
    mpol_bimatrix_result_free(L->failed);
    L->failed = res; /* NULL unless MPOL_EVERIFY with a result */
    return st;
}

/*
 * The order of the labels: opts->lh_label first, then the labels whose path provably ends
 * after two pivots, then the others, each group cyclically from the first label. From
 * (0, 0), label i (a row) lets x_i enter P, whose minimum ratio is at a column j maximising
 * B[i][.], the lexicographic rule taking the last such j (the basis inverse is the identity,
 * so of two tied rows the later one is lexicographically smaller); y_j then enters Q and the
 * slack of the last row i' maximising A[.][j] leaves: the path ends iff i' = i, at the pure
 * equilibrium (i, j). The same for a column label. Random games with ties in the payoffs
 * (ints 0..99 at n = 800: about 8 rows share each column's maximum) often have such a pair;
 * the order only decides which labels run first, every answer is still a Lemke–Howson path.
 */
static mpol_status label_order(lh_one *L, size_t start)
{
    size_t m = L->m, n = L->n, nl = L->nl, *best = mpol_malloc(nl * sizeof(size_t));
    unsigned char *fast = mpol_calloc(nl, 1);
    if (best == NULL || fast == NULL) {
        mpol_free(best);
        mpol_free(fast);
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_one: out of memory");
    }
    for (size_t i = 0; i < m; i++) /* best[i]: the last column maximising B[i][.] */
        for (size_t j = 0; j < n; j++)
            if (j == 0 || L->B[i * n + j] >= L->B[i * n + best[i]])
                best[i] = j;
    for (size_t j = 0; j < n; j++) /* best[m + j]: the last row maximising A[.][j] */
        for (size_t i = 0; i < m; i++)
            if (i == 0 || L->A[i * n + j] >= L->A[best[m + j] * n + j])
                best[m + j] = i;
    for (size_t i = 0; i < m; i++)
        fast[i] = best[m + best[i]] == i;
    for (size_t j = 0; j < n; j++)
        fast[m + j] = best[best[m + j]] == j;
    size_t c = 0;
    L->order[c++] = start;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t t = 1; t < nl; t++)
            if (fast[(start + t) % nl] == pass)
                L->order[c++] = (start + t) % nl;
    mpol_free(best);
    mpol_free(fast);
    return MPOL_OK;
}

/* The runs until one wins (MPOL_OK, *out set) or every label is dead (the last failure). */
static mpol_status schedule(lh_one *L, mpol_bimatrix_result **out)
{
    size_t b0 = first_budget(L->m, L->n), p = 0, alive = L->nl;
    mpol_status last = MPOL_ELIMIT;
    for (size_t j = 1; alive > 0; j++) {
        size_t f = luby(j);
        size_t budget = b0 <= SIZE_MAX / f ? b0 * f : SIZE_MAX;
        while (L->dead[L->order[p]])
            p = (p + 1) % L->nl;
        mpol_status st = run_label(L, L->order[p], budget, out);
        if (*out != NULL)
            return MPOL_OK;
        if (st == MPOL_ELIMIT || st == MPOL_ENUMERIC || st == MPOL_EVERIFY) {
            last = st;
            alive--;
        } else if (st != MPOL_OK) {
            return st;
        }
        p = (p + 1) % L->nl;
    }
    return last;
}

mpol_status mpol_bimatrix_one(mpol_bimatrix_result **out, size_t m, size_t n, const double *A,
                              const double *B, const mpol_bimatrix_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_one: out is NULL");
    *out = NULL;
    lh_one *L = mpol_calloc(1, sizeof *L);
    if (L == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_one: out of memory");
    L->w.owns_orig = 1; /* a zeroed walk frees nothing */
    if (opts == NULL)
        mpol_bimatrix_opts_init(&L->o);
    else
        L->o = *opts;
    mpol_status st = mpol_i_bmx_check_input("mpol_bimatrix_one", m, n, A, B, &L->o);
    if (st != MPOL_OK)
        goto done;
    L->m = m;
    L->n = n;
    L->nl = m + n;
    L->A = A;
    L->B = B;
    L->coords = mpol_malloc((m + n) * sizeof(double));
    L->bases = mpol_calloc(2 * ((m + n + 63) / 64), sizeof(uint64_t));
    L->dead = mpol_calloc(m + n, 1);
    L->order = mpol_malloc((m + n) * sizeof(size_t));
    if (L->coords == NULL || L->bases == NULL || L->dead == NULL || L->order == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_one: out of memory");
        goto done;
    }
    if ((st = mpol_i_lh_walk_alloc(&L->w, m, n, A, B, NULL)) != MPOL_OK)
        goto done;
    L->w.threads = mpol_i_lh_threads(L->o.threads);
    if ((st = label_order(L, L->o.lh_label ? L->o.lh_label - 1 : 0)) != MPOL_OK)
        goto done;
    st = schedule(L, out);
    if (*out != NULL) {
        (*out)->pivots = L->pivots;
    } else if (st == MPOL_ELIMIT || st == MPOL_ENUMERIC || st == MPOL_EVERIFY) {
        *out = L->failed; /* the last failure's result (MPOL_EVERIFY), or NULL */
        L->failed = NULL;
        st = mpol_error(st,
                        "mpol_bimatrix_one: no starting label reached a verified equilibrium "
                        "within %zu pivots (opts.max_pivots); last failure: %s",
                        L->o.max_pivots, L->last_msg);
    }
done:
    mpol_i_lh_walk_free(&L->w);
    mpol_bimatrix_result_free(L->failed);
    mpol_free(L->coords);
    mpol_free(L->bases);
    mpol_free(L->dead);
    mpol_free(L->order);
    mpol_free(L);
    return st;
}
