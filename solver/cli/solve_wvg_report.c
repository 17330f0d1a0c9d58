/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file fills the weighted-voting report (report.h) from the library's results: the
 * players with their indices, the exact counts and fractions, veto and dummy players, the
 * minimal winning coalitions, the checks (mpol_wvg_power_certify), the balance of power
 * (solve_wvg_balance.c) and the CSV table. Nothing is computed here.
 */
#include <math.h>
#include <string.h>

#include "solve_wvg.h"

static const unsigned J = MPOL_REPORT_JSON;

/* The result whose dummies the report shows. */
static const mpol_power_result *dummies_of(const wvg_run *r)
{
    return r->bz != NULL ? r->bz : r->ss;
}

/* Text: ", "-separated names of the players flagged in @p flag, or " none"; a newline. */
static void text_flagged(mpol_report_node *root, const mpol_wvg *g, const int *flag)
{
    int any = 0;
    for (size_t i = 0; i < g->n; i++)
        if (flag[i]) {
            mpol_report_text(root, "%s %s", any ? "," : "", g->names[i]);
            any = 1;
        }
    mpol_report_text(root, "%s\n", any ? "" : " none");
}

static void text_players(mpol_report_node *root, const wvg_run *r, int width)
{
    const mpol_wvg *g = r->g;
    const mpol_power_result *pr = dummies_of(r);
    mpol_report_text(root, "  %-*s  %10s", width, "player", "weight");
    if (r->methods & WVG_SS)
        mpol_report_text(root, "  %14s", "Shapley-Shubik");
    if (r->methods & WVG_BZ)
        mpol_report_text(root, "  %14s  %14s", "Banzhaf", "Penrose abs.");
    mpol_report_text(root, "  veto/dummy\n");
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_text(root, "  %-*s  %10.6g", width, g->names[i], g->weights[i]);
        if (r->ss != NULL)
            mpol_report_text(root, "  %14.10f", r->ss->index[i]);
        if (r->bz != NULL)
            mpol_report_text(root, "  %14.10f  %14.10f", r->bz->index[i], r->bz->absolute[i]);
        mpol_report_text(root, "  %s%s\n", r->veto[i] ? "veto" : "",
                         pr != NULL && pr->dummy[i] ? "dummy" : "");
    }
}

static void text_exact(mpol_report_node *root, const wvg_run *r, int width)
{
    if (r->ssf == NULL && r->bzf == NULL)
        return;
    mpol_report_text(root, "\nExact (GMP):\n  %-*s", width, "player");
    if (r->ssf != NULL)
        mpol_report_text(root, "  %22s  %16s", "SS pivots", "SS fraction");
    if (r->bzf != NULL)
        mpol_report_text(root, "  %14s  %16s  %16s", "swings", "Banzhaf", "Penrose");
    mpol_report_text(root, "\n");
    for (size_t i = 0; i < r->g->n; i++) {
        mpol_report_text(root, "  %-*s", width, r->g->names[i]);
        if (r->ssf != NULL)
            mpol_report_text(root, "  %22s  %16s", r->ss->counts[i], r->ssf->index[i]);
        if (r->bzf != NULL)
            mpol_report_text(root, "  %14s  %16s  %16s", r->bz->counts[i], r->bzf->index[i],
                             r->bzf->absolute[i]);
        mpol_report_text(root, "\n");
    }
    if (r->ss != NULL)
        mpol_report_text(root, "  pivot orderings in all: %s (= n!)\n", r->ss->denominator);
    if (r->bz != NULL)
        mpol_report_text(root, "  swings in all: %s\n", r->bz->denominator);
}

