/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reduced strategic form of a finalised tree (Kuhn 1953; von Stengel 1996), built as
 * the .efg reader (solver/src/io/efg.c) builds it from a file, so that both routes give the
 * same game: strategies counted first (perfect recall: N(h) = sum over h's actions of the
 * product of N over the sets that follow the action; a player's count is the product over
 * the sets at the player's empty sequence), refused before anything is allocated when the
 * profiles exceed the cap, then enumerated per player by a depth-first walk of what the
 * partial plan reaches (others' and chance nodes: every child, in order; the player's set
 * already decided: its action; a set met for the first time: a branch over its actions,
 * the first-met set varying slowest), labelled with the 1-based actions at the player's
 * sets in the order of their first node in a depth-first walk ('*' where excluded).
 * Payoffs: for each profile, the sum over terminals whose every player's sequence is in
 * the player's plan of chance reach x payoff, exactly in GMP when the tree is exact (kept
 * when every sum fits 64-bit rationals).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "multipolar/tree.h"
#include "tree_internal.h"
#include "tree_lemke_internal.h"

#define NONE MPOL_TREE_NONE
/* Most plan entries per player (each an int while enumerating). */
#define MPOL_I_TREE_REDUCE_MAX_ENTRIES ((size_t)1 << 27)
/* Most (profile, terminal) pairs the payoffs may visit (seconds). */
#define MPOL_I_TREE_REDUCE_MAX_VISITS ((size_t)1 << 31)

static size_t sat_mul(size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

void mpol_tree_plans_free(mpol_tree_plans *pl)
{
    if (pl == NULL)
        return;
    if (pl->plan != NULL)
        for (size_t p = 0; p < pl->nplayers; p++)
            mpol_free(pl->plan[p]);
    mpol_free(pl->plan);
    mpol_free(pl->nstrategies);
    mpol_free(pl->nseq);
    mpol_free(pl);
}

typedef struct reduce_ws {
    const mpol_tree *t;
    size_t *pre;   /* nnodes: nodes in depth-first order */
    size_t *pidx;  /* ninfosets: index of a set among its player's, by first node in pre */
    size_t *nsets; /* nplayers */
    size_t *count; /* nplayers: reduced strategies */
    int **plans;   /* plans[p]: count[p] * max(nsets[p], 1) action indices (-1: excluded) */
} reduce_ws;

static void ws_free(reduce_ws *w)
{
    if (w->plans != NULL)
        for (size_t p = 0; p < w->t->nplayers; p++)
            mpol_free(w->plans[p]);
    mpol_free(w->plans);
    mpol_free(w->pre);
    mpol_free(w->pidx);
    mpol_free(w->nsets);
    mpol_free(w->count);
}

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory for the reduced strategic form");
}

/* Depth-first order of the nodes (children in action order) and the sets' indices. */
static mpol_status preorder(reduce_ws *w)
{
    const mpol_tree *t = w->t;
    size_t *stack = mpol_malloc(t->nnodes * sizeof *stack), ns = 0, k = 0;
    if (stack == NULL)
        return nomem();
    for (size_t h = 0; h < t->ninfosets; h++)
        w->pidx[h] = NONE;
    for (size_t p = 0; p < t->nplayers; p++)
        w->nsets[p] = 0;
    stack[ns++] = 0;
    while (ns > 0) {
        size_t n = stack[--ns];
        w->pre[k++] = n;
        if (t->type[n] == MPOL_TREE_TERMINAL)
            continue;
        size_t h = t->infoset[n];
        if (t->iset_player[h] != MPOL_TREE_CHANCE && w->pidx[h] == NONE)
            w->pidx[h] = w->nsets[t->iset_player[h]]++;
        for (size_t c = t->child_off[n + 1]; c-- > t->child_off[n];)
            stack[ns++] = t->child[c];
    }
    mpol_free(stack);
    return MPOL_OK;
}

