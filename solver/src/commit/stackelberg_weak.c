/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the weak (pessimistic) Stackelberg value of a two-player game: the
 * follower breaks ties against the leader, so the leader's payoff at x is the least
 * u_L(x, j) over the follower's best replies j, and the value is its supremum over x.
 *
 * Follower strategies with identical payoff columns always tie; they form a group g, whose
 * payoff to the leader is the least over its members. The region P_g where g is a best
 * reply either has an interior (in the simplex) where g is the unique best reply, or not.
 * The regions with an interior cover the simplex, and on such a region the pessimistic
 * payoff is min_{j in g} u_L(x, j) in the interior and at most that on its boundary, so
 *     sup = max over groups g with an interior of  max { z : z <= u_L(x, j) (j in g),
 *                                                       x in P_g }.
 * Per group: the value LP above, then (only when it would be the new best) the interior
 * test  max t  s.t.  u_F(x, g) - u_F(x, j') >= t (j' not in g), t <= 1: an interior iff
 * t > tol. Groups are taken in decreasing order of the bound min_{j in g} max_i u_L(i, j)
 * and pruned by it. Each LP is built afresh (GLPK inside the guard).
 */
#include <math.h>
#include <stdint.h>

#include <glpk.h>

#include "commit_internal.h"
#include "lp/glpk_guard_internal.h"

#define SG_WEAK_LP_TOL 1e-12

typedef struct weak_ctx {
    const mpol_i_sg *s;
    const size_t *group; /* group of each follower strategy (its first member) */
    size_t g;            /* the group of the LP */
    int inducibility;    /* 0: the value LP; 1: the interior test */
    int *ind;
    double *val;
} weak_ctx;

static double uF(const mpol_i_sg *s, size_t i, size_t j)
{
    return mpol_i_sg_u(s, s->base[j] + i * s->stride[s->L], 1 - s->L);
}

static double uL(const mpol_i_sg *s, size_t i, size_t j)
{
    return mpol_i_sg_u(s, s->base[j] + i * s->stride[s->L], s->L);
}

/* Rows of the LP (columns x_1..x_m, then z or t). */
static void weak_rows(glp_prob *lp, const weak_ctx *c)
{
    const mpol_i_sg *s = c->s;
    size_t m = s->m, r = 0;
    int *ind = c->ind;
    double *val = c->val;
    for (size_t j = 0; j < s->P; j++) {
        int member = c->group[j] == c->g;
        if (member && c->inducibility)
            continue;
        for (size_t i = 0; i < m; i++) {
            ind[i + 1] = (int)i + 1;
            val[i + 1] = member ? -uL(s, i, j) : uF(s, i, c->g) - uF(s, i, j);
        }
        ind[m + 1] = (int)m + 1;
        val[m + 1] = member ? 1.0 : c->inducibility ? -1.0 : 0.0;
        glp_add_rows(lp, 1);
        glp_set_mat_row(lp, (int)++r, (int)m + 1, ind, val);
        glp_set_row_bnds(lp, (int)r, member ? GLP_UP : GLP_LO, 0.0, 0.0);
    }
    for (size_t i = 0; i < m; i++) {
        ind[i + 1] = (int)i + 1;
        val[i + 1] = 1.0;
    }
    glp_add_rows(lp, 1);
    glp_set_mat_row(lp, (int)++r, (int)m, ind, val);
    glp_set_row_bnds(lp, (int)r, GLP_FX, 1.0, 1.0);
}

/* Solves one LP of @p c: 1 optimal (*obj, x filled), 0 infeasible, -1 error (*st). */
static int weak_lp(const weak_ctx *c, double *x, double *obj, mpol_status *st)
{
    size_t m = c->s->m;
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        *st = mpol_i_glpk_failed(&guard, "mpol_stackelberg_solve");
        return -1;
    }
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)m + 1);
    for (size_t i = 0; i < m; i++)
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
    glp_set_col_bnds(lp, (int)m + 1, c->inducibility ? GLP_UP : GLP_FR, 0.0, 1.0);
    glp_set_obj_coef(lp, (int)m + 1, 1.0);
    weak_rows(lp, c);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = SG_WEAK_LP_TOL;
    parm.tol_dj = SG_WEAK_LP_TOL;
    int ret = glp_simplex(lp, &parm), r = -1;
    if (ret != 0) {
        *st = mpol_i_glpk_map_ret(ret, "mpol_stackelberg_solve");
    } else if (glp_get_status(lp) == GLP_OPT) {
        r = 1;
        *obj = glp_get_obj_val(lp);
        for (size_t i = 0; x != NULL && i < m; i++)
            x[i] = glp_get_col_prim(lp, (int)i + 1);
    } else if (glp_get_status(lp) == GLP_NOFEAS) {
        r = 0;
    } else {
        *st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: GLPK ended an LP with status %d",
                         glp_get_status(lp));
    }
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    return r;
}

