/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parser of the `tree` model kind (grammar in docs/model-format.md,
 * "tree", and docs/trees.md): `players:` (names) and `root:`, a node. A node is a mapping:
 *
 *   decision:  {player: NAME, infoset: NAME (optional), label: ..., actions: [ACTION, ...]}
 *   chance:    {chance: LABEL, probs: [p, ...] (or prob: on each action), actions: [...]}
 *   terminal:  {payoff: [v, ...] or {PLAYER: v, ...}, label: ...}
 *
 * and an action {name: NAME, node: NODE} or {name: NAME, payoff: ...} (a terminal), with
 * `prob:` under a chance node. Payoffs and probabilities are expressions of the parameters.
 * Nodes sharing an `infoset:` form one information set: one player, the same action names
 * in the same order. Without `infoset:` a decision node is a set of its own. The
 * probabilities and perfect recall are checked when the model is evaluated
 * (kind_tree_eval.c).
 */
#include <string.h>

#include "model/tree_model_internal.h"
#include "multipolar/tree.h"
#include "sweep/sweep_internal.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

/* Grows @p arr (elements of @p size) to hold @p need. */
static mpol_status reserve(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return MPOL_OK;
    size_t c = *cap < 16 ? 16 : *cap;
    while (c < need)
        c *= 2;
    void *p = mpol_realloc(*arr, c * size);
    if (p == NULL)
        return oom();
    memset((char *)p + *cap * size, 0, (c - *cap) * size);
    *arr = p;
    *cap = c;
    return MPOL_OK;
}

void mpol_i_tree_data_free(void *p)
{
    tk_data *d = p;
    if (d == NULL)
        return;
    mpol_i_free_strings(d->players, d->n);
    for (size_t i = 0; i < d->nnodes; i++)
        mpol_free(d->nodes[i].label);
    for (size_t h = 0; h < d->nisets; h++) {
        mpol_free(d->isets[h].name);
        mpol_free(d->isets[h].auto_label);
    }
    for (size_t a = 0; a < d->nacts; a++)
        mpol_free(d->acts[a]);
    for (size_t k = 0; k < d->npay; k++)
        mpol_i_mexpr_free(&d->pay[k]);
    for (size_t k = 0; k < d->nprob; k++)
        mpol_i_mexpr_free(&d->prob[k]);
    mpol_free(d->nodes);
    mpol_free(d->isets);
    mpol_free(d->acts);
    mpol_free(d->pay);
    mpol_free(d->prob);
    mpol_free(d);
}

typedef struct tk_parse {
    const mpol_i_loader *ld;
    tk_data *d;
    char *path; /* action names from the root, '/'-separated (auto labels) */
    size_t path_len, path_cap;
} tk_parse;

static mpol_status parse_node(tk_parse *ps, const mpol_i_ynode *node, size_t parent, size_t rank,
                              int depth);

static size_t player_index(const tk_data *d, const char *name)
{
    for (size_t p = 0; p < d->n; p++)
        if (strcmp(d->players[p], name) == 0)
            return p;
    return d->n;
}

static mpol_status unknown_player(const mpol_i_loader *ld, const tk_data *d, const mpol_i_ynode *at)
{
    (void)d;
    return mpol_i_yerr(ld, at, MPOL_EPARSE, "unknown player \"%s\" (not in players:)", at->text);
}