/* The reduced strategies of each player, counted over the sets (saturated at SIZE_MAX). */
static mpol_status count_all(reduce_ws *w)
{
    const mpol_tree *t = w->t;
    size_t tot = 0;
    for (size_t p = 0; p < t->nplayers; p++)
        tot += t->nseq[p];
    size_t *prod = mpol_malloc(tot * sizeof *prod), *off = mpol_malloc(t->nplayers * sizeof *off);
    size_t *sets = mpol_malloc((t->ninfosets + 1) * sizeof *sets);
    if (prod == NULL || off == NULL || sets == NULL) {
        mpol_free(prod);
        mpol_free(off);
        mpol_free(sets);
        return nomem();
    }
    for (size_t p = 0, o = 0; p < t->nplayers; p++) {
        off[p] = o;
        o += t->nseq[p];
    }
    for (size_t i = 0; i < tot; i++)
        prod[i] = 1;
    for (size_t p = 0; p < t->nplayers; p++) {
        size_t ns = 0;
        mpol_i_tree_player_sets(sets, &ns, t, p);
        size_t *pp = prod + off[p];
        for (size_t k = ns; k-- > 0;) { /* the sets after a sequence come later */
            size_t h = sets[k], n = 0;
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
                n = sat_add(n, pp[t->action_seq[a]]);
            pp[t->iset_seq[h]] = sat_mul(pp[t->iset_seq[h]], n);
        }
        w->count[p] = pp[0];
    }
    mpol_free(prod);
    mpol_free(off);
    mpol_free(sets);
    return MPOL_OK;
}

typedef struct branch {
    size_t h, node, a, snap, nsnap;
} branch;

/* Enumerates player p's reduced strategies in the .efg reader's order. */
static mpol_status enumerate_player(reduce_ws *w, size_t p)
{
    const mpol_tree *t = w->t;
    size_t ni = w->nsets[p], row = ni ? ni : 1, nn = t->nnodes, count = 0;
    mpol_status st = MPOL_OK;
    /* the worklist holds each node at most once; one frame per decided set; the arena
     * holds one worklist snapshot per frame and grows as needed */
    size_t *work = mpol_malloc(nn * sizeof *work), nwork = 0;
    size_t acap = nn, *arena = mpol_malloc(acap * sizeof *arena), narena = 0;
    branch *fr = mpol_malloc((ni + 1) * sizeof *fr);
    size_t nfr = 0;
    int *act = mpol_malloc(row * sizeof *act);
    int *plans = mpol_malloc(w->count[p] * row * sizeof *plans);
    if (work == NULL || arena == NULL || fr == NULL || act == NULL || plans == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t k = 0; k < row; k++)
        act[k] = -1;
    work[nwork++] = 0;
    for (;;) {
        while (nwork > 0) {
            size_t n = work[--nwork];
            if (t->type[n] == MPOL_TREE_TERMINAL)
                continue;
            size_t h = t->infoset[n], c0 = t->child_off[n];
            if (t->iset_player[h] != p) {
                for (size_t c = t->child_off[n + 1]; c-- > c0;)
                    work[nwork++] = t->child[c];
                continue;
            }
            size_t k = w->pidx[h];
            if (act[k] >= 0) {
                work[nwork++] = t->child[c0 + (size_t)act[k]];
                continue;
            }
            if (narena + nwork > acap) {
                size_t cap = acap;
                while (cap < narena + nwork)
                    cap *= 2;
                size_t *na = mpol_realloc(arena, cap * sizeof *arena);
                if (na == NULL) {
                    st = nomem();
                    goto done;
                }
                arena = na;
                acap = cap;
            }
            if (nwork > 0)
                memcpy(arena + narena, work, nwork * sizeof *work);
            fr[nfr++] = (branch){k, n, 0, narena, nwork};
            narena += nwork;
            act[k] = 0;
            work[nwork++] = t->child[c0];
        }
        if (count >= w->count[p]) {
            st = mpol_error(MPOL_EVERIFY,
                            "tree: internal error: player '%s' has more reduced strategies "
                            "than the %zu counted",
                            t->players[p], w->count[p]);
            goto done;
        }
        memcpy(plans + count * row, act, row * sizeof *act);
        count++;
        for (;;) {
            if (nfr == 0)
                goto finished;
            branch *f = &fr[nfr - 1];
            size_t h = t->infoset[f->node];
            if (++f->a < t->iset_action_off[h + 1] - t->iset_action_off[h]) {
                act[f->h] = (int)f->a;
                if (f->nsnap > 0)
                    memcpy(work, arena + f->snap, f->nsnap * sizeof *work);
                nwork = f->nsnap;
                work[nwork++] = t->child[t->child_off[f->node] + f->a];
                break;
            }
            act[f->h] = -1;
            narena = f->snap;
            nfr--;
        }
    }
finished:
    if (count != w->count[p]) {
        st = mpol_error(MPOL_EVERIFY,
                        "tree: internal error: player '%s' has %zu reduced strategies, %zu "
                        "counted",
                        t->players[p], count, w->count[p]);
        goto done;
    }
    w->plans[p] = plans;
    plans = NULL;
done:
    mpol_free(work);
    mpol_free(arena);
    mpol_free(fr);
    mpol_free(act);
    mpol_free(plans);
    return st;
}

