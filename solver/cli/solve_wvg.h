/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by solve_wvg.c and solve_wvg_balance.c (the weighted-voting report). */
#ifndef MPOL_CLI_SOLVE_WVG_H
#define MPOL_CLI_SOLVE_WVG_H

#include "cli.h"
#include "multipolar/report.h"
#include "multipolar/voting.h"

/* Coalitions listed one by one (only the count above). */
#define WVG_TEXT_MAX_MWC 50
/* Dominant coalitions listed with their rule-4 verdict (text / JSON). */
#define WVG_TEXT_MAX_DOMINANT 16
#define WVG_JSON_MAX_DOMINANT 4096

/* Most minimal winning coalitions counted before the report says "more than". */
#define WVG_MWC_COUNT_LIMIT 1000000

enum { WVG_SS = 1, WVG_BZ = 2, WVG_MWC = 4, WVG_ALL = 7, WVG_BAL = 8 };

/* What the report shows: the library's results for one game. */
typedef struct wvg_run {
    const mpol_model *model;
    const mpol_wvg *g;
    double tol;
    int methods; /* WVG_* */
    mpol_power_result *ss, *bz;
    int *veto;
    mpol_mwc_list *mwc;
    int mwc_more; /* more than WVG_MWC_COUNT_LIMIT */
    mpol_power_fractions *ssf, *bzf;
    mpol_wvg_power_cert cert; /* when ss or bz */
    mpol_wvg_balance *bal;    /* NULL if not requested */
    int verified;             /* every check passed */
} wvg_run;

/* The report of @p r (solve_wvg_report.c); NULL when memory runs out. */
mpol_report *cli_wvg_report(const wvg_run *r);

/* Adds the balance-of-power part of the report under @p root: its text lines and its JSON
 * object "balance" (docs/balance.md). */
void cli_wvg_balance_report(mpol_report_node *root, const mpol_wvg *g, const mpol_wvg_balance *c);

/* The mpol_index_kind of an index --method (deegan-packel, public-good / holler-packel,
 * johnston, coleman), or -1 (solve_wvg_index.c). */
int cli_wvg_index_kind(const char *method);
/* `solve --method` for one of those indices; an exit code. */
int cli_solve_wvg_index(const mpol_model *model, const mpol_wvg *g, const cli_solve_opts *o,
                        int kind);

/* `solve` of a model with a composite rule (solve_composite.c; its `check` is in cli.h). */
int cli_solve_composite(mpol_model *model, const cli_solve_opts *o);

#endif /* MPOL_CLI_SOLVE_WVG_H */
