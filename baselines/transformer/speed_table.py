#!/usr/bin/env python3
"""Format bench_speed.py --json lines as the Markdown tables of docs/Results.md.

usage: speed_table.py SPEED.jsonl
"""

import json
import sys


def f(value, fmt):
    return "-" if value is None else fmt % value


def pct(value):
    return "-" if value is None else "%.0f%%" % (100 * value)


def label(r):
    """The model, what was pruned, the threads."""
    name = r["model"].rstrip("/").split("/")[-1].replace("-fixed", "")
    return "| %s | %d%% | %d%% | %d |" % (
        name, round(100 * r["prune"]), round(100 * r.get("prune_ffn", 0)), r["threads"])


def main(path):
    rows = [json.loads(line) for line in open(path)]
    print("Batch 1 (one command at a time), milliseconds per command, "
          "mean of the first %d commands:\n" % rows[0]["batch1_commands"])
    print("| Model | Heads pruned | FF units pruned | Threads | Parameters | PyTorch | "
          "PyTorch, cached | ONNX Runtime | Compiled | Compiled us/step | "
          "Speed-up vs cached | vs ONNX Runtime | Outputs agree (compiled, ORT) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        agree = "-" if r["outputs_agree"] is None else "%d, %s of %d" % (
            r["outputs_agree"], f(r["ort_outputs_agree"], "%d"), r["batch1_commands"])
        print("%s %s | %s | %s | %s | %.2f | %.1f | %s | %s | %s |" % (
            label(r), format(r["parameters"], ","), f(r["batch1_torch_ms"], "%.1f"),
            f(r["batch1_torch_cached_ms"], "%.1f"), f(r["batch1_ort_ms"], "%.1f"),
            r["batch1_compiled_ms"], r["batch1_compiled_us_per_step"],
            f(r["batch1_speedup_cached"], "%.1fx"), f(r["batch1_speedup_ort"], "%.1fx"),
            agree))
    print("\nBatches of %d, commands per second (share of the compute ceiling):\n"
          % rows[0]["batch"])
    print("| Model | Heads pruned | FF units pruned | Threads | MFLOP/command | "
          "sgemm, FMA peak GFLOP/s | Ceiling | "
          "PyTorch | PyTorch, cached | ONNX Runtime | Compiled | "
          "Compiled vs cached | vs ONNX Runtime |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        def cell(key, share):
            rate = r["batch_%s_commands_per_s" % key]
            return "-" if rate is None else "%.1f (%s)" % (rate, pct(r[share]))
        print("%s %.0f | %.1f, %s | %.0f | %s | %s | %s | %s | %s | %s |" % (
            label(r), r["mflop_per_command"], r["sgemm_gflops"],
            f(r["fma_peak_gflops"], "%.1f"), r["ceiling_commands_per_s"],
            cell("torch", "share_torch"), cell("torch_cached", "share_cached"),
            cell("ort", "share_ort"), cell("compiled", "share_compiled"),
            f(r["batch_ratio_cached"], "%.2fx"), f(r["batch_ratio_ort"], "%.2fx")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    main(sys.argv[1])
