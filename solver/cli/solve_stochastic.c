/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for stochastic models: zero-sum games'
 * values and stationary optimal strategies (Shapley's value iteration finished by
 * Hoffman-Karp, or either alone with --method), general-sum games' stationary Markov perfect
 * equilibrium (fictitious play + Newton polish) or NOT FOUND, with the library's check per
 * state (mpol_sg_zs_verify: stage duality gap and Bellman residual; mpol_sg_verify: each
 * player's regret). JSON schema "multipolar/stochastic/1"; CSV: state, player, action,
 * probability.
 */
#include <string.h>

#include "cli.h"
#include "multipolar/stochastic.h"

static const unsigned J = MPOL_REPORT_JSON;

/* "a 0.5, b 0.5" for player p's strategy in state s (support only). */
static void strategy_text(char *buf, size_t size, const mpol_sg_game *gg, const double *x, size_t s,
                          size_t p, double tol)
{
    const mpol_sg *g = &gg->game;
    size_t off = mpol_sg_strategy_offset(g, s, p), na = g->nactions[s * g->nplayers + p], len = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < na && len < size; a++)
        if (cli_snap(x[off + a], tol) > 0)
            len += (size_t)snprintf(buf + len, size - len, "%s%s %.9g", len ? ", " : "",
                                    gg->action_names[off + a], x[off + a]);
}

static void add_states_text(mpol_report_node *root, const mpol_sg_game *gg, const mpol_sg_result *r,
                            double tol, double ta)
{
    const mpol_sg *g = &gg->game;
    char buf[512];
    for (size_t s = 0; s < g->nstates; s++) {
        mpol_report_text(root, "  %s\n", gg->state_names[s]);
        for (size_t p = 0; p < g->nplayers; p++) {
            strategy_text(buf, sizeof buf, gg, r->strategy, s, p, tol);
            mpol_report_text(root, "    %-14s value %-14.10g %s\n", gg->player_names[p],
                             cli_snap(r->value[s * g->nplayers + p], ta), buf);
        }
    }
}

static void add_states_json(mpol_report_node *root, const mpol_sg_game *gg, const mpol_sg_result *r,
                            double tol, double ta)
{
    const mpol_sg *g = &gg->game;
    static const char *const keys[] = {"action", "probability"};
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, "states", NULL), J);
    for (size_t s = 0; s < g->nstates; s++) {
        mpol_report_node *st = mpol_report_section(list, NULL, NULL);
        mpol_report_string(st, "name", NULL, gg->state_names[s]);
        mpol_report_node *pl = mpol_report_list(st, "players", NULL);
        for (size_t p = 0; p < g->nplayers; p++) {
            mpol_report_node *ps = mpol_report_section(pl, NULL, NULL);
            mpol_report_string(ps, "name", NULL, gg->player_names[p]);
            mpol_report_number(ps, "value", NULL, cli_snap(r->value[s * g->nplayers + p], ta),
                               NULL);
            mpol_report_node *t = mpol_report_table(ps, "strategy", NULL, 2, keys, NULL);
            size_t off = mpol_sg_strategy_offset(g, s, p);
            for (size_t a = 0; a < g->nactions[s * g->nplayers + p]; a++) {
                mpol_report_row(t);
                mpol_report_cell_string(t, gg->action_names[off + a]);
                mpol_report_cell_number(t, cli_snap(r->strategy[off + a], tol), NULL);
            }
        }
    }
}

static void add_check(mpol_report_node *root, const mpol_sg_game *gg, const mpol_sg_result *r,
                      double ta)
{
    const mpol_sg_check *c = r->check;
    const mpol_sg *g = &gg->game;
    /* The zero-sum check has gaps and residuals; fictitious play checks a zero-sum game by
     * regrets like a general-sum one. */
    int zs = c->gap != NULL;
    mpol_report_text(root, "\nVerification (%s, recomputed from the payoffs per state):\n",
                     zs ? "stage duality gap with the values as continuation + Bellman "
                          "residual"
                        : "each player's one-shot deviation regret against the profile's "
                          "values, solved exactly");
    static const char *const zk[] = {"state", "gap", "residual", "error"};
    static const char *const gk[] = {"state", "error"};
    static const char *const gl[] = {"state", "largest regret"};
    mpol_report_node *t =
        mpol_report_table(root, "per_state", NULL, zs ? 4 : 2, zs ? zk : gk, zs ? zk : gl);
    mpol_report_set_forms(t, MPOL_REPORT_TEXT | J);
    for (size_t s = 0; s < g->nstates; s++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, gg->state_names[s]);
        if (zs) {
            mpol_report_cell_number(t, cli_snap(c->gap[s], ta), "%.3e");
            mpol_report_cell_number(t, cli_snap(c->residual[s], ta), "%.3e");
        }
        mpol_report_cell_number(t, cli_snap(c->error[s], ta), "%.3e");
    }
    mpol_report_text(root,
                     "  largest error %.3e, bound %.3e (error / (1 - beta)); %s (tolerance %g "
                     "relative to the value range %.6g)\n",
                     cli_snap(c->max_error, ta), cli_snap(c->bound, ta),
                     r->verified ? "VERIFIED"
                     : r->found  ? "FAILED"
                                 : "NOT FOUND",
                     c->tol, c->scale);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_error", NULL, cli_snap(c->max_error, ta), NULL);
    mpol_report_number(v, "bound", NULL, cli_snap(c->bound, ta), NULL);
    mpol_report_number(v, "scale", NULL, c->scale, NULL);
    mpol_report_number(v, "tolerance", NULL, c->tol, NULL);
}

