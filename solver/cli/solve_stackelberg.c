/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve --method stackelberg`,
 * `stackelberg-pure` and `stackelberg-weak` on zero-sum, bimatrix and normal-form models:
 * the leader (--leader, default the first player), its commitment, the followers' pure
 * reply, every player's payoff, the LP counts and the library's independent check
 * (mpol_stackelberg_certify: follower regret, leader value recomputed). JSON schema
 * "multipolar/stackelberg/1" (docs/schema/stackelberg.json); CSV: one row per strategy of
 * the commitment and of each follower's reply.
 */
#include <string.h>

#include "cli.h"
#include "multipolar/stackelberg.h"

static const unsigned J = MPOL_REPORT_JSON;

static const char *const what[] = {
    [MPOL_STACKELBERG_STRONG] = "Strong Stackelberg equilibrium (mixed commitment, ties "
                                "broken for the leader; one LP per followers' profile)",
    [MPOL_STACKELBERG_PURE] = "Stackelberg equilibrium with pure commitment (ties broken for "
                              "the leader)",
    [MPOL_STACKELBERG_WEAK] = "Weak Stackelberg value (mixed commitment, ties broken against "
                              "the leader; the supremum over commitments)",
};

/* The commitment: text "a 0.5, b 0.5"; JSON a table of every strategy. */
static void add_commitment(mpol_report_node *root, const mpol_game *g,
                           const mpol_stackelberg_result *r, double tol)
{
    size_t L = r->leader;
    mpol_report_text(root, "  commitment   %-12s", g->player_names[L]);
    for (size_t k = 0, first = 1; k < g->nstrategies[L]; k++)
        if (cli_snap(r->commitment[k], tol) > 0) {
            mpol_report_text(root, "%s%s %.9g", first ? "" : ", ", g->strategy_names[L][k],
                             r->commitment[k]);
            first = 0;
        }
    mpol_report_text(root, "\n");
    static const char *const keys[] = {"name", "probability"};
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, "commitment", NULL, 2, keys, NULL), J);
    for (size_t k = 0; k < g->nstrategies[L]; k++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->strategy_names[L][k]);
        mpol_report_cell_number(t, cli_snap(r->commitment[k], tol), NULL);
    }
}

static void add_reply(mpol_report_node *root, const mpol_game *g, const mpol_stackelberg_result *r,
                      double ta)
{
    static const char *const keys[] = {"player", "strategy", "payoff"};
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, "reply", NULL, 3, keys, NULL), J);
    for (size_t p = 0; p < g->nplayers; p++) {
        if (p == r->leader)
            continue;
        mpol_report_text(root, "  reply        %-12s%s\n", g->player_names[p],
                         g->strategy_names[p][r->reply[p]]);
        mpol_report_row(t);
        mpol_report_cell_string(t, g->player_names[p]);
        mpol_report_cell_string(t, g->strategy_names[p][r->reply[p]]);
        mpol_report_cell_number(t, cli_snap(r->payoffs[p], ta), NULL);
    }
    mpol_report_text(root, "  payoffs      ");
    mpol_report_node *l =
        mpol_report_set_forms(mpol_report_list_inline(mpol_report_list(root, "payoffs", NULL)), J);
    for (size_t p = 0; p < g->nplayers; p++) {
        mpol_report_text(root, "%s%s %.9g", p ? ", " : "", g->player_names[p],
                         cli_snap(r->payoffs[p], ta));
        mpol_report_number(l, NULL, NULL, cli_snap(r->payoffs[p], ta), NULL);
    }
    mpol_report_text(root, "\n");
}

static void add_value(mpol_report_node *root, const mpol_stackelberg_result *r, double ta)
{
    mpol_report_text(root, "  leader value %.9g\n", cli_snap(r->value, ta));
    mpol_report_set_forms(mpol_report_number(root, "value", NULL, cli_snap(r->value, ta), NULL), J);
    if (r->method == MPOL_STACKELBERG_WEAK) {
        if (r->attained)
            mpol_report_text(root, "  attained     yes (every tied reply gives the leader the "
                                   "value)\n");
        else if (r->nplayers == 2)
            mpol_report_text(root,
                             "  attained     no: a supremum, approached by commitments near this "
                             "one where the reply is the unique best reply; here the worst tied "
                             "reply gives the leader %.9g\n",
                             cli_snap(r->pessimistic, ta));
        else
            mpol_report_text(root,
                             "  attained     no: a supremum, approached by commitments near this "
                             "one where the worse equilibria among the followers are not; here "
                             "the worst of them gives the leader %.9g\n",
                             cli_snap(r->pessimistic, ta));
        mpol_report_set_forms(mpol_report_bool(root, "attained", NULL, r->attained), J);
        mpol_report_set_forms(
            mpol_report_number(root, "pessimistic", NULL, cli_snap(r->pessimistic, ta), NULL), J);
    }
    if (r->method == MPOL_STACKELBERG_PURE)
        mpol_report_text(root,
                         "  search       %zu leader strategies x %zu followers' profiles (no "
                         "LP), %zu followers' equilibria\n",
                         r->nleader, r->profiles, r->inducible);
    else if (r->method == MPOL_STACKELBERG_WEAK && r->nplayers > 2)
        mpol_report_text(root,
                         "  MILP         %zu followers' profile%s, 1 MILP and %zu LPs solved, "
                         "%zu equilibria among the followers at the commitment\n",
                         r->profiles, r->profiles == 1 ? "" : "s",
                         r->lps_solved > 0 ? r->lps_solved - 1 : 0, r->inducible);
    else
        mpol_report_text(root,
                         "  LPs          %zu followers' profile%s, %zu solved, %zu feasible\n",
                         r->profiles, r->profiles == 1 ? "" : "s", r->lps_solved, r->inducible);
    mpol_report_node *s = mpol_report_set_forms(mpol_report_section(root, "lps", NULL), J);
    mpol_report_integer(s, "profiles", NULL, (long long)r->profiles);
    mpol_report_integer(s, "solved", NULL, (long long)r->lps_solved);
    mpol_report_integer(s, "feasible", NULL, (long long)r->inducible);
}

static void add_verification(mpol_report_node *root, const mpol_stackelberg_result *r, double tol)
{
    const mpol_stackelberg_cert *c = &r->cert;
    double ta = c->tol_abs;
    mpol_report_text(root, "\nVerification (follower regret and leader value recomputed from the "
                           "payoff table):\n");
    mpol_report_text(root,
                     "  follower regret %.3e, leader value error %.3e; %s (tolerance %g "
                     "relative, %.3g absolute)\n",
                     cli_snap(c->follower_regret, ta), cli_snap(c->value_error, ta),
                     r->verified ? "VERIFIED" : "FAILED", tol, ta);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "follower_regret", NULL, cli_snap(c->follower_regret, ta), NULL);
    mpol_report_number(v, "value_error", NULL, cli_snap(c->value_error, ta), NULL);
    mpol_report_number(v, "max_error", NULL, cli_snap(r->max_error, ta), NULL);
    mpol_report_number(v, "tolerance", NULL, tol, NULL);
    mpol_report_number(v, "tolerance_absolute", NULL, ta, NULL);
}

/* CSV: role, player, strategy, probability for the commitment and the reply. */
static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_stackelberg_result *r,
                    double tol)
{
    static const char *const keys[] = {"role", "player", "strategy", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t p = 0; p < g->nplayers; p++)
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            double pr = p == r->leader ? cli_snap(r->commitment[k], tol) : k == r->reply[p];
            mpol_report_row(t);
            mpol_report_cell_bare(t, p == r->leader ? "leader" : "follower");
            mpol_report_cell_string(t, g->player_names[p]);
            mpol_report_cell_string(t, g->strategy_names[p][k]);
            mpol_report_cell_number(t, pr, NULL);
        }
}

static mpol_report *build_report(const mpol_model *model, const mpol_game *g,
                                 const mpol_stackelberg_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_set_schema(rep, "multipolar/stackelberg/1");
    mpol_report_node *root = mpol_report_root(rep);
    double ta = r->cert.tol_abs;
    mpol_report_set_forms(
        mpol_report_string(root, "method", NULL, mpol_stackelberg_method_name(r->method)), J);
    mpol_report_set_forms(mpol_report_string(root, "leader", NULL, g->player_names[r->leader]), J);
    mpol_report_text(root, "%s\nLeader: %s\n\n", what[r->method], g->player_names[r->leader]);
    add_commitment(root, g, r, tol);
    add_reply(root, g, r, ta);
    add_value(root, r, ta);
    add_verification(root, r, tol);
    add_csv(root, g, r, tol);
    return rep;
}

int cli_solve_stackelberg(mpol_model *model, const cli_solve_opts *o)
{
    mpol_stackelberg_opts so;
    mpol_stackelberg_opts_init(&so);
    so.tol = o->tol;
    mpol_game *g = NULL;
    mpol_stackelberg_result *r = NULL;
    mpol_status st = mpol_stackelberg_method_parse(&so.method, o->method);
    if (st == MPOL_OK)
        st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        st = mpol_stackelberg_leader_parse(&so.leader, g, o->args.leader);
    if (st == MPOL_OK)
        st = mpol_stackelberg_solve(&r, g, &so);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        char msg[1100];
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, g, r, so.tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
    }
    mpol_stackelberg_result_free(r);
    mpol_game_free(g);
    return rc;
}
