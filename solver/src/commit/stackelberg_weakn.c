/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the weak (pessimistic) Stackelberg value of an n-player game
 * (n >= 3): the followers reply with a pure profile that is a Nash equilibrium among them
 * given the leader's commitment x, ties broken against the leader. NE(x) is the set of
 * profiles f with x in P_f = {x : d_{f,c} . x >= 0 for every constraint c of f} (c = a
 * follower i and a deviation k; d_{f,c,l} = u_i(l, f) - u_i(l, f with i playing k)), and
 * V(x) = min over f in NE(x) of u_L(x, f); the value is sup_x V(x).
 *
 * One MILP on payoffs scaled to [0, 1] (so every big-M is 1): columns x (simplex), v,
 * binaries z_f (a profile in NE(x)), y_g (u_L(x, g) >= v) and w_{g,c} (g violates its
 * constraint c by at least eps):
 *     max v  s.t.  sum x = 1;  sum_f z_f = 1;  d_{f,c} . x - z_f >= -1;
 *                  y_g + sum_c w_{g,c} >= 1;  u_L(x, g) - v - y_g >= -1;
 *                  d_{g,c} . x + (1 + eps) w_{g,c} <= 1.
 * (v <= the strong value, computed first). Its value is at most V at its x and tends to the
 * supremum as eps -> 0. The binaries are then fixed and the LP of that pattern solved at eps = 0
 * (the limit, a lower bound on the supremum that is exact once eps is below the pattern's margin)
 * and at eps (a commitment that realises it when the supremum is attained); V is re-evaluated at
 * both from the payoff table to decide attainment.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <glpk.h>

#include "commit_internal.h"
#include "lp/glpk_guard_internal.h"

/* The margin eps of the MILP (scaled units): GLPK keeps a MILP's rows only to about 1e-6,
 * so a pattern whose LP at eps / 10 is infeasible is solved again with eps ten times larger,
 * up to WN_EPS_MAX. */
#define WN_EPS_MIN 1e-5
#define WN_EPS_MAX 1e-3
#define WN_TOL_INT 1e-9
#define WN_LP_TOL 1e-12

typedef struct wn_ctx {
    const mpol_i_sg *s;
    size_t C;    /* constraints of a profile: sum over followers of (n_i - 1) */
    double eps;  /* the MILP's margin */
    double vmax; /* an upper bound on v: the strong value (scaled) */
    int *ind;    /* row buffers, max(m, P, C) + 3 */
    double *val;
    double *d;          /* m */
    unsigned char *pat; /* the binaries: z (P), y (P), w (P C) */
} wn_ctx;

size_t mpol_i_sg_weakn_binaries(const mpol_i_sg *s)
{
    size_t C = 0;
    for (size_t i = 0; i < s->n; i++)
        C += i == s->L ? 0 : s->g->nstrategies[i] - 1;
    return s->P * (C + 2);
}

/* d_{g,c} into c->d. */
static void wn_drow(const wn_ctx *c, size_t g, size_t k)
{
    const mpol_i_sg *s = c->s;
    size_t i = 0;
    for (; i < s->n; i++) {
        if (i == s->L)
            continue;
        if (k < s->g->nstrategies[i] - 1)
            break;
        k -= s->g->nstrategies[i] - 1;
    }
    size_t cur = mpol_i_sg_strategy(s, s->base[g], i);
    k += k >= cur;
    for (size_t l = 0; l < s->m; l++) {
        size_t c0 = s->base[g] + l * s->stride[s->L];
        c->d[l] =
            mpol_i_sg_u(s, c0, i) - mpol_i_sg_u(s, c0 - cur * s->stride[i] + k * s->stride[i], i);
    }
}

/* Adds the row  d_{g,k} . x + coef * col  (bounds type, lo, up); col 0 for none. */
static void wn_drow_add(glp_prob *lp, const wn_ctx *c, size_t g, size_t k, int col, double coef,
                        int type, double lo, double up)
{
    size_t m = c->s->m;
    wn_drow(c, g, k);
    for (size_t l = 0; l < m; l++) {
        c->ind[l + 1] = (int)l + 1;
        c->val[l + 1] = c->d[l];
    }
    int len = (int)m;
    if (col > 0) {
        c->ind[++len] = col;
        c->val[len] = coef;
    }
    int r = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, r, len, c->ind, c->val);
    glp_set_row_bnds(lp, r, type, lo, up);
}

