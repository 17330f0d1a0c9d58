/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file sweep.h
 * @brief Parameter sweeps: solve a model over a grid of one or two parameters, detect where
 *        the structure of the solution changes (regimes) and refine each breakpoint by
 *        bisection.
 *
 * The model is parsed once and its expressions compiled once; each grid point only
 * re-evaluates the payoffs or values and re-solves. Points run in parallel (OpenMP) in fixed
 * blocks of consecutive points; within a block each solve is warm-started from its
 * neighbour. Blocks are fixed by the grid, not by the number of threads or ranks, so the
 * results are identical whatever the parallelism (this is what lets MPI ranks write the same
 * file as a serial run).
 */
#ifndef MPOL_SWEEP_H
#define MPOL_SWEEP_H

#include <stdio.h>

#include "multipolar/common.h"
#include "multipolar/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Points per warm-start block (fixed, so results do not depend on the thread count). */
#define MPOL_SWEEP_BLOCK 256

/** A grid over one or two parameters; axis 0 varies fastest. */
typedef struct mpol_sweep_grid {
    size_t naxes;    /**< 1 or 2 */
    size_t param[2]; /**< parameter indices in the model */
    double from[2];
    double to[2];
    size_t steps[2]; /**< points per axis, >= 1 (1: only `from`) */
} mpol_sweep_grid;

/** Fills @p grid from the model's `sweep:` section. MPOL_EINVAL if it has none. */
MPOL_API mpol_status mpol_sweep_grid_from_model(mpol_sweep_grid *grid, const mpol_model *model);

/** Total number of grid points (product of steps). */
MPOL_API size_t mpol_sweep_grid_size(const mpol_sweep_grid *grid);

/** The parameter values of grid point @p index (axis 0 fastest). */
MPOL_API void mpol_sweep_grid_point(const mpol_sweep_grid *grid, size_t index, double *values);

/**
 * The options of the methods that take more than a name (the strategic-game methods of
 * solver/src/sweep/sweep_methods.c); each NULL for the method's default. The strings are
 * the caller's and must outlive the sweep.
 */
typedef struct mpol_method_args {
    const char *leader;       /**< Stackelberg: the leader's name or 1-based index (default:
                                   the first player) */
    const char *objective;    /**< correlated equilibria: "welfare" (default), a player's
                                   name (that player's payoff) or "range" */
    const char *disagreement; /**< bargaining: "minmax" (default), "nash" or "v1,v2,..." */
    const char *feasible;     /**< bargaining: "hull" (default: the convex hull of the payoff
                                   profiles) or "correlated" */
} mpol_method_args;

typedef struct mpol_sweep_opts {
    int threads;        /**< threads; 0 = automatic (all available cores) */
    int refine;         /**< refine regime breakpoints by bisection (default 1) */
    double refine_tol;  /**< bisection stops when the bracket is this narrow (default 1e-9) */
    const char *method; /**< kind-specific method name, NULL for the default */
    size_t first;       /**< first grid point to compute (for distributed runs) */
    size_t count;       /**< points to compute from `first`; 0 = to the end */
    /** Called from the calling thread now and then with points done so far; may be NULL. */
    void (*progress)(void *userdata, size_t done, size_t total);
    void *userdata;
    /** Called during breakpoint refinement (mpol_sweep_finalize) with the breakpoints
     *  bisected so far out of all of them, first with done = 0; may be NULL. */
    void (*refine_progress)(void *userdata, size_t done, size_t total);
    mpol_method_args args; /**< the method's options (all NULL: its defaults) */
} mpol_sweep_opts;

MPOL_API void mpol_sweep_opts_init(mpol_sweep_opts *opts);

/** The regime id of a point without a verified solution (a failed point). */
#define MPOL_SWEEP_NO_REGIME ((size_t)-1)

/** A regime boundary between two neighbouring grid points, refined by bisection. */
typedef struct mpol_sweep_break {
    size_t axis;       /**< the axis along which the structure changes */
    size_t point;      /**< grid index of the point before the change (the other is the
                            next point along `axis`) */
    double lo, hi;     /**< final bisection bracket on that axis (hi - lo <= refine_tol) */
    double at;         /**< the breakpoint estimate (lo + hi) / 2 */
    double other;      /**< value of the other parameter (2-axis grids), else 0 */
    char *from_regime; /**< description of the structure before (owned) */
    char *to_regime;   /**< description after (owned) */
} mpol_sweep_break;

/** Results of a sweep over points [first, first + npoints) of the grid. */
typedef struct mpol_sweep_result {
    mpol_sweep_grid grid;
    size_t first, npoints;
    size_t nparams_out;          /**< = grid.naxes */
    char *value_name;            /**< what `value` is, e.g. "value" or "equilibria" */
    char *certificate_name;      /**< what `certificate` is, e.g. "duality_gap", "max_regret" */
    size_t ncols;                /**< solution columns per point */
    char **colnames;             /**< ncols column names (owned) */
    double *params;              /**< npoints * naxes parameter values */
    double *value;               /**< npoints headline numbers */
    double *solution;            /**< npoints * ncols */
    double *certificate;         /**< npoints verification figures (0 is perfect) */
    uint64_t *signature;         /**< npoints structure signatures (kind-specific) */
    int *verified;               /**< npoints flags: the point passed its independent check */
    size_t *regime;              /**< npoints regime ids (index into regime_labels), or
                                      MPOL_SWEEP_NO_REGIME for a failed point; set by
                                      mpol_sweep_finalize */
    size_t nregimes;             /**< distinct structures, in order of first appearance */
    uint64_t *regime_signatures; /**< nregimes signatures */
    char **regime_labels;        /**< nregimes descriptions (owned) */
    size_t nbreaks;
    mpol_sweep_break *breaks;
    size_t unverified; /**< points that failed verification */
    size_t nfailed;    /**< failed points: no verified solution (set by mpol_sweep_finalize) */
    size_t *failed;    /**< nfailed grid indices, ascending; they are in no regime and no
                            breakpoint */
} mpol_sweep_result;

