#!/usr/bin/env python3
"""Plot bench_speed.py --json lines: time against heads kept, throughput
against parameters.

usage: plot_speed.py SPEED.jsonl OUT.png

Left: the compiled model's milliseconds per command at batch 1 for each
fraction of heads pruned, one line per configuration, with PyTorch's
(cached) figure where the file has it. Right: commands per second in
batches against parameters. Needs python3-matplotlib
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
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for color, model in zip(["tab:blue", "tab:green", "tab:red", "tab:purple"], models):
        mine = sorted((r for r in rows if r["model"].rstrip("/").endswith(model)),
                      key=lambda r: r["prune"])
        kept = [100 * (1 - r["prune"]) for r in mine]
        left.plot(kept, [r["batch1_compiled_ms"] for r in mine], "o-",
                  color=color, label="%s, compiled" % model)
        right.plot([r["parameters"] for r in mine],
                   [r["batch_compiled_commands_per_s"] for r in mine], "o-",
                   color=color, label="%s, compiled" % model)
        torch_rows = [r for r in mine if r["batch_torch_cached_commands_per_s"]]
        if torch_rows:
            left.plot([100 * (1 - r["prune"]) for r in torch_rows],
                      [r["batch1_torch_cached_ms"] for r in torch_rows], "s",
                      color=color, fillstyle="none", label="%s, PyTorch with cache" % model)
            right.plot([r["parameters"] for r in torch_rows],
                       [r["batch_torch_cached_commands_per_s"] for r in torch_rows], "s",
                       color=color, fillstyle="none", label="%s, PyTorch with cache" % model)
    left.set_xlabel("heads kept (%)")
    left.set_ylabel("milliseconds per command (batch 1)")
    left.set_yscale("log")
    left.legend()
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("parameters")
    right.set_ylabel("commands per second (batches)")
    right.legend()
    fig.suptitle("Greedy decoding on one CPU thread")
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
