/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements reading Gambit .efg files (extensive-form games) and converting
 * them to their reduced strategic form, so that two-player trees can be solved as
 * bimatrix games.
 *
 * Grammar: Gambit's ("EFG 2 R|D title {players} [comment]", then the nodes in prefix
 * order: c "name" iset ["iset name" {"action" prob ...}] outcome ["name" {payoffs}],
 * p "name" player iset ["iset name" {"action" ...}] outcome [...], t "name" outcome [...]),
 * as read by Gambit's src/games/file.cc (Gambit 17.0.0-alpha.2; behaviour only, no code).
 * An information set or outcome is defined at its first use and may be restated
 * identically later; a bare reference to an undefined one is an error.
 *
 * Reduced strategic form (Kuhn 1953; the "reduced normal form" of e.g. von Stengel 1996,
 * GEB 14:220-246, Sec. 2): for a pure plan of player i, an information set of i is
 * RELEVANT if some node of it is reached when i follows the plan and every other player
 * and chance may take any action. A reduced strategy is an assignment of actions to the
 * relevant information sets of one plan; this is well defined with or without perfect
 * recall, because two plans that agree on the relevant sets of one reach the same nodes.
 * The strategies are enumerated as Gambit's GamePlayerRep::MakeReducedStrats does: a
 * depth-first walk of the reachable part of the tree in prefix order that branches over
 * the actions of each relevant information set when it is first met, so the strategy order
 * (the first-met set varies slowest) and the counts equal Gambit's.
 * Payoffs of a profile: the expected sum over the path of the outcomes attached to the
 * nodes (outcomes on non-terminal nodes accumulate), expectation over chance.
 *
 * The strategies are COUNTED before they are enumerated, so that a form above
 * max_profiles is refused up front (O(nodes)) instead of after listing max_profiles plans.
 * Under perfect recall every information set h' of player i has one parent sequence (the
 * last own information set h and action a on the path to each of its nodes, or none), the
 * sets form a forest, and the number of reduced strategies is the product over the roots
 * of N(h) = sum over actions a of prod over the children h' of (h, a) of N(h') (the count
 * of the reduced normal form in von Stengel 1996, Sec. 2, via the sequence form). One walk
 * of the tree finds each set's parent sequence; a player for whom two nodes of a set
 * disagree, or whose set follows itself (absentmindedness), lacks perfect recall and is
 * enumerated as before, under the limit left by the counted players. Sets with a single
 * action offer no choice and are skipped (transparent): Gambit's collection has such sets
 * reached by different own histories in games it calls perfect recall (holdout.efg). The counts are
 * saturating, the walk is charged to max_work, and every enumerated count is checked
 * against its up-front count (MPOL_EVERIFY on a mismatch, an internal error).
 *
 * Deviations from Gambit: node labels need not be unique (Gambit 17 refuses 8 of its own
 * files for that); nothing may follow the root's subtree ("expected end-of-file"); chance
 * probabilities must be non-negative and sum to 1 (exactly when representable); strategy
 * names are Gambit 16's (the 1-based action number at each of the player's information
 * sets in order of first appearance, '*' where the strategy leaves it open, "*" for a
 * player without information sets) rather than Gambit 17's running numbers; restated
 * outcomes and chance probabilities are compared by value, not by spelling.
 */
#include "multipolar/efg.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/name_index_internal.h"
#include "io/gambit_lex.h"

/* Largest relative error tolerated in the sum of inexact (double) chance probabilities. */
#define MPOL_EFG_PROB_TOL 1e-9

enum { NODE_CHANCE, NODE_PERSONAL, NODE_TERMINAL };

typedef struct efg_node {
    int kind;
    size_t infoset; /* index into infosets (not for terminal nodes) */
    size_t outcome; /* 0 = none, else 1 + index into outcomes */
    size_t child0;  /* index into children[] of the first child */
} efg_node;

typedef struct efg_infoset {
    size_t player; /* 0 = chance, 1..N */
    size_t number; /* the number in the file */
    size_t nact;
    size_t pindex; /* index among the player's information sets, in order of appearance */
    char *label;
    char **actions;
    mpol_rational *prob; /* chance only */
    double *dprob;
} efg_infoset;

typedef struct efg_outcome {
    size_t number;
    char *label;
    mpol_rational *r; /* N payoffs */
    double *d;
} efg_outcome;

typedef struct efg_parse {
    mpol_i_gbt_lexer lx;
    mpol_efg_opts opts;
    char *title, *comment;
    char **players;
    size_t np, pcap;
    efg_node *nodes;
    size_t nnodes, ncap;
    size_t *children;
    size_t nchildren, chcap;
    efg_infoset *isets;
    size_t nisets, icap;
    efg_outcome *outs;
    size_t nouts, ocap;
    mpol_i_key_index iset_map, out_map; /* Gambit numbers -> indices */
    size_t *nplayer_isets;              /* per player 1..N (index 0 = chance) */
    int exact_ok;
    /* Reduced strategies: plans[p] holds nstrat[p] rows of nplayer_isets[p] actions. */
    int **plans;
    size_t *nstrat;
    mpol_game *game;
} efg_parse;

/* ---------------------------------------------------------------------------------------- */
/* Small helpers                                                                             */

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_efg_read: out of memory");
}

/* Grows *arr (of *cap elements of size sz) to hold at least need elements. */
static mpol_status grow(void **arr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return MPOL_OK;
    size_t cap2 = *cap != 0 ? *cap : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *na = mpol_realloc(*arr, cap2 * sz);
    if (na == NULL)
        return nomem();
    *arr = na;
    *cap = cap2;
    return MPOL_OK;
}

