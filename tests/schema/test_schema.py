"""Validates every JSON document of the CLI against its JSON Schema (docs/schema/*.json,
draft 2020-12): every bundled model with every method of its kind, check, sweep -f json on
the models with a sweep section, solve - from stdin, and error documents. Also checks that a
schema violation is caught. Run with /usr/bin/python3 (python3-jsonschema):
    python3 tests/schema/test_schema.py BUILD/multipolar SOURCE_ROOT"""
import copy
import json
import os
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import corpus  # noqa: E402


def load_schemas(root):
    out = {}
    folder = os.path.join(root, "docs", "schema")
    for f in sorted(x for x in os.listdir(folder) if x.endswith(".json")):
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            schema = json.load(fh)
        jsonschema.Draft202012Validator.check_schema(schema)
        out["multipolar/%s/1" % f[:-5]] = jsonschema.Draft202012Validator(schema)
    return out


def main():
    binary, root = sys.argv[1], sys.argv[2]
    validators = load_schemas(root)
    fails, counts = [], {}
    for kind, argv, stdin in corpus(root):
        r = subprocess.run([binary] + argv, input=stdin, capture_output=True, timeout=120)
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            fails.append("%s: not JSON (%s)" % (" ".join(argv), e))
            continue
        want = "multipolar/%s/1" % kind
        sid = doc.get("schema") if isinstance(doc, dict) else None
        # A method that needs input the model lacks (owen: unions, myerson: a graph) fails
        # with an error document and exit 2; it is validated as such.
        if sid != want and not (sid == "multipolar/error/1" and r.returncode != 0):
            fails.append("%s: schema %r, expected %r" % (" ".join(argv), sid, want))
            continue
        if sid == "multipolar/error/1" and doc["error"]["status"] != r.returncode:
            fails.append("%s: error status differs from the exit code" % " ".join(argv))
        for err in validators[sid].iter_errors(doc):
            fails.append("%s: %s at %s" % (" ".join(argv), err.message, list(err.absolute_path)))
        counts[sid] = counts.get(sid, 0) + 1
    # Negative: a violation is caught.
    r = subprocess.run([binary, "solve", os.path.join(root, "models/kazakhstan/hedging.yaml"),
                        "-f", "json"], capture_output=True, timeout=60)
    doc = json.loads(r.stdout)
    for mutate in (lambda d: d.pop("model"), lambda d: d.update(schema="multipolar/tu/1"),
                   lambda d: d.update(title=7)):
        bad = copy.deepcopy(doc)
        mutate(bad)
        if validators["multipolar/zero-sum/1"].is_valid(bad):
            fails.append("a schema violation was not caught")
    for sid in sorted(counts):
        print("%-28s %d documents valid" % (sid, counts[sid]))
    for f in fails:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
