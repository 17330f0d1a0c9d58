/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * "subgame-perfect": the proper subgames solved bottom-up, and the subgame certificate.
 *
 * Proper subgames by preorder intervals: with pre(n) a node's preorder number and size(n)
 * its subtree's size, n's subtree is the interval [pre(n), pre(n) + size(n)). Each set h
 * gets the smallest and largest preorder number of its nodes; n roots a proper subgame
 * when the smallest and largest of these over the sets met in n's subtree (one pass over
 * the nodes, children before parents) lie in n's interval. Linear time.
 *
 * Solving: the roots are taken deepest first (decreasing node number: a child has a larger
 * number than its parent); each one's subtree, with the subgames already solved below it
 * replaced by terminals paying their equilibrium values, is extracted as a tree of its own
 * (mpol_i_tree_subtree) and solved by mpol_tree_solve with opts->subgame_method ("auto"
 * picks by the subtree's own properties). A method that is not built or does not apply
 * (MPOL_EINVAL), runs into a limit (MPOL_ELIMIT), finds nothing, or whose answer fails its
 * check, is replaced by the agent QRE, so the method always answers. The first equilibrium of each
 * subgame is taken (one profile is returned, opts->max_equilibria is not used for combinations).
 * The profile is assembled on the original tree (every set lies in exactly one minimal subgame) and
 * certified by mpol_tree_solve; it is marked subgame perfect when every subgame's answer
 * verified.
 */
#include <math.h>
#include <string.h>

#include "multipolar/tree.h"
#include "tree_internal.h"

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory finding subgames");
}

/* is_root[n] = 1 for the roots of proper subgames. */
static mpol_status mark_subgames(unsigned char *is_root, const mpol_tree *t)
{
    size_t N = t->nnodes, H = t->ninfosets ? t->ninfosets : 1;
    size_t *pre = mpol_malloc(N * sizeof *pre), *size = mpol_malloc(N * sizeof *size);
    size_t *lo = mpol_malloc(N * sizeof *lo), *hi = mpol_malloc(N * sizeof *hi);
    size_t *hlo = mpol_malloc(H * sizeof *hlo), *hhi = mpol_malloc(H * sizeof *hhi);
    mpol_status st = MPOL_OK;
    if (pre == NULL || size == NULL || lo == NULL || hi == NULL || hlo == NULL || hhi == NULL) {
        st = nomem();
        goto done;
    }
    for (size_t i = N; i-- > 0;) {
        size[i] = 1;
        for (size_t c = t->child_off[i]; c < t->child_off[i + 1]; c++)
            size[i] += size[t->child[c]];
    }
    pre[0] = 0;
    for (size_t i = 0; i < N; i++) {
        size_t next = pre[i] + 1;
        for (size_t c = t->child_off[i]; c < t->child_off[i + 1]; c++) {
            pre[t->child[c]] = next;
            next += size[t->child[c]];
        }
    }
    for (size_t h = 0; h < t->ninfosets; h++) {
        hlo[h] = (size_t)-1;
        hhi[h] = 0;
        for (size_t k = t->iset_node_off[h]; k < t->iset_node_off[h + 1]; k++) {
            size_t p = pre[t->iset_node[k]];
            hlo[h] = p < hlo[h] ? p : hlo[h];
            hhi[h] = p > hhi[h] ? p : hhi[h];
        }
    }
    for (size_t i = N; i-- > 0;) {
        is_root[i] = 0;
        if (t->type[i] == MPOL_TREE_TERMINAL) {
            lo[i] = (size_t)-1;
            hi[i] = 0;
            continue;
        }
        lo[i] = hlo[t->infoset[i]];
        hi[i] = hhi[t->infoset[i]];
        for (size_t c = t->child_off[i]; c < t->child_off[i + 1]; c++) {
            size_t ch = t->child[c];
            lo[i] = lo[ch] < lo[i] ? lo[ch] : lo[i];
            hi[i] = hi[ch] > hi[i] ? hi[ch] : hi[i];
        }
        is_root[i] = lo[i] >= pre[i] && hi[i] < pre[i] + size[i];
    }
done:
    mpol_free(pre);
    mpol_free(size);
    mpol_free(lo);
    mpol_free(hi);
    mpol_free(hlo);
    mpol_free(hhi);
    return st;
}

