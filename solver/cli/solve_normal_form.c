/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reports of `multipolar solve` for n-player normal-form models:
 * all pure equilibria, then one mixed equilibrium by the logit homotopy (default), or every
 * equilibrium support enumeration finds (--all / --method support), or the replicator and
 * fictitious-play extras; each profile with each player's independently computed regret and
 * the library's verdict (mpol_nash_verify). The report is an mpol_report in the --format.
 * Printed probabilities below tol and payoffs and regrets below the verdict's absolute
 * tolerance (tol times the payoff scale) are printed as 0 (cli_snap), as in the zero-sum
 * report; the results and the verdict keep the computed numbers.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/nash.h"

static const unsigned J = MPOL_REPORT_JSON;

typedef enum nf_method {
    M_LOGIT,
    M_SIMPDIV,
    M_SUPPORT,
    M_PURE,
    M_REPLICATOR,
    M_FICTITIOUS
} nf_method;

/* The methods by name, each with the heading of its profiles (NULL: the pure ones only)
 * and whether it claims an equilibrium. */
static const struct {
    const char *name, *what;
    int equilibrium;
} methods[] = {
    [M_LOGIT] = {"logit",
                 "Logit homotopy (limit of quantal-response equilibria; simplicial subdivision "
                 "where it finds no certified equilibrium)",
                 1},
    [M_SIMPDIV] = {"simpdiv",
                   "Simplicial subdivision (Merrill's restart algorithm on the normal map)", 1},
    [M_SUPPORT] = {"support", "Support enumeration", 1},
    [M_PURE] = {"pure", NULL, 1},
    [M_REPLICATOR] = {"replicator",
                      "Replicator dynamics end point (not necessarily an equilibrium)", 0},
    [M_FICTITIOUS] = {"fictitious",
                      "Fictitious play empirical frequencies (not necessarily an equilibrium)", 0},
};

/* The profiles of @p r: text under the heading @p what, JSON as the list @p key; @p tol and
 * @p ta bound the probabilities and the payoffs and regrets printed as 0. */
static void add_profiles(mpol_report_node *root, const char *key, const char *what,
                         const mpol_game *g, const mpol_nash_result *r, double tol, double ta)
{
    static const char *const keys[] = {"name", "probability"};
    size_t n = g->nplayers;
    mpol_report_text(root, "%s: %zu profile%s\n", what, r->count, r->count == 1 ? "" : "s");
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, key, NULL), J);
    for (size_t e = 0; e < r->count; e++) {
        const double *pr = r->prob + e * r->nstrat_total;
        double mr = cli_snap(r->max_regret[e], ta);
        mpol_report_text(root, "  #%zu  max regret %.3e\n", e + 1, mr);
        mpol_report_node *prof = mpol_report_section(list, NULL, NULL);
        mpol_report_number(prof, "max_regret", NULL, mr, NULL);
        mpol_report_node *players = mpol_report_list(prof, "players", NULL);
        for (size_t p = 0; p < n; p++) {
            mpol_report_node *pl = mpol_report_section(players, NULL, NULL);
            mpol_report_string(pl, "name", NULL, g->player_names[p]);
            double pay = cli_snap(r->payoff[e * n + p], ta),
                   reg = cli_snap(r->regret[e * n + p], ta);
            mpol_report_number(pl, "payoff", NULL, pay, NULL);
            mpol_report_number(pl, "regret", NULL, reg, NULL);
            mpol_report_node *t = mpol_report_table(pl, "strategies", NULL, 2, keys, NULL);
            mpol_report_text(root, "    %-12s payoff %-12.9g ", g->player_names[p], pay);
            int first = 1;
            for (size_t k = 0; k < g->nstrategies[p]; k++) {
                double v = cli_snap(pr[r->offset[p] + k], tol);
                mpol_report_row(t);
                mpol_report_cell_string(t, g->strategy_names[p][k]);
                mpol_report_cell_number(t, v, NULL);
                if (v <= 1e-12)
                    continue;
                mpol_report_text(root, "%s%s %.9g", first ? "" : ", ", g->strategy_names[p][k], v);
                first = 0;
            }
            mpol_report_text(root, "   (regret %.2e)\n", reg);
        }
    }
}

