/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve` for tu models: the one-point values (Shapley,
 * normalised Banzhaf, tau, Owen with the model's unions, Myerson with its graph) and the
 * core family (core or its emptiness certificate, least core, nucleolus and prenucleolus
 * with the Kohlberg check), each with its independent check, as text, JSON (schema in
 * docs/cooperative.md) or CSV. `--method NAME` restricts the report to one solution. Exit 1
 * if any reported check fails; a solution that does not exist for the game (tau of a game
 * that is not quasi-balanced, the nucleolus of a game without imputations) is reported with
 * the reason and is not a failure. Coalition formation (docs/coalition.md): the optimal
 * coalition structure (IDP, cross-checked by the plain DP up to CSG_CROSS_CHECK_MAX players;
 * in the default report up to CSG_DEFAULT_MAX) and the core stability of a partition
 * (--partition "A+B,C", else the model's unions) with equal shares inside each part, with
 * the blocking coalition. The solutions and their certificates come from the library
 * (solve_tu_solve.c); the report is built in solve_tu_json.c and solve_tu_text.c.
 */
#include "solve_tu.h"

#include <stdlib.h>
#include <string.h>

const char *const tu_sol_keys[SOL_COUNT] = {
    "shapley",       "banzhaf",    "tau",       "owen",         "myerson",
    "core",          "least-core", "nucleolus", "prenucleolus", "coalition-structure",
    "partition-core"};
const char *const tu_sol_json_keys[SOL_COUNT] = {
    "shapley",       "banzhaf",    "tau",       "owen",         "myerson",
    "core",          "least_core", "nucleolus", "prenucleolus", "coalition_structure",
    "partition_core"};

/* The solution named by --method into *only (-1: all); 0, or CLI_EXIT_USAGE. */
static int parse_method(const char *method, int *only)
{
    *only = -1;
    if (method == NULL)
        return CLI_EXIT_OK;
    for (int id = 0; id < SOL_COUNT && *only < 0; id++)
        if (strcmp(method, tu_sol_keys[id]) == 0 || strcmp(method, tu_sol_json_keys[id]) == 0)
            *only = id;
    if (*only >= 0)
        return CLI_EXIT_OK;
    fprintf(stderr,
            "multipolar solve: tu methods are shapley, banzhaf, tau, owen, "
            "myerson, core, least-core, nucleolus, prenucleolus, "
            "coalition-structure, partition-core; not '%s'\n",
            method);
    return CLI_EXIT_USAGE;
}

/* The game, its unions (as labels and as coalitions) and its graph; an exit code. */
static int load_game(tu_report *r, mpol_model *model, mpol_tu_game **g)
{
    mpol_status st = mpol_model_tu(g, model);
    if (st == MPOL_OK)
        st = mpol_model_tu_unions(model, NULL, &r->nunions);
    if (st == MPOL_OK && r->nunions > 0) {
        if ((r->union_of = calloc((*g)->n, sizeof *r->union_of)) == NULL) {
            fprintf(stderr, "multipolar solve: out of memory\n");
            return CLI_EXIT_FAILURE;
        }
        st = mpol_model_tu_unions(model, r->union_of, &r->nunions);
        if (st == MPOL_OK)
            st = mpol_partition_from_labels(r->unions, &r->nunions, (*g)->n, r->union_of);
    }
    if (st == MPOL_OK)
        st = mpol_model_tu_graph(model, &r->edges, &r->nedges);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    r->g = *g;
    r->scale = mpol_tu_scale(*g);
    return CLI_EXIT_OK;
}

/* Refuses a --method the model cannot answer; an exit code. */
static int check_only(const tu_report *r, int only)
{
    const char *src = mpol_model_source(r->model);
    if (only == SOL_OWEN && r->nunions == 0) {
        fprintf(stderr,
                "multipolar solve: %s: the Owen value needs a priori unions; the model "
                "has no unions: key\n",
                src);
        return CLI_EXIT_USAGE;
    }
    if (only == SOL_MYERSON && r->edges == NULL) {
        fprintf(stderr,
                "multipolar solve: %s: the Myerson value needs a communication graph; "
                "the model has no graph: key\n",
                src);
        return CLI_EXIT_USAGE;
    }
    if (only >= SOL_CORE && only <= SOL_PRENUCLEOLUS && r->g->n > TU_LP_MAX_PLAYERS) {
        fprintf(stderr,
                "multipolar solve: %s: method %s handles at most %d players; this game "
                "has %zu\n",
                src, tu_sol_keys[only], TU_LP_MAX_PLAYERS, r->g->n);
        return CLI_EXIT_FAILURE; /* work over a limit */
    }
    return CLI_EXIT_OK;
}

/* The partition whose core stability is checked (--partition, else the unions). */
static int setup_partition(tu_report *r, const char *partition)
{
    const mpol_tu_game *g = r->g;
    if (partition != NULL) {
        int rc = cli_parse_partition(partition, g->names, g->n, r->pc_parts, &r->pc_nparts);
        if (rc != CLI_EXIT_OK)
            return rc;
        r->pc_from = "--partition";
    } else if (r->nunions > 0) {
        r->pc_nparts = r->nunions;
        memcpy(r->pc_parts, r->unions, r->nunions * sizeof *r->unions);
        r->pc_from = "the model's unions";
    } else {
        fprintf(stderr,
                "multipolar solve: %s: partition-core needs a partition: --partition "
                "\"A+B,C\" or unions: in the model\n",
                mpol_model_source(r->model));
        return CLI_EXIT_USAGE;
    }
    mpol_partition_sort(r->pc_parts, r->pc_nparts);
    return CLI_EXIT_OK;
}

static void solve_all(tu_report *r, int only, int want_pcore, const cli_solve_opts *o)
{
    mpol_core_opts co;
    mpol_core_opts_init(&co);
    co.tol = o->tol;
    for (int id = 0; id < SOL_COUNT; id++) {
        if (only >= 0 && id != only)
            continue;
        if ((id == SOL_OWEN && r->nunions == 0) || (id == SOL_MYERSON && r->edges == NULL))
            continue;
        if (id == SOL_CSG && only < 0 && r->g->n > CSG_DEFAULT_MAX)
            continue;
        if (id == SOL_PCORE && !want_pcore)
            continue;
        if (id == SOL_CSG)
            tu_solve_csg(r, o->max_memory_mib);
        else
            tu_solve(r, (sol_id)id, &co);
    }
}

/* Writes the report in the chosen format and the failed solutions to stderr; an exit code. */
static int write_report(const tu_report *r, const cli_solve_opts *o)
{
    int all_ok = 1;
    for (int id = 0; id < SOL_COUNT; id++)
        all_ok &= r->s[id].state != ST_FAILED && r->s[id].state != ST_ERROR;
    int rc = cli_report_emit("solve", tu_build_report(r, all_ok), o->format);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (all_ok)
        return CLI_EXIT_OK;
    fprintf(stderr, "multipolar solve: verification failed:");
    for (int id = 0; id < SOL_COUNT; id++)
        if (r->s[id].state == ST_FAILED || r->s[id].state == ST_ERROR)
            fprintf(stderr, " %s", tu_sol_keys[id]);
    fprintf(stderr, "\n");
    return CLI_EXIT_FAILURE;
}

static int refuse_csg(const tu_report *r, const cli_solve_opts *o)
{
    double limit =
        o->max_memory_mib > 0 ? o->max_memory_mib : (double)MPOL_CSG_DEFAULT_MAX_BYTES / 1048576.0;
    fprintf(stderr,
            "multipolar solve: %s: coalition-structure refused: %zu players need %zu bytes "
            "of tables, above the limit of %.6g MiB (--max-memory)\n",
            mpol_model_source(r->model), r->g->n, mpol_csg_memory(r->g->n), limit);
    return CLI_EXIT_FAILURE; /* work over a limit */
}

int cli_solve_tu(mpol_model *model, const cli_solve_opts *o)
{
    tu_report r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    mpol_tu_game *g = NULL;
    int only, rc = parse_method(o->method, &only);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact has no effect for tu games; every "
                        "floating-point answer is verified instead\n");
    if ((rc = load_game(&r, model, &g)) != CLI_EXIT_OK || (rc = check_only(&r, only)) != 0)
        goto done;
    int want_pcore = only == SOL_PCORE || (only < 0 && o->partition != NULL);
    if (want_pcore && (rc = setup_partition(&r, o->partition)) != CLI_EXIT_OK)
        goto done;
    solve_all(&r, only, want_pcore, o);
    rc = only == SOL_CSG && r.csg_refused ? refuse_csg(&r, o) : write_report(&r, o);
done:
    for (int id = 0; id <= SOL_MYERSON; id++)
        mpol_value_free(r.val[id]);
    mpol_core_result_free(r.core);
    mpol_least_core_result_free(r.lc);
    mpol_nucleolus_result_free(r.nuc[0]);
    mpol_nucleolus_result_free(r.nuc[1]);
    mpol_csg_result_free(r.csg);
    mpol_tu_core_check_free(r.pc);
    free(r.union_of);
    mpol_tu_free(g);
    return rc;
}
