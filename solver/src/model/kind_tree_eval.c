/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file evaluates a `tree` model into a finalised mpol_tree (multipolar/tree.h): payoffs
 * and chance probabilities at the parameters, each chance node's probabilities checked (in
 * [0, 1], summing to 1 within 1e-9; "FILE:LINE:COL:" at the node), perfect recall checked by
 * mpol_tree_finalize() (its message placed at the first use of the information set that
 * breaks it). mpol_model_eval_tree() re-evaluates a tree of the same model in place (the
 * structure is the model's; payoffs, probabilities, chance reach and the payoff range
 * change). It also writes the model back as YAML and wraps a tree as a model.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/tree_model_internal.h"
#include "multipolar/tree.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static int is_tree(const mpol_model *m)
{
    return m != NULL && m->ops == &mpol_i_kind_tree;
}

/* Chance node k's probabilities at @p params into @p out (nact values), checked. */
static mpol_status eval_probs(const mpol_model *m, const tk_data *d, size_t k, const double *params,
                              double *out)
{
    const tk_node *n = &d->nodes[k];
    size_t na = d->isets[n->iset].nact;
    double sum = 0;
    mpol_status st;
    for (size_t a = 0; a < na; a++) {
        const mpol_i_mexpr *e = &d->prob[n->prob + a];
        if ((st = mpol_i_mexpr_eval(m, e, params, &out[a])) != MPOL_OK)
            return st;
        if (!(out[a] >= 0.0 && out[a] <= 1.0))
            return mpol_i_yerr_at(m->source, e->line, e->col, MPOL_ENUMERIC,
                                  "a probability must be in [0, 1], not %g", out[a]);
        sum += out[a];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return mpol_i_yerr_at(m->source, n->line, n->col, MPOL_ENUMERIC,
                              "the probabilities of this chance node sum to %.12g, not 1", sum);
    return MPOL_OK;
}

static mpol_status eval_payoff(const mpol_model *m, const tk_data *d, size_t k,
                               const double *params, double *out)
{
    mpol_status st;
    for (size_t p = 0; p < d->n; p++) {
        const mpol_i_mexpr *e = &d->pay[d->nodes[k].pay + p];
        if ((st = mpol_i_mexpr_eval(m, e, params, &out[p])) != MPOL_OK)
            return st;
        if (!isfinite(out[p]))
            return mpol_i_yerr_at(m->source, e->line, e->col, MPOL_ENUMERIC,
                                  "a payoff must be finite, not %g", out[p]);
    }
    return MPOL_OK;
}

static const char *iset_label(const tk_iset *s)
{
    return s->name != NULL ? s->name : s->auto_label;
}

/* The first player set (in number order) whose nodes differ in the player's last own
 * action, or that is met twice on a path: the set mpol_tree_finalize() reports. */
static size_t recall_culprit(const tk_data *d)
{
    size_t *last = mpol_malloc((d->nisets ? d->nisets : 1) * sizeof *last);
    unsigned char *seen = mpol_calloc(d->nisets ? d->nisets : 1, 1);
    size_t bad = MPOL_TREE_NONE;
    for (size_t i = 0; last != NULL && seen != NULL && i < d->nnodes; i++) {
        size_t h = d->nodes[i].iset;
        if (h == MPOL_TREE_NONE || d->isets[h].player == MPOL_TREE_CHANCE)
            continue;
        size_t p = d->isets[h].player, own = MPOL_TREE_NONE;
        for (size_t m = i; d->nodes[m].parent != MPOL_TREE_NONE; m = d->nodes[m].parent) {
            size_t g = d->nodes[d->nodes[m].parent].iset;
            if (d->isets[g].player == p) {
                own = d->isets[g].act0 + d->nodes[m].rank;
                if (g == h && (bad == MPOL_TREE_NONE || h < bad))
                    bad = h;
                break;
            }
        }
        if (!seen[h]) {
            seen[h] = 1;
            last[h] = own;
        } else if (last[h] != own && (bad == MPOL_TREE_NONE || h < bad)) {
            bad = h;
        }
    }
    mpol_free(last);
    mpol_free(seen);
    return bad;
}

static mpol_status finalize_at(const mpol_model *m, const tk_data *d, mpol_tree *t)
{
    mpol_status st = mpol_tree_finalize(t);
    if (st != MPOL_OK && st != MPOL_ENOMEM) {
        char msg[1024];
        const char *e = mpol_last_error();
        if (strncmp(e, "tree: ", 6) == 0)
            e += 6;
        snprintf(msg, sizeof msg, "%s", e);
        size_t h = recall_culprit(d);
        int line = 1, col = 1;
        if (h != MPOL_TREE_NONE) {
            line = d->isets[h].line;
            col = d->isets[h].col;
        }
        return mpol_i_yerr_at(m->source, line, col, st == MPOL_EINVAL ? MPOL_EPARSE : st, "%s",
                              msg);
    }
    return st;
}

static int exact_of(const mpol_i_mexpr *e, mpol_rational *r)
{
    if (!e->exact_ok)
        return 0;
    *r = e->exact;
    return 1;
}

static mpol_status add_isets(const mpol_model *m, const tk_data *d, const double *params,
                             mpol_tree *t, int *exact)
{
    double *pr = mpol_malloc((d->nacts ? d->nacts : 1) * sizeof *pr);
    mpol_rational *q = mpol_malloc((d->nacts ? d->nacts : 1) * sizeof *q);
    mpol_status st = pr != NULL && q != NULL ? MPOL_OK : oom();
    /* the chance node of each chance set (one node per chance set) */
    for (size_t i = 0; i < d->nnodes && st == MPOL_OK; i++) {
        size_t h = d->nodes[i].iset;
        if (h != MPOL_TREE_NONE && d->isets[h].player == MPOL_TREE_CHANCE)
            st = eval_probs(m, d, i, params, pr + d->isets[h].act0);
    }
    for (size_t h = 0; h < d->nisets && st == MPOL_OK; h++) {
        const tk_iset *s = &d->isets[h];
        size_t got;
        int chance = s->player == MPOL_TREE_CHANCE;
        st = mpol_tree_add_infoset(&got, t, s->player, s->nact,
                                   (const char *const *)(d->acts + s->act0),
                                   chance ? pr + s->act0 : NULL, iset_label(s));
    }
    /* exact probabilities where every one is a rational literal */
    for (size_t i = 0; i < d->nnodes && st == MPOL_OK && *exact; i++) {
        size_t h = d->nodes[i].iset;
        if (h == MPOL_TREE_NONE || d->isets[h].player != MPOL_TREE_CHANCE)
            continue;
        for (size_t a = 0; a < d->isets[h].nact && *exact; a++)
            *exact = exact_of(&d->prob[d->nodes[i].prob + a], &q[a]);
        if (*exact && mpol_tree_set_exact_probs(t, h, q) != MPOL_OK) {
            mpol_clear_error();
            *exact = 0;
        }
    }
    mpol_free(pr);
    mpol_free(q);
    return st;
}

static mpol_status add_nodes(const mpol_model *m, const tk_data *d, const double *params,
                             mpol_tree *t, int *exact)
{
    double *pay = mpol_malloc(d->n * sizeof *pay);
    mpol_rational *q = mpol_malloc(d->n * sizeof *q);
    mpol_status st = pay != NULL && q != NULL ? MPOL_OK : oom();
    for (size_t i = 0; i < d->nnodes && st == MPOL_OK; i++) {
        const tk_node *n = &d->nodes[i];
        size_t got;
        if (n->iset == MPOL_TREE_NONE && (st = eval_payoff(m, d, i, params, pay)) != MPOL_OK)
            break;
        if ((st = mpol_tree_add_node(&got, t, n->parent, n->iset,
                                     n->iset == MPOL_TREE_NONE ? pay : NULL, n->label)) != MPOL_OK)
            break;
        if (n->iset != MPOL_TREE_NONE || !*exact)
            continue;
        for (size_t p = 0; p < d->n && *exact; p++)
            *exact = exact_of(&d->pay[n->pay + p], &q[p]);
        if (*exact && mpol_tree_set_exact_payoff(t, got, q) != MPOL_OK) {
            mpol_clear_error();
            *exact = 0;
        }
    }
    mpol_free(pay);
    mpol_free(q);
    return st;
}

static mpol_status build(mpol_tree **out, const mpol_model *m, const double *params)
{
    const tk_data *d = m->data;
    mpol_tree *t = NULL;
    mpol_status st = mpol_tree_alloc(&t, d->n, (const char *const *)d->players);
    if (st == MPOL_OK)
        st = mpol_tree_set_title(t, m->title);
    int exact = 1;
    if (st == MPOL_OK)
        st = add_isets(m, d, params, t, &exact);
    if (st == MPOL_OK)
        st = add_nodes(m, d, params, t, &exact);
    if (st == MPOL_OK)
        st = finalize_at(m, d, t);
    if (st != MPOL_OK) {
        mpol_tree_free(t);
        return st;
    }
    *out = t;
    return MPOL_OK;
}

/* The `.game` accessor: the reduced strategic form (mpol_tree_reduced_game()) of the tree
 * at @p params, so that the strategic methods run on a tree model. */
mpol_status mpol_i_tree_model_game(const mpol_model *m, const double *params, mpol_game **out)
{
    mpol_tree *t = NULL;
    mpol_status st = build(&t, m, params);
    if (st == MPOL_OK && (st = mpol_tree_reduced_game(out, NULL, t, 0)) != MPOL_OK) {
        /* the form's sizes, named after the model's file */
        char msg[512];
        const char *e = mpol_last_error();
        snprintf(msg, sizeof msg, "%s", strncmp(e, "tree: ", 6) == 0 ? e + 6 : e);
        st = mpol_error(st, "%s: %s", m->source, msg);
    }
    mpol_tree_free(t);
    return st;
}

/* The `.eval_game` accessor: @p game (from mpol_i_tree_model_game() of the same model)
 * re-evaluated at @p params; the strategies stay, payoffs (and exact payoffs) change. */
mpol_status mpol_i_tree_model_eval_game(const mpol_model *m, const double *params, mpol_game *game)
{
    mpol_game *fresh = NULL;
    mpol_status st = mpol_i_tree_model_game(m, params, &fresh);
    if (st != MPOL_OK)
        return st;
    if (fresh->nplayers != game->nplayers || fresh->ncells != game->ncells) {
        mpol_game_free(fresh);
        return mpol_error(MPOL_EINVAL, "%s: the game is not this model's strategic form",
                          m->source);
    }
    memcpy(game->payoff, fresh->payoff, game->ncells * game->nplayers * sizeof *game->payoff);
    mpol_rational *ex = game->exact;
    game->exact = fresh->exact;
    fresh->exact = ex;
    mpol_game_free(fresh);
    return MPOL_OK;
}

mpol_status mpol_model_tree(mpol_tree **out, const mpol_model *model)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_tree: out is NULL");
    *out = NULL;
    if (!is_tree(model))
        return mpol_error(MPOL_EINVAL, "mpol_model_tree: not a tree model");
    return build(out, model, model->values);
}

