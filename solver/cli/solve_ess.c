/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report of `multipolar solve --method ess` on symmetric two-player
 * games (schema multipolar/ess/1): every evolutionarily stable strategy with its payoff,
 * support, best replies, regret and second-order margin (mpol_ess_game()). */
#include <math.h>

#include "cli.h"
#include "multipolar/bargaining.h"

static const unsigned J = MPOL_REPORT_JSON, T = MPOL_REPORT_TEXT;

/* One ESS: text line per strategy in the support, JSON object. */
static void add_ess(mpol_report_node *list, const mpol_game *g, const mpol_ess *e, size_t idx,
                    double tol)
{
    char label[64];
    snprintf(label, sizeof label, "ESS %zu:", idx + 1);
    mpol_report_node *s = mpol_report_section(list, NULL, label);
    static const char *const keys[] = {"strategy", "probability"};
    mpol_report_node *t = mpol_report_table(s, "strategy", NULL, 2, keys, NULL);
    for (size_t k = 0; k < g->nstrategies[0]; k++) {
        if (!(e->x[k] > tol))
            continue;
        mpol_report_row(t);
        mpol_report_cell_string(t, g->strategy_names[0][k]);
        mpol_report_cell_number(t, e->x[k], "%.9f");
    }
    mpol_report_number(s, "payoff", "payoff x.Ax", e->payoff, "%.9g");
    mpol_report_integer(s, "support", "support size", (long long)e->support);
    mpol_report_integer(s, "best_replies", "pure best replies", (long long)e->best_replies);
    mpol_report_number(s, "regret", "regret", e->regret, "%.3e");
    if (isinf(e->margin))
        mpol_report_set_forms(
            mpol_report_string(s, NULL, "second-order margin", "none (strict equilibrium)"), T);
    else
        mpol_report_set_forms(mpol_report_number(s, NULL, "second-order margin (max z.Az, |z| = 1)",
                                                 e->margin, "%.6g"),
                              T);
    mpol_report_set_forms(mpol_report_number(s, "margin", NULL, e->margin, NULL), J);
    if (e->x_exact == NULL)
        return;
    static const char *const verdicts[] = {"refuted",
                                           "undecided (more than two extra best "
                                           "replies)",
                                           "confirmed"};
    mpol_report_string(s, "exact", "exact check", verdicts[e->exact + 1]);
    mpol_report_node *l = mpol_report_list(s, "probability_exact", NULL);
    mpol_report_set_forms(mpol_report_list_inline(l), J);
    char line[1024];
    size_t len = 0;
    line[0] = '\0';
    for (size_t k = 0; k < g->nstrategies[0]; k++) {
        mpol_report_string(l, NULL, NULL, e->x_exact[k]);
        int w = len < sizeof line
                    ? snprintf(line + len, sizeof line - len, "%s%s", k ? ", " : "", e->x_exact[k])
                    : 0;
        len += w > 0 ? (size_t)w : 0;
    }
    mpol_report_set_forms(mpol_report_string(s, NULL, "exact probabilities", line), T);
}

/* The CSV form: one row per ESS and strategy. */
static void add_csv(mpol_report_node *root, const mpol_game *g, const mpol_ess_result *r)
{
    static const char *const keys[] = {"ess", "strategy", "probability"};
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, 3, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    for (size_t e = 0; e < r->count; e++)
        for (size_t k = 0; k < r->m; k++) {
            mpol_report_row(t);
            mpol_report_cell_integer(t, (long long)e + 1);
            mpol_report_cell_string(t, g->strategy_names[0][k]);
            mpol_report_cell_number(t, r->ess[e].x[k], NULL);
        }
}

static mpol_report *build(const mpol_model *model, const mpol_game *g, const mpol_ess_result *r,
                          double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_set_schema(rep, "multipolar/ess/1");
    mpol_report_node *root = mpol_report_root(rep);
    mpol_report_string(root, "method", "method", "ess");
    mpol_report_integer(root, "strategies", "strategies", (long long)r->m);
    mpol_report_integer(root, "supports", "supports tried", (long long)r->supports);
    mpol_report_integer(root, "equilibria", "isolated symmetric equilibria found",
                        (long long)r->equilibria);
    mpol_report_integer(root, "count", "evolutionarily stable strategies", (long long)r->count);
    mpol_report_node *l = mpol_report_list(root, "ess", NULL);
    for (size_t e = 0; e < r->count; e++)
        add_ess(l, g, &r->ess[e], e, tol);
    add_csv(root, g, r);
    mpol_report_node *v =
        mpol_report_section(root, "verification", "Verification (every ESS recomputed):");
    mpol_report_set_forms(mpol_report_bool(v, "ok", NULL, r->verified), J);
    mpol_report_set_forms(mpol_report_number(v, "max_error", NULL, r->max_error, NULL), J);
    mpol_report_set_forms(mpol_report_number(v, "tolerance", NULL, r->tol_abs, NULL), J);
    mpol_report_check(v, "regret", "largest regret (symmetric equilibrium)",
                      r->verified ? MPOL_REPORT_PASS : MPOL_REPORT_FAIL, r->max_error, r->tol_abs);
    mpol_report_set_forms(mpol_report_string(v, NULL, NULL, r->verified ? "VERIFIED" : "FAILED"),
                          T);
    return rep;
}

int cli_solve_ess(mpol_model *model, const cli_solve_opts *opts)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_model_game(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    mpol_ess_result *r = NULL;
    st = mpol_ess_game(&r, g, opts->tol);
    if (st == MPOL_OK && opts->exact)
        st = mpol_ess_exact(r, g);
    int rc;
    if (r == NULL) {
        rc = cli_fail("solve", st);
    } else {
        rc = cli_report_emit("solve", build(model, g, r, opts->tol), opts->format);
        if (rc == CLI_EXIT_OK && st != MPOL_OK)
            rc = cli_fail("solve", st);
    }
    mpol_ess_result_free(r);
    mpol_game_free(g);
    return rc;
}