static mpol_status parse_payoff(tk_parse *ps, const mpol_i_ynode *v, size_t *first)
{
    const mpol_i_loader *ld = ps->ld;
    tk_data *d = ps->d;
    mpol_status st = reserve((void **)&d->pay, &d->cap_pay, d->npay + d->n, sizeof *d->pay);
    if (st != MPOL_OK)
        return st;
    *first = d->npay;
    mpol_i_mexpr *row = d->pay + d->npay;
    d->npay += d->n; /* freed with the model even when a compile below fails */
    if (v->type == MPOL_I_YMAP) {
        d->pay_map = 1;
        for (size_t i = 0; i < v->len; i++) {
            const mpol_i_ynode *k = mpol_i_ykey(v, i);
            if ((st = mpol_i_yexpect_scalar(ld, k, "a player name")) != MPOL_OK)
                return st;
            size_t p = player_index(d, k->text);
            if (p == d->n)
                return unknown_player(ld, d, k);
            if (mpol_i_mexpr_present(&row[p]))
                return mpol_i_yerr(ld, k, MPOL_EPARSE, "player \"%s\" given twice", k->text);
            if ((st = mpol_i_mexpr_compile(ld, mpol_i_yval(v, i), "a payoff", &row[p])) != MPOL_OK)
                return st;
        }
        for (size_t p = 0; p < d->n; p++)
            if (!mpol_i_mexpr_present(&row[p]))
                return mpol_i_yerr(ld, v, MPOL_EPARSE, "the payoff of \"%s\" is missing",
                                   d->players[p]);
        return MPOL_OK;
    }
    if (v->type == MPOL_I_YSCALAR && d->n == 1)
        return mpol_i_mexpr_compile(ld, v, "a payoff", &row[0]);
    if ((st = mpol_i_yexpect_seq(ld, v, "a payoff (a list, one number per player)")) != MPOL_OK)
        return st;
    if (v->len != d->n)
        return mpol_i_yerr(ld, v, MPOL_EPARSE, "a payoff has %u numbers, not %zu (one per player)",
                           (unsigned)v->len, d->n);
    for (size_t p = 0; p < d->n; p++)
        if ((st = mpol_i_mexpr_compile(ld, &v->items[p], "a payoff", &row[p])) != MPOL_OK)
            return st;
    return MPOL_OK;
}

/* A new node (its fields but iset, pay, prob filled). */
static mpol_status new_node(tk_parse *ps, const mpol_i_ynode *at, size_t parent, size_t rank,
                            size_t *out)
{
    tk_data *d = ps->d;
    if (d->nnodes >= MPOL_TREE_MAX_NODES)
        return mpol_i_yerr(ps->ld, at, MPOL_ELIMIT, "the tree has more than %zu nodes",
                           (size_t)MPOL_TREE_MAX_NODES);
    mpol_status st = reserve((void **)&d->nodes, &d->cap_nodes, d->nnodes + 1, sizeof *d->nodes);
    if (st != MPOL_OK)
        return st;
    tk_node *n = &d->nodes[d->nnodes];
    n->parent = parent;
    n->rank = rank;
    n->iset = MPOL_TREE_NONE;
    mpol_i_ypos(ps->ld->doc, at, &n->line, &n->col);
    *out = d->nnodes++;
    return MPOL_OK;
}

static mpol_status parse_terminal(tk_parse *ps, const mpol_i_ynode *pay, const mpol_i_ynode *at,
                                  size_t parent, size_t rank, const mpol_i_ynode *label)
{
    size_t k = 0;
    mpol_status st = new_node(ps, at, parent, rank, &k);
    if (st == MPOL_OK && label != NULL)
        st = mpol_i_yname(ps->ld, label, "a label", &ps->d->nodes[k].label);
    size_t first = 0;
    if (st == MPOL_OK)
        st = parse_payoff(ps, pay, &first);
    if (st == MPOL_OK)
        ps->d->nodes[k].pay = first;
    return st;
}

/* The action names of a node's `actions:` list (checked: a mapping each, a distinct name). */
static mpol_status action_names(tk_parse *ps, const mpol_i_ynode *acts, int chance, char ***out)
{
    static const char *const pkeys[] = {"name", "node", "payoff", NULL};
    static const char *const ckeys[] = {"name", "prob", "node", "payoff", NULL};
    const mpol_i_loader *ld = ps->ld;
    *out = NULL;
    mpol_status st = mpol_i_yexpect_seq(ld, acts, "actions");
    if (st != MPOL_OK)
        return st;
    if (acts->len == 0)
        return mpol_i_yerr(ld, acts, MPOL_EPARSE, "actions lists no action");
    char **names = mpol_calloc(acts->len, sizeof *names);
    if (names == NULL)
        return oom();
    for (size_t a = 0; a < acts->len && st == MPOL_OK; a++) {
        const mpol_i_ynode *it = &acts->items[a], *nm;
        if ((st = mpol_i_yexpect_map(ld, it, "an action")) != MPOL_OK ||
            (st = mpol_i_ycheck_keys(ld, it, chance ? ckeys : pkeys, "an action")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, it, "name", "an action", &nm)) != MPOL_OK ||
            (st = mpol_i_yname(ld, nm, "an action name", &names[a])) != MPOL_OK)
            break;
        for (size_t b = 0; b < a; b++)
            if (strcmp(names[a], names[b]) == 0) {
                st = mpol_i_yerr(ld, nm, MPOL_EPARSE, "action \"%s\" named twice at one node",
                                 names[a]);
                break;
            }
        if (st != MPOL_OK)
            break;
        int has_node = mpol_i_yget(it, "node") != NULL, has_pay = mpol_i_yget(it, "payoff") != NULL;
        if (has_node == has_pay)
            st = mpol_i_yerr(ld, it, MPOL_EPARSE,
                             has_node ? "action \"%s\" has both node: and payoff:"
                                      : "action \"%s\" needs node: or payoff: (a terminal)",
                             names[a]);
    }
    if (st != MPOL_OK) {
        mpol_i_free_strings(names, acts->len);
        return st;
    }
    *out = names;
    return MPOL_OK;
}