static void add_csv(mpol_report_node *root, const mpol_sg_game *gg, const mpol_sg_result *r,
                    double tol)
{
    const mpol_sg *g = &gg->game;
    static const char *const keys[] = {"state", "player", "action", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    for (size_t s = 0; s < g->nstates; s++)
        for (size_t p = 0; p < g->nplayers; p++) {
            size_t off = mpol_sg_strategy_offset(g, s, p);
            for (size_t a = 0; a < g->nactions[s * g->nplayers + p]; a++) {
                mpol_report_row(t);
                mpol_report_cell_string(t, gg->state_names[s]);
                mpol_report_cell_string(t, gg->player_names[p]);
                mpol_report_cell_string(t, gg->action_names[off + a]);
                mpol_report_cell_number(t, cli_snap(r->strategy[off + a], tol), NULL);
            }
        }
}

static void add_header(mpol_report_node *root, const mpol_sg *g, const mpol_sg_result *r)
{
    const char *m = mpol_sg_method_name(r->method);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, m), J);
    mpol_report_set_forms(mpol_report_bool(root, "zero_sum", NULL, g->zero_sum), J);
    mpol_report_set_forms(mpol_report_number(root, "discount", NULL, g->discount, NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "beta", NULL, r->beta, NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "found", NULL, r->found), J);
    mpol_report_node *it = mpol_report_set_forms(mpol_report_section(root, "work", NULL), J);
    mpol_report_integer(it, "value_iterations", NULL, (long long)r->vi_iterations);
    mpol_report_number(it, "value_iteration_bound", NULL, r->vi_bound, NULL);
    mpol_report_integer(it, "policy_iterations", NULL, (long long)r->pi_iterations);
    mpol_report_integer(it, "fictitious_play_rounds", NULL, (long long)r->fp_iterations);
    mpol_report_integer(it, "stage_solves", NULL, (long long)r->stage_solves);
    mpol_report_integer(it, "warm_hits", NULL, (long long)r->warm_hits);
    mpol_report_text(root,
                     "Stochastic game (%s, %zu states, %zu players; discount %g, "
                     "contraction factor %g)\n",
                     g->zero_sum ? "zero-sum" : "general-sum", g->nstates, g->nplayers, g->discount,
                     r->beta);
    if (r->method != MPOL_SG_FICTITIOUS)
        mpol_report_text(root,
                         "Method: %s (value iteration %zu sweeps, bound %.3g; "
                         "Hoffman-Karp %zu rounds; %zu stage games, %zu warm-started)\n\n",
                         m, r->vi_iterations, r->vi_bound, r->pi_iterations, r->stage_solves,
                         r->warm_hits);
    else
        mpol_report_text(root, "Method: %s (%zu fictitious-play rounds): %s\n\n", m,
                         r->fp_iterations,
                         r->found ? "stationary Markov perfect equilibrium"
                                  : "NOT FOUND (the last iterate below is no equilibrium)");
}

static mpol_report *build_report(const mpol_model *model, const mpol_sg_game *gg,
                                 const mpol_sg_result *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    double ta = tol * r->check->scale;
    add_header(root, &gg->game, r);
    add_states_text(root, gg, r, tol, ta);
    add_states_json(root, gg, r, tol, ta);
    add_check(root, gg, r, ta);
    add_csv(root, gg, r, tol);
    return rep;
}

int cli_solve_stochastic(mpol_model *model, const cli_solve_opts *o)
{
    mpol_sg_opts so;
    mpol_sg_opts_init(&so);
    so.tol = o->tol;
    /* The library's message lists its method names ("unknown method 'x' (auto, ...)"). */
    if (o->method != NULL && mpol_sg_method_parse(&so.method, o->method) != MPOL_OK)
        return cli_fail("solve", MPOL_EINVAL);
    mpol_sg_game *g = NULL;
    mpol_sg_result *r = NULL;
    mpol_status st = mpol_model_stochastic(&g, model);
    if (st == MPOL_OK)
        st = mpol_sg_solve(&r, &g->game, &so);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        char msg[1100];
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, g, r, so.tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
    }
    mpol_sg_result_free(r);
    mpol_sg_game_free(g);
    return rc;
}

mpol_status cli_check_stochastic(const mpol_model *model, mpol_report_node *node)
{
    mpol_sg_game *g = NULL;
    mpol_status st = mpol_model_stochastic(&g, model);
    double beta = 0.0;
    if (st == MPOL_OK)
        st = mpol_sg_validate(&g->game, &beta);
    if (st == MPOL_OK) {
        const mpol_sg *s = &g->game;
        mpol_report_set_forms(mpol_report_integer(node, "players", NULL, (long long)s->nplayers),
                              J);
        mpol_report_set_forms(mpol_report_integer(node, "states", NULL, (long long)s->nstates), J);
        mpol_report_set_forms(
            mpol_report_integer(node, "profiles", NULL, (long long)s->offset[s->nstates]), J);
        mpol_report_set_forms(mpol_report_bool(node, "zero_sum", NULL, s->zero_sum), J);
        mpol_report_set_forms(mpol_report_number(node, "beta", NULL, beta, NULL), J);
        mpol_report_text(node,
                         "  players: %zu, states: %zu, profiles: %zu, %s, contraction "
                         "factor %g\n",
                         s->nplayers, s->nstates, s->offset[s->nstates],
                         s->zero_sum ? "zero-sum" : "general-sum", beta);
    }
    mpol_sg_game_free(g);
    return st;
}
