/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the distribution of `multipolar sweep` over MPI ranks (when built
 * with MPOL_MPI): the grid is cut into slices, and the results are gathered on rank 0,
 * which writes the same file as a serial run.
 */
#ifdef MPOL_WITH_MPI
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include <mpi.h>

#include "sweep_cli.h"

/* Gathers per-rank slices (counts[i] rows of @p width elements from row firsts[i]) into
 * rank 0's full array @p all. The caller has checked that total * width fits an int. */
static int gather(const void *mine, size_t n, size_t width, MPI_Datatype type, void *all,
                  const size_t *firsts, const size_t *counts, int size)
{
    int *rc = malloc((size_t)size * sizeof *rc), *rd = malloc((size_t)size * sizeof *rd);
    int e = MPI_ERR_NO_MEM;
    if (rc != NULL && rd != NULL) {
        for (int i = 0; i < size; i++) {
            rc[i] = (int)(counts[i] * width);
            rd[i] = (int)(firsts[i] * width);
        }
        e = MPI_Gatherv(mine, (int)(n * width), type, all, rc, rd, type, 0, MPI_COMM_WORLD);
    }
    free(rc);
    free(rd);
    return e == MPI_SUCCESS ? 0 : -1;
}

/*
 * The distributed sweep: the grid is cut into slices of whole warm-start blocks, one per
 * rank; every rank computes its slice with the same engine as a serial run (so the numbers
 * are bit-identical), rank 0 gathers values, solutions, certificates (MPI_DOUBLE),
 * signatures (MPI_UINT64_T) and verification flags (MPI_INT) and finalizes (regimes and
 * bisection) exactly as mpol_sweep_run does. On return rank 0 holds the full result in *out.
 */
/* The widest array of the result (columns of the solution, or axes; at least 1) into
 * @p width and the solution's columns into @p ncols. @return an exit code. */
static int result_width(const mpol_model *model, const mpol_sweep_grid *grid,
                        const mpol_sweep_opts *so, int rank, size_t *width, size_t *ncols)
{
    mpol_sweep_result *probe = NULL;
    mpol_status st = mpol_sweep_result_alloc(&probe, model, grid, so, 0, 1);
    if (st != MPOL_OK)
        return rank == 0 ? cli_fail("sweep", st) : cli_exit_for(st);
    *width = probe->ncols > grid->naxes ? probe->ncols : grid->naxes;
    *ncols = probe->ncols;
    mpol_sweep_result_free(probe);
    if (*width == 0)
        *width = 1;
    return CLI_EXIT_OK;
}

/* Cuts @p total points into @p size slices of whole warm-start blocks. */
static void cut_slices(size_t total, int size, size_t *firsts, size_t *counts)
{
    size_t nblocks = (total + MPOL_SWEEP_BLOCK - 1) / MPOL_SWEEP_BLOCK;
    for (int i = 0; i < size; i++) {
        size_t b0 = nblocks * (size_t)i / (size_t)size;
        size_t b1 = nblocks * (size_t)(i + 1) / (size_t)size;
        firsts[i] = b0 * MPOL_SWEEP_BLOCK;
        size_t last = b1 * MPOL_SWEEP_BLOCK < total ? b1 * MPOL_SWEEP_BLOCK : total;
        counts[i] = last > firsts[i] ? last - firsts[i] : 0;
    }
}

/* Computes this rank's slice into *mine and, on rank 0, allocates the full result *r.
 * @return 1 if both went well (a message printed otherwise). */
static int run_slice(mpol_sweep_result **mine, mpol_sweep_result **r, const mpol_model *model,
                     const mpol_sweep_grid *grid, const mpol_sweep_opts *so, int rank, size_t first,
                     size_t count, size_t total)
{
    mpol_status st;
    char buf[1100];
    if (count > 0) {
        mpol_sweep_opts ro = *so;
        ro.first = first;
        ro.count = count;
        ro.refine = 0;
        if ((st = mpol_sweep_run(mine, model, grid, &ro)) != MPOL_OK) {
            fprintf(stderr, "multipolar sweep (rank %d): %s\n", rank,
                    cli_message(mpol_last_error(), buf, sizeof buf));
            return 0;
        }
    }
    if (rank == 0 && (st = mpol_sweep_result_alloc(r, model, grid, so, 0, total)) != MPOL_OK) {
        fprintf(stderr, "multipolar sweep: %s\n", cli_message(mpol_last_error(), buf, sizeof buf));
        return 0;
    }
    return 1;
}

