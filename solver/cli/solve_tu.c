/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for tu models: the one-point values
 * (Shapley, normalised Banzhaf, tau, Owen with the model's unions, Myerson with its graph)
 * and the core family (core or its emptiness certificate, least core, nucleolus and
 * prenucleolus with the Kohlberg check), each with its independent check, as text, JSON
 * (schema in docs/cooperative.md) or CSV. `--method NAME` restricts the report to one
 * solution. Exit 1 if any reported check fails; a solution that does not exist for the game
 * (tau of a game that is not quasi-balanced, the nucleolus of a game without imputations)
 * is reported with the reason and is not a failure. Coalition formation (docs/coalition.md):
 * the optimal coalition structure (IDP, cross-checked by the plain DP up to
 * CSG_CROSS_CHECK_MAX players; in the default report up to CSG_DEFAULT_MAX) and the core
 * stability of a partition (--partition "A+B,C", else the model's unions) with equal shares
 * inside each part, with the blocking coalition.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "multipolar/coalition.h"
#include "multipolar/core.h"
#include "multipolar/values.h"

/* Most players for the LP-based solutions (core, least core, nucleolus, prenucleolus):
 * n = 25 takes seconds (docs/nucleolus.md); the 2^n table itself allows 30. */
#define TU_LP_MAX_PLAYERS 25

/* Largest game whose default report includes the optimal coalition structure. */
#define CSG_DEFAULT_MAX 16
/* Largest game for which the coalition structure is also computed by the plain DP. */
#define CSG_CROSS_CHECK_MAX 16

/* Coalitions of an emptiness certificate listed in the text report. */
#define TU_TEXT_MAX_WEIGHTS 12

typedef enum sol_id {
    SOL_SHAPLEY,
    SOL_BANZHAF,
    SOL_TAU,
    SOL_OWEN,
    SOL_MYERSON,
    SOL_CORE,
    SOL_LEAST_CORE,
    SOL_NUCLEOLUS,
    SOL_PRENUCLEOLUS,
    SOL_CSG,
    SOL_PCORE,
    SOL_COUNT
} sol_id;

static const char *const sol_keys[SOL_COUNT] = {
    "shapley",       "banzhaf",    "tau",       "owen",         "myerson",
    "core",          "least-core", "nucleolus", "prenucleolus", "coalition-structure",
    "partition-core"};
static const char *const sol_json_keys[SOL_COUNT] = {
    "shapley",       "banzhaf",    "tau",       "owen",         "myerson",
    "core",          "least_core", "nucleolus", "prenucleolus", "coalition_structure",
    "partition_core"};
static const char *const sol_columns[SOL_COUNT] = {
    "Shapley",    "Banzhaf",   "tau",          "Owen",         "Myerson",     "core point",
    "least core", "nucleolus", "prenucleolus", "(no payoffs)", "equal shares"};

typedef enum sol_state {
    ST_NONE = 0,  /* not requested */
    ST_OK,        /* computed and verified */
    ST_FAILED,    /* computed, the check failed (or the solver reported MPOL_EVERIFY) */
    ST_UNDEFINED, /* does not exist for this game: reason */
    ST_SKIPPED,   /* above the method's size limit (default report only): reason */
    ST_ERROR      /* the solver failed: reason */
} sol_state;

static const char *const state_names[] = {"none", "ok", "failed", "undefined", "skipped", "error"};

#define MAX_CHECKS 6

typedef struct sol {
    sol_state state;
    char reason[512];
    const double *x; /* n payoffs (borrowed from the result below), or NULL */
    size_t nchecks;
    const char *check_name[MAX_CHECKS];
    double check_val[MAX_CHECKS];
} sol;

typedef struct tu_report {
    const mpol_model *model;
    const mpol_tu_game *g;
    double tol, scale; /* relative tolerance and max(1, max |v|) */
    size_t nunions;
    size_t *union_of;
    const size_t *edges;
    size_t nedges;
    sol s[SOL_COUNT];
    mpol_value *val[SOL_MYERSON + 1];
    mpol_core_result *core;
    mpol_least_core_result *lc;
    mpol_nucleolus_result *nuc[2]; /* nucleolus, prenucleolus */
    mpol_csg_result *csg;
    int csg_refused;  /* the coalition structure exceeds the memory limit */
    double csg_resum; /* sum of v over the structure, re-summed here */
    mpol_tu_core_check *pc;
    const char *pc_from; /* "--partition" or "unions" */
    mpol_coalition pc_parts[32];
    size_t pc_nparts;
    double pc_excess; /* v(blocking) - x(blocking), recomputed here */
} tu_report;

static void add_check(sol *s, const char *name, double v)
{
    if (s->nchecks < MAX_CHECKS) {
        s->check_name[s->nchecks] = name;
        s->check_val[s->nchecks++] = v;
    }
}

static void set_reason(sol *s, sol_state state, const char *msg)
{
    char buf[1100];
    s->state = state;
    snprintf(s->reason, sizeof s->reason, "%s", cli_message(msg, buf, sizeof buf));
}

/* Maps a library failure: EVERIFY is a failed check, anything else a solver error. */
static void set_failure(sol *s, mpol_status st)
{
    set_reason(s, st == MPOL_EVERIFY ? ST_FAILED : ST_ERROR, mpol_last_error());
}

static void solve_value(tu_report *r, sol_id id)
{
    sol *s = &r->s[id];
    mpol_value **out = &r->val[id];
    mpol_status st;
    switch (id) {
    case SOL_SHAPLEY:
        st = mpol_tu_shapley(out, r->g);
        break;
    case SOL_BANZHAF:
        st = mpol_tu_banzhaf(out, r->g, 1);
        break;
    case SOL_TAU:
        st = mpol_tu_tau(out, r->g);
        break;
    case SOL_OWEN:
        st = mpol_tu_owen(out, r->g, r->union_of);
        break;
    default:
        st = mpol_tu_myerson(out, r->g, r->edges, r->nedges);
        break;
    }
    if (st != MPOL_OK) {
        /* tau of a game that is not quasi-balanced; Banzhaf values summing to 0. */
        if ((id == SOL_TAU && st == MPOL_EINVAL) || (id == SOL_BANZHAF && st == MPOL_ENUMERIC))
            set_reason(s, ST_UNDEFINED, mpol_last_error());
        else
            set_failure(s, st);
        return;
    }
    const mpol_value *v = *out;
    s->x = v->x;
    add_check(s, "efficiency_error", v->efficiency_error);
    add_check(s, "target", v->target);
    s->state = v->efficiency_error <= r->tol * r->scale ? ST_OK : ST_FAILED;
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
    s->x = c->outcome == MPOL_SOLVED ? c->x : NULL;
    add_check(s, "max_violation", c->max_violation);
    add_check(s, "efficiency_error", c->efficiency_error);
    add_check(s, "balance_error", c->balance_error);
    add_check(s, "dual_gap", c->dual_gap);
    s->state = c->verified ? ST_OK : ST_FAILED;
}

static void solve_least_core(tu_report *r, const mpol_core_opts *co)
{
    sol *s = &r->s[SOL_LEAST_CORE];
    if (r->g->n < 2) {
        set_reason(s, ST_UNDEFINED, "a one-player game has no proper coalitions");
        return;
    }
    mpol_status st = mpol_least_core(&r->lc, r->g, co);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_least_core_result *c = r->lc;
    s->x = c->x;
    add_check(s, "max_excess", c->max_excess);
    add_check(s, "efficiency_error", c->efficiency_error);
    add_check(s, "dual_bound", c->dual_bound);
    add_check(s, "balance_error", c->balance_error);
    s->state = c->verified ? ST_OK : ST_FAILED;
}

static void solve_nucleolus(tu_report *r, const mpol_core_opts *co, int pre)
{
    sol *s = &r->s[pre ? SOL_PRENUCLEOLUS : SOL_NUCLEOLUS];
    const mpol_tu_game *g = r->g;
    if (!pre) {
        double sum = 0;
        for (size_t i = 0; i < g->n; i++)
            sum += g->v[(size_t)1 << i];
        double vN = g->v[((size_t)1 << g->n) - 1];
        if (sum > vN + r->tol * r->scale) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     "the imputation set is empty: the players' own values "
                     "sum to %.10g > v(N) = %.10g",
                     sum, vN);
            set_reason(s, ST_UNDEFINED, msg);
            return;
        }
    }
    mpol_nucleolus_result **res = &r->nuc[pre];
    mpol_status st = pre ? mpol_prenucleolus(res, g, co) : mpol_nucleolus(res, g, co);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_kohlberg_result *k = (*res)->check;
    s->x = (*res)->x;
    add_check(s, "efficiency_error", k->efficiency_error);
    add_check(s, "max_excess", k->max_excess);
    if (!pre)
        add_check(s, "imputation_violation", k->imputation_violation);
    s->state = k->passed ? ST_OK : ST_FAILED;
}

