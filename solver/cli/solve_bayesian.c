/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for bayesian models: the Bayes-Nash
 * equilibria found by the library (mpol_bayes_solve: all extreme ones for two players by
 * default, --method pure / logit / tree), each with every player's mixed action per type,
 * the type's marginal probability, its interim payoff and interim regret (the library's
 * check, mpol_bayes_certify), and the ex-ante payoffs; exact strings with --exact. JSON
 * schema "multipolar/bayesian/1"; CSV: equilibrium, player, type, action, probability.
 */
#include <string.h>

#include "cli.h"
#include "multipolar/bayesian.h"

static const unsigned J = MPOL_REPORT_JSON;

/* "press 0.5, hold 0.5" for the support of one type's mixed action. */
static void mix_text(char *buf, size_t size, const mpol_bayes_game *gg, const mpol_bayes_eq *e,
                     size_t p, size_t o, size_t ao, double tol)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < gg->game.nactions[p] && len < size; a++)
        if (cli_snap(e->strategy[o + a], tol) > 0) {
            if (e->strategy_exact != NULL)
                len += (size_t)snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "",
                                        gg->action_names[ao + a], e->strategy_exact[o + a]);
            else
                len += (size_t)snprintf(buf + len, size - len, "%s%s %.9g", len ? ", " : "",
                                        gg->action_names[ao + a], e->strategy[o + a]);
        }
}

static void add_eq_text(mpol_report_node *root, const mpol_bayes_game *gg,
                        const mpol_bayes_result *r, size_t k, double tol, double ta)
{
    const mpol_bayes *g = &gg->game;
    const mpol_bayes_eq *e = &r->eq[k];
    char buf[1024];
    mpol_report_text(root, "Equilibrium %zu\n", k + 1);
    mpol_report_text(root, "  %-14s %-14s %-10s %-14s %-12s %s\n", "player", "type", "prior",
                     "interim payoff", "regret", "mixed action");
    for (size_t p = 0, o = 0, ti = 0, ao = 0; p < g->nplayers; ao += g->nactions[p], p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++, o += g->nactions[p]) {
            if (!(r->marginal[ti] > 0.0)) {
                mpol_report_text(root, "  %-14s %-14s %-10.6g (probability 0: no posterior)\n",
                                 gg->player_names[p], gg->type_names[ti], r->marginal[ti]);
                continue;
            }
            mix_text(buf, sizeof buf, gg, e, p, o, ao, tol);
            mpol_report_text(root, "  %-14s %-14s %-10.6g %-14.10g %-12.3e %s\n",
                             gg->player_names[p], gg->type_names[ti], r->marginal[ti],
                             cli_snap(e->interim_value[ti], ta),
                             cli_snap(e->interim_regret[ti], ta), buf);
        }
    mpol_report_text(root, "  ex-ante payoffs:");
    for (size_t p = 0; p < g->nplayers; p++) {
        if (e->ex_ante_exact != NULL)
            mpol_report_text(root, "%s %s %s", p ? "," : "", gg->player_names[p],
                             e->ex_ante_exact[p]);
        else
            mpol_report_text(root, "%s %s %.10g", p ? "," : "", gg->player_names[p],
                             cli_snap(e->ex_ante[p], ta));
    }
    mpol_report_text(root, "\n\n");
}