/* The set of a decision or chance node: a named player set found or added, or a new one. */
static mpol_status node_iset(tk_parse *ps, const mpol_i_ynode *at, const mpol_i_ynode *iname,
                             size_t player, char **names, size_t na, const char *label, size_t *out)
{
    const mpol_i_loader *ld = ps->ld;
    tk_data *d = ps->d;
    if (iname != NULL) {
        for (size_t h = 0; h < d->nisets; h++) {
            const tk_iset *s = &d->isets[h];
            if (!s->named || strcmp(s->name, iname->text) != 0)
                continue;
            if (s->player != player)
                return mpol_i_yerr(ld, iname, MPOL_EPARSE,
                                   "information set \"%s\" belongs to %s (line %d), not %s",
                                   s->name, d->players[s->player], s->line, d->players[player]);
            int same = s->nact == na;
            for (size_t a = 0; same && a < na; a++)
                same = strcmp(d->acts[s->act0 + a], names[a]) == 0;
            if (!same)
                return mpol_i_yerr(ld, at, MPOL_EPARSE,
                                   "information set \"%s\": this node's actions differ from "
                                   "those at line %d (the same names in the same order)",
                                   s->name, s->line);
            *out = h;
            return MPOL_OK;
        }
    }
    mpol_status st;
    if ((st = reserve((void **)&d->isets, &d->cap_isets, d->nisets + 1, sizeof *d->isets)) !=
            MPOL_OK ||
        (st = reserve((void **)&d->acts, &d->cap_acts, d->nacts + na, sizeof *d->acts)) != MPOL_OK)
        return st;
    tk_iset *s = &d->isets[d->nisets];
    memset(s, 0, sizeof *s);
    s->player = player;
    s->nact = na;
    s->act0 = d->nacts;
    s->named = iname != NULL;
    mpol_i_ypos(ld->doc, iname != NULL ? iname : at, &s->line, &s->col);
    const char *nm = iname != NULL ? iname->text : label;
    *out = d->nisets++;
    if (nm != NULL && (s->name = mpol_strdup(nm)) == NULL)
        return oom();
    if (player != MPOL_TREE_CHANCE && iname == NULL &&
        (s->auto_label = mpol_strdup(ps->path_len ? ps->path : "root")) == NULL)
        return oom();
    for (size_t a = 0; a < na; a++) {
        d->acts[d->nacts++] = names[a];
        names[a] = NULL;
    }
    return MPOL_OK;
}

