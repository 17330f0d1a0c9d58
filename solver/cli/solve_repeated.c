/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for repeated models: each player's
 * pure and mixed minmax values, the feasible set and its individually rational parts (two
 * players: polygons, vertices counter-clockwise), the pure stage equilibria, per stage profile
 * the critical discount factors of grim trigger and of optimal penal codes with the verdict at
 * the model's discount factor, the Abreu-Sannikov set of pure-strategy SPE payoffs (each
 * vertex with the profile and continuation that generate it) and the library's checks.
 * JSON schema "multipolar/repeated/1"; CSV: one row per profile.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/repeated.h"

static const unsigned J = MPOL_REPORT_JSON;

static void profile_text(char *buf, size_t size, const mpol_game *g, size_t cell)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < g->nplayers && len < size; p++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", p ? "/" : "",
                                g->strategy_names[p][cell % g->nstrategies[p]]);
        cell /= g->nstrategies[p];
    }
}

/* A factor as text: "never", "n/a" (not computed), or the number. */
static const char *factor_text(char *buf, size_t size, double f)
{
    if (isnan(f))
        snprintf(buf, size, "n/a");
    else if (isinf(f) || f >= 1.0)
        snprintf(buf, size, "never");
    else
        snprintf(buf, size, "%.9g", f);
    return buf;
}

static void factor_json(mpol_report_node *n, const char *key, double f)
{
    if (isnan(f) || isinf(f) || f >= 1.0)
        mpol_report_null(n, key, NULL);
    else
        mpol_report_number(n, key, NULL, f, NULL);
}

static void add_minmax(mpol_report_node *root, const mpol_game *g, const mpol_rg_result *r,
                       double ta)
{
    const mpol_rg_minmax *mm = r->minmax;
    static const char *const keys[] = {"player", "pure", "mixed"};
    mpol_report_text(root, "Minmax values (mixed: %s):\n",
                     mm->correlated ? "against correlated punishers" : "the punisher mixes");
    mpol_report_node *t = mpol_report_table(root, "minmax", NULL, 3, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_TEXT | J);
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->player_names[p]);
        mpol_report_cell_number(t, mm->pure[p], "%.10g");
        mpol_report_cell_number(t, cli_snap(mm->mixed[p], ta), "%.10g");
    }
    mpol_report_set_forms(mpol_report_bool(root, "minmax_correlated", NULL, mm->correlated), J);
}

static void add_polygon(mpol_report_node *root, const char *key, const char *label,
                        const mpol_rg_polygon *poly, double ta)
{
    mpol_report_text(root, "%s: %zu vertices\n", label, poly->n);
    char buf[128];
    for (size_t k = 0; k < poly->n; k++) {
        snprintf(buf, sizeof buf, "(%.10g, %.10g)", cli_snap(poly->v[2 * k], ta),
                 cli_snap(poly->v[2 * k + 1], ta));
        mpol_report_text(root, "  %s\n", buf);
    }
    static const char *const keys[] = {"x", "y"};
    mpol_report_node *t = mpol_report_table(root, key, NULL, 2, keys, NULL);
    mpol_report_set_forms(t, J);
    for (size_t k = 0; k < poly->n; k++) {
        mpol_report_row(t);
        mpol_report_cell_number(t, cli_snap(poly->v[2 * k], ta), NULL);
        mpol_report_cell_number(t, cli_snap(poly->v[2 * k + 1], ta), NULL);
    }
}

static void add_profiles(mpol_report_node *root, const mpol_game *g, const mpol_rg_result *r)
{
    char buf[256], f1[32], f2[32];
    mpol_report_text(root,
                     "\nStage profiles (grim trigger: Nash reversion to the deviator's worst pure "
                     "stage equilibrium; optimal penal codes: the worst SPE payoffs, Abreu "
                     "1988):\n");
    mpol_report_text(root, "  %-24s %-12s %-10s %-12s %s\n", "profile", "grim", "at delta",
                     "penal code", "at delta");
    for (size_t k = 0; k < r->ncells; k++) {
        profile_text(buf, sizeof buf, g, r->cell[k]);
        int ps = r->penal_sustained[k];
        mpol_report_text(
            root, "  %-24s %-12s %-10s %-12s %s\n", buf, factor_text(f1, sizeof f1, r->grim[k]),
            r->grim_sustained[k] ? "sustained" : "no", factor_text(f2, sizeof f2, r->penal[k]),
            ps < 0 ? "n/a" : (ps ? "sustained" : "no"));
    }
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, "profiles", NULL), J);
    for (size_t k = 0; k < r->ncells; k++) {
        mpol_report_node *s = mpol_report_section(list, NULL, NULL);
        profile_text(buf, sizeof buf, g, r->cell[k]);
        mpol_report_string(s, "profile", NULL, buf);
        mpol_report_node *pay = mpol_report_list(s, "payoff", NULL);
        for (size_t p = 0; p < g->nplayers; p++)
            mpol_report_number(pay, NULL, NULL, r->payoff[k * g->nplayers + p], NULL);
        factor_json(s, "grim", r->grim[k]);
        mpol_report_bool(s, "grim_sustained", NULL, r->grim_sustained[k]);
        factor_json(s, "penal_code", r->penal[k]);
        if (r->penal_sustained[k] < 0)
            mpol_report_null(s, "penal_code_sustained", NULL);
        else
            mpol_report_bool(s, "penal_code_sustained", NULL, r->penal_sustained[k]);
    }
    static const char *const ck[] = {"profile", "grim", "grim_sustained", "penal_code",
                                     "penal_code_sustained"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 5, ck, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    for (size_t k = 0; k < r->ncells; k++) {
        mpol_report_row(t);
        profile_text(buf, sizeof buf, g, r->cell[k]);
        mpol_report_cell_string(t, buf);
        mpol_report_cell_string(t, factor_text(f1, sizeof f1, r->grim[k]));
        mpol_report_cell_integer(t, r->grim_sustained[k]);
        mpol_report_cell_string(t, factor_text(f2, sizeof f2, r->penal[k]));
        mpol_report_cell_integer(t, r->penal_sustained[k]);
    }
}

