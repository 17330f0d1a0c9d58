/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the CLI's progress bar: drawn on stderr only when it is a terminal
 * (sweeps at once, long solves such as the power indices after a delay). */
/* clock_gettime and CLOCK_MONOTONIC are POSIX, not C11. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#include <unistd.h>

#include "cli.h"

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(cli_progress *p, const char *label, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->label = label;
    p->started = cli_now();
    p->last_permille = -1;
    p->phase = 0;
    p->phase_label[0] = '\0';
    p->delay = 0;
    p->drawn = 0;
}

void cli_progress_init_delayed(cli_progress *p, const char *label, double delay)
{
    cli_progress_init(p, label, 0);
    p->delay = delay;
}

void cli_progress_update(void *userdata, size_t done, size_t total)
{
    cli_progress *p = userdata;
    if (!p->enabled || total == 0)
        return;
    int permille = (int)(1000.0 * (double)done / (double)total);
    if (permille == p->last_permille)
        return;
    double elapsed = cli_now() - p->started;
    if (elapsed < p->delay)
        return;
    p->last_permille = permille;
    p->drawn = 1;
    const int width = 40;
    int fill = permille * width / 1000;
    double eta = done > 0 ? elapsed * (double)(total - done) / (double)done : 0.0;
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %5.1f%% %zu/%zu  %.1fs, eta %.1fs ", permille / 10.0, done, total, elapsed,
            eta);
    fflush(stderr);
}

void cli_progress_refine(void *userdata, size_t done, size_t total)
{
    cli_progress *p = userdata;
    if (!p->enabled || total == 0)
        return;
    if (p->phase == 0) {
        /* The points bar is complete: end its line and start the refinement bar. */
        fputc('\n', stderr);
        snprintf(p->phase_label, sizeof p->phase_label, "refining %zu breakpoint%s", total,
                 total == 1 ? "" : "s");
        p->label = p->phase_label;
        p->started = cli_now();
        p->last_permille = -1;
        p->phase = 1;
    }
    cli_progress_update(userdata, done, total);
}

void cli_progress_finish(cli_progress *p)
{
    if (p->enabled && (p->drawn || p->delay == 0)) {
        fputc('\n', stderr);
        fflush(stderr);
    }
}