mpol_status mpol_tree_subgames(size_t **out, size_t *count, const mpol_tree *t)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (count == NULL || t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: not finalised");
    *count = 0;
    unsigned char *is_root = mpol_malloc(t->nnodes);
    if (is_root == NULL)
        return nomem();
    mpol_status st = mark_subgames(is_root, t);
    size_t n = 0;
    for (size_t i = 0; st == MPOL_OK && i < t->nnodes; i++)
        n += is_root[i];
    size_t *roots = st == MPOL_OK ? mpol_malloc((n ? n : 1) * sizeof *roots) : NULL;
    if (st == MPOL_OK && roots == NULL)
        st = nomem();
    if (st == MPOL_OK) {
        for (size_t i = 0, k = 0; i < t->nnodes; i++)
            if (is_root[i])
                roots[k++] = i;
        *out = roots;
        *count = n;
    }
    mpol_free(is_root);
    return st;
}

/* --- the certificate ------------------------------------------------------------------ */

void mpol_tree_subgame_check_free(mpol_tree_subgame_check *c)
{
    if (c == NULL)
        return;
    mpol_free(c->root);
    mpol_free(c->regret);
    mpol_free(c);
}

/* The worst regret (or simplex error) of @p behavior restricted to the subgame at r. */
static mpol_status subgame_regret(double *out, const mpol_tree *t, size_t r, const double *behavior,
                                  double *tmp, mpol_i_subtree_ws *ws)
{
    mpol_tree *sub = NULL;
    size_t *amap = NULL;
    mpol_status st = mpol_i_tree_subtree(&sub, NULL, &amap, t, r, NULL, NULL, ws);
    if (st != MPOL_OK)
        return st;
    for (size_t a = 0; a < sub->nactions; a++)
        tmp[a] = behavior[amap[a]];
    mpol_tree_check *c = NULL;
    st = mpol_tree_certify(&c, sub, tmp, MPOL_TREE_TOL);
    if (st == MPOL_OK)
        *out = c->max_error;
    mpol_tree_check_free(c);
    mpol_tree_free(sub);
    mpol_free(amap);
    return st;
}

mpol_status mpol_tree_certify_subgames(mpol_tree_subgame_check **out, const mpol_tree *t,
                                       const double *behavior, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (t == NULL || behavior == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    mpol_tree_subgame_check *c = mpol_calloc(1, sizeof *c);
    if (c == NULL)
        return nomem();
    mpol_status st = mpol_tree_subgames(&c->root, &c->nsubgames, t);
    double *tmp = NULL;
    mpol_i_subtree_ws *ws = NULL;
    if (st == MPOL_OK) {
        c->regret = mpol_calloc(c->nsubgames ? c->nsubgames : 1, sizeof *c->regret);
        tmp = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *tmp);
        if (c->regret == NULL || tmp == NULL)
            st = nomem();
    }
    if (st == MPOL_OK)
        st = mpol_i_tree_subtree_ws_new(&ws, t);
    c->tol_abs = mpol_i_tree_tol_abs(t, tol);
    c->max_error = 0;
    c->worst = c->nsubgames ? c->root[0] : 0;
    for (size_t k = 0; st == MPOL_OK && k < c->nsubgames; k++) {
        st = subgame_regret(&c->regret[k], t, c->root[k], behavior, tmp, ws);
        if (st == MPOL_OK && !(c->regret[k] <= c->max_error)) {
            c->max_error = isnan(c->regret[k]) ? HUGE_VAL : c->regret[k];
            c->worst = c->root[k];
        }
    }
    mpol_free(tmp);
    mpol_i_tree_subtree_ws_free(ws);
    if (st != MPOL_OK) {
        mpol_tree_subgame_check_free(c);
        return st;
    }
    c->verified = c->max_error <= c->tol_abs;
    *out = c;
    return MPOL_OK;
}

/* --- the method ----------------------------------------------------------------------- */

/* Solves one subgame tree; *out gets a solution with at least one equilibrium (verified or
 * not). */
