/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `tu` model kind: transferable-utility games given either by a
 * list of 2^n values in bitmask order (player i = bit i, as in tu.h), by a mapping from
 * coalitions to values, with unspecified coalitions worth `default:` (0 if absent), or by a
 * `rule:` that generates the table (bankruptcy, unanimity, airport, weighted-voting,
 * vector-voting; every number an expression in the parameters). A coalition key is a YAML
 * list of player names, a string "A+B", or "{}" (or [] / {}) for the empty coalition, whose
 * value must be 0. Optional `unions:` (a priori unions: a partition of the players, used by
 * the Owen value) and `graph:` (communication graph: a list of [A, B] edges, used by the
 * Myerson value) are kept with the model and read back by mpol_model_tu_unions() and
 * mpol_model_tu_graph(). mpol_model_from_tu() wraps a table (e.g. read from a .tu file) as a
 * model; such a model holds the numbers themselves instead of expressions.
 *
 * Rule tables are computed in place in the game's table with the formulas of the
 * constructors of values.h (same coalition sums, same quota tolerance MPOL_RULE_WEIGHT_TOL),
 * so that evaluation in sweeps allocates nothing; tests/unit/test_model_coop.c checks every
 * rule against its constructor.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/name_index_internal.h"
#include "model/model_internal.h"
#include "model/suggest_internal.h"
#include "multipolar/values.h"
#include "sweep/sweep_internal.h"

/* Most players of a TU model file: its table of 2^n values is allocated in full. */
#define TU_MODEL_MAX_PLAYERS 24

/* Most weight vectors (quotas) of a vector-voting rule. */
#define TU_RULE_MAX_QUOTAS 16

/* Players in the low half of a coalition bitmask when vector-voting sums are split. */
#define TU_SPLIT_BITS 12

typedef enum tu_rule_kind {
    RULE_NONE = 0,
    RULE_BANKRUPTCY,
    RULE_UNANIMITY,
    RULE_AIRPORT,
    RULE_WEIGHTED_VOTING,
    RULE_VECTOR_VOTING
} tu_rule_kind;

static const char *const rule_names[] = {"table",           "bankruptcy",    "unanimity", "airport",
                                         "weighted-voting", "vector-voting", NULL};

typedef struct tu_entry {
    mpol_coalition mask;
    mpol_i_mexpr value;
} tu_entry;

typedef struct tu_data {
    size_t n;
    char **names;
    int table;       /* values given as a list of 2^n */
    size_t nentries; /* table: 2^n; map: number of listed coalitions */
    tu_entry *entries;
    int has_default;
    mpol_i_mexpr def;
    double *raw; /* mpol_model_from_tu: the 2^n numbers themselves */
    /* rule: */
    tu_rule_kind rule;
    mpol_i_mexpr scalar;      /* bankruptcy: estate; weighted-voting: quota */
    size_t k;                 /* rows of per_player: vector-voting: number of quotas; else 1 */
    mpol_i_mexpr *per_player; /* k * n: claims, costs or weights (row-major) */
    mpol_i_mexpr *quotas;     /* vector-voting: k quotas */
    mpol_coalition carrier;   /* unanimity */
    /* a priori unions and communication graph: */
    size_t nunions;   /* 0: none declared */
    size_t *union_of; /* n labels 0..nunions-1 */
    int has_graph;
    size_t nedges;
    size_t *edges; /* 2 * nedges player indices (at least one slot when has_graph) */
} tu_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void free_exprs(mpol_i_mexpr *e, size_t n)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpol_i_mexpr_free(&e[i]);
    mpol_free(e);
}

static void tu_free(void *p)
{
    tu_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->names, d->n);
    if (d->entries != NULL) {
        for (size_t i = 0; i < d->nentries; i++)
            mpol_i_mexpr_free(&d->entries[i].value);
    }
    mpol_free(d->entries);
    mpol_i_mexpr_free(&d->def);
    mpol_free(d->raw);
    mpol_i_mexpr_free(&d->scalar);
    free_exprs(d->per_player, d->k * d->n);
    free_exprs(d->quotas, d->k);
    mpol_free(d->union_of);
    mpol_free(d->edges);
    mpol_free(d);
}

static mpol_status player_bit(const mpol_i_loader *ld, const tu_data *d, const mpol_i_ynode *at,
                              const char *name, size_t len, mpol_coalition *mask)
{
    for (size_t i = 0; i < d->n; i++) {
        if (strlen(d->names[i]) == len && memcmp(d->names[i], name, len) == 0) {
            mpol_coalition bit = (mpol_coalition)1 << i;
            if (*mask & bit)
                return mpol_i_yerr(ld, at, MPOL_EPARSE,
                                   "player \"%s\" appears twice in a "
                                   "coalition",
                                   d->names[i]);
            *mask |= bit;
            return MPOL_OK;
        }
    }
    const char *sug = mpol_i_suggest(name, len, (const char *const *)d->names, d->n);
    return mpol_i_yerr(ld, at, MPOL_EPARSE, "unknown player \"%.*s\" in a coalition%s%s%s",
                       (int)len, name, sug ? " (did you mean \"" : "", sug ? sug : "",
                       sug ? "\"?)" : "");
}

