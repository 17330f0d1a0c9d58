/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the `multipolar` command line (no algorithms here). */
#ifndef MPOL_CLI_H
#define MPOL_CLI_H

#include <stddef.h>
#include <stdio.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} cli_command;

const cli_command *cli_commands(size_t *n);
const cli_command *cli_find_command(const char *name);
void cli_print_usage(FILE *out);

/* Process-wide set-up: GSL's abort handler off. */
void cli_init(void);

int cmd_solve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#endif /* MPOL_CLI_H */

/* ---- shared helpers (cli_common.c) ---- */
#include "multipolar/model.h"

typedef enum cli_format { CLI_FORMAT_TEXT = 0, CLI_FORMAT_JSON = 1, CLI_FORMAT_CSV = 2 } cli_format;

/* Parses "text", "json" or "csv" (csv only where @p allow_csv). Returns 0 on success. */
int cli_parse_format(const char *s, int allow_csv, cli_format *out);

/* The bundled default model: ./models/kazakhstan/hedging.yaml if present, else the copy in
 * the source tree the binary was built from. */
const char *cli_default_model(void);

/*
 * Loads a model from a YAML file, or a game from a Gambit .nfg/.efg file (by extension)
 * wrapped as a model (zero-sum if the game is two-player zero-sum, bimatrix if two-player,
 * else normal-form). On failure prints the library's message to stderr and returns the
 * exit code (2 for model errors, 1 otherwise); 0 on success.
 */
int cli_load_model(const char *path, mpol_model **out);

/* Applies "--set name=value". Prints an error and returns 2 on failure, 0 on success. */
int cli_apply_set(mpol_model *model, const char *assignment);

/* Maps a library status to an exit code (model/usage errors 2, others 1). */
int cli_exit_for(mpol_status st);

/* Prints "multipolar CMD: <library message>" to stderr for runtime failures, or the bare
 * "FILE:LINE:COL: message" for model errors, and returns the exit code. */
int cli_fail(const char *cmd, mpol_status st);

/* True if the string ends with the suffix (case-insensitive). */
int cli_has_suffix(const char *s, const char *suffix);

/* ---- solve (cmd_solve.c and solve_<kind>.c) ---- */
#include "json.h"

typedef struct cli_solve_opts {
    const char *method; /* --method, NULL for the default */
    int all;            /* --all */
    int exact;          /* --exact */
    int eliminate;      /* iterated elimination of dominated strategies (default on) */
    double tol;         /* --tol, verification tolerance */
    cli_format format;
    const char *partition; /* --partition "A+B,C" (tu, hedonic), NULL if not given */
    const char *actor;     /* --actor NAME (weighted-voting: capability range), or NULL */
    double max_memory_mib; /* --max-memory (tu coalition structure), <= 0: the default */
} cli_solve_opts;

#include "multipolar/coalition.h"

/*
 * Parses a partition written "A+B,C" (parts separated by ',', members by '+', names
 * trimmed of surrounding spaces; players not named are alone) against @p names. On
 * success returns 0 and fills @p parts (caller's array of n entries) by lowest member and
 * *nparts; otherwise prints "multipolar solve: --partition: ..." to stderr and returns 2.
 */
int cli_parse_partition(const char *text, char **names, size_t n, mpol_coalition *parts,
                        size_t *nparts);

/* Each returns an exit code; output goes to stdout, diagnostics to stderr. */
int cli_solve_zero_sum(mpol_model *model, const cli_solve_opts *opts);
/* --all on a zero-sum or two-player constant-sum game (@p constant_sum 1): every extreme
 * optimal strategy of each player (solve_zero_sum_all.c). */
int cli_solve_zero_sum_all(mpol_model *model, const cli_solve_opts *opts, int constant_sum);
/* Sets *constant_sum to 1 if the model's game has two players whose payoffs add up to the
 * same number in every cell; returns an exit code (0 on success). */
int cli_game_constant_sum(const mpol_model *model, int *constant_sum);
int cli_solve_bimatrix(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_normal_form(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_tu(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_wvg(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_hedonic(mpol_model *model, const cli_solve_opts *opts);

/* Report helpers shared by the kinds. */
void cli_text_header(FILE *out, const mpol_model *model);
void cli_json_header(json_writer *w, const mpol_model *model);
/* Formats a probability vector entry for text reports. */
void cli_text_strategy_table(FILE *out, const char *player, const char *role, char **names,
                             const double *p, size_t n, const unsigned char *removed);

/* ---- sweep (cmd_sweep.c, plot.c) ---- */
#include "multipolar/sweep.h"

int cmd_sweep(int argc, char **argv);

/* Draws the sweep (solution and value against the parameter, regimes shaded; a regime map
 * for two parameters) to an .svg or .png file with PLplot. Returns an exit code. */
int cli_plot_sweep(const mpol_sweep_result *r, const mpol_model *model, const char *path);

/* A progress bar on stderr when it is a terminal (quiet otherwise). */
typedef struct cli_progress {
    int enabled;
    const char *label;
    double started;
    int last_permille;
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label, int quiet);
void cli_progress_update(void *userdata, size_t done, size_t total);
void cli_progress_finish(cli_progress *p);
double cli_now(void);
