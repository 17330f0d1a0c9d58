/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements reading a Gambit .efg file natively into a game tree (mpol_tree),
 * with no strategic-form expansion: the file is parsed by the one grammar walk of
 * efg_parse.c and its nodes, information sets and outcomes become the tree's.
 *
 * What is kept: the title, the players (Gambit's label normalisation), the nodes in the
 * file's prefix order (the tree's node numbers are the file's node order, so a parent
 * precedes its children), node labels (an empty label becomes NULL), the information sets
 * in order of first appearance with their labels and action names (normalised, below), chance
 * probabilities. Outcomes are not kept as such: Gambit attaches them to any node, inner
 * nodes included, and one outcome number may be used at many nodes; the payoff of a
 * terminal node is the sum of the outcomes on its path from the root (the rule Gambit and
 * the strategic-form route use). Outcome labels, Gambit's information set numbers and the
 * file's comment are not kept.
 *
 * Exactness: when every number of the file fits 64-bit rationals and no accumulated payoff
 * overflows, the tree gets exact payoffs and chance probabilities, and its doubles are the
 * correctly rounded values of those rationals (rat_double), so that a tree written with
 * mpol_tree_write_efg() reads back bit for bit. Otherwise the doubles are the file's,
 * accumulated in double, and the tree has no exact values.
 *
 * Action names: the tree needs distinct names within a set, Gambit does not (5 files of its
 * collection repeat one, e.g. chance actions all named "1/2"); each set's names get
 * Gambit's label normalisation (mpol_i_gbt_normalize_labels: "" -> "_1", "_2", ...;
 * "x", "x" -> "x_1", "x_2"), as the players' names do. The tree's own checks (perfect
 * recall, mpol_tree_finalize) are reported prefixed with the file name.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/efg_internal.h"
#include "multipolar/efg.h"
#include "multipolar/tree.h"

/* Reports a failure of the tree builder as "NAME: message" (the builder's "tree: " dropped). */
static mpol_status tree_fail(const efg_parse *ps, mpol_status st)
{
    if (st == MPOL_ENOMEM)
        return st;
    char msg[512];
    const char *m = mpol_last_error();
    if (m == NULL)
        m = "";
    if (strncmp(m, "tree: ", 6) == 0)
        m += 6;
    snprintf(msg, sizeof msg, "%s", m);
    return mpol_error(st, "%s: %s", ps->lx.name, msg);
}

/* 128-bit integers (GCC and clang), for rat_double. */
__extension__ typedef unsigned __int128 u128;

/* The correctly rounded double of @p r (mpol_rational_to_double rounds num and den first):
 * the quotient scaled to 63-64 bits in 128-bit integers, the remainder folded into its
 * lowest bit as a sticky bit, one rounding by the conversion, an exact scaling. Used for
 * exact trees, so that a written file (a rational, or a shortest decimal that reads back as
 * one) reads back to the same double. */
static double rat_double(mpol_rational r)
{
    if (r.num == 0 || r.den <= 0)
        return r.den > 0 ? 0.0 : NAN;
    int neg = r.num < 0;
    u128 n = neg ? (u128)(-(r.num + 1)) + 1 : (u128)r.num;
    u128 d = (u128)r.den;
    int bn = 0, bd = 0;
    for (u128 x = n; x != 0; x >>= 1)
        bn++;
    for (u128 x = d; x != 0; x >>= 1)
        bd++;
    int s = 63 - (bn - bd); /* 1 .. 126: n << s < 2^(63 + bd) <= 2^127 */
    u128 num = n << s;
    uint64_t q = (uint64_t)(num / d);
    if (num % d != 0)
        q |= 1; /* q has at least 62 bits: bit 0 lies below the rounding position */
    double v = ldexp((double)q, -s);
    return neg ? -v : v;
}

/* Scratch space of the information sets: chance probabilities. */
typedef struct iset_scratch {
    double *probs;
} iset_scratch;

/* Adds parsed set @p i to the tree; its action names are normalised first, in place
 * (Gambit's rule: empty and repeated names get "_k" suffixes). */
