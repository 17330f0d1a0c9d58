/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file runs the solutions of `multipolar solve` for tu models and judges each by the
 * library's own check and by the certificates recounted from the table (tu.h, coalition.h):
 * the efficiency of the values, the excesses of the core, least-core and (pre)nucleolus
 * points, the imputation set, the coalition structure's re-added value and the partition
 * core's blocking excess. Nothing is computed here; the states and check lists are filled
 * for the report.
 */
#include <math.h>
#include <string.h>

#include "solve_tu.h"

static void add_check(sol *s, const char *name, double v)
{
    if (s->nchecks < TU_MAX_CHECKS) {
        s->check_name[s->nchecks] = name;
        s->check_val[s->nchecks++] = v;
    }
}

void tu_set_reason(sol *s, sol_state state, const char *msg)
{
    char buf[1100];
    s->state = state;
    snprintf(s->reason, sizeof s->reason, "%s", cli_message(msg, buf, sizeof buf));
}

/* Maps a library failure: EVERIFY is a failed check, anything else a solver error. */
static void set_failure(sol *s, mpol_status st)
{
    tu_set_reason(s, st == MPOL_EVERIFY ? ST_FAILED : ST_ERROR, mpol_last_error());
}

static mpol_status run_value(tu_report *r, sol_id id)
{
    mpol_value **out = &r->val[id];
    switch (id) {
    case SOL_SHAPLEY:
        return mpol_tu_shapley(out, r->g);
    case SOL_BANZHAF:
        return mpol_tu_banzhaf(out, r->g, 1);
    case SOL_TAU:
        return mpol_tu_tau(out, r->g);
    case SOL_OWEN:
        return mpol_tu_owen(out, r->g, r->union_of);
    default:
        return mpol_tu_myerson(out, r->g, r->edges, r->nedges);
    }
}

static void solve_value(tu_report *r, sol_id id)
{
    sol *s = &r->s[id];
    mpol_status st = run_value(r, id);
    if (st != MPOL_OK) {
        /* tau of a game that is not quasi-balanced; Banzhaf values summing to 0. */
        if ((id == SOL_TAU && st == MPOL_EINVAL) || (id == SOL_BANZHAF && st == MPOL_ENUMERIC))
            tu_set_reason(s, ST_UNDEFINED, mpol_last_error());
        else
            set_failure(s, st);
        return;
    }
    const mpol_value *v = r->val[id];
    mpol_tu_efficiency_cert c;
    if ((st = mpol_tu_efficiency_certify(&c, r->g, v->x, v->target, r->tol)) != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    s->x = v->x;
    add_check(s, "efficiency_error", c.efficiency_error);
    add_check(s, "target", c.target);
    s->state = c.verified ? ST_OK : ST_FAILED;
}

/* The excess certificate of @p x (claimed max excess @p claimed, NaN: none) into @p c;
 * 0 with s set to an error when it cannot be computed. */
static int excess_cert(tu_report *r, sol *s, const double *x, double claimed,
                       mpol_tu_excess_cert *c)
{
    mpol_status st = mpol_tu_excess_certify(c, r->g, x, claimed, r->tol);
    if (st != MPOL_OK)
        set_failure(s, st);
    return st == MPOL_OK;
}

static void solve_core(tu_report *r, const mpol_core_opts *co)
{
    sol *s = &r->s[SOL_CORE];
    mpol_status st = mpol_core_solve(&r->core, r->g, co);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_core_result *c = r->core;
    mpol_tu_excess_cert xc = {0};
    int solved = c->outcome == MPOL_SOLVED;
    if (solved && !excess_cert(r, s, c->x, NAN, &xc))
        return;
    s->x = solved ? c->x : NULL;
    add_check(s, "max_violation", c->max_violation);
    add_check(s, "efficiency_error", c->efficiency_error);
    add_check(s, "balance_error", c->balance_error);
    add_check(s, "dual_gap", c->dual_gap);
    s->state = c->verified && (!solved || (xc.verified && xc.in_core)) ? ST_OK : ST_FAILED;
}

static void solve_least_core(tu_report *r, const mpol_core_opts *co)
{
    sol *s = &r->s[SOL_LEAST_CORE];
    if (r->g->n < 2) {
        tu_set_reason(s, ST_UNDEFINED, "a one-player game has no proper coalitions");
        return;
    }
    mpol_status st = mpol_least_core(&r->lc, r->g, co);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_least_core_result *c = r->lc;
    if (!excess_cert(r, s, c->x, c->eps, &r->lc_cert))
        return;
    s->x = c->x;
    add_check(s, "max_excess", c->max_excess);
    add_check(s, "efficiency_error", c->efficiency_error);
    add_check(s, "dual_bound", c->dual_bound);
    add_check(s, "balance_error", c->balance_error);
    s->state = c->verified && r->lc_cert.verified ? ST_OK : ST_FAILED;
}

static void solve_nucleolus(tu_report *r, const mpol_core_opts *co, int pre)
{
    sol *s = &r->s[pre ? SOL_PRENUCLEOLUS : SOL_NUCLEOLUS];
    const mpol_tu_game *g = r->g;
    mpol_status st;
    if (!pre) {
        mpol_tu_imputation_cert ic;
        if ((st = mpol_tu_imputation_certify(&ic, g, r->tol)) != MPOL_OK) {
            set_failure(s, st);
            return;
        }
        if (!ic.nonempty) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     "the imputation set is empty: the players' own values "
                     "sum to %.10g > v(N) = %.10g",
                     ic.singleton_sum, ic.grand_value);
            tu_set_reason(s, ST_UNDEFINED, msg);
            return;
        }
    }
    mpol_nucleolus_result **res = &r->nuc[pre];
    st = pre ? mpol_prenucleolus(res, g, co) : mpol_nucleolus(res, g, co);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_kohlberg_result *k = (*res)->check;
    mpol_tu_excess_cert xc;
    if (!excess_cert(r, s, (*res)->x, k->max_excess, &xc))
        return;
    s->x = (*res)->x;
    add_check(s, "efficiency_error", k->efficiency_error);
    add_check(s, "max_excess", k->max_excess);
    if (!pre)
        add_check(s, "imputation_violation", k->imputation_violation);
    s->state = k->passed && xc.verified ? ST_OK : ST_FAILED;
}