/* Adds key -> val to a map where key is known to be absent (efg's own out-of-memory message). */
static mpol_status idmap_put(mpol_i_key_index *m, uint64_t key, size_t val)
{
    size_t prev;
    if (mpol_i_key_add(m, key, val, &prev) != MPOL_OK)
        return nomem();
    return MPOL_OK;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Exact rational arithmetic with overflow detection: 0 on overflow. */
static int rat_norm(mpol_rational *r, int64_t num, int64_t den)
{
    if (num == INT64_MIN || den == INT64_MIN || den == 0)
        return 0;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    int64_t g = gcd64(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    r->num = num;
    r->den = den;
    return 1;
}

static int rat_mul(mpol_rational *out, mpol_rational a, mpol_rational b)
{
    int64_t g1 = gcd64(a.num, b.den), g2 = gcd64(b.num, a.den), num, den;
    if (g1 == 0)
        g1 = 1;
    if (g2 == 0)
        g2 = 1;
    if (__builtin_mul_overflow(a.num / g1, b.num / g2, &num) ||
        __builtin_mul_overflow(a.den / g2, b.den / g1, &den))
        return 0;
    return rat_norm(out, num, den);
}

static int rat_add(mpol_rational *out, mpol_rational a, mpol_rational b)
{
    int64_t g = gcd64(a.den, b.den), den, x, y, num;
    if (__builtin_mul_overflow(a.den / g, b.den, &den) ||
        __builtin_mul_overflow(a.num, b.den / g, &x) ||
        __builtin_mul_overflow(b.num, a.den / g, &y) || __builtin_add_overflow(x, y, &num))
        return 0;
    return rat_norm(out, num, den);
}

/* Fails at a remembered token position. */
static mpol_status fail_at(const mpol_i_gbt_lexer *lx, long line, long col, mpol_status st,
                           const char *msg)
{
    mpol_i_gbt_lexer tmp = *lx;
    tmp.tline = line;
    tmp.tcol = col;
    return mpol_i_gbt_fail(&tmp, st, "%s", msg);
}

#define NEXT(ps)                                                                                   \
    do {                                                                                           \
        if ((st = mpol_i_gbt_next(&(ps)->lx)) != MPOL_OK)                                          \
            return st;                                                                             \
    } while (0)

#define EXPECT(ps, kind, what)                                                                     \
    do {                                                                                           \
        if ((ps)->lx.tok != (kind))                                                                \
            return mpol_i_gbt_fail(&(ps)->lx, MPOL_EPARSE, "expected %s", (what));                 \
    } while (0)

static void parse_free(efg_parse *ps)
{
    mpol_i_gbt_done(&ps->lx);
    mpol_free(ps->title);
    mpol_free(ps->comment);
    for (size_t p = 0; p < ps->np; p++)
        mpol_free(ps->players[p]);
    mpol_free(ps->players);
    mpol_free(ps->nodes);
    mpol_free(ps->children);
    for (size_t i = 0; i < ps->nisets; i++) {
        efg_infoset *h = &ps->isets[i];
        mpol_free(h->label);
        if (h->actions != NULL)
            for (size_t a = 0; a < h->nact; a++)
                mpol_free(h->actions[a]);
        mpol_free(h->actions);
        mpol_free(h->prob);
        mpol_free(h->dprob);
    }
    mpol_free(ps->isets);
    for (size_t i = 0; i < ps->nouts; i++) {
        mpol_free(ps->outs[i].label);
        mpol_free(ps->outs[i].r);
        mpol_free(ps->outs[i].d);
    }
    mpol_free(ps->outs);
    mpol_i_key_index_free(&ps->iset_map);
    mpol_i_key_index_free(&ps->out_map);
    if (ps->plans != NULL)
        for (size_t p = 0; p <= ps->np; p++)
            mpol_free(ps->plans[p]);
    mpol_free(ps->plans);
    mpol_free(ps->nstrat);
    mpol_free(ps->nplayer_isets);
    mpol_game_free(ps->game);
}

/* ---------------------------------------------------------------------------------------- */
/* Parsing                                                                                   */

/* Reads "index [label {payoffs}]" and sets *outcome (0 = none). */
static mpol_status parse_outcome(efg_parse *ps, size_t *outcome)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    size_t id;
    long line = lx->tline, col = lx->tcol;
    if ((st = mpol_i_gbt_index(lx, "index of outcome", 0, UINT32_MAX, &id)) != MPOL_OK)
        return st;
    NEXT(ps);
    size_t idx = mpol_i_key_find(&ps->out_map, id);
    *outcome = 0;
    if (lx->tok != MPOL_I_GBT_TEXT) {
        if (id == 0)
            return MPOL_OK;
        if (idx == MPOL_I_NOT_FOUND)
            return fail_at(lx, line, col, MPOL_EPARSE, "outcome not defined");
        *outcome = idx + 1;
        return MPOL_OK;
    }
    if (id == 0)
        return fail_at(lx, line, col, MPOL_EPARSE,
                       "cannot specify a label or payoffs for the null outcome");
    size_t n = ps->np;
    char *label = mpol_strdup(lx->buf);
    mpol_rational *r = mpol_calloc(n, sizeof *r);
    double *d = mpol_calloc(n, sizeof *d);
    if (label == NULL || r == NULL || d == NULL) {
        st = nomem();
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    if (lx->tok != MPOL_I_GBT_LBRACE) {
        st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected '{'");
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    for (size_t p = 0; p < n; p++) {
        int fits;
        if ((st = mpol_i_gbt_number(lx, "numerical payoff", &r[p], &d[p], &fits)) != MPOL_OK)
            goto fail;
        if (!fits)
            ps->exact_ok = 0;
        if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
            goto fail;
        if (lx->tok == MPOL_I_GBT_COMMA && (st = mpol_i_gbt_next(lx)) != MPOL_OK)
            goto fail;
    }
    if (lx->tok != MPOL_I_GBT_RBRACE) {
        st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected '}'");
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    if (idx != MPOL_I_NOT_FOUND) {
        efg_outcome *o = &ps->outs[idx];
        int same = strcmp(o->label, label) == 0;
        for (size_t p = 0; p < n && same; p++)
            same = o->d[p] == d[p] && o->r[p].num == r[p].num && o->r[p].den == r[p].den;
        if (!same) {
            st = fail_at(lx, line, col, MPOL_EPARSE,
                         "outcome does not match its previous definition");
            goto fail;
        }
        mpol_free(label);
        mpol_free(r);
        mpol_free(d);
        *outcome = idx + 1;
        return MPOL_OK;
    }
    if ((st = grow((void **)&ps->outs, &ps->ocap, ps->nouts + 1, sizeof *ps->outs)) != MPOL_OK ||
        (st = idmap_put(&ps->out_map, id, ps->nouts)) != MPOL_OK)
        goto fail;
    ps->outs[ps->nouts] = (efg_outcome){id, label, r, d};
    *outcome = ++ps->nouts;
    return MPOL_OK;
fail:
    mpol_free(label);
    mpol_free(r);
    mpol_free(d);
    return st;
}

/* Reads ["label" { actions }] after an infoset number and sets *iset. */
static mpol_status parse_infoset(efg_parse *ps, size_t player, size_t number, long line, long col,
                                 size_t *iset)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    uint64_t key = ((uint64_t)player << 32) | number;
    size_t idx = mpol_i_key_find(&ps->iset_map, key);
    if (lx->tok != MPOL_I_GBT_TEXT) {
        if (idx == MPOL_I_NOT_FOUND)
            return fail_at(lx, line, col, MPOL_EPARSE, "referencing an undefined infoset");
        *iset = idx;
        return MPOL_OK;
    }
    efg_infoset h;
    memset(&h, 0, sizeof h);
    h.player = player;
    h.number = number;
    size_t acap = 0, pcap = 0, dcap = 0;
    if ((h.label = mpol_strdup(lx->buf)) == NULL) {
        st = nomem();
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    if (lx->tok != MPOL_I_GBT_LBRACE) {
        st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected '{'");
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    mpol_rational psum = {0, 1};
    double dsum = 0.0;
    int sum_exact = 1;
    do {
        if (lx->tok != MPOL_I_GBT_TEXT) {
            st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected action label");
            goto fail;
        }
        if ((st = grow((void **)&h.actions, &acap, h.nact + 1, sizeof *h.actions)) != MPOL_OK)
            goto fail;
        if ((h.actions[h.nact] = mpol_strdup(lx->buf)) == NULL) {
            st = nomem();
            goto fail;
        }
        h.nact++;
        if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
            goto fail;
        if (player == 0) {
            if ((st = grow((void **)&h.prob, &pcap, h.nact, sizeof *h.prob)) != MPOL_OK ||
                (st = grow((void **)&h.dprob, &dcap, h.nact, sizeof *h.dprob)) != MPOL_OK)
                goto fail;
            int fits;
            mpol_rational *r = &h.prob[h.nact - 1];
            double *d = &h.dprob[h.nact - 1];
            if ((st = mpol_i_gbt_number(lx, "action probability", r, d, &fits)) != MPOL_OK)
                goto fail;
            if (*d < 0 || r->num < 0) {
                st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "negative probability '%s'", lx->buf);
                goto fail;
            }
            if (!fits)
                ps->exact_ok = 0;
            sum_exact = sum_exact && fits && rat_add(&psum, psum, *r);
            dsum += *d;
            if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
                goto fail;
        }
    } while (lx->tok != MPOL_I_GBT_RBRACE);
    if (player == 0 &&
        (sum_exact ? (psum.num != 1 || psum.den != 1) : fabs(dsum - 1.0) > MPOL_EFG_PROB_TOL)) {
        st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "chance probabilities sum to %.17g, not 1", dsum);
        goto fail;
    }
    if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
        goto fail;
    if (idx != MPOL_I_NOT_FOUND) {
        const efg_infoset *o = &ps->isets[idx];
        int same = strcmp(o->label, h.label) == 0 && o->nact == h.nact;
        for (size_t a = 0; a < h.nact && same; a++) {
            same = strcmp(o->actions[a], h.actions[a]) == 0;
            if (same && player == 0)
                same = o->dprob[a] == h.dprob[a] && o->prob[a].num == h.prob[a].num &&
                       o->prob[a].den == h.prob[a].den;
        }
        if (!same) {
            st = fail_at(lx, line, col, MPOL_EPARSE,
                         "information set does not match its previous definition");
            goto fail;
        }
        *iset = idx;
        st = MPOL_OK;
        goto fail; /* frees the restatement */
    }
    if ((st = grow((void **)&ps->isets, &ps->icap, ps->nisets + 1, sizeof *ps->isets)) != MPOL_OK ||
        (st = idmap_put(&ps->iset_map, key, ps->nisets)) != MPOL_OK)
        goto fail;
    h.pindex = ps->nplayer_isets[player]++;
    ps->isets[ps->nisets] = h;
    *iset = ps->nisets++;
    return MPOL_OK;
fail:
    mpol_free(h.label);
    for (size_t a = 0; a < h.nact; a++)
        mpol_free(h.actions[a]);
    mpol_free(h.actions);
    mpol_free(h.prob);
    mpol_free(h.dprob);
    return st;
}

/* Reads one node (its line, not its subtree) starting at its type symbol. */
static mpol_status parse_node(efg_parse *ps, size_t *out)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    int kind;
    if (lx->tok == MPOL_I_GBT_SYMBOL && strcmp(lx->buf, "c") == 0)
        kind = NODE_CHANCE;
    else if (lx->tok == MPOL_I_GBT_SYMBOL && strcmp(lx->buf, "p") == 0)
        kind = NODE_PERSONAL;
    else if (lx->tok == MPOL_I_GBT_SYMBOL && strcmp(lx->buf, "t") == 0)
        kind = NODE_TERMINAL;
    else
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected a node ('c', 'p' or 't')");
    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_TEXT, "node label");
    NEXT(ps);
    efg_node node = {kind, 0, 0, 0};
    if (kind != NODE_TERMINAL) {
        size_t player = 0, number;
        if (kind == NODE_PERSONAL) {
            if ((st = mpol_i_gbt_index(lx, "player id", 1, ps->np, &player)) != MPOL_OK)
                return st;
            NEXT(ps);
        }
        long line = lx->tline, col = lx->tcol;
        if ((st = mpol_i_gbt_index(lx, "infoset id", 0, UINT32_MAX, &number)) != MPOL_OK)
            return st;
        NEXT(ps);
        if ((st = parse_infoset(ps, player, number, line, col, &node.infoset)) != MPOL_OK)
            return st;
    }
    if ((st = parse_outcome(ps, &node.outcome)) != MPOL_OK)
        return st;
    size_t nch = kind == NODE_TERMINAL ? 0 : ps->isets[node.infoset].nact;
    node.child0 = ps->nchildren;
    if ((st = grow((void **)&ps->children, &ps->chcap, ps->nchildren + nch,
                   sizeof *ps->children)) != MPOL_OK ||
        (st = grow((void **)&ps->nodes, &ps->ncap, ps->nnodes + 1, sizeof *ps->nodes)) != MPOL_OK)
        return st;
    ps->nchildren += nch;
    ps->nodes[ps->nnodes] = node;
    *out = ps->nnodes++;
    return MPOL_OK;
}

static size_t node_nchildren(const efg_parse *ps, size_t n)
{
    const efg_node *node = &ps->nodes[n];
    return node->kind == NODE_TERMINAL ? 0 : ps->isets[node->infoset].nact;
}

static mpol_status parse(efg_parse *ps)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    NEXT(ps);
    if (lx->tok != MPOL_I_GBT_SYMBOL || strcmp(lx->buf, "EFG") != 0)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expecting EFG file type indicator");
    NEXT(ps);
    if (lx->tok != MPOL_I_GBT_NUMBER || strcmp(lx->buf, "2") != 0)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "accepting only EFG version 2");
    NEXT(ps);
    if (lx->tok != MPOL_I_GBT_SYMBOL || (strcmp(lx->buf, "R") != 0 && strcmp(lx->buf, "D") != 0))
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "accepting only EFG data type R or D");
    NEXT(ps);
    if (lx->tok != MPOL_I_GBT_TEXT)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "game title missing");
    if ((ps->title = mpol_strdup(lx->buf)) == NULL)
        return nomem();
    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_LBRACE, "'{'");
    NEXT(ps);
    while (lx->tok == MPOL_I_GBT_TEXT) {
        if ((st = grow((void **)&ps->players, &ps->pcap, ps->np + 1, sizeof *ps->players)) !=
            MPOL_OK)
            return st;
        if ((ps->players[ps->np] = mpol_strdup(lx->buf)) == NULL)
            return nomem();
        ps->np++;
        NEXT(ps);
    }
    EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
    if (ps->np == 0)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "a game needs at least one player");
    if ((st = mpol_i_gbt_normalize_labels(ps->players, ps->np)) != MPOL_OK)
        return st;
    if ((ps->nplayer_isets = mpol_calloc(ps->np + 1, sizeof *ps->nplayer_isets)) == NULL)
        return nomem();
    NEXT(ps);
    if (lx->tok == MPOL_I_GBT_TEXT) {
        if ((ps->comment = mpol_strdup(lx->buf)) == NULL)
            return nomem();
        NEXT(ps);
    }
    /* The tree in prefix order, with an explicit stack (no recursion on file depth). */
    size_t root;
    if ((st = parse_node(ps, &root)) != MPOL_OK)
        return st;
    size_t *stack = NULL, *next = NULL, depth = 0, scap = 0, ncap2 = 0;
    if (node_nchildren(ps, root) > 0) {
        if ((st = grow((void **)&stack, &scap, 1, sizeof *stack)) != MPOL_OK ||
            (st = grow((void **)&next, &ncap2, 1, sizeof *next)) != MPOL_OK)
            goto done;
        stack[0] = root;
        next[0] = 0;
        depth = 1;
    }
    while (depth > 0) {
        size_t n = stack[depth - 1];
        if (next[depth - 1] == node_nchildren(ps, n)) {
            depth--;
            continue;
        }
        size_t child;
        if ((st = parse_node(ps, &child)) != MPOL_OK)
            goto done;
        ps->children[ps->nodes[n].child0 + next[depth - 1]++] = child;
        if (node_nchildren(ps, child) > 0) {
            if ((st = grow((void **)&stack, &scap, depth + 1, sizeof *stack)) != MPOL_OK ||
                (st = grow((void **)&next, &ncap2, depth + 1, sizeof *next)) != MPOL_OK)
                goto done;
            stack[depth] = child;
            next[depth] = 0;
            depth++;
        }
    }
    if (lx->tok != MPOL_I_GBT_EOF)
        st = mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected end-of-file");
