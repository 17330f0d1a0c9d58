/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements `multipolar help [CMD]`: the command's own --help. */
#include <stdio.h>

#include "cli.h"

int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_usage(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command *cmd = cli_find_command(argv[1]);
    if (cmd == NULL || cmd->fn == cmd_help) {
        if (cmd == NULL) {
            fprintf(stderr, "multipolar help: '%s' is not a command\n", argv[1]);
            return CLI_EXIT_USAGE;
        }
        printf("usage: multipolar help [COMMAND]\n");
        return CLI_EXIT_OK;
    }
    char help[] = "--help";
    char *args[3] = {argv[1], help, NULL};
    return cmd->fn(2, args);
}
