/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the one grammar walk of Gambit .efg files (extensive-form games)
 * into the arrays of efg_internal.h, which efg.c turns into the reduced strategic form and
 * efg_tree.c into a game tree.
 *
 * Grammar: Gambit's ("EFG 2 R|D title {players} [comment]", then the nodes in prefix
 * order: c "name" iset ["iset name" {"action" prob ...}] outcome ["name" {payoffs}],
 * p "name" player iset ["iset name" {"action" ...}] outcome [...], t "name" outcome [...]),
 * as read by Gambit's src/games/file.cc (Gambit 17.0.0-alpha.2; behaviour only, no code).
 * An information set or outcome is defined at its first use and may be restated
 * identically later; a bare reference to an undefined one is an error.
 *
 * Deviations from Gambit: node labels need not be unique (Gambit 17 refuses 8 of its own
 * files for that); nothing may follow the root's subtree ("expected end-of-file"); chance
 * probabilities must be non-negative and sum to 1 (exactly when representable); strategy
 * names are Gambit 16's (the 1-based action number at each of the player's information
 * sets in order of first appearance, '*' where the strategy leaves it open, "*" for a
 * player without information sets) rather than Gambit 17's running numbers; restated
 * outcomes and chance probabilities are compared by value, not by spelling.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "io/efg_internal.h"

/* ---------------------------------------------------------------------------------------- */
/* Small helpers                                                                             */

mpol_status mpol_i_efg_nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_efg_read: out of memory");
}

/* Grows *arr (of *cap elements of size sz) to hold at least need elements. */
mpol_status mpol_i_efg_grow(void **arr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return MPOL_OK;
    size_t cap2 = *cap != 0 ? *cap : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *na = mpol_realloc(*arr, cap2 * sz);
    if (na == NULL)
        return mpol_i_efg_nomem();
    *arr = na;
    *cap = cap2;
    return MPOL_OK;
}