/* Groups of identical follower columns; bound[g] at each group's first member. */
static void make_groups(const mpol_i_sg *s, size_t *group, double *bound)
{
    for (size_t j = 0; j < s->P; j++) {
        group[j] = j;
        for (size_t k = 0; k < j && group[j] == j; k++) {
            if (group[k] != k)
                continue;
            size_t i = 0;
            while (i < s->m && uF(s, i, j) == uF(s, i, k))
                i++;
            if (i == s->m)
                group[j] = k;
        }
    }
    for (size_t j = 0; j < s->P; j++)
        bound[j] = INFINITY;
    for (size_t j = 0; j < s->P; j++) { /* max_x min_{j in g} u_L(x, j) <= min_j max_i */
        double mx = -INFINITY;
        for (size_t i = 0; i < s->m; i++)
            mx = fmax(mx, uL(s, i, j));
        bound[group[j]] = fmin(bound[group[j]], mx);
    }
}

/* The unsolved group of the largest bound, or SIZE_MAX. */
static size_t next_group(const mpol_i_sg *s, const size_t *group, double *bound)
{
    size_t g = SIZE_MAX;
    for (size_t j = 0; j < s->P; j++)
        if (group[j] == j && bound[j] > -INFINITY && (g == SIZE_MAX || bound[j] > bound[g]))
            g = j;
    return g;
}

static mpol_status weak_search(const mpol_i_sg *s, mpol_i_sg_best *best, weak_ctx *c, double *bound,
                               double *x, double tol)
{
    mpol_status st = MPOL_OK;
    for (size_t g; (g = next_group(s, c->group, bound)) != SIZE_MAX;) {
        if (best->q != SIZE_MAX && bound[g] <= best->value)
            break;
        bound[g] = -INFINITY;
        double z, t;
        c->g = g;
        c->inducibility = 0;
        int r = weak_lp(c, x, &z, &st);
        best->solved++;
        if (r < 0)
            return st;
        if (r == 0 || (best->q != SIZE_MAX && z <= best->value))
            continue;
        best->inducible++;
        c->inducibility = 1;
        r = weak_lp(c, NULL, &t, &st);
        best->solved++;
        if (r < 0)
            return st;
        if (r == 0 || t <= tol)
            continue;
        size_t worst = g; /* the group's member worst for the leader at x */
        double wv = INFINITY;
        for (size_t j = 0; j < s->P; j++) {
            double v = 0.0;
            for (size_t i = 0; i < s->m && c->group[j] == g; i++)
                v += x[i] * uL(s, i, j);
            if (c->group[j] == g && v < wv) {
                wv = v;
                worst = j;
            }
        }
        best->q = worst;
        best->value = z;
        for (size_t i = 0; i < s->m; i++)
            best->x[i] = x[i];
    }
    return st;
}

mpol_status mpol_i_sg_weak(const mpol_i_sg *s, mpol_i_sg_best *best, double tol)
{
    best->q = SIZE_MAX;
    best->value = -INFINITY;
    best->solved = best->inducible = 0;
    size_t *group = mpol_malloc(s->P * sizeof *group);
    double *bound = mpol_malloc(s->P * sizeof *bound);
    double *x = mpol_malloc(s->m * sizeof *x);
    int *ind = mpol_malloc((s->m + 2) * sizeof *ind);
    double *val = mpol_malloc((s->m + 2) * sizeof *val);
    mpol_status st = MPOL_OK;
    if (group == NULL || bound == NULL || x == NULL || ind == NULL || val == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_stackelberg_solve: out of memory");
    } else {
        make_groups(s, group, bound);
        weak_ctx c = {.s = s, .group = group, .ind = ind, .val = val};
        st = weak_search(s, best, &c, bound, x, tol);
    }
    mpol_free(group);
    mpol_free(bound);
    mpol_free(x);
    mpol_free(ind);
    mpol_free(val);
    return st;
}
