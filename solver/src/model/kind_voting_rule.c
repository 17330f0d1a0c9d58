/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the composite `rule:` of the `weighted-voting` kind: a condition
 * {count: true | weight: true | weights: [...] | members: [...], quota: q | share: f}, or
 * {all: [...]} / {any: [...]} of rules (docs/model-format.md), its evaluation into an
 * mpol_voting_rule and its writing back.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/kind_voting_internal.h"

enum { COND_COUNT, COND_WEIGHT, COND_WEIGHTS, COND_MEMBERS };

typedef struct wvg_cond {
    int type;
    mpol_i_mexpr *w;       /* COND_WEIGHTS: n expressions */
    unsigned char *member; /* COND_MEMBERS: n flags */
    mpol_i_mexpr bound;    /* the quota, or the share of the total */
    int share;
} wvg_cond;

struct mpol_i_wvg_rule {
    size_t n;
    size_t nconds;
    wvg_cond conds[MPOL_COMPOSITE_MAX_CONDITIONS];
    size_t nnodes;
    mpol_rule_node nodes[MPOL_COMPOSITE_MAX_NODES];
};

void mpol_i_wvg_rule_free(mpol_i_wvg_rule *r)
{
    if (r == NULL)
        return;
    for (size_t c = 0; c < r->nconds; c++) {
        wvg_cond *k = &r->conds[c];
        if (k->w != NULL)
            for (size_t i = 0; i < r->n; i++)
                mpol_i_mexpr_free(&k->w[i]);
        mpol_free(k->w);
        mpol_free(k->member);
        mpol_i_mexpr_free(&k->bound);
    }
    mpol_free(r);
}

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static const char *const cond_keys[] = {"count", "weight", "weights", "members",
                                        "quota", "share",  NULL};

static mpol_status parse_cond(const mpol_i_loader *ld, mpol_i_wvg_rule *r, const mpol_i_ynode *x,
                              char *const *names)
{
    mpol_status st;
    if ((st = mpol_i_ycheck_keys(ld, x, cond_keys, "a rule condition")) != MPOL_OK)
        return st;
    const mpol_i_ynode *cnt = mpol_i_yget(x, "count"), *wt = mpol_i_yget(x, "weight"),
                       *ws = mpol_i_yget(x, "weights"), *mb = mpol_i_yget(x, "members"),
                       *q = mpol_i_yget(x, "quota"), *sh = mpol_i_yget(x, "share");
    int kinds = (cnt != NULL) + (wt != NULL) + (ws != NULL) + (mb != NULL);
    if (kinds != 1)
        return mpol_i_yerr(ld, x, MPOL_EPARSE,
                           "a rule condition needs exactly one of count: true, weight: true, "
                           "weights: [...] or members: [...]%s",
                           kinds ? ", not several" : "");
    if ((q != NULL) == (sh != NULL))
        return mpol_i_yerr(ld, x, MPOL_EPARSE,
                           "a rule condition needs exactly one of quota: (a number) or share: (a "
                           "fraction of the total weight)");
    if (r->nconds >= MPOL_COMPOSITE_MAX_CONDITIONS)
        return mpol_i_yerr(ld, x, MPOL_EPARSE, "a rule has at most %d conditions",
                           MPOL_COMPOSITE_MAX_CONDITIONS);
    wvg_cond *k = &r->conds[r->nconds++];
    const mpol_i_ynode *flag = cnt != NULL ? cnt : wt;
    if (flag != NULL) {
        if (!mpol_i_yis(flag, "true"))
            return mpol_i_yerr(ld, flag, MPOL_EPARSE, "%s must be true",
                               cnt != NULL ? "count" : "weight");
        k->type = cnt != NULL ? COND_COUNT : COND_WEIGHT;
    } else if (ws != NULL) {
        k->type = COND_WEIGHTS;
        if ((st = mpol_i_yexpect_seq(ld, ws, "weights (one per player)")) != MPOL_OK)
            return st;
        if (ws->len != r->n)
            return mpol_i_yerr(ld, ws, MPOL_EPARSE,
                               "weights needs %zu entries (one per player, in the order of "
                               "players), not %u",
                               r->n, (unsigned)ws->len);
        if ((k->w = mpol_calloc(r->n, sizeof *k->w)) == NULL)
            return oom();
        for (size_t i = 0; i < r->n; i++)
            if ((st = mpol_i_mexpr_compile(ld, &ws->items[i], "a weight", &k->w[i])) != MPOL_OK)
                return st;
    } else {
        k->type = COND_MEMBERS;
        if ((st = mpol_i_yexpect_seq(ld, mb, "members (a list of player names)")) != MPOL_OK)
            return st;
        if ((k->member = mpol_calloc(r->n, 1)) == NULL)
            return oom();
        for (size_t j = 0; j < mb->len; j++) {
            const mpol_i_ynode *it = &mb->items[j];
            if ((st = mpol_i_yexpect_scalar(ld, it, "a player name")) != MPOL_OK)
                return st;
            size_t i;
            for (i = 0; i < r->n; i++)
                if (strcmp(names[i], it->text) == 0)
                    break;
            if (i == r->n)
                return mpol_i_yerr(ld, it, MPOL_EPARSE, "no player \"%s\"", it->text);
            if (k->member[i])
                return mpol_i_yerr(ld, it, MPOL_EPARSE, "\"%s\" is listed twice", it->text);
            k->member[i] = 1;
        }
        if (mb->len == 0)
            return mpol_i_yerr(ld, mb, MPOL_EPARSE, "members must not be empty");
    }
    k->share = sh != NULL;
    return mpol_i_mexpr_compile(ld, sh != NULL ? sh : q, sh != NULL ? "a share" : "a quota",
                                &k->bound);
}