/**
 * Allocates a result for the whole grid (arrays uninitialised, column names set for the
 * method and method options of @p opts; NULL: the defaults), e.g. for gathering the slices
 * of distributed runs before mpol_sweep_finalize().
 */
MPOL_API mpol_status mpol_sweep_result_alloc(mpol_sweep_result **out, const mpol_model *model,
                                             const mpol_sweep_grid *grid,
                                             const mpol_sweep_opts *opts, size_t first,
                                             size_t npoints);

/**
 * Computes the regime table and, if opts->refine, the breakpoints between neighbouring grid
 * points with different structures, each refined by bisection to opts->refine_tol. The
 * result must cover the whole grid. Points that failed verification are failed points
 * (listed in `failed`, regime MPOL_SWEEP_NO_REGIME): they form no regime, and no breakpoint
 * is drawn next to them; a bisection stops at a midpoint that fails verification.
 */
MPOL_API mpol_status mpol_sweep_finalize(mpol_sweep_result *result, const mpol_model *model,
                                         const mpol_sweep_opts *opts);

/**
 * Runs the sweep over the points [opts->first, opts->first + opts->count) and, when that is
 * the whole grid, finalizes it. Points whose solve fails make the sweep fail with that status (the
 * message names the point); points whose verification fails are kept and counted in `unverified`.
 * @return MPOL_OK, MPOL_EINVAL (bad grid or kind without sweep support), MPOL_ENOMEM,
 *         MPOL_ELIMIT (grid too large), or a solver's status.
 */
MPOL_API mpol_status mpol_sweep_run(mpol_sweep_result **out, const mpol_model *model,
                                    const mpol_sweep_grid *grid, const mpol_sweep_opts *opts);

MPOL_API void mpol_sweep_result_free(mpol_sweep_result *result);

/**
 * Writes one CSV row per point: parameters, value, solution columns, certificate, verified,
 * regime id (empty for a failed point), status ("ok" or "failed"); with @p header the column
 * names first. Deterministic (%.17g numbers).
 * A failed write of @p out (checked with ferror and fflush; the stream is not closed) gives
 * MPOL_EIO with the message "write failed: <the system's reason>" and leaves errno set to
 * that reason, so that a caller that knows the file's name can report it.
 */
MPOL_API mpol_status mpol_sweep_write_csv(const mpol_sweep_result *result, const mpol_model *model,
                                          FILE *out, int header);

/** Options of mpol_sweep_write_csv_opts(). */
typedef struct mpol_sweep_csv_opts {
    int header;  /**< write the column names first (default 1) */
    int digits;  /**< significant digits of every number, 1..17 (default 17: %.17g, which
                      round-trips every double); <= 15 uses a fast formatter equal to
                      %.<digits>g except within ~1e-19 of a decimal rounding tie */
    int threads; /**< threads formatting rows; 0 = automatic, all available (the bytes do not depend
                    on it) */
} mpol_sweep_csv_opts;

MPOL_API void mpol_sweep_csv_opts_init(mpol_sweep_csv_opts *opts);

/**
 * As mpol_sweep_write_csv() with options (@p opts NULL: defaults). Rows are formatted in
 * parallel chunks and written in grid order, so the bytes depend only on the result and
 * the digits.
 * @return MPOL_OK, MPOL_EINVAL (digits outside 1..17), MPOL_ENOMEM, MPOL_EIO.
 */
MPOL_API mpol_status mpol_sweep_write_csv_opts(const mpol_sweep_result *result,
                                               const mpol_model *model, FILE *out,
                                               const mpol_sweep_csv_opts *opts);

/** Writes the whole result (points, regimes, breakpoints) as one JSON document; a failed
 * write gives MPOL_EIO as for mpol_sweep_write_csv(). */
MPOL_API mpol_status mpol_sweep_write_json(const mpol_sweep_result *result, const mpol_model *model,
                                           FILE *out);

/**
 * Writes the result to the file @p path: as JSON if @p json, otherwise as CSV with @p opts
 * (NULL: defaults). A regular file (new or existing) is written to a temporary in its folder
 * (".NAME.PID.N.tmp") and renamed over @p path only when every write, the flush and the close
 * succeeded, so on any failure an old file is left intact and the temporary removed; the old
 * file's mode is kept, a symbolic link's target is replaced. A device or FIFO is written in
 * place. Failures name the file and give the system's reason: MPOL_EIO
 * "PATH: No space left on device", "PATH: No such file or directory", "PATH: Is a directory";
 * MPOL_EINVAL for a NULL argument or bad digits.
 */
MPOL_API mpol_status mpol_sweep_write_file(const mpol_sweep_result *result, const mpol_model *model,
                                           const char *path, int json,
                                           const mpol_sweep_csv_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_SWEEP_H */
