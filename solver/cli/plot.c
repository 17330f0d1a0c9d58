/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep plots with PLplot (Debian's libplplot): for one parameter,
 * the first player's solution and the value against the parameter with each regime shaded
 * and the refined breakpoints drawn as dashed lines; for two parameters, a regime map
 * (each grid cell coloured by its regime) with the breakpoints marked. SVG through PLplot's
 * svg device, PNG through its cairo driver.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <plplot/plplot.h>

#include "cli.h"

#define PLOT_MAX_LINES 10
#define PLOT_LABEL_MAX 90

/* Light shades for regimes (RGB), and strong colours for lines. */
static const int shade_rgb[][3] = {{222, 235, 247}, {254, 230, 206}, {229, 245, 224},
                                   {239, 237, 245}, {255, 255, 204}, {253, 224, 221},
                                   {224, 243, 248}, {240, 240, 240}};
static const int line_rgb[][3] = {{31, 119, 180},  {255, 127, 14}, {44, 160, 44},   {214, 39, 40},
                                  {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
                                  {188, 189, 34},  {23, 190, 207}};
#define NSHADE (sizeof shade_rgb / sizeof shade_rgb[0])
#define NLINE (sizeof line_rgb / sizeof line_rgb[0])
/* cmap0 layout: 0 white background, 1 black, 2.. shades, then lines. */
#define COL_SHADE0 2
#define COL_LINE0 (COL_SHADE0 + (int)NSHADE)

static void setup_colours(void)
{
    plscmap0n(COL_LINE0 + (int)NLINE);
    plscol0(0, 255, 255, 255);
    plscol0(1, 0, 0, 0);
    for (size_t i = 0; i < NSHADE; i++)
        plscol0(COL_SHADE0 + (int)i, shade_rgb[i][0], shade_rgb[i][1], shade_rgb[i][2]);
    for (size_t i = 0; i < NLINE; i++)
        plscol0(COL_LINE0 + (int)i, line_rgb[i][0], line_rgb[i][1], line_rgb[i][2]);
}

static void shorten(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n <= PLOT_LABEL_MAX) {
        memcpy(dst, src, n + 1);
        return;
    }
    memcpy(dst, src, PLOT_LABEL_MAX - 3);
    memcpy(dst + PLOT_LABEL_MAX - 3, "...", 4);
}

static void fill_rect(double x0, double x1, double y0, double y1, int col)
{
    PLFLT x[4] = {x0, x1, x1, x0}, y[4] = {y0, y0, y1, y1};
    plcol0(col);
    plfill(4, x, y);
}

/* The x extent of the regime run containing points [k0, k1]: midway to breakpoints. */
static void shade_regimes(const mpol_sweep_result *r, double ymin, double ymax)
{
    size_t n = r->npoints;
    size_t k0 = 0;
    for (size_t k = 1; k <= n; k++) {
        if (k < n && r->regime[k] == r->regime[k0])
            continue;
        double xa = r->params[k0], xb = r->params[k - 1];
        /* Extend to the refined breakpoints on both sides. */
        for (size_t b = 0; b < r->nbreaks; b++) {
            if (r->breaks[b].point + 1 == k0)
                xa = r->breaks[b].at;
            if (r->breaks[b].point == k - 1)
                xb = r->breaks[b].at;
        }
        if (k0 == 0)
            xa = r->params[0];
        if (k == n)
            xb = r->params[n - 1];
        if (r->regime[k0] != MPOL_SWEEP_NO_REGIME) /* failed points: not shaded */
            fill_rect(xa, xb, ymin, ymax, COL_SHADE0 + (int)(r->regime[k0] % NSHADE));
        k0 = k;
    }
}

static void draw_breaks(const mpol_sweep_result *r, double ymin, double ymax)
{
    pllsty(2);
    plcol0(1);
    for (size_t b = 0; b < r->nbreaks; b++) {
        PLFLT x[2] = {r->breaks[b].at, r->breaks[b].at}, y[2] = {ymin, ymax};
        plline(2, x, y);
    }
    pllsty(1);
}

static void regime_legend(const mpol_sweep_result *r, double x, double y)
{
    size_t n = r->nregimes < 8 ? r->nregimes : 8;
    PLINT opt[8], tcol[8], bcol[8], bpat[8], lcol[8], lsty[8], scol[8], snum[8];
    PLFLT bscale[8], lwid[8], sscale[8], bwid[8];
    char *texts[8];
    char buf[8][PLOT_LABEL_MAX + 16];
    const char *syms[8];
    for (size_t i = 0; i < n; i++) {
        opt[i] = PL_LEGEND_COLOR_BOX;
        tcol[i] = 1;
        bcol[i] = COL_SHADE0 + (int)(i % NSHADE);
        bpat[i] = 0;
        bscale[i] = 1.0;
        bwid[i] = 1.0;
        lcol[i] = 1;
        lsty[i] = 1;
        lwid[i] = 1.0;
        scol[i] = 1;
        sscale[i] = 1.0;
        snum[i] = 0;
        syms[i] = "";
        char s[PLOT_LABEL_MAX + 1];
        shorten(s, r->regime_labels[i]);
        snprintf(buf[i], sizeof buf[i], "regime %zu: %s", i, s);
        texts[i] = buf[i];
    }
    PLFLT w, h;
    pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE, x, y, 0.1, 0, 1, 1, 1, 0, (PLINT)n, opt, 1.0,
             0.6, 1.5, 0.0, tcol, (const char *const *)texts, bcol, bpat, bscale, bwid, lcol, lsty,
             lwid, scol, sscale, snum, syms);
}

