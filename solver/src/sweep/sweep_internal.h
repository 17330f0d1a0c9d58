/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The interface between the sweep engine and the game kinds: each kind that can be swept
 * supplies a per-thread workspace that evaluates the model at a parameter vector, solves,
 * verifies and summarises the structure of the solution as a 64-bit signature.
 */
#ifndef MPOL_INTERNAL_SWEEP_KIND_H
#define MPOL_INTERNAL_SWEEP_KIND_H

#include "multipolar/model.h"
#include "multipolar/sweep.h"

typedef struct mpol_i_sweep_kind {
    const char *value_name;       /* headline number, e.g. "value" */
    const char *certificate_name; /* e.g. "duality_gap" */
    /* A per-thread workspace for @p model with the method and method options of @p opts
     * (never NULL; opts->method may be NULL: the kind's default). */
    mpol_status (*ws_alloc)(void **ws, const mpol_model *model, const mpol_sweep_opts *opts);
    void (*ws_free)(void *ws);
    /* Solution column names (allocated with mpol_malloc, each owned by the caller). */
    mpol_status (*columns)(void *ws, size_t *ncols, char ***names);
    /* Solves at the full parameter vector @p params. @p warm is non-zero when the previous
     * solve in this workspace was at a neighbouring point. */
    mpol_status (*solve)(void *ws, const double *params, int warm, double *value, double *solution,
                         double *certificate, uint64_t *signature, int *verified);
    /* A description of the structure found by the last solve (mpol_malloc'd). */
    char *(*describe)(void *ws);
    /* Non-zero when an unverified solve has no trustworthy structure (normal form: no
     * equilibrium was found), so a bisection stops at such a midpoint; zero when the check
     * is a cross-check of a structure that stays exact (voting: the DP indices round a
     * quota near an integer) and the bisection may go on. Grid points that fail
     * verification are failed points for every kind. */
    int unverified_is_failed;
} mpol_i_sweep_kind;

/* The adapter for a model's kind, or NULL if that kind cannot be swept. */
const mpol_i_sweep_kind *mpol_i_sweep_kind_for(mpol_model_kind kind);

/* The adapter that sweeps @p model with @p method: the method's own adapter where the
 * method table (sweep_methods.c) has one for the model's kind, otherwise the kind's
 * (mpol_i_sweep_kind_for), or NULL if neither can sweep it. */
const mpol_i_sweep_kind *mpol_i_sweep_adapter(const mpol_model *model, const char *method);

/* A method of the strategic kinds with a sweep adapter of its own (Stackelberg, correlated
 * equilibria, bargaining, ...): one line of the table in sweep_methods.c. */
typedef struct mpol_i_sweep_method {
    const char *name;               /* the --method spelling */
    unsigned kinds;                 /* bit (1u << MPOL_MODEL_<KIND>) per kind it applies to */
    const mpol_i_sweep_kind *sweep; /* its adapter */
} mpol_i_sweep_method;

/* Writes "name=value, name=value" for the axis values of one grid point (for messages). */
void mpol_i_sweep_point_text(char *buf, size_t size, const mpol_model *model,
                             const mpol_sweep_grid *grid, const double *axis_values);

extern const mpol_i_sweep_kind mpol_i_sweep_zero_sum;
extern const mpol_i_sweep_kind mpol_i_sweep_bimatrix;
extern const mpol_i_sweep_kind mpol_i_sweep_normal_form;
extern const mpol_i_sweep_kind mpol_i_sweep_tu;
extern const mpol_i_sweep_kind mpol_i_sweep_voting;
extern const mpol_i_sweep_kind mpol_i_sweep_hedonic;
/* sweep_bargain.c: nash-bargaining; kalai-smorodinsky and egalitarian; ess */
extern const mpol_i_sweep_kind mpol_i_sweep_nash_bargaining;
extern const mpol_i_sweep_kind mpol_i_sweep_ray_bargaining;
extern const mpol_i_sweep_kind mpol_i_sweep_ess;
extern const mpol_i_sweep_kind mpol_i_sweep_stackelberg; /* the Stackelberg methods */
extern const mpol_i_sweep_kind mpol_i_sweep_bayes_stackelberg;
/* --method correlated and coarse-correlated (sweep_correlated.c) */
extern const mpol_i_sweep_kind mpol_i_sweep_correlated;
extern const mpol_i_sweep_kind mpol_i_sweep_stochastic; /* sweep_stochastic.c */
extern const mpol_i_sweep_kind mpol_i_sweep_tree;       /* sweep_tree.c */
extern const mpol_i_sweep_kind mpol_i_sweep_bayesian;   /* sweep_bayesian.c */
extern const mpol_i_sweep_kind mpol_i_sweep_repeated;   /* sweep_repeated.c */

/* Helpers for adapters: a growing string buffer. */
typedef struct mpol_i_strbuf {
    char *s;
    size_t len, cap;
    int failed;
} mpol_i_strbuf;
void mpol_i_strbuf_add(mpol_i_strbuf *b, const char *fmt, ...) MPOL_PRINTF(2, 3);
/* Returns the string (owned by the caller) or NULL if an allocation failed. */
char *mpol_i_strbuf_take(mpol_i_strbuf *b);

/* Writes the name of column @p c into @p b. */
typedef void (*mpol_i_sweep_column_fn)(mpol_i_strbuf *b, const void *ctx, size_t c);

/* Allocates the @p ncols column names of an adapter (the `columns` callback): name c is
 * written by @p fn. On failure nothing is left allocated and *names is NULL. */
mpol_status mpol_i_sweep_columns(size_t ncols, mpol_i_sweep_column_fn fn, const void *ctx,
                                 char ***names);

/* The columns "Player:strategy" of every player's strategies, players in order. */
mpol_status mpol_i_sweep_strategy_columns(const mpol_game *game, size_t *ncols, char ***names);

/* Number formatting for the writers (sweep_format.c): like snprintf("%.*g", digits, x) with
 * digits clamped to 1..17, but "0" for zero and "nan"/"inf"/"-inf"; digits up to
 * MPOL_I_SWEEP_FAST_DIGITS use the fast path. Writes at most MPOL_I_SWEEP_NUM_MAX bytes, no
 * terminating NUL; returns the length. */
#define MPOL_I_SWEEP_FAST_DIGITS 15
#define MPOL_I_SWEEP_NUM_MAX 32
size_t mpol_i_sweep_format_num(char *buf, double x, int digits);

/* FNV-1a step for signatures. */
static inline uint64_t mpol_i_hash_step(uint64_t h, uint64_t x)
{
    for (int k = 0; k < 8; k++) {
        h ^= (x >> (8 * k)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}
#define MPOL_I_HASH_INIT 0xcbf29ce484222325ULL

#endif /* MPOL_INTERNAL_SWEEP_KIND_H */
