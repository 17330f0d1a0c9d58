/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_stackelberg_bayes_solve: the strong Stackelberg equilibrium of a
 * Bayesian Stackelberg game (a leader facing one follower of several types with a prior) by
 * one MILP in GLPK in the style of DOBSS (Paruchuri et al. 2008; the big-M form of
 * Conitzer and Sandholm 2006), on payoffs scaled to [0, 1] (the leader's over all types,
 * each type's own), where M = 1 is exact. Columns: x_1..x_m, the binaries q_tj (type t
 * replies j), a_t (type t's value), f_t (the leader's payoff against type t). Rows:
 *     sum_i x_i = 1;  sum_j q_tj = 1;
 *     a_t - C_t(x, j) >= 0;  a_t - C_t(x, j) + q_tj <= 1;  f_t - R_t(x, j) + q_tj <= 1;
 * objective max sum_t prior_t f_t. GLPK's integrality tolerance leaves q within 1e-5 of
 * 0/1, so the replies are then fixed and the LP of that reply profile (every type's reply a
 * best reply, the leader's expected payoff maximised) gives the commitment to GLPK's simplex
 * tolerance. The check (per type: regret of the reply, the leader's payoff) is recomputed
 * from the caller's arrays.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <glpk.h>

#include "commit_internal.h"
#include "lp/glpk_guard_internal.h"

#define BSG_MAX_BINARIES ((size_t)1 << 20)
#define BSG_LP_TOL 1e-12

typedef struct bsg_scaled {
    const mpol_bsg *g;
    double lo, inv;     /* leader: (R - lo) * inv */
    double *flo, *finv; /* per type */
} bsg_scaled;

static double Rs(const bsg_scaled *s, size_t t, size_t i, size_t j)
{
    return (s->g->leader[(t * s->g->m + i) * s->g->n + j] - s->lo) * s->inv;
}

static double Cs(const bsg_scaled *s, size_t t, size_t i, size_t j)
{
    return (s->g->follower[(t * s->g->m + i) * s->g->n + j] - s->flo[t]) * s->finv[t];
}

static void range_of(const double *v, size_t len, double *lo, double *inv)
{
    double a = INFINITY, b = -INFINITY;
    for (size_t k = 0; k < len; k++) {
        a = fmin(a, v[k]);
        b = fmax(b, v[k]);
    }
    *lo = a;
    *inv = b > a ? 1.0 / (b - a) : 1.0;
}

/* One row: @p coef on x (none if NULL), then @p nextra columns @p cols with @p vals; bounds
 * of GLPK kind @p type. */
static void add_row(glp_prob *lp, int *ind, double *val, size_t m, const double *coef, int type,
                    double lo, double hi, const int *cols, const double *vals, int nextra)
{
    int r = glp_add_rows(lp, 1), k = 0;
    for (size_t i = 0; coef != NULL && i < m; i++) {
        ind[++k] = (int)i + 1;
        val[k] = coef[i];
    }
    for (int e = 0; e < nextra; e++) {
        ind[++k] = cols[e];
        val[k] = vals[e];
    }
    glp_set_mat_row(lp, r, k, ind, val);
    glp_set_row_bnds(lp, r, type, lo, hi);
}

/* The MILP's rows and columns. */
static void build_milp(glp_prob *lp, const bsg_scaled *s, int *ind, double *val, double *coef)
{
    const mpol_bsg *g = s->g;
    size_t m = g->m, n = g->n, T = g->ntypes;
    int qc = (int)m + 1, ac = (int)(m + T * n) + 1, fc = ac + (int)T;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)(m + T * n + 2 * T));
    for (size_t i = 0; i < m; i++)
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
    for (size_t k = 0; k < T * n; k++)
        glp_set_col_kind(lp, qc + (int)k, GLP_BV);
    for (size_t t = 0; t < T; t++) {
        glp_set_col_bnds(lp, ac + (int)t, GLP_DB, 0.0, 1.0);
        glp_set_col_bnds(lp, fc + (int)t, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, fc + (int)t, g->prior[t]);
    }
    for (size_t i = 0; i < m; i++)
        coef[i] = 1.0;
    add_row(lp, ind, val, m, coef, GLP_FX, 1.0, 1.0, NULL, NULL, 0);
    for (size_t t = 0; t < T; t++) {
        int a = ac + (int)t, f = fc + (int)t;
        for (size_t j = 0; j < n; j++) {
            int q = qc + (int)(t * n + j), cols[2] = {a, q};
            double ones[2] = {1.0, 1.0}, one[1] = {1.0};
            for (size_t i = 0; i < m; i++)
                coef[i] = -Cs(s, t, i, j);
            add_row(lp, ind, val, m, coef, GLP_LO, 0.0, 0.0, cols, one, 1);
            add_row(lp, ind, val, m, coef, GLP_UP, 0.0, 1.0, cols, ones, 2);
            for (size_t i = 0; i < m; i++)
                coef[i] = -Rs(s, t, i, j);
            int fq[2] = {f, q};
            add_row(lp, ind, val, m, coef, GLP_UP, 0.0, 1.0, fq, ones, 2);
        }
        for (size_t j = 0; j < n; j++) { /* sum_j q_tj = 1 */
            ind[j + 1] = qc + (int)(t * n + j);
            val[j + 1] = 1.0;
        }
        int r = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, r, (int)n, ind, val);
        glp_set_row_bnds(lp, r, GLP_FX, 1.0, 1.0);
    }
}

