/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The certificate of a behaviour profile on the tree, independent of any solver: each
 * player's expected payoff (one forward pass), each player's best-response value against
 * the others (the player's sets taken deepest first: with perfect recall the nodes below
 * a set meet only deeper sets of the same player, so their choices are already fixed; the
 * best action of a set maximises the sum over its nodes of the others' and chance's reach
 * times the value below), and the distance of every behaviour strategy from the simplex.
 */
#include <math.h>
#include <string.h>

#include "multipolar/tree.h"
#include "tree_internal.h"

typedef struct br_ws {
    double *w;   /* reach by chance and the other players */
    double *val; /* memoised value below a node (weighted by w) */
    unsigned char *done;
    size_t *cursor; /* next child to visit in the iterative walk */
    size_t *stack;
    size_t *choice; /* best action of each set of the player */
    size_t *order;  /* the player's sets, deepest first */
    size_t *cnt;    /* counting sort by depth */
} br_ws;

static void br_ws_free(br_ws *ws)
{
    mpol_free(ws->w);
    mpol_free(ws->val);
    mpol_free(ws->done);
    mpol_free(ws->cursor);
    mpol_free(ws->stack);
    mpol_free(ws->choice);
    mpol_free(ws->order);
    mpol_free(ws->cnt);
}

static mpol_status br_ws_alloc(br_ws *ws, const mpol_tree *t)
{
    size_t n = t->nnodes, H = t->ninfosets ? t->ninfosets : 1;
    ws->w = mpol_malloc(n * sizeof *ws->w);
    ws->val = mpol_malloc(n * sizeof *ws->val);
    ws->done = mpol_malloc(n);
    ws->cursor = mpol_malloc(n * sizeof *ws->cursor);
    ws->stack = mpol_malloc(n * sizeof *ws->stack);
    ws->choice = mpol_malloc(H * sizeof *ws->choice);
    ws->order = mpol_malloc(H * sizeof *ws->order);
    ws->cnt = mpol_malloc((H + 1) * sizeof *ws->cnt);
    if (ws->cnt == NULL || ws->w == NULL || ws->val == NULL || ws->done == NULL ||
        ws->cursor == NULL || ws->stack == NULL || ws->choice == NULL || ws->order == NULL) {
        br_ws_free(ws);
        return mpol_error(MPOL_ENOMEM, "out of memory checking a tree profile");
    }
    return MPOL_OK;
}

/* The value below node c with the player's choices fixed at every set met. */
static double eval_below(br_ws *ws, const mpol_tree *t, size_t p, size_t c)
{
    size_t sp = 0;
    if (!ws->done[c]) {
        ws->stack[sp++] = c;
        ws->cursor[c] = 0;
    }
    while (sp > 0) {
        size_t n = ws->stack[sp - 1];
        if (t->type[n] == MPOL_TREE_TERMINAL) {
            ws->val[n] = ws->w[n] * t->payoff[n * t->nplayers + p];
            ws->done[n] = 1;
            sp--;
            continue;
        }
        size_t h = t->infoset[n], c0 = t->child_off[n], nc = t->child_off[n + 1] - c0;
        if (t->iset_player[h] == p) {
            size_t ch = t->child[c0 + ws->choice[h] - t->iset_action_off[h]];
            if (ws->done[ch]) {
                ws->val[n] = ws->val[ch];
                ws->done[n] = 1;
                sp--;
            } else {
                ws->stack[sp++] = ch;
                ws->cursor[ch] = 0;
            }
            continue;
        }
        while (ws->cursor[n] < nc && ws->done[t->child[c0 + ws->cursor[n]]])
            ws->cursor[n]++;
        if (ws->cursor[n] < nc) {
            size_t ch = t->child[c0 + ws->cursor[n]];
            ws->stack[sp++] = ch;
            ws->cursor[ch] = 0;
            continue;
        }
        double s = 0;
        for (size_t k = 0; k < nc; k++)
            s += ws->val[t->child[c0 + k]];
        ws->val[n] = s;
        ws->done[n] = 1;
        sp--;
    }
    return ws->val[c];
}