static int lp_method(sol_id id)
{
    return id >= SOL_CORE && id <= SOL_PRENUCLEOLUS;
}

static void solve_csg(tu_report *r, double max_mib)
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
        set_reason(s, ST_SKIPPED, mpol_last_error());
        return;
    }
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_csg_result *c = r->csg;
    double sum = 0;
    for (size_t k = 0; k < c->nparts; k++)
        sum += g->v[c->parts[k]];
    r->csg_resum = sum;
    add_check(s, "resum_error", fabs(sum - c->value));
    if (c->cross_checked)
        add_check(s, "dp_difference", fabs(c->cross_value - c->value));
    int ok = c->ok && mpol_partition_validate(g->n, c->parts, c->nparts, "csg") == MPOL_OK &&
             fabs(sum - c->value) <= r->tol * (1 + fabs(c->value));
    s->state = ok ? ST_OK : ST_FAILED;
}

static void solve_pcore(tu_report *r)
{
    sol *s = &r->s[SOL_PCORE];
    const mpol_tu_game *g = r->g;
    mpol_status st = mpol_tu_partition_core(&r->pc, g, r->pc_parts, r->pc_nparts, MPOL_ALLOC_EQUAL,
                                            NULL, r->tol);
    if (st != MPOL_OK) {
        set_failure(s, st);
        return;
    }
    const mpol_tu_core_check *c = r->pc;
    s->x = c->payoff;
    /* Re-derive the certificate: the excess of the blocking coalition, from the table. */
    double xs = 0;
    for (size_t i = 0; i < g->n; i++)
        if (c->blocking >> i & 1)
            xs += c->payoff[i];
    r->pc_excess = c->blocking != 0 ? g->v[c->blocking] - xs : -HUGE_VAL;
    add_check(s, "efficiency_error", c->efficiency_error);
    add_check(s, "max_excess", c->max_excess);
    int ok = c->efficiency_error <= r->tol * r->scale;
    if (c->blocking != 0)
        ok &= fabs(r->pc_excess - c->max_excess) <= r->tol * r->scale;
    s->state = ok ? ST_OK : ST_FAILED;
}