static mpol_status parse_node(const mpol_i_loader *ld, mpol_i_wvg_rule *r, const mpol_i_ynode *x,
                              char *const *names, int depth)
{
    mpol_status st;
    if ((st = mpol_i_yexpect_map(ld, x, "a rule (a condition, all: or any:)")) != MPOL_OK)
        return st;
    if (depth > MPOL_COMPOSITE_MAX_DEPTH)
        return mpol_i_yerr(ld, x, MPOL_EPARSE, "a rule is nested at most %d levels deep",
                           MPOL_COMPOSITE_MAX_DEPTH);
    if (r->nnodes >= MPOL_COMPOSITE_MAX_NODES)
        return mpol_i_yerr(ld, x, MPOL_EPARSE, "a rule has at most %d parts",
                           MPOL_COMPOSITE_MAX_NODES);
    const mpol_i_ynode *all = mpol_i_yget(x, "all"), *any = mpol_i_yget(x, "any");
    mpol_rule_node *nd = &r->nodes[r->nnodes++];
    if (all == NULL && any == NULL) {
        nd->op = MPOL_RULE_CONDITION;
        nd->arg = r->nconds;
        return parse_cond(ld, r, x, names);
    }
    if (x->len != 1)
        return mpol_i_yerr(ld, x, MPOL_EPARSE,
                           "all: or any: must be the only key of its rule (a list of rules)");
    const mpol_i_ynode *list = all != NULL ? all : any;
    if ((st = mpol_i_yexpect_seq(
             ld, list, all != NULL ? "all (a list of rules)" : "any (a list of rules)")) != MPOL_OK)
        return st;
    if (list->len == 0)
        return mpol_i_yerr(ld, list, MPOL_EPARSE, "%s must list at least one rule",
                           all != NULL ? "all" : "any");
    nd->op = all != NULL ? MPOL_RULE_ALL : MPOL_RULE_ANY;
    nd->arg = list->len;
    for (size_t j = 0; j < list->len; j++)
        if ((st = parse_node(ld, r, &list->items[j], names, depth + 1)) != MPOL_OK)
            return st;
    return MPOL_OK;
}

mpol_status mpol_i_wvg_rule_parse(const mpol_i_loader *ld, const mpol_i_ynode *x, size_t n,
                                  char *const *names, mpol_i_wvg_rule **out)
{
    mpol_i_wvg_rule *r = mpol_calloc(1, sizeof *r);
    *out = r;
    if (r == NULL)
        return oom();
    r->n = n;
    return parse_node(ld, r, x, names, 1);
}

/* An integer value of an expression, or an error at its position. */
static mpol_status integer(const mpol_model *m, const mpol_i_mexpr *e, double v, const char *what,
                           int64_t *out)
{
    if (!isfinite(v) || v < 0 || v > 9007199254740992.0 || v != nearbyint(v))
        return mpol_i_yerr_at(m->source, e->line, e->col, MPOL_ENUMERIC,
                              "%s of a composite rule must be a non-negative integer, not %.17g",
                              what, v);
    *out = (int64_t)v;
    return MPOL_OK;
}