static mpol_status coalition(const mpol_i_loader *ld, const tu_data *d, const mpol_i_ynode *k,
                             mpol_coalition *mask)
{
    *mask = 0;
    mpol_status st;
    if (k->type == MPOL_I_YMAP) {
        if (k->len != 0)
            return mpol_i_yerr(ld, k, MPOL_EPARSE,
                               "a coalition is a list of players, "
                               "\"A+B\", or {} for the empty coalition");
        return MPOL_OK;
    }
    if (k->type == MPOL_I_YSEQ) {
        for (size_t i = 0; i < k->len; i++) {
            const mpol_i_ynode *it = &k->items[i];
            if ((st = mpol_i_yexpect_scalar(ld, it, "a coalition member")) != MPOL_OK ||
                (st = player_bit(ld, d, it, it->text, it->len, mask)) != MPOL_OK)
                return st;
        }
        return MPOL_OK;
    }
    const char *t = k->text;
    if (strcmp(t, "{}") == 0 || strcmp(t, "[]") == 0 || t[0] == '\0')
        return MPOL_OK;
    /* A whole name first: player names may contain '+'. */
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->names[i], t) == 0) {
            *mask = (mpol_coalition)1 << i;
            return MPOL_OK;
        }
    }
    const char *p = t;
    for (;;) {
        const char *end = strchr(p, '+');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len > 0 && *s == ' ')
            s++, len--;
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len == 0)
            return mpol_i_yerr(ld, k, MPOL_EPARSE, "empty player name in coalition \"%s\"", t);
        if ((st = player_bit(ld, d, k, s, len, mask)) != MPOL_OK)
            return st;
        if (end == NULL)
            return MPOL_OK;
        p = end + 1;
    }
}

static mpol_status check_empty(const mpol_i_loader *ld, const mpol_i_ynode *at,
                               const mpol_i_mexpr *e)
{
    double v;
    int col;
    const char *msg;
    if (!mpol_i_mexpr_is_constant(e) ||
        mpol_i_mexpr_eval_quiet(e, NULL, &v, &col, &msg) != MPOL_OK || v != 0)
        return mpol_i_yerr(ld, at, MPOL_EPARSE, "the empty coalition must have value 0");
    return MPOL_OK;
}

/* The index of the player named by scalar @p node, with a did-you-mean on failure. */
static mpol_status player_index(const mpol_i_loader *ld, const tu_data *d, const mpol_i_ynode *node,
                                const char *what, size_t *out)
{
    mpol_status st = mpol_i_yexpect_scalar(ld, node, what);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->names[i], node->text) == 0) {
            *out = i;
            return MPOL_OK;
        }
    }
    const char *sug = mpol_i_suggest(node->text, node->len, (const char *const *)d->names, d->n);
    return mpol_i_yerr(ld, node, MPOL_EPARSE, "unknown player \"%s\" in %s%s%s%s", node->text, what,
                       sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
}

/* ---- unions and graph ------------------------------------------------------------------- */

static mpol_status parse_unions(const mpol_i_loader *ld, tu_data *d, const mpol_i_ynode *u)
{
    mpol_status st = mpol_i_yexpect_seq(ld, u, "unions (a list of lists of players)");
    if (st != MPOL_OK)
        return st;
    if (u->len == 0)
        return mpol_i_yerr(ld, u, MPOL_EPARSE, "unions must list at least one union");
    if ((d->union_of = mpol_malloc(d->n * sizeof *d->union_of)) == NULL)
        return oom();
    const mpol_i_ynode *seen_at[TU_MODEL_MAX_PLAYERS] = {NULL};
    for (size_t b = 0; b < u->len; b++) {
        const mpol_i_ynode *bloc = &u->items[b];
        if ((st = mpol_i_yexpect_seq(ld, bloc, "a union (a list of players)")) != MPOL_OK)
            return st;
        if (bloc->len == 0)
            return mpol_i_yerr(ld, bloc, MPOL_EPARSE, "union %zu is empty", b + 1);
        for (size_t j = 0; j < bloc->len; j++) {
            size_t i = 0;
            if ((st = player_index(ld, d, &bloc->items[j], "a union", &i)) != MPOL_OK)
                return st;
            if (seen_at[i] != NULL)
                return mpol_i_yerr(ld, &bloc->items[j], MPOL_EPARSE,
                                   "player \"%s\" is in two "
                                   "unions (first at line %d); unions must not overlap",
                                   d->names[i], mpol_i_yline(ld, seen_at[i]));
            seen_at[i] = &bloc->items[j];
            d->union_of[i] = b;
        }
    }
    for (size_t i = 0; i < d->n; i++) {
        if (seen_at[i] == NULL)
            return mpol_i_yerr(ld, u, MPOL_EPARSE,
                               "player \"%s\" is in no union; unions must "
                               "be a partition of the players (list it alone: [%s])",
                               d->names[i], d->names[i]);
    }
    d->nunions = u->len;
    return MPOL_OK;
}