/* Chance probabilities: `probs:` on the node or `prob:` on every action. */
static mpol_status parse_probs(tk_parse *ps, const mpol_i_ynode *node, const mpol_i_ynode *acts,
                               size_t *first)
{
    const mpol_i_loader *ld = ps->ld;
    tk_data *d = ps->d;
    size_t na = acts->len;
    mpol_status st = reserve((void **)&d->prob, &d->cap_prob, d->nprob + na, sizeof *d->prob);
    if (st != MPOL_OK)
        return st;
    *first = d->nprob;
    mpol_i_mexpr *row = d->prob + d->nprob;
    d->nprob += na;
    const mpol_i_ynode *probs = mpol_i_yget(node, "probs");
    size_t with = 0;
    for (size_t a = 0; a < na; a++)
        with += mpol_i_yget(&acts->items[a], "prob") != NULL;
    if (probs != NULL && with > 0)
        return mpol_i_yerr(ld, probs, MPOL_EPARSE,
                           "give the probabilities as probs: or as prob: on each action, "
                           "not both");
    if (probs != NULL) {
        if ((st = mpol_i_yexpect_seq(ld, probs, "probs")) != MPOL_OK)
            return st;
        if (probs->len != na)
            return mpol_i_yerr(ld, probs, MPOL_EPARSE, "probs has %u numbers for %zu actions",
                               (unsigned)probs->len, na);
        for (size_t a = 0; a < na && st == MPOL_OK; a++)
            st = mpol_i_mexpr_compile(ld, &probs->items[a], "a probability", &row[a]);
        return st;
    }
    if (with != na)
        return mpol_i_yerr(ld, node, MPOL_EPARSE,
                           "a chance node needs probs: [...] or prob: on each of its %zu "
                           "actions",
                           na);
    for (size_t a = 0; a < na && st == MPOL_OK; a++)
        st = mpol_i_mexpr_compile(ld, mpol_i_yget(&acts->items[a], "prob"), "a probability",
                                  &row[a]);
    return st;
}

static mpol_status path_push(tk_parse *ps, const char *name, size_t *saved)
{
    *saved = ps->path_len;
    size_t len = strlen(name), need = ps->path_len + len + 2;
    if (need > ps->path_cap) {
        size_t cap = need * 2;
        char *p = mpol_realloc(ps->path, cap);
        if (p == NULL)
            return oom();
        ps->path = p;
        ps->path_cap = cap;
    }
    if (ps->path_len > 0)
        ps->path[ps->path_len++] = '/';
    memcpy(ps->path + ps->path_len, name, len + 1);
    ps->path_len += len;
    return MPOL_OK;
}

static mpol_status parse_children(tk_parse *ps, const mpol_i_ynode *acts, size_t k, int depth)
{
    mpol_status st = MPOL_OK;
    const tk_iset *s = &ps->d->isets[ps->d->nodes[k].iset];
    size_t act0 = s->act0;
    for (size_t a = 0; a < acts->len && st == MPOL_OK; a++) {
        const mpol_i_ynode *it = &acts->items[a], *child = mpol_i_yget(it, "node");
        size_t saved = 0;
        if ((st = path_push(ps, ps->d->acts[act0 + a], &saved)) != MPOL_OK)
            break;
        if (child != NULL)
            st = parse_node(ps, child, k, a, depth + 1);
        else
            st = parse_terminal(ps, mpol_i_yget(it, "payoff"), it, k, a, NULL);
        ps->path_len = saved;
        if (ps->path != NULL)
            ps->path[saved] = '\0';
    }
    return st;
}

static mpol_status parse_inner(tk_parse *ps, const mpol_i_ynode *node, size_t parent, size_t rank,
                               int depth, const mpol_i_ynode *who, int chance)
{
    static const char *const pkeys[] = {"player", "infoset", "label", "actions", NULL};
    static const char *const ckeys[] = {"chance", "probs", "label", "actions", NULL};
    const mpol_i_loader *ld = ps->ld;
    tk_data *d = ps->d;
    const mpol_i_ynode *acts, *label = mpol_i_yget(node, "label"), *iname = NULL;
    mpol_status st;
    if ((st = mpol_i_ycheck_keys(ld, node, chance ? ckeys : pkeys,
                                 chance ? "a chance node" : "a decision node")) != MPOL_OK ||
        (st = mpol_i_yexpect_scalar(ld, who, chance ? "chance (a label)" : "player")) != MPOL_OK ||
        (st = mpol_i_yrequire(ld, node, "actions", chance ? "a chance node" : "a decision node",
                              &acts)) != MPOL_OK)
        return st;
    size_t player = MPOL_TREE_CHANCE;
    if (!chance) {
        if ((player = player_index(d, who->text)) == d->n)
            return unknown_player(ld, d, who);
        if ((iname = mpol_i_yget(node, "infoset")) != NULL &&
            ((st = mpol_i_yexpect_scalar(ld, iname, "infoset (a name)")) != MPOL_OK))
            return st;
        if (iname != NULL && iname->text[0] == '\0')
            return mpol_i_yerr(ld, iname, MPOL_EPARSE, "an empty information set name");
    }
    size_t k = 0;
    char **names = NULL;
    if ((st = new_node(ps, node, parent, rank, &k)) != MPOL_OK)
        return st;
    if (label != NULL && (st = mpol_i_yname(ld, label, "a label", &d->nodes[k].label)) != MPOL_OK)
        return st;
    if ((st = action_names(ps, acts, chance, &names)) != MPOL_OK)
        return st;
    size_t h = 0;
    st = node_iset(ps, node, iname, player, names, acts->len,
                   chance ? who->text : d->nodes[k].label, &h);
    mpol_i_free_strings(names, acts->len);
    if (st != MPOL_OK)
        return st;
    d->nodes[k].iset = h;
    if (chance && (st = parse_probs(ps, node, acts, &d->nodes[k].prob)) != MPOL_OK)
        return st;
    return parse_children(ps, acts, k, depth);
}

