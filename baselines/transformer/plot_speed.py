#!/usr/bin/env python3
"""Plot bench_speed.py --json lines: time and throughput against heads kept.

usage: plot_speed.py SPEED.jsonl OUT.png

Left: milliseconds per command at batch 1; right: commands per second in
batches; both against the heads kept, one line per model configuration
for the compiled library, squares for PyTorch with a key/value cache where
the file has it. Needs python3-matplotlib
(baselines/transformer/setup.sh installs it).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, out):
    rows = [json.loads(line) for line in open(path)]
    # One row per model and fraction: the one timed on the most commands.
    best = {}
    for r in rows:
        key = (r["model"], r["prune"])
        if key not in best or r["commands"] > best[key]["commands"]:
            best[key] = r
    rows = list(best.values())
    models = sorted({r["model"].rstrip("/").split("/")[-1] for r in rows})
    # Both panels share their x axis: the heads kept in every module.
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), sharex=True)
    batch = max((r.get("batch", 0) for r in rows), default=0)
    for color, model in zip(["tab:blue", "tab:green", "tab:red", "tab:purple"], models):
        mine = sorted((r for r in rows if r["model"].rstrip("/").endswith(model)),
                      key=lambda r: r["prune"])
        name = model.replace("-fixed", "")
        kept = [100 * (1 - r["prune"]) for r in mine]
        left.plot(kept, [r["batch1_compiled_ms"] for r in mine], "o-",
                  color=color, label="%s model, circc" % name)
        right.plot(kept, [r["batch_compiled_commands_per_s"] for r in mine], "o-",
                   color=color, label="%s model, circc" % name)
        torch_rows = [r for r in mine if r["batch_torch_cached_commands_per_s"]]
        if torch_rows:
            torch_kept = [100 * (1 - r["prune"]) for r in torch_rows]
            left.plot(torch_kept, [r["batch1_torch_cached_ms"] for r in torch_rows],
                      "s", color=color, fillstyle="none", markersize=8,
                      label="%s model, PyTorch with a key/value cache" % name)
            right.plot(torch_kept,
                       [r["batch_torch_cached_commands_per_s"] for r in torch_rows],
                       "s", color=color, fillstyle="none", markersize=8,
                       label="%s model, PyTorch with a key/value cache" % name)
    for ax in (left, right):
        ax.set_xlabel("heads kept in every attention module (%)")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    left.set_ylabel("milliseconds per command (log)")
    left.set_title("one command at a time: lower is better", fontsize=10)
    right.set_ylabel("commands per second (log)")
    right.set_title("batches%s: higher is better" %
                    (" of %d" % batch if batch else ""), fontsize=10)
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8,
               frameon=False)
    fig.suptitle("Greedy decoding, 49 steps per command, one CPU thread "
                 "(seeded models, end token disabled)")
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