done:
    mpol_free(stack);
    mpol_free(next);
    return st;
}

/* ---------------------------------------------------------------------------------------- */
/* Reduced strategies                                                                        */

typedef struct branch {
    size_t h;     /* the player's information set index (pindex) */
    size_t node;  /* the node where it was first met */
    size_t a;     /* the action being explored */
    size_t snap;  /* offset of the worklist snapshot in the arena */
    size_t nsnap; /* its length */
} branch;

typedef struct enum_ws {
    size_t *work;
    size_t nwork, wcap;
    size_t *arena;
    size_t narena, acap;
    branch *frames;
    size_t nframes, fcap;
    size_t visits;
} enum_ws;

static mpol_status push_work(enum_ws *ws, size_t n)
{
    mpol_status st = grow((void **)&ws->work, &ws->wcap, ws->nwork + 1, sizeof *ws->work);
    if (st == MPOL_OK)
        ws->work[ws->nwork++] = n;
    return st;
}

/* Marks of count_strategies: a set's parent sequence not yet seen, or the root. */
#define SEQ_UNSET SIZE_MAX
#define SEQ_ROOT (SIZE_MAX - 1)

static size_t sat_mul(size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

typedef struct count_frame {
    size_t node, next, saved; /* saved: the moving player's last sequence on entry */
} count_frame;

/*
 * Counts the reduced strategies of every player with perfect recall (see the top of the
 * file): count[p] (saturated at SIZE_MAX) and known[p] = 1, or known[p] = 0 for a player
 * without perfect recall. O(nodes + actions) time, charged to max_work.
 */
static mpol_status count_strategies(efg_parse *ps, size_t *count, int *known)
{
    mpol_status st = MPOL_OK;
    size_t np = ps->np, ni = ps->nisets, nseq = 0;
    size_t *seq_off = mpol_malloc((ni + 1) * sizeof *seq_off);
    size_t *par = mpol_malloc((ni + 1) * sizeof *par);
    size_t *last = mpol_malloc((np + 1) * sizeof *last);
    size_t *seq_iset = NULL, *prod = NULL, visits = 0, depth = 0, fcap = 0;
    count_frame *fr = NULL;
    if (seq_off == NULL || par == NULL || last == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t h = 0; h < ni; h++) {
        seq_off[h] = nseq;
        par[h] = SEQ_UNSET;
        if (ps->isets[h].player != 0)
            nseq += ps->isets[h].nact;
    }
    seq_iset = mpol_malloc((nseq + 1) * sizeof *seq_iset);
    prod = mpol_malloc((nseq + 1) * sizeof *prod);
    if (seq_iset == NULL || prod == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t h = 0; h < ni; h++)
        if (ps->isets[h].player != 0)
            for (size_t a = 0; a < ps->isets[h].nact; a++) {
                seq_iset[seq_off[h] + a] = h;
                prod[seq_off[h] + a] = 1;
            }
    for (size_t p = 0; p <= np; p++) {
        last[p] = SEQ_ROOT;
        count[p] = 1;
        known[p] = 1;
    }
    /* The walk: each set's parent sequence, consistent across its nodes or not. */
    if ((st = grow((void **)&fr, &fcap, 1, sizeof *fr)) != MPOL_OK)
        goto done;
    fr[0] = (count_frame){0, 0, SEQ_ROOT};
    depth = 1;
    for (;;) {
        count_frame *f = &fr[depth - 1];
        const efg_node *node = &ps->nodes[f->node];
        size_t player = node->kind == NODE_TERMINAL ? 0 : ps->isets[node->infoset].player;
        if (player != 0 && ps->isets[node->infoset].nact < 2)
            player = 0;     /* a set without a choice is transparent: factor 1, no sequence */
        if (f->next == 0) { /* first arrival at this node */
            if (++visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: counting the reduced strategies needs more than %zu node "
                                "visits (mpol_efg_opts.max_work); refused",
                                ps->lx.name, ps->opts.max_work);
                goto done;
            }
            if (player != 0) {
                size_t h = node->infoset, s = last[player];
                f->saved = s;
                if (par[h] == SEQ_UNSET)
                    par[h] = s;
                else if (par[h] != s)
                    known[player] = 0;
                if (s != SEQ_ROOT && seq_iset[s] == h)
                    known[player] = 0; /* absentminded */
            }
        }
        if (f->next == node_nchildren(ps, f->node)) {
            if (player != 0)
                last[player] = f->saved;
            if (--depth == 0)
                break;
            continue;
        }
        size_t a = f->next++, child = ps->children[node->child0 + a];
        if (player != 0)
            last[player] = seq_off[node->infoset] + a;
        if ((st = grow((void **)&fr, &fcap, depth + 1, sizeof *fr)) != MPOL_OK)
            goto done; /* f is stale from here on */
        fr[depth++] = (count_frame){child, 0, SEQ_ROOT};
    }
    /* Bottom-up over the forest: a set's parent set was defined before it (prefix order). */
    for (size_t h = ni; h-- > 0;) {
        const efg_infoset *is = &ps->isets[h];
        if (is->player == 0 || is->nact < 2 || !known[is->player] || par[h] == SEQ_UNSET)
            continue;
        size_t n = 0;
        for (size_t a = 0; a < is->nact; a++)
            n = sat_add(n, prod[seq_off[h] + a]);
        if (par[h] == SEQ_ROOT)
            count[is->player] = sat_mul(count[is->player], n);
        else
            prod[par[h]] = sat_mul(prod[par[h]], n);
    }
done:
    mpol_free(seq_off);
    mpol_free(par);
    mpol_free(last);
    mpol_free(seq_iset);
    mpol_free(prod);
    mpol_free(fr);
    return st;
}