static void add_eq_json(mpol_report_node *list, const mpol_bayes_game *gg,
                        const mpol_bayes_result *r, size_t k, double tol, double ta)
{
    const mpol_bayes *g = &gg->game;
    const mpol_bayes_eq *e = &r->eq[k];
    static const char *const tk[] = {"player",         "type",           "prior",
                                     "interim_payoff", "interim_regret", "strategy"};
    static const char *const sk[] = {"action", "probability", "exact"};
    mpol_report_node *eq = mpol_report_section(list, NULL, NULL);
    mpol_report_node *types = mpol_report_list(eq, "types", NULL);
    for (size_t p = 0, o = 0, ti = 0, ao = 0; p < g->nplayers; ao += g->nactions[p], p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++, o += g->nactions[p]) {
            mpol_report_node *ts = mpol_report_section(types, NULL, NULL);
            int reached = r->marginal[ti] > 0.0;
            mpol_report_string(ts, tk[0], NULL, gg->player_names[p]);
            mpol_report_string(ts, tk[1], NULL, gg->type_names[ti]);
            mpol_report_number(ts, tk[2], NULL, r->marginal[ti], NULL);
            if (reached) {
                mpol_report_number(ts, tk[3], NULL, cli_snap(e->interim_value[ti], ta), NULL);
                mpol_report_number(ts, tk[4], NULL, cli_snap(e->interim_regret[ti], ta), NULL);
            } else {
                mpol_report_null(ts, tk[3], NULL);
                mpol_report_null(ts, tk[4], NULL);
            }
            mpol_report_node *tab =
                mpol_report_table(ts, tk[5], NULL, e->strategy_exact ? 3 : 2, sk, NULL);
            for (size_t a = 0; a < g->nactions[p]; a++) {
                mpol_report_row(tab);
                mpol_report_cell_string(tab, gg->action_names[ao + a]);
                mpol_report_cell_number(tab, cli_snap(e->strategy[o + a], tol), NULL);
                if (e->strategy_exact != NULL)
                    mpol_report_cell_string(tab, e->strategy_exact[o + a]);
            }
        }
    static const char *const ek[] = {"player", "payoff", "exact"};
    mpol_report_node *ex =
        mpol_report_table(eq, "ex_ante", NULL, e->ex_ante_exact ? 3 : 2, ek, NULL);
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_row(ex);
        mpol_report_cell_string(ex, gg->player_names[p]);
        mpol_report_cell_number(ex, cli_snap(e->ex_ante[p], ta), NULL);
        if (e->ex_ante_exact != NULL)
            mpol_report_cell_string(ex, e->ex_ante_exact[p]);
    }
}

static void add_csv(mpol_report_node *root, const mpol_bayes_game *gg, const mpol_bayes_result *r,
                    double tol)
{
    const mpol_bayes *g = &gg->game;
    static const char *const keys[] = {"equilibrium", "player", "type", "action", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 5, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    for (size_t k = 0; k < r->neq; k++)
        for (size_t p = 0, o = 0, ti = 0, ao = 0; p < g->nplayers; ao += g->nactions[p], p++)
            for (size_t ty = 0; ty < g->ntypes[p]; ty++, ti++, o += g->nactions[p])
                for (size_t a = 0; a < g->nactions[p]; a++) {
                    mpol_report_row(t);
                    mpol_report_cell_integer(t, (long long)k + 1);
                    mpol_report_cell_string(t, gg->player_names[p]);
                    mpol_report_cell_string(t, gg->type_names[ti]);
                    mpol_report_cell_string(t, gg->action_names[ao + a]);
                    mpol_report_cell_number(t, cli_snap(r->eq[k].strategy[o + a], tol), NULL);
                }
}

static void add_header(mpol_report_node *root, const mpol_bayes_game *gg,
                       const mpol_bayes_result *r)
{
    const mpol_bayes *g = &gg->game;
    const char *m = mpol_bayes_method_name(r->method);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, m), J);
    mpol_report_set_forms(mpol_report_bool(root, "complete", NULL, r->complete), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, r->exact), J);
    mpol_report_set_forms(mpol_report_integer(root, "count", NULL, (long long)r->neq), J);
    mpol_report_text(root, "Bayesian game (%zu players:", g->nplayers);
    for (size_t p = 0; p < g->nplayers; p++)
        mpol_report_text(root, "%s %s %zu type%s", p ? "," : "", gg->player_names[p], g->ntypes[p],
                         g->ntypes[p] == 1 ? "" : "s");
    const char *what = r->method == MPOL_BAYES_ENUMERATE ? "all extreme ones"
                       : r->method == MPOL_BAYES_PURE    ? "all pure ones"
                                                         : "not necessarily all";
    int lists = r->method == MPOL_BAYES_ENUMERATE || r->method == MPOL_BAYES_PURE;
    mpol_report_text(root, ")\nMethod: %s: %zu Bayes-Nash equilibri%s (%s%s)%s\n\n", m, r->neq,
                     r->neq == 1 ? "um" : "a", what,
                     lists && !r->complete ? ", search cut short" : "", r->exact ? ", exact" : "");
}