static mpol_status parse_graph(const mpol_i_loader *ld, tu_data *d, const mpol_i_ynode *g)
{
    mpol_status st = mpol_i_yexpect_seq(ld, g, "graph (a list of [A, B] edges)");
    if (st != MPOL_OK)
        return st;
    d->has_graph = 1;
    if ((d->edges = mpol_malloc((2 * g->len + 1) * sizeof *d->edges)) == NULL)
        return oom();
    for (size_t e = 0; e < g->len; e++) {
        const mpol_i_ynode *edge = &g->items[e];
        if (edge->type != MPOL_I_YSEQ || edge->len != 2)
            return mpol_i_yerr(ld, edge, MPOL_EPARSE,
                               "an edge of graph is a list of two "
                               "players [A, B]");
        size_t a = 0, b = 0;
        if ((st = player_index(ld, d, &edge->items[0], "an edge", &a)) != MPOL_OK ||
            (st = player_index(ld, d, &edge->items[1], "an edge", &b)) != MPOL_OK)
            return st;
        if (a == b)
            return mpol_i_yerr(ld, edge, MPOL_EPARSE,
                               "an edge must join two different "
                               "players, not \"%s\" and itself",
                               d->names[a]);
        d->edges[2 * e] = a;
        d->edges[2 * e + 1] = b;
    }
    d->nedges = g->len;
    return MPOL_OK;
}

/* ---- rules ------------------------------------------------------------------------------ */

/* One number per player: a mapping name: expr naming every player once, or a list of n
 * expressions in player order. Compiled into out[0..n-1]. */
static mpol_status parse_per_player(const mpol_i_loader *ld, const tu_data *d,
                                    const mpol_i_ynode *node, const char *what, mpol_i_mexpr *out)
{
    mpol_status st;
    if (node->type == MPOL_I_YSEQ) {
        if (node->len != d->n)
            return mpol_i_yerr(ld, node, MPOL_EPARSE,
                               "%s has %zu entries but there are %zu "
                               "players",
                               what, (size_t)node->len, d->n);
        for (size_t i = 0; i < d->n; i++)
            if ((st = mpol_i_mexpr_compile(ld, &node->items[i], what, &out[i])) != MPOL_OK)
                return st;
        return MPOL_OK;
    }
    if (node->type != MPOL_I_YMAP)
        return mpol_i_yerr(ld, node, MPOL_EPARSE,
                           "%s must be a mapping player: number or a "
                           "list of one number per player",
                           what);
    for (size_t j = 0; j < node->len; j++) {
        size_t i = 0;
        if ((st = player_index(ld, d, mpol_i_ykey(node, j), what, &i)) != MPOL_OK)
            return st;
        if (mpol_i_mexpr_present(&out[i]))
            return mpol_i_yerr(ld, mpol_i_ykey(node, j), MPOL_EPARSE,
                               "player \"%s\" appears "
                               "twice in %s",
                               d->names[i], what);
        if ((st = mpol_i_mexpr_compile(ld, mpol_i_yval(node, j), what, &out[i])) != MPOL_OK)
            return st;
    }
    for (size_t i = 0; i < d->n; i++)
        if (!mpol_i_mexpr_present(&out[i]))
            return mpol_i_yerr(ld, node, MPOL_EPARSE, "%s has no entry for player \"%s\"", what,
                               d->names[i]);
    return MPOL_OK;
}

