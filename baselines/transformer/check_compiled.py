#!/usr/bin/env python3
"""Check a model compiled by circc against PyTorch's answers in a fixture.

usage: check_compiled.py LIBRARY.so REFERENCE.json full|pruned

LIBRARY.so is what `circc MODEL_DIR` (with --prune-heads=0.5 for "pruned")
writes; REFERENCE.json is make_fixture.py's. For every command of the
chosen section, the library's greedy output (circc_logits_text) must be
PyTorch's and the logits of every decoding step must be within 1e-4 of
PyTorch's. Prints one line and exits 1 on the first mismatch. Needs only
the Python standard library: the library is called through ctypes.
"""

import ctypes
import json
import sys

from library import Result, open_library

TOLERANCE = 1e-4


def main(library_path, reference_path, section):
    with open(reference_path) as f:
        answers = json.load(f)[section]
    lib, handle = open_library(library_path)
    max_output = lib.circc_max_output(handle)
    width = lib.circc_output_count(handle)
    eos = [lib.circc_output_name(handle, i) for i in range(width)].index(b"<eos>")
    out = (ctypes.c_int32 * max_output)()
    logits = (ctypes.c_float * (max_output * width))()
    worst = 0.0
    for answer in answers:
        command = answer["command"].encode()
        result = Result()
        status = lib.circc_logits_text(handle, command, len(command), out,
                                       max_output, logits, ctypes.byref(result))
        if status != 0:
            sys.exit("%s: %r: status %d" % (section, answer["command"], status))
        greedy = list(out[:result.length])
        rows = min(result.length + 1, max_output)
        if rows > result.length:
            greedy.append(eos)
        if greedy != answer["greedy"]:
            sys.exit("%s: %r: greedy output %s, want %s"
                     % (section, answer["command"], greedy, answer["greedy"]))
        for step, want in enumerate(answer["logits"]):
            got = logits[step * width:(step + 1) * width]
            error = max(abs(g - w) for g, w in zip(got, want))
            worst = max(worst, error)
            if error > TOLERANCE:
                sys.exit("%s: %r: step %d: logits differ by %.3g (> %g)"
                         % (section, answer["command"], step, error, TOLERANCE))
    print("compiled %s: %d commands match (%d parameters, max |logit error| %.1e)"
          % (section, len(answers), lib.circc_param_count(handle), worst))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[3] not in ("full", "pruned"):
        sys.exit(__doc__.strip())
    try:
        main(*sys.argv[1:])
    except (OSError, ValueError, KeyError) as error:
        sys.exit("check_compiled: error: %s" % error)