/* CSV: every strategy's probability in every profile of the pure and the method's set. */
static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_nash_result *pure,
                    const mpol_nash_result *mixed, const char *method, double tol)
{
    static const char *const keys[] = {"set", "profile", "player", "strategy", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 5, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    const mpol_nash_result *sets[2] = {pure, mixed};
    const char *names[2] = {"pure", method};
    for (int s = 0; s < 2; s++)
        for (size_t e = 0; sets[s] != NULL && e < sets[s]->count; e++)
            for (size_t p = 0; p < g->nplayers; p++)
                for (size_t k = 0; k < g->nstrategies[p]; k++) {
                    mpol_report_row(t);
                    mpol_report_cell_bare(t, names[s]);
                    mpol_report_cell_integer(t, (long long)e + 1);
                    mpol_report_cell_string(t, g->player_names[p]);
                    mpol_report_cell_string(t, g->strategy_names[p][k]);
                    size_t at = e * sets[s]->nstrat_total + sets[s]->offset[p] + k;
                    mpol_report_cell_number(t, cli_snap(sets[s]->prob[at], tol), NULL);
                }
}

static mpol_report *build_report(const mpol_model *model, const mpol_game *g, nf_method m,
                                 const mpol_nash_result *pure, const mpol_nash_result *mixed,
                                 const mpol_nash_verdict *v, double tol)
{
    mpol_report *rep = cli_report_new(model);
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, methods[m].name), J);
    if (cli_decision_report(root, g, ""))
        mpol_report_text(root, "\n");
    add_profiles(root, "pure_equilibria", "Pure-strategy Nash equilibria (all)", g, pure, tol,
                 v->tol_abs);
    if (mixed != NULL) {
        mpol_report_text(root, "\n");
        add_profiles(root, "profiles", methods[m].what, g, mixed, tol, v->tol_abs);
    }
    mpol_report_text(root, "\nVerification (regrets recomputed from the payoff table):\n");
    double mr = isnan(v->max_error) ? v->max_error : cli_snap(v->max_error, v->tol_abs);
    mpol_report_text(root, "  largest regret %.3e; %s (tolerance %.3g absolute)\n", mr,
                     v->verified              ? "VERIFIED"
                     : methods[m].equilibrium ? "FAILED"
                                              : "not an equilibrium",
                     v->tol_abs);
    mpol_report_node *vn =
        mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(vn, "ok", NULL, v->verified);
    mpol_report_number(vn, "max_regret", NULL, mr, NULL);
    mpol_report_number(vn, "tolerance_absolute", NULL, v->tol_abs, NULL);
    add_csv(root, g, pure, mixed, methods[m].name, tol);
    return rep;
}

/* Runs method @p m (not pure) into *mixed. */
static mpol_status run_method(mpol_nash_result **mixed, const mpol_game *g, nf_method m, double tol)
{
    switch (m) {
    case M_LOGIT: {
        mpol_nash_logit_opts lo;
        mpol_nash_logit_opts_init(&lo);
        lo.regret_tol = tol;
        return mpol_nash_logit(mixed, g, &lo);
    }
    case M_SIMPDIV: {
        mpol_nash_simpdiv_opts so;
        mpol_nash_simpdiv_opts_init(&so);
        so.regret_tol = tol;
        return mpol_nash_simpdiv(mixed, g, &so);
    }
    case M_SUPPORT: {
        mpol_nash_support_opts so;
        mpol_nash_support_opts_init(&so);
        so.regret_tol = tol;
        return mpol_nash_support_enum(mixed, g, &so);
    }
    case M_REPLICATOR: {
        mpol_nash_replicator_opts ro;
        mpol_nash_replicator_opts_init(&ro);
        return mpol_nash_replicator(mixed, g, &ro);
    }
    case M_FICTITIOUS: {
        mpol_nash_fictitious_opts fo;
        mpol_nash_fictitious_opts_init(&fo);
        return mpol_nash_fictitious(mixed, g, &fo);
    }
    default:
        return MPOL_OK;
    }
}

/* The verdict on the pure and the method's profiles together (the extras' end points are
 * reported, not judged: their verdict is the pure profiles'). */
static mpol_status judge(mpol_nash_verdict *v, const mpol_game *g, nf_method m,
                         const mpol_nash_result *pure, const mpol_nash_result *mixed, double tol)
{
    double t0 = cli_now();
    mpol_status st = mpol_nash_verify(v, g, pure, tol);
    mpol_nash_verdict vm;
    if (st == MPOL_OK && mixed != NULL)
        st = mpol_nash_verify(&vm, g, mixed, tol);
    cli_timing_add(CLI_PHASE_VERIFY, cli_now() - t0);
    if (st != MPOL_OK || mixed == NULL)
        return st;
    if (methods[m].equilibrium)
        v->verified = v->verified && vm.verified;
    v->max_error = isnan(vm.max_error) ? vm.max_error : fmax(v->max_error, vm.max_error);
    return MPOL_OK;
}

int cli_solve_normal_form(mpol_model *model, const cli_solve_opts *o)
{
    const char *name = o->method != NULL ? o->method : (o->all ? "support" : "logit");
    size_t m = 0;
    while (m < sizeof methods / sizeof methods[0] && strcmp(name, methods[m].name) != 0)
        m++;
    if (m == sizeof methods / sizeof methods[0]) {
        fprintf(stderr,
                "multipolar solve: normal-form methods are logit (default), simpdiv, "
                "support, pure, replicator, fictitious; not '%s'\n",
                name);
        return CLI_EXIT_USAGE;
    }
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact applies to bimatrix games; "
                        "n-player equilibria are verified in floating point\n");
    mpol_game *g = NULL;
    mpol_nash_result *pure = NULL, *mixed = NULL;
    mpol_nash_verdict v;
    int rc;
    mpol_status st = mpol_model_game(&g, model);
    if (st == MPOL_OK)
        st = mpol_nash_pure(&pure, g, NULL);
    if (st == MPOL_OK)
        st = run_method(&mixed, g, (nf_method)m, o->tol);
    if (st == MPOL_OK)
        st = judge(&v, g, (nf_method)m, pure, mixed, o->tol);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    rc = cli_report_emit("solve", build_report(model, g, (nf_method)m, pure, mixed, &v, o->tol),
                         o->format);
    if (rc == CLI_EXIT_OK && !v.verified)
        rc = CLI_EXIT_FAILURE;
done:
    mpol_nash_result_free(pure);
    mpol_nash_result_free(mixed);
    mpol_game_free(g);
    return rc;
}