static double best_response(br_ws *ws, const mpol_tree *t, const double *beh, size_t p)
{
    ws->w[0] = 1.0;
    for (size_t i = 1; i < t->nnodes; i++) {
        size_t a = t->action[i], pl = t->iset_player[t->action_iset[a]];
        double f = pl == MPOL_TREE_CHANCE ? t->action_prob[a] : pl == p ? 1.0 : beh[a];
        ws->w[i] = ws->w[t->parent[i]] * f;
    }
    memset(ws->done, 0, t->nnodes);
    /* the player's sets by decreasing depth (counting sort) */
    size_t nh = 0, maxd = 0;
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] == p && t->iset_depth[h] > maxd)
            maxd = t->iset_depth[h];
    memset(ws->cnt, 0, (maxd + 2) * sizeof *ws->cnt);
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] == p) {
            ws->cnt[maxd - t->iset_depth[h] + 1]++;
            nh++;
        }
    for (size_t d = 1; d <= maxd + 1; d++)
        ws->cnt[d] += ws->cnt[d - 1];
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] == p)
            ws->order[ws->cnt[maxd - t->iset_depth[h]]++] = h;
    for (size_t k = 0; k < nh; k++) {
        size_t h = ws->order[k], a0 = t->iset_action_off[h], na = t->iset_action_off[h + 1] - a0;
        double best = -HUGE_VAL;
        ws->choice[h] = a0;
        for (size_t a = 0; a < na; a++) {
            double q = 0;
            for (size_t j = t->iset_node_off[h]; j < t->iset_node_off[h + 1]; j++) {
                size_t n = t->iset_node[j];
                q += eval_below(ws, t, p, t->child[t->child_off[n] + a]);
            }
            if (q > best) {
                best = q;
                ws->choice[h] = a0 + a;
            }
        }
    }
    return eval_below(ws, t, p, 0);
}

/* Expected payoffs of every player under the profile. */
static void profile_values(double *value, double *reach, const mpol_tree *t, const double *beh)
{
    size_t np = t->nplayers;
    for (size_t p = 0; p < np; p++)
        value[p] = 0;
    reach[0] = 1.0;
    for (size_t i = 0; i < t->nnodes; i++) {
        if (i > 0) {
            size_t a = t->action[i];
            double f =
                t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE ? t->action_prob[a] : beh[a];
            reach[i] = reach[t->parent[i]] * f;
        }
        if (t->type[i] == MPOL_TREE_TERMINAL)
            for (size_t p = 0; p < np; p++)
                value[p] += reach[i] * t->payoff[i * np + p];
    }
}

static double simplex_error(const mpol_tree *t, const double *beh)
{
    double err = 0;
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        double s = 0;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            if (!isfinite(beh[a]))
                return HUGE_VAL;
            if (-beh[a] > err)
                err = -beh[a];
            s += beh[a];
        }
        if (fabs(s - 1) > err)
            err = fabs(s - 1);
    }
    return err;
}

double mpol_i_tree_tol_abs(const mpol_tree *t, double tol)
{
    if (!(tol > 0))
        tol = MPOL_TREE_TOL;
    double range = t->payoff_max - t->payoff_min;
    return tol * (range > 1 ? range : 1);
}

void mpol_tree_check_free(mpol_tree_check *c)
{
    if (c == NULL)
        return;
    mpol_free(c->value);
    mpol_free(c->best_response);
    mpol_free(c->regret);
    mpol_free(c);
}

mpol_status mpol_tree_certify(mpol_tree_check **out, const mpol_tree *t, const double *behavior,
                              double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (t == NULL || behavior == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: not finalised");
    size_t np = t->nplayers;
    mpol_tree_check *c = mpol_calloc(1, sizeof *c);
    br_ws ws = {0};
    if (c != NULL) {
        c->nplayers = np;
        c->value = mpol_malloc(np * sizeof *c->value);
        c->best_response = mpol_malloc(np * sizeof *c->best_response);
        c->regret = mpol_malloc(np * sizeof *c->regret);
    }
    if (c == NULL || c->value == NULL || c->best_response == NULL || c->regret == NULL) {
        mpol_tree_check_free(c);
        return mpol_error(MPOL_ENOMEM, "out of memory checking a tree profile");
    }
    mpol_status st = br_ws_alloc(&ws, t);
    if (st != MPOL_OK) {
        mpol_tree_check_free(c);
        return st;
    }
    c->simplex_error = simplex_error(t, behavior);
    profile_values(c->value, ws.val, t, behavior);
    double worst = c->simplex_error;
    for (size_t p = 0; p < np; p++) {
        c->best_response[p] = best_response(&ws, t, behavior, p);
        c->regret[p] = c->best_response[p] - c->value[p];
        if (c->regret[p] > worst || isnan(c->regret[p]))
            worst = isnan(c->regret[p]) ? HUGE_VAL : c->regret[p];
    }
    br_ws_free(&ws);
    c->tol_abs = mpol_i_tree_tol_abs(t, tol);
    c->max_error = worst;
    c->verified = worst <= c->tol_abs;
    *out = c;
    return MPOL_OK;
}