static mpol_status parse_rule(const mpol_i_loader *ld, tu_data *d, const mpol_i_ynode *r)
{
    mpol_status st = mpol_i_yexpect_map(ld, r, "rule");
    const mpol_i_ynode *type, *x;
    if (st != MPOL_OK || (st = mpol_i_yrequire(ld, r, "type", "rule", &type)) != MPOL_OK ||
        (st = mpol_i_yexpect_scalar(ld, type, "the rule type")) != MPOL_OK)
        return st;
    size_t t = 1;
    while (rule_names[t] != NULL && strcmp(rule_names[t], type->text) != 0)
        t++;
    if (rule_names[t] == NULL) {
        const char *sug = mpol_i_suggest(type->text, type->len, rule_names + 1, 5);
        return mpol_i_yerr(ld, type, MPOL_EPARSE, "unknown rule \"%s\" (%s%s%s)", type->text,
                           sug ? "did you mean \""
                               : "expected bankruptcy, unanimity, airport, "
                                 "weighted-voting or vector-voting",
                           sug ? sug : "", sug ? "\"?" : "");
    }
    d->rule = (tu_rule_kind)t;
    static const char *const keys[][4] = {
        {NULL},
        {"type", "estate", "claims", NULL},
        {"type", "carrier", NULL},
        {"type", "costs", NULL},
        {"type", "quota", "weights", NULL},
        {"type", "quotas", "weights", NULL},
    };
    char what[64];
    snprintf(what, sizeof what, "a %s rule", rule_names[t]);
    if ((st = mpol_i_ycheck_keys(ld, r, keys[t], what)) != MPOL_OK)
        return st;
    d->k = 1;
    switch (d->rule) {
    case RULE_UNANIMITY:
        if ((st = mpol_i_yrequire(ld, r, "carrier", what, &x)) != MPOL_OK ||
            (st = mpol_i_yexpect_seq(ld, x, "carrier (a list of players)")) != MPOL_OK)
            return st;
        if (x->len == 0)
            return mpol_i_yerr(ld, x, MPOL_EPARSE,
                               "the carrier of a unanimity game must not "
                               "be empty");
        for (size_t j = 0; j < x->len; j++) {
            size_t i = 0;
            if ((st = player_index(ld, d, &x->items[j], "the carrier", &i)) != MPOL_OK)
                return st;
            if (d->carrier & ((mpol_coalition)1 << i))
                return mpol_i_yerr(ld, &x->items[j], MPOL_EPARSE,
                                   "player \"%s\" appears twice "
                                   "in the carrier",
                                   d->names[i]);
            d->carrier |= (mpol_coalition)1 << i;
        }
        return MPOL_OK;
    case RULE_VECTOR_VOTING: {
        const mpol_i_ynode *q;
        if ((st = mpol_i_yrequire(ld, r, "weights", what, &x)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, r, "quotas", what, &q)) != MPOL_OK ||
            (st = mpol_i_yexpect_seq(ld, x, "weights (a list of weight vectors)")) != MPOL_OK ||
            (st = mpol_i_yexpect_seq(ld, q, "quotas (a list of numbers)")) != MPOL_OK)
            return st;
        if (x->len == 0 || x->len > TU_RULE_MAX_QUOTAS)
            return mpol_i_yerr(ld, x, MPOL_EPARSE,
                               "a vector-voting rule has 1 to %d weight "
                               "vectors, not %zu",
                               TU_RULE_MAX_QUOTAS, (size_t)x->len);
        if (q->len != x->len)
            return mpol_i_yerr(ld, q, MPOL_EPARSE,
                               "quotas has %zu entries but weights has "
                               "%zu vectors",
                               (size_t)q->len, (size_t)x->len);
        d->k = x->len;
        d->per_player = mpol_calloc(d->k * d->n, sizeof *d->per_player);
        d->quotas = mpol_calloc(d->k, sizeof *d->quotas);
        if (d->per_player == NULL || d->quotas == NULL)
            return oom();
        for (size_t row = 0; row < d->k; row++) {
            if ((st = parse_per_player(ld, d, &x->items[row], "a weight vector",
                                       d->per_player + row * d->n)) != MPOL_OK ||
                (st = mpol_i_mexpr_compile(ld, &q->items[row], "a quota", &d->quotas[row])) !=
                    MPOL_OK)
                return st;
        }
        return MPOL_OK;
    }
    default:
        break;
    }
    /* bankruptcy, airport, weighted-voting: one scalar (not for airport) and one vector. */
    const char *vec_key = d->rule == RULE_BANKRUPTCY ? "claims"
                          : d->rule == RULE_AIRPORT  ? "costs"
                                                     : "weights";
    if (d->rule != RULE_AIRPORT) {
        const char *sk = d->rule == RULE_BANKRUPTCY ? "estate" : "quota";
        if ((st = mpol_i_yrequire(ld, r, sk, what, &x)) != MPOL_OK ||
            (st = mpol_i_mexpr_compile(ld, x, sk, &d->scalar)) != MPOL_OK)
            return st;
    }
    if ((st = mpol_i_yrequire(ld, r, vec_key, what, &x)) != MPOL_OK)
        return st;
    if ((d->per_player = mpol_calloc(d->n, sizeof *d->per_player)) == NULL)
        return oom();
    return parse_per_player(ld, d, x, vec_key, d->per_player);
}

