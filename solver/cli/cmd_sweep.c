/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar sweep`: its options (sweep_options.c), the grid
 * (sweep_grid.c), the parallel sweep or (when built with MPOL_MPI) its distribution over MPI
 * ranks with the results gathered on rank 0 (sweep_mpi.c), and the CSV/JSON output, regime
 * table and plot (sweep_write.c), which rank 0 writes as a serial run does.
 */
#include <string.h>
#ifdef MPOL_WITH_MPI
#include <mpi.h>
#endif

#include "sweep_cli.h"

/* Runs the sweep of @p model; *r is NULL on a rank other than 0. @return an exit code. */
static int run(mpol_sweep_result **r, const mpol_model *model, const mpol_sweep_grid *grid,
               cli_sweep_args *a, int rank, int size)
{
    cli_progress prog;
    cli_progress_init(&prog, "sweep", a->quiet || rank != 0);
    a->so.progress = cli_progress_update;
    a->so.refine_progress = cli_progress_refine;
    a->so.userdata = &prog;
    int rc = CLI_EXIT_OK;
    if (size > 1) {
#ifdef MPOL_WITH_MPI
        rc = cli_sweep_run_distributed(r, model, grid, &a->so, rank, size);
#endif
    } else {
        mpol_status st = mpol_sweep_run(r, model, grid, &a->so);
        if (st != MPOL_OK) {
            cli_progress_finish(&prog);
            return cli_fail("sweep", st);
        }
    }
    cli_progress_finish(&prog);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    cli_sweep_args a;
    int rc = cli_sweep_parse_args(argc, argv, &a), rank = 0, size = 1;
    if (rc >= 0)
        return rc;
    /* A path that cannot be written fails now, not after the sweep (exit 1). */
    if ((rc = cli_output_check("sweep", a.outpath)) != CLI_EXIT_OK ||
        (rc = cli_output_check("sweep", a.plotpath)) != CLI_EXIT_OK)
        return rc;
    cli_signals_install("sweep");
#ifdef MPOL_WITH_MPI
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
    mpol_model *model = NULL;
    mpol_sweep_result *r = NULL;
    mpol_sweep_grid grid;
    if ((rc = cli_load_model(a.model, &model)) != CLI_EXIT_OK)
        goto done;
    for (size_t i = 0; i < a.nsets; i++)
        if ((rc = cli_apply_set(model, a.sets[i])) != CLI_EXIT_OK)
            goto done;
    if ((rc = cli_sweep_grid(model, &a, &grid)) != CLI_EXIT_OK)
        goto done;
    double t0 = cli_now();
    if ((rc = run(&r, model, &grid, &a, rank, size)) != CLI_EXIT_OK || rank != 0)
        goto done;
    rc = cli_sweep_write(&a, r, model, cli_now() - t0, size);
done:
    mpol_sweep_result_free(r);
    mpol_model_free(model);
#ifdef MPOL_WITH_MPI
    MPI_Finalize();
#endif
    return rc;
}