static mpol_status parse_node(tk_parse *ps, const mpol_i_ynode *node, size_t parent, size_t rank,
                              int depth)
{
    static const char *const tkeys[] = {"payoff", "label", NULL};
    const mpol_i_loader *ld = ps->ld;
    mpol_status st = mpol_i_yexpect_map(ld, node, "a node");
    if (st != MPOL_OK)
        return st;
    if (depth > TK_MAX_DEPTH)
        return mpol_i_yerr(ld, node, MPOL_ELIMIT, "the tree is nested deeper than %d levels",
                           TK_MAX_DEPTH);
    const mpol_i_ynode *pl = mpol_i_yget(node, "player"), *ch = mpol_i_yget(node, "chance"),
                       *pay = mpol_i_yget(node, "payoff");
    if ((pl != NULL) + (ch != NULL) + (pay != NULL) > 1)
        return mpol_i_yerr(ld, node, MPOL_EPARSE,
                           "a node is a decision (player:), a chance node (chance:) or a "
                           "terminal (payoff:), not several");
    if (pl != NULL)
        return parse_inner(ps, node, parent, rank, depth, pl, 0);
    if (ch != NULL)
        return parse_inner(ps, node, parent, rank, depth, ch, 1);
    if (pay == NULL) {
        /* a key from elsewhere first gets its own message */
        static const char *const all[] = {"player", "infoset", "chance", "probs",
                                          "label",  "actions", "payoff", NULL};
        if ((st = mpol_i_ycheck_keys(ld, node, all, "a node")) != MPOL_OK)
            return st;
        return mpol_i_yerr(ld, node, MPOL_EPARSE,
                           "a node needs player: (a decision), chance: or payoff: (a "
                           "terminal)");
    }
    if ((st = mpol_i_ycheck_keys(ld, node, tkeys, "a terminal node")) != MPOL_OK)
        return st;
    return parse_terminal(ps, pay, node, parent, rank, mpol_i_yget(node, "label"));
}

static mpol_status parse_tree(const mpol_i_loader *ld, mpol_model *model, const mpol_i_ynode *root)
{
    tk_data *d = mpol_calloc(1, sizeof *d);
    model->data = d;
    if (d == NULL)
        return oom();
    const mpol_i_ynode *players, *top;
    mpol_status st;
    if ((st = mpol_i_yrequire(ld, root, "players", "the model", &players)) != MPOL_OK ||
        (st = mpol_i_ynames(ld, players, "players", &d->players, &d->n)) != MPOL_OK)
        return st;
    if (d->n > 1024)
        return mpol_i_yerr(ld, players, MPOL_ELIMIT, "more than 1024 players");
    if ((st = mpol_i_yrequire(ld, root, "root", "the model", &top)) != MPOL_OK)
        return st;
    tk_parse ps = {.ld = ld, .d = d};
    st = parse_node(&ps, top, MPOL_TREE_NONE, 0, 0);
    mpol_free(ps.path);
    return st;
}

static const char *const tree_keys[] = {"players", "root", NULL};

const mpol_i_kind_ops mpol_i_kind_tree = {
    .name = "tree",
    .kind = MPOL_MODEL_TREE,
    .keys = tree_keys,
    .parse = parse_tree,
    .check = mpol_i_tree_model_check,
    .free = mpol_i_tree_data_free,
    .write = mpol_i_tree_model_write,
    .game = mpol_i_tree_model_game,
    .eval_game = mpol_i_tree_model_eval_game,
    .sweep = &mpol_i_sweep_tree,
};