/* Top panel: the first player's solution against the parameter, x[0..n-1] in [xmin, xmax];
 * @p y is scratch space for n values. */
static void solution_panel(const mpol_sweep_result *r, const mpol_model *model, const double *x,
                           double *y, double xmin, double xmax)
{
    size_t n = r->npoints;
    /* Lines: the first player's columns (names sharing the first column's "Player:" part). */
    size_t nl = 0;
    size_t prefix = r->ncols > 0 && strchr(r->colnames[0], ':') != NULL
                        ? (size_t)(strchr(r->colnames[0], ':') - r->colnames[0])
                        : 0;
    while (nl < r->ncols && nl < PLOT_MAX_LINES &&
           (prefix == 0 || strncmp(r->colnames[nl], r->colnames[0], prefix + 1) == 0))
        nl++;
    double ymin = 0, ymax = 1;
    for (size_t c = 0; c < nl; c++)
        for (size_t k = 0; k < n; k++) {
            double v = r->solution[k * r->ncols + c];
            ymin = fmin(ymin, v);
            ymax = fmax(ymax, v);
        }
    char title[256];
    snprintf(title, sizeof title, "%s", mpol_model_title(model));

    plvpor(0.1, 0.72, 0.62, 0.92);
    plwind(xmin, xmax, ymin, ymax * 1.05);
    shade_regimes(r, ymin, ymax * 1.05);
    draw_breaks(r, ymin, ymax * 1.05);
    plcol0(1);
    plbox("bcst", 0, 0, "bcnstv", 0, 0);
    char ylab[128];
    snprintf(ylab, sizeof ylab, "%.*s strategy", (int)(prefix ? prefix : 8), r->colnames[0]);
    pllab("", prefix ? ylab : "solution", title);
    PLINT opt[PLOT_MAX_LINES], tcol[PLOT_MAX_LINES], lcol[PLOT_MAX_LINES], lsty[PLOT_MAX_LINES];
    PLFLT lwid[PLOT_MAX_LINES];
    const char *texts[PLOT_MAX_LINES];
    for (size_t c = 0; c < nl; c++) {
        for (size_t k = 0; k < n; k++)
            y[k] = r->solution[k * r->ncols + c];
        plcol0(COL_LINE0 + (int)(c % NLINE));
        plwidth(2.0);
        plline((PLINT)n, x, y);
        plwidth(1.0);
        opt[c] = PL_LEGEND_LINE;
        tcol[c] = 1;
        lcol[c] = COL_LINE0 + (int)(c % NLINE);
        lsty[c] = 1;
        lwid[c] = 2.0;
        texts[c] = prefix ? r->colnames[c] + prefix + 1 : r->colnames[c];
    }
    PLFLT lw, lh;
    pllegend(&lw, &lh, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             PL_POSITION_RIGHT | PL_POSITION_OUTSIDE, 0.02, 0.0, 0.1, 0, 1, 1, 0, 0, (PLINT)nl, opt,
             1.0, 0.8, 2.0, 0.0, tcol, texts, NULL, NULL, NULL, NULL, lcol, lsty, lwid, NULL, NULL,
             NULL, NULL);
}

