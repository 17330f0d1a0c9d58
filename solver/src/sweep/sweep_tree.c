/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of `tree` models, over any parameter (payoffs,
 * chance probabilities: a prior as a parameter makes a breakpoint a belief threshold). Each
 * point re-evaluates the model's tree in place (mpol_model_eval_tree) and solves it with
 * mpol_tree_solve (default "auto": backward induction on perfect-information trees). The
 * headline value is the first player's value in the first equilibrium; the columns are each
 * player's value and each player action's probability in that equilibrium. A regime is the
 * number of equilibria and the support of each (the actions played with positive
 * probability, per information set), as a set: a breakpoint is where an equilibrium appears,
 * disappears or changes an action. The certificate is the largest regret (or simplex error)
 * over the equilibria listed.
 */
#include <stdlib.h>
#include <string.h>

#include "multipolar/tree.h"
#include "sweep/sweep_internal.h"

#define TREE_SWEEP_SUPPORT_TOL 1e-9

typedef struct tree_ws {
    const mpol_model *model;
    mpol_tree *tree;
    mpol_tree_opts opts;
    mpol_tree_solution *last;
    size_t nplay; /* player actions */
    size_t *play; /* their global numbers */
} tree_ws;

static void tw_free(void *p)
{
    tree_ws *w = p;
    if (w == NULL)
        return;
    mpol_tree_free(w->tree);
    mpol_tree_solution_free(w->last);
    mpol_free(w->play);
    mpol_free(w);
}

static mpol_status tw_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    tree_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_tree_opts_init(&w->opts);
    mpol_status st = MPOL_OK;
    if (opts->method != NULL)
        st = mpol_tree_method_parse(&w->opts.method, opts->method);
    if (st == MPOL_OK)
        st = mpol_model_tree(&w->tree, model);
    if (st == MPOL_OK) {
        const mpol_tree *t = w->tree;
        w->play = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *w->play);
        if (w->play == NULL)
            st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        for (size_t a = 0; st == MPOL_OK && a < t->nactions; a++)
            if (t->iset_player[t->action_iset[a]] != MPOL_TREE_CHANCE)
                w->play[w->nplay++] = a;
    }
    if (st != MPOL_OK) {
        tw_free(w);
        return st;
    }
    *out = w;
    return MPOL_OK;
}

static const char *set_name(const mpol_tree *t, size_t h, char *buf, size_t size)
{
    if (t->iset_label[h] != NULL && t->iset_label[h][0] != '\0')
        return t->iset_label[h];
    snprintf(buf, size, "%zu", h + 1);
    return buf;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const tree_ws *w = ctx;
    const mpol_tree *t = w->tree;
    if (c < t->nplayers) {
        mpol_i_strbuf_add(b, "value:%s", t->players[c]);
        return;
    }
    size_t a = w->play[c - t->nplayers], h = t->action_iset[a];
    char buf[32];
    mpol_i_strbuf_add(b, "%s:%s:%s", t->players[t->iset_player[h]], set_name(t, h, buf, sizeof buf),
                      t->action_name[a]);
}

static mpol_status tw_columns(void *p, size_t *ncols, char ***names)
{
    const tree_ws *w = p;
    *ncols = w->tree->nplayers + w->nplay;
    return mpol_i_sweep_columns(*ncols, column_name, w, names);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The regime: the count and the set of supports (order-free). */
static uint64_t signature(const tree_ws *w, const mpol_tree_solution *r)
{
    uint64_t *hs = mpol_malloc((r->neq ? r->neq : 1) * sizeof *hs);
    uint64_t h = mpol_i_hash_step(MPOL_I_HASH_INIT, r->neq);
    if (hs == NULL)
        return h;
    for (size_t k = 0; k < r->neq; k++) {
        uint64_t e = MPOL_I_HASH_INIT;
        for (size_t i = 0; i < w->nplay; i++)
            if (r->eq[k].behavior[w->play[i]] > TREE_SWEEP_SUPPORT_TOL)
                e = mpol_i_hash_step(e, w->play[i]);
        hs[k] = e;
    }
    qsort(hs, r->neq, sizeof *hs, cmp_u64);
    for (size_t k = 0; k < r->neq; k++)
        h = mpol_i_hash_step(h, hs[k]);
    mpol_free(hs);
    return h;
}

static mpol_status tw_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature_out,
                            int *verified)
{
    tree_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_tree(w->model, params, w->tree);
    if (st != MPOL_OK)
        return st;
    mpol_tree_solution *r = NULL;
    st = mpol_tree_solve(&r, w->tree, &w->opts);
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL))
        return st;
    mpol_clear_error();
    mpol_tree_solution_free(w->last);
    w->last = r;
    const mpol_tree *t = w->tree;
    *value = r->neq > 0 ? r->eq[0].value[0] : 0.0;
    for (size_t c = 0; solution != NULL && c < t->nplayers + w->nplay; c++)
        solution[c] = r->neq == 0       ? 0.0
                      : c < t->nplayers ? r->eq[0].value[c]
                                        : r->eq[0].behavior[w->play[c - t->nplayers]];
    *certificate = r->max_error;
    *verified = r->verified && r->neq > 0;
    *signature_out = signature(w, r);
    return MPOL_OK;
}

static char *tw_describe(void *ws)
{
    const tree_ws *w = ws;
    const mpol_tree *t = w->tree;
    mpol_i_strbuf b = {0};
    const mpol_tree_solution *r = w->last;
    if (r == NULL || r->neq == 0) {
        mpol_i_strbuf_add(&b, "no equilibrium found");
        return mpol_i_strbuf_take(&b);
    }
    mpol_i_strbuf_add(&b, "%zu equilibri%s%s:", r->neq, r->neq == 1 ? "um" : "a",
                      r->complete ? "" : " (list incomplete)");
    char buf[32];
    for (size_t k = 0; k < r->neq; k++) {
        mpol_i_strbuf_add(&b, "%s {", k ? ";" : "");
        for (size_t i = 0, first = 1; i < w->nplay; i++) {
            size_t a = w->play[i], h = t->action_iset[a];
            double x = r->eq[k].behavior[a];
            if (x <= TREE_SWEEP_SUPPORT_TOL)
                continue;
            mpol_i_strbuf_add(&b, "%s%s:%s", first ? "" : ", ", set_name(t, h, buf, sizeof buf),
                              t->action_name[a]);
            if (x < 1 - TREE_SWEEP_SUPPORT_TOL)
                mpol_i_strbuf_add(&b, " %.6g", x);
            first = 0;
        }
        mpol_i_strbuf_add(&b, "}");
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_tree = {
    "value", "max_error", tw_alloc, tw_free, tw_columns, tw_solve, tw_describe, 1,
};
