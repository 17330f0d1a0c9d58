/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The API conventions of docs/conventions.md that a test can check for every public
 * function at once: each function with a `T **out` first parameter, called with every
 * other argument NULL or 0 (an invalid call for all of them), returns an error and leaves
 * *out NULL, whatever *out held before (rule: *out is NULL on every status but MPOL_OK and
 * MPOL_EVERIFY). The call list is every such function of solver/include/multipolar/.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "mpol_test.h"
#include "multipolar.h"

static void test_out_null_on_error(void **state)
{
    (void)state;
    static int sentinel;
    int failures = 0;
    {
        mpol_balance *o = (mpol_balance *)&sentinel;
        mpol_status st = mpol_balance_analyse(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_balance_analyse: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_rg_minmax *o = (mpol_rg_minmax *)&sentinel;
        mpol_status st = mpol_rg_minmax_compute(&o, NULL, 1e-9);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_rg_minmax_compute: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_rg_as_check *o = (mpol_rg_as_check *)&sentinel;
        mpol_status st = mpol_rg_as_verify(&o, NULL, 0.5, NULL, 1e-9);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_rg_as_verify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_rg_as_result *o = (mpol_rg_as_result *)&sentinel;
        mpol_status st = mpol_rg_as_solve(&o, NULL, 0.5, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_rg_as_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_rg_result *o = (mpol_rg_result *)&sentinel;
        mpol_status st = mpol_rg_solve(&o, NULL, 0.5, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_rg_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_model_repeated(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_repeated: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bargain_result *o = (mpol_bargain_result *)&sentinel;
        mpol_status st = mpol_bargain_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bargain_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_ess_result *o = (mpol_ess_result *)&sentinel;
        mpol_status st = mpol_ess_find(&o, NULL, 0, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_ess_find: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_ess_result *o = (mpol_ess_result *)&sentinel;
        mpol_status st = mpol_ess_game(&o, NULL, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_ess_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bimatrix_result *o = (mpol_bimatrix_result *)&sentinel;
        mpol_status st = mpol_bimatrix_enumerate(&o, 0, 0, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bimatrix_enumerate: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bimatrix_result *o = (mpol_bimatrix_result *)&sentinel;
        mpol_status st = mpol_bimatrix_lemke_howson(&o, 0, 0, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bimatrix_lemke_howson: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bimatrix_result *o = (mpol_bimatrix_result *)&sentinel;
        mpol_status st = mpol_bimatrix_one(&o, 0, 0, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bimatrix_one: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bimatrix_result *o = (mpol_bimatrix_result *)&sentinel;
        mpol_status st = mpol_bimatrix_solve_game(&o, NULL, (mpol_bimatrix_method)0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bimatrix_solve_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_csg_result *o = (mpol_csg_result *)&sentinel;
        mpol_status st = mpol_csg_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_csg_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_core_check *o = (mpol_tu_core_check *)&sentinel;
        mpol_status st = mpol_tu_partition_core(&o, NULL, NULL, 0, (mpol_alloc_rule)0, NULL, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_partition_core: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_hedonic *o = (mpol_hedonic *)&sentinel;
        mpol_status st = mpol_hedonic_alloc_additive(&o, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_hedonic_alloc_additive: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_hedonic *o = (mpol_hedonic *)&sentinel;
        mpol_status st = mpol_hedonic_alloc_ranked(&o, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_hedonic_alloc_ranked: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_hedonic_search_result *o = (mpol_hedonic_search_result *)&sentinel;
        mpol_status st = mpol_hedonic_search(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_hedonic_search: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_hedonic_stable_list *o = (mpol_hedonic_stable_list *)&sentinel;
        mpol_status st = mpol_hedonic_list_stable(&o, NULL, 0, 0, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_hedonic_list_stable: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_hedonic *o = (mpol_hedonic *)&sentinel;
        mpol_status st = mpol_hedonic_from_model(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_hedonic_from_model: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_core_result *o = (mpol_core_result *)&sentinel;
        mpol_status st = mpol_core_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_core_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_least_core_result *o = (mpol_least_core_result *)&sentinel;
        mpol_status st = mpol_least_core(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_least_core: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_kohlberg_result *o = (mpol_kohlberg_result *)&sentinel;
        mpol_status st = mpol_kohlberg_check(&o, NULL, NULL, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_kohlberg_check: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nucleolus_result *o = (mpol_nucleolus_result *)&sentinel;
        mpol_status st = mpol_nucleolus(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nucleolus: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nucleolus_result *o = (mpol_nucleolus_result *)&sentinel;
        mpol_status st = mpol_prenucleolus(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_prenucleolus: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_read_table_file(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_read_table_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_benedek_game(&o, 0, 0, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_benedek_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_ce_result *o = (mpol_ce_result *)&sentinel;
        mpol_status st = mpol_ce_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_ce_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_ce_vertex_list *o = (mpol_ce_vertex_list *)&sentinel;
        mpol_status st = mpol_ce_vertices(&o, NULL, (mpol_ce_kind)0, 0.0, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_ce_vertices: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_efg_read_file(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_efg_read_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_efg_read_string(&o, NULL, 0, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_efg_read_string: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree *o = (mpol_tree *)&sentinel;
        mpol_status st = mpol_efg_read_tree_file(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_efg_read_tree_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree *o = (mpol_tree *)&sentinel;
        mpol_status st = mpol_efg_read_tree_string(&o, NULL, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_efg_read_tree_string: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree *o = (mpol_tree *)&sentinel;
        mpol_status st = mpol_tree_alloc(&o, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_alloc: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree_sf *o = (mpol_tree_sf *)&sentinel;
        mpol_status st = mpol_tree_sequence_form(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_sequence_form: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree_check *o = (mpol_tree_check *)&sentinel;
        mpol_status st = mpol_tree_certify(&o, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_certify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree_solution *o = (mpol_tree_solution *)&sentinel;
        mpol_status st = mpol_tree_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree *o = (mpol_tree *)&sentinel;
        mpol_status st = mpol_model_tree(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_tree: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_from_tree(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_from_tree: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_tree_reduced_game(&o, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_reduced_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        size_t *o = (size_t *)&sentinel;
        size_t count = 0;
        mpol_status st = mpol_tree_subgames(&o, &count, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_subgames: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree_subgame_check *o = (mpol_tree_subgame_check *)&sentinel;
        mpol_status st = mpol_tree_certify_subgames(&o, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tree_certify_subgames: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sg_check *o = (mpol_sg_check *)&sentinel;
        mpol_status st = mpol_sg_zs_verify(&o, NULL, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_sg_zs_verify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sg_check *o = (mpol_sg_check *)&sentinel;
        mpol_status st = mpol_sg_verify(&o, NULL, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_sg_verify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sg_result *o = (mpol_sg_result *)&sentinel;
        mpol_status st = mpol_sg_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_sg_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sg_game *o = (mpol_sg_game *)&sentinel;
        mpol_status st = mpol_model_stochastic(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_stochastic: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_expr *o = (mpol_expr *)&sentinel;
        mpol_status st = mpol_expr_compile(&o, NULL, NULL, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_expr_compile: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_game_alloc(&o, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_game_alloc: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_game_copy(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_game_copy: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_load_file(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_load_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_load_string(&o, NULL, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_load_string: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_model_game(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_from_game(&o, NULL, (mpol_model_kind)0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_from_game: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_model_tu(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_tu: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_wvg *o = (mpol_wvg *)&sentinel;
        mpol_status st = mpol_model_wvg(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_wvg: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_from_tu(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_from_tu: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_model *o = (mpol_model *)&sentinel;
        mpol_status st = mpol_model_from_wvg(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_from_wvg: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_pure(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_pure: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_logit(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_logit: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_simpdiv(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_simpdiv: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_support_enum(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_support_enum: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_replicator(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_replicator: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_nash_result *o = (mpol_nash_result *)&sentinel;
        mpol_status st = mpol_nash_fictitious(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nash_fictitious: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_nfg_read_file(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nfg_read_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_nfg_read_string(&o, NULL, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_nfg_read_string: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bsg_result *o = (mpol_bsg_result *)&sentinel;
        mpol_status st = mpol_stackelberg_bayes_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_stackelberg_bayes_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_stackelberg_result *o = (mpol_stackelberg_result *)&sentinel;
        mpol_status st = mpol_stackelberg_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_stackelberg_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sweep_result *o = (mpol_sweep_result *)&sentinel;
        mpol_status st = mpol_sweep_result_alloc(&o, NULL, NULL, NULL, 0, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_sweep_result_alloc: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_sweep_result *o = (mpol_sweep_result *)&sentinel;
        mpol_status st = mpol_sweep_run(&o, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_sweep_run: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_alloc(&o, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_alloc: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_wvg *o = (mpol_wvg *)&sentinel;
        mpol_status st = mpol_wvg_alloc(&o, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_wvg_alloc: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_from_wvg(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_from_wvg: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_vector_voting(&o, 0, 0, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_vector_voting: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_bankruptcy(&o, 0, 0.0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_bankruptcy: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_unanimity(&o, 0, (mpol_coalition)0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_unanimity: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_airport(&o, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_airport: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tu_game *o = (mpol_tu_game *)&sentinel;
        mpol_status st = mpol_tu_graph_restrict(&o, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_graph_restrict: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_value *o = (mpol_value *)&sentinel;
        mpol_status st = mpol_tu_shapley(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_shapley: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_value *o = (mpol_value *)&sentinel;
        mpol_status st = mpol_tu_banzhaf(&o, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_banzhaf: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_value *o = (mpol_value *)&sentinel;
        mpol_status st = mpol_tu_tau(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_tau: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_value *o = (mpol_value *)&sentinel;
        mpol_status st = mpol_tu_owen(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_owen: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_value *o = (mpol_value *)&sentinel;
        mpol_status st = mpol_tu_myerson(&o, NULL, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_tu_myerson: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_power_result *o = (mpol_power_result *)&sentinel;
        mpol_status st = mpol_power_banzhaf(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_power_banzhaf: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_power_result *o = (mpol_power_result *)&sentinel;
        mpol_status st = mpol_power_shapley_shubik(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_power_shapley_shubik: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_mwc_list *o = (mpol_mwc_list *)&sentinel;
        mpol_status st = mpol_wvg_minimal_winning(&o, NULL, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_wvg_minimal_winning: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_power_fractions *o = (mpol_power_fractions *)&sentinel;
        mpol_status st = mpol_power_exact_fractions(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_power_exact_fractions: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_wvg_balance *o = (mpol_wvg_balance *)&sentinel;
        mpol_status st = mpol_wvg_balance_certify(&o, NULL, 0, 0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_wvg_balance_certify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_wvg *o = (mpol_wvg *)&sentinel;
        mpol_status st = mpol_wvg_read_file(&o, NULL, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_wvg_read_file: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_zs_result *o = (mpol_zs_result *)&sentinel;
        mpol_status st = mpol_zs_solve(&o, NULL, 0, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_zs_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_zs_all_result *o = (mpol_zs_all_result *)&sentinel;
        mpol_status st = mpol_zs_all(&o, NULL, 0, 0, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_zs_all: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bayes_check *o = (mpol_bayes_check *)&sentinel;
        mpol_status st = mpol_bayes_certify(&o, NULL, NULL, 0.0);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bayes_certify: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_game *o = (mpol_game *)&sentinel;
        mpol_status st = mpol_bayes_to_strategic(&o, NULL, MPOL_BAYES_EX_ANTE, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bayes_to_strategic: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_tree *o = (mpol_tree *)&sentinel;
        mpol_status st = mpol_bayes_to_tree(&o, NULL, NULL, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bayes_to_tree: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bayes_result *o = (mpol_bayes_result *)&sentinel;
        mpol_status st = mpol_bayes_solve(&o, NULL, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_bayes_solve: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    {
        mpol_bayes_game *o = (mpol_bayes_game *)&sentinel;
        mpol_status st = mpol_model_bayesian(&o, NULL);
        if (st == MPOL_OK || o != NULL) {
            print_error("mpol_model_bayesian: status %d, out %p\n", (int)st, (void *)o);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* Every result struct carries verified and max_error, filled from its own check fields:
 * one solved instance per module, each verified, max_error the documented maximum. */
static void test_verified_and_max_error(void **state)
{
    (void)state;
    /* Zero-sum: matching pennies. */
    static const double P[4] = {1, -1, -1, 1};
    mpol_zs_result *zs;
    assert_int_equal(mpol_zs_solve(&zs, P, 2, 2, NULL), MPOL_OK);
    assert_int_equal(zs->verified, zs->check.ok);
    assert_int_equal(zs->verified, 1);
    double e = fmax(fmax(zs->check.gap, zs->check.row_regret),
                    fmax(zs->check.col_regret, zs->check.simplex_error));
    assert_true(zs->max_error == e);
    mpol_zs_result_free(zs);
    mpol_zs_all_result *za;
    assert_int_equal(mpol_zs_all(&za, P, 2, 2, NULL), MPOL_OK);
    assert_int_equal(za->verified, 1);
    assert_true(za->max_error == fmax(za->check.value_spread, za->check.simplex_error));
    mpol_zs_all_result_free(za);
    /* TU: the 3-player majority game with v(N) = 1 has an empty core; v(S) = |S| - 1 not. */
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    for (unsigned S = 1; S < 8; S++)
        g->v[S] = (double)__builtin_popcount(S) - 1.0;
    mpol_core_result *core;
    assert_int_equal(mpol_core_solve(&core, g, NULL), MPOL_OK);
    assert_int_equal(core->verified, 1);
    assert_true(core->max_error ==
                fmax(fmax(fmax(core->efficiency_error, core->balance_error), core->dual_gap),
                     fmax(0.0, core->max_violation)));
    mpol_core_result_free(core);
    mpol_least_core_result *lc;
    assert_int_equal(mpol_least_core(&lc, g, NULL), MPOL_OK);
    assert_int_equal(lc->verified, 1);
    assert_true(lc->max_error >= lc->efficiency_error && lc->max_error >= lc->balance_error &&
                lc->max_error <= 1e-9);
    mpol_least_core_result_free(lc);
    mpol_nucleolus_result *nu;
    assert_int_equal(mpol_nucleolus(&nu, g, NULL), MPOL_OK);
    assert_int_equal(nu->verified, 1);
    assert_non_null(nu->check);
    assert_true(nu->max_error ==
                fmax(nu->check->efficiency_error, nu->check->imputation_violation));
    mpol_nucleolus_result_free(nu);
    mpol_value *val;
    assert_int_equal(mpol_tu_shapley(&val, g), MPOL_OK);
    assert_int_equal(val->verified, 1);
    assert_true(val->max_error == val->efficiency_error);
    mpol_value_free(val);
    assert_int_equal(mpol_tu_banzhaf(&val, g, 0), MPOL_OK); /* raw: no check */
    assert_int_equal(val->verified, 0);
    assert_true(isnan(val->max_error));
    mpol_value_free(val);
    mpol_csg_result *csg;
    assert_int_equal(mpol_csg_solve(&csg, g, NULL), MPOL_OK);
    assert_int_equal(csg->verified, csg->ok);
    assert_int_equal(csg->verified, 1);
    assert_true(csg->max_error == fabs(csg->check_value - csg->value));
    mpol_csg_result_free(csg);
    mpol_tu_free(g);
    /* Voting: weights 3, 2, 1, quota 4. */
    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 3), MPOL_OK);
    w->weights[0] = 3;
    w->weights[1] = 2;
    w->weights[2] = 1;
    w->quota = 4;
    mpol_power_result *pw;
    assert_int_equal(mpol_power_banzhaf(&pw, w, NULL), MPOL_OK);
    assert_int_equal(pw->verified, 1);
    assert_true(pw->max_error == pw->check_error);
    mpol_power_result_free(pw);
    assert_int_equal(mpol_power_shapley_shubik(&pw, w, NULL), MPOL_OK);
    assert_int_equal(pw->verified, 1);
    assert_true(pw->max_error == pw->check_error);
    mpol_power_result_free(pw);
    mpol_balance *b;
    assert_int_equal(mpol_balance_analyse(&b, w, NULL), MPOL_OK);
    assert_int_equal(b->verified, b->ok);
    assert_int_equal(b->verified, 1);
    assert_true(b->max_error == 0.0);
    mpol_balance_free(b);
    mpol_wvg_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_null_on_error),
        cmocka_unit_test(test_verified_and_max_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
