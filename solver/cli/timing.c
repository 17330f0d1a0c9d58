/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `solve --timing`: wall-clock time of the four phases of a solve
 * (read the model, solve, verify, write the report), printed to stderr as one line. The
 * kinds add the time of a verification they run as a call of its own (cli_timing_add);
 * where the solver verifies inside its own call, the verification is part of "solve" and
 * the line says so.
 */
#include "cli.h"

static double phase_s[CLI_PHASE_COUNT];
static int verify_separate;

void cli_timing_add(cli_phase phase, double seconds)
{
    if ((int)phase < 0 || phase >= CLI_PHASE_COUNT || !(seconds > 0))
        return;
    phase_s[phase] += seconds;
    if (phase == CLI_PHASE_VERIFY)
        verify_separate = 1;
}

void cli_timing_print(FILE *out, double read_s, double kind_s)
{
    /* The kind's time holds its verification and its report's writing: take them out. */
    double solve_s = kind_s - phase_s[CLI_PHASE_VERIFY] - phase_s[CLI_PHASE_WRITE];
    fprintf(out, "timing: read %.3f s, solve %.3f s, verify %.3f s%s, write %.3f s\n", read_s,
            solve_s > 0 ? solve_s : 0.0, phase_s[CLI_PHASE_VERIFY],
            verify_separate ? "" : " (verified inside the solver's call: counted in solve)",
            phase_s[CLI_PHASE_WRITE]);
}
