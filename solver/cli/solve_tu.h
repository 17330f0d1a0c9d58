/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The parts of `multipolar solve` for tu models (solve_tu.c): the solutions and their
 * library certificates (solve_tu_solve.c), and the report built from them, its text form
 * (solve_tu_text.c) and its JSON and CSV forms (solve_tu_json.c).
 */
#ifndef MPOL_CLI_SOLVE_TU_H
#define MPOL_CLI_SOLVE_TU_H

#include "cli.h"
#include "multipolar/coalition.h"
#include "multipolar/core.h"
#include "multipolar/report.h"
#include "multipolar/values.h"

/* Most players for the LP-based solutions (core, least core, nucleolus, prenucleolus):
 * n = 25 takes seconds (docs/nucleolus.md); the 2^n table itself allows 30. */
#define TU_LP_MAX_PLAYERS 25

/* Largest game whose default report includes the optimal coalition structure. */
#define CSG_DEFAULT_MAX 16
/* Largest game for which the coalition structure is also computed by the plain DP. */
#define CSG_CROSS_CHECK_MAX 16

typedef enum sol_id {
    SOL_SHAPLEY,
    SOL_BANZHAF,
    SOL_TAU,
    SOL_OWEN,
    SOL_MYERSON,
    SOL_CORE,
    SOL_LEAST_CORE,
    SOL_NUCLEOLUS,
    SOL_PRENUCLEOLUS,
    SOL_CSG,
    SOL_PCORE,
    SOL_COUNT
} sol_id;

/* The method names (--method), their JSON keys and their text column titles. */
extern const char *const tu_sol_keys[SOL_COUNT];
extern const char *const tu_sol_json_keys[SOL_COUNT];

typedef enum sol_state {
    ST_NONE = 0,  /* not requested */
    ST_OK,        /* computed and verified */
    ST_FAILED,    /* computed, the check failed (or the solver reported MPOL_EVERIFY) */
    ST_UNDEFINED, /* does not exist for this game: reason */
    ST_SKIPPED,   /* above the method's size limit (default report only): reason */
    ST_ERROR      /* the solver failed: reason */
} sol_state;

#define TU_MAX_CHECKS 6

typedef struct sol {
    sol_state state;
    char reason[512];
    const double *x; /* n payoffs (borrowed from the result below), or NULL */
    size_t nchecks;
    const char *check_name[TU_MAX_CHECKS];
    double check_val[TU_MAX_CHECKS];
} sol;

typedef struct tu_report {
    const mpol_model *model;
    const mpol_tu_game *g;
    double tol, scale; /* relative tolerance and mpol_tu_scale() */
    size_t nunions;
    size_t *union_of;
    mpol_coalition unions[32]; /* the unions as coalitions, in label order */
    const size_t *edges;
    size_t nedges;
    sol s[SOL_COUNT];
    mpol_value *val[SOL_MYERSON + 1];
    mpol_core_result *core;
    mpol_least_core_result *lc;
    mpol_tu_excess_cert lc_cert;   /* the least core's excesses recounted */
    mpol_nucleolus_result *nuc[2]; /* nucleolus, prenucleolus */
    mpol_csg_result *csg;
    int csg_refused; /* the coalition structure exceeds the memory limit */
    mpol_tu_core_check *pc;
    const char *pc_from; /* "--partition" or "the model's unions" */
    mpol_coalition pc_parts[32];
    size_t pc_nparts;
} tu_report;

/* Runs solution @p id (not SOL_CSG) into r->s[id], with its certificate. */
void tu_solve(tu_report *r, sol_id id, const mpol_core_opts *co);
/* Runs the optimal coalition structure (work memory limit @p max_mib, <= 0: default). */
void tu_solve_csg(tu_report *r, double max_mib);
/* Sets r->s[id] to @p state with the reason @p msg. */
void tu_set_reason(sol *s, sol_state state, const char *msg);

/* The report of @p r (JSON "verified": @p all_ok); NULL when memory runs out. */
mpol_report *tu_build_report(const tu_report *r, int all_ok);
/* Adds the text form of @p r to @p root (text-only nodes). */
void tu_text_report(mpol_report_node *root, const tu_report *r);

#endif /* MPOL_CLI_SOLVE_TU_H */
