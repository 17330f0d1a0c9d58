/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file builds the report of `multipolar solve` for hedonic models as an mpol_report:
 * the JSON form as JSON-only nodes (member names as lists of strings), the CSV form as one
 * table, the text form's lines from solve_hedonic_text.c. Every number shown comes from the
 * library's results and certificates (solve_hedonic.h); nothing is computed here.
 */
#include <math.h>
#include <string.h>

#include "solve_hedonic.h"

const char *const cli_hedonic_concept_key[3] = {"nash", "individual", "core"};

/* ---- JSON -------------------------------------------------------------------------------- */

static void partition_list(mpol_report_node *parent, const char *key, const mpol_hedonic *g,
                           const mpol_coalition *parts, size_t nparts)
{
    mpol_report_node *l = mpol_report_list(parent, key, NULL);
    for (size_t k = 0; k < nparts; k++)
        cli_report_members(l, NULL, g->names, g->n, parts[k]);
}

static void json_deviation(mpol_report_node *sec, const mpol_hedonic *g, int k,
                           const mpol_hedonic_deviation *d)
{
    if (!d->present) {
        mpol_report_null(sec, k < 2 ? "deviation" : "blocking", NULL);
        return;
    }
    if (k < 2) {
        mpol_report_node *o = mpol_report_section(sec, "deviation", NULL);
        mpol_report_string(o, "player", NULL, g->names[d->player]);
        cli_report_members(o, "from", g->names, g->n, d->from);
        cli_report_members(o, "to", g->names, g->n, d->to);
        mpol_report_number(o, "utility_before", NULL, d->before, NULL);
        mpol_report_number(o, "utility_after", NULL, d->after, NULL);
        mpol_report_bool(o, "verified", NULL, d->verified);
    } else {
        mpol_report_node *o = mpol_report_section(sec, "blocking", NULL);
        cli_report_members(o, "coalition", g->names, g->n, d->blocking);
        mpol_report_number(o, "min_gain", NULL, d->min_gain, NULL);
        mpol_report_bool(o, "verified", NULL, d->verified);
    }
}

static mpol_report_node *json_check(mpol_report_node *root, const cli_hedonic_run *r)
{
    if (!r->do_check || r->partition_from == NULL)
        return mpol_report_null(root, "partition", NULL);
    mpol_report_node *p = mpol_report_section(root, "partition", NULL);
    mpol_report_string(p, "source", NULL,
                       strncmp(r->partition_from, "given", 5) == 0 ? "option" : "model");
    partition_list(p, "parts", r->g, r->parts, r->nparts);
    mpol_report_number(p, "welfare", NULL, r->cert.welfare, NULL);
    mpol_report_integer(p, "deviations_examined", NULL,
                        (long long)r->cert.check.deviations_examined);
    for (int k = 0; k < 3; k++) {
        if (!(r->concepts & (1u << k)))
            continue;
        mpol_report_node *c = mpol_report_section(p, cli_hedonic_concept_key[k], NULL);
        int v = cli_hedonic_verdict(&r->cert.check, k);
        if (v < 0)
            mpol_report_null(c, "stable", NULL);
        else
            mpol_report_bool(c, "stable", NULL, v);
        json_deviation(c, r->g, k, &r->cert.deviation[k]);
    }
    return p;
}

static mpol_report_node *json_listing(mpol_report_node *root, const cli_hedonic_run *r)
{
    const mpol_hedonic_stable_list *l = r->list;
    if (!r->do_search || l == NULL)
        return mpol_report_null(root, "stable_partitions", NULL);
    mpol_report_node *s = mpol_report_section(root, "stable_partitions", NULL);
    mpol_report_integer(s, "partitions", NULL, (long long)l->partitions);
    mpol_report_node *counts = mpol_report_section(s, "counts", NULL);
    for (int k = 0; k < 3; k++)
        if (r->concepts & (1u << k))
            mpol_report_integer(counts, cli_hedonic_concept_key[k], NULL, (long long)l->count[k]);
    mpol_report_bool(s, "truncated", NULL, l->truncated);
    mpol_report_node *listed = mpol_report_list(s, "listed", NULL);
    for (size_t p = 0; p < l->nlisted; p++) {
        mpol_report_node *e = mpol_report_section(listed, NULL, NULL);
        partition_list(e, "parts", r->g, l->parts + l->offsets[p],
                       l->offsets[p + 1] - l->offsets[p]);
        mpol_report_number(e, "welfare", NULL, l->welfare[p], NULL);
        mpol_report_node *st = mpol_report_list(e, "stable", NULL);
        for (int k = 0; k < 3; k++)
            if (l->stable[p] & (1u << k))
                mpol_report_string(st, NULL, NULL, cli_hedonic_concept_key[k]);
    }
    return s;
}

static void json_search_one(mpol_report_node *o, const cli_hedonic_run *r, int k)
{
    const mpol_hedonic_search_result *s = r->search[k];
    if (s == NULL) {
        mpol_report_string(o, "status", NULL, "skipped");
        mpol_report_string(o, "reason", NULL, r->search_skip[k]);
        return;
    }
    mpol_report_string(o, "status", NULL, "ok");
    mpol_report_bool(o, "exact", NULL, s->exact);
    mpol_report_bool(o, "found", NULL, s->found);
    mpol_report_bool(o, "proven", NULL, s->proven);
    if (s->exact)
        mpol_report_integer(o, "stable_count", NULL, (long long)s->stable_count);
    else
        mpol_report_null(o, "stable_count", NULL);
    if (s->found)
        partition_list(o, "partition", r->g, s->parts, s->nparts);
    else
        mpol_report_null(o, "partition", NULL);
    mpol_report_number(o, "welfare", NULL, s->found ? s->welfare : NAN, NULL);
    mpol_report_integer(o, "partitions_examined", NULL, (long long)s->partitions_examined);
    mpol_report_integer(o, "deviations_examined", NULL, (long long)s->deviations_examined);
    mpol_report_integer(o, "starts_run", NULL, (long long)s->starts_run);
    mpol_report_bool(o, "verified", NULL, r->scert[k].verified);
}