mpol_status mpol_i_wvg_rule_eval(const mpol_model *m, const mpol_i_wvg_rule *r,
                                 const mpol_i_mexpr *weights, char *const *names,
                                 const double *params, mpol_voting_rule **out)
{
    *out = NULL;
    size_t n = r->n, k = r->nconds;
    mpol_voting_rule *v = mpol_calloc(1, sizeof *v);
    if (v == NULL)
        return oom();
    mpol_status st = MPOL_OK;
    v->names = mpol_calloc(n, sizeof *v->names);
    v->weights = mpol_calloc(k * n, sizeof *v->weights);
    v->quotas = mpol_calloc(k, sizeof *v->quotas);
    v->nodes = mpol_calloc(r->nnodes, sizeof *v->nodes);
    if (v->names == NULL || v->weights == NULL || v->quotas == NULL || v->nodes == NULL) {
        st = oom();
        goto done;
    }
    v->rule.n = n;
    v->rule.k = k;
    v->rule.nnodes = r->nnodes;
    v->rule.weights = v->weights;
    v->rule.quotas = v->quotas;
    v->rule.nodes = v->nodes;
    memcpy(v->nodes, r->nodes, r->nnodes * sizeof *v->nodes);
    for (size_t i = 0; i < n; i++)
        if ((v->names[i] = mpol_strdup(names[i])) == NULL) {
            st = oom();
            goto done;
        }
    for (size_t c = 0; c < k && st == MPOL_OK; c++) {
        const wvg_cond *cd = &r->conds[c];
        int64_t *row = v->weights + c * n;
        double total = 0, x;
        for (size_t i = 0; i < n && st == MPOL_OK; i++) {
            if (cd->type == COND_COUNT)
                row[i] = 1;
            else if (cd->type == COND_MEMBERS)
                row[i] = cd->member[i];
            else {
                const mpol_i_mexpr *e = cd->type == COND_WEIGHT ? &weights[i] : &cd->w[i];
                if ((st = mpol_i_mexpr_eval(m, e, params, &x)) == MPOL_OK)
                    st = integer(m, e, x, "a weight", &row[i]);
            }
            total += (double)row[i];
        }
        if (st != MPOL_OK || (st = mpol_i_mexpr_eval(m, &cd->bound, params, &x)) != MPOL_OK)
            break;
        if (cd->share) {
            if (!(x > 0 && x <= 1)) {
                st = mpol_i_yerr_at(m->source, cd->bound.line, cd->bound.col, MPOL_ENUMERIC,
                                    "a share must be in (0, 1], not %.17g", x);
                break;
            }
            long double q = (long double)x * (long double)total;
            long double c0 = ceill(q - 1e-9L * q);
            x = (double)c0;
        } else if (x > 0) {
            x = ceil(x - 1e-9 * x);
        }
        if (!(x >= 1)) {
            st = mpol_i_yerr_at(m->source, cd->bound.line, cd->bound.col, MPOL_ENUMERIC,
                                "the quota must be positive, not %.17g", x);
            break;
        }
        if (x > total) {
            st = mpol_i_yerr_at(m->source, cd->bound.line, cd->bound.col, MPOL_ENUMERIC,
                                "the quota %.17g exceeds the total weight %.17g of the condition",
                                x, total);
            break;
        }
        v->quotas[c] = (int64_t)x;
    }
    if (st == MPOL_OK && (st = mpol_composite_validate(&v->rule)) != MPOL_OK)
        st = mpol_i_yerr_at(m->source, 1, 1, MPOL_EPARSE, "the rule: %s", mpol_last_error());
done:
    if (st != MPOL_OK) {
        mpol_voting_rule_free(v);
        return st;
    }
    *out = v;
    return MPOL_OK;
}

void mpol_voting_rule_free(mpol_voting_rule *v)
{
    if (v == NULL)
        return;
    mpol_i_free_strings(v->names, v->rule.n);
    mpol_free(v->weights);
    mpol_free(v->quotas);
    mpol_free(v->nodes);
    mpol_free(v);
}

static size_t write_node(FILE *out, const mpol_i_wvg_rule *r, size_t pos, char *const *names,
                         int indent)
{
    const mpol_rule_node *nd = &r->nodes[pos++];
    if (nd->op == MPOL_RULE_CONDITION) {
        const wvg_cond *cd = &r->conds[nd->arg];
        fputs("{", out);
        if (cd->type == COND_COUNT)
            fputs("count: true", out);
        else if (cd->type == COND_WEIGHT)
            fputs("weight: true", out);
        else if (cd->type == COND_WEIGHTS) {
            fputs("weights: [", out);
            for (size_t i = 0; i < r->n; i++) {
                fputs(i ? ", " : "", out);
                mpol_i_mexpr_write(out, &cd->w[i]);
            }
            fputs("]", out);
        } else {
            fputs("members: [", out);
            int any = 0;
            for (size_t i = 0; i < r->n; i++)
                if (cd->member[i]) {
                    fputs(any ? ", " : "", out);
                    mpol_i_write_quoted(out, names[i]);
                    any = 1;
                }
            fputs("]", out);
        }
        fputs(cd->share ? ", share: " : ", quota: ", out);
        mpol_i_mexpr_write(out, &cd->bound);
        fputs("}\n", out);
        return pos;
    }
    fprintf(out, "%s:\n", nd->op == MPOL_RULE_ALL ? "all" : "any");
    for (size_t c = 0; c < nd->arg; c++) {
        fprintf(out, "%*s- ", indent + 2, "");
        pos = write_node(out, r, pos, names, indent + 4);
    }
    return pos;
}

void mpol_i_wvg_rule_write(FILE *out, const mpol_i_wvg_rule *r, char *const *names)
{
    fputs("rule:\n  ", out);
    write_node(out, r, 0, names, 2);
}