static mpol_status add_iset(mpol_tree *t, efg_parse *ps, size_t i, int exact, iset_scratch *sc)
{
    efg_infoset *h = &ps->isets[i];
    mpol_status st = mpol_i_gbt_normalize_labels(h->actions, h->nact);
    if (st != MPOL_OK)
        return st;
    const double *probs = NULL;
    if (h->player == 0) {
        for (size_t a = 0; a < h->nact; a++)
            sc->probs[a] = exact ? rat_double(h->prob[a]) : h->dprob[a];
        probs = sc->probs;
    }
    size_t id;
    st = mpol_tree_add_infoset(&id, t, h->player == 0 ? MPOL_TREE_CHANCE : h->player - 1, h->nact,
                               (const char *const *)h->actions, probs,
                               h->label[0] != '\0' ? h->label : NULL);
    if (st != MPOL_OK)
        return tree_fail(ps, st);
    if (exact && h->player == 0 && (st = mpol_tree_set_exact_probs(t, id, h->prob)) != MPOL_OK)
        return tree_fail(ps, st);
    return MPOL_OK;
}

/* The path sums of the walk: one frame per node on the path from the root. */
typedef struct path_frame {
    size_t node;
} path_frame;

typedef struct path_stack {
    path_frame *fr;
    double *d;        /* depth * np accumulated doubles */
    mpol_rational *r; /* depth * np accumulated rationals */
    size_t depth, fcap, dcap, rcap;
} path_stack;

/* Walks the nodes in prefix order, accumulating the outcomes along each path. Pass 1
 * (@p t NULL, @p rational 1) only sets *exact_ok to 0 when a rational sum overflows;
 * pass 2 adds the nodes to @p t with terminal payoffs from the rational sums when
 * @p rational, else from the double sums. */