/* The entries of a `values:` mapping, in order; @p seen indexes their masks. */
static mpol_status parse_coalition_values(const mpol_i_loader *ld, tu_data *d,
                                          const mpol_i_ynode *vals, mpol_i_key_index *seen)
{
    mpol_status st;
    for (size_t i = 0; i < vals->len; i++) {
        const mpol_i_ynode *k = mpol_i_ykey(vals, i);
        tu_entry *e = &d->entries[i];
        size_t j;
        if ((st = coalition(ld, d, k, &e->mask)) != MPOL_OK ||
            (st = mpol_i_key_add(seen, e->mask, i, &j)) != MPOL_OK)
            return st;
        if (j != MPOL_I_NOT_FOUND)
            return mpol_i_yerr(ld, k, MPOL_EPARSE,
                               "coalition given twice (first at line "
                               "%d)",
                               d->entries[j].value.line);
        if ((st = mpol_i_mexpr_compile(ld, mpol_i_yval(vals, i), "a coalition value", &e->value)) !=
            MPOL_OK)
            return st;
        d->nentries = i + 1;
        if (e->mask == 0 && (st = check_empty(ld, k, &e->value)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status parse_tu(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    tu_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *pl, *vals, *def, *rule, *x;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &pl)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, pl, "players", &d->names, &d->n)) != MPOL_OK)
        return st;
    if (d->n > TU_MODEL_MAX_PLAYERS)
        return mpol_i_yerr(ld, pl, MPOL_ELIMIT, "a tu model has at most %d players, not %zu",
                           TU_MODEL_MAX_PLAYERS, d->n);
    if ((x = mpol_i_yget(root, "unions")) != NULL && (st = parse_unions(ld, d, x)) != MPOL_OK)
        return st;
    if ((x = mpol_i_yget(root, "graph")) != NULL && (st = parse_graph(ld, d, x)) != MPOL_OK)
        return st;
    vals = mpol_i_yget(root, "values");
    def = mpol_i_yget(root, "default");
    if ((rule = mpol_i_yget(root, "rule")) != NULL) {
        if (vals != NULL || def != NULL)
            return mpol_i_yerr(ld, vals != NULL ? vals : def, MPOL_EPARSE,
                               "give either rule "
                               "or values (with default), not both");
        return parse_rule(ld, d, rule);
    }
    if ((st = mpol_i_yrequire(ld, root, "values", "the model (or a rule)", &vals)) != MPOL_OK)
        return st;
    size_t full = (size_t)1 << d->n;
    if (def != NULL) {
        if (vals->type == MPOL_I_YSEQ)
            return mpol_i_yerr(ld, def, MPOL_EPARSE,
                               "default applies to a mapping of "
                               "coalitions, not to a list of all 2^n values");
        if ((st = mpol_i_mexpr_compile(ld, def, "default", &d->def)) != MPOL_OK)
            return st;
        d->has_default = 1;
    }
    if (vals->type == MPOL_I_YSEQ) {
        d->table = 1;
        if (vals->len != full)
            return mpol_i_yerr(ld, vals, MPOL_EPARSE,
                               "values has %zu entries but %zu players "
                               "have 2^%zu = %zu coalitions",
                               (size_t)vals->len, d->n, d->n, full);
        if ((d->entries = mpol_calloc(full, sizeof *d->entries)) == NULL)
            return oom();
        for (size_t s = 0; s < full; s++) {
            d->entries[s].mask = (mpol_coalition)s;
            if ((st = mpol_i_mexpr_compile(ld, &vals->items[s], "a coalition value",
                                           &d->entries[s].value)) != MPOL_OK)
                return st;
            d->nentries = s + 1;
        }
        return check_empty(ld, &vals->items[0], &d->entries[0].value);
    }
    if ((st = mpol_i_yexpect_map(ld, vals, "values")) != MPOL_OK)
        return st;
    if (vals->len > 0 && (d->entries = mpol_calloc(vals->len, sizeof *d->entries)) == NULL)
        return oom();
    /* Coalitions seen so far, by mask: a hash index keeps a full listing of 2^n coalitions
     * linear (it was a scan of the earlier entries for each entry). */
    mpol_i_key_index seen = {0};
    st = parse_coalition_values(ld, d, vals, &seen);
    mpol_i_key_index_free(&seen);
    return st;
}

/* ---- evaluation ------------------------------------------------------------------------- */

/* Evaluates a rule number and checks its sign: @p positive requires > 0, else >= 0. */
static mpol_status eval_number(const mpol_model *m, const mpol_i_mexpr *e, const double *params,
                               const char *what, const char *player, int positive, double *out)
{
    mpol_status st = mpol_i_mexpr_eval(m, e, params, out);
    if (st != MPOL_OK)
        return st;
    if (positive ? !(*out > 0) : !(*out >= 0))
        return mpol_i_yerr_at(m->source, e->line, e->col, MPOL_ENUMERIC,
                              "%s%s%s%s must be %s, "
                              "not %g",
                              what, player ? " of \"" : "", player ? player : "",
                              player ? "\"" : "", positive ? "positive" : "non-negative", *out);
    return MPOL_OK;
}

/* The rule's quota test, as in values.h's constructors. */
static int reaches(double sum, double quota)
{
    return sum >= quota - MPOL_RULE_WEIGHT_TOL * fabs(quota);
}

/* t[S] = sum of a over S for every S (t has 2^n entries). */
static void coalition_sums(double *t, const double *a, size_t n)
{
    size_t size = (size_t)1 << n;
    t[0] = 0;
    for (size_t S = 1; S < size; S++)
        t[S] = t[S & (S - 1)] + a[__builtin_ctzl((unsigned long)S)];
}

