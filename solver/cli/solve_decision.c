/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the decision-problem line of the normal-form reports (`solve`,
 * `check`): for a one-player game, the optimal value and every optimal choice, as the
 * library finds them from the payoff table alone (mpol_nash_decision_choices: a maximum
 * over the cells, exact rationals compared exactly), independently of the equilibrium
 * solvers, whose pure equilibria of a one-player game are exactly these choices.
 */
#include <stdlib.h>

#include "cli.h"
#include "multipolar/nash.h"

int cli_decision_report(mpol_report_node *parent, const mpol_game *g, const char *indent)
{
    if (g->nplayers != 1)
        return 0;
    size_t n = 0, *opt = malloc(g->ncells * sizeof *opt);
    if (opt == NULL || mpol_nash_decision_choices(opt, &n, g) != MPOL_OK) {
        free(opt); /* the line is left out */
        return 0;
    }
    size_t best = opt[0];
    char frac[64] = "";
    if (g->exact != NULL && g->exact[best].den != 1)
        snprintf(frac, sizeof frac, " = %lld/%lld", (long long)g->exact[best].num,
                 (long long)g->exact[best].den);
    mpol_report_text(
        parent,
        "%sDecision problem (one player): optimal value %.10g%s, at %zu of %zu choice%s:", indent,
        g->payoff[best], frac, n, g->ncells, g->ncells == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        mpol_report_text(parent, "%s%s", i == 0 ? " " : ", ", g->strategy_names[0][opt[i]]);
    mpol_report_text(parent, "\n");
    mpol_report_node *d = mpol_report_section(parent, "decision_problem", NULL);
    mpol_report_set_forms(d, MPOL_REPORT_JSON);
    mpol_report_number(d, "optimal_value", NULL, g->payoff[best], NULL);
    mpol_report_node *choices = mpol_report_list(d, "optimal_choices", NULL);
    for (size_t i = 0; i < n; i++)
        mpol_report_string(choices, NULL, NULL, g->strategy_names[0][opt[i]]);
    free(opt);
    return 1;
}