/* The LP of the reply profile @p reply: max sum_t p_t R_t(x, reply_t) s.t. every reply is a
 * best reply. 1: solved (x, *obj), 0: infeasible. */
static int polish(glp_prob *lp, const bsg_scaled *s, const size_t *reply, int *ind, double *val,
                  double *coef, double *x, double *obj)
{
    const mpol_bsg *g = s->g;
    size_t m = g->m;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)m);
    for (size_t i = 0; i < m; i++) {
        double c = 0.0;
        for (size_t t = 0; t < g->ntypes; t++)
            c += g->prior[t] * Rs(s, t, i, reply[t]);
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)i + 1, c);
        coef[i] = 1.0;
    }
    add_row(lp, ind, val, m, coef, GLP_FX, 1.0, 1.0, NULL, NULL, 0);
    for (size_t t = 0; t < g->ntypes; t++)
        for (size_t j = 0; j < g->n; j++) {
            if (j == reply[t])
                continue;
            for (size_t i = 0; i < m; i++)
                coef[i] = Cs(s, t, i, reply[t]) - Cs(s, t, i, j);
            add_row(lp, ind, val, m, coef, GLP_LO, 0.0, 0.0, NULL, NULL, 0);
        }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = BSG_LP_TOL;
    parm.tol_dj = BSG_LP_TOL;
    if (glp_simplex(lp, &parm) != 0 || glp_get_status(lp) != GLP_OPT)
        return 0;
    *obj = glp_get_obj_val(lp);
    for (size_t i = 0; i < m; i++)
        x[i] = glp_get_col_prim(lp, (int)i + 1);
    return 1;
}

/* Solves the MILP, reads the replies, polishes; inside the guard. */
static mpol_status milp_guarded(const bsg_scaled *s, mpol_bsg_result *r, int *ind, double *val,
                                double *coef)
{
    const mpol_bsg *g = s->g;
    size_t m = g->m, n = g->n;
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL, *volatile lp2 = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0)
        return mpol_i_glpk_failed(&guard, "mpol_stackelberg_bayes_solve");
    lp = glp_create_prob();
    build_milp(lp, s, ind, val, coef);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    int ret = glp_intopt(lp, &parm);
    mpol_status st = MPOL_OK;
    if (ret != 0)
        st = mpol_i_glpk_map_ret(ret, "mpol_stackelberg_bayes_solve");
    else if (glp_mip_status(lp) != GLP_OPT)
        st = mpol_error(MPOL_ENUMERIC,
                        "mpol_stackelberg_bayes_solve: GLPK ended the MILP with "
                        "status %d",
                        glp_mip_status(lp));
    if (st == MPOL_OK) {
        r->milp_value = glp_mip_obj_val(lp);
        for (size_t i = 0; i < m; i++)
            r->commitment[i] = glp_mip_col_val(lp, (int)i + 1);
        for (size_t t = 0; t < g->ntypes; t++) {
            size_t best = 0;
            for (size_t j = 1; j < n; j++)
                if (glp_mip_col_val(lp, (int)(m + t * n + j) + 1) >
                    glp_mip_col_val(lp, (int)(m + t * n + best) + 1))
                    best = j;
            r->reply[t] = best;
        }
        r->value = r->milp_value;
        lp2 = glp_create_prob();
        double obj;
        if (polish(lp2, s, r->reply, ind, val, coef, coef + m, &obj) && obj >= r->value - 1e-7) {
            memcpy(r->commitment, coef + m, m * sizeof *coef);
            r->value = obj;
        }
        glp_delete_prob(lp2);
    }
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    return st;
}

