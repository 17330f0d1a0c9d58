/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reports of `multipolar solve` for n-player normal-form models:
 * all pure equilibria, then one mixed equilibrium by the logit homotopy (default), or every
 * equilibrium support enumeration finds (--all / --method support), or the replicator and
 * fictitious-play extras; each profile with each player's independently computed regret.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/nash.h"

static void text_profiles(FILE *out, const mpol_game *g, const mpol_nash_result *r,
                          const char *what)
{
    fprintf(out, "%s: %zu profile%s\n", what, r->count, r->count == 1 ? "" : "s");
    for (size_t e = 0; e < r->count; e++) {
        const double *pr = r->prob + e * r->nstrat_total;
        fprintf(out, "  #%zu  max regret %.3e\n", e + 1, r->max_regret[e]);
        for (size_t p = 0; p < g->nplayers; p++) {
            fprintf(out, "    %-12s payoff %-12.9g ", g->player_names[p],
                    r->payoff[e * g->nplayers + p]);
            int first = 1;
            for (size_t k = 0; k < g->nstrategies[p]; k++) {
                double v = pr[r->offset[p] + k];
                if (v <= 1e-12)
                    continue;
                fprintf(out, "%s%s %.9g", first ? "" : ", ", g->strategy_names[p][k], v);
                first = 0;
            }
            fprintf(out, "   (regret %.2e)\n", r->regret[e * g->nplayers + p]);
        }
    }
}

static void json_profiles(json_writer *w, const mpol_game *g, const mpol_nash_result *r)
{
    json_array_begin(w);
    for (size_t e = 0; e < r->count; e++) {
        const double *pr = r->prob + e * r->nstrat_total;
        json_object_begin(w);
        json_kv_number(w, "max_regret", r->max_regret[e]);
        json_key(w, "players");
        json_array_begin(w);
        for (size_t p = 0; p < g->nplayers; p++) {
            json_object_begin(w);
            json_kv_string(w, "name", g->player_names[p]);
            json_kv_number(w, "payoff", r->payoff[e * g->nplayers + p]);
            json_kv_number(w, "regret", r->regret[e * g->nplayers + p]);
            json_key(w, "strategies");
            json_array_begin(w);
            for (size_t k = 0; k < g->nstrategies[p]; k++) {
                json_object_begin(w);
                json_kv_string(w, "name", g->strategy_names[p][k]);
                json_kv_number(w, "probability", pr[r->offset[p] + k]);
                json_object_end(w);
            }
            json_array_end(w);
            json_object_end(w);
        }
        json_array_end(w);
        json_object_end(w);
    }
    json_array_end(w);
}

static double worst(const mpol_nash_result *r)
{
    double m = 0;
    for (size_t e = 0; e < r->count; e++)
        m = fmax(m, r->max_regret[e]);
    return m;
}

