/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for bayesian-stackelberg models: the
 * strong Stackelberg commitment against follower types with a prior, by the library's MILP
 * (mpol_stackelberg_bayes_solve), with each type's reply, payoff and the library's per-type
 * check (regret of the reply, the leader's payoff against the type). JSON schema
 * "multipolar/bayesian-stackelberg/1"; CSV: the commitment and each type's reply.
 */
#include <string.h>

#include "cli.h"
#include "multipolar/stackelberg.h"

static const unsigned J = MPOL_REPORT_JSON;

static void add_commitment(mpol_report_node *root, const mpol_bsg_game *g, const mpol_bsg_result *r,
                           double tol)
{
    mpol_report_text(root, "  commitment   %-12s", g->leader_name);
    for (size_t i = 0, first = 1; i < r->m; i++)
        if (cli_snap(r->commitment[i], tol) > 0) {
            mpol_report_text(root, "%s%s %.9g", first ? "" : ", ", g->leader_strategies[i],
                             r->commitment[i]);
            first = 0;
        }
    mpol_report_text(root, "\n\n");
    static const char *const keys[] = {"name", "probability"};
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, "commitment", NULL, 2, keys, NULL), J);
    for (size_t i = 0; i < r->m; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->leader_strategies[i]);
        mpol_report_cell_number(t, cli_snap(r->commitment[i], tol), NULL);
    }
}

static void add_types(mpol_report_node *root, const mpol_bsg_game *g, const mpol_bsg_result *r)
{
    static const char *const keys[] = {"type",          "prior",       "reply",
                                       "leader_payoff", "type_payoff", "regret"};
    static const char *const labels[] = {"type",          "prior",         "reply",
                                         "leader payoff", "type's payoff", "regret"};
    mpol_report_node *t = mpol_report_table(root, "types", NULL, 6, keys, labels);
    mpol_report_set_forms(t, MPOL_REPORT_TEXT | J);
    double ta = r->tol_abs;
    for (size_t k = 0; k < r->ntypes; k++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->type_names[k]);
        mpol_report_cell_number(t, g->prior[k], "%.6g");
        mpol_report_cell_string(t, g->follower_strategies[r->reply[k]]);
        mpol_report_cell_number(t, cli_snap(r->type_value[k], ta), "%.9g");
        mpol_report_cell_number(t, cli_snap(r->type_payoff[k], ta), "%.9g");
        mpol_report_cell_number(t, cli_snap(r->type_regret[k], ta), "%.3e");
    }
}

static void add_verification(mpol_report_node *root, const mpol_bsg_result *r, double tol)
{
    double ta = r->tol_abs, worst = 0.0;
    for (size_t k = 0; k < r->ntypes; k++)
        worst = worst > r->type_regret[k] ? worst : r->type_regret[k];
    mpol_report_text(root, "\n  leader value %.9g (MILP %.9g; %zu binaries)\n",
                     cli_snap(r->value, ta), cli_snap(r->milp_value, ta), r->binaries);
    mpol_report_set_forms(mpol_report_number(root, "value", NULL, cli_snap(r->value, ta), NULL), J);
    mpol_report_set_forms(mpol_report_integer(root, "binaries", NULL, (long long)r->binaries), J);
    mpol_report_text(root, "\nVerification (every type's regret and the leader's value "
                           "recomputed from the payoffs):\n");
    mpol_report_text(root,
                     "  largest type regret %.3e, leader value error %.3e; %s (tolerance %g "
                     "relative, %.3g absolute)\n",
                     cli_snap(worst, ta), cli_snap(r->value_error, ta),
                     r->verified ? "VERIFIED" : "FAILED", tol, ta);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_type_regret", NULL, cli_snap(worst, ta), NULL);
    mpol_report_number(v, "value_error", NULL, cli_snap(r->value_error, ta), NULL);
    mpol_report_number(v, "max_error", NULL, cli_snap(r->max_error, ta), NULL);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "tolerance_absolute", NULL, ta, NULL);
}

static void add_csv(mpol_report_node *root, const mpol_bsg_game *g, const mpol_bsg_result *r,
                    double tol)
{
    static const char *const keys[] = {"role", "name", "strategy", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t i = 0; i < r->m; i++) {
        mpol_report_row(t);
        mpol_report_cell_bare(t, "leader");
        mpol_report_cell_string(t, g->leader_name);
        mpol_report_cell_string(t, g->leader_strategies[i]);
        mpol_report_cell_number(t, cli_snap(r->commitment[i], tol), NULL);
    }
    for (size_t k = 0; k < r->ntypes; k++)
        for (size_t j = 0; j < r->n; j++) {
            mpol_report_row(t);
            mpol_report_cell_bare(t, "type");
            mpol_report_cell_string(t, g->type_names[k]);
            mpol_report_cell_string(t, g->follower_strategies[j]);
            mpol_report_cell_number(t, j == r->reply[k] ? 1.0 : 0.0, NULL);
        }
}

static mpol_report *build_report(const mpol_model *model, const mpol_bsg_game *g,
                                 const mpol_bsg_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, "milp"), J);
    mpol_report_set_forms(mpol_report_string(root, "leader", NULL, g->leader_name), J);
    mpol_report_set_forms(mpol_report_string(root, "follower", NULL, g->follower_name), J);
    mpol_report_text(root,
                     "Bayesian Stackelberg equilibrium (strong; one MILP over the %zu types of "
                     "%s)\nLeader: %s\n\n",
                     r->ntypes, g->follower_name, g->leader_name);
    add_commitment(root, g, r, tol);
    add_types(root, g, r);
    add_verification(root, r, tol);
    add_csv(root, g, r, tol);
    return rep;
}

int cli_solve_bayes_stackelberg(mpol_model *model, const cli_solve_opts *o)
{
    if (o->method != NULL && strcmp(o->method, "milp") != 0) {
        fprintf(stderr,
                "multipolar solve: bayesian-stackelberg models are solved by the MILP "
                "(--method milp, the default); not '%s'\n",
                o->method);
        return CLI_EXIT_USAGE;
    }
    mpol_stackelberg_opts so;
    mpol_stackelberg_opts_init(&so);
    so.tol = o->tol;
    mpol_bsg_game *g = NULL;
    mpol_bsg_result *r = NULL;
    mpol_status st = mpol_model_bsg(&g, model);
    if (st == MPOL_OK)
        st = mpol_stackelberg_bayes_solve(&r, &g->game, &so);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        char msg[1100];
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, g, r, so.tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
    }
    mpol_bsg_result_free(r);
    mpol_bsg_game_free(g);
    return rc;
}