/* The per-type check from the caller's arrays. */
static void certify(const mpol_bsg *g, mpol_bsg_result *r, double tol)
{
    size_t m = g->m, n = g->n;
    double sum = 0.0, neg = 0.0, lo, inv, range = 0.0;
    for (size_t i = 0; i < m; i++) {
        sum += r->commitment[i];
        neg = fmax(neg, -r->commitment[i]);
    }
    r->simplex_error = fmax(neg, fabs(sum - 1.0));
    r->leader_value = 0.0;
    r->max_error = 0.0;
    for (size_t t = 0; t < g->ntypes; t++) {
        const double *C = g->follower + t * m * n, *R = g->leader + t * m * n;
        double best = -INFINITY, here = 0.0, lead = 0.0;
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            for (size_t i = 0; i < m; i++)
                v += r->commitment[i] * C[i * n + j];
            best = fmax(best, v);
        }
        for (size_t i = 0; i < m; i++) {
            here += r->commitment[i] * C[i * n + r->reply[t]];
            lead += r->commitment[i] * R[i * n + r->reply[t]];
        }
        r->type_payoff[t] = here;
        r->type_value[t] = lead;
        r->type_regret[t] = best - here;
        r->leader_value += g->prior[t] * lead;
        r->max_error = fmax(r->max_error, r->type_regret[t]);
        range_of(C, m * n, &lo, &inv);
        range = fmax(range, 1.0 / inv);
    }
    range_of(g->leader, g->ntypes * m * n, &lo, &inv);
    range = fmax(range, 1.0 / inv);
    r->value_error = fabs(r->leader_value - r->value);
    r->tol_abs = tol * range;
    r->max_error = fmax(r->max_error, fmax(r->value_error, r->simplex_error * range));
    if (!isfinite(r->max_error) || isnan(r->value_error))
        r->max_error = INFINITY;
    r->verified = r->max_error <= r->tol_abs;
}

mpol_status mpol_stackelberg_bayes_certify(mpol_bsg_result *r, const mpol_bsg *g, double tol)
{
    if (r == NULL || g == NULL || g->prior == NULL || g->leader == NULL || g->follower == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_bayes_certify: NULL argument");
    if (r->m != g->m || r->n != g->n || r->ntypes != g->ntypes || !(tol > 0))
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_bayes_certify: the result's sizes are "
                                       "not the game's, or tol is not positive");
    for (size_t t = 0; t < g->ntypes; t++)
        if (r->reply[t] >= g->n)
            return mpol_error(MPOL_EINVAL,
                              "mpol_stackelberg_bayes_certify: reply %zu of type %zu out of "
                              "range",
                              r->reply[t], t + 1);
    certify(g, r, tol);
    return MPOL_OK;
}

