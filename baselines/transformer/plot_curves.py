#!/usr/bin/env python3
"""Plot training curves: the loss train.py prints, one line per run.

usage: plot_curves.py OUT.png NAME=LOG...

Each LOG is what train.py printed ("step N/M: loss L, T s" lines); NAME
labels its curve. Loss on a log scale against training steps. Needs
python3-matplotlib.
"""

import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STEP = re.compile(r"step (\d+)/\d+: loss ([0-9.]+)")


def main(out, runs):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for run in runs:
        name, path = run.split("=", 1)
        points = [(int(m.group(1)), float(m.group(2)))
                  for m in map(STEP.search, open(path)) if m]
        if not points:
            sys.exit("%s: no 'step N/M: loss L' lines" % path)
        ax.plot(*zip(*points), label=name)
    ax.set_yscale("log")
    ax.set_xlabel("training step (batch of 64 commands)")
    ax.set_ylabel("training loss (cross-entropy per target token)")
    ax.set_title("Transformer baseline: training loss per SCAN split")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    main(sys.argv[1], sys.argv[2:])