/* Gathers every array of the slices into rank 0's @p r. @return 0, or -1 if one failed. */
static int gather_result(const mpol_sweep_result *mine, mpol_sweep_result *r,
                         const mpol_sweep_grid *grid, size_t ncols, int rank, const size_t *firsts,
                         const size_t *counts, int size)
{
    size_t n = counts[rank];
    double dummy = 0;
    uint64_t sdummy = 0;
    int idummy = 0;
    int e = 0;
    e |= gather(n ? (void *)mine->params : &dummy, n, grid->naxes, MPI_DOUBLE,
                rank == 0 ? r->params : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->value : &dummy, n, 1, MPI_DOUBLE, rank == 0 ? r->value : NULL,
                firsts, counts, size);
    if (ncols > 0)
        e |= gather(n ? (void *)mine->solution : &dummy, n, ncols, MPI_DOUBLE,
                    rank == 0 ? r->solution : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->certificate : &dummy, n, 1, MPI_DOUBLE,
                rank == 0 ? r->certificate : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->signature : &sdummy, n, 1, MPI_UINT64_T,
                rank == 0 ? r->signature : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->verified : &idummy, n, 1, MPI_INT, rank == 0 ? r->verified : NULL,
                firsts, counts, size);
    return e;
}

/*
 * The distributed sweep: the grid is cut into slices of whole warm-start blocks, one per
 * rank; every rank computes its slice with the same engine as a serial run (so the numbers
 * are bit-identical), rank 0 gathers values, solutions, certificates (MPI_DOUBLE),
 * signatures (MPI_UINT64_T) and verification flags (MPI_INT) and finalizes (regimes and
 * bisection) exactly as mpol_sweep_run does. On return rank 0 holds the full result in *out.
 */
int cli_sweep_run_distributed(mpol_sweep_result **out, const mpol_model *model,
                              const mpol_sweep_grid *grid, const mpol_sweep_opts *so, int rank,
                              int size)
{
    size_t total = mpol_sweep_grid_size(grid), width = 1, ncols = 0;
    *out = NULL;
    /* MPI counts are ints: refuse a grid whose widest array would overflow one. */
    int rc = result_width(model, grid, so, rank, &width, &ncols);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (total > (size_t)INT_MAX / width) {
        if (rank == 0)
            fprintf(stderr,
                    "multipolar sweep: %zu points x %zu columns exceed one MPI gather (2^31 "
                    "values); split the sweep\n",
                    total, width);
        return CLI_EXIT_FAILURE; /* over a limit */
    }
    size_t *firsts = calloc((size_t)size, sizeof *firsts);
    size_t *counts = calloc((size_t)size, sizeof *counts);
    int local_ok = firsts != NULL && counts != NULL, all_ok = 0;
    mpol_sweep_result *mine = NULL, *r = NULL;
    rc = CLI_EXIT_FAILURE;
    if (local_ok) {
        cut_slices(total, size, firsts, counts);
        local_ok = run_slice(&mine, &r, model, grid, so, rank, firsts[rank], counts[rank], total);
    } else {
        fprintf(stderr, "multipolar sweep (rank %d): out of memory\n", rank);
    }
    MPI_Allreduce(&local_ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    if (!all_ok)
        goto done;
    if (gather_result(mine, r, grid, ncols, rank, firsts, counts, size) != 0) {
        fprintf(stderr, "multipolar sweep (rank %d): MPI gather failed\n", rank);
        goto done;
    }
    rc = CLI_EXIT_OK;
    if (rank == 0) {
        for (size_t k = 0; k < total; k++)
            r->unverified += !r->verified[k];
        mpol_status st = mpol_sweep_finalize(r, model, so);
        if (st != MPOL_OK)
            rc = cli_fail("sweep", st);
    }
done:
    free(firsts);
    free(counts);
    mpol_sweep_result_free(mine);
    if (rc == CLI_EXIT_OK && rank == 0)
        *out = r;
    else
        mpol_sweep_result_free(r);
    return rc;
}
#else
/* ISO C forbids an empty translation unit. */
typedef int cli_sweep_mpi_unused;
#endif
