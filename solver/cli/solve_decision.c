/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the decision-problem line of the normal-form reports (`solve`,
 * `check`): for a one-player game, the optimal value and every optimal choice, found here
 * from the payoff table alone (a maximum over the cells; exact rationals compared by 128-bit
 * cross products when the game has them), independently of the equilibrium solvers, whose
 * pure equilibria of a one-player game are exactly these choices.
 */
#include "cli.h"

__extension__ typedef __int128 dec_i128;

/* -1, 0, 1 as payoff a < b, a == b, a > b (cells of a one-player game). */
static int cmp_cells(const mpol_game *g, size_t a, size_t b)
{
    if (g->exact != NULL) {
        dec_i128 l = (dec_i128)g->exact[a].num * g->exact[b].den;
        dec_i128 r = (dec_i128)g->exact[b].num * g->exact[a].den;
        return (l > r) - (l < r);
    }
    return (g->payoff[a] > g->payoff[b]) - (g->payoff[a] < g->payoff[b]);
}

/* The first optimal cell; *count (if not NULL) the number of optimal cells. */
static size_t best_cell(const mpol_game *g, size_t *count)
{
    size_t best = 0, n = 1;
    for (size_t c = 1; c < g->ncells; c++) {
        int s = cmp_cells(g, c, best);
        if (s > 0) {
            best = c;
            n = 1;
        } else if (s == 0) {
            n++;
        }
    }
    if (count != NULL)
        *count = n;
    return best;
}

int cli_decision_text(FILE *out, const mpol_game *g, const char *indent)
{
    if (g->nplayers != 1)
        return 0;
    size_t n, best = best_cell(g, &n);
    fprintf(out, "%sDecision problem (one player): optimal value %.10g", indent, g->payoff[best]);
    if (g->exact != NULL && g->exact[best].den != 1)
        fprintf(out, " = %lld/%lld", (long long)g->exact[best].num, (long long)g->exact[best].den);
    fprintf(out, ", at %zu of %zu choice%s:", n, g->ncells, g->ncells == 1 ? "" : "s");
    const char *sep = " ";
    for (size_t c = best; c < g->ncells; c++) {
        if (cmp_cells(g, c, best) == 0) {
            fprintf(out, "%s%s", sep, g->strategy_names[0][c]);
            sep = ", ";
        }
    }
    fprintf(out, "\n");
    return 1;
}

void cli_decision_json(json_writer *w, const mpol_game *g)
{
    if (g->nplayers != 1)
        return;
    size_t best = best_cell(g, NULL);
    json_key(w, "decision_problem");
    json_object_begin(w);
    json_kv_number(w, "optimal_value", g->payoff[best]);
    json_key(w, "optimal_choices");
    json_array_begin(w);
    for (size_t c = best; c < g->ncells; c++)
        if (cmp_cells(g, c, best) == 0)
            json_string(w, g->strategy_names[0][c]);
    json_array_end(w);
    json_object_end(w);
}
