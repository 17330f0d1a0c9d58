/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve` for hedonic models (docs/coalition.md, "Hedonic
 * games"): it asks the library for the answers and their certificates and hands them to the
 * report (solve_hedonic_report.c, solve_hedonic_text.c). The answers: the stability of the
 * partition given with --partition or the model's `partition:` key, each deviation
 * re-evaluated by mpol_hedonic_certify_partition(); for n <= MPOL_HEDONIC_LIST_MAX the
 * listing of all stable partitions; per concept the search (exact enumeration, or
 * better-response dynamics beyond), cross-checked by mpol_hedonic_certify_search().
 * `--method nash|individual|core|search` restricts the report. Exit 1 only when a check
 * fails; an unstable partition or a game without stable partitions is an answer. It also
 * holds cli_parse_partition(), shared with the tu report.
 */
#include "solve_hedonic.h"

#include <string.h>

/* Stable partitions kept by the listing (the counts are always complete). */
#define LIST_MAX 1000

/* ---- --partition ------------------------------------------------------------------------- */

static int partition_error(const char *fmt, const char *what)
{
    fprintf(stderr, "multipolar solve: --partition: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
    return CLI_EXIT_USAGE;
}

int cli_parse_partition(const char *text, char **names, size_t n, mpol_coalition *parts,
                        size_t *nparts)
{
    mpol_coalition part_of[32] = {0}, seen = 0;
    char name[256];
    const char *p = text;
    if (n > 32)
        return partition_error("%s", "too many players");
    for (;;) {
        mpol_coalition c = 0;
        for (;;) {
            const char *end = p + strcspn(p, "+,");
            const char *a = p, *b = end;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            if (a == b)
                return partition_error("%s: an empty name (write parts as \"A+B,C\")", text);
            if ((size_t)(b - a) >= sizeof name)
                return partition_error("%s", "a name is too long");
            memcpy(name, a, (size_t)(b - a));
            name[b - a] = '\0';
            size_t j = 0;
            while (j < n && strcmp(names[j], name) != 0)
                j++;
            if (j == n) {
                fprintf(stderr,
                        "multipolar solve: --partition: unknown player \"%s\"; the players "
                        "are",
                        name);
                for (size_t k = 0; k < n; k++)
                    fprintf(stderr, "%s \"%s\"", k ? "," : "", names[k]);
                fprintf(stderr, "\n");
                return CLI_EXIT_USAGE;
            }
            mpol_coalition bit = (mpol_coalition)1 << j;
            if ((seen | c) & bit)
                return partition_error("\"%s\" is named twice; parts must not overlap", name);
            c |= bit;
            p = end;
            if (*p != '+')
                break;
            p++;
        }
        seen |= c;
        for (size_t j = 0; j < n; j++)
            if (c >> j & 1)
                part_of[j] = c;
        if (*p == '\0')
            break;
        p++; /* ',' */
    }
    *nparts = 0;
    for (size_t j = 0; j < n; j++) {
        if (!(seen >> j & 1))
            part_of[j] = (mpol_coalition)1 << j;
        if ((part_of[j] & (((mpol_coalition)1 << j) - 1)) == 0)
            parts[(*nparts)++] = part_of[j];
    }
    return CLI_EXIT_OK;
}

/* ---- the answers (all computed and certified by the library) --------------------------- */

/* Runs the search for each requested concept, the listing where small, and their checks. */
static mpol_status search(cli_hedonic_run *r)
{
    const mpol_hedonic *g = r->g;
    mpol_status st;
    if (g->n <= MPOL_HEDONIC_LIST_MAX &&
        (st = mpol_hedonic_list_stable(&r->list, g, r->concepts, LIST_MAX, r->tol)) != MPOL_OK)
        return st;
    for (int k = 0; k < 3; k++) {
        unsigned flag = 1u << k;
        if (!(r->concepts & flag))
            continue;
        mpol_hedonic_search_opts so;
        mpol_hedonic_search_opts_init(&so);
        so.concept = flag;
        so.tol = r->tol;
        st = mpol_hedonic_search(&r->search[k], g, &so);
        if (st == MPOL_ELIMIT) {
            char buf[1100];
            snprintf(r->search_skip[k], sizeof r->search_skip[k], "%s",
                     cli_message(mpol_last_error(), buf, sizeof buf));
            r->scert[k].verified = 1;
            continue;
        }
        if (st != MPOL_OK)
            return st;
        st = mpol_hedonic_certify_search(&r->scert[k], g, r->search[k], flag, r->list, r->tol);
        if (st != MPOL_OK && st != MPOL_EVERIFY)
            return st;
        r->ok &= r->scert[k].verified;
    }
    return MPOL_OK;
}

/* The concepts and parts of the report from --method; returns an exit code. */
static int parse_method(cli_hedonic_run *r, const char *method)
{
    r->concepts = MPOL_HEDONIC_ALL;
    r->do_check = r->do_search = 1;
    if (method == NULL)
        return CLI_EXIT_OK;
    if (strcmp(method, "nash") == 0)
        r->concepts = MPOL_HEDONIC_NASH;
    else if (strcmp(method, "individual") == 0)
        r->concepts = MPOL_HEDONIC_INDIVIDUAL;
    else if (strcmp(method, "core") == 0)
        r->concepts = MPOL_HEDONIC_CORE;
    else if (strcmp(method, "search") == 0)
        r->do_check = 0;
    else {
        fprintf(stderr,
                "multipolar solve: hedonic methods are nash, individual, core, search; not '%s'\n",
                method);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* The partition to check: --partition, else the model's; returns an exit code. */
static int load_partition(cli_hedonic_run *r, const char *option)
{
    if (option != NULL) {
        int rc = cli_parse_partition(option, r->g->names, r->g->n, r->parts, &r->nparts);
        if (rc == CLI_EXIT_OK)
            r->partition_from = "given with --partition";
        return rc;
    }
    const mpol_coalition *mp;
    size_t np;
    mpol_status st = mpol_model_hedonic_partition(r->model, &mp, &np);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    if (mp != NULL) {
        memcpy(r->parts, mp, np * sizeof *mp);
        r->nparts = np;
        r->partition_from = "from the model";
    }
    return CLI_EXIT_OK;
}

/* Computes the answers; returns an exit code (0: all computed, whatever they say). */
static int compute(cli_hedonic_run *r, const char *partition)
{
    int rc = load_partition(r, partition);
    if (rc != CLI_EXIT_OK)
        return rc;
    mpol_status st;
    if (r->do_check && r->partition_from != NULL) {
        st = mpol_hedonic_certify_partition(&r->cert, r->g, r->parts, r->nparts, r->concepts,
                                            r->tol);
        if (st != MPOL_OK && st != MPOL_EVERIFY)
            return cli_fail("solve", st);
        r->ok &= r->cert.verified;
    }
    if (r->do_search && (st = search(r)) != MPOL_OK)
        return cli_fail("solve", st);
    return CLI_EXIT_OK;
}

static int write_report(const cli_hedonic_run *r, cli_format format)
{
    return cli_report_emit("solve", cli_hedonic_report(r), format);
}

int cli_solve_hedonic(mpol_model *model, const cli_solve_opts *o)
{
    cli_hedonic_run r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    r.ok = 1;
    int rc = parse_method(&r, o->method);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact has no effect for hedonic games; "
                        "every answer is checked instead\n");
    mpol_hedonic *g = NULL;
    mpol_status st = mpol_hedonic_from_model(&g, model, NULL);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    r.g = g;
    if ((rc = compute(&r, o->partition)) != CLI_EXIT_OK || (rc = write_report(&r, o->format)))
        goto done;
    if (!r.ok) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
    /* --method core asked for exactly the check that the enumeration limit refused. */
    if (r.concepts == MPOL_HEDONIC_CORE && r.do_check && r.partition_from != NULL &&
        r.cert.check.core < 0) {
        fprintf(stderr,
                "multipolar solve: %s: the core check is limited to %d players by enumeration; "
                "this game has %zu (work over a limit)\n",
                mpol_model_source(model), MPOL_HEDONIC_CORE_MAX, g->n);
        rc = CLI_EXIT_FAILURE;
    }
done:
    for (int k = 0; k < 3; k++)
        mpol_hedonic_search_result_free(r.search[k]);
    mpol_hedonic_stable_list_free(r.list);
    mpol_hedonic_free(g);
    return rc;
}
