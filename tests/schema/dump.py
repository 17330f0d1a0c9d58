"""Runs the schema corpus with the built CLI; prints one JSON line per run (for authoring)."""
import json
import subprocess
import sys

sys.path.insert(0, sys.path[0])
from corpus import corpus  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
for kind, argv, stdin in corpus(root):
    r = subprocess.run([binary] + argv, input=stdin, capture_output=True, timeout=60)
    print(json.dumps({"kind": kind, "argv": argv, "rc": r.returncode,
                      "out": r.stdout.decode()}))