/* Adds key -> val to a map where key is known to be absent (efg's own out-of-memory message). */
static mpol_status idmap_put(mpol_i_key_index *m, uint64_t key, size_t val)
{
    size_t prev;
    if (mpol_i_key_add(m, key, val, &prev) != MPOL_OK)
        return mpol_i_efg_nomem();
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

int mpol_i_efg_rat_mul(mpol_rational *out, mpol_rational a, mpol_rational b)
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

int mpol_i_efg_rat_add(mpol_rational *out, mpol_rational a, mpol_rational b)
{
    int64_t g = gcd64(a.den, b.den), den, x, y, num;
    if (__builtin_mul_overflow(a.den / g, b.den, &den) ||
        __builtin_mul_overflow(a.num, b.den / g, &x) ||
        __builtin_mul_overflow(b.num, a.den / g, &y) || __builtin_add_overflow(x, y, &num))
        return 0;
    return rat_norm(out, num, den);
}

/* Fails at a remembered token position. */
mpol_status mpol_i_efg_fail_at(const mpol_i_gbt_lexer *lx, long line, long col, mpol_status st,
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

void mpol_i_efg_parse_free(efg_parse *ps)
{
    mpol_i_gbt_done(&ps->lx);
    mpol_free(ps->title);
    mpol_free(ps->comment);
    for (size_t p = 0; p < ps->np; p++)
        mpol_free(ps->players[p]);
    mpol_free(ps->players);
    if (ps->nodes != NULL)
        for (size_t n = 0; n < ps->nnodes; n++)
            mpol_free(ps->nodes[n].label);
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
    mpol_free(ps->text);
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
            return mpol_i_efg_fail_at(lx, line, col, MPOL_EPARSE, "outcome not defined");
        *outcome = idx + 1;
        return MPOL_OK;
    }
    if (id == 0)
        return mpol_i_efg_fail_at(lx, line, col, MPOL_EPARSE,
                                  "cannot specify a label or payoffs for the null outcome");
    size_t n = ps->np;
    char *label = mpol_strdup(lx->buf);
    mpol_rational *r = mpol_calloc(n, sizeof *r);
    double *d = mpol_calloc(n, sizeof *d);
    if (label == NULL || r == NULL || d == NULL) {
        st = mpol_i_efg_nomem();
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
            st = mpol_i_efg_fail_at(lx, line, col, MPOL_EPARSE,
                                    "outcome does not match its previous definition");
            goto fail;
        }
        mpol_free(label);
        mpol_free(r);
        mpol_free(d);
        *outcome = idx + 1;
        return MPOL_OK;
    }
    if ((st = mpol_i_efg_grow((void **)&ps->outs, &ps->ocap, ps->nouts + 1, sizeof *ps->outs)) !=
            MPOL_OK ||
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
            return mpol_i_efg_fail_at(lx, line, col, MPOL_EPARSE,
                                      "referencing an undefined infoset");
        *iset = idx;
        return MPOL_OK;
    }
    efg_infoset h;
    memset(&h, 0, sizeof h);
    h.player = player;
    h.number = number;
    h.line = line;
    h.col = col;
    size_t acap = 0, pcap = 0, dcap = 0;
    if ((h.label = mpol_strdup(lx->buf)) == NULL) {
        st = mpol_i_efg_nomem();
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
        if ((st = mpol_i_efg_grow((void **)&h.actions, &acap, h.nact + 1, sizeof *h.actions)) !=
            MPOL_OK)
            goto fail;
        if ((h.actions[h.nact] = mpol_strdup(lx->buf)) == NULL) {
            st = mpol_i_efg_nomem();
            goto fail;
        }
        h.nact++;
        if ((st = mpol_i_gbt_next(lx)) != MPOL_OK)
            goto fail;
        if (player == 0) {
            if ((st = mpol_i_efg_grow((void **)&h.prob, &pcap, h.nact, sizeof *h.prob)) !=
                    MPOL_OK ||
                (st = mpol_i_efg_grow((void **)&h.dprob, &dcap, h.nact, sizeof *h.dprob)) !=
                    MPOL_OK)
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
            sum_exact = sum_exact && fits && mpol_i_efg_rat_add(&psum, psum, *r);
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
            st = mpol_i_efg_fail_at(lx, line, col, MPOL_EPARSE,
                                    "information set does not match its previous definition");
            goto fail;
        }
        *iset = idx;
        st = MPOL_OK;
        goto fail; /* frees the restatement */
    }
    if ((st = mpol_i_efg_grow((void **)&ps->isets, &ps->icap, ps->nisets + 1, sizeof *ps->isets)) !=
            MPOL_OK ||
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

static mpol_status parse_node_rest(efg_parse *ps, efg_node *nodep);

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
    if (ps->max_nodes != 0 && ps->nnodes >= ps->max_nodes)
        return mpol_i_gbt_fail(lx, MPOL_ELIMIT,
                               "more than %zu nodes (the model-cells limit; raise it with "
                               "mpol_limit_set or --limit model-cells=N)",
                               ps->max_nodes);
    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_TEXT, "node label");
    efg_node node = {kind, 0, 0, 0, NULL};
    if (ps->keep_labels && lx->buf[0] != '\0' && (node.label = mpol_strdup(lx->buf)) == NULL)
        return mpol_i_efg_nomem();
    st = parse_node_rest(ps, &node);
    if (st != MPOL_OK) {
        mpol_free(node.label);
        return st;
    }
    if ((st = mpol_i_efg_grow((void **)&ps->nodes, &ps->ncap, ps->nnodes + 1, sizeof *ps->nodes)) !=
        MPOL_OK) {
        mpol_free(node.label);
        return st;
    }
    ps->nodes[ps->nnodes] = node;
    *out = ps->nnodes++;
    return MPOL_OK;
}