/* Adds the row  u_L(x, g) - v + coef * col  (>= lo); col 0 for none. */
static void wn_lrow_add(glp_prob *lp, const wn_ctx *c, size_t g, int col, double coef, double lo)
{
    const mpol_i_sg *s = c->s;
    size_t m = s->m;
    for (size_t l = 0; l < m; l++) {
        c->ind[l + 1] = (int)l + 1;
        c->val[l + 1] = mpol_i_sg_u(s, s->base[g] + l * s->stride[s->L], s->L);
    }
    c->ind[m + 1] = (int)m + 1;
    c->val[m + 1] = -1.0;
    int len = (int)m + 1;
    if (col > 0) {
        c->ind[++len] = col;
        c->val[len] = coef;
    }
    int r = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, r, len, c->ind, c->val);
    glp_set_row_bnds(lp, r, GLP_LO, lo, 0.0);
}

/* Columns x (1..m) and v (m + 1, in [0, 1], the objective); the row sum x = 1. */
static void wn_base(glp_prob *lp, const wn_ctx *c)
{
    size_t m = c->s->m;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)m + 1);
    for (size_t l = 0; l < m; l++) {
        glp_set_col_bnds(lp, (int)l + 1, GLP_LO, 0.0, 0.0);
        c->ind[l + 1] = (int)l + 1;
        c->val[l + 1] = 1.0;
    }
    glp_set_col_bnds(lp, (int)m + 1, GLP_DB, 0.0, fmin(1.0, c->vmax));
    glp_set_obj_coef(lp, (int)m + 1, 1.0);
    int r = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, r, (int)m, c->ind, c->val);
    glp_set_row_bnds(lp, r, GLP_FX, 1.0, 1.0);
}

static void wn_milp(glp_prob *lp, const wn_ctx *c)
{
    const mpol_i_sg *s = c->s;
    size_t P = s->P, C = c->C;
    int z0 = (int)s->m + 2, y0 = z0 + (int)P, w0 = y0 + (int)P;
    wn_base(lp, c);
    glp_add_cols(lp, (int)(P * (C + 2)));
    for (int j = z0; j < w0 + (int)(P * C); j++)
        glp_set_col_kind(lp, j, GLP_BV);
    for (size_t f = 0; f < P; f++) {
        c->ind[f + 1] = z0 + (int)f;
        c->val[f + 1] = 1.0;
    }
    int r = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, r, (int)P, c->ind, c->val);
    glp_set_row_bnds(lp, r, GLP_FX, 1.0, 1.0);
    for (size_t g = 0; g < P; g++) {
        for (size_t k = 0; k < C; k++) {
            wn_drow_add(lp, c, g, k, z0 + (int)g, -1.0, GLP_LO, -1.0, 0.0);
            wn_drow_add(lp, c, g, k, w0 + (int)(g * C + k), 1.0 + c->eps, GLP_UP, 0.0, 1.0);
        }
        c->ind[1] = y0 + (int)g;
        c->val[1] = 1.0;
        for (size_t k = 0; k < C; k++) {
            c->ind[k + 2] = w0 + (int)(g * C + k);
            c->val[k + 2] = 1.0;
        }
        r = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, r, (int)C + 1, c->ind, c->val);
        glp_set_row_bnds(lp, r, GLP_LO, 1.0, 0.0);
        wn_lrow_add(lp, c, g, y0 + (int)g, -1.0, -1.0);
    }
}

/* The LP of the pattern c->pat at margin eps. */
static void wn_fixed(glp_prob *lp, const wn_ctx *c, double eps)
{
    const mpol_i_sg *s = c->s;
    size_t P = s->P, C = c->C;
    wn_base(lp, c);
    for (size_t g = 0; g < P; g++) {
        for (size_t k = 0; k < C; k++) {
            if (c->pat[g])
                wn_drow_add(lp, c, g, k, 0, 0.0, GLP_LO, 0.0, 0.0);
            if (c->pat[2 * P + g * C + k])
                wn_drow_add(lp, c, g, k, 0, 0.0, GLP_UP, 0.0, -eps);
        }
        if (c->pat[P + g])
            wn_lrow_add(lp, c, g, 0, 0.0, 0.0);
    }
}