static mpol_status solve_one(mpol_tree_solution **out, const mpol_tree *sub,
                             const mpol_tree_opts *opts)
{
    mpol_tree_opts o = *opts;
    o.method = opts->subgame_method == MPOL_TREE_SUBGAME ? MPOL_TREE_AUTO : opts->subgame_method;
    mpol_tree_solution *s = NULL;
    mpol_status st = mpol_tree_solve(&s, sub, &o);
    if (s != NULL && s->neq > 0 && st == MPOL_OK)
        return *out = s, MPOL_OK;
    if (st != MPOL_OK && st != MPOL_EINVAL && st != MPOL_EVERIFY && st != MPOL_ELIMIT) {
        mpol_tree_solution_free(s);
        return st;
    }
    if (s != NULL && s->method == MPOL_TREE_QRE && s->neq > 0)
        return *out = s, MPOL_OK; /* the fallback itself did not verify */
    /* the fallback: the agent QRE */
    o.method = MPOL_TREE_QRE;
    mpol_tree_solution *q = NULL;
    mpol_status sq = mpol_tree_solve(&q, sub, &o);
    if (sq != MPOL_OK && sq != MPOL_EVERIFY) {
        mpol_tree_solution_free(s);
        return sq;
    }
    if (s != NULL && s->neq > 0 && !(q->max_error < s->max_error)) {
        mpol_tree_solution_free(q);
        return *out = s, MPOL_OK;
    }
    mpol_tree_solution_free(s);
    *out = q;
    return MPOL_OK;
}

mpol_status mpol_i_tree_subgame(mpol_tree_solution **out, const mpol_tree *t,
                                const mpol_tree_opts *opts)
{
    *out = NULL;
    size_t N = t->nnodes, np = t->nplayers, nroots = 0;
    size_t *roots = NULL;
    mpol_status st = mpol_tree_subgames(&roots, &nroots, t);
    if (st != MPOL_OK)
        return st;
    unsigned char *cut = mpol_calloc(N, 1);
    double *cut_value = mpol_calloc(N, np * sizeof *cut_value);
    double *beh = mpol_calloc(t->nactions ? t->nactions : 1, sizeof *beh);
    mpol_i_subtree_ws *ws = NULL;
    if (cut == NULL || cut_value == NULL || beh == NULL)
        st = nomem();
    if (st == MPOL_OK)
        st = mpol_i_tree_subtree_ws_new(&ws, t);
    if (st == MPOL_OK)
        st = mpol_i_tree_solution_new(out, t, MPOL_TREE_SUBGAME);
    int all_verified = 1;
    double lambda = 0;
    size_t work = 0;
    for (size_t k = nroots; st == MPOL_OK && k-- > 0;) {
        size_t r = roots[k];
        mpol_tree *sub = NULL;
        size_t *amap = NULL;
        mpol_tree_solution *s = NULL;
        st = mpol_i_tree_subtree(&sub, NULL, &amap, t, r, cut, cut_value, ws);
        if (st == MPOL_OK)
            st = solve_one(&s, sub, opts);
        if (st == MPOL_OK) {
            const mpol_tree_eq *e = &s->eq[0];
            for (size_t a = 0; a < sub->nactions; a++)
                beh[amap[a]] = e->behavior[a];
            cut[r] = 1;
            for (size_t p = 0; p < np; p++)
                cut_value[r * np + p] = e->value[p];
            all_verified &= s->verified;
            lambda = fmax(lambda, s->lambda);
            work += s->work;
        }
        mpol_tree_solution_free(s);
        mpol_tree_free(sub);
        mpol_free(amap);
    }
    mpol_tree_eq *eq = NULL;
    if (st == MPOL_OK)
        st = mpol_i_tree_solution_push(*out, t, beh, &eq);
    if (st == MPOL_OK) {
        eq->subgame_perfect = all_verified;
        (*out)->lambda = lambda;
        (*out)->work = work;
    } else {
        mpol_tree_solution_free(*out);
        *out = NULL;
    }
    mpol_i_tree_subtree_ws_free(ws);
    mpol_free(roots);
    mpol_free(cut);
    mpol_free(cut_value);
    mpol_free(beh);
    return st;
}
