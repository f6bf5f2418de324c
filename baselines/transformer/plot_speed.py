#!/usr/bin/env python3
"""Plot bench_speed.py --json lines: each implementation on each row.

usage: plot_speed.py SPEED.jsonl OUT.png

Left: milliseconds per command at batch 1 (lower is better); right:
commands per second in batches (higher is better), with the compute
ceiling measured in the same run as a black tick. Both panels have the same
rows on their x axis: model, what was pruned physically (heads, feed-forward
units) and the threads. Bars: PyTorch with a key/value cache, ONNX Runtime,
circc. Needs python3-matplotlib (baselines/transformer/setup.sh installs it).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = [("torch_cached", "PyTorch, key/value cache", "tab:orange"),
          ("ort", "ONNX Runtime", "tab:green"),
          ("compiled", "circc", "tab:blue")]


def name(r):
    model = r["model"].rstrip("/").split("/")[-1].replace("-fixed", "")
    parts = [model]
    if r["prune"]:
        parts.append("-%d%% heads" % round(100 * r["prune"]))
    if r.get("prune_ffn"):
        parts.append("-%d%% FF" % round(100 * r["prune_ffn"]))
    parts.append("%d thr" % r["threads"])
    return "\n".join(parts)


def main(path, out):
    rows = [json.loads(line) for line in open(path)]
    labels = [name(r) for r in rows]
    x = range(len(rows))
    width = 0.8 / len(SERIES)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), sharex=True)
    for k, (key, legend, color) in enumerate(SERIES):
        offset = [i - 0.4 + width * (k + 0.5) for i in x]
        left.bar(offset, [r["batch1_%s_ms" % key]
                          or 0 for r in rows], width, color=color, label=legend)
        right.bar(offset, [r["batch_%s_commands_per_s" % key] or 0 for r in rows],
                  width, color=color, label=legend)
    right.plot(list(x), [r["ceiling_commands_per_s"] for r in rows], "k_",
               markersize=28, mew=2, label="compute ceiling (same run)")
    for ax in (left, right):
        ax.set_xticks(list(x))
        ax.set_xticklabels(labels, fontsize=7)
        ax.set_yscale("log")
        ax.grid(True, axis="y", which="both", alpha=0.3)
    left.set_ylabel("milliseconds per command (log)")
    left.set_title("batch 1, mean of %d commands: lower is better"
                   % rows[0]["batch1_commands"], fontsize=10)
    right.set_ylabel("commands per second (log)")
    right.set_title("batches of %d commands: higher is better" % rows[0]["batch"],
                    fontsize=10)
    handles, legends = right.get_legend_handles_labels()
    fig.legend(handles, legends, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle("Greedy decoding, 49 steps per command, pinned CPU threads "
                 "(seeded models, end token disabled; pruned = removed physically)")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