static mpol_status check_bsg(const mpol_bsg *g)
{
    if (g == NULL || g->prior == NULL || g->leader == NULL || g->follower == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_bayes_solve: NULL argument");
    if (g->m == 0 || g->n == 0 || g->ntypes == 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_stackelberg_bayes_solve: %zu leader strategies, "
                          "%zu follower strategies, %zu types",
                          g->m, g->n, g->ntypes);
    if (g->ntypes > BSG_MAX_BINARIES / g->n || g->m > (size_t)INT_MAX / 8 / (g->ntypes * g->n))
        return mpol_error(MPOL_ELIMIT,
                          "mpol_stackelberg_bayes_solve: %zu types x %zu replies are too many "
                          "binaries for the MILP (limit %zu)",
                          g->ntypes, g->n, BSG_MAX_BINARIES);
    double sum = 0.0;
    for (size_t t = 0; t < g->ntypes; t++) {
        if (!(g->prior[t] >= 0.0) || !isfinite(g->prior[t]))
            return mpol_error(MPOL_EINVAL,
                              "mpol_stackelberg_bayes_solve: prior %zu is %g, not a probability",
                              t + 1, g->prior[t]);
        sum += g->prior[t];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return mpol_error(MPOL_EINVAL,
                          "mpol_stackelberg_bayes_solve: the prior sums to %.12g, "
                          "not 1",
                          sum);
    for (size_t k = 0; k < g->ntypes * g->m * g->n; k++)
        if (!isfinite(g->leader[k]) || !isfinite(g->follower[k]))
            return mpol_error(MPOL_EINVAL,
                              "mpol_stackelberg_bayes_solve: payoff %zu is not "
                              "finite",
                              k);
    return MPOL_OK;
}

void mpol_bsg_result_free(mpol_bsg_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->commitment);
    mpol_free(r->reply);
    mpol_free(r->type_value);
    mpol_free(r->type_payoff);
    mpol_free(r->type_regret);
    mpol_free(r);
}

static mpol_bsg_result *alloc_result(const mpol_bsg *g)
{
    mpol_bsg_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->m = g->m;
    r->n = g->n;
    r->ntypes = g->ntypes;
    r->binaries = g->ntypes * g->n;
    r->commitment = mpol_calloc(g->m, sizeof *r->commitment);
    r->reply = mpol_calloc(g->ntypes, sizeof *r->reply);
    r->type_value = mpol_calloc(g->ntypes, sizeof(double));
    r->type_payoff = mpol_calloc(g->ntypes, sizeof(double));
    r->type_regret = mpol_calloc(g->ntypes, sizeof(double));
    if (r->commitment == NULL || r->reply == NULL || r->type_value == NULL ||
        r->type_payoff == NULL || r->type_regret == NULL) {
        mpol_bsg_result_free(r);
        return NULL;
    }
    return r;
}

/* Scales, solves and unscales; the result's value in the caller's units. */
static mpol_status solve_scaled(const mpol_bsg *g, mpol_bsg_result *r)
{
    size_t width = g->m + g->n + 4, T = g->ntypes;
    bsg_scaled s = {.g = g};
    s.flo = mpol_malloc(T * sizeof *s.flo);
    s.finv = mpol_malloc(T * sizeof *s.finv);
    int *ind = mpol_malloc((width + 1) * sizeof *ind);
    double *val = mpol_malloc((width + 1) * sizeof *val);
    double *coef = mpol_malloc(2 * g->m * sizeof *coef);
    mpol_status st = MPOL_OK;
    if (s.flo == NULL || s.finv == NULL || ind == NULL || val == NULL || coef == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_stackelberg_bayes_solve: out of memory");
    } else {
        range_of(g->leader, T * g->m * g->n, &s.lo, &s.inv);
        for (size_t t = 0; t < T; t++)
            range_of(g->follower + t * g->m * g->n, g->m * g->n, &s.flo[t], &s.finv[t]);
        st = milp_guarded(&s, r, ind, val, coef);
        r->value = s.lo + r->value / s.inv;
        r->milp_value = s.lo + r->milp_value / s.inv;
    }
    mpol_free(s.flo);
    mpol_free(s.finv);
    mpol_free(ind);
    mpol_free(val);
    mpol_free(coef);
    return st;
}

mpol_status mpol_stackelberg_bayes_solve(mpol_bsg_result **out, const mpol_bsg *g,
                                         const mpol_stackelberg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_bayes_solve: NULL argument");
    *out = NULL;
    double tol = opts != NULL ? opts->tol : 1e-9;
    if (!(tol > 0) || !isfinite(tol))
        return mpol_error(MPOL_EINVAL, "mpol_stackelberg_bayes_solve: tol must be positive");
    mpol_status st = check_bsg(g);
    if (st != MPOL_OK)
        return st;
    mpol_bsg_result *r = alloc_result(g);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_stackelberg_bayes_solve: out of memory");
    st = solve_scaled(g, r);
    if (st != MPOL_OK) {
        mpol_bsg_result_free(r);
        return st;
    }
    double sum = 0.0;
    for (size_t i = 0; i < g->m; i++) {
        r->commitment[i] = r->commitment[i] > 0.0 ? r->commitment[i] : 0.0;
        sum += r->commitment[i];
    }
    for (size_t i = 0; i < g->m && sum > 0.0; i++)
        r->commitment[i] /= sum;
    mpol_stackelberg_bayes_certify(r, g, tol);
    *out = r;
    if (!r->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_stackelberg_bayes_solve: the check failed (largest error %.3g, "
                          "tolerance %.3g)",
                          r->max_error, r->tol_abs);
    return MPOL_OK;
}
