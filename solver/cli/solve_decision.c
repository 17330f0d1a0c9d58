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

/* The optimal choices of @p g into a new array (free it), their number into *k; NULL when
 * the game is not a decision problem or memory runs out (the report line is left out). */
static size_t *decision_choices(const mpol_game *g, size_t *k)
{
    if (g->nplayers != 1)
        return NULL;
    size_t *opt = malloc(g->ncells * sizeof *opt);
    if (opt != NULL && mpol_nash_decision_choices(opt, k, g) != MPOL_OK) {
        free(opt);
        opt = NULL;
    }
    return opt;
}

int cli_decision_text(FILE *out, const mpol_game *g, const char *indent)
{
    size_t n = 0, *opt = decision_choices(g, &n);
    if (opt == NULL)
        return 0;
    size_t best = opt[0];
    fprintf(out, "%sDecision problem (one player): optimal value %.10g", indent, g->payoff[best]);
    if (g->exact != NULL && g->exact[best].den != 1)
        fprintf(out, " = %lld/%lld", (long long)g->exact[best].num, (long long)g->exact[best].den);
    fprintf(out, ", at %zu of %zu choice%s:", n, g->ncells, g->ncells == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i == 0 ? " " : ", ", g->strategy_names[0][opt[i]]);
    fprintf(out, "\n");
    free(opt);
    return 1;
}

void cli_decision_json(json_writer *w, const mpol_game *g)
{
    size_t n = 0, *opt = decision_choices(g, &n);
    if (opt == NULL)
        return;
    json_key(w, "decision_problem");
    json_object_begin(w);
    json_kv_number(w, "optimal_value", g->payoff[opt[0]]);
    json_key(w, "optimal_choices");
    json_array_begin(w);
    for (size_t i = 0; i < n; i++)
        json_string(w, g->strategy_names[0][opt[i]]);
    json_array_end(w);
    json_object_end(w);
    free(opt);
}
