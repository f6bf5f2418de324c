#!/usr/bin/env python3
"""Bar chart of exact match per SCAN split: circc's circuits, the Transformer
baseline, and published systems.

usage: plot_scan_splits.py MEASURED.json PUBLISHED.json OUT.png

MEASURED.json maps a system's name to {split: accuracy %}, as
scripts/scan_splits_plot.sh writes it; PUBLISHED.json is
docs/data/scan_published.json (keys starting with '_' are comments).
A system without a figure for a split gets no bar there, marked 'n/r'
(not reported, or not run). Needs python3-matplotlib.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SPLITS = ["simple", "length", "addprim_jump", "addprim_turn_left",
          "template_around_right", "mcd1", "mcd2", "mcd3"]


def main(measured_path, published_path, out):
    systems = list(json.load(open(measured_path)).items())
    published = [(k, v) for k, v in json.load(open(published_path)).items()
                 if not k.startswith("_")]
    systems += published
    cited = {k for k, _ in published}
    fig, ax = plt.subplots(figsize=(11, 5.6))
    width = 0.8 / len(systems)
    for i, (name, scores) in enumerate(systems):
        xs = [j + (i - (len(systems) - 1) / 2) * width for j in range(len(SPLITS))]
        for x, split in zip(xs, SPLITS):
            if split not in scores:
                ax.text(x, 1, "n/r", rotation=90, ha="center", va="bottom",
                        fontsize=6, color="gray")
            elif scores[split] < 1:
                # A bar of (almost) nothing: say its value.
                ax.text(x, 1, "%g" % scores[split], rotation=90, ha="center",
                        va="bottom", fontsize=6)
        ax.bar([x for x, s in zip(xs, SPLITS) if s in scores],
               [scores[s] for s in SPLITS if s in scores], width, label=name,
               hatch="//" if name in cited else "", edgecolor="white")
    ax.set_xticks(range(len(SPLITS)))
    ax.set_xticklabels([s.replace("template_", "").replace("addprim_", "add ")
                        for s in SPLITS])
    ax.set_ylabel("exact match on the split's test file (%)")
    ax.set_ylim(0, 105)
    ax.set_title("SCAN: accuracy per split (hatched: published figures; "
                 "n/r: not reported or not run)")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08),
              ncol=3, frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