/* Writes the sizes of the reduced form, "?" for an uncounted player, e.g. "16384x2x?". */
static void format_dims(char *dims, size_t size, const efg_parse *ps, const size_t *count,
                        const int *known)
{
    size_t len = 0;
    dims[0] = '\0';
    for (size_t p = 1; p <= ps->np && len + 24 < size; p++) {
        const char *x = p > 1 ? "x" : "";
        if (!known[p])
            len += (size_t)snprintf(dims + len, size - len, "%s?", x);
        else if (count[p] == SIZE_MAX)
            len += (size_t)snprintf(dims + len, size - len, "%s>=2^64", x);
        else
            len += (size_t)snprintf(dims + len, size - len, "%s%zu", x, count[p]);
    }
}

/* Enumerates the reduced strategies of player p (1..N) in Gambit's order. */
static mpol_status enumerate_player(efg_parse *ps, size_t p, size_t limit)
{
    mpol_status st = MPOL_OK;
    size_t ni = ps->nplayer_isets[p], row = ni != 0 ? ni : 1, count = 0, pcap = 0;
    enum_ws ws;
    memset(&ws, 0, sizeof ws);
    int *act = mpol_malloc(row * sizeof *act);
    int *plans = NULL;
    if (act == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t h = 0; h < row; h++)
        act[h] = -1;
    if ((st = push_work(&ws, 0)) != MPOL_OK)
        goto done;
    for (;;) {
        /* Follow the plan through the reachable tree until it ends or needs a choice. */
        while (ws.nwork > 0) {
            size_t n = ws.work[--ws.nwork];
            if (++ws.visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: enumerating the strategies of player %zu needs more than "
                                "%zu node visits; refused",
                                ps->lx.name, p, ps->opts.max_work);
                goto done;
            }
            const efg_node *node = &ps->nodes[n];
            if (node->kind == NODE_TERMINAL)
                continue;
            const efg_infoset *h = &ps->isets[node->infoset];
            if (h->player != p) {
                for (size_t a = h->nact; a-- > 0;)
                    if ((st = push_work(&ws, ps->children[node->child0 + a])) != MPOL_OK)
                        goto done;
                continue;
            }
            if (act[h->pindex] >= 0) {
                if ((st = push_work(&ws, ps->children[node->child0 + (size_t)act[h->pindex]])) !=
                    MPOL_OK)
                    goto done;
                continue;
            }
            /* First visit of this information set: branch over its actions. */
            if ((st = grow((void **)&ws.frames, &ws.fcap, ws.nframes + 1, sizeof *ws.frames)) !=
                    MPOL_OK ||
                (st = grow((void **)&ws.arena, &ws.acap, ws.narena + ws.nwork, sizeof *ws.arena)) !=
                    MPOL_OK)
                goto done;
            if (ws.nwork > 0)
                memcpy(ws.arena + ws.narena, ws.work, ws.nwork * sizeof *ws.work);
            ws.frames[ws.nframes++] = (branch){h->pindex, n, 0, ws.narena, ws.nwork};
            ws.narena += ws.nwork;
            act[h->pindex] = 0;
            if ((st = push_work(&ws, ps->children[node->child0])) != MPOL_OK)
                goto done;
        }
        /* The plan is complete: record it. */
        if (++count > limit) {
            st = mpol_error(MPOL_ELIMIT,
                            "%s: player %zu has more than %zu reduced strategies; refused",
                            ps->lx.name, p, limit);
            goto done;
        }
        if ((st = grow((void **)&plans, &pcap, count * row, sizeof *plans)) != MPOL_OK)
            goto done;
        memcpy(plans + (count - 1) * row, act, row * sizeof *act);
        /* Backtrack to the deepest choice with an untried action. */
        for (;;) {
            if (ws.nframes == 0)
                goto finished;
            branch *f = &ws.frames[ws.nframes - 1];
            const efg_node *node = &ps->nodes[f->node];
            if (++f->a < ps->isets[node->infoset].nact) {
                act[f->h] = (int)f->a;
                if (f->nsnap > 0)
                    memcpy(ws.work, ws.arena + f->snap, f->nsnap * sizeof *ws.work);
                ws.nwork = f->nsnap;
                if ((st = push_work(&ws, ps->children[node->child0 + f->a])) != MPOL_OK)
                    goto done;
                break;
            }
            act[f->h] = -1;
            ws.narena = f->snap;
            ws.nframes--;
        }
    }
