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
            # Points at the same place (the circuit is exact on every split
            # with the same parameters) are spread sideways to stay visible.
            same = sum(1 for other in rows[:i] if other[key] == row[key])
            ax.plot(params * 1.12 ** same, accuracy, marker,
                    color=colors[i % len(colors)],
                    fillstyle="full" if key == "circuit" else "none", markersize=8)
    circuit = [row["circuit"] for row in rows]
    if len(set(map(tuple, circuit))) == 1:
        params, accuracy = circuit[0]
        ax.annotate("circuit: %g%% on all %d splits,\n%d parameters (spread for "
                    "visibility)" % (accuracy, len(rows), params),
                    (params, accuracy), xytext=(params * 3, accuracy - 18),
                    fontsize=8, arrowprops={"arrowstyle": "->", "color": "gray"})
    for i, row in enumerate(rows):
        ax.plot([], [], "-", color=colors[i % len(colors)], label=row["split"])
    for _, label, marker in MODELS:
        ax.plot([], [], marker, color="gray", fillstyle="none", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("parameters")
    ax.set_ylabel("exact match on the split's test file (%)")
    ax.set_ylim(-3, 103)
    ax.legend(fontsize=8, loc="center right")
    ax.set_title("SCAN: accuracy against parameters (Transformer: the tiny model)")
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
