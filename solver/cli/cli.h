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
/* Loads a YAML model from standard input (the path "-"; at most 16 MiB; source name
 * "<stdin>"). Returns an exit code, the message printed (cli_stdin.c). */
int cli_load_stdin_model(mpol_model **out);
/* Under --format json in @p argv (a command's arguments), tees standard error and counts
 * standard output (cli_error_json.c). */
void cli_error_json_begin(int argc, char **argv);
/* Under --format json, when @p rc is not 0 and nothing went to standard output, writes the
 * error document {"schema": "multipolar/error/1", "error": {...}} there. Returns @p rc. */
int cli_error_json_end(int rc);

/* Applies "--set name=value". Prints an error and returns 2 on failure, 0 on success. */
int cli_apply_set(mpol_model *model, const char *assignment);

/* Strict number parsing for options: the whole string, finite, no overflow. Return 0 on
 * success, -1 otherwise (nothing printed). */
int cli_parse_double(const char *s, double *out);
int cli_parse_long(const char *s, long lo, long hi, long *out);

/* The name of the command being run, set by main() before dispatch ("" before). */
void cli_set_command(const char *name);
const char *cli_command_name(void);

/* A library message made fit to show, without library symbols: "mpol_f: " prefixes (the
 * function's name) are removed, "mpol_f(...) or --flag" keeps "--flag", "mpol_opts.field"
 * keeps "field", any other "mpol_" prefix is dropped. Writes into @p buf and returns it. */
const char *cli_message(const char *msg, char *buf, size_t size);

/* Maps a library status to an exit code: model/usage errors (EPARSE, EINVAL, EDIM,
 * ENUMERIC) 2; solver failures, failed checks, limits (ELIMIT), I/O errors and out of
 * memory 1. */
int cli_exit_for(mpol_status st);

/* Prints "multipolar CMD: <library message>" to stderr for runtime failures, or the bare
 * "FILE:LINE:COL: message" for model errors, and returns the exit code. */
int cli_fail(const char *cmd, mpol_status st);

/* True if the string ends with the suffix (case-insensitive). */
int cli_has_suffix(const char *s, const char *suffix);

/* ---- solve (cmd_solve.c and solve_<kind>.c) ---- */
#include "multipolar/report.h"
#include "multipolar/sweep.h"

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
    double quota;          /* --quota (EPIC .csv weight files), <= 0: the file's */
    int timing;            /* --timing: phase times to stderr */
    mpol_method_args args; /* --leader, --objective, --disagreement, --feasible */
} cli_solve_opts;

/* A method of the strategic kinds with a report of its own (Stackelberg, correlated
 * equilibria, bargaining, ...): one line of the table in methods.c. `solve --method NAME`
 * runs it instead of the kind's solve command. */
#define CLI_ARG_LEADER 1u       /* it reads --leader */
#define CLI_ARG_OBJECTIVE 2u    /* --objective */
#define CLI_ARG_DISAGREEMENT 4u /* --disagreement */
#define CLI_ARG_FEASIBLE 8u     /* --feasible */
typedef struct cli_method {
    const char *name; /* the --method spelling */
    unsigned kinds;   /* bit (1u << MPOL_MODEL_<KIND>) per kind it applies to */
    unsigned args;    /* CLI_ARG_* it reads; the others are refused */
    int (*solve)(mpol_model *model, const cli_solve_opts *opts);
} cli_method;
/* The method named @p name, or NULL if the table has none (a kind's own method). */
const cli_method *cli_method_for(const char *name);
/* 0 if the method options in @p args are all read by @p m (NULL: by the kind's own methods,
 * none), else prints "multipolar CMD: --leader applies to ..." and returns 2. */
int cli_method_check_args(const char *cmd, const cli_method *m, const mpol_method_args *args);

/* `solve --timing` (timing.c; the clock is cli_now): the kinds add the time of a
 * verification that is a call of its own, cli_report_emit the writing; cmd_solve prints. */
typedef enum cli_phase { CLI_PHASE_VERIFY = 0, CLI_PHASE_WRITE = 1, CLI_PHASE_COUNT = 2 } cli_phase;
void cli_timing_add(cli_phase phase, double seconds);
/* Prints "timing: read R s, solve S s, verify V s, write W s" (@p kind_s: the kind's whole
 * solve command, its verification and writing taken out). */
void cli_timing_print(FILE *out, double read_s, double kind_s);

/* Loads an EPIC .csv weight file with @p quota (every number in it a weight) as a
 * weighted-voting model (solve_wvg.c). @return an exit code (message printed). */
