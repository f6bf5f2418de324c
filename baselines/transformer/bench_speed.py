#!/usr/bin/env python3
"""Greedy decoding speed: a circc-compiled model against PyTorch and ONNX Runtime.

usage: bench_speed.py MODEL_DIR LIBRARY.so TEST.txt[.gz] [--commands 64]
                      [--batch 256] [--prune F | --remove-heads M:H,...
                      | --remove-heads-file FILE] [--prune-ffn F]
                      [--threads 1] [--rounds 3] [--singles 16] [--fma-peak PROGRAM]
                      [--onnxruntime LIBONNXRUNTIME.so] [--onnx-dir DIR]
                      [--json] [--compiled-only] [--skip-uncached]

MODEL_DIR holds config.json and weights.safetensors; LIBRARY.so is
`circc MODEL_DIR [--prune-heads=F]`. Every implementation decodes the first
--commands commands of TEST greedily on the CPU, in this process, with
--threads threads:

- batch 1: one command at a time (PyTorch: a [1, S] batch; ONNX Runtime:
  the same; the library: circc_run_text), mean milliseconds per command;
- batch --batch: PyTorch and ONNX Runtime decode padded batches, the
  library runs them with circc_run_batch; commands per second.

The implementations: PyTorch eager, model.greedy (the whole prefix through
the decoder at every step); PyTorch with a key/value cache,
model.greedy_cached; ONNX Runtime (with --onnxruntime, the C library the npm
package onnxruntime-node ships) running the model exported by
onnx_decoder.py, an encoder and a one-step decoder with past/present keys
and values; and the library. They are timed in turn, --rounds times, and
each one's best round is kept, so a slow spell of the machine does not
favour one of them. Each round also times single-precision matrix products
(torch.mm of 1024 x 1024 matrices, OpenBLAS's sgemm): its GFLOP/s over the
model's multiply-adds per command (2 FLOPs each, counted from the modules'
shapes for the source lengths and decoding steps of these commands) is the
compute ceiling in commands per second, and each batch figure is printed
as a share of it.

With --prune F (or --remove-heads), the heads attn-prune-heads removes (the
least important round(F * heads) of every module) are physically removed
from PyTorch's model (Seq2Seq.remove_gated_heads) before it is timed and
exported, so PyTorch and ONNX Runtime do only the smaller model's work;
likewise --prune-ffn F removes the feed-forward units attn-prune-ffn
removes (FeedForward.prune_units). Batch 1 times the first --singles
commands.
The outputs of the library and of ONNX Runtime at batch 1 are compared
with PyTorch's cached decoding, and the share that agree is printed.
"""

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

import train  # noqa: E402
from library import Result, open_library  # noqa: E402


def load_torch(directory, prune, removed, prune_ffn):
    model, config, importance = train.load_model(directory)
    train.gate_heads(model, importance, prune, removed)
    model.remove_gated_heads()
    if prune_ffn:
        for layer in [*model.encoder, *model.decoder]:
            layer.ffn.prune_units(prune_ffn)
    return model, config


def torch_ids(commands, config):
    words = {w: i for i, w in enumerate(config["src_words"])}
    width = max(len(c) for c in commands)
    src = torch.full((len(commands), width), config["src_pad"], dtype=torch.long)
    for i, command in enumerate(commands):
        src[i, :len(command)] = torch.tensor([words[w] for w in command])
    return src


def trim(ids, eos):
    ids = list(ids)
    return ids[:ids.index(eos)] if eos in ids else ids


def multiply_adds(model, source, steps):
    """Multiply-adds of one command with `source` words decoded for `steps`
    steps: every projection on the rows it applies to, and the attention
    products (scores and weighted values) over the keys each row sees."""
    def linear(module):
        return module.in_features * module.out_features

    def width(attention):
        return attention.heads * attention.head_dim

    total = 0
    for layer in model.encoder:
        a = layer.self_attention
        total += source * (linear(a.q) + linear(a.k) + linear(a.v) + linear(a.o)
                           + linear(layer.ffn.up) + linear(layer.ffn.down))
        total += 2 * source * source * width(a)
    for layer in model.decoder:
        a, c = layer.self_attention, layer.cross_attention
        total += source * (linear(c.k) + linear(c.v))
        total += steps * (linear(a.q) + linear(a.k) + linear(a.v) + linear(a.o)
                          + linear(c.q) + linear(c.o)
                          + linear(layer.ffn.up) + linear(layer.ffn.down))
        total += 2 * width(a) * steps * (steps + 1) // 2  # keys 1..steps
        total += 2 * width(c) * steps * source
    return total + steps * linear(model.out)


def sgemm_gflops(size=1024, repeats=8):
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * size ** 3 * repeats / (time.perf_counter() - start) / 1e9


def fma_peak_gflops(program, threads):
    out = subprocess.run([program, str(threads)], check=True, capture_output=True, text=True)
    return float(out.stdout.split()[0])


