/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the `multipolar` command line: global flags (--version, --help, and
 * --limit NAME=VALUE for the process-wide limits of common.h), the command table and
 * dispatch. Each command lives in its own cmd_<name>.c with its own options and --help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"solve", cmd_solve, "solve a model (the bundled Kazakhstan hedging game by default)"},
    {"check", cmd_check, "validate a model and print a summary"},
    {"sweep", cmd_sweep, "solve a model over a grid of parameters and find regime changes"},
    {"bench", cmd_bench, "run the benchmark suites (scaling tables with baselines)"},
    {"convert", cmd_convert, "convert between YAML models and Gambit .nfg files"},
    {"help", cmd_help, "show help for a command"},
};

const cli_command *cli_commands(size_t *n)
{
    *n = sizeof commands / sizeof commands[0];
    return commands;
}

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void cli_print_usage(FILE *out)
{
    fprintf(out, "usage: multipolar [--version] [--help] [--limit NAME=VALUE]... <command> "
                 "[<args>]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'multipolar help <command>' for the options of a command.\n"
                 "\nLimits (--limit NAME=VALUE, repeatable, before the command): work above a "
                 "limit is\nrefused up front (exit 1). VALUE is an integer with an optional "
                 "suffix k M G T\n(x1000) or Ki Mi Gi Ti (x1024), at least 1, or 'default'.\n");
    for (int k = 0; k < MPOL_LIMIT_COUNT; k++) {
        static const char *const what[MPOL_LIMIT_COUNT] = {
            "bytes of one TU table of 2^n values", "payoff cells (profiles x players) of a game",
            "grid points of one sweep", "strategy profiles of a game in a model file",
            "bytes a bimatrix enumeration stores (before and during it)"};
        fprintf(out, "  %-14s %s (default %zu)\n", mpol_limit_name((mpol_limit)k), what[k],
                mpol_limit_default((mpol_limit)k));
    }
    fprintf(out,
            "\nInputs: YAML models, Gambit .nfg and .efg games, TU tables (.tu, .txt: one value\n"
            "per line in bitmask order) and EPIC weighted voting files (.csv: the quota,\n"
            "then one weight per line).\n"
            "\nOutput files (sweep -o and --plot, convert -o) are checked before the work and\n"
            "written to a temporary in the same folder, renamed into place when complete:\n"
            "a failed or interrupted write leaves an old file as it was.\n"
            "\nExit codes: 0 solved and verified; 1 solver failure, failed verification, work\n"
            "over a limit, or an I/O error (a file or standard output that cannot be\n"
            "written: 'multipolar CMD: FILE: reason'); 2 usage or model error (a bad option,\n"
            "a model that cannot be read or is invalid); 128+N killed by signal N (SIGINT or\n"
            "SIGTERM: the temporary is removed, 'multipolar CMD: interrupted'). File content\n"
            "errors are printed FILE:LINE:COL: what is wrong; others multipolar CMD: ....\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "multipolar: no command given; see 'multipolar --help'\n\n");
        cli_print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    /* Global limits: --limit NAME=VALUE or --limit=NAME=VALUE, before the command. */
    while (argc >= 2 && strncmp(argv[1], "--limit", 7) == 0 &&
           (argv[1][7] == '\0' || argv[1][7] == '=')) {
        const char *spec = argv[1][7] == '=' ? argv[1] + 8 : NULL;
        int used = 1;
        if (spec == NULL) {
            if (argc < 3) {
                fprintf(stderr, "multipolar: --limit needs NAME=VALUE\n");
                return CLI_EXIT_USAGE;
            }
            spec = argv[2];
            used = 2;
        }
        /* The library reads 0 as "the default"; on the command line that is 'default',
         * and a limit of zero (0, 00, 0k, ...) is refused rather than silently ignored. */
        const char *val = strchr(spec, '=');
        if (val != NULL && val[1] == '0') {
            size_t z = strspn(val + 1, "0");
            if (!(val[1 + z] >= '0' && val[1 + z] <= '9')) {
                fprintf(stderr,
                        "multipolar: --limit: \"%s\": a limit must be at least 1 ('default' "
                        "restores the default)\n",
                        spec);
                return CLI_EXIT_USAGE;
            }
        }
        if (mpol_limit_parse(spec) != MPOL_OK) {
            char buf[1100];
            fprintf(stderr, "multipolar: --limit: %s\n",
                    cli_message(mpol_last_error(), buf, sizeof buf));
            return CLI_EXIT_USAGE;
        }
        argc -= used;
        argv += used;
    }
    if (argc < 2) {
        fprintf(stderr, "multipolar: --limit needs a command after it; see 'multipolar --help'\n");
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("multipolar %s\n", MPOL_VERSION_STRING);
        return cli_close_stdout(NULL, CLI_EXIT_OK);
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        cli_print_usage(stdout);
        return cli_close_stdout(NULL, CLI_EXIT_OK);
    }
    const cli_command *cmd = cli_find_command(name);
    if (cmd == NULL) {
        fprintf(stderr, "multipolar: '%s' is not a command; see 'multipolar --help'\n", name);
        return CLI_EXIT_USAGE;
    }
    cli_set_command(cmd->name);
    cli_error_json_begin(argc - 1, argv + 1);
    int rc = cli_error_json_end(cmd->fn(argc - 1, argv + 1));
    /* Every command's standard output is checked here, once, after the command. */
    return cli_close_stdout(cmd->name, rc);
}
