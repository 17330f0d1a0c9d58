/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve` for weighted-voting models: the options, the
 * library calls (power indices, veto players, minimal winning coalitions, their
 * certificates, the balance-of-power analysis) and the output of the report that
 * solve_wvg_report.c fills. With --method the report is restricted to shapley-shubik,
 * banzhaf, minimal-winning or balance (the further indices: solve_wvg_index.c); the default report
 * includes the balance of power for n <= BALANCE_DEFAULT_MAX.
 */
#include "solve_wvg.h"

#include <string.h>

/* Largest game whose default report includes the balance-of-power analysis. */
#define BALANCE_DEFAULT_MAX 20
/* Seconds before a power index's progress bar appears (on a terminal). */
#define PROGRESS_DELAY 1.0

/* The WVG_* set of --method; -1 (printed) for an unknown method. */
static int parse_methods(const char *method)
{
    if (method == NULL)
        return WVG_ALL;
    if (strcmp(method, "shapley-shubik") == 0 || strcmp(method, "ss") == 0)
        return WVG_SS;
    if (strcmp(method, "banzhaf") == 0)
        return WVG_BZ;
    if (strcmp(method, "minimal-winning") == 0 || strcmp(method, "mwc") == 0)
        return WVG_MWC;
    if (strcmp(method, "balance") == 0)
        return WVG_BAL;
    fprintf(stderr,
            "multipolar solve: weighted-voting methods are shapley-shubik, banzhaf, "
            "minimal-winning, balance, deegan-packel, public-good, johnston, coleman; not "
            "'%s'\n",
            method);
    return -1;
}

/* The index of --actor (-1 when not given) in *actor; an exit code. */
static int find_actor(const wvg_run *r, const char *name, long *actor)
{
    const mpol_wvg *g = r->g;
    *actor = -1;
    if (name == NULL)
        return CLI_EXIT_OK;
    for (size_t i = 0; i < g->n && *actor < 0; i++)
        if (strcmp(g->names[i], name) == 0)
            *actor = (long)i;
    if (*actor < 0) {
        fprintf(stderr, "multipolar solve: --actor: no actor \"%s\" in %s; the actors are", name,
                mpol_model_source(r->model));
        for (size_t i = 0; i < g->n; i++)
            fprintf(stderr, "%s \"%s\"", i ? "," : "", g->names[i]);
        fprintf(stderr, "\n");
        return CLI_EXIT_USAGE;
    }
    if (!(r->methods & WVG_BAL)) {
        fprintf(stderr,
                "multipolar solve: --actor needs the balance-of-power analysis: use --method "
                "balance (the default report includes it up to %d actors)\n",
                BALANCE_DEFAULT_MAX);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* A library failure other than a failed check: its exit code (a game too large for the
 * method's limits is work over a limit: 1). */
static int failed(mpol_status st)
{
    return st != MPOL_OK && st != MPOL_EVERIFY;
}

/* One power index (WVG_SS or WVG_BZ), with a progress bar on a terminal when it takes more
 * than PROGRESS_DELAY seconds (the library estimates the work first and refuses above its
 * limits). */
static mpol_status power_index(mpol_power_result **out, const mpol_wvg *g, const cli_solve_opts *o,
                               int which)
{
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = o->exact;
    cli_progress bar;
    cli_progress_init_delayed(&bar, which == WVG_SS ? "shapley-shubik" : "banzhaf", PROGRESS_DELAY);
    po.progress = cli_progress_update;
    po.userdata = &bar;
    mpol_status st =
        which == WVG_SS ? mpol_power_shapley_shubik(out, g, &po) : mpol_power_banzhaf(out, g, &po);
    cli_progress_finish(&bar);
    return st;
}

/* Runs the library; an exit code. */
static int compute(wvg_run *r, const cli_solve_opts *o, long actor)
{
    const mpol_wvg *g = r->g;
    mpol_status st;
    if ((r->methods & WVG_BAL) &&
        failed(st = mpol_wvg_balance_certify(&r->bal, g, actor, WVG_JSON_MAX_DOMINANT)))
        return cli_fail("solve", st);
    if ((r->methods & WVG_SS) && failed(st = power_index(&r->ss, g, o, WVG_SS)))
        return cli_fail("solve", st);
    if ((r->methods & WVG_BZ) && failed(st = power_index(&r->bz, g, o, WVG_BZ)))
        return cli_fail("solve", st);
    if ((r->veto = mpol_calloc(g->n, sizeof *r->veto)) == NULL)
        return cli_fail("solve", mpol_error(MPOL_ENOMEM, "out of memory"));
    if ((st = mpol_wvg_veto_players(r->veto, g)) != MPOL_OK)
        return cli_fail("solve", st);
    if (r->methods & WVG_MWC) {
        st = mpol_wvg_minimal_winning(&r->mwc, g, WVG_MWC_COUNT_LIMIT);
        r->mwc_more = st == MPOL_ELIMIT;
        if (st != MPOL_OK && st != MPOL_ELIMIT)
            return cli_fail("solve", st);
    }
    r->verified = r->bal == NULL || r->bal->verified;
    if (r->ss != NULL || r->bz != NULL) {
        if (failed(st = mpol_wvg_power_certify(&r->cert, r->ss, r->bz, r->tol)))
            return cli_fail("solve", st);
        r->verified &= r->cert.verified;
    }
    if (r->ss != NULL && r->ss->exact &&
        (st = mpol_power_exact_fractions(&r->ssf, r->ss)) != MPOL_OK)
        return cli_fail("solve", st);
    if (r->bz != NULL && r->bz->exact &&
        (st = mpol_power_exact_fractions(&r->bzf, r->bz)) != MPOL_OK)
        return cli_fail("solve", st);
    return CLI_EXIT_OK;
}

static int write_report(const wvg_run *r, cli_format format)
{
    int rc = cli_report_emit("solve", cli_wvg_report(r), format);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!r->verified) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int cli_solve_wvg(mpol_model *model, const cli_solve_opts *o)
{
    if (mpol_model_has_voting_rule(model))
        return cli_solve_composite(model, o);
    wvg_run r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    int ik = cli_wvg_index_kind(o->method);
    if (ik < 0 && (r.methods = parse_methods(o->method)) < 0)
        return CLI_EXIT_USAGE;
    mpol_wvg *g = NULL;
    mpol_status st = mpol_model_wvg(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    if (ik >= 0) {
        int irc = o->actor != NULL ? CLI_EXIT_USAGE : cli_solve_wvg_index(model, g, o, ik);
        if (o->actor != NULL)
            fprintf(stderr, "multipolar solve: --actor needs the balance-of-power analysis: use "
                            "--method balance\n");
        mpol_wvg_free(g);
        return irc;
    }
    r.g = g;
    if (o->method == NULL && g->n <= BALANCE_DEFAULT_MAX)
        r.methods |= WVG_BAL;
    long actor;
    int rc = find_actor(&r, o->actor, &actor);
    if (rc == CLI_EXIT_OK)
        rc = compute(&r, o, actor);
    if (rc == CLI_EXIT_OK)
        rc = write_report(&r, o->format);
    mpol_power_fractions_free(r.ssf);
    mpol_power_fractions_free(r.bzf);
    mpol_power_result_free(r.ss);
    mpol_power_result_free(r.bz);
    mpol_mwc_list_free(r.mwc);
    mpol_wvg_balance_free(r.bal);
    mpol_free(r.veto);
    mpol_wvg_free(g);
    return rc;
}

int cli_load_wvg_quota(const char *path, double quota, mpol_model **out)
{
    *out = NULL;
    if (!cli_has_suffix(path, ".csv")) {
        fprintf(stderr,
                "multipolar solve: --quota applies to EPIC weighted-voting weight files "
                "(.csv); %s is not one\n",
                path);
        return CLI_EXIT_USAGE;
    }
    mpol_wvg *g = NULL;
    mpol_status st = mpol_wvg_read_file(&g, path, quota);
    if (st == MPOL_OK)
        st = mpol_model_from_wvg(out, g, path);
    mpol_wvg_free(g);
    if (st == MPOL_EIO) {
        cli_fail("solve", st);
        return CLI_EXIT_USAGE;
    }
    return st == MPOL_OK ? CLI_EXIT_OK : cli_fail("solve", st);
}