def best_of(rounds, passes):
    """Runs each of `passes` (name -> function returning seconds) in turn,
    `rounds` times; the least seconds of each."""
    best = {}
    for _ in range(rounds):
        for name, run in passes.items():
            seconds = run()
            best[name] = min(best.get(name, seconds), seconds)
    return best


def timed(function):
    def run():
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("library")
    parser.add_argument("test")
    parser.add_argument("--commands", type=int, default=64)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--prune", type=float, default=0.0)
    parser.add_argument("--remove-heads", default="",
                        help="MODULE:HEAD,... removed from PyTorch's model instead of --prune")
    parser.add_argument("--remove-heads-file",
                        help="the same, one per line (prune_finetune.py's removed_heads.txt)")
    parser.add_argument("--prune-ffn", type=float, default=0.0,
                        help="the fraction of feed-forward units removed (circc --prune-ffn)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--onnxruntime", help="libonnxruntime.so.1 (setup_onnxruntime.sh)")
    parser.add_argument("--onnx-dir", help="where to write the exported graphs")
    parser.add_argument("--fma-peak", help="build/bin/fma-peak, timed with the rounds")
    parser.add_argument("--singles", type=int, default=16,
                        help="commands timed one at a time (the first of --commands)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compiled-only", action="store_true",
                        help="time only the library (no PyTorch, no agreement check)")
    parser.add_argument("--skip-uncached", action="store_true",
                        help="time PyTorch only with its cache (model.greedy_cached)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    removed = [h for h in args.remove_heads.split(",") if h]
    if args.remove_heads_file:
        with open(args.remove_heads_file) as f:
            removed += [line.strip() for line in f if line.strip()]
    model, config = load_torch(args.model, args.prune, removed, args.prune_ffn)
    commands = [command for command, _ in train.read_scan(args.test)[:args.commands]]
    eos = config["eos"]

    try:
        lib, handle = open_library(os.path.abspath(args.library), args.threads)
    except OSError as error:
        sys.exit("bench_speed: error: %s" % error)
    runtime = None
    if args.onnxruntime and not args.compiled_only:
        import onnx_decoder
        directory = args.onnx_dir or tempfile.mkdtemp(prefix="circc-onnx-")
        try:
            runtime = onnx_decoder.OrtGreedy(model, directory, args.onnxruntime, args.threads)
        except (OSError, onnx_decoder.ort.OrtError) as error:
            sys.exit("bench_speed: error: ONNX Runtime: %s" % error)
    stride = lib.circc_max_output(handle)
    texts = [" ".join(c).encode() for c in commands]
    n = len(texts)
    singles = [torch_ids([c], config) for c in commands[:args.singles]]
    single_texts = texts[:args.singles]
    batches = [torch_ids(commands[i:i + args.batch], config)
               for i in range(0, n, args.batch)]

    # Outputs, compared at batch 1.
    compiled_out = []
    out = (ctypes.c_int32 * stride)()

    def compiled_one():
        compiled_out.clear()
        for text in single_texts:
            result = Result()
            lib.circc_run_text(handle, text, len(text), out, stride, ctypes.byref(result))
            compiled_out.append(list(out[:result.length]) if result.status == 0 else None)

    text_array = (ctypes.c_char_p * n)(*texts)
    length_array = (ctypes.c_size_t * n)(*[len(t) for t in texts])
    batch_out = (ctypes.c_int32 * (n * stride))()
    results = (Result * n)()

    def at(array, index, element, pointer):
        return ctypes.cast(ctypes.byref(array, index * ctypes.sizeof(element)),
                           ctypes.POINTER(pointer))

    def compiled_batch():
        for i in range(0, n, args.batch):
            count = min(args.batch, n - i)
            lib.circc_run_batch(handle, at(text_array, i, ctypes.c_char_p, ctypes.c_char_p),
                                at(length_array, i, ctypes.c_size_t, ctypes.c_size_t),
                                count, at(batch_out, i * stride, ctypes.c_int32, ctypes.c_int32),
                                stride, at(results, i, Result, Result))

    torch_out, ort_out = [], []
    one = {"compiled": compiled_one}
    many = {"compiled": compiled_batch}
    if not args.compiled_only:
        if not args.skip_uncached:
            one["torch"] = lambda: [model.greedy(s) for s in singles]
            many["torch"] = lambda: [model.greedy(s) for s in batches]

        def cached_one():
            torch_out[:] = [trim(model.greedy_cached(s)[0].tolist(), eos) for s in singles]
        one["cached"] = cached_one
        many["cached"] = lambda: [model.greedy_cached(s) for s in batches]
        if runtime:
            numpy_singles = [s.numpy() for s in singles]
            numpy_batches = [s.numpy() for s in batches]

            def ort_one():
                ort_out[:] = [trim(runtime.greedy(s)[0].tolist(), eos) for s in numpy_singles]
            one["ort"] = ort_one
            many["ort"] = lambda: [runtime.greedy(s) for s in numpy_batches]
    batch1 = best_of(args.rounds, {k: timed(f) for k, f in one.items()})
    many_timed = {k: timed(f) for k, f in many.items()}
    many_timed["sgemm"] = lambda: 1 / sgemm_gflops()
    if args.fma_peak:
        many_timed["fma"] = lambda: 1 / fma_peak_gflops(args.fma_peak, args.threads)
    batched = best_of(args.rounds, many_timed)
    agree = sum(a == b for a, b in zip(torch_out, compiled_out))
    ort_agree = sum(a == b for a, b in zip(torch_out, ort_out))

    batch_lengths = [r.length if r.status == 0 else None for r in results]
    if None in batch_lengths:
        sys.exit("bench_speed: error: circc_run_batch failed on command %d"
                 % batch_lengths.index(None))
    mean_length = sum(batch_lengths) / n
    # Decoding steps: one per output symbol, plus the one that produced eos.
    step_counts = [min(length + 1, stride) for length in batch_lengths]
    steps = sum(min(len(o) + 1, stride) for o in compiled_out if o is not None)
    flops = 2 * sum(multiply_adds(model, len(c), s)
                    for c, s in zip(commands, step_counts)) / n
    gflops = 1 / batched["sgemm"]
    fma = 1 / batched["fma"] if "fma" in batched else None
    # The ceiling: the faster of the two measured rates.
    ceiling = max(gflops, fma or 0) * 1e9 / flops

    singles_n = len(single_texts)

    def ms(name):
        return round(1000 * batch1[name] / singles_n, 3) if name in batch1 else None

    def rate(name):
        return round(n / batched[name], 1) if name in batched else None

    def ratio(a, b):
        return None if a is None or b is None else round(a / b, 2)

    def share(name):
        return None if name not in batched else round(n / batched[name] / ceiling, 3)

    figures = {
        "model": args.model, "library": args.library, "prune": args.prune,
        "prune_ffn": args.prune_ffn,
        "parameters": lib.circc_param_count(handle), "commands": n,
        "mean_output_length": round(mean_length, 2), "threads": args.threads,
        "rounds": args.rounds,
        "batch1_torch_ms": ms("torch"),
        "batch1_torch_cached_ms": ms("cached"),
        "batch1_ort_ms": ms("ort"),
        "batch1_compiled_ms": ms("compiled"),
        "batch1_speedup": ratio(ms("torch"), ms("compiled")),
        "batch1_speedup_cached": ratio(ms("cached"), ms("compiled")),
        "batch1_speedup_ort": ratio(ms("ort"), ms("compiled")),
        "batch1_commands": singles_n,
        "batch1_compiled_us_per_step": round(1e6 * batch1["compiled"] / steps, 2),
        "batch": args.batch,
        "batch_torch_commands_per_s": rate("torch"),
        "batch_torch_cached_commands_per_s": rate("cached"),
        "batch_ort_commands_per_s": rate("ort"),
        "batch_compiled_commands_per_s": rate("compiled"),
        "batch_ratio": ratio(rate("compiled"), rate("torch")),
        "batch_ratio_cached": ratio(rate("compiled"), rate("cached")),
        "batch_ratio_ort": ratio(rate("compiled"), rate("ort")),
        "sgemm_gflops": round(gflops, 1),
        "fma_peak_gflops": None if fma is None else round(fma, 1),
        "mflop_per_command": round(flops / 1e6, 1),
        "ceiling_commands_per_s": round(ceiling, 1),
        "share_torch": share("torch"), "share_cached": share("cached"),
        "share_ort": share("ort"), "share_compiled": share("compiled"),
        "onnxruntime": runtime.version if runtime else None,
        "outputs_agree": None if args.compiled_only else agree,
        "ort_outputs_agree": ort_agree if runtime else None,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print("%s (%d parameters, heads pruned %g, feed-forward units pruned %g): %d commands, mean output %.1f symbols, "
          "%d thread(s), best of %d rounds"
          % (args.library, figures["parameters"], args.prune, args.prune_ffn, n, mean_length,
             args.threads, args.rounds))
    names = {"torch": "PyTorch", "cached": "PyTorch with a cache",
             "ort": "ONNX Runtime %s" % (runtime.version if runtime else ""),
             "compiled": "compiled"}
    print("  batch 1, ms/command: " + ", ".join(
        "%s %.3f" % (names[k], ms(k)) for k in names if k in batch1))
    print("  batch %d, commands/s: " % args.batch + ", ".join(
        "%s %.1f (%.0f%%)" % (names[k], rate(k), 100 * share(k))
        for k in names if k in batched))
    print("  ceiling: %.1f commands/s (%.1f MFLOP/command; sgemm %.1f GFLOP/s%s)"
          % (ceiling, flops / 1e6, gflops,
             "" if fma is None else ", FMA peak %.1f GFLOP/s" % fma))
    if not args.compiled_only:
        print("  outputs agree with PyTorch's on %d/%d commands (compiled)%s"
              % (agree, singles_n,
                 ", %d/%d (ONNX Runtime)" % (ort_agree, singles_n) if runtime else ""))


if __name__ == "__main__":
    main()