static mpol_status rule_eval(const mpol_model *m, const tu_data *d, const double *params, double *v)
{
    size_t n = d->n, size = (size_t)1 << n, full = size - 1;
    double a[TU_RULE_MAX_QUOTAS * TU_MODEL_MAX_PLAYERS], s = 0;
    mpol_status st;
    static const char *const vec_what[] = {NULL,         "the claim", NULL, "the runway cost",
                                           "the weight", "the weight"};
    if (d->rule != RULE_UNANIMITY) {
        for (size_t i = 0; i < d->k * n; i++)
            if ((st = eval_number(m, &d->per_player[i], params, vec_what[d->rule], d->names[i % n],
                                  0, &a[i])) != MPOL_OK)
                return st;
    }
    if ((d->rule == RULE_BANKRUPTCY &&
         (st = eval_number(m, &d->scalar, params, "the estate", NULL, 0, &s)) != MPOL_OK) ||
        (d->rule == RULE_WEIGHTED_VOTING &&
         (st = eval_number(m, &d->scalar, params, "the quota", NULL, 1, &s)) != MPOL_OK))
        return st;
    switch (d->rule) {
    case RULE_BANKRUPTCY:
        /* v(S) = max(0, E - d(N \ S)), from the complement's sum (mpol_tu_bankruptcy). */
        coalition_sums(v, a, n);
        for (size_t S = 0; S < size / 2; S++) {
            size_t C = full ^ S;
            double dS = v[S], dC = v[C];
            v[S] = fmax(0.0, s - dC);
            v[C] = fmax(0.0, s - dS);
        }
        break;
    case RULE_UNANIMITY:
        for (size_t S = 0; S < size; S++)
            v[S] = (S & d->carrier) == d->carrier ? 1.0 : 0.0;
        break;
    case RULE_AIRPORT:
        v[0] = 0;
        for (size_t S = 1; S < size; S++)
            v[S] = fmax(v[S & (S - 1)], a[__builtin_ctzl((unsigned long)S)]);
        break;
    case RULE_WEIGHTED_VOTING:
        coalition_sums(v, a, n);
        for (size_t S = 0; S < size; S++)
            v[S] = reaches(v[S], s) ? 1.0 : 0.0;
        break;
    case RULE_VECTOR_VOTING: {
        /* Each row's coalition sums from a low and a high half, so that no 2^n scratch
         * table is needed: sum(S) = lo[S & mask] + hi[S >> h]. */
        size_t h = n < TU_SPLIT_BITS ? n : (n + 1) / 2, mask = ((size_t)1 << h) - 1;
        double lo[(size_t)1 << TU_SPLIT_BITS], hi[(size_t)1 << TU_SPLIT_BITS];
        for (size_t S = 0; S < size; S++)
            v[S] = 1.0;
        for (size_t row = 0; row < d->k; row++) {
            double q;
            if ((st = eval_number(m, &d->quotas[row], params, "the quota", NULL, 1, &q)) != MPOL_OK)
                return st;
            coalition_sums(lo, a + row * n, h);
            coalition_sums(hi, a + row * n + h, n - h);
            for (size_t S = 0; S < size; S++)
                if (!reaches(lo[S & mask] + hi[S >> h], q))
                    v[S] = 0.0;
        }
        break;
    }
    default:
        break;
    }
    v[0] = 0;
    return MPOL_OK;
}

static mpol_status tu_eval(const mpol_model *m, const double *params, mpol_tu_game *g)
{
    const tu_data *d = m->data;
    if (g->n != d->n)
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_eval_tu: the game has %zu players, the "
                          "model %zu",
                          g->n, d->n);
    mpol_status st;
    size_t full = (size_t)1 << d->n;
    if (d->raw != NULL) {
        memcpy(g->v, d->raw, full * sizeof *g->v);
        return MPOL_OK;
    }
    if (d->rule != RULE_NONE)
        return rule_eval(m, d, params, g->v);
    if (!d->table) {
        double dv = 0;
        if (d->has_default && (st = mpol_i_mexpr_eval(m, &d->def, params, &dv)) != MPOL_OK)
            return st;
        for (size_t s = 1; s < full; s++)
            g->v[s] = dv;
    }
    for (size_t i = 0; i < d->nentries; i++) {
        if ((st = mpol_i_mexpr_eval(m, &d->entries[i].value, params, &g->v[d->entries[i].mask])) !=
            MPOL_OK)
            return st;
    }
    g->v[0] = 0;
    return MPOL_OK;
}

static mpol_status tu_game(const mpol_model *m, const double *params, mpol_tu_game **out)
{
    const tu_data *d = m->data;
    mpol_tu_game *g;
    mpol_status st = mpol_tu_alloc(&g, d->n);
    for (size_t i = 0; i < d->n && st == MPOL_OK; i++)
        st = mpol_tu_set_name(g, i, d->names[i]);
    if (st == MPOL_OK)
        st = tu_eval(m, params, g);
    if (st != MPOL_OK) {
        mpol_tu_free(g);
        return st;
    }
    *out = g;
    return MPOL_OK;
}

