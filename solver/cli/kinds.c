/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file holds the CLI's table of model kinds (cli.h): for each kind, its solve command
 * (solve_<kind>.c), its summary in `check` and the solve options that apply to it. A kind the
 * library knows is one line here for the CLI. */
#include "cli.h"

static const cli_kind kinds[MPOL_MODEL_KIND_COUNT] = {
    [MPOL_MODEL_ZERO_SUM] = {cli_solve_zero_sum, cli_check_strategic, CLI_KIND_STRATEGIC},
    [MPOL_MODEL_BIMATRIX] = {cli_solve_bimatrix, cli_check_strategic, CLI_KIND_STRATEGIC},
    [MPOL_MODEL_NORMAL_FORM] = {cli_solve_normal_form, cli_check_strategic, CLI_KIND_STRATEGIC},
    [MPOL_MODEL_TU] = {cli_solve_tu, cli_check_tu, CLI_KIND_PARTITION | CLI_KIND_MAX_MEMORY},
    [MPOL_MODEL_WEIGHTED_VOTING] = {cli_solve_wvg, cli_check_wvg, CLI_KIND_ACTOR},
    [MPOL_MODEL_HEDONIC] = {cli_solve_hedonic, NULL, CLI_KIND_PARTITION},
    [MPOL_MODEL_BAYESIAN_STACKELBERG] = {cli_solve_bayes_stackelberg, NULL, 0},
    [MPOL_MODEL_STOCHASTIC] = {cli_solve_stochastic, cli_check_stochastic, 0},
    [MPOL_MODEL_TREE] = {cli_solve_tree, cli_check_tree, 0},
    [MPOL_MODEL_BAYESIAN] = {cli_solve_bayesian, cli_check_bayesian, 0},
    [MPOL_MODEL_REPEATED] = {cli_solve_repeated, cli_check_repeated, 0},
};

const cli_kind *cli_kind_for(mpol_model_kind kind)
{
    if ((int)kind < 0 || kind >= MPOL_MODEL_KIND_COUNT || kinds[kind].solve == NULL)
        return NULL;
    return &kinds[kind];
}