static void add_spe(mpol_report_node *root, const mpol_game *g, const mpol_rg_result *r, double ta)
{
    const mpol_rg_as_result *as = r->as;
    if (as == NULL)
        return;
    mpol_report_text(root,
                     "\nPure-strategy SPE payoffs (Abreu-Sannikov, discount %g, public "
                     "randomisation): %zu vertices, %zu iterations%s\n",
                     as->delta, as->set.n, as->iterations, as->converged ? "" : " (NOT CONVERGED)");
    char buf[256];
    for (size_t k = 0; k < as->set.n; k++) {
        profile_text(buf, sizeof buf, g, as->check->cell[k]);
        mpol_report_text(root, "  (%.9g, %.9g)  by (%s) then (%.9g, %.9g)\n",
                         cli_snap(as->set.v[2 * k], ta), cli_snap(as->set.v[2 * k + 1], ta), buf,
                         cli_snap(as->check->continuation[2 * k], ta),
                         cli_snap(as->check->continuation[2 * k + 1], ta));
    }
    if (as->set.n > 0)
        mpol_report_text(root, "  worst payoffs: %s %.9g, %s %.9g\n", g->player_names[0],
                         cli_snap(as->worst[0], ta), g->player_names[1],
                         cli_snap(as->worst[1], ta));
    else
        mpol_report_text(root, "  none: no pure-strategy subgame-perfect equilibrium\n");
    mpol_report_node *s = mpol_report_set_forms(mpol_report_section(root, "spe", NULL), J);
    mpol_report_integer(s, "iterations", NULL, (long long)as->iterations);
    mpol_report_bool(s, "converged", NULL, as->converged);
    static const char *const keys[] = {"x", "y", "profile", "continuation_x", "continuation_y"};
    mpol_report_node *t = mpol_report_table(s, "vertices", NULL, 5, keys, NULL);
    for (size_t k = 0; k < as->set.n; k++) {
        mpol_report_row(t);
        mpol_report_cell_number(t, cli_snap(as->set.v[2 * k], ta), NULL);
        mpol_report_cell_number(t, cli_snap(as->set.v[2 * k + 1], ta), NULL);
        profile_text(buf, sizeof buf, g, as->check->cell[k]);
        mpol_report_cell_string(t, buf);
        mpol_report_cell_number(t, cli_snap(as->check->continuation[2 * k], ta), NULL);
        mpol_report_cell_number(t, cli_snap(as->check->continuation[2 * k + 1], ta), NULL);
    }
    mpol_report_node *w = mpol_report_list(s, "worst", NULL);
    for (size_t p = 0; p < 2; p++)
        if (as->set.n > 0)
            mpol_report_number(w, NULL, NULL, cli_snap(as->worst[p], ta), NULL);
}

static void add_checks(mpol_report_node *root, const mpol_rg_result *r, double scale, double tol)
{
    mpol_report_text(root, "\nVerification (recomputed from the stage payoffs):\n");
    mpol_report_node *c =
        mpol_report_set_forms(mpol_report_list(root, "checks", NULL), MPOL_REPORT_TEXT | J);
    const mpol_rg_minmax *mm = r->minmax;
    mpol_report_check(c, NULL, "minmax: best reply to each punishment",
                      mm->verified ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, mm->max_error,
                      tol * scale);
    double ge = 0.0;
    for (size_t k = 0; k < r->ncells; k++)
        ge = fmax(ge, r->grim_error[k]);
    mpol_report_check(c, NULL, "grim trigger: one-shot deviations at the discount factor",
                      ge <= tol * scale ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, ge, tol * scale);
    double pe = 0.0;
    for (size_t k = 0; k < r->ncells; k++)
        pe = fmax(pe, r->penal_error[k]);
    if (r->as != NULL)
        mpol_report_check(c, NULL,
                          "optimal penal codes: sustained payoffs in the SPE set, one-shot "
                          "deviations against the worst SPE payoffs",
                          pe <= tol * scale ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, pe, tol * scale);
    if (r->as != NULL)
        mpol_report_check(c, NULL,
                          "SPE set: every vertex generated with incentive constraints "
                          "(self-generation)",
                          r->as->verified ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, r->as->max_error,
                          r->as->check->tol * r->as->check->scale);
    mpol_report_text(root, "  %s\n", r->verified ? "VERIFIED" : "FAILED");
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_error", NULL, r->max_error, NULL);
    mpol_report_number(v, "scale", NULL, scale, NULL);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
}