int cli_solve_normal_form(mpol_model *model, const cli_solve_opts *o)
{
    const char *method = o->method != NULL ? o->method : (o->all ? "support" : "logit");
    enum { M_LOGIT, M_SIMPDIV, M_SUPPORT, M_PURE, M_REPLICATOR, M_FICTITIOUS } m;
    if (strcmp(method, "logit") == 0)
        m = M_LOGIT;
    else if (strcmp(method, "simpdiv") == 0)
        m = M_SIMPDIV;
    else if (strcmp(method, "support") == 0)
        m = M_SUPPORT;
    else if (strcmp(method, "pure") == 0)
        m = M_PURE;
    else if (strcmp(method, "replicator") == 0)
        m = M_REPLICATOR;
    else if (strcmp(method, "fictitious") == 0)
        m = M_FICTITIOUS;
    else {
        fprintf(stderr,
                "multipolar solve: normal-form methods are logit (default), simpdiv, "
                "support, pure, replicator, fictitious; not '%s'\n",
                method);
        return CLI_EXIT_USAGE;
    }
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact applies to bimatrix games; "
                        "n-player equilibria are verified in floating point\n");
    mpol_game *g = NULL;
    mpol_nash_result *pure = NULL, *mixed = NULL;
    int rc;
    mpol_status st = mpol_model_game(&g, model);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    mpol_nash_pure_opts po;
    mpol_nash_pure_opts_init(&po);
    if ((st = mpol_nash_pure(&pure, g, &po)) != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    const char *what = NULL;
    switch (m) {
    case M_LOGIT: {
        mpol_nash_logit_opts lo;
        mpol_nash_logit_opts_init(&lo);
        lo.regret_tol = o->tol;
        st = mpol_nash_logit(&mixed, g, &lo);
        what = "Logit homotopy (limit of quantal-response equilibria; simplicial subdivision "
               "where it finds no certified equilibrium)";
        break;
    }
    case M_SIMPDIV: {
        mpol_nash_simpdiv_opts sdo;
        mpol_nash_simpdiv_opts_init(&sdo);
        sdo.regret_tol = o->tol;
        st = mpol_nash_simpdiv(&mixed, g, &sdo);
        what = "Simplicial subdivision (Merrill's restart algorithm on the normal map)";
        break;
    }
    case M_SUPPORT: {
        mpol_nash_support_opts so;
        mpol_nash_support_opts_init(&so);
        so.regret_tol = o->tol;
        st = mpol_nash_support_enum(&mixed, g, &so);
        what = "Support enumeration";
        break;
    }
    case M_REPLICATOR: {
        mpol_nash_replicator_opts ro;
        mpol_nash_replicator_opts_init(&ro);
        st = mpol_nash_replicator(&mixed, g, &ro);
        what = "Replicator dynamics end point (not necessarily an equilibrium)";
        break;
    }
    case M_FICTITIOUS: {
        mpol_nash_fictitious_opts fo;
        mpol_nash_fictitious_opts_init(&fo);
        st = mpol_nash_fictitious(&mixed, g, &fo);
        what = "Fictitious play empirical frequencies (not necessarily an equilibrium)";
        break;
    }
    case M_PURE:
        break;
    }
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    double tol_abs = o->tol;
    {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
            lo = fmin(lo, g->payoff[i]);
            hi = fmax(hi, g->payoff[i]);
        }
        tol_abs = o->tol * fmax(1.0, hi - lo);
    }
    int is_eq_method = m == M_LOGIT || m == M_SIMPDIV || m == M_SUPPORT || m == M_PURE;
    double wr = fmax(worst(pure), mixed != NULL ? worst(mixed) : 0.0);
    int ok = is_eq_method ? wr <= tol_abs : worst(pure) <= tol_abs;
    if (o->format == CLI_FORMAT_JSON) {
        json_writer w;
        json_init(&w, stdout);
        json_object_begin(&w);
        cli_json_header(&w, model);
        json_kv_string(&w, "method", method);
        cli_decision_json(&w, g);
        json_key(&w, "pure_equilibria");
        json_profiles(&w, g, pure);
        if (mixed != NULL) {
            json_key(&w, "profiles");
            json_profiles(&w, g, mixed);
        }
        json_key(&w, "verification");
        json_object_begin(&w);
        json_kv_bool(&w, "ok", ok);
        json_kv_number(&w, "max_regret", wr);
        json_kv_number(&w, "tolerance_absolute", tol_abs);
        json_object_end(&w);
        json_object_end(&w);
        json_finish(&w);
    } else if (o->format == CLI_FORMAT_CSV) {
        printf("set,profile,player,strategy,probability\n");
        const mpol_nash_result *sets[2] = {pure, mixed};
        const char *names[2] = {"pure", method};
        for (int s = 0; s < 2; s++)
            for (size_t e = 0; sets[s] != NULL && e < sets[s]->count; e++)
                for (size_t p = 0; p < g->nplayers; p++)
                    for (size_t k = 0; k < g->nstrategies[p]; k++)
                        printf("%s,%zu,\"%s\",\"%s\",%.17g\n", names[s], e + 1, g->player_names[p],
                               g->strategy_names[p][k],
                               sets[s]->prob[e * sets[s]->nstrat_total + sets[s]->offset[p] + k]);
    } else {
        cli_text_header(stdout, model);
        if (cli_decision_text(stdout, g, ""))
            fprintf(stdout, "\n");
        text_profiles(stdout, g, pure, "Pure-strategy Nash equilibria (all)");
        if (mixed != NULL) {
            fprintf(stdout, "\n");
            text_profiles(stdout, g, mixed, what);
        }
        fprintf(stdout, "\nVerification (regrets recomputed from the payoff table):\n");
        fprintf(stdout, "  largest regret %.3e; %s (tolerance %.3g absolute)\n", wr,
                ok ? "VERIFIED" : (is_eq_method ? "FAILED" : "not an equilibrium"), tol_abs);
    }
    rc = ok ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
done:
    mpol_nash_result_free(pure);
    mpol_nash_result_free(mixed);
    mpol_game_free(g);
    return rc;
}