static char *strategy_label(const int *plan, size_t ni)
{
    size_t cap = ni * 12 + 2, len = 0;
    char *s = mpol_malloc(cap);
    if (s == NULL)
        return NULL;
    if (ni == 0) {
        strcpy(s, "*");
        return s;
    }
    for (size_t h = 0; h < ni; h++) {
        if (plan[h] < 0)
            s[len++] = '*';
        else
            len += (size_t)snprintf(s + len, cap - len, "%d", plan[h] + 1);
    }
    s[len] = '\0';
    return s;
}

static int fits64(const mpz_t z)
{
    return mpz_sizeinbase(z, 2) <= 62;
}

/* Payoffs of every profile; exact ones when the tree is exact and they fit. */
static mpol_status payoffs(mpol_game *g, const mpol_tree_plans *pl, const mpol_tree *t)
{
    size_t np = t->nplayers;
    mpol_status st = MPOL_OK;
    size_t *prof = mpol_malloc(np * sizeof *prof);
    mpol_i_tree_xdata *xd = NULL;
    mpq_t *acc = NULL;
    int exact = t->payoff_exact != NULL;
    if (prof == NULL)
        return nomem();
    if (exact) {
        if ((st = mpol_i_tree_xdata_new(&xd, t)) != MPOL_OK)
            goto done;
        if ((st = mpol_game_alloc_exact(g)) != MPOL_OK)
            goto done;
        acc = mpol_malloc(np * sizeof *acc);
        if (acc == NULL) {
            st = nomem();
            goto done;
        }
        for (size_t p = 0; p < np; p++)
            mpq_init(acc[p]);
    }
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        double *pay = g->payoff + c * np;
        for (size_t p = 0; p < np; p++) {
            pay[p] = 0.0;
            if (exact)
                mpq_set_ui(acc[p], 0, 1);
        }
        size_t k = 0; /* index into xd's terminals (the positive-reach ones, increasing) */
        for (size_t n = 0; n < t->nnodes; n++) {
            if (t->type[n] != MPOL_TREE_TERMINAL)
                continue;
            int in = 1;
            for (size_t q = 0; q < np && in; q++)
                in = pl->plan[q][prof[q] * pl->nseq[q] + t->node_seq[n * np + q]];
            int listed = exact && k < xd->nterm && xd->term[k] == n;
            if (in)
                for (size_t p = 0; p < np; p++) {
                    pay[p] += t->chance_reach[n] * t->payoff[n * np + p];
                    if (listed) {
                        mpq_t v;
                        mpq_init(v);
                        mpq_mul(v, xd->reach[k], xd->pay[k * np + p]);
                        mpq_add(acc[p], acc[p], v);
                        mpq_clear(v);
                    }
                }
            if (listed)
                k++;
        }
        if (exact)
            for (size_t p = 0; p < np && exact; p++) {
                if (!fits64(mpq_numref(acc[p])) || !fits64(mpq_denref(acc[p]))) {
                    exact = 0;
                    mpol_free(g->exact);
                    g->exact = NULL;
                    break;
                }
                g->exact[c * np + p] = (mpol_rational){(int64_t)mpz_get_si(mpq_numref(acc[p])),
                                                       (int64_t)mpz_get_si(mpq_denref(acc[p]))};
            }
    }
