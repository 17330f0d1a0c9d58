/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the `multipolar` command line (no algorithms here). */
#ifndef MPOL_CLI_H
#define MPOL_CLI_H

#include <stddef.h>
#include <stdio.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} cli_command;

const cli_command *cli_commands(size_t *n);
const cli_command *cli_find_command(const char *name);
void cli_print_usage(FILE *out);

/* Process-wide set-up: GSL's abort handler off. */
void cli_init(void);

int cmd_solve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif /* MPOL_CLI_H */
