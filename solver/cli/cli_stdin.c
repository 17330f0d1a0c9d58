/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the model path "-": a YAML model read from standard input, at most
 * CLI_STDIN_MAX bytes, loaded under the source name "<stdin>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The largest model read from standard input (the bundled models are under 100 KiB). */
#define CLI_STDIN_MAX ((size_t)16 * 1024 * 1024)

int cli_load_stdin_model(mpol_model **out)
{
    *out = NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        fprintf(stderr, "multipolar %s: out of memory\n", cli_command_name());
        return CLI_EXIT_FAILURE;
    }
    for (;;) {
        if (len == cap) {
            char *grown = cap < CLI_STDIN_MAX + 1 ? realloc(buf, cap * 2) : NULL;
            if (grown == NULL)
                break;
            buf = grown;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, stdin);
        len += n;
        if (n == 0 || len > CLI_STDIN_MAX)
            break;
    }
    int rc = CLI_EXIT_OK;
    if (ferror(stdin)) {
        fprintf(stderr, "multipolar %s: <stdin>: cannot read the model\n", cli_command_name());
        rc = CLI_EXIT_USAGE;
    } else if (len > CLI_STDIN_MAX || !feof(stdin)) {
        fprintf(stderr, "multipolar %s: <stdin>: the model is larger than %zu MiB\n",
                cli_command_name(), CLI_STDIN_MAX >> 20);
        rc = CLI_EXIT_USAGE;
    } else {
        mpol_status st = mpol_model_load_string(out, buf, len, "<stdin>");
        if (st != MPOL_OK)
            rc = cli_fail(cli_command_name(), st);
    }
    free(buf);
    return rc;
}