finished:
    ps->plans[p] = plans;
    ps->nstrat[p] = count;
    plans = NULL;
done:
    mpol_free(plans);
    mpol_free(act);
    mpol_free(ws.work);
    mpol_free(ws.arena);
    mpol_free(ws.frames);
    return st;
}

/* Writes the Gambit 16 label of a reduced strategy: action numbers, '*' if unassigned. */
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

/* Computes the payoffs of every profile by walking the tree under it. */
static mpol_status compute_payoffs(efg_parse *ps)
{
    mpol_status st = MPOL_OK;
    mpol_game *g = ps->game;
    size_t np = ps->np;
    typedef struct item {
        size_t node;
        mpol_rational r;
        double d;
    } item;
    item *stack = NULL;
    size_t scap = 0, visits = 0;
    size_t *prof = mpol_malloc(np * sizeof *prof);
    const int **plan = mpol_malloc(np * sizeof *plan);
    if (prof == NULL || plan == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        for (size_t p = 0; p < np; p++) {
            size_t ni = ps->nplayer_isets[p + 1];
            plan[p] = ps->plans[p + 1] + prof[p] * (ni != 0 ? ni : 1);
        }
        double *pay = g->payoff + c * np;
        mpol_rational *ex = g->exact + c * np;
        for (size_t p = 0; p < np; p++) {
            pay[p] = 0.0;
            ex[p] = (mpol_rational){0, 1};
        }
        if ((st = grow((void **)&stack, &scap, 1, sizeof *stack)) != MPOL_OK)
            goto done;
        size_t ns = 1;
        stack[0] = (item){0, {1, 1}, 1.0};
        while (ns > 0) {
            item it = stack[--ns];
            if (++visits > ps->opts.max_work) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: the payoffs need more than %zu node visits; refused",
                                ps->lx.name, ps->opts.max_work);
                goto done;
            }
            const efg_node *node = &ps->nodes[it.node];
            if (node->outcome != 0) {
                const efg_outcome *o = &ps->outs[node->outcome - 1];
                for (size_t p = 0; p < np; p++) {
                    pay[p] += it.d * o->d[p];
                    mpol_rational t;
                    if (ps->exact_ok && !(rat_mul(&t, it.r, o->r[p]) && rat_add(&ex[p], ex[p], t)))
                        ps->exact_ok = 0;
                }
            }
            if (node->kind == NODE_TERMINAL)
                continue;
            const efg_infoset *h = &ps->isets[node->infoset];
            if (h->player == 0) {
                if ((st = grow((void **)&stack, &scap, ns + h->nact, sizeof *stack)) != MPOL_OK)
                    goto done;
                for (size_t a = h->nact; a-- > 0;) {
                    item ch = {ps->children[node->child0 + a], {0, 1}, it.d * h->dprob[a]};
                    if (ps->exact_ok && !rat_mul(&ch.r, it.r, h->prob[a]))
                        ps->exact_ok = 0;
                    stack[ns++] = ch;
                }
            } else {
                int a = plan[h->player - 1][h->pindex];
                if (a < 0) {
                    st = mpol_error(MPOL_EVERIFY,
                                    "%s: internal error: a reduced strategy of player %zu "
                                    "leaves a reached information set open",
                                    ps->lx.name, h->player);
                    goto done;
                }
                if ((st = grow((void **)&stack, &scap, ns + 1, sizeof *stack)) != MPOL_OK)
                    goto done;
                it.node = ps->children[node->child0 + (size_t)a];
                stack[ns++] = it;
            }
        }
        /* Payoffs accumulated along a path can overflow although each one is finite. */
        for (size_t p = 0; p < np; p++)
            if (!isfinite(pay[p])) {
                st = mpol_error(MPOL_ENUMERIC,
                                "%s: the expected payoff of player %zu in strategy profile %zu "
                                "is out of double range",
                                ps->lx.name, p + 1, c + 1);
                goto done;
            }
    }
