#!/usr/bin/env python3
"""Greedy decoding speed: a circc-compiled model against PyTorch eager.

usage: bench_speed.py MODEL_DIR LIBRARY.so TEST.txt[.gz] [--commands 64]
                      [--batch 256] [--prune F | --remove-heads M:H,...
                      | --remove-heads-file FILE]
                      [--threads 1] [--json] [--compiled-only] [--skip-uncached]

MODEL_DIR holds config.json and weights.safetensors; LIBRARY.so is
`circc MODEL_DIR [--prune-heads=F]`. Both decode the first --commands
commands of TEST greedily on the CPU, in this process:

- batch 1: one command at a time (PyTorch: model.greedy on a [1, S] batch;
  the library: circc_run_text), mean milliseconds per command;
- batch --batch: PyTorch decodes the commands as padded batches, the
  library runs them with circc_run_batch; commands per second.

PyTorch is timed twice: model.greedy, which feeds the whole prefix through
the decoder at every step (the usual eager loop), and model.greedy_cached,
which caches keys and values as the compiled model does.

With --prune F, PyTorch's model has the gates of the heads attn-prune-heads
removes set to zero (the least important round(F * heads) of every module),
which is the pruned model's arithmetic but not its cost: eager PyTorch still
computes every head. The outputs of the library and of PyTorch at batch 1
are compared, and the share that agree is printed. Timings are of one
thread (torch.set_num_threads).
"""

import argparse
import ctypes
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

import train  # noqa: E402
from library import Result, open_library  # noqa: E402


def load_torch(directory, prune, removed):
    model, config, importance = train.load_model(directory)
    train.gate_heads(model, importance, prune, removed)
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
    parser.add_argument("--threads", type=int, default=1)
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
    model, config = load_torch(args.model, args.prune, removed)
    commands = [command for command, _ in train.read_scan(args.test)[:args.commands]]
    eos = config["eos"]

    try:
        lib, handle = open_library(os.path.abspath(args.library), args.threads)
    except OSError as error:
        sys.exit("bench_speed: error: %s" % error)
    stride = lib.circc_max_output(handle)
    texts = [" ".join(c).encode() for c in commands]

    # Batch 1.
    nan = float("nan")
    torch_one = torch_batch = cached_one = cached_batch = nan
    torch_out = []
    if not args.compiled_only:
        if not args.skip_uncached:
            start = time.perf_counter()
            for c in commands:
                model.greedy(torch_ids([c], config))
            torch_one = (time.perf_counter() - start) / len(commands)
        start = time.perf_counter()
        torch_out = [trim(model.greedy_cached(torch_ids([c], config))[0].tolist(), eos)
                     for c in commands]
        cached_one = (time.perf_counter() - start) / len(commands)
    out = (ctypes.c_int32 * stride)()
    compiled_out = []
    start = time.perf_counter()
    for text in texts:
        result = Result()
        lib.circc_run_text(handle, text, len(text), out, stride, ctypes.byref(result))
        compiled_out.append(list(out[:result.length]) if result.status == 0 else None)
    compiled_one = (time.perf_counter() - start) / len(commands)
    agree = sum(a == b for a, b in zip(torch_out, compiled_out))

    # Batches.
    if not args.compiled_only:
        if not args.skip_uncached:
            start = time.perf_counter()
            for i in range(0, len(commands), args.batch):
                model.greedy(torch_ids(commands[i:i + args.batch], config))
            torch_batch = len(commands) / (time.perf_counter() - start)
        start = time.perf_counter()
        for i in range(0, len(commands), args.batch):
            model.greedy_cached(torch_ids(commands[i:i + args.batch], config))
        cached_batch = len(commands) / (time.perf_counter() - start)
    n = len(texts)
    text_array = (ctypes.c_char_p * n)(*texts)
    length_array = (ctypes.c_size_t * n)(*[len(t) for t in texts])
    batch_out = (ctypes.c_int32 * (n * stride))()
    results = (Result * n)()
    start = time.perf_counter()
    for i in range(0, n, args.batch):
        count = min(args.batch, n - i)
        lib.circc_run_batch(handle, ctypes.cast(ctypes.byref(text_array, i * ctypes.sizeof(ctypes.c_char_p)), ctypes.POINTER(ctypes.c_char_p)),
                            ctypes.cast(ctypes.byref(length_array, i * ctypes.sizeof(ctypes.c_size_t)), ctypes.POINTER(ctypes.c_size_t)),
                            count, ctypes.cast(ctypes.byref(batch_out, i * stride * 4), ctypes.POINTER(ctypes.c_int32)),
                            stride, ctypes.cast(ctypes.byref(results, i * ctypes.sizeof(Result)), ctypes.POINTER(Result)))
    compiled_batch = n / (time.perf_counter() - start)
    mean_length = sum(len(o) for o in compiled_out if o is not None) / len(compiled_out)
    # Decoding steps: one per output symbol, plus the one that produced eos.
    steps = sum(min(len(o) + 1, stride) for o in compiled_out if o is not None)

    def ms(seconds):
        return None if seconds != seconds else round(1000 * seconds, 3)

    def ratio(a, b):
        return None if a != a or b != b else round(a / b, 2)

    figures = {
        "model": args.model, "library": args.library, "prune": args.prune,
        "parameters": lib.circc_param_count(handle), "commands": n,
        "mean_output_length": round(mean_length, 2), "threads": args.threads,
        "batch1_torch_ms": ms(torch_one),
        "batch1_torch_cached_ms": ms(cached_one),
        "batch1_compiled_ms": ms(compiled_one),
        "batch1_speedup": ratio(torch_one, compiled_one),
        "batch1_speedup_cached": ratio(cached_one, compiled_one),
        "batch1_compiled_us_per_step": round(1e6 * compiled_one * n / steps, 2),
        "batch": args.batch,
        "batch_torch_commands_per_s": None if torch_batch != torch_batch else round(torch_batch, 1),
        "batch_torch_cached_commands_per_s": None if cached_batch != cached_batch else round(cached_batch, 1),
        "batch_compiled_commands_per_s": round(compiled_batch, 1),
        "batch_ratio": ratio(compiled_batch, torch_batch),
        "batch_ratio_cached": ratio(compiled_batch, cached_batch),
        "outputs_agree": None if args.compiled_only else agree,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print("%s (%d parameters, prune %g): %d commands, mean output %.1f symbols, %d thread(s)"
          % (args.library, figures["parameters"], args.prune, n, mean_length, args.threads))
    if args.compiled_only:
        print("  batch 1:   compiled %.3f ms/command, %.2f us per decoding step"
              % (1000 * compiled_one, 1e6 * compiled_one * n / steps))
        print("  batch %d: compiled %.1f commands/s" % (args.batch, compiled_batch))
    else:
        print("  batch 1:   PyTorch %.3f ms/command (with a cache %.3f), compiled %.3f: "
              "%.2fx (%.2fx)" % (1000 * torch_one, 1000 * cached_one, 1000 * compiled_one,
                                 torch_one / compiled_one, cached_one / compiled_one))
        print("  batch %d: PyTorch %.1f commands/s (with a cache %.1f), compiled %.1f: "
              "%.2fx (%.2fx)" % (args.batch, torch_batch, cached_batch, compiled_batch,
                                 compiled_batch / torch_batch, compiled_batch / cached_batch))
    if not args.compiled_only:
        print("  outputs agree with PyTorch's on %d/%d commands" % (agree, n))


if __name__ == "__main__":
    main()
