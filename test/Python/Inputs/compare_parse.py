"""compare_parse.py LIBRARY GRAMMAR INPUTS: prints, for each line of INPUTS,
{"input", "tree"} (or {"input", "error"}) from circc.Circuit.parse on
LIBRARY (its derivation library beside it), then checks the lines against
`circc GRAMMAR --parse=- --json` on the same inputs: the last line says they
are the same, or the first difference (exit status 1)."""

import json
import subprocess
import sys

import circc

library, grammar, inputs = sys.argv[1:4]
circuit = circc.load(library)
texts = open(inputs).read().splitlines()
lines = []
for text in texts:
    try:
        lines.append(json.dumps({"input": text, "tree": circuit.parse(text)}))
    except circc.CircuitError as error:
        lines.append(json.dumps({"input": text, "error": str(error)}))
print("\n".join(lines))
shown = subprocess.run(["circc", grammar, "--parse=-", "--json"],
                       input="\n".join(texts) + "\n", capture_output=True,
                       text=True).stdout.splitlines()
for ours, theirs in zip(lines, shown):
    if ours != theirs:
        sys.exit("differs from circc --parse:\n  %s\n  %s" % (ours, theirs))
if len(lines) != len(shown):
    sys.exit("circc --parse printed %d lines for %d inputs"
             % (len(shown), len(lines)))
print("the same as circc --parse: %d inputs" % len(lines))