static mpol_status walk(const efg_parse *ps, const size_t *parent, int rational, mpol_tree *t,
                        int *exact_ok)
{
    size_t np = ps->np;
    path_stack s;
    memset(&s, 0, sizeof s);
    double *pay = mpol_malloc(np * sizeof *pay);
    mpol_rational *rpay = mpol_malloc(np * sizeof *rpay);
    mpol_status st = MPOL_OK;
    if (pay == NULL || rpay == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    for (size_t n = 0; n < ps->nnodes; n++) {
        while (s.depth > 0 && s.fr[s.depth - 1].node != parent[n])
            s.depth--;
        size_t k = s.depth;
        if ((st = mpol_i_efg_grow((void **)&s.fr, &s.fcap, k + 1, sizeof *s.fr)) != MPOL_OK ||
            (st = mpol_i_efg_grow((void **)&s.d, &s.dcap, (k + 1) * np, sizeof *s.d)) != MPOL_OK ||
            (rational &&
             (st = mpol_i_efg_grow((void **)&s.r, &s.rcap, (k + 1) * np, sizeof *s.r)) != MPOL_OK))
            goto done;
        double *d = s.d + k * np;
        mpol_rational *r = rational ? s.r + k * np : NULL;
        for (size_t p = 0; p < np; p++) {
            d[p] = k > 0 ? s.d[(k - 1) * np + p] : 0.0;
            if (r != NULL)
                r[p] = k > 0 ? s.r[(k - 1) * np + p] : (mpol_rational){0, 1};
        }
        const efg_node *node = &ps->nodes[n];
        if (node->outcome != 0) {
            const efg_outcome *o = &ps->outs[node->outcome - 1];
            for (size_t p = 0; p < np; p++) {
                d[p] += o->d[p];
                if (r != NULL && !mpol_i_efg_rat_add(&r[p], r[p], o->r[p])) {
                    *exact_ok = 0;
                    if (t == NULL)
                        goto done;
                }
            }
        }
        s.fr[k].node = n;
        s.depth = k + 1;
        if (t == NULL)
            continue;
        size_t pnode = n == 0 ? MPOL_TREE_NONE : parent[n], id;
        const double *payoffs = NULL;
        if (node->kind == NODE_TERMINAL) {
            for (size_t p = 0; p < np; p++) {
                pay[p] = rational ? rat_double(r[p]) : d[p];
                if (!isfinite(pay[p])) {
                    st = mpol_error(MPOL_ENUMERIC,
                                    "%s: the payoff of player %zu at terminal node %zu (the "
                                    "sum of the outcomes on its path) is out of double range",
                                    ps->lx.name, p + 1, n + 1);
                    goto done;
                }
            }
            payoffs = pay;
        }
        st = mpol_tree_add_node(&id, t, pnode,
                                node->kind == NODE_TERMINAL ? MPOL_TREE_NONE : node->infoset,
                                payoffs, node->label);
        if (st == MPOL_OK && rational && node->kind == NODE_TERMINAL) {
            for (size_t p = 0; p < np; p++)
                rpay[p] = r[p];
            st = mpol_tree_set_exact_payoff(t, id, rpay);
        }
        if (st != MPOL_OK) {
            st = tree_fail(ps, st);
            goto done;
        }
    }
done:
    mpol_free(s.fr);
    mpol_free(s.d);
    mpol_free(s.r);
    mpol_free(pay);
    mpol_free(rpay);
    return st;
}

/* Builds the finalised tree of a parsed file. */
static mpol_status build_tree(mpol_tree **out, efg_parse *ps)
{
    size_t maxact = 1;
    for (size_t i = 0; i < ps->nisets; i++)
        if (ps->isets[i].nact > maxact)
            maxact = ps->isets[i].nact;
    iset_scratch sc;
    sc.probs = mpol_malloc(maxact * sizeof *sc.probs);
    size_t *parent = mpol_malloc(ps->nnodes * sizeof *parent);
    mpol_tree *t = NULL;
    mpol_status st = MPOL_OK;
    if (sc.probs == NULL || parent == NULL) {
        st = mpol_i_efg_nomem();
        goto done;
    }
    parent[0] = MPOL_TREE_NONE;
    for (size_t n = 0; n < ps->nnodes; n++)
        for (size_t a = 0, nch = mpol_i_efg_nchildren(ps, n); a < nch; a++)
            parent[ps->children[ps->nodes[n].child0 + a]] = n;
    int exact = ps->exact_ok;
    if (exact && (st = walk(ps, parent, 1, NULL, &exact)) != MPOL_OK)
        goto done;
    if ((st = mpol_tree_alloc(&t, ps->np, (const char *const *)ps->players)) != MPOL_OK ||
        (st = mpol_tree_set_title(t, ps->title)) != MPOL_OK) {
        st = tree_fail(ps, st);
        goto done;
    }
    for (size_t i = 0; i < ps->nisets; i++)
        if ((st = add_iset(t, ps, i, exact, &sc)) != MPOL_OK)
            goto done;
    if ((st = walk(ps, parent, exact, t, &exact)) != MPOL_OK)
        goto done;
    if ((st = mpol_tree_finalize(t)) != MPOL_OK) {
        st = tree_fail(ps, st);
        goto done;
    }
    *out = t;
    t = NULL;
done:
    mpol_tree_free(t);
    mpol_free(sc.probs);
    mpol_free(parent);
    return st;
}

/* Prepares @p ps for the tree route. */
static void begin(efg_parse *ps)
{
    memset(ps, 0, sizeof *ps);
    mpol_efg_opts_init(&ps->opts);
    ps->exact_ok = 1;
    ps->keep_labels = 1;
    size_t cells = mpol_limit_get(MPOL_LIMIT_MODEL_CELLS);
    ps->max_nodes = cells < MPOL_TREE_MAX_NODES ? cells : MPOL_TREE_MAX_NODES;
    if (ps->max_nodes == 0)
        ps->max_nodes = 1;
}

static mpol_status finish(mpol_tree **out, efg_parse *ps, mpol_status st)
{
    if (st == MPOL_OK)
        st = build_tree(out, ps);
    mpol_i_efg_parse_free(ps);
    return st;
}

mpol_status mpol_efg_read_tree_string(mpol_tree **out, const char *text, size_t len,
                                      const char *name)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_tree_string: NULL argument");
    *out = NULL;
    if (text == NULL && len > 0)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_tree_string: NULL argument");
    efg_parse ps;
    begin(&ps);
    return finish(out, &ps, mpol_i_efg_parse_input(&ps, NULL, 0, text, len, name));
}

mpol_status mpol_efg_read_tree_file(mpol_tree **out, const char *path)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_tree_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_tree_file: NULL argument");
    efg_parse ps;
    begin(&ps);
    return finish(out, &ps, mpol_i_efg_parse_file(&ps, path));
}