/* JSON: the players with their indices (the columns of the indices computed). */
static void json_players(mpol_report_node *root, const wvg_run *r)
{
    const char *keys[12];
    size_t nk = 0;
    keys[nk++] = "name";
    keys[nk++] = "weight";
    if (r->ss != NULL) {
        keys[nk++] = "shapley_shubik";
        if (r->ssf != NULL) {
            keys[nk++] = "ss_pivots";
            keys[nk++] = "ss_fraction";
        }
    }
    if (r->bz != NULL) {
        keys[nk++] = "banzhaf";
        keys[nk++] = "penrose_absolute";
        if (r->bzf != NULL) {
            keys[nk++] = "banzhaf_swings";
            keys[nk++] = "banzhaf_fraction";
            keys[nk++] = "penrose_fraction";
        }
    }
    keys[nk++] = "veto";
    const mpol_power_result *pr = dummies_of(r);
    if (pr != NULL)
        keys[nk++] = "dummy";
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, "players", NULL, nk, keys, NULL), J);
    for (size_t i = 0; i < r->g->n; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, r->g->names[i]);
        mpol_report_cell_number(t, r->g->weights[i], NULL);
        if (r->ss != NULL) {
            mpol_report_cell_number(t, r->ss->index[i], NULL);
            if (r->ssf != NULL) {
                mpol_report_cell_string(t, r->ss->counts[i]);
                mpol_report_cell_string(t, r->ssf->index[i]);
            }
        }
        if (r->bz != NULL) {
            mpol_report_cell_number(t, r->bz->index[i], NULL);
            mpol_report_cell_number(t, r->bz->absolute[i], NULL);
            if (r->bzf != NULL) {
                mpol_report_cell_string(t, r->bz->counts[i]);
                mpol_report_cell_string(t, r->bzf->index[i]);
                mpol_report_cell_string(t, r->bzf->absolute[i]);
            }
        }
        mpol_report_cell_bool(t, r->veto[i]);
        if (pr != NULL)
            mpol_report_cell_bool(t, pr->dummy[i]);
    }
}

/* JSON: an index's check under @p key, or null. */
static void json_index(mpol_report_node *root, const char *key, const mpol_power_result *r,
                       const mpol_power_cert *c, const char *total_key)
{
    if (r == NULL) {
        mpol_report_set_forms(mpol_report_null(root, key, NULL), J);
        return;
    }
    mpol_report_node *o = mpol_report_set_forms(mpol_report_section(root, key, NULL), J);
    mpol_report_bool(o, "ok", NULL, c->verified);
    mpol_report_number(o, "sum_error", NULL, c->sum_error, NULL);
    mpol_report_number(o, "check_error", NULL, c->check_error, NULL);
    if (r->exact)
        mpol_report_string(o, total_key, NULL, r->denominator);
}

static void minimal_winning(mpol_report_node *root, const wvg_run *r)
{
    if (!(r->methods & WVG_MWC)) {
        mpol_report_set_forms(mpol_report_null(root, "minimal_winning", NULL), J);
        return;
    }
    const mpol_mwc_list *m = r->mwc;
    mpol_report_node *o =
        mpol_report_set_forms(mpol_report_section(root, "minimal_winning", NULL), J);
    if (r->mwc_more) {
        mpol_report_text(root, "Minimal winning coalitions: more than %d (not enumerated)\n",
                         WVG_MWC_COUNT_LIMIT);
        mpol_report_null(o, "count", NULL);
    } else {
        mpol_report_text(root, "Minimal winning coalitions: %zu\n", m->count);
        mpol_report_integer(o, "count", NULL, (long long)m->count);
    }
    mpol_report_bool(o, "complete", NULL, !r->mwc_more);
    if (r->mwc_more || m->count > WVG_TEXT_MAX_MWC) {
        mpol_report_null(o, "coalitions", NULL);
        return;
    }
    mpol_report_node *l = mpol_report_list(o, "coalitions", NULL);
    for (size_t c = 0; c < m->count; c++) {
        mpol_report_node *cl = mpol_report_list(l, NULL, NULL);
        mpol_report_text(root, "  {");
        for (size_t k = m->offsets[c]; k < m->offsets[c + 1]; k++) {
            mpol_report_text(root, "%s%s", k > m->offsets[c] ? ", " : "",
                             r->g->names[m->members[k]]);
            mpol_report_string(cl, NULL, NULL, r->g->names[m->members[k]]);
        }
        mpol_report_text(root, "}\n");
    }
}