done:
    mpol_free(stack);
    mpol_free(prof);
    mpol_free(plan);
    return st;
}

/* Counts the strategies, refuses an oversized form up front, else enumerates them. */
static mpol_status count_and_enumerate(efg_parse *ps)
{
    size_t np = ps->np, max = ps->opts.max_profiles;
    size_t *count = mpol_malloc((np + 1) * sizeof *count);
    int *known = mpol_malloc((np + 1) * sizeof *known);
    if (count == NULL || known == NULL) {
        mpol_free(count);
        mpol_free(known);
        return nomem();
    }
    mpol_status st = count_strategies(ps, count, known);
    if (st != MPOL_OK)
        goto done;
    size_t product = 1;
    for (size_t p = 1; p <= np; p++)
        if (known[p])
            product = sat_mul(product, count[p]);
    if (product > max) {
        char dims[256], total[32];
        format_dims(dims, sizeof dims, ps, count, known);
        if (product == SIZE_MAX)
            snprintf(total, sizeof total, "at least 2^64");
        else
            snprintf(total, sizeof total, "%zu", product);
        for (size_t p = 1; p <= np; p++)
            if (known[p] && count[p] > max) {
                st = mpol_error(MPOL_ELIMIT,
                                "%s: player %zu has more than %zu reduced strategies (the reduced "
                                "strategic form %s has %s profiles, counted before enumerating; "
                                "mpol_efg_opts.max_profiles); refused",
                                ps->lx.name, p, max, dims, total);
                goto done;
            }
        st = mpol_error(MPOL_ELIMIT,
                        "%s: the reduced strategic form %s has more than %zu strategy profiles "
                        "(%s, reduced strategies counted before enumerating; "
                        "mpol_efg_opts.max_profiles); refused",
                        ps->lx.name, dims, max, total);
        goto done;
    }
    /* Counted players are listed under the limit (and checked against their count below);
     * the uncounted ones share what the counted ones leave of it. */
    for (size_t p = 1; p <= np; p++)
        if ((st = enumerate_player(ps, p, known[p] ? max : max / product)) != MPOL_OK)
            goto done;
    for (size_t p = 1; p <= np; p++)
        if (known[p] && ps->nstrat[p] != count[p]) {
            st = mpol_error(MPOL_EVERIFY,
                            "%s: internal error: player %zu has %zu reduced strategies, %zu "
                            "counted",
                            ps->lx.name, p, ps->nstrat[p], count[p]);
            goto done;
        }
done:
    mpol_free(count);
    mpol_free(known);
    return st;
}

