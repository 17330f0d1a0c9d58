/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve --method correlated|coarse-correlated` on the
 * strategic kinds: the distribution over profiles that maximises the welfare (default,
 * --objective welfare), one player's payoff (--objective NAME or 1-based index) or, with
 * --objective range, each player's lowest and highest payoff over the polytope besides the
 * welfare optimum; --all adds the polytope's extreme points (mpol_ce_vertices, refused above
 * its work estimate). Every distribution shows the library's certificates: the obedience
 * recount and the duality gap (multipolar/correlated.h). JSON schema
 * docs/schema/correlated.json; CSV one table point,item,name,value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "multipolar/correlated.h"

static const unsigned T = MPOL_REPORT_TEXT, J = MPOL_REPORT_JSON, C = MPOL_REPORT_CSV;

/* Parses --objective into @p o; prints the reason and returns 2 when it names no player. */
static int parse_objective(const char *text, const mpol_game *g, mpol_ce_opts *o)
{
    if (text == NULL || strcmp(text, "welfare") == 0)
        return CLI_EXIT_OK;
    if (strcmp(text, "range") == 0) {
        o->objective = MPOL_CE_RANGE;
        return CLI_EXIT_OK;
    }
    o->objective = MPOL_CE_PLAYER;
    for (size_t p = 0; p < g->nplayers; p++)
        if (strcmp(text, g->player_names[p]) == 0) {
            o->player = p;
            return CLI_EXIT_OK;
        }
    long k;
    if (cli_parse_long(text, 1, (long)g->nplayers, &k) == 0) {
        o->player = (size_t)k - 1;
        return CLI_EXIT_OK;
    }
    fprintf(stderr,
            "multipolar solve: --objective: \"%s\" is neither welfare, range, a player's name "
            "nor an index 1..%zu\n",
            text, g->nplayers);
    return CLI_EXIT_USAGE;
}

/* The profile of cell @p c as "A|B|C" into @p buf (CSV names). */
static void profile_text(char *buf, size_t size, const mpol_game *g, size_t c)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < g->nplayers && len < size; p++) {
        size_t n = g->nstrategies[p], s = c % n;
        c /= n;
        int w = snprintf(buf + len, size - len, "%s%s", p ? "|" : "", g->strategy_names[p][s]);
        len += w > 0 ? (size_t)w : 0;
    }
}

/* The distribution's profiles with probability above @p tol: a text table and a JSON list. */
static void add_distribution(mpol_report_node *parent, const char *label, const mpol_game *g,
                             const double *prob, double tol)
{
    size_t N = g->nplayers;
    const char **keys = calloc(N + 1, sizeof *keys);
    if (keys == NULL)
        return; /* the report reports nothing missing; emit fails on the NULL below */
    for (size_t p = 0; p < N; p++)
        keys[p] = g->player_names[p];
    keys[N] = "probability";
    mpol_report_node *t = mpol_report_table(parent, "distribution_table", label, N + 1, keys, keys);
    mpol_report_set_forms(t, T);
    mpol_report_node *l = mpol_report_set_forms(mpol_report_list(parent, "distribution", NULL), J);
    for (size_t c = 0; c < g->ncells; c++) {
        if (!(prob[c] > tol))
            continue;
        mpol_report_row(t);
        mpol_report_node *e = mpol_report_section(l, NULL, NULL);
        mpol_report_node *pr = mpol_report_list_inline(mpol_report_list(e, "profile", NULL));
        size_t k = c;
        for (size_t p = 0; p < N; p++) {
            size_t s = k % g->nstrategies[p];
            k /= g->nstrategies[p];
            mpol_report_cell_string(t, g->strategy_names[p][s]);
            mpol_report_string(pr, NULL, NULL, g->strategy_names[p][s]);
        }
        mpol_report_cell_number(t, prob[c], "%.9g");
        mpol_report_number(e, "probability", NULL, prob[c], NULL);
    }
    free(keys);
}

/* Payoffs as a text line and a JSON list of {name, payoff}. */
static void add_payoffs(mpol_report_node *parent, const mpol_game *g, const double *pay,
                        double welfare, double ta)
{
    mpol_report_text(parent, "  payoffs:");
    mpol_report_node *l = mpol_report_set_forms(mpol_report_list(parent, "payoffs", NULL), J);
    for (size_t p = 0; p < g->nplayers; p++) {
        double v = cli_snap(pay[p], ta);
        mpol_report_text(parent, "%s %s %.9g", p ? "," : "", g->player_names[p], v);
        mpol_report_node *e = mpol_report_section(l, NULL, NULL);
        mpol_report_string(e, "name", NULL, g->player_names[p]);
        mpol_report_number(e, "payoff", NULL, v, NULL);
    }
    mpol_report_text(parent, " (welfare %.9g)\n", cli_snap(welfare, ta));
    mpol_report_set_forms(mpol_report_number(parent, "welfare", NULL, welfare, NULL), J);
}

static mpol_report_check_state state_of(int ok)
{
    return ok ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL;
}

/* One optimised point: objective, bound, payoffs, distribution and its two checks. */
static void add_point(mpol_report_node *parent, const char *key, const char *label,
                      const mpol_game *g, const mpol_ce_point *pt, const mpol_ce_result *r,
                      double tol)
{
    mpol_report_node *s = mpol_report_section(parent, key, label);
    mpol_report_text(s, "  objective %.12g, dual bound %.12g\n", pt->objective, pt->bound);
    mpol_report_set_forms(mpol_report_number(s, "objective", NULL, pt->objective, NULL), J);
    mpol_report_set_forms(mpol_report_number(s, "bound", NULL, pt->bound, NULL), J);
    mpol_report_set_forms(mpol_report_number(s, "duality_gap", NULL, pt->duality_gap, NULL), J);
    add_payoffs(s, g, pt->payoff, pt->welfare, r->tol_abs);
    add_distribution(s, "distribution:", g, pt->prob, tol);
    mpol_report_node *ck = mpol_report_list(s, "checks", "checks:");
    mpol_report_check(ck, NULL, "obedience (largest gain of a deviation)",
                      state_of(pt->check.verified), pt->check.max_error, r->tol_abs);
    mpol_report_check(ck, NULL, "duality gap", state_of(pt->duality_gap <= r->tol_abs),
                      pt->duality_gap, r->tol_abs);
}

/* The range table: each player's lowest and highest payoff. */
static void add_range(mpol_report_node *root, const mpol_game *g, const mpol_ce_result *r)
{
    static const char *const keys[] = {"name", "min", "max", "min_gap", "max_gap"};
    static const char *const labels[] = {"player", "min", "max", "gap (min)", "gap (max)"};
    mpol_report_node *t = mpol_report_table(
        root, "range", "Range of each player's payoff over the polytope:", 5, keys, labels);
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->player_names[p]);
        mpol_report_cell_number(t, cli_snap(r->range_lo[p], r->tol_abs), "%.9g");
        mpol_report_cell_number(t, cli_snap(r->range_hi[p], r->tol_abs), "%.9g");
        mpol_report_cell_number(t, r->points[2 * p].duality_gap, "%.3e");
        mpol_report_cell_number(t, r->points[2 * p + 1].duality_gap, "%.3e");
    }
}

/* The CSV form: one table point,item,name,value. */
static void add_csv_point(mpol_report_node *t, const char *point, const mpol_game *g,
                          const mpol_ce_point *pt, double tol)
{
    char buf[512];
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, point);
        mpol_report_cell_string(t, "payoff");
        mpol_report_cell_string(t, g->player_names[p]);
        mpol_report_cell_number(t, pt->payoff[p], NULL);
    }
    for (size_t c = 0; c < g->ncells; c++) {
        if (!(pt->prob[c] > tol))
            continue;
        profile_text(buf, sizeof buf, g, c);
        mpol_report_row(t);
        mpol_report_cell_string(t, point);
        mpol_report_cell_string(t, "probability");
        mpol_report_cell_string(t, buf);
        mpol_report_cell_number(t, pt->prob[c], NULL);
    }
    static const char *const what[] = {"max_violation", "duality_gap"};
    double val[] = {pt->check.max_error, pt->duality_gap};
    for (size_t k = 0; k < 2; k++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, point);
        mpol_report_cell_string(t, "check");
        mpol_report_cell_string(t, what[k]);
        mpol_report_cell_number(t, val[k], NULL);
    }
}

static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_ce_result *r,
                    const char *best, double tol)
{
    static const char *const keys[] = {"point", "item", "name", "value"};
    mpol_report_node *t = mpol_report_table(root, "csv", NULL, 4, keys, NULL);
    mpol_report_set_forms(t, C);
    add_csv_point(t, best, g, &r->best, tol);
    if (r->points == NULL)
        return;
    char name[300];
    for (size_t k = 0; k < 2 * g->nplayers; k++) {
        snprintf(name, sizeof name, "%s %s", k % 2 ? "max" : "min", g->player_names[k / 2]);
        add_csv_point(t, name, g, &r->points[k], tol);
    }
}

/* The extreme points of --all. */
static void add_vertices(mpol_report_node *root, const mpol_game *g, const mpol_ce_vertex_list *l,
                         double tol)
{
    mpol_report_node *s = mpol_report_set_forms(mpol_report_section(root, "vertices", NULL), T | J);
    mpol_report_text(s, "Extreme points of the polytope: %zu (%zu active sets tried)\n", l->count,
                     l->tried);
    mpol_report_set_forms(mpol_report_integer(s, "count", NULL, (long long)l->count), J);
    mpol_report_set_forms(mpol_report_integer(s, "tried", NULL, (long long)l->tried), J);
    mpol_report_node *list = mpol_report_list(s, "points", NULL);
    for (size_t v = 0; v < l->count; v++) {
        char label[32];
        snprintf(label, sizeof label, "  #%zu", v + 1);
        mpol_report_node *e = mpol_report_section(list, NULL, label);
        double w = 0.0;
        for (size_t p = 0; p < g->nplayers; p++)
            w += l->payoff[v * g->nplayers + p];
        add_payoffs(e, g, l->payoff + v * g->nplayers, w, 0.0);
        add_distribution(e, "distribution:", g, l->prob + v * l->ncells, tol);
    }
    mpol_report_check(s, "check", "obedience of every vertex", state_of(l->verified), l->max_error,
                      0.0);
}

static const char *objective_label(const mpol_ce_result *r, const mpol_game *g, char *buf,
                                   size_t size)
{
    if (r->objective == MPOL_CE_PLAYER)
        snprintf(buf, size, "maximising %s's payoff", g->player_names[r->player]);
    else
        snprintf(buf, size, "maximising the welfare");
    return buf;
}

/* The whole report of @p r (and of the vertices @p l, or NULL). */
static mpol_report *build_report(const mpol_model *model, const mpol_game *g,
                                 const mpol_ce_result *r, const mpol_ce_vertex_list *l, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_set_schema(rep, "multipolar/correlated/1");
    mpol_report_node *root = mpol_report_root(rep);
    const char *what = r->kind == MPOL_CE_COARSE ? "Coarse correlated" : "Correlated";
    static const char *const objective[] = {"welfare", "player", "range"};
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, mpol_ce_kind_name(r->kind)), J);
    mpol_report_set_forms(mpol_report_string(root, "objective", NULL, objective[r->objective]), J);
    if (r->objective == MPOL_CE_PLAYER)
        mpol_report_set_forms(mpol_report_string(root, "player", NULL, g->player_names[r->player]),
                              J);
    mpol_report_text(root,
                     "%s equilibrium over %zu profiles, %zu obedience constraints (%zu "
                     "non-zero coefficients), %zu LP%s\n",
                     what, r->ncells, r->nrows, r->nnz, r->lp_solves, r->lp_solves == 1 ? "" : "s");
    mpol_report_node *size = mpol_report_set_forms(mpol_report_section(root, "lp", NULL), J);
    mpol_report_integer(size, "profiles", NULL, (long long)r->ncells);
    mpol_report_integer(size, "constraints", NULL, (long long)r->nrows);
    mpol_report_integer(size, "nonzeros", NULL, (long long)r->nnz);
    mpol_report_integer(size, "lp_solves", NULL, (long long)r->lp_solves);
    mpol_report_integer(size, "crossover_solves", NULL, (long long)r->interior_solves);
    mpol_report_integer(size, "iterations", NULL, (long long)r->iterations);
    char label[300];
    objective_label(r, g, label, sizeof label);
    add_point(root, "optimum", label, g, &r->best, r, tol);
    if (r->objective == MPOL_CE_RANGE)
        add_range(root, g, r);
    if (l != NULL)
        add_vertices(root, g, l, tol);
    add_csv(root, g, r, r->objective == MPOL_CE_PLAYER ? "player" : "welfare", tol);
    mpol_report_text(root, "verified: %s (max error %.3e, tolerance %.3e)\n",
                     r->verified && (l == NULL || l->verified) ? "yes" : "NO", r->max_error,
                     r->tol_abs);
    mpol_report_set_forms(
        mpol_report_bool(root, "verified", NULL, r->verified && (l == NULL || l->verified)), J);
    mpol_report_set_forms(mpol_report_number(root, "max_error", NULL, r->max_error, NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "tolerance", NULL, r->tol_abs, NULL), J);
    return rep;
}

static int solve_kind(mpol_model *model, const cli_solve_opts *opts, mpol_ce_kind kind)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_model_game(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.kind = kind;
    o.tol = opts->tol;
    int rc = parse_objective(opts->args.objective, g, &o);
    mpol_ce_result *r = NULL;
    mpol_ce_vertex_list *l = NULL;
    if (rc == CLI_EXIT_OK && (st = mpol_ce_solve(&r, g, &o)) != MPOL_OK && st != MPOL_EVERIFY)
        rc = cli_fail("solve", st);
    mpol_status vst = MPOL_OK;
    if (rc == CLI_EXIT_OK && opts->all &&
        (vst = mpol_ce_vertices(&l, g, kind, opts->tol, 0)) != MPOL_OK && vst != MPOL_EVERIFY)
        rc = cli_fail("solve", vst);
    if (rc == CLI_EXIT_OK) {
        rc = cli_report_emit("solve", build_report(model, g, r, l, opts->tol), opts->format);
        if (rc == CLI_EXIT_OK && (st == MPOL_EVERIFY || vst == MPOL_EVERIFY))
            rc = CLI_EXIT_FAILURE;
    }
    mpol_ce_vertex_list_free(l);
    mpol_ce_result_free(r);
    mpol_game_free(g);
    return rc;
}

int cli_solve_correlated(mpol_model *model, const cli_solve_opts *opts)
{
    return solve_kind(model, opts, MPOL_CE_CORRELATED);
}

int cli_solve_coarse_correlated(mpol_model *model, const cli_solve_opts *opts)
{
    return solve_kind(model, opts, MPOL_CE_COARSE);
}
