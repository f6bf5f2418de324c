#!/usr/bin/env python3
"""Plot accuracy against the fraction of attention heads removed.

usage: plot_pruning.py SWEEP.jsonl TITLE OUT.png

SWEEP.jsonl is what scripts/transformer_prune_sweep.sh writes: per level,
{"fraction": F, "pytorch": %, "compiled": %, "parameters": N}. PyTorch
(heads gated off) and the library circc compiles (heads sliced out) are
drawn as two curves; they should coincide. Needs python3-matplotlib.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, title, out):
    rows = [json.loads(line) for line in open(path)]
    fractions = [100 * r["fraction"] for r in rows]
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.plot(fractions, [r["pytorch"] for r in rows], "o-",
            label="PyTorch, heads gated off")
    ax.plot(fractions, [r["compiled"] for r in rows], "x--", markersize=9,
            label="circc library, heads removed")
    for f, r in zip(fractions, rows):
        ax.annotate("{:,}".format(r["parameters"]), (f, r["compiled"]),
                    textcoords="offset points", xytext=(4, 6), fontsize=7)
    ax.set_xlabel("heads removed from every attention module, one shot (%)")
    ax.set_ylabel("exact match, simple split test file (%)")
    ax.set_ylim(-3, 103)
    ax.set_title(title + " (labels: parameters)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