/* ---- text ------------------------------------------------------------------------------- */

static void text_coalition(FILE *out, const mpol_tu_game *g, mpol_coalition S)
{
    fputc('{', out);
    for (size_t i = 0, first = 1; i < g->n; i++) {
        if (S & ((mpol_coalition)1 << i)) {
            fprintf(out, "%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    }
    fputc('}', out);
}

static void text_table(FILE *out, const tu_report *r, sol_id from, sol_id to, const char *title)
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
    fprintf(out, "%s\n  %-*s", title, (int)width, "player");
    for (int id = from; id <= (int)to; id++)
        if (r->s[id].x != NULL)
            fprintf(out, "  %14s", sol_columns[id]);
    fputc('\n', out);
    for (size_t i = 0; i < g->n; i++) {
        fprintf(out, "  %-*s", (int)width, g->names[i]);
        for (int id = from; id <= (int)to; id++) {
            if (r->s[id].x != NULL) {
                double v = r->s[id].x[i];
                fprintf(out, "  %14.9g", fabs(v) < 5e-13 * r->scale ? 0.0 : v);
            }
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

static void text_checks(FILE *out, const sol *s)
{
    fprintf(out, "%16s", "");
    for (size_t c = 0, k = 0; c < s->nchecks; c++) {
        if (strcmp(s->check_name[c], "target") == 0)
            continue;
        fputs(k++ > 0 ? ", " : "", out);
        for (const char *p = s->check_name[c]; *p != '\0'; p++)
            fputc(*p == '_' ? ' ' : *p, out);
        fprintf(out, " %.3e", s->check_val[c]);
    }
    fputc('\n', out);
}

static void text_report(const tu_report *r)
{
    FILE *out = stdout;
    const mpol_tu_game *g = r->g;
    size_t full = ((size_t)1 << g->n) - 1;
    cli_text_header(out, r->model);
    fprintf(out, "Players: %zu; v(N) = %.10g; coalition values: %s\n", g->n, g->v[full],
            mpol_model_tu_rule(r->model));
    if (r->nunions > 0) {
        fprintf(out, "A priori unions:");
        for (size_t b = 0; b < r->nunions; b++) {
            mpol_coalition S = 0;
            for (size_t i = 0; i < g->n; i++)
                if (r->union_of[i] == b)
                    S |= (mpol_coalition)1 << i;
            fputc(' ', out);
            text_coalition(out, g, S);
        }
        fputc('\n', out);
    }
    if (r->edges != NULL) {
        fprintf(out, "Communication graph:%s", r->nedges == 0 ? " no edges" : "");
        for (size_t e = 0; e < r->nedges; e++)
            fprintf(out, "%s %s-%s", e > 0 ? "," : "", g->names[r->edges[2 * e]],
                    g->names[r->edges[2 * e + 1]]);
        fputc('\n', out);
    }
    fputc('\n', out);
    text_table(out, r, SOL_SHAPLEY, SOL_MYERSON,
               "Values (payoff per player; Banzhaf normalised "
               "to v(N), Myerson to the graph's components)");
    text_table(out, r, SOL_CORE, SOL_PRENUCLEOLUS, "Core family");
    text_table(out, r, SOL_PCORE, SOL_PCORE, "Allocation of the partition checked");
    fprintf(out, "Solutions and checks (computed independently; tolerance %g x %g):\n", r->tol,
            r->scale);
    int all_ok = 1;
    for (int id = 0; id < SOL_COUNT; id++) {
        const sol *s = &r->s[id];
        if (s->state == ST_NONE)
            continue;
        if (id >= SOL_CSG)
            fprintf(out, "  %s\n%16s", sol_keys[id], "");
        else
            fprintf(out, "  %-13s ", sol_keys[id]);
        if (s->state == ST_UNDEFINED || s->state == ST_SKIPPED || s->state == ST_ERROR ||
            (s->state == ST_FAILED && s->nchecks == 0)) {
            fprintf(out, "%s: %s\n",
                    s->state == ST_UNDEFINED ? "does not exist"
                    : s->state == ST_SKIPPED ? "skipped"
                    : s->state == ST_ERROR   ? "ERROR"
                                             : "FAILED",
                    s->reason);
            all_ok &= s->state == ST_UNDEFINED || s->state == ST_SKIPPED;
            continue;
        }
        if (id == SOL_CSG) {
            const mpol_csg_result *c = r->csg;
            for (size_t k = 0; k < c->nparts; k++) {
                fputs(k > 0 ? " " : "", out);
                text_coalition(out, g, c->parts[k]);
            }
            fprintf(out, ": value %.10g (IDP", c->value);
            if (c->cross_checked)
                fprintf(out, "; plain DP %.10g", c->cross_value);
            fprintf(out, "; %llu splits, work memory %.1f KiB)", (unsigned long long)c->splits,
                    (double)c->bytes / 1024.0);
        } else if (id == SOL_PCORE) {
            const mpol_tu_core_check *c = r->pc;
            for (size_t k = 0; k < r->pc_nparts; k++) {
                fputs(k > 0 ? " " : "", out);
                text_coalition(out, g, r->pc_parts[k]);
            }
            fprintf(out, " (%s), equal shares: ", r->pc_from);
            if (c->stable) {
                fprintf(out, "core stable (largest excess %.3g over %llu coalitions)",
                        c->max_excess, (unsigned long long)c->coalitions_checked);
            } else {
                fprintf(out, "NOT core stable: ");
                text_coalition(out, g, c->blocking);
                fprintf(out, " blocks (v = %.10g > %.10g received)", g->v[c->blocking],
                        g->v[c->blocking] - c->max_excess);
            }
        } else if (id == SOL_CORE) {
            const mpol_core_result *c = r->core;
            if (c->outcome == MPOL_SOLVED) {
                fprintf(out, "nonempty (min x(N) = %.10g <= v(N))", c->min_cost);
            } else {
                fprintf(out, "EMPTY: balancing weights");
                for (size_t k = 0; k < c->nweights && k < TU_TEXT_MAX_WEIGHTS; k++) {
                    fprintf(out, "%s %.6g ", k > 0 ? "," : "", c->weights[k]);
                    text_coalition(out, g, c->masks[k]);
                }
                if (c->nweights > TU_TEXT_MAX_WEIGHTS)
                    fprintf(out, ", ... (%zu in all)", c->nweights);
                fprintf(out, "; sum w v(S) = %.10g > v(N) = %.10g", c->min_cost, g->v[full]);
            }
        } else if (id == SOL_LEAST_CORE) {
            fprintf(out, "eps = %.10g (%s)", r->lc->eps,
                    r->lc->eps <= r->tol * r->scale ? "core nonempty" : "core empty");
        } else if (id == SOL_NUCLEOLUS || id == SOL_PRENUCLEOLUS) {
            const mpol_nucleolus_result *nr = r->nuc[id == SOL_PRENUCLEOLUS];
            const mpol_kohlberg_result *k = nr->check;
            fprintf(out, "Kohlberg %s (levels %zu, LPs %zu; stages %zu)",
                    k->passed ? "pass" : "FAIL", k->nlevels, k->nlps, nr->nstages);
        } else
            fprintf(out, "sum = %.10g", r->val[id]->target);
        fprintf(out, "  %s\n", s->state == ST_OK ? "VERIFIED" : "FAILED");
        text_checks(out, s);
        all_ok &= s->state == ST_OK;
    }
    fprintf(out, "\n%s\n",
            all_ok ? "VERIFIED: every reported check passed."
                   : "FAILED: at least one check failed (see above).");
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_report(const tu_report *r, int all_ok)
{
    const mpol_tu_game *g = r->g;
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, r->model);
    json_key(&w, "players");
    json_members(&w, g->names, g->n, UINT64_MAX);
    json_kv_string(&w, "values_from", mpol_model_tu_rule(r->model));
    json_kv_number(&w, "grand_coalition_value", g->v[((size_t)1 << g->n) - 1]);
    json_key(&w, "unions");
    if (r->nunions == 0) {
        json_null(&w);
    } else {
        json_array_begin(&w);
        for (size_t b = 0; b < r->nunions; b++) {
            mpol_coalition S = 0;
            for (size_t i = 0; i < g->n; i++)
                if (r->union_of[i] == b)
                    S |= (mpol_coalition)1 << i;
            json_members(&w, g->names, g->n, S);
        }
        json_array_end(&w);
    }
    json_key(&w, "graph");
    if (r->edges == NULL) {
        json_null(&w);
    } else {
        json_array_begin(&w);
        for (size_t e = 0; e < r->nedges; e++) {
            json_array_begin(&w);
            json_string(&w, g->names[r->edges[2 * e]]);
            json_string(&w, g->names[r->edges[2 * e + 1]]);
            json_array_end(&w);
        }
        json_array_end(&w);
    }
    json_kv_number(&w, "tolerance", r->tol);
    json_kv_number(&w, "scale", r->scale);
    json_key(&w, "solutions");
    json_object_begin(&w);
    for (int id = 0; id < SOL_COUNT; id++) {
        const sol *s = &r->s[id];
        if (s->state == ST_NONE)
            continue;
        json_key(&w, sol_json_keys[id]);
        json_object_begin(&w);
        json_kv_string(&w, "status", state_names[s->state]);
        if (s->reason[0] != '\0')
            json_kv_string(&w, "reason", s->reason);
        if (s->x != NULL) {
            json_key(&w, "x");
            json_number_array(&w, s->x, g->n);
        }
        if (id == SOL_CORE && r->core != NULL) {
            const mpol_core_result *c = r->core;
            json_kv_bool(&w, "nonempty", c->outcome == MPOL_SOLVED);
            json_kv_number(&w, "min_cost", c->min_cost);
            json_key(&w, "balancing_weights");
            json_array_begin(&w);
            for (size_t k = 0; k < c->nweights; k++) {
                json_object_begin(&w);
                json_key(&w, "coalition");
                json_members(&w, g->names, g->n, c->masks[k]);
                json_kv_number(&w, "weight", c->weights[k]);
                json_object_end(&w);
            }
            json_array_end(&w);
            json_kv_integer(&w, "lp_solves", (long long)c->lp_solves);
        }
        if (id == SOL_CSG && r->csg != NULL) {
            const mpol_csg_result *c = r->csg;
            json_key(&w, "parts");
            json_array_begin(&w);
            for (size_t k = 0; k < c->nparts; k++)
                json_members(&w, g->names, g->n, c->parts[k]);
            json_array_end(&w);
            json_kv_number(&w, "value", c->value);
            json_kv_number(&w, "check_value", c->check_value);
            json_kv_string(&w, "method", "idp");
            json_key(&w, "dp_value");
            if (c->cross_checked)
                json_number(&w, c->cross_value);
            else
                json_null(&w);
            json_kv_integer(&w, "splits", (long long)c->splits);
            json_kv_integer(&w, "bytes", (long long)c->bytes);
        }
        if (id == SOL_PCORE && r->pc != NULL) {
            const mpol_tu_core_check *c = r->pc;
            json_key(&w, "partition");
            json_array_begin(&w);
            for (size_t k = 0; k < r->pc_nparts; k++)
                json_members(&w, g->names, g->n, r->pc_parts[k]);
            json_array_end(&w);
            json_kv_string(&w, "source", r->pc_from[0] == '-' ? "option" : "unions");
            json_kv_string(&w, "allocation", "equal");
            json_kv_bool(&w, "stable", c->stable);
            json_key(&w, "blocking");
            if (c->stable)
                json_null(&w);
            else
                json_members(&w, g->names, g->n, c->blocking);
            json_kv_integer(&w, "coalitions_checked", (long long)c->coalitions_checked);
        }
        if (id == SOL_LEAST_CORE && r->lc != NULL) {
            json_kv_number(&w, "eps", r->lc->eps);
            json_kv_integer(&w, "lp_solves", (long long)r->lc->lp_solves);
        }
        if ((id == SOL_NUCLEOLUS || id == SOL_PRENUCLEOLUS) &&
            r->nuc[id == SOL_PRENUCLEOLUS] != NULL) {
            const mpol_nucleolus_result *nr = r->nuc[id == SOL_PRENUCLEOLUS];
            const mpol_kohlberg_result *k = nr->check;
            json_kv_integer(&w, "stages", (long long)nr->nstages);
            json_kv_integer(&w, "lp_solves", (long long)nr->lp_solves);
            json_key(&w, "kohlberg");
            json_object_begin(&w);
            json_kv_bool(&w, "passed", k->passed);
            json_kv_integer(&w, "levels", (long long)k->nlevels);
            json_kv_integer(&w, "lps", (long long)k->nlps);
            json_key(&w, "level_excess");
            json_number_array(&w, k->level_excess, k->nlevels);
            json_key(&w, "level_size");
            json_array_begin(&w);
            for (size_t l = 0; l < k->nlevels; l++)
                json_integer(&w, (long long)k->level_size[l]);
            json_array_end(&w);
            json_object_end(&w);
        }
        json_key(&w, "check");
        json_object_begin(&w);
        json_kv_bool(&w, "ok",
                     s->state == ST_OK || s->state == ST_UNDEFINED || s->state == ST_SKIPPED);
        for (size_t c = 0; c < s->nchecks; c++)
            json_kv_number(&w, s->check_name[c], s->check_val[c]);
        json_object_end(&w);
        json_object_end(&w);
    }
    json_object_end(&w);
    json_kv_bool(&w, "verified", all_ok);
    json_object_end(&w);
    json_finish(&w);
}

/* ---- CSV -------------------------------------------------------------------------------- */

static void csv_report(const tu_report *r)
{
    const mpol_tu_game *g = r->g;
    printf("solution,item,value\n");
    for (int id = 0; id < SOL_COUNT; id++) {
        const sol *s = &r->s[id];
        if (s->state == ST_NONE)
            continue;
        printf("%s,status,%s\n", sol_json_keys[id], state_names[s->state]);
        if (s->x != NULL)
            for (size_t i = 0; i < g->n; i++)
                printf("%s,\"%s\",%.17g\n", sol_json_keys[id], g->names[i], s->x[i]);
        for (size_t c = 0; c < s->nchecks; c++)
            printf("%s,check:%s,%.17g\n", sol_json_keys[id], s->check_name[c], s->check_val[c]);
        if (id == SOL_LEAST_CORE && r->lc != NULL)
            printf("least_core,eps,%.17g\n", r->lc->eps);
    }
}

/* ---- entry ------------------------------------------------------------------------------ */

int cli_solve_tu(mpol_model *model, const cli_solve_opts *o)
{
    tu_report r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    int rc = CLI_EXIT_OK;
    mpol_tu_game *g = NULL;
    int only = -1;
    if (o->method != NULL) {
        for (int id = 0; id < SOL_COUNT && only < 0; id++)
            if (strcmp(o->method, sol_keys[id]) == 0 || strcmp(o->method, sol_json_keys[id]) == 0)
                only = id;
        if (only < 0) {
            fprintf(stderr,
                    "multipolar solve: tu methods are shapley, banzhaf, tau, owen, "
                    "myerson, core, least-core, nucleolus, prenucleolus, "
                    "coalition-structure, partition-core; not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact has no effect for tu games; every "
                        "floating-point answer is verified instead\n");
    mpol_status st = mpol_model_tu(&g, model);
    if (st == MPOL_OK)
        st = mpol_model_tu_unions(model, NULL, &r.nunions);
    if (st == MPOL_OK && r.nunions > 0) {
        if ((r.union_of = calloc(g->n, sizeof *r.union_of)) == NULL) {
            fprintf(stderr, "multipolar solve: out of memory\n");
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        st = mpol_model_tu_unions(model, r.union_of, &r.nunions);
    }
    if (st == MPOL_OK)
        st = mpol_model_tu_graph(model, &r.edges, &r.nedges);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    r.g = g;
    r.scale = 1;
    for (size_t S = 0; S < ((size_t)1 << g->n); S++)
        r.scale = fmax(r.scale, fabs(g->v[S]));
    if (only == SOL_OWEN && r.nunions == 0) {
        fprintf(stderr,
                "multipolar solve: %s: the Owen value needs a priori unions; the model "
                "has no unions: key\n",
                mpol_model_source(model));
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    if (only == SOL_MYERSON && r.edges == NULL) {
        fprintf(stderr,
                "multipolar solve: %s: the Myerson value needs a communication graph; "
                "the model has no graph: key\n",
                mpol_model_source(model));
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    if (only >= 0 && lp_method((sol_id)only) && g->n > TU_LP_MAX_PLAYERS) {
        fprintf(stderr,
                "multipolar solve: %s: method %s handles at most %d players; this game "
                "has %zu\n",
                mpol_model_source(model), sol_keys[only], TU_LP_MAX_PLAYERS, g->n);
        rc = CLI_EXIT_FAILURE; /* work over a limit */
        goto done;
    }
    int want_pcore = only == SOL_PCORE || (only < 0 && o->partition != NULL);
    if (want_pcore && o->partition != NULL) {
        if ((rc = cli_parse_partition(o->partition, g->names, g->n, r.pc_parts, &r.pc_nparts)) !=
            CLI_EXIT_OK)
            goto done;
        r.pc_from = "--partition";
    } else if (want_pcore && r.nunions > 0) {
        r.pc_nparts = r.nunions;
        for (size_t i = 0; i < g->n; i++)
            r.pc_parts[r.union_of[i]] |= (mpol_coalition)1 << i;
        r.pc_from = "the model's unions";
    } else if (want_pcore) {
        fprintf(stderr,
                "multipolar solve: %s: partition-core needs a partition: --partition "
                "\"A+B,C\" or unions: in the model\n",
                mpol_model_source(model));
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    if (r.pc_nparts > 1) /* unions are numbered by first appearance; order by lowest member */
        for (size_t a = 1; a < r.pc_nparts; a++)
            for (size_t b = a; b > 0 && (r.pc_parts[b] & (0u - r.pc_parts[b])) <
                                            (r.pc_parts[b - 1] & (0u - r.pc_parts[b - 1]));
                 b--) {
                mpol_coalition t = r.pc_parts[b];
                r.pc_parts[b] = r.pc_parts[b - 1];
                r.pc_parts[b - 1] = t;
            }
    mpol_core_opts co;
    mpol_core_opts_init(&co);
    co.tol = o->tol;
    for (int id = 0; id < SOL_COUNT; id++) {
        if (only >= 0 && id != only)
            continue;
        if ((id == SOL_OWEN && r.nunions == 0) || (id == SOL_MYERSON && r.edges == NULL))
            continue;
        if (id == SOL_CSG && only < 0 && g->n > CSG_DEFAULT_MAX)
            continue;
        if (id == SOL_PCORE && !want_pcore)
            continue;
        if (id == SOL_CSG) {
            solve_csg(&r, o->max_memory_mib);
            continue;
        }
        if (id == SOL_PCORE) {
            solve_pcore(&r);
            continue;
        }
        if (lp_method((sol_id)id) && g->n > TU_LP_MAX_PLAYERS) {
            char msg[120];
            snprintf(msg, sizeof msg, "%zu players; the LP-based solutions handle at most %d", g->n,
                     TU_LP_MAX_PLAYERS);
            set_reason(&r.s[id], ST_SKIPPED, msg);
            continue;
        }
        if (id <= SOL_MYERSON)
            solve_value(&r, (sol_id)id);
        else if (id == SOL_CORE)
            solve_core(&r, &co);
        else if (id == SOL_LEAST_CORE)
            solve_least_core(&r, &co);
        else
            solve_nucleolus(&r, &co, id == SOL_PRENUCLEOLUS);
    }
    if (only == SOL_CSG && r.csg_refused) {
        double limit = o->max_memory_mib > 0 ? o->max_memory_mib
                                             : (double)MPOL_CSG_DEFAULT_MAX_BYTES / 1048576.0;
        fprintf(stderr,
                "multipolar solve: %s: coalition-structure refused: %zu players need %zu bytes "
                "of tables, above the limit of %.6g MiB (--max-memory)\n",
                mpol_model_source(model), g->n, mpol_csg_memory(g->n), limit);
        rc = CLI_EXIT_FAILURE; /* work over a limit */
        goto done;
    }
    int all_ok = 1;
    for (int id = 0; id < SOL_COUNT; id++)
        all_ok &= r.s[id].state != ST_FAILED && r.s[id].state != ST_ERROR;
    if (o->format == CLI_FORMAT_JSON)
        json_report(&r, all_ok);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(&r);
    else
        text_report(&r);
    if (!all_ok) {
        fprintf(stderr, "multipolar solve: verification failed:");
        for (int id = 0; id < SOL_COUNT; id++)
            if (r.s[id].state == ST_FAILED || r.s[id].state == ST_ERROR)
                fprintf(stderr, " %s", sol_keys[id]);
        fprintf(stderr, "\n");
        rc = CLI_EXIT_FAILURE;
    }
done:
    for (int id = 0; id <= SOL_MYERSON; id++)
        mpol_value_free(r.val[id]);
    mpol_core_result_free(r.core);
    mpol_least_core_result_free(r.lc);
    mpol_nucleolus_result_free(r.nuc[0]);
    mpol_nucleolus_result_free(r.nuc[1]);
    mpol_csg_result_free(r.csg);
    mpol_tu_core_check_free(r.pc);
    free(r.union_of);
    mpol_tu_free(g);
    return rc;
}
