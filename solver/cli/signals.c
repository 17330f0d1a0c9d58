/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the CLI's signal handling and the registry of temporary output files:
 * on SIGINT and SIGTERM, the handler that cli_signals_install() sets removes the registered
 * temporaries, prints "multipolar CMD: interrupted" and re-raises the signal with the default
 * action, so the process ends with the conventional signal status (130 for SIGINT in a
 * shell). The handler uses only async-signal-safe calls (unlink, write, sigaction, raise).
 */
#define _XOPEN_SOURCE 700 /* sigaction */

#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- the registry of temporaries the signal handler removes ---- */

#define CLI_MAX_TEMPS 4

static char temp_names[CLI_MAX_TEMPS][PATH_MAX + 32];
static volatile sig_atomic_t temp_used[CLI_MAX_TEMPS];
static char interrupted_msg[96];
static size_t interrupted_len;
static volatile sig_atomic_t handlers_installed;

static void on_signal(int sig)
{
    for (int i = 0; i < CLI_MAX_TEMPS; i++)
        if (temp_used[i])
            (void)unlink(temp_names[i]);
    if (interrupted_len > 0) {
        ssize_t w = write(STDERR_FILENO, interrupted_msg, interrupted_len);
        (void)w;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    /* Pending until this handler returns (the signal is blocked in it), then fatal. */
    raise(sig);
}

void cli_signals_install(const char *cmd)
{
    if (handlers_installed)
        return;
    int n = snprintf(interrupted_msg, sizeof interrupted_msg, "multipolar %s: interrupted\n", cmd);
    interrupted_len = n > 0 && (size_t)n < sizeof interrupted_msg ? (size_t)n : 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    static const int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A signal ignored by the parent (nohup, a background job) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    handlers_installed = 1;
}

/* Claims a registry slot for @p name before the file exists, so that the handler removes it
 * from the moment it may exist; returns the slot or -1. */
int cli_temp_register(const char *name)
{
    for (int i = 0; i < CLI_MAX_TEMPS; i++)
        if (!temp_used[i]) {
            size_t n = strlen(name);
            if (n >= sizeof temp_names[i])
                return -1;
            memcpy(temp_names[i], name, n + 1);
            temp_used[i] = 1;
            return i;
        }
    return -1;
}

void cli_temp_unregister(int slot)
{
    if (slot >= 0)
        temp_used[slot] = 0;
}

const char *cli_temp_name(int slot)
{
    return slot >= 0 && slot < CLI_MAX_TEMPS ? temp_names[slot] : NULL;
}
