#!/usr/bin/env bash
# CLI basics: help, version, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

run --version;            expect_code 0 "--version"; expect_out '^multipolar [0-9]+\.[0-9]+\.[0-9]+$' "version line"
run --help;               expect_code 0 "--help";    expect_out 'solve' "help lists solve"
run help solve;           expect_code 0 "help solve"; expect_out 'usage: multipolar solve' "solve usage"
run help check;           expect_code 0 "help check"; expect_out 'usage: multipolar check' "check usage"
run help convert;         expect_code 0 "help convert"; expect_out 'usage: multipolar convert' "convert usage"
run help nosuch;          expect_code 2 "help of an unknown command"
run;                      expect_code 2 "no command"
run frobnicate;           expect_code 2 "unknown command"; expect_err "'frobnicate' is not a command" "message"
run solve --bogus;        expect_code 2 "unknown option"; expect_err "unknown option '--bogus'" "message"
run solve --format xml;   expect_code 2 "bad format"
run solve --tol -1;       expect_code 2 "bad tolerance"
run solve a.yaml b.yaml;  expect_code 2 "two models"
run check;                expect_code 2 "check without model"
run convert x.yaml;       expect_code 2 "convert without -o"
finish
