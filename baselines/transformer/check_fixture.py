#!/usr/bin/env python3
"""Check a Transformer fixture against the NumPy reading of the model.

usage: check_fixture.py FIXTURE_DIR

FIXTURE_DIR holds what make_fixture.py writes. For every command of
reference.json, the full model and the model with the heads named in
"pruned_heads_kept" (the others removed physically) must reproduce PyTorch's
logits within 1e-4 and its greedy output exactly. Prints one line per model
and exits 1 on the first mismatch.
"""

import json
import os
import sys

import numpy as np

from reference import Model

TOLERANCE = 1e-4


def check(model, answers, label):
    worst = 0.0
    for answer in answers:
        command = answer["command"]
        want = np.array(answer["logits"], dtype=np.float32)
        got = model.logits(command, answer["greedy"])
        if got.shape != want.shape:
            sys.exit("%s: %r: logits shape %s, want %s" % (label, command, got.shape, want.shape))
        error = float(np.abs(got - want).max())
        worst = max(worst, error)
        if error > TOLERANCE:
            sys.exit("%s: %r: logits differ by %.3g (> %g)" % (label, command, error, TOLERANCE))
        greedy = model.greedy(command)
        if greedy != answer["greedy"]:
            sys.exit("%s: %r: greedy output %s, want %s" % (label, command, greedy, answer["greedy"]))
    heads = sum(len(h) for h in model.kept.values())
    print("%s: %d commands match (%d heads, %d parameters, max |logit error| %.1e)"
          % (label, len(answers), heads, model.parameter_count(), worst))


def main(directory):
    with open(os.path.join(directory, "reference.json")) as f:
        reference = json.load(f)
    check(Model(directory), reference["full"], "full")
    pruned = Model(directory)
    pruned.prune(reference["pruned_heads_kept"])
    check(pruned, reference["pruned"], "pruned")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    try:
        main(sys.argv[1])
    except (OSError, ValueError, KeyError) as error:
        sys.exit("check_fixture: error: %s" % error)