/* The rest of a node after its label: its information set, outcome and child slots. */
static mpol_status parse_node_rest(efg_parse *ps, efg_node *nodep)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    efg_node node = *nodep;
    int kind = node.kind;
    NEXT(ps);
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
    if ((st = mpol_i_efg_grow((void **)&ps->children, &ps->chcap, ps->nchildren + nch,
                              sizeof *ps->children)) != MPOL_OK)
        return st;
    ps->nchildren += nch;
    *nodep = node;
    return MPOL_OK;
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
        return mpol_i_efg_nomem();
    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_LBRACE, "'{'");
    NEXT(ps);
    while (lx->tok == MPOL_I_GBT_TEXT) {
        if ((st = mpol_i_efg_grow((void **)&ps->players, &ps->pcap, ps->np + 1,
                                  sizeof *ps->players)) != MPOL_OK)
            return st;
        if ((ps->players[ps->np] = mpol_strdup(lx->buf)) == NULL)
            return mpol_i_efg_nomem();
        ps->np++;
        NEXT(ps);
    }
    EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
    if (ps->np == 0)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "a game needs at least one player");
    if ((st = mpol_i_gbt_normalize_labels(ps->players, ps->np)) != MPOL_OK)
        return st;
    if ((ps->nplayer_isets = mpol_calloc(ps->np + 1, sizeof *ps->nplayer_isets)) == NULL)
        return mpol_i_efg_nomem();
    NEXT(ps);
    if (lx->tok == MPOL_I_GBT_TEXT) {
        if ((ps->comment = mpol_strdup(lx->buf)) == NULL)
            return mpol_i_efg_nomem();
        NEXT(ps);
    }
    /* The tree in prefix order, with an explicit stack (no recursion on file depth). */
    size_t root;
    if ((st = parse_node(ps, &root)) != MPOL_OK)
        return st;
    size_t *stack = NULL, *next = NULL, depth = 0, scap = 0, ncap2 = 0;
    if (mpol_i_efg_nchildren(ps, root) > 0) {
        if ((st = mpol_i_efg_grow((void **)&stack, &scap, 1, sizeof *stack)) != MPOL_OK ||
            (st = mpol_i_efg_grow((void **)&next, &ncap2, 1, sizeof *next)) != MPOL_OK)
            goto done;
        stack[0] = root;
        next[0] = 0;
        depth = 1;
    }
    while (depth > 0) {
        size_t n = stack[depth - 1];
        if (next[depth - 1] == mpol_i_efg_nchildren(ps, n)) {
            depth--;
            continue;
        }
        size_t child;
        if ((st = parse_node(ps, &child)) != MPOL_OK)
            goto done;
        ps->children[ps->nodes[n].child0 + next[depth - 1]++] = child;
        if (mpol_i_efg_nchildren(ps, child) > 0) {
            if ((st = mpol_i_efg_grow((void **)&stack, &scap, depth + 1, sizeof *stack)) !=
                    MPOL_OK ||
                (st = mpol_i_efg_grow((void **)&next, &ncap2, depth + 1, sizeof *next)) != MPOL_OK)
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

mpol_status mpol_i_efg_parse_input(efg_parse *ps, FILE *f, size_t size, const char *text,
                                   size_t len, const char *name)
{
    mpol_status st = MPOL_OK;
    if (f != NULL)
        st = mpol_i_gbt_init_file(&ps->lx, f, size, name);
    else
        mpol_i_gbt_init(&ps->lx, text != NULL ? text : "", len, name);
    if (st == MPOL_OK)
        st = parse(ps);
    if (f != NULL && ferror(f))
        st = mpol_error(MPOL_EIO, "%s: read error", name);
    return st;
}

mpol_status mpol_i_efg_parse_file(efg_parse *ps, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        mpol_status st = mpol_i_efg_parse_input(ps, f, (size_t)size, NULL, 0, path);
        fclose(f);
        return st;
    }
    fclose(f); /* not seekable (a pipe): read it whole */
    size_t len;
    mpol_status st = mpol_i_gbt_read_file(path, &ps->text, &len);
    if (st != MPOL_OK)
        return st;
    return mpol_i_efg_parse_input(ps, NULL, 0, ps->text, len, path);
}
