/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An outside program built against an installed libmultipolar (tests/install/link.sh):
 * loads a zero-sum model and solves it. Usage: consumer MODEL */
#include <multipolar.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    mpol_model *model = NULL;
    mpol_game *game = NULL;
    mpol_zs_result *res = NULL;
    double *A = NULL;
    mpol_zs_opts opts;
    mpol_zs_opts_init(&opts);
    int ok = argc == 2 && mpol_model_load_file(&model, argv[1]) == MPOL_OK &&
             mpol_model_game(&game, model) == MPOL_OK &&
             mpol_game_bimatrix(game, &A, NULL) == MPOL_OK &&
             mpol_zs_solve(&res, A, game->nstrategies[0], game->nstrategies[1], &opts) == MPOL_OK;
    if (ok)
        printf("%s: value %.6f, verified %d (libmultipolar %s)\n", mpol_model_title(model),
               res->value, res->verified, mpol_version());
    else
        fprintf(stderr, "consumer: %s\n", mpol_last_error());
    mpol_zs_result_free(res);
    mpol_free(A);
    mpol_game_free(game);
    mpol_model_free(model);
    return ok ? 0 : 1;
}