mpol_status mpol_model_eval_tree(const mpol_model *model, const double *params, mpol_tree *t)
{
    if (!is_tree(model) || t == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_tree: not a tree model");
    const tk_data *d = model->data;
    if (!t->finalized || t->nnodes != d->nnodes || t->ninfosets != d->nisets ||
        t->nactions != d->nacts || t->nplayers != d->n)
        return mpol_error(MPOL_EINVAL, "mpol_model_eval_tree: the tree is not the model's");
    if (params == NULL)
        params = model->values;
    size_t np = d->n;
    double *pay = mpol_malloc(np * sizeof *pay);
    double *pr = mpol_malloc((d->nacts ? d->nacts : 1) * sizeof *pr);
    mpol_status st = pay != NULL && pr != NULL ? MPOL_OK : oom();
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    /* evaluate everything first: the tree is left as it was on an error */
    for (size_t i = 0; i < d->nnodes && st == MPOL_OK; i++) {
        size_t h = d->nodes[i].iset;
        if (h != MPOL_TREE_NONE && d->isets[h].player == MPOL_TREE_CHANCE)
            st = eval_probs(model, d, i, params, pr + d->isets[h].act0);
        else if (h == MPOL_TREE_NONE && (st = eval_payoff(model, d, i, params, pay)) == MPOL_OK)
            for (size_t p = 0; p < np; p++) {
                lo = pay[p] < lo ? pay[p] : lo;
                hi = pay[p] > hi ? pay[p] : hi;
            }
    }
    for (size_t i = 0; i < d->nnodes && st == MPOL_OK; i++)
        if (d->nodes[i].iset == MPOL_TREE_NONE)
            eval_payoff(model, d, i, params, t->payoff + i * np);
    if (st == MPOL_OK) {
        for (size_t a = 0; a < d->nacts; a++)
            if (t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE)
                t->action_prob[a] = pr[a];
        for (size_t i = 1; i < t->nnodes; i++) {
            size_t par = t->parent[i];
            t->chance_reach[i] = t->chance_reach[par];
            if (t->type[par] == MPOL_TREE_CHANCE_NODE)
                t->chance_reach[i] *= t->action_prob[t->action[i]];
        }
        t->payoff_min = lo;
        t->payoff_max = hi;
    }
    mpol_free(pay);
    mpol_free(pr);
    return st;
}

mpol_status mpol_i_tree_model_check(const mpol_model *model, const double *params)
{
    mpol_tree *t = NULL;
    mpol_status st = build(&t, model, params);
    mpol_tree_free(t);
    return st;
}

/* ---- writing ------------------------------------------------------------------------- */

static void indent(FILE *out, int k)
{
    for (int i = 0; i < k; i++)
        fputc(' ', out);
}

static void write_payoff(const tk_data *d, size_t k, FILE *out)
{
    const mpol_i_mexpr *row = d->pay + d->nodes[k].pay;
    fputs(d->pay_map ? "{" : "[", out);
    for (size_t p = 0; p < d->n; p++) {
        fputs(p ? ", " : "", out);
        if (d->pay_map) {
            mpol_i_write_quoted(out, d->players[p]);
            fputs(": ", out);
        }
        mpol_i_mexpr_write(out, &row[p]);
    }
    fputs(d->pay_map ? "}" : "]", out);
}

/* Writes node k's keys at indentation @p in (the first line already indented by the caller
 * when @p first_done); returns the next node in preorder after k's subtree. */
static size_t write_node(const tk_data *d, size_t k, FILE *out, int in)
{
    const tk_node *n = &d->nodes[k];
    if (n->iset == MPOL_TREE_NONE) {
        indent(out, in);
        fputs("payoff: ", out);
        write_payoff(d, k, out);
        fputs("\n", out);
        if (n->label != NULL) {
            indent(out, in);
            fputs("label: ", out);
            mpol_i_write_quoted(out, n->label);
            fputs("\n", out);
        }
        return k + 1;
    }
    const tk_iset *s = &d->isets[n->iset];
    indent(out, in);
    if (s->player == MPOL_TREE_CHANCE) {
        fputs("chance: ", out);
        mpol_i_write_quoted(out, s->name != NULL ? s->name : "chance");
    } else {
        fputs("player: ", out);
        mpol_i_write_quoted(out, d->players[s->player]);
        if (s->named) {
            fputs("\n", out);
            indent(out, in);
            fputs("infoset: ", out);
            mpol_i_write_quoted(out, s->name);
        }
    }
    fputs("\n", out);
    if (n->label != NULL) {
        indent(out, in);
        fputs("label: ", out);
        mpol_i_write_quoted(out, n->label);
        fputs("\n", out);
    }
    indent(out, in);
    fputs("actions:\n", out);
    size_t next = k + 1;
    for (size_t a = 0; a < s->nact; a++) {
        indent(out, in + 2);
        fputs("- name: ", out);
        mpol_i_write_quoted(out, d->acts[s->act0 + a]);
        fputs("\n", out);
        if (s->player == MPOL_TREE_CHANCE) {
            indent(out, in + 4);
            fputs("prob: ", out);
            mpol_i_mexpr_write(out, &d->prob[n->prob + a]);
            fputs("\n", out);
        }
        const tk_node *c = &d->nodes[next];
        if (c->iset == MPOL_TREE_NONE && c->label == NULL) {
            indent(out, in + 4);
            fputs("payoff: ", out);
            write_payoff(d, next, out);
            fputs("\n", out);
            next++;
            continue;
        }
        indent(out, in + 4);
        fputs("node:\n", out);
        next = write_node(d, next, out, in + 6);
    }
    return next;
}

void mpol_i_tree_model_write(const mpol_model *model, FILE *out)
{
    const tk_data *d = model->data;
    fputs("players: [", out);
    for (size_t p = 0; p < d->n; p++) {
        fputs(p ? ", " : "", out);
        mpol_i_write_quoted(out, d->players[p]);
    }
    fputs("]\nroot:\n", out);
    write_node(d, 0, out, 2);
}

/* ---- a model from a tree ----------------------------------------------------------------- */

static void literal(mpol_i_mexpr *e, double v, const mpol_rational *exact)
{
    memset(e, 0, sizeof *e);
    e->lit = 1;
    e->k = v;
    e->line = e->col = 1;
    if (exact != NULL && exact->den > 0) {
        e->exact_ok = 1;
        e->exact = *exact;
    } else if (mpol_i_literal_exact(v, &e->exact)) {
        e->exact_ok = 1;
    }
}

/* The model's sets: src[k] is the tree's set of model set k; a chance set of the tree with
 * several nodes (Gambit files share them) becomes one set per node, with the same actions
 * and probabilities, since a tree model gives each chance node its own. */
static mpol_status copy_isets(tk_data *d, const mpol_tree *t, const size_t *src, size_t nsets)
{
    size_t nact = 0;
    for (size_t k = 0; k < nsets; k++)
        nact += t->iset_action_off[src[k] + 1] - t->iset_action_off[src[k]];
    d->isets = mpol_calloc(nsets ? nsets : 1, sizeof *d->isets);
    d->acts = mpol_calloc(nact ? nact : 1, sizeof *d->acts);
    if (d->isets == NULL || d->acts == NULL)
        return oom();
    d->cap_isets = nsets;
    d->cap_acts = nact;
    for (size_t k = 0; k < nsets; k++) {
        size_t h = src[k];
        tk_iset *s = &d->isets[k];
        d->nisets = k + 1;
        s->player = t->iset_player[h];
        s->act0 = d->nacts;
        s->nact = t->iset_action_off[h + 1] - t->iset_action_off[h];
        s->line = s->col = 1;
        int chance = s->player == MPOL_TREE_CHANCE;
        /* a player's set with several nodes must be named to be one set again */
        size_t nn = t->iset_node_off[h + 1] - t->iset_node_off[h];
        const char *lab = t->iset_label[h];
        char buf[32];
        if (lab == NULL && !chance && nn > 1) {
            snprintf(buf, sizeof buf, "h%zu", h + 1);
            lab = buf;
        }
        s->named = !chance && lab != NULL;
        if (lab != NULL && (s->name = mpol_strdup(lab)) == NULL)
            return oom();
        for (size_t a = 0; a < s->nact; a++) {
            d->nacts++;
            if ((d->acts[s->act0 + a] = mpol_strdup(t->action_name[t->iset_action_off[h] + a])) ==
                NULL)
                return oom();
        }
    }
    return MPOL_OK;
}

/* The tree's nodes in preorder (the model's numbering): order[k] is the k-th node. */
static mpol_status preorder(const mpol_tree *t, size_t *order)
{
    size_t *stack = mpol_malloc(t->nnodes * sizeof *stack), sp = 0, k = 0;
    if (stack == NULL)
        return oom();
    stack[sp++] = 0;
    while (sp > 0) {
        size_t n = stack[--sp];
        order[k++] = n;
        for (size_t c = t->child_off[n + 1]; c-- > t->child_off[n];)
            stack[sp++] = t->child[c];
    }
    mpol_free(stack);
    return MPOL_OK;
}

static void copy_node(tk_data *d, const mpol_tree *t, size_t i, tk_node *n)
{
    size_t h = t->infoset[i];
    if (t->type[i] == MPOL_TREE_TERMINAL) {
        n->pay = d->npay;
        for (size_t p = 0; p < d->n; p++)
            literal(&d->pay[d->npay++], t->payoff[i * d->n + p],
                    t->payoff_exact ? &t->payoff_exact[i * d->n + p] : NULL);
    } else if (t->type[i] == MPOL_TREE_CHANCE_NODE) {
        n->prob = d->nprob;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            literal(&d->prob[d->nprob++], t->action_prob[a],
                    t->action_prob_exact ? &t->action_prob_exact[a] : NULL);
    }
}

static mpol_status copy_nodes(tk_data *d, const mpol_tree *t, const size_t *order,
                              const size_t *node_set)
{
    size_t nterm = 0, nprob = 0;
    for (size_t i = 0; i < t->nnodes; i++) {
        if (t->type[i] == MPOL_TREE_TERMINAL)
            nterm++;
        else if (t->type[i] == MPOL_TREE_CHANCE_NODE)
            nprob += t->child_off[i + 1] - t->child_off[i];
    }
    d->nodes = mpol_calloc(t->nnodes, sizeof *d->nodes);
    d->pay = mpol_calloc(nterm * d->n + 1, sizeof *d->pay);
    d->prob = mpol_calloc(nprob ? nprob : 1, sizeof *d->prob);
    size_t *pos = mpol_malloc(t->nnodes * sizeof *pos);
    mpol_status st = d->nodes && d->pay && d->prob && pos ? MPOL_OK : oom();
    d->cap_nodes = t->nnodes;
    d->cap_pay = nterm * d->n;
    d->cap_prob = nprob;
    for (size_t k = 0; k < t->nnodes && st == MPOL_OK; k++) {
        size_t i = order[k];
        pos[i] = k;
        tk_node *n = &d->nodes[k];
        d->nnodes = k + 1;
        n->parent = i == 0 ? MPOL_TREE_NONE : pos[t->parent[i]];
        n->rank = i == 0 ? 0 : t->action[i] - t->iset_action_off[t->infoset[t->parent[i]]];
        n->iset = node_set[i];
        n->line = n->col = 1;
        if (t->label[i] != NULL && (n->label = mpol_strdup(t->label[i])) == NULL)
            st = oom();
        else
            copy_node(d, t, i, n);
    }
    mpol_free(pos);
    return st;
}

/* Trees deeper than a model file may nest cannot be written. */
static mpol_status check_depth(const mpol_tree *t)
{
    size_t *depth = mpol_malloc(t->nnodes * sizeof *depth), deepest = 0;
    if (depth == NULL)
        return oom();
    for (size_t i = 0; i < t->nnodes; i++) {
        depth[i] = i == 0 ? 0 : depth[t->parent[i]] + 1;
        deepest = depth[i] > deepest ? depth[i] : deepest;
    }
    mpol_free(depth);
    if (deepest > TK_MAX_DEPTH)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_model_from_tree: the tree is %zu levels deep, more than a "
                          "tree model's %d",
                          deepest, TK_MAX_DEPTH);
    return MPOL_OK;
}