done:
    if (acc != NULL)
        for (size_t p = 0; p < np; p++)
            mpq_clear(acc[p]);
    mpol_free(acc);
    mpol_i_tree_xdata_free(xd, t);
    mpol_free(prof);
    return st;
}

mpol_status mpol_tree_reduced_game(mpol_game **out, mpol_tree_plans **plans, const mpol_tree *t,
                                   size_t max_cells)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (plans != NULL)
        *plans = NULL;
    if (t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL tree");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: not finalised");
    if (max_cells == 0)
        max_cells = MPOL_TREE_MAX_CELLS;
    size_t np = t->nplayers;
    reduce_ws w;
    memset(&w, 0, sizeof w);
    w.t = t;
    mpol_status st = MPOL_OK;
    mpol_game *g = NULL;
    mpol_tree_plans *pl = NULL;
    w.pre = mpol_malloc(t->nnodes * sizeof *w.pre);
    w.pidx = mpol_malloc((t->ninfosets + 1) * sizeof *w.pidx);
    w.nsets = mpol_calloc(np, sizeof *w.nsets);
    w.count = mpol_calloc(np, sizeof *w.count);
    w.plans = mpol_calloc(np, sizeof *w.plans);
    if (w.pre == NULL || w.pidx == NULL || w.nsets == NULL || w.count == NULL || w.plans == NULL) {
        st = nomem();
        goto done;
    }
    if ((st = preorder(&w)) != MPOL_OK || (st = count_all(&w)) != MPOL_OK)
        goto done;
    size_t cells = 1;
    for (size_t p = 0; p < np; p++)
        cells = sat_mul(cells, w.count[p]);
    if (cells > max_cells) {
        char dims[256], total[32];
        size_t len = 0;
        dims[0] = '\0';
        for (size_t p = 0; p < np && len + 24 < sizeof dims; p++) {
            if (w.count[p] == SIZE_MAX)
                len += (size_t)snprintf(dims + len, sizeof dims - len, "%s>=2^64", p ? "x" : "");
            else
                len += (size_t)snprintf(dims + len, sizeof dims - len, "%s%zu", p ? "x" : "",
                                        w.count[p]);
        }
        if (cells == SIZE_MAX)
            snprintf(total, sizeof total, "at least 2^64");
        else
            snprintf(total, sizeof total, "%zu", cells);
        st = mpol_error(MPOL_ELIMIT,
                        "tree: the reduced strategic form %s has more than %zu strategy "
                        "profiles (%s, counted before enumerating); refused",
                        dims, max_cells, total);
        goto done;
    }
    size_t nterm = 0;
    for (size_t n = 0; n < t->nnodes; n++)
        nterm += t->type[n] == MPOL_TREE_TERMINAL;
    if (sat_mul(cells, nterm) > MPOL_I_TREE_REDUCE_MAX_VISITS) {
        st = mpol_error(MPOL_ELIMIT,
                        "tree: the payoffs of the reduced strategic form need %zu profiles x "
                        "%zu terminals, more than %zu terminal visits; refused",
                        cells, nterm, MPOL_I_TREE_REDUCE_MAX_VISITS);
        goto done;
    }
    for (size_t p = 0; p < np; p++) {
        size_t row = w.nsets[p] > t->nseq[p] ? w.nsets[p] : t->nseq[p];
        if (w.count[p] > MPOL_I_TREE_REDUCE_MAX_ENTRIES / row) {
            st = mpol_error(MPOL_ELIMIT,
                            "tree: the %zu reduced strategies of player '%s' need %zu entries "
                            "each for their plans, more than %zu in all; refused",
                            w.count[p], t->players[p], row, MPOL_I_TREE_REDUCE_MAX_ENTRIES);
            goto done;
        }
    }
    for (size_t p = 0; p < np; p++)
        if ((st = enumerate_player(&w, p)) != MPOL_OK)
            goto done;
    pl = mpol_calloc(1, sizeof *pl);
    if (pl == NULL) {
        st = nomem();
        goto done;
    }
    pl->nplayers = np;
    pl->nstrategies = mpol_malloc(np * sizeof *pl->nstrategies);
    pl->nseq = mpol_malloc(np * sizeof *pl->nseq);
    pl->plan = mpol_calloc(np, sizeof *pl->plan);
    if (pl->nstrategies == NULL || pl->nseq == NULL || pl->plan == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t p = 0; p < np; p++) {
        size_t ns = t->nseq[p], row = w.nsets[p] ? w.nsets[p] : 1;
        pl->nstrategies[p] = w.count[p];
        pl->nseq[p] = ns;
        pl->plan[p] = mpol_calloc(w.count[p] * ns, 1);
        if (pl->plan[p] == NULL) {
            st = nomem();
            goto done;
        }
        for (size_t k = 0; k < w.count[p]; k++) {
            unsigned char *r = pl->plan[p] + k * ns;
            const int *a = w.plans[p] + k * row;
            r[0] = 1;
            for (size_t h = 0; h < t->ninfosets; h++)
                if (t->iset_player[h] == p && a[w.pidx[h]] >= 0)
                    r[t->action_seq[t->iset_action_off[h] + (size_t)a[w.pidx[h]]]] = 1;
        }
    }
    if ((st = mpol_game_alloc(&g, np, w.count)) != MPOL_OK)
        goto done;
    if ((st = mpol_game_set_title(g, t->title)) != MPOL_OK)
        goto done;
    for (size_t p = 0; p < np; p++) {
        if ((st = mpol_game_set_player_name(g, p, t->players[p])) != MPOL_OK)
            goto done;
        size_t row = w.nsets[p] ? w.nsets[p] : 1;
        for (size_t k = 0; k < w.count[p]; k++) {
            char *s = strategy_label(w.plans[p] + k * row, w.nsets[p]);
            if (s == NULL) {
                st = nomem();
                goto done;
            }
            mpol_free(g->strategy_names[p][k]);
            g->strategy_names[p][k] = s;
        }
    }
    if ((st = payoffs(g, pl, t)) != MPOL_OK)
        goto done;
