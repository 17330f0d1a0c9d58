/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file builds the report of `multipolar solve` for tu models: the header, the JSON form
 * (schema in docs/cooperative.md) as JSON-only nodes, the CSV form as one CSV-only table
 * (solution, item, value) and the text form (solve_tu_text.c) as text-only lines.
 */
#include <string.h>

#include "solve_tu.h"

static const char *const state_names[] = {"none", "ok", "failed", "undefined", "skipped", "error"};

static void numbers(mpol_report_node *parent, const char *key, const double *x, size_t n)
{
    mpol_report_node *l = mpol_report_list_inline(mpol_report_list(parent, key, NULL));
    for (size_t i = 0; i < n; i++)
        mpol_report_number(l, NULL, NULL, x[i], NULL);
}

/* The game's JSON keys; each top-level node is JSON-only (the text form has its own). */
static void json_game(mpol_report_node *root, const tu_report *r)
{
    const unsigned J = MPOL_REPORT_JSON;
    const mpol_tu_game *g = r->g;
    mpol_report_set_forms(cli_report_members(root, "players", g->names, g->n,
                                             (mpol_coalition)(((uint64_t)1 << g->n) - 1)),
                          J);
    mpol_report_set_forms(
        mpol_report_string(root, "values_from", NULL, mpol_model_tu_rule(r->model)), J);
    mpol_report_set_forms(mpol_report_number(root, "grand_coalition_value", NULL,
                                             g->v[((size_t)1 << g->n) - 1], NULL),
                          J);
    if (r->nunions == 0) {
        mpol_report_set_forms(mpol_report_null(root, "unions", NULL), J);
    } else {
        mpol_report_node *u = mpol_report_set_forms(mpol_report_list(root, "unions", NULL), J);
        for (size_t b = 0; b < r->nunions; b++)
            cli_report_members(u, NULL, g->names, g->n, r->unions[b]);
    }
    if (r->edges == NULL) {
        mpol_report_set_forms(mpol_report_null(root, "graph", NULL), J);
    } else {
        mpol_report_node *e = mpol_report_set_forms(mpol_report_list(root, "graph", NULL), J);
        for (size_t k = 0; k < r->nedges; k++) {
            mpol_report_node *p = mpol_report_list(e, NULL, NULL);
            mpol_report_string(p, NULL, NULL, g->names[r->edges[2 * k]]);
            mpol_report_string(p, NULL, NULL, g->names[r->edges[2 * k + 1]]);
        }
    }
    mpol_report_set_forms(mpol_report_number(root, "tolerance", NULL, r->tol, NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "scale", NULL, r->scale, NULL), J);
}

static void json_core(mpol_report_node *o, const tu_report *r)
{
    const mpol_core_result *c = r->core;
    mpol_report_bool(o, "nonempty", NULL, c->outcome == MPOL_SOLVED);
    mpol_report_number(o, "min_cost", NULL, c->min_cost, NULL);
    mpol_report_node *w = mpol_report_list(o, "balancing_weights", NULL);
    for (size_t k = 0; k < c->nweights; k++) {
        mpol_report_node *e = mpol_report_section(w, NULL, NULL);
        cli_report_members(e, "coalition", r->g->names, r->g->n, c->masks[k]);
        mpol_report_number(e, "weight", NULL, c->weights[k], NULL);
    }
    mpol_report_integer(o, "lp_solves", NULL, (long long)c->lp_solves);
}

static void json_csg(mpol_report_node *o, const tu_report *r)
{
    const mpol_csg_result *c = r->csg;
    mpol_report_node *p = mpol_report_list(o, "parts", NULL);
    for (size_t k = 0; k < c->nparts; k++)
        cli_report_members(p, NULL, r->g->names, r->g->n, c->parts[k]);
    mpol_report_number(o, "value", NULL, c->value, NULL);
    mpol_report_number(o, "check_value", NULL, c->check_value, NULL);
    mpol_report_string(o, "method", NULL, "idp");
    if (c->cross_checked)
        mpol_report_number(o, "dp_value", NULL, c->cross_value, NULL);
    else
        mpol_report_null(o, "dp_value", NULL);
    mpol_report_integer(o, "splits", NULL, (long long)c->splits);
    mpol_report_integer(o, "bytes", NULL, (long long)c->bytes);
}

static void json_pcore(mpol_report_node *o, const tu_report *r)
{
    const mpol_tu_core_check *c = r->pc;
    mpol_report_node *p = mpol_report_list(o, "partition", NULL);
    for (size_t k = 0; k < r->pc_nparts; k++)
        cli_report_members(p, NULL, r->g->names, r->g->n, r->pc_parts[k]);
    mpol_report_string(o, "source", NULL, r->pc_from[0] == '-' ? "option" : "unions");
    mpol_report_string(o, "allocation", NULL, "equal");
    mpol_report_bool(o, "stable", NULL, c->stable);
    if (c->stable)
        mpol_report_null(o, "blocking", NULL);
    else
        cli_report_members(o, "blocking", r->g->names, r->g->n, c->blocking);
    mpol_report_integer(o, "coalitions_checked", NULL, (long long)c->coalitions_checked);
}