/* Simplex on @p lp: 1 optimal (*obj, x), 0 infeasible, -1 error (*st). */
static int wn_simplex(glp_prob *lp, size_t m, double *x, double *obj, mpol_status *st)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = WN_LP_TOL;
    parm.tol_dj = WN_LP_TOL;
    int ret = glp_simplex(lp, &parm);
    if (ret != 0) {
        *st = mpol_i_glpk_map_ret(ret, "mpol_stackelberg_solve");
        return -1;
    }
    if (glp_get_status(lp) == GLP_NOFEAS)
        return 0;
    if (glp_get_status(lp) != GLP_OPT) {
        *st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: GLPK ended an LP with status %d",
                         glp_get_status(lp));
        return -1;
    }
    *obj = glp_get_obj_val(lp);
    for (size_t l = 0; l < m; l++)
        x[l] = glp_get_col_prim(lp, (int)l + 1);
    return 1;
}

/* The MILP: 1 solved (c->pat), 0 infeasible, -1 error (*st). */
static int wn_intopt(glp_prob *lp, const wn_ctx *c, mpol_status *st)
{
    size_t nb = c->s->P * (c->C + 2);
    wn_milp(lp, c);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.tol_int = WN_TOL_INT;
    parm.tm_lim = MPOL_I_SG_WEAKN_TIME_LIMIT_MS;
    int ret = glp_intopt(lp, &parm);
    if (ret == GLP_ETMLIM) {
        *st = mpol_error(MPOL_ELIMIT,
                         "mpol_stackelberg_solve: the weak Stackelberg MILP (%zu binaries) ran "
                         "past its time limit of %d s",
                         nb, MPOL_I_SG_WEAKN_TIME_LIMIT_MS / 1000);
        return -1;
    }
    if (ret == GLP_ENOPFS || (ret == 0 && glp_mip_status(lp) == GLP_NOFEAS))
        return 0;
    if (ret != 0) {
        *st = mpol_i_glpk_map_ret(ret, "mpol_stackelberg_solve");
        return -1;
    }
    if (glp_mip_status(lp) != GLP_OPT) {
        *st = mpol_error(MPOL_ENUMERIC,
                         "mpol_stackelberg_solve: GLPK ended the weak Stackelberg MILP with "
                         "status %d",
                         glp_mip_status(lp));
        return -1;
    }
    for (size_t j = 0; j < nb; j++)
        c->pat[j] = glp_mip_col_val(lp, (int)(c->s->m + 2 + j)) > 0.5;
    return 1;
}

/* MILP, then the pattern's LP at 0 (*v0, x0) and at eps / 10 (*ve, xe): 1; 0 the MILP is
 * infeasible; -1 error (*st); -2 the pattern's LP at eps / 10 is infeasible. */
static int wn_solve(const wn_ctx *c, double *x0, double *v0, double *xe, double *ve,
                    mpol_status *st)
{
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        *st = mpol_i_glpk_failed(&guard, "mpol_stackelberg_solve");
        return -1;
    }
    lp = glp_create_prob();
    int r = wn_intopt(lp, c, st);
    glp_delete_prob(lp);
    lp = NULL;
    if (r == 1) {
        lp = glp_create_prob();
        wn_fixed(lp, c, c->eps / 10);
        r = wn_simplex(lp, c->s->m, xe, ve, st);
        glp_delete_prob(lp);
        lp = NULL;
        if (r == 0) /* the pattern held in the MILP only within GLPK's tolerance */
            r = -2;
    }
    if (r == 1) {
        lp = glp_create_prob();
        wn_fixed(lp, c, 0.0);
        r = wn_simplex(lp, c->s->m, x0, v0, st);
        glp_delete_prob(lp);
        if (r == 0) {
            *st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: the weak Stackelberg "
                                            "limit LP is infeasible (numerical trouble)");
            r = -1;
        }
    }
    mpol_i_glpk_release(&guard);
    return r;
}

/* V(x) = min over NE(x) of u_L(x, f) (INFINITY if NE(x) is empty), its argmin in *arg, and
 * in *near the profile of NE(x) whose u_L(x, f) is closest to @p target; *count = |NE(x)|. */
static double wn_value(const wn_ctx *c, const double *x, double tol, double target, size_t *arg,
                       size_t *near, size_t *count)
{
    const mpol_i_sg *s = c->s;
    double worst = INFINITY, gap = INFINITY;
    *count = 0;
    for (size_t g = 0; g < s->P; g++) {
        int ne = 1;
        for (size_t k = 0; k < c->C && ne; k++) {
            wn_drow(c, g, k);
            double dx = 0.0;
            for (size_t l = 0; l < s->m; l++)
                dx += c->d[l] * x[l];
            ne = dx >= -tol;
        }
        if (!ne)
            continue;
        double u = 0.0;
        for (size_t l = 0; l < s->m; l++)
            u += x[l] * mpol_i_sg_u(s, s->base[g] + l * s->stride[s->L], s->L);
        ++*count;
        if (u < worst) {
            worst = u;
            *arg = g;
        }
        if (fabs(u - target) < gap) {
            gap = fabs(u - target);
            *near = g;
        }
    }
    return worst;
}

