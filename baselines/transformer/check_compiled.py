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

TOLERANCE = 1e-4


class Result(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("length", ctypes.c_int32),
                ("error_index", ctypes.c_int32)]


def main(library_path, reference_path, section):
    with open(reference_path) as f:
        answers = json.load(f)[section]
    lib = ctypes.CDLL(library_path)
    lib.circc_create.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.circc_logits_text.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_int32), ctypes.c_int32,
        ctypes.POINTER(ctypes.c_float), ctypes.POINTER(Result)]
    for name in ("circc_max_output", "circc_output_count", "circc_param_count"):
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    lib.circc_param_count.restype = ctypes.c_int64
    lib.circc_output_name.argtypes = [ctypes.c_void_p, ctypes.c_int32]
    lib.circc_output_name.restype = ctypes.c_char_p

    handle = ctypes.c_void_p()
    if lib.circc_create(ctypes.byref(handle)) != 0:
        sys.exit("check_compiled: error: circc_create failed")
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