static void text_checks(mpol_report_node *root, const wvg_run *r)
{
    const mpol_wvg_power_cert *c = &r->cert;
    if (r->ss != NULL || r->bz != NULL)
        mpol_report_text(root, "\nChecks (tolerance %g):\n", r->tol);
    if (r->ss != NULL)
        mpol_report_text(root, "  Shapley-Shubik  |sum - 1| = %.3e; %s%.3e  %s\n", c->ss.sum_error,
                         r->ss->exact ? "pivot counts sum exactly to n!: error " : "check error ",
                         c->ss.check_error, c->ss.verified ? "VERIFIED" : "FAILED");
    if (r->bz != NULL)
        mpol_report_text(root,
                         "  Banzhaf         |sum - 1| = %.3e; swing total vs generating function "
                         "%s%.3e  %s\n",
                         c->bz.sum_error, r->bz->exact ? "(exact) " : "", c->bz.check_error,
                         c->bz.verified ? "VERIFIED" : "FAILED");
    if (r->ss != NULL && r->bz != NULL)
        mpol_report_text(root, "  dummy players agree between the two indices  %s\n",
                         c->dummies_agree ? "VERIFIED" : "FAILED");
}

/* CSV: one row per player (names always quoted, as before). */
static void csv_players(mpol_report_node *root, const wvg_run *r)
{
    static const char *const keys[] = {"player",  "weight",           "shapley_shubik",
                                       "banzhaf", "penrose_absolute", "veto",
                                       "dummy",   "swings",           "balancer"};
    const mpol_power_result *pr = dummies_of(r);
    const mpol_balance *b = r->bal != NULL ? r->bal->analysis : NULL;
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, b != NULL ? 9 : 7, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t i = 0; i < r->g->n; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, r->g->names[i]);
        mpol_report_cell_number(t, r->g->weights[i], NULL);
        mpol_report_cell_number(t, r->ss != NULL ? r->ss->index[i] : NAN, NULL);
        mpol_report_cell_number(t, r->bz != NULL ? r->bz->index[i] : NAN, NULL);
        mpol_report_cell_number(t, r->bz != NULL ? r->bz->absolute[i] : NAN, NULL);
        mpol_report_cell_integer(t, r->veto[i]);
        mpol_report_cell_integer(t, pr != NULL ? pr->dummy[i] : 0);
        if (b != NULL) {
            mpol_report_cell_integer(t, (long long)b->swings[i]);
            mpol_report_cell_integer(t, b->balancer[i]);
        }
    }
}

mpol_report *cli_wvg_report(const wvg_run *r)
{
    const mpol_model *model = r->model;
    const mpol_wvg *g = r->g;
    mpol_report *rep = NULL;
    if ((rep = cli_report_new(model)) == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    double total = mpol_wvg_total_weight(g);
    mpol_report_text(root, "Players: %zu; quota %.10g of total weight %.10g\n\n", g->n, g->quota,
                     total);
    mpol_report_set_forms(mpol_report_number(root, "quota", NULL, g->quota, NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "total_weight", NULL, total, NULL), J);
    int exact = (r->ss != NULL && r->ss->exact) || (r->bz != NULL && r->bz->exact);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, exact), J);
    int width = 6;
    for (size_t i = 0; i < g->n; i++)
        if ((int)strlen(g->names[i]) > width)
            width = (int)strlen(g->names[i]);
    text_players(root, r, width);
    json_players(root, r);
    text_exact(root, r, width);
    mpol_report_text(root, "\nVeto players:");
    text_flagged(root, g, r->veto);
    if (dummies_of(r) != NULL) {
        mpol_report_text(root, "Dummy players:");
        text_flagged(root, g, dummies_of(r)->dummy);
    }
    json_index(root, "shapley_shubik", r->ss, &r->cert.ss, "pivot_orderings");
    json_index(root, "banzhaf", r->bz, &r->cert.bz, "total_swings");
    minimal_winning(root, r);
    text_checks(root, r);
    if (r->bal != NULL)
        cli_wvg_balance_report(root, g, r->bal);
    else
        mpol_report_set_forms(mpol_report_null(root, "balance", NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "verified", NULL, r->verified), J);
    csv_players(root, r);
    return rep;
}
