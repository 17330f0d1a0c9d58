/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report of `multipolar solve --method nash-bargaining |
 * kalai-smorodinsky | egalitarian` on the strategic kinds (schema multipolar/bargaining/1):
 * the disagreement, ideal and solution payoffs, the distribution over profiles that reaches
 * the solution, the exact Pareto frontier (two players on the hull) and the checks of
 * mpol_bargain_verify(). */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/bargaining.h"

static const unsigned J = MPOL_REPORT_JSON, T = MPOL_REPORT_TEXT;

static const char *feasible_text(const mpol_bargain_result *r)
{
    return r->feasible == MPOL_BARGAIN_HULL
               ? "hull (convex hull of the pure payoff profiles; no free disposal)"
               : "correlated (payoffs of the correlated equilibria)";
}

static const char *disagreement_text(const mpol_bargain_result *r)
{
    switch (r->disagreement) {
    case MPOL_BARGAIN_MINMAX:
        return r->nplayers == 2 ? "minmax (each player's mixed minmax value)"
                                : "minmax (each player's minmax value, the others correlating)";
    case MPOL_BARGAIN_EQUILIBRIUM:
        return r->nplayers == 2 ? "nash (the equilibrium Lemke-Howson reaches from label 1)"
                                : "nash (the equilibrium of the logit homotopy's principal "
                                  "branch)";
    default:
        return "values (given)";
    }
}

/* The players' table (all forms: it is the CSV form). */
static void add_players(mpol_report_node *root, const mpol_game *g, const mpol_bargain_result *r,
                        double bound)
{
    static const char *const keys[] = {"player", "disagreement", "ideal", "payoff"};
    static const char *const labels[] = {"player", "disagreement", "ideal", "solution"};
    mpol_report_node *t = mpol_report_table(root, "players", "Payoffs:", 4, keys, labels);
    mpol_report_set_forms(t, MPOL_REPORT_TEXT | MPOL_REPORT_JSON | MPOL_REPORT_CSV);
    for (size_t i = 0; i < r->nplayers; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->player_names[i]);
        mpol_report_cell_number(t, cli_snap(r->d[i], bound), "%.9g");
        mpol_report_cell_number(t, cli_snap(r->ideal[i], bound), "%.9g");
        mpol_report_cell_number(t, cli_snap(r->u[i], bound), "%.9g");
    }
}

/* The profiles with positive weight (text and JSON). */
static void add_distribution(mpol_report_node *root, const mpol_game *g,
                             const mpol_bargain_result *r, double tol)
{
    static const char *const keys[] = {"profile", "probability"};
    mpol_report_node *t =
        mpol_report_table(root, "distribution", "Distribution over profiles:", 2, keys, NULL);
    size_t prof[64];
    for (size_t c = 0; g->nplayers <= 64 && c < r->ncells; c++) {
        if (!(r->weights[c] > tol))
            continue;
        char name[512];
        size_t len = 0;
        mpol_game_profile(g, c, prof);
        for (size_t p = 0; p < g->nplayers && len < sizeof name; p++) {
            int w = snprintf(name + len, sizeof name - len, "%s%s", p ? ", " : "",
                             g->strategy_names[p][prof[p]]);
            len += w > 0 ? (size_t)w : 0;
        }
        mpol_report_row(t);
        mpol_report_cell_string(t, name);
        mpol_report_cell_number(t, r->weights[c], "%.9f");
    }
}

/* The exact Pareto frontier of a two-player hull. */
static void add_frontier(mpol_report_node *root, const mpol_bargain_result *r)
{
    if (!r->exact_frontier)
        return;
    mpol_report_text(root, "Pareto frontier of the hull (exact):");
    for (size_t k = 0; k < r->nfrontier; k++)
        mpol_report_text(root, " (%.9g, %.9g)", r->frontier[2 * k], r->frontier[2 * k + 1]);
    mpol_report_text(root, "\n");
    mpol_report_node *l = mpol_report_set_forms(mpol_report_list(root, "frontier", NULL), J);
    for (size_t k = 0; k < r->nfrontier; k++) {
        mpol_report_node *pt = mpol_report_list_inline(mpol_report_list(l, NULL, NULL));
        mpol_report_number(pt, NULL, NULL, r->frontier[2 * k], NULL);
        mpol_report_number(pt, NULL, NULL, r->frontier[2 * k + 1], NULL);
    }
}