/* The model's numbering of the sets, in order of their first node in preorder: node_set[i]
 * for each tree node (MPOL_TREE_NONE at terminals), src[k] the tree's set of model set k
 * (at most nnodes sets: each holds a node). */
static size_t number_sets(const mpol_tree *t, const size_t *order, size_t *node_set, size_t *src,
                          size_t *map)
{
    size_t nsets = 0;
    for (size_t h = 0; h < t->ninfosets; h++)
        map[h] = MPOL_TREE_NONE;
    for (size_t k = 0; k < t->nnodes; k++) {
        size_t i = order[k], h = t->infoset[i];
        node_set[i] = MPOL_TREE_NONE;
        if (h == MPOL_TREE_NONE)
            continue;
        int split = t->iset_player[h] == MPOL_TREE_CHANCE;
        if (split || map[h] == MPOL_TREE_NONE) {
            src[nsets] = h;
            map[h] = nsets++;
        }
        node_set[i] = map[h];
    }
    return nsets;
}

mpol_status mpol_model_from_tree(mpol_model **out, const mpol_tree *t, const char *source)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_from_tree: NULL argument");
    *out = NULL;
    if (t == NULL || !t->finalized)
        return mpol_error(MPOL_EINVAL, "mpol_model_from_tree: needs a finalised tree");
    mpol_status st = check_depth(t);
    if (st != MPOL_OK)
        return st;
    mpol_model *m = NULL;
    if ((st = mpol_i_model_new(&m, source)) != MPOL_OK)
        return st;
    m->kind = MPOL_MODEL_TREE;
    m->ops = &mpol_i_kind_tree;
    tk_data *d = mpol_calloc(1, sizeof *d);
    m->data = d;
    st = d != NULL ? MPOL_OK : oom();
    if (st == MPOL_OK) {
        mpol_free(m->title);
        m->title = mpol_strdup(t->title);
        d->players = mpol_calloc(t->nplayers, sizeof *d->players);
        st = m->title != NULL && d->players != NULL ? MPOL_OK : oom();
    }
    for (size_t p = 0; st == MPOL_OK && p < t->nplayers; p++) {
        d->n = p + 1;
        if ((d->players[p] = mpol_strdup(t->players[p])) == NULL)
            st = oom();
    }
    size_t *order = mpol_malloc(t->nnodes * sizeof *order);
    size_t *node_set = mpol_malloc(t->nnodes * sizeof *node_set);
    size_t *src = mpol_malloc(t->nnodes * sizeof *src);
    size_t *map = mpol_malloc((t->ninfosets ? t->ninfosets : 1) * sizeof *map);
    if (st == MPOL_OK && (order == NULL || node_set == NULL || src == NULL || map == NULL))
        st = oom();
    if (st == MPOL_OK)
        st = preorder(t, order);
    if (st == MPOL_OK)
        st = copy_isets(d, t, src, number_sets(t, order, node_set, src, map));
    if (st == MPOL_OK)
        st = copy_nodes(d, t, order, node_set);
    mpol_free(order);
    mpol_free(node_set);
    mpol_free(src);
    mpol_free(map);
    if (st != MPOL_OK) {
        mpol_model_free(m);
        return st;
    }
    *out = m;
    return MPOL_OK;
}