/* The JSON form: each top-level node JSON-only (the text form is text-only lines). */
static void json_report(mpol_report_node *root, const cli_hedonic_run *r)
{
    const unsigned J = MPOL_REPORT_JSON;
    mpol_report_set_forms(
        cli_report_members(root, "players", r->g->names, r->g->n, ~(mpol_coalition)0), J);
    mpol_report_set_forms(
        mpol_report_string(root, "preferences", NULL,
                           r->g->kind == MPOL_HEDONIC_ADDITIVE ? "additive" : "ranked"),
        J);
    mpol_report_set_forms(mpol_report_number(root, "tolerance", NULL, r->tol, NULL), J);
    mpol_report_set_forms(json_check(root, r), J);
    mpol_report_set_forms(json_listing(root, r), J);
    if (!r->do_search) {
        mpol_report_set_forms(mpol_report_null(root, "search", NULL), J);
    } else {
        mpol_report_node *s = mpol_report_set_forms(mpol_report_section(root, "search", NULL), J);
        for (int k = 0; k < 3; k++)
            if (r->concepts & (1u << k))
                json_search_one(mpol_report_section(s, cli_hedonic_concept_key[k], NULL), r, k);
    }
    mpol_report_set_forms(mpol_report_bool(root, "verified", NULL, r->ok), J);
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* "A+B,C": parts separated by ',', members by '+', into @p buf (room for every name). */
static const char *csv_partition(char *buf, const mpol_hedonic *g, const mpol_coalition *parts,
                                 size_t nparts)
{
    char *p = buf;
    for (size_t k = 0; k < nparts; k++)
        for (size_t i = 0, first = 1; i < g->n; i++)
            if (parts[k] >> i & 1) {
                if (!first || k > 0)
                    *p++ = first ? ',' : '+';
                size_t len = strlen(g->names[i]);
                memcpy(p, g->names[i], len);
                p += len;
                first = 0;
            }
    *p = '\0';
    return buf;
}

static void csv_row(mpol_report_node *t, char *buf, const char *source, const cli_hedonic_run *r,
                    const mpol_coalition *parts, size_t nparts, double welfare,
                    const int verdicts[3])
{
    mpol_report_row(t);
    mpol_report_cell_bare(t, source);
    mpol_report_cell_string(t, csv_partition(buf, r->g, parts, nparts));
    if (isfinite(welfare))
        mpol_report_cell_number(t, welfare, NULL);
    else
        mpol_report_cell_bare(t, welfare < 0 ? "-inf" : isnan(welfare) ? "nan" : "inf");
    for (int k = 0; k < 3; k++)
        mpol_report_cell_bare(t, verdicts[k] < 0 ? "" : verdicts[k] ? "1" : "0");
}

/* The CSV form (partitions always quoted, as before). Returns 0, or -1 out of memory. */
static int csv_report(mpol_report_node *root, const cli_hedonic_run *r)
{
    size_t size = 1;
    for (size_t i = 0; i < r->g->n; i++)
        size += strlen(r->g->names[i]) + 1;
    char *buf = mpol_malloc(size);
    if (buf == NULL)
        return -1;
    static const char *const keys[] = {"source", "partition",  "welfare",
                                       "nash",   "individual", "core"};
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, NULL, NULL, 6, keys, NULL), MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    int v[3];
    if (r->do_check && r->partition_from != NULL) {
        for (int k = 0; k < 3; k++)
            v[k] = (r->concepts & (1u << k)) ? cli_hedonic_verdict(&r->cert.check, k) : -1;
        csv_row(t, buf, "given", r, r->parts, r->nparts, r->cert.welfare, v);
    }
    const mpol_hedonic_stable_list *l = r->list;
    for (size_t p = 0; r->do_search && l != NULL && p < l->nlisted; p++) {
        for (int k = 0; k < 3; k++)
            v[k] = (r->concepts & (1u << k)) ? (int)(l->stable[p] >> k & 1u) : -1;
        csv_row(t, buf, "stable", r, l->parts + l->offsets[p], l->offsets[p + 1] - l->offsets[p],
                l->welfare[p], v);
    }
    for (int k = 0; r->do_search && k < 3; k++) {
        const mpol_hedonic_search_result *s = r->search[k];
        if (s == NULL || !s->found)
            continue;
        char source[32];
        snprintf(source, sizeof source, "search:%s", cli_hedonic_concept_key[k]);
        for (int c = 0; c < 3; c++)
            v[c] = cli_hedonic_verdict(&s->check, c);
        csv_row(t, buf, source, r, s->parts, s->nparts, s->welfare, v);
    }
    mpol_free(buf);
    return 0;
}

mpol_report *cli_hedonic_report(const cli_hedonic_run *r)
{
    mpol_report *rep = NULL;
    if ((rep = cli_report_new(r->model)) == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    cli_hedonic_text(root, r);
    json_report(root, r);
    if (csv_report(root, r) != 0) {
        mpol_report_free(rep);
        return NULL;
    }
    return rep;
}
