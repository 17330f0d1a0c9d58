/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file writes the text form of the tu report as text-only report nodes: the game, the
 * payoff tables (one column per solution, right-aligned like the old fixed-width report) and
 * one line per solution with its certificate and checks.
 */
#include <math.h>
#include <string.h>

#include "solve_tu.h"

/* Coalitions of an emptiness certificate listed in the text report. */
#define TU_TEXT_MAX_WEIGHTS 12

static const char *const sol_columns[SOL_COUNT] = {
    "Shapley",    "Banzhaf",   "tau",          "Owen",         "Myerson",     "core point",
    "least core", "nucleolus", "prenucleolus", "(no payoffs)", "equal shares"};

static void text_coalition(mpol_report_node *t, const mpol_tu_game *g, mpol_coalition S)
{
    mpol_report_text(t, "{");
    for (size_t i = 0, first = 1; i < g->n; i++) {
        if (S & ((mpol_coalition)1 << i)) {
            mpol_report_text(t, "%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    }
    mpol_report_text(t, "}");
}

static void text_parts(mpol_report_node *t, const mpol_tu_game *g, const mpol_coalition *parts,
                       size_t nparts)
{
    for (size_t k = 0; k < nparts; k++) {
        mpol_report_text(t, "%s", k > 0 ? " " : "");
        text_coalition(t, g, parts[k]);
    }
}

static void text_table(mpol_report_node *t, const tu_report *r, sol_id from, sol_id to,
                       const char *title)
{
    const mpol_tu_game *g = r->g;
    int any = 0;
    for (int id = from; id <= (int)to; id++)
        any |= r->s[id].x != NULL;
    if (!any)
        return;
    size_t width = 6;
    for (size_t i = 0; i < g->n; i++)
        if (strlen(g->names[i]) > width)
            width = strlen(g->names[i]);
    mpol_report_text(t, "%s\n  %-*s", title, (int)width, "player");
    for (int id = from; id <= (int)to; id++)
        if (r->s[id].x != NULL)
            mpol_report_text(t, "  %14s", sol_columns[id]);
    mpol_report_text(t, "\n");
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_text(t, "  %-*s", (int)width, g->names[i]);
        for (int id = from; id <= (int)to; id++) {
            if (r->s[id].x != NULL) {
                double v = r->s[id].x[i];
                mpol_report_text(t, "  %14.9g", fabs(v) < 5e-13 * r->scale ? 0.0 : v);
            }
        }
        mpol_report_text(t, "\n");
    }
    mpol_report_text(t, "\n");
}

static void text_checks(mpol_report_node *t, const sol *s)
{
    mpol_report_text(t, "%16s", "");
    for (size_t c = 0, k = 0; c < s->nchecks; c++) {
        if (strcmp(s->check_name[c], "target") == 0)
            continue;
        char name[64];
        snprintf(name, sizeof name, "%s", s->check_name[c]);
        for (char *p = name; *p != '\0'; p++)
            *p = *p == '_' ? ' ' : *p;
        mpol_report_text(t, "%s%s %.3e", k++ > 0 ? ", " : "", name, s->check_val[c]);
    }
    mpol_report_text(t, "\n");
}

static void text_game(mpol_report_node *t, const tu_report *r)
{
    const mpol_tu_game *g = r->g;
    mpol_report_text(t, "Players: %zu; v(N) = %.10g; coalition values: %s\n", g->n,
                     g->v[((size_t)1 << g->n) - 1], mpol_model_tu_rule(r->model));
    if (r->nunions > 0) {
        mpol_report_text(t, "A priori unions:");
        for (size_t b = 0; b < r->nunions; b++) {
            mpol_report_text(t, " ");
            text_coalition(t, g, r->unions[b]);
        }
        mpol_report_text(t, "\n");
    }
    if (r->edges != NULL) {
        mpol_report_text(t, "Communication graph:%s", r->nedges == 0 ? " no edges" : "");
        for (size_t e = 0; e < r->nedges; e++)
            mpol_report_text(t, "%s %s-%s", e > 0 ? "," : "", g->names[r->edges[2 * e]],
                             g->names[r->edges[2 * e + 1]]);
        mpol_report_text(t, "\n");
    }
    mpol_report_text(t, "\n");
}

static void text_pcore(mpol_report_node *t, const tu_report *r)
{
    const mpol_tu_game *g = r->g;
    const mpol_tu_core_check *c = r->pc;
    text_parts(t, g, r->pc_parts, r->pc_nparts);
    mpol_report_text(t, " (%s), equal shares: ", r->pc_from);
    if (c->stable) {
        mpol_report_text(t, "core stable (largest excess %.3g over %llu coalitions)", c->max_excess,
                         (unsigned long long)c->coalitions_checked);
    } else {
        mpol_report_text(t, "NOT core stable: ");
        text_coalition(t, g, c->blocking);
        mpol_report_text(t, " blocks (v = %.10g > %.10g received)", g->v[c->blocking],
                         g->v[c->blocking] - c->max_excess);
    }
}

static void text_core(mpol_report_node *t, const tu_report *r)
{
    const mpol_core_result *c = r->core;
    if (c->outcome == MPOL_SOLVED) {
        mpol_report_text(t, "nonempty (min x(N) = %.10g <= v(N))", c->min_cost);
        return;
    }
    mpol_report_text(t, "EMPTY: balancing weights");
    for (size_t k = 0; k < c->nweights && k < TU_TEXT_MAX_WEIGHTS; k++) {
        mpol_report_text(t, "%s %.6g ", k > 0 ? "," : "", c->weights[k]);
        text_coalition(t, r->g, c->masks[k]);
    }
    if (c->nweights > TU_TEXT_MAX_WEIGHTS)
        mpol_report_text(t, ", ... (%zu in all)", c->nweights);
    mpol_report_text(t, "; sum w v(S) = %.10g > v(N) = %.10g", c->min_cost,
                     r->g->v[((size_t)1 << r->g->n) - 1]);
}

/* The certificate of a computed solution @p id (before VERIFIED/FAILED). */
static void text_certificate(mpol_report_node *t, const tu_report *r, int id)
{
    if (id == SOL_CSG) {
        const mpol_csg_result *c = r->csg;
        text_parts(t, r->g, c->parts, c->nparts);
        mpol_report_text(t, ": value %.10g (IDP", c->value);
        if (c->cross_checked)
            mpol_report_text(t, "; plain DP %.10g", c->cross_value);
        mpol_report_text(t, "; %llu splits, work memory %.1f KiB)", (unsigned long long)c->splits,
                         (double)c->bytes / 1024.0);
    } else if (id == SOL_PCORE) {
        text_pcore(t, r);
    } else if (id == SOL_CORE) {
        text_core(t, r);
    } else if (id == SOL_LEAST_CORE) {
        mpol_report_text(t, "eps = %.10g (%s)", r->lc->eps,
                         r->lc_cert.in_core ? "core nonempty" : "core empty");
    } else if (id == SOL_NUCLEOLUS || id == SOL_PRENUCLEOLUS) {
        const mpol_nucleolus_result *nr = r->nuc[id == SOL_PRENUCLEOLUS];
        const mpol_kohlberg_result *k = nr->check;
        mpol_report_text(t, "Kohlberg %s (levels %zu, LPs %zu; stages %zu)",
                         k->passed ? "pass" : "FAIL", k->nlevels, k->nlps, nr->nstages);
    } else {
        mpol_report_text(t, "sum = %.10g", r->val[id]->target);
    }
}

/* One solution's lines; returns 1 if it counts as passed. */
static int text_solution(mpol_report_node *t, const tu_report *r, int id)
{
    const sol *s = &r->s[id];
    if (id == SOL_CSG || id == SOL_PCORE)
        mpol_report_text(t, "  %s\n%16s", tu_sol_keys[id], "");
    else
        mpol_report_text(t, "  %-13s ", tu_sol_keys[id]);
    if (s->state == ST_UNDEFINED || s->state == ST_SKIPPED || s->state == ST_ERROR ||
        (s->state == ST_FAILED && s->nchecks == 0)) {
        mpol_report_text(t, "%s: %s\n",
                         s->state == ST_UNDEFINED ? "does not exist"
                         : s->state == ST_SKIPPED ? "skipped"
                         : s->state == ST_ERROR   ? "ERROR"
                                                  : "FAILED",
                         s->reason);
        return s->state == ST_UNDEFINED || s->state == ST_SKIPPED;
    }
    text_certificate(t, r, id);
    mpol_report_text(t, "  %s\n", s->state == ST_OK ? "VERIFIED" : "FAILED");
    text_checks(t, s);
    return s->state == ST_OK;
}

void tu_text_report(mpol_report_node *t, const tu_report *r)
{
    text_game(t, r);
    text_table(t, r, SOL_SHAPLEY, SOL_MYERSON,
               "Values (payoff per player; Banzhaf normalised "
               "to v(N), Myerson to the graph's components)");
    text_table(t, r, SOL_CORE, SOL_PRENUCLEOLUS, "Core family");
    text_table(t, r, SOL_PCORE, SOL_PCORE, "Allocation of the partition checked");
    mpol_report_text(t, "Solutions and checks (computed independently; tolerance %g x %g):\n",
                     r->tol, r->scale);
    int all_ok = 1;
    for (int id = 0; id < SOL_COUNT; id++)
        if (r->s[id].state != ST_NONE)
            all_ok &= text_solution(t, r, id);
    mpol_report_text(t, "\n%s\n",
                     all_ok ? "VERIFIED: every reported check passed."
                            : "FAILED: at least one check failed (see above).");
}
