/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The parts of `multipolar sweep` (cmd_sweep.c): its options (sweep_options.c), the grid
 * they give (sweep_grid.c), the distributed run over MPI ranks (sweep_mpi.c) and the
 * writing of the results and the text report (sweep_write.c).
 */
#ifndef MPOL_CLI_SWEEP_CLI_H
#define MPOL_CLI_SWEEP_CLI_H

#include "cli.h"

/* Significant digits of the CSV numbers unless --digits says otherwise. */
#define CLI_SWEEP_DIGITS 12

/* The most --set options of one sweep. */
#define CLI_SWEEP_MAX_SETS 64

/* The command line of a sweep. */
typedef struct cli_sweep_args {
    const char *axes[2]; /* --param specs */
    size_t naxes;
    const char *sets[CLI_SWEEP_MAX_SETS]; /* --set assignments */
    size_t nsets;
    const char *outpath;  /* NULL: stdout */
    const char *plotpath; /* NULL: no plot */
    const char *model;    /* the MODEL argument */
    int quiet, digits;
    cli_format fmt;
    mpol_sweep_opts so;
} cli_sweep_args;

/* Reads the options into @p a. @return -1 to go on with the sweep, else the exit code
 * (0 after --help, with the usage printed; CLI_EXIT_USAGE with the message printed). */
int cli_sweep_parse_args(int argc, char **argv, cli_sweep_args *a);

/* The grid of the sweep: the model's `sweep:` section or the --param options; refuses a
 * --set of a swept parameter. @return an exit code (the message printed). */
int cli_sweep_grid(const mpol_model *model, const cli_sweep_args *a, mpol_sweep_grid *grid);

#ifdef MPOL_WITH_MPI
/* The sweep over @p size MPI ranks; on return rank 0 holds the full result in *out.
 * @return an exit code (the message printed). */
int cli_sweep_run_distributed(mpol_sweep_result **out, const mpol_model *model,
                              const mpol_sweep_grid *grid, const mpol_sweep_opts *so, int rank,
                              int size);
#endif

/* Writes the result (CSV or JSON, to --output or stdout), the text report (to stdout when
 * the result went to a file, else stderr) and the plot. @p seconds is the sweep's wall time,
 * @p ranks the number of MPI ranks. @return an exit code (1 if points failed verification). */
int cli_sweep_write(const cli_sweep_args *a, const mpol_sweep_result *r, const mpol_model *model,
                    double seconds, int ranks);

#endif /* MPOL_CLI_SWEEP_CLI_H */
