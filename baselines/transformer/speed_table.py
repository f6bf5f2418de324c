#!/usr/bin/env python3
"""Format bench_speed.py --json lines as the Markdown tables of docs/Results.md.

usage: speed_table.py SPEED.jsonl
"""

import json
import sys


def f(value, fmt):
    return "-" if value is None else fmt % value


def main(path):
    rows = [json.loads(line) for line in open(path)]
    print("Batch 1 (one command at a time), milliseconds per command:\n")
    print("| Model | Heads pruned | Parameters | Commands | Mean output | PyTorch | "
          "PyTorch, cached | Compiled | Compiled us/step | Speed-up (vs cached) | Outputs agree |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        name = r["model"].rstrip("/").split("/")[-1]
        agree = "-" if r["outputs_agree"] is None else "%d/%d" % (r["outputs_agree"], r["commands"])
        print("| %s | %d%% | %s | %d | %.1f | %s | %s | %.3f | %.1f | %s (%s) | %s |" % (
            name, round(100 * r["prune"]), format(r["parameters"], ","), r["commands"],
            r["mean_output_length"], f(r["batch1_torch_ms"], "%.1f"),
            f(r["batch1_torch_cached_ms"], "%.1f"), r["batch1_compiled_ms"],
            r["batch1_compiled_us_per_step"], f(r["batch1_speedup"], "%.0fx"),
            f(r["batch1_speedup_cached"], "%.0fx"), agree))
    print("\nBatches, commands per second:\n")
    print("| Model | Heads pruned | Batch | PyTorch | PyTorch, cached | Compiled | Ratio (vs cached) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        name = r["model"].rstrip("/").split("/")[-1]
        print("| %s | %d%% | %d | %s | %s | %.1f | %s (%s) |" % (
            name, round(100 * r["prune"]), r["batch"],
            f(r["batch_torch_commands_per_s"], "%.1f"),
            f(r["batch_torch_cached_commands_per_s"], "%.1f"),
            r["batch_compiled_commands_per_s"], f(r["batch_ratio"], "%.0fx"),
            f(r["batch_ratio_cached"], "%.1fx")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    main(sys.argv[1])
