#!/usr/bin/env python3
"""Accuracy of an exported model as its least important heads are removed.

usage: prune_sweep.py MODEL_DIR TEST.txt[.gz] [--fractions 0,0.25,0.5,0.75]
                      [--threads 1]

Loads MODEL_DIR (config.json + weights.safetensors from train.py), and for
each fraction f removes round(f * heads) heads from every attention module,
least important first by the stored importance, by setting their gates to
zero (the same function as slicing them out; see reference.py). Prints one
line per fraction: heads kept, parameters left, exact-match accuracy.
"""

import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

import train  # noqa: E402
from model import Attention  # noqa: E402


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("test")
    parser.add_argument("--fractions", default="0,0.25,0.5,0.75")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)

    try:
        model, config, importance = train.load_model(args.model)
    except (OSError, ValueError, KeyError) as error:
        sys.exit("prune_sweep: error: %s" % error)
    attention = [(n, m) for n, m in model.named_modules() if isinstance(m, Attention)]
    pairs = train.read_scan(args.test)
    hd = config["d_model"] // config["heads"]
    per_head = 4 * config["d_model"] * hd + 3 * hd  # Q, K, V rows + O columns, Q/K/V biases
    full = model.parameter_count()
    for fraction in [float(f) for f in args.fractions.split(",")]:
        kept = train.gate_heads(model, importance, fraction)
        heads = sum(m.heads for _, m in attention)
        params = full - (heads - kept) * per_head
        acc = train.accuracy(model, pairs, config)
        model.eval()
        print("pruned %3.0f%%: %d/%d heads, %d parameters, %s: %.2f%% exact"
              % (100 * fraction, kept, heads, params, os.path.basename(args.test), 100 * acc),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