void tu_solve_csg(tu_report *r, double max_mib)
{
    sol *s = &r->s[SOL_CSG];
    const mpol_tu_game *g = r->g;
    mpol_csg_opts co;
    mpol_csg_opts_init(&co);
    if (max_mib > 0)
        co.max_bytes = (size_t)(max_mib * 1048576.0);
    co.tol = r->tol;
    co.cross_check = g->n <= CSG_CROSS_CHECK_MAX;
    mpol_status st = mpol_csg_solve(&r->csg, g, &co);
    if (st == MPOL_ELIMIT) {
        r->csg_refused = 1;
        tu_set_reason(s, ST_SKIPPED, mpol_last_error());
        return;
    }
    mpol_csg_cert c;
    if (st == MPOL_OK)
        st = mpol_csg_certify(&c, g, r->csg, r->tol);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    add_check(s, "resum_error", c.resum_error);
    if (c.cross_checked)
        add_check(s, "dp_difference", c.dp_difference);
    s->state = c.verified ? ST_OK : ST_FAILED;
}

static void solve_pcore(tu_report *r)
{
    sol *s = &r->s[SOL_PCORE];
    mpol_status st = mpol_tu_partition_core(&r->pc, r->g, r->pc_parts, r->pc_nparts,
                                            MPOL_ALLOC_EQUAL, NULL, r->tol);
    mpol_tu_partition_core_cert c;
    if (st == MPOL_OK)
        st = mpol_tu_partition_core_certify(&c, r->g, r->pc_parts, r->pc_nparts, r->pc, r->tol);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    s->x = r->pc->payoff;
    add_check(s, "efficiency_error", r->pc->efficiency_error);
    add_check(s, "max_excess", r->pc->max_excess);
    s->state = c.verified ? ST_OK : ST_FAILED;
}

void tu_solve(tu_report *r, sol_id id, const mpol_core_opts *co)
{
    if (id >= SOL_CORE && id <= SOL_PRENUCLEOLUS && r->g->n > TU_LP_MAX_PLAYERS) {
        char msg[120];
        snprintf(msg, sizeof msg, "%zu players; the LP-based solutions handle at most %d", r->g->n,
                 TU_LP_MAX_PLAYERS);
        tu_set_reason(&r->s[id], ST_SKIPPED, msg);
        return;
    }
    if (id <= SOL_MYERSON)
        solve_value(r, id);
    else if (id == SOL_CORE)
        solve_core(r, co);
    else if (id == SOL_LEAST_CORE)
        solve_least_core(r, co);
    else if (id == SOL_PCORE)
        solve_pcore(r);
    else
        solve_nucleolus(r, co, id == SOL_PRENUCLEOLUS);
}