static void add_check(mpol_report_node *root, const mpol_bargain_result *r, double tol)
{
    const mpol_bargain_check *c = &r->check;
    double ta = tol * c->scale;
    mpol_report_node *v =
        mpol_report_section(root, "verification", "Verification (independent of the solver):");
    mpol_report_set_forms(mpol_report_bool(v, "ok", NULL, r->verified), J);
    mpol_report_set_forms(mpol_report_number(v, "max_error", NULL, r->max_error, NULL), J);
    mpol_report_set_forms(mpol_report_number(v, "tolerance", NULL, tol, NULL), J);
    mpol_report_set_forms(mpol_report_number(v, "scale", NULL, c->scale, NULL), J);
    mpol_report_node *l = mpol_report_list(v, "checks", NULL);
#define CHECK(key, name, err, bound)                                                               \
    mpol_report_check(l, NULL, name, (err) <= (bound) ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, err,  \
                      bound)
    CHECK("feasibility", "feasible (payoff of the distribution)", c->feasibility, ta);
    CHECK("rationality", "individually rational (u >= d)", c->rationality, ta);
    CHECK("pareto", "Pareto optimal (LP over the feasible set)", c->pareto,
          (double)r->nplayers * ta);
    if (r->solution == MPOL_BARGAIN_NASH) {
        CHECK("optimality", "first-order condition of the Nash product", c->optimality, tol);
    } else {
        CHECK("optimality", "supporting hyperplane at the ray point", c->optimality, ta);
        CHECK("ray", "solution dominates the ray point", c->ray, ta);
    }
#undef CHECK
    mpol_report_set_forms(mpol_report_string(v, NULL, NULL, r->verified ? "VERIFIED" : "FAILED"),
                          T);
}

/* The equilibrium behind a "nash" disagreement point. */
static void add_equilibrium(mpol_report_node *root, const mpol_game *g,
                            const mpol_bargain_result *r)
{
    if (r->d_profile == NULL)
        return;
    mpol_report_node *l =
        mpol_report_list(root, "disagreement_equilibrium", "Disagreement equilibrium:");
    size_t off = 0;
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_node *s = mpol_report_section(l, NULL, g->player_names[p]);
        for (size_t k = 0; k < g->nstrategies[p]; k++)
            mpol_report_number(s, g->strategy_names[p][k], g->strategy_names[p][k],
                               r->d_profile[off + k], "%.9f");
        off += g->nstrategies[p];
    }
}

static mpol_report *build(const mpol_model *model, const mpol_game *g, const mpol_bargain_result *r,
                          double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_set_schema(rep, "multipolar/bargaining/1");
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_string(root, "method", "method", mpol_bargain_solution_name(r->solution));
    mpol_report_set_forms(mpol_report_string(root, "feasible", "feasible set", feasible_text(r)),
                          T);
    mpol_report_set_forms(
        mpol_report_string(root, "feasible", NULL,
                           r->feasible == MPOL_BARGAIN_HULL ? "hull" : "correlated"),
        J);
    mpol_report_set_forms(
        mpol_report_string(root, "disagreement", "disagreement", disagreement_text(r)), T);
    static const char *const dnames[] = {"minmax", "nash", "values"};
    mpol_report_set_forms(
        mpol_report_string(root, "disagreement", NULL, dnames[(int)r->disagreement]), J);
    add_equilibrium(root, g, r);
    double bound = tol * r->check.scale;
    add_players(root, g, r, bound);
    mpol_report_number(root, "nash_product", "Nash product", r->nash_product, "%.9g");
    if (r->solution != MPOL_BARGAIN_NASH)
        mpol_report_number(root, "t", "ray parameter t", cli_snap(r->t, tol), "%.9g");
    mpol_report_set_forms(mpol_report_bool(root, "exact_frontier", NULL, r->exact_frontier), J);
    mpol_report_integer(root, "iterations",
                        r->solution == MPOL_BARGAIN_NASH && !r->exact_frontier
                            ? "Frank-Wolfe iterations"
                            : "LPs solved",
                        (long long)r->iterations);
    add_distribution(root, g, r, tol);
    add_frontier(root, r);
    add_check(root, r, tol);
    return rep;
}

int cli_solve_bargain(mpol_model *model, const cli_solve_opts *opts)
{
    mpol_bargain_opts o;
    mpol_bargain_opts_init(&o);
    mpol_status st = mpol_bargain_solution_parse(&o.solution, opts->method);
    mpol_game *g = NULL;
    if (st == MPOL_OK)
        st = mpol_model_game(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    double *values = mpol_malloc(g->nplayers * sizeof *values);
    st = values == NULL ? mpol_error(MPOL_ENOMEM, "out of memory")
                        : mpol_bargain_opts_parse(&o, opts->args.disagreement, opts->args.feasible,
                                                  values, g->nplayers);
    o.tol = opts->tol;
    mpol_bargain_result *r = NULL;
    if (st == MPOL_OK)
        st = mpol_bargain_solve(&r, g, &o);
    int rc;
    if (r == NULL) {
        rc = cli_fail("solve", st);
    } else {
        rc = cli_report_emit("solve", build(model, g, r, o.tol), opts->format);
        if (rc == CLI_EXIT_OK && st != MPOL_OK)
            rc = cli_fail("solve", st);
    }
    mpol_bargain_result_free(r);
    mpol_free(values);
    mpol_game_free(g);
    return rc;
}