/* Bottom panel: the value against the parameter; @p y is scratch space for n values. */
static void value_panel(const mpol_sweep_result *r, const mpol_model *model, const double *x,
                        double *y, double xmin, double xmax)
{
    size_t n = r->npoints;
    double vmin = INFINITY, vmax = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        vmin = fmin(vmin, r->value[k]);
        vmax = fmax(vmax, r->value[k]);
    }
    if (!(vmax > vmin)) {
        vmin -= 0.5;
        vmax += 0.5;
    }
    double pad = 0.05 * (vmax - vmin);
    plvpor(0.1, 0.72, 0.3, 0.55);
    plwind(xmin, xmax, vmin - pad, vmax + pad);
    shade_regimes(r, vmin - pad, vmax + pad);
    draw_breaks(r, vmin - pad, vmax + pad);
    plcol0(1);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    pllab(mpol_model_param_name(model, r->grid.param[0]), r->value_name, "");
    for (size_t k = 0; k < n; k++)
        y[k] = r->value[k];
    plcol0(COL_LINE0 + 3);
    plwidth(2.0);
    plline((PLINT)n, x, y);
    plwidth(1.0);
}

static void plot_1d(const mpol_sweep_result *r, const mpol_model *model)
{
    size_t n = r->npoints;
    double *x = malloc(2 * n * sizeof *x); /* the parameter, then n values of scratch */
    if (x == NULL)
        return;
    double *y = x + n;
    for (size_t k = 0; k < n; k++)
        x[k] = r->params[k];
    double xmin = x[0], xmax = x[n - 1];
    if (xmin == xmax) {
        xmin -= 0.5;
        xmax += 0.5;
    }
    solution_panel(r, model, x, y, xmin, xmax);
    value_panel(r, model, x, y, xmin, xmax);
    regime_legend(r, 0.0, 0.45);
    free(x);
}

static void plot_2d(const mpol_sweep_result *r, const mpol_model *model)
{
    size_t n0 = r->grid.steps[0], n1 = r->grid.steps[1];
    double x0 = r->grid.from[0], x1 = r->grid.to[0], y0 = r->grid.from[1], y1 = r->grid.to[1];
    double dx = n0 > 1 ? (x1 - x0) / (double)(n0 - 1) : 1.0;
    double dy = n1 > 1 ? (y1 - y0) / (double)(n1 - 1) : 1.0;
    plvpor(0.12, 0.7, 0.3, 0.9);
    plwind(x0 - dx / 2, x1 + dx / 2, y0 - dy / 2, y1 + dy / 2);
    for (size_t j = 0; j < n1; j++)
        for (size_t i = 0; i < n0; i++) {
            size_t k = j * n0 + i;
            double cx = r->params[2 * k], cy = r->params[2 * k + 1];
            if (r->regime[k] == MPOL_SWEEP_NO_REGIME)
                continue; /* a failed point: left blank */
            fill_rect(cx - dx / 2, cx + dx / 2, cy - dy / 2, cy + dy / 2,
                      COL_SHADE0 + (int)(r->regime[k] % NSHADE));
        }
    plcol0(1);
    for (size_t b = 0; b < r->nbreaks; b++) {
        PLFLT px = r->breaks[b].axis == 0 ? r->breaks[b].at : r->breaks[b].other;
        PLFLT py = r->breaks[b].axis == 0 ? r->breaks[b].other : r->breaks[b].at;
        plpoin(1, &px, &py, 1);
    }
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    char title[256];
    snprintf(title, sizeof title, "%s: regimes", mpol_model_title(model));
    pllab(mpol_model_param_name(model, r->grid.param[0]),
          mpol_model_param_name(model, r->grid.param[1]), title);
    regime_legend(r, 0.0, 0.45);
}

int cli_plot_sweep(const mpol_sweep_result *r, const mpol_model *model, const char *path)
{
    cli_output out;
    int rc = cli_output_open(&out, "sweep", path);
    if (rc != CLI_EXIT_OK)
        return rc;
    int svg = cli_has_suffix(path, ".svg");
    plsdev(svg ? "svg" : "pngcairo");
    /* PLplot writes to our stream: with the name "-" it neither opens nor closes a file, so
     * every write is checked by cli_output_close and the temporary renamed when complete. */
    plsfnam("-");
    plsfile(out.f);
    plspage(0, 0, 1100, 800, 0, 0);
    setup_colours();
    plinit();
    pladv(0);
    plschr(0, 0.8);
    if (r->grid.naxes == 1)
        plot_1d(r, model);
    else
        plot_2d(r, model);
    plend();
    return cli_output_close(&out, MPOL_OK);
}