static mpol_report *build_report(const mpol_model *model, const mpol_game *g,
                                 const mpol_rg_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < g->ncells * g->nplayers; k++) {
        lo = fmin(lo, g->payoff[k]);
        hi = fmax(hi, g->payoff[k]);
    }
    double scale = hi > lo ? hi - lo : 1.0, ta = tol * scale;
    mpol_report_text(root, "Repeated game (%zu players, %zu stage profiles; discount %g)\n\n",
                     g->nplayers, g->ncells, r->delta);
    mpol_report_set_forms(mpol_report_number(root, "discount", NULL, r->delta, NULL), J);
    mpol_report_set_forms(mpol_report_integer(root, "players", NULL, (long long)g->nplayers), J);
    add_minmax(root, g, r, ta);
    if (g->nplayers == 2) {
        add_polygon(root, "feasible", "\nFeasible payoffs (convex hull of the stage payoffs)",
                    &r->feasible, ta);
        add_polygon(root, "individually_rational", "Individually rational (>= the mixed minmax)",
                    &r->ir, ta);
        add_polygon(root, "individually_rational_pure",
                    "Individually rational (>= the pure minmax)", &r->ir_pure, ta);
    }
    char buf[256];
    mpol_report_text(root, "\nPure stage Nash equilibria: %s", r->nnash ? "" : "none");
    mpol_report_node *ne = mpol_report_set_forms(mpol_report_list(root, "stage_nash", NULL), J);
    for (size_t k = 0; k < r->nnash; k++) {
        profile_text(buf, sizeof buf, g, r->nash[k]);
        mpol_report_text(root, "%s(%s)", k ? " " : "", buf);
        mpol_report_string(ne, NULL, NULL, buf);
    }
    mpol_report_text(root, "\n");
    add_profiles(root, g, r);
    add_spe(root, g, r, ta);
    add_checks(root, r, scale, tol);
    return rep;
}

int cli_solve_repeated(mpol_model *model, const cli_solve_opts *o)
{
    if (o->method != NULL) {
        fprintf(stderr, "multipolar solve: repeated models have no methods (got '%s')\n",
                o->method);
        return CLI_EXIT_USAGE;
    }
    mpol_rg_opts ro;
    mpol_rg_opts_init(&ro);
    if (o->tol > 0.0 && o->tol < 1.0)
        ro.as.verify_tol = o->tol > ro.as.verify_tol ? o->tol : ro.as.verify_tol;
    ro.ncells = mpol_model_repeated_profiles(model, &ro.cells);
    mpol_game *g = NULL;
    mpol_rg_result *r = NULL;
    double delta = 0.0;
    mpol_status st = mpol_model_repeated(&g, &delta, model);
    if (st == MPOL_OK)
        st = mpol_rg_solve(&r, g, delta, &ro);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        char msg[1100];
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, g, r, ro.as.verify_tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
    }
    mpol_rg_result_free(r);
    mpol_game_free(g);
    return rc;
}

mpol_status cli_check_repeated(const mpol_model *model, mpol_report_node *node)
{
    mpol_game *g = NULL;
    double delta = 0.0;
    mpol_status st = mpol_model_repeated(&g, &delta, model);
    if (st != MPOL_OK)
        return st;
    const size_t *cells = NULL;
    size_t np = mpol_model_repeated_profiles(model, &cells);
    const char *sk = mpol_model_repeated_stage_kind(model);
    mpol_report_set_forms(mpol_report_string(node, "stage_kind", NULL, sk), J);
    mpol_report_set_forms(mpol_report_integer(node, "players", NULL, (long long)g->nplayers), J);
    mpol_report_set_forms(mpol_report_integer(node, "profiles", NULL, (long long)g->ncells), J);
    mpol_report_set_forms(mpol_report_number(node, "discount", NULL, delta, NULL), J);
    mpol_report_text(node, "  stage: %s, players: %zu, profiles: %zu (%zu asked), discount %g\n",
                     sk, g->nplayers, g->ncells, np ? np : g->ncells, delta);
    mpol_game_free(g);
    return MPOL_OK;
}