int cli_load_wvg_quota(const char *path, double quota, mpol_model **out);

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
int cli_solve_bimatrix(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_normal_form(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_tu(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_wvg(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_hedonic(mpol_model *model, const cli_solve_opts *opts);
/* --method nash-bargaining, kalai-smorodinsky, egalitarian (solve_bargain.c) and ess
 * (solve_ess.c). */
int cli_solve_bargain(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_ess(mpol_model *model, const cli_solve_opts *opts);
/* --method stackelberg, stackelberg-pure, stackelberg-weak (solve_stackelberg.c). */
int cli_solve_stackelberg(mpol_model *model, const cli_solve_opts *opts);
/* bayesian-stackelberg models (solve_bayes_stackelberg.c). */
int cli_solve_bayes_stackelberg(mpol_model *model, const cli_solve_opts *opts);
/* stochastic models (solve_stochastic.c). */
int cli_solve_stochastic(mpol_model *model, const cli_solve_opts *opts);
/* tree models (solve_tree.c). */
int cli_solve_tree(mpol_model *model, const cli_solve_opts *opts);
/* bayesian models (solve_bayesian.c). */
int cli_solve_bayesian(mpol_model *model, const cli_solve_opts *opts);
/* repeated models (solve_repeated.c). */
int cli_solve_repeated(mpol_model *model, const cli_solve_opts *opts);
/* --method correlated / coarse-correlated on the strategic kinds (solve_correlated.c). */
int cli_solve_correlated(mpol_model *model, const cli_solve_opts *opts);
int cli_solve_coarse_correlated(mpol_model *model, const cli_solve_opts *opts);

/* The CLI's one table of kinds (kinds.c): a kind's solve command and the solve options
 * that apply to it. A new kind is one line there (and its solve_<kind>.c). */
enum {
    CLI_KIND_PARTITION = 1u << 0,  /* --partition */
    CLI_KIND_ACTOR = 1u << 1,      /* --actor */
    CLI_KIND_MAX_MEMORY = 1u << 2, /* --max-memory */
    CLI_KIND_STRATEGIC = 1u << 3   /* has a strategic form (convert -o OUT.nfg) */
};
typedef struct cli_kind {
    int (*solve)(mpol_model *model, const cli_solve_opts *opts);
    /* The kind's part of the report of `multipolar check` (NULL: none), under @p node. */
    mpol_status (*summary)(const mpol_model *model, mpol_report_node *node);
    unsigned flags; /* CLI_KIND_* */
} cli_kind;
/* The summaries of `check` (cmd_check.c). */
mpol_status cli_check_strategic(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_tu(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_stochastic(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_tree(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_bayesian(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_repeated(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_wvg(const mpol_model *model, mpol_report_node *node);
mpol_status cli_check_composite(const mpol_model *model, mpol_report_node *node);
/* The entry of @p kind, or NULL where the CLI cannot solve it. */
const cli_kind *cli_kind_for(mpol_model_kind kind);

/* Report helpers shared by the kinds. */
/* For a one-player game (a decision problem), its optimal value and every optimal choice,
 * from the payoff table (solve_decision.c), under @p parent: a text line starting with
 * @p indent and a JSON "decision_problem" object. Returns 1, or 0 (nothing added) for other
 * games. */
int cli_decision_report(mpol_report_node *parent, const mpol_game *game, const char *indent);
/* A report headed by @p model (title, kind, source, parameters) with the JSON schema
 * "multipolar/<kind>/1", or NULL when out of memory (cli_report.c). */
mpol_report *cli_report_new(const mpol_model *model);
/* Writes @p rep to standard output in @p format (its time counts as --timing's write) and
 * frees it. Returns 0, or the exit code of cli_fail(@p cmd, ...) when it failed to build
 * (NULL: out of memory) or to write. */
int cli_report_emit(const char *cmd, mpol_report *rep, cli_format format);
/* The exit code after a verified solver's report: @p rc (cli_report_emit's) unless that was
 * 0 and the result is not @p verified, then 1, with "multipolar solve: verification failed:
 * MSG" on stderr when the solver returned MPOL_EVERIFY (@p msg: its message, saved before
 * the report was built). */
int cli_report_verdict(int rc, mpol_status st, int verified, const char *msg);
/* @p x, or 0 where |x| <= @p bound: the reports print round-off below the verification
 * tolerance (probabilities: tol; payoffs and regrets: tol times the payoff scale) as 0. */
double cli_snap(double x, double bound);
/* A list @p key of the names[i] of the members i < @p n of coalition @p s (a JSON array of
 * strings; in text like a section), under @p parent. */
mpol_report_node *cli_report_members(mpol_report_node *parent, const char *key, char *const *names,
                                     size_t n, mpol_coalition s);

/* ---- sweep (cmd_sweep.c, plot.c) ---- */
#include "multipolar/sweep.h"

int cmd_sweep(int argc, char **argv);

/* Draws the sweep (solution and value against the parameter, regimes shaded; a regime map
 * for two parameters) to an .svg or .png file with PLplot. Returns an exit code. */
int cli_plot_sweep(const mpol_sweep_result *r, const mpol_model *model, const char *path);

/* Prints the sweep's failed points (no verified solution; in no regime) with their
 * parameter values and the reason; nothing when there are none. */
void cli_sweep_print_failed(FILE *out, const mpol_sweep_result *r, const mpol_model *model);

/* A progress bar on stderr when it is a terminal (quiet otherwise). */
typedef struct cli_progress {
    int enabled;
    const char *label;
    double started;
    int last_permille;
    int phase;            /* 0: points; 1: breakpoint refinement (a second bar) */
    char phase_label[64]; /* label of the second bar */
    double delay;         /* seconds before the bar is first drawn (0: at once) */
    int drawn;            /* the bar has been drawn */
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label, int quiet);
/* As cli_progress_init, but the bar appears only once @p delay seconds have passed (so
 * that quick solves print nothing). */
void cli_progress_init_delayed(cli_progress *p, const char *label, double delay);
void cli_progress_update(void *userdata, size_t done, size_t total);
/* The mpol_sweep_opts.refine_progress callback: ends the points bar and draws a second one,
 * "refining N breakpoints", with the breakpoints bisected so far. */
void cli_progress_refine(void *userdata, size_t done, size_t total);
void cli_progress_finish(cli_progress *p);
double cli_now(void);

/* ---- output files (output.c) ---- */

/*
 * An output being written. A regular file (new or existing) is written to a temporary in its
 * folder and renamed over it by cli_output_close() only when every write, the flush and the
 * close succeeded; a device, FIFO or descriptor alias (/dev/full, /dev/stdout) is written in
 * place; NULL or "-" is standard output. Failures print "multipolar CMD: NAME: reason" and
 * give exit code 1.
 */
typedef struct cli_output {
    FILE *f;          /* where the writer writes */
    const char *cmd;  /* the command, for messages */
    const char *path; /* the target as given; NULL for standard output */
    const char *temp; /* the temporary, NULL when written in place */
    char *final;      /* the name the temporary is renamed to (symbolic links resolved) */
    int slot;         /* the signal handler's registry slot of the temporary, or -1 */
} cli_output;

/* Opens an output (see above). Returns 0, or prints the reason and returns 1. */
int cli_output_open(cli_output *o, const char *cmd, const char *path);
/* Checks before the work that @p path can be written: its folder exists and takes a new file
 * (the temporary is created and removed), it is not a folder, an existing file is writable.
 * NULL or "-" passes. Returns 0, or prints "multipolar CMD: PATH: reason" and returns 1. */
int cli_output_check(const char *cmd, const char *path);
/* Finishes an output after its writer returned @p st: checks ferror, fflush and fclose and
 * renames the temporary over the target. Returns the exit code: 0; 1 (printed with the name
 * and the system's reason) for an I/O failure; the writer's own code for another failure.
 * The temporary is removed and an old file left intact on every failure. */
int cli_output_close(cli_output *o, mpol_status st);
/* Abandons an output: removes the temporary, leaves the old file as it was. */
void cli_output_discard(cli_output *o);
/* The target's name for messages ("standard output" for stdout). */
const char *cli_output_name(const cli_output *o);
/* SIGINT and SIGTERM remove the temporaries, print "multipolar CMD: interrupted" and re-raise
 * the signal with the default action (exit status 128 + signal in a shell). Idempotent. */
void cli_signals_install(const char *cmd);
/* The registry of temporaries the signal handler removes (signals.c): claims a slot for
 * @p name before the file exists (returns the slot, or -1 when none is free or the name is
 * too long), releases it (a negative slot: nothing), and the slot's stored name. */
int cli_temp_register(const char *name);
void cli_temp_unregister(int slot);
const char *cli_temp_name(int slot);
/* Flushes and closes standard output at exit; on failure prints "multipolar CMD: standard
 * output: reason" ("multipolar: ..." for a NULL @p cmd; once) and turns exit code 0 into 1. */
int cli_close_stdout(const char *cmd, int rc);
