#!/usr/bin/env python3
"""Plot accuracy against parameters: circuit, Transformer, pruned Transformer.

usage: plot_accuracy.py SPLITS.jsonl OUT.png

SPLITS.jsonl is what scripts/transformer_splits.sh writes: per split, the
[parameters, accuracy %] of the compiled circuit, the compiled Transformer
and the Transformer with half its heads removed. One marker per model and
split, parameters on a log scale. Needs python3-matplotlib.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MODELS = [("circuit", "SCAN circuit", "o"), ("transformer", "Transformer", "s"),
          ("pruned", "Transformer, half the heads removed", "^")]


def main(path, out):
    rows = [json.loads(line) for line in open(path)]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, row in enumerate(rows):
        for key, _, marker in MODELS:
            params, accuracy = row[key]
            ax.plot(params, accuracy, marker, color=colors[i % len(colors)],
                    fillstyle="full" if key == "circuit" else "none", markersize=8)
    for i, row in enumerate(rows):
        ax.plot([], [], "-", color=colors[i % len(colors)], label=row["split"])
    for _, label, marker in MODELS:
        ax.plot([], [], marker, color="gray", fillstyle="none", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("parameters")
    ax.set_ylabel("exact match on the split's test file (%)")
    ax.set_ylim(-3, 103)
    ax.legend(fontsize=8, loc="center right")
    ax.set_title("SCAN: accuracy against parameters")
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