static mpol_status tu_check(const mpol_model *m, const double *params)
{
    const tu_data *d = m->data;
    double v;
    mpol_status st;
    if (d->rule != RULE_NONE) {
        /* Evaluates the whole rule: signs of claims, costs, weights and quotas. */
        mpol_tu_game *g = NULL;
        st = tu_game(m, params, &g);
        mpol_tu_free(g);
        return st;
    }
    if (d->has_default && (st = mpol_i_mexpr_eval(m, &d->def, params, &v)) != MPOL_OK)
        return st;
    for (size_t i = 0; i < d->nentries; i++) {
        if ((st = mpol_i_mexpr_eval(m, &d->entries[i].value, params, &v)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* ---- writing ---------------------------------------------------------------------------- */

static void write_per_player(FILE *out, const tu_data *d, const mpol_i_mexpr *e)
{
    fputc('{', out);
    for (size_t i = 0; i < d->n; i++) {
        fputs(i > 0 ? ", " : "", out);
        mpol_i_write_quoted(out, d->names[i]);
        fputs(": ", out);
        mpol_i_mexpr_write(out, &e[i]);
    }
    fputc('}', out);
}

static void write_rule(FILE *out, const tu_data *d)
{
    fprintf(out, "rule:\n  type: %s\n", rule_names[d->rule]);
    switch (d->rule) {
    case RULE_UNANIMITY:
        fputs("  carrier: [", out);
        for (size_t i = 0, first = 1; i < d->n; i++) {
            if (d->carrier & ((mpol_coalition)1 << i)) {
                fputs(first ? "" : ", ", out);
                mpol_i_write_quoted(out, d->names[i]);
                first = 0;
            }
        }
        fputs("]\n", out);
        return;
    case RULE_VECTOR_VOTING:
        fputs("  quotas: [", out);
        for (size_t r = 0; r < d->k; r++) {
            fputs(r > 0 ? ", " : "", out);
            mpol_i_mexpr_write(out, &d->quotas[r]);
        }
        fputs("]\n  weights:\n", out);
        for (size_t r = 0; r < d->k; r++) {
            fputs("    - ", out);
            write_per_player(out, d, d->per_player + r * d->n);
            fputc('\n', out);
        }
        return;
    default:
        break;
    }
    if (d->rule != RULE_AIRPORT) {
        fputs(d->rule == RULE_BANKRUPTCY ? "  estate: " : "  quota: ", out);
        mpol_i_mexpr_write(out, &d->scalar);
        fputc('\n', out);
    }
    fputs(d->rule == RULE_BANKRUPTCY ? "  claims: "
          : d->rule == RULE_AIRPORT  ? "  costs: "
                                     : "  weights: ",
          out);
    write_per_player(out, d, d->per_player);
    fputc('\n', out);
}

static void write_names_list(FILE *out, const tu_data *d, const size_t *idx, size_t k)
{
    fputc('[', out);
    for (size_t j = 0; j < k; j++) {
        fputs(j > 0 ? ", " : "", out);
        mpol_i_write_quoted(out, d->names[idx[j]]);
    }
    fputc(']', out);
}

static void tu_write(const mpol_model *m, FILE *out)
{
    const tu_data *d = m->data;
    fputs("players: [", out);
    for (size_t i = 0; i < d->n; i++) {
        if (i > 0)
            fputs(", ", out);
        mpol_i_write_quoted(out, d->names[i]);
    }
    fputs("]\n", out);
    if (d->nunions > 0) {
        fputs("unions:\n", out);
        for (size_t b = 0; b < d->nunions; b++) {
            size_t idx[MPOL_TU_MAX_PLAYERS];
            size_t k = 0;
            for (size_t i = 0; i < d->n; i++)
                if (d->union_of[i] == b)
                    idx[k++] = i;
            fputs("  - ", out);
            write_names_list(out, d, idx, k);
            fputc('\n', out);
        }
    }
    if (d->has_graph) {
        fputs(d->nedges == 0 ? "graph: []\n" : "graph:\n", out);
        for (size_t e = 0; e < d->nedges; e++) {
            fputs("  - ", out);
            write_names_list(out, d, d->edges + 2 * e, 2);
            fputc('\n', out);
        }
    }
    if (d->raw != NULL) {
        fputs("values:\n", out);
        for (size_t s = 0; s < ((size_t)1 << d->n); s++) {
            fputs("  - ", out);
            mpol_i_write_double(out, d->raw[s]);
            fputc('\n', out);
        }
        return;
    }
    if (d->rule != RULE_NONE) {
        write_rule(out, d);
        return;
    }
    if (d->has_default) {
        fputs("default: ", out);
        mpol_i_mexpr_write(out, &d->def);
        fputc('\n', out);
    }
    if (d->table) {
        fputs("values:\n", out);
        for (size_t s = 0; s < d->nentries; s++) {
            fputs("  - ", out);
            mpol_i_mexpr_write(out, &d->entries[s].value);
            fputc('\n', out);
        }
        return;
    }
    fputs(d->nentries == 0 ? "values: {}\n" : "values:\n", out);
    for (size_t i = 0; i < d->nentries; i++) {
        fputs("  [", out);
        for (size_t p = 0, first = 1; p < d->n; p++) {
            if (d->entries[i].mask & ((mpol_coalition)1 << p)) {
                if (!first)
                    fputs(", ", out);
                mpol_i_write_quoted(out, d->names[p]);
                first = 0;
            }
        }
        fputs("]: ", out);
        mpol_i_mexpr_write(out, &d->entries[i].value);
        fputc('\n', out);
    }
}

static const char *const tu_keys[] = {"players", "values", "default", "rule",
                                      "unions",  "graph",  NULL};

const mpol_i_kind_ops mpol_i_kind_tu = {
    .name = "tu",
    .kind = MPOL_MODEL_TU,
    .keys = tu_keys,
    .parse = parse_tu,
    .check = tu_check,
    .free = tu_free,
    .write = tu_write,
    .tu = tu_game,
    .eval_tu = tu_eval,
    .sweep = &mpol_i_sweep_tu,
};

/* ---- public accessors ------------------------------------------------------------------- */

static mpol_status need_tu(const mpol_model *m, const char *who)
{
    if (m == NULL)
        return mpol_error(MPOL_EINVAL, "%s: model is NULL", who);
    if (m->kind != MPOL_MODEL_TU)
        return mpol_error(MPOL_EINVAL, "%s: %s is a %s model, not a tu model", who, m->source,
                          mpol_model_kind_name(m->kind));
    return MPOL_OK;
}

size_t mpol_model_tu_nplayers(const mpol_model *m)
{
    if (need_tu(m, "mpol_model_tu_nplayers") != MPOL_OK)
        return 0;
    return ((const tu_data *)m->data)->n;
}

mpol_status mpol_model_tu_unions(const mpol_model *m, size_t *union_of, size_t *nunions)
{
    mpol_status st = need_tu(m, "mpol_model_tu_unions");
    if (st != MPOL_OK)
        return st;
    if (nunions == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_tu_unions: nunions is NULL");
    const tu_data *d = m->data;
    *nunions = d->nunions;
    if (union_of != NULL && d->nunions > 0)
        memcpy(union_of, d->union_of, d->n * sizeof *union_of);
    return MPOL_OK;
}

mpol_status mpol_model_tu_graph(const mpol_model *m, const size_t **edges, size_t *nedges)
{
    mpol_status st = need_tu(m, "mpol_model_tu_graph");
    if (st != MPOL_OK)
        return st;
    if (edges == NULL || nedges == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_tu_graph: NULL argument");
    const tu_data *d = m->data;
    *edges = d->has_graph ? d->edges : NULL;
    *nedges = d->nedges;
    return MPOL_OK;
}

const char *mpol_model_tu_rule(const mpol_model *m)
{
    if (need_tu(m, "mpol_model_tu_rule") != MPOL_OK)
        return NULL;
    return rule_names[((const tu_data *)m->data)->rule];
}

mpol_status mpol_model_from_tu(mpol_model **out, const mpol_tu_game *g, const char *source)
{
    static const char who[] = "mpol_model_from_tu";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    if (g->n == 0 || g->n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: %zu players; must be 1..%d", who, g->n,
                          MPOL_TU_MAX_PLAYERS);
    size_t full = (size_t)1 << g->n;
    for (size_t S = 0; S < full; S++)
        if (!isfinite(g->v[S]) || (S == 0 && g->v[S] != 0))
            return mpol_error(MPOL_EINVAL,
                              "%s: v[%zu] = %g; values must be finite and "
                              "v(empty) = 0",
                              who, S, g->v[S]);
    mpol_model *m;
    mpol_status st = mpol_i_model_new(&m, source);
    if (st != MPOL_OK)
        return st;
    m->kind = MPOL_MODEL_TU;
    m->ops = &mpol_i_kind_tu;
    tu_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    char title[96];
    snprintf(title, sizeof title, "TU game with %zu players", g->n);
    mpol_free(m->title);
    m->title = NULL;
    if (d == NULL || (m->title = mpol_strdup(title)) == NULL ||
        (d->names = mpol_calloc(g->n, sizeof *d->names)) == NULL)
        goto nomem;
    d->n = g->n;
    for (size_t i = 0; i < g->n; i++)
        if ((d->names[i] = mpol_strdup(g->names[i])) == NULL)
            goto nomem;
    if ((d->raw = mpol_malloc(full * sizeof *d->raw)) == NULL)
        goto nomem;
    memcpy(d->raw, g->v, full * sizeof *d->raw);
    *out = m;
    return MPOL_OK;
nomem:
    mpol_model_free(m);
    return oom();
}