done:
    ws_free(&w);
    if (st != MPOL_OK) {
        mpol_game_free(g);
        mpol_tree_plans_free(pl);
        return st;
    }
    *out = g;
    if (plans != NULL)
        *plans = pl;
    else
        mpol_tree_plans_free(pl);
    return MPOL_OK;
}

mpol_status mpol_tree_plans_behavior(double *out, const mpol_tree *t, const mpol_tree_plans *pl,
                                     const double *const *mixed)
{
    if (out == NULL || t == NULL || pl == NULL || mixed == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    if (!t->finalized || pl->nplayers != t->nplayers)
        return mpol_error(MPOL_EINVAL, "tree: the plans are not of this tree");
    size_t tot = 0;
    for (size_t p = 0; p < t->nplayers; p++) {
        if (pl->nseq[p] != t->nseq[p] || mixed[p] == NULL)
            return mpol_error(MPOL_EINVAL, "tree: the plans are not of this tree");
        tot += t->nseq[p];
    }
    double *r = mpol_calloc(tot ? tot : 1, sizeof *r);
    if (r == NULL)
        return nomem();
    for (size_t p = 0, o = 0; p < t->nplayers; o += t->nseq[p], p++)
        for (size_t k = 0; k < pl->nstrategies[p]; k++)
            for (size_t s = 0; s < t->nseq[p]; s++)
                if (pl->plan[p][k * t->nseq[p] + s])
                    r[o + s] += mixed[p][k];
    size_t *off = mpol_malloc(t->nplayers * sizeof *off);
    if (off == NULL) {
        mpol_free(r);
        return nomem();
    }
    for (size_t p = 0, o = 0; p < t->nplayers; o += t->nseq[p], p++)
        off[p] = o;
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1], p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE) {
            for (size_t a = a0; a < a1; a++)
                out[a] = t->action_prob[a];
            continue;
        }
        double par = r[off[p] + t->iset_seq[h]];
        for (size_t a = a0; a < a1; a++)
            out[a] = par > 0 ? r[off[p] + t->action_seq[a]] / par : 1.0 / (double)(a1 - a0);
    }
    mpol_free(off);
    mpol_free(r);
    return MPOL_OK;
}