static mpol_status build(efg_parse *ps)
{
    mpol_status st;
    size_t np = ps->np;
    ps->plans = mpol_calloc(np + 1, sizeof *ps->plans);
    ps->nstrat = mpol_calloc(np + 1, sizeof *ps->nstrat);
    if (ps->plans == NULL || ps->nstrat == NULL)
        return nomem();
    if ((st = count_and_enumerate(ps)) != MPOL_OK)
        return st;
    /* Refuse oversized forms, naming their size (e.g. 16384x2x8x512). */
    size_t profiles = 1;
    int over = 0;
    for (size_t p = 1; p <= np; p++) {
        if (profiles > ps->opts.max_profiles / ps->nstrat[p])
            over = 1;
        else
            profiles *= ps->nstrat[p];
    }
    if (over) {
        char dims[256];
        size_t len = 0;
        for (size_t p = 1; p <= np && len < sizeof dims - 24; p++)
            len += (size_t)snprintf(dims + len, sizeof dims - len, "%s%zu", p > 1 ? "x" : "",
                                    ps->nstrat[p]);
        return mpol_error(MPOL_ELIMIT,
                          "%s: the reduced strategic form %s has more than %zu strategy "
                          "profiles; refused",
                          ps->lx.name, dims, ps->opts.max_profiles);
    }
    if ((st = mpol_game_alloc(&ps->game, np, ps->nstrat + 1)) != MPOL_OK)
        return st;
    mpol_game *g = ps->game;
    if ((st = mpol_game_set_title(g, ps->title)) != MPOL_OK)
        return st;
    if (ps->comment != NULL) {
        mpol_free(g->comment);
        g->comment = ps->comment;
        ps->comment = NULL;
    }
    for (size_t p = 0; p < np; p++) {
        mpol_free(g->player_names[p]);
        g->player_names[p] = ps->players[p];
        ps->players[p] = NULL;
        size_t ni = ps->nplayer_isets[p + 1];
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            char *s = strategy_label(ps->plans[p + 1] + k * (ni != 0 ? ni : 1), ni);
            if (s == NULL)
                return nomem();
            mpol_free(g->strategy_names[p][k]);
            g->strategy_names[p][k] = s;
        }
    }
    if ((st = mpol_game_alloc_exact(g)) != MPOL_OK)
        return st;
    if ((st = compute_payoffs(ps)) != MPOL_OK)
        return st;
    if (!ps->exact_ok) {
        mpol_free(g->exact);
        g->exact = NULL;
    }
    return MPOL_OK;
}

