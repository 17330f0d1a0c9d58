/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hedonic report's answers, shared by solve_hedonic.c (which computes them with the
 * library) and solve_hedonic_report.c (which only formats them). */
#ifndef MPOL_CLI_SOLVE_HEDONIC_H
#define MPOL_CLI_SOLVE_HEDONIC_H

#include "cli.h"
#include "multipolar/report.h"

typedef struct cli_hedonic_run {
    const mpol_model *model;
    const mpol_hedonic *g;
    double tol;
    unsigned concepts;          /* MPOL_HEDONIC_* flags reported */
    int do_check, do_search;    /* --method search: no check; a concept: both */
    const char *partition_from; /* "given with --partition", "from the model", NULL: none */
    mpol_coalition parts[32];
    size_t nparts;
    mpol_hedonic_certificate cert;         /* the partition's (do_check, partition_from) */
    mpol_hedonic_stable_list *list;        /* n <= MPOL_HEDONIC_LIST_MAX, else NULL */
    mpol_hedonic_search_result *search[3]; /* per concept; NULL: skipped */
    char search_skip[3][256];              /* why a search was skipped */
    mpol_hedonic_search_certificate scert[3];
    int ok; /* every certificate verified */
} cli_hedonic_run;

/* "nash", "individual", "core": the JSON keys of the concepts [0..2]. */
extern const char *const cli_hedonic_concept_key[3];

/* The verdict of concept @p k (0 Nash, 1 individual, 2 core): 1, 0 or -1 (not checked). */
static inline int cli_hedonic_verdict(const mpol_hedonic_check *c, int k)
{
    return k == 0 ? c->nash : k == 1 ? c->individual : c->core;
}

/* Adds the text form of the report of @p r to @p root (text-only lines). */
void cli_hedonic_text(mpol_report_node *root, const cli_hedonic_run *r);

/* The report of @p r (text, JSON and CSV forms); NULL when memory runs out. */
mpol_report *cli_hedonic_report(const cli_hedonic_run *r);

#endif /* MPOL_CLI_SOLVE_HEDONIC_H */