static void json_nucleolus(mpol_report_node *o, const mpol_nucleolus_result *nr)
{
    const mpol_kohlberg_result *k = nr->check;
    mpol_report_integer(o, "stages", NULL, (long long)nr->nstages);
    mpol_report_integer(o, "lp_solves", NULL, (long long)nr->lp_solves);
    mpol_report_node *ko = mpol_report_section(o, "kohlberg", NULL);
    mpol_report_bool(ko, "passed", NULL, k->passed);
    mpol_report_integer(ko, "levels", NULL, (long long)k->nlevels);
    mpol_report_integer(ko, "lps", NULL, (long long)k->nlps);
    numbers(ko, "level_excess", k->level_excess, k->nlevels);
    mpol_report_node *ls = mpol_report_list(ko, "level_size", NULL);
    for (size_t l = 0; l < k->nlevels; l++)
        mpol_report_integer(ls, NULL, NULL, (long long)k->level_size[l]);
}

static void json_solution(mpol_report_node *sols, const tu_report *r, int id)
{
    const sol *s = &r->s[id];
    mpol_report_node *o = mpol_report_section(sols, tu_sol_json_keys[id], NULL);
    mpol_report_string(o, "status", NULL, state_names[s->state]);
    if (s->reason[0] != '\0')
        mpol_report_string(o, "reason", NULL, s->reason);
    if (s->x != NULL)
        numbers(o, "x", s->x, r->g->n);
    if (id == SOL_CORE && r->core != NULL)
        json_core(o, r);
    if (id == SOL_CSG && r->csg != NULL)
        json_csg(o, r);
    if (id == SOL_PCORE && r->pc != NULL)
        json_pcore(o, r);
    if (id == SOL_LEAST_CORE && r->lc != NULL) {
        mpol_report_number(o, "eps", NULL, r->lc->eps, NULL);
        mpol_report_integer(o, "lp_solves", NULL, (long long)r->lc->lp_solves);
    }
    if ((id == SOL_NUCLEOLUS || id == SOL_PRENUCLEOLUS) && r->nuc[id == SOL_PRENUCLEOLUS] != NULL)
        json_nucleolus(o, r->nuc[id == SOL_PRENUCLEOLUS]);
    mpol_report_node *c = mpol_report_section(o, "check", NULL);
    mpol_report_bool(c, "ok", NULL,
                     s->state == ST_OK || s->state == ST_UNDEFINED || s->state == ST_SKIPPED);
    for (size_t k = 0; k < s->nchecks; k++)
        mpol_report_number(c, s->check_name[k], NULL, s->check_val[k], NULL);
}

/* CSV: solution,item,value; the player names always quoted (RFC 4180, quotes doubled). */
static void csv_table(mpol_report_node *root, const tu_report *r)
{
    static const char *const keys[] = {"solution", "item", "value"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 3, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (int id = 0; id < SOL_COUNT; id++) {
        const sol *s = &r->s[id];
        const char *key = tu_sol_json_keys[id];
        if (s->state == ST_NONE)
            continue;
        mpol_report_row(t);
        mpol_report_cell_bare(t, key);
        mpol_report_cell_bare(t, "status");
        mpol_report_cell_bare(t, state_names[s->state]);
        for (size_t i = 0; s->x != NULL && i < r->g->n; i++) {
            mpol_report_row(t);
            mpol_report_cell_bare(t, key);
            mpol_report_cell_string(t, r->g->names[i]);
            mpol_report_cell_number(t, s->x[i], NULL);
        }
        for (size_t c = 0; c < s->nchecks; c++) {
            char item[80];
            snprintf(item, sizeof item, "check:%s", s->check_name[c]);
            mpol_report_row(t);
            mpol_report_cell_bare(t, key);
            mpol_report_cell_bare(t, item);
            mpol_report_cell_number(t, s->check_val[c], NULL);
        }
        if (id == SOL_LEAST_CORE && r->lc != NULL) {
            mpol_report_row(t);
            mpol_report_cell_bare(t, "least_core");
            mpol_report_cell_bare(t, "eps");
            mpol_report_cell_number(t, r->lc->eps, NULL);
        }
    }
}

mpol_report *tu_build_report(const tu_report *r, int all_ok)
{
    const mpol_model *model = r->model;
    mpol_report *rep = NULL;
    if ((rep = cli_report_new(model)) == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    json_game(root, r);
    mpol_report_node *sols =
        mpol_report_set_forms(mpol_report_section(root, "solutions", NULL), MPOL_REPORT_JSON);
    for (int id = 0; id < SOL_COUNT; id++)
        if (r->s[id].state != ST_NONE)
            json_solution(sols, r, id);
    mpol_report_set_forms(mpol_report_bool(root, "verified", NULL, all_ok), MPOL_REPORT_JSON);
    csv_table(root, r);
    tu_text_report(root, r);
    return rep;
}