void mpol_efg_opts_init(mpol_efg_opts *opts)
{
    opts->max_profiles = MPOL_EFG_MAX_PROFILES;
    opts->max_work = MPOL_EFG_MAX_WORK;
}

/* Parses from @p f (NULL: from text[0..len)) into *out. */
static mpol_status read_any(mpol_game **out, FILE *f, size_t size, const char *text, size_t len,
                            const char *name, const mpol_efg_opts *opts, const char *fn)
{
    efg_parse ps;
    memset(&ps, 0, sizeof ps);
    if (opts != NULL)
        ps.opts = *opts;
    else
        mpol_efg_opts_init(&ps.opts);
    if (ps.opts.max_profiles == 0 || ps.opts.max_work == 0)
        return mpol_error(MPOL_EINVAL, "%s: limits must be positive", fn);
    ps.exact_ok = 1;
    mpol_status st = MPOL_OK;
    if (f != NULL)
        st = mpol_i_gbt_init_file(&ps.lx, f, size, name);
    else
        mpol_i_gbt_init(&ps.lx, text != NULL ? text : "", len, name);
    if (st == MPOL_OK)
        st = parse(&ps);
    if (st == MPOL_OK)
        st = build(&ps);
    if (f != NULL && ferror(f))
        st = mpol_error(MPOL_EIO, "%s: read error", name);
    if (st == MPOL_OK) {
        *out = ps.game;
        ps.game = NULL;
    }
    parse_free(&ps);
    return st;
}

mpol_status mpol_efg_read_string(mpol_game **out, const char *text, size_t len, const char *name,
                                 const mpol_efg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_string: NULL argument");
    *out = NULL;
    if ((text == NULL && len > 0))
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_string: NULL argument");
    return read_any(out, NULL, 0, text, len, name, opts, "mpol_efg_read_string");
}

mpol_status mpol_efg_read_file(mpol_game **out, const char *path, const mpol_efg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_efg_read_file: NULL argument");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        mpol_status st = read_any(out, f, (size_t)size, NULL, 0, path, opts, "mpol_efg_read_file");
        fclose(f);
        return st;
    }
    fclose(f); /* not seekable (a pipe): read it whole */
    char *text;
    size_t len;
    mpol_status st = mpol_i_gbt_read_file(path, &text, &len);
    if (st != MPOL_OK)
        return st;
    st = mpol_efg_read_string(out, text, len, path, opts);
    mpol_free(text);
    return st;
}