static void add_check(mpol_report_node *root, const mpol_bayes_result *r, double tol)
{
    double ta = r->tol_abs;
    mpol_report_text(root,
                     "Verification (every type's interim regret recomputed from the prior and "
                     "the payoffs%s):\n  largest interim regret %.3e; %s (tolerance %g "
                     "relative, %.3g absolute)\n",
                     r->exact ? ", and exactly in rationals" : "", cli_snap(r->max_regret, ta),
                     r->neq == 0   ? "NO EQUILIBRIUM"
                     : r->verified ? "VERIFIED"
                                   : "FAILED",
                     tol, ta);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_interim_regret", NULL, cli_snap(r->max_regret, ta), NULL);
    mpol_report_number(v, "max_error", NULL, cli_snap(r->max_error, ta), NULL);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "tolerance_absolute", NULL, ta, NULL);
}

static mpol_report *build_report(const mpol_model *model, const mpol_bayes_game *gg,
                                 const mpol_bayes_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    double ta = r->tol_abs;
    add_header(root, gg, r);
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, "equilibria", NULL), J);
    for (size_t k = 0; k < r->neq; k++) {
        add_eq_text(root, gg, r, k, tol, ta);
        add_eq_json(list, gg, r, k, tol, ta);
    }
    add_check(root, r, tol);
    add_csv(root, gg, r, tol);
    return rep;
}

int cli_solve_bayesian(mpol_model *model, const cli_solve_opts *o)
{
    mpol_bayes_opts bo;
    mpol_bayes_opts_init(&bo);
    bo.tol = o->tol;
    bo.exact = o->exact;
    if (o->method != NULL && mpol_bayes_method_parse(&bo.method, o->method) != MPOL_OK) {
        fprintf(stderr,
                "multipolar solve: bayesian models: unknown method '%s' (enumerate, pure, "
                "logit, tree)\n",
                o->method);
        return CLI_EXIT_USAGE;
    }
    mpol_bayes_game *g = NULL;
    mpol_bayes_result *r = NULL;
    mpol_status st = mpol_model_bayesian(&g, model);
    if (st == MPOL_OK)
        st = mpol_bayes_solve(&r, &g->game, &bo);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        char msg[1100];
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, g, r, bo.tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
        if (rc == CLI_EXIT_OK && r->neq == 0) {
            fprintf(stderr, "multipolar solve: no Bayes-Nash equilibrium found by method %s\n",
                    mpol_bayes_method_name(r->method));
            rc = CLI_EXIT_FAILURE;
        }
    }
    mpol_bayes_result_free(r);
    mpol_bayes_game_free(g);
    return rc;
}

mpol_status cli_check_bayesian(const mpol_model *model, mpol_report_node *node)
{
    mpol_bayes_game *g = NULL;
    mpol_status st = mpol_model_bayesian(&g, model);
    if (st == MPOL_OK) {
        const mpol_bayes *b = &g->game;
        size_t positive = 0;
        for (size_t k = 0; k < b->nprofiles; k++)
            positive += b->prior[k] > 0.0;
        mpol_report_set_forms(mpol_report_integer(node, "players", NULL, (long long)b->nplayers),
                              J);
        mpol_report_set_forms(
            mpol_report_integer(node, "type_profiles", NULL, (long long)b->nprofiles), J);
        mpol_report_set_forms(
            mpol_report_integer(node, "positive_type_profiles", NULL, (long long)positive), J);
        mpol_report_set_forms(
            mpol_report_integer(node, "action_profiles", NULL, (long long)b->ncells), J);
        mpol_report_set_forms(mpol_report_bool(node, "exact", NULL, b->payoff_exact != NULL), J);
        mpol_report_text(node,
                         "  players: %zu, type profiles: %zu (%zu of positive probability), "
                         "action profiles: %zu%s\n",
                         b->nplayers, b->nprofiles, positive, b->ncells,
                         b->payoff_exact != NULL ? ", exact" : "");
    }
    mpol_bayes_game_free(g);
    return st;
}