static void wn_simplex_clean(double *x, size_t m)
{
    double sum = 0.0;
    for (size_t l = 0; l < m; l++)
        sum += x[l] = x[l] > 0.0 ? x[l] : 0.0;
    for (size_t l = 0; l < m && sum > 0.0; l++)
        x[l] /= sum;
}

/* The answer from the limit LP's x0 (value v0) and the margin LP's xe. */
static void wn_pick(const wn_ctx *c, mpol_i_sg_best *best, double *x0, double v0, double *xe,
                    double tol)
{
    size_t m = c->s->m, a0 = 0, n0 = 0, k0 = 0, ae = 0, ne = 0, ke = 0;
    wn_simplex_clean(x0, m);
    wn_simplex_clean(xe, m);
    double V0 = wn_value(c, x0, tol, v0, &a0, &n0, &k0);
    double Ve = wn_value(c, xe, tol, v0, &ae, &ne, &ke);
    const double *x = x0;
    best->attained = 1;
    if (V0 < INFINITY && V0 >= v0 - tol) {
        best->q = a0;
        best->value = best->pessimistic = fmax(v0, V0);
        best->inducible = k0;
    } else if (Ve < INFINITY && Ve >= v0 - tol) {
        best->q = ae;
        best->value = best->pessimistic = fmax(v0, Ve);
        best->inducible = ke;
        x = xe;
    } else { /* the supremum is a limit: reply the equilibrium at x0 that gives v0 */
        best->attained = 0;
        best->q = k0 > 0 ? n0 : SIZE_MAX;
        best->value = v0;
        best->pessimistic = V0;
        best->inducible = k0;
    }
    memcpy(best->x, x, m * sizeof *x);
}

mpol_status mpol_i_sg_weakn(const mpol_i_sg *s, mpol_i_sg_best *best, double tol)
{
    best->q = SIZE_MAX;
    best->value = -INFINITY;
    best->solved = best->inducible = 0;
    size_t nb = mpol_i_sg_weakn_binaries(s);
    if (nb > MPOL_I_SG_WEAKN_MAX_BINARIES)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_stackelberg_solve: the weak Stackelberg MILP would have %zu "
                          "binaries (%zu followers' profiles x %zu); the limit is %d",
                          nb, s->P, nb / s->P, MPOL_I_SG_WEAKN_MAX_BINARIES);
    wn_ctx c = {.s = s, .C = nb / s->P - 2};
    size_t len = (s->m > s->P ? s->m : s->P) + c.C + 4;
    c.ind = mpol_malloc(len * sizeof *c.ind);
    c.val = mpol_malloc(len * sizeof *c.val);
    c.d = mpol_malloc(s->m * sizeof *c.d);
    c.pat = mpol_malloc(nb);
    double *x0 = mpol_malloc(2 * s->m * sizeof *x0), v0 = 0.0, ve = 0.0;
    mpol_status st = MPOL_OK;
    if (c.ind == NULL || c.val == NULL || c.d == NULL || c.pat == NULL || x0 == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_stackelberg_solve: out of memory");
    } else {
        mpol_i_sg_best sb = {.q = SIZE_MAX, .value = -INFINITY, .x = x0};
        st = mpol_i_sg_strong(s, &sb, 0);
        c.vmax = sb.q == SIZE_MAX ? 1.0 : sb.value + 1e-7;
        int r = st == MPOL_OK ? -2 : -1;
        for (c.eps = WN_EPS_MIN; r == -2 && c.eps <= WN_EPS_MAX * 1.01; c.eps *= 10) {
            r = wn_solve(&c, x0, &v0, x0 + s->m, &ve, &st);
            best->solved += r == 1 ? 3 : 2;
        }
        if (r == -2)
            st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: the weak Stackelberg MILP's "
                                           "reply pattern has no commitment (numerical trouble)");
        if (r == 1)
            wn_pick(&c, best, x0, v0, x0 + s->m, tol);
    }
    mpol_free(c.ind);
    mpol_free(c.val);
    mpol_free(c.d);
    mpol_free(c.pat);
    mpol_free(x0);
    return st;
}
