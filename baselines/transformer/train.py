#!/usr/bin/env python3
"""Train the SCAN Transformer baseline and export it for circc.

usage: train.py --train TRAIN.txt[.gz] --test TEST.txt[.gz]... --out DIR
                [--config base|small] [--steps N] [--batch 64] [--lr 5e-4]
                [--seed 1] [--threads 2] [--importance-data FILE]
                [--device auto|cpu|cuda]
                [--vocab scan|data --max-src N --max-tgt N]

--vocab scan (the default) uses SCAN's vocabularies and bounds; --vocab data
takes the words of the training file (sorted) and the given bounds, for
other SCAN-format tasks (CruxMini, ListOps).

Writes DIR/config.json (hyperparameters, vocabularies, seed, parameter count,
training time, test accuracies) and DIR/weights.safetensors (every trained
tensor, plus one importance vector per attention module: the mean of
|dLoss/dgate| over --importance-data, normalised per layer as in Michel,
Levy & Neubig 2019). Prints a progress line every 100 steps.
"""

import argparse
import gzip
import json
import math
import os
import random
import struct
import sys
import time

# Torch's own threads do the parallel work; OpenBLAS threads on top of them
# only contend for the cores (0.37 s against 0.14 s a step for "small").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

from model import Attention, Seq2Seq

CONFIGS = {
    # About 6.6M parameters: the baseline the literature reports.
    "base": dict(d_model=256, heads=8, ff=1024, enc_layers=3, dec_layers=4),
    # Under 1M, for CPU-only work.
    "small": dict(d_model=128, heads=8, ff=448, enc_layers=2, dec_layers=2),
    # For test fixtures.
    "tiny": dict(d_model=32, heads=4, ff=64, enc_layers=1, dec_layers=1),
}
SRC_WORDS = ["walk", "look", "run", "jump", "turn", "left", "right", "around",
             "opposite", "twice", "thrice", "and", "after"]
TGT_WORDS = ["I_WALK", "I_LOOK", "I_RUN", "I_JUMP", "I_TURN_LEFT", "I_TURN_RIGHT"]


def make_config(name, seed, src_words=SRC_WORDS, tgt_words=TGT_WORDS,
                max_src=9, max_tgt=50):
    """Hyperparameters, vocabularies and special ids of config `name`."""
    config = dict(CONFIGS[name])
    config.update(src_vocab=len(src_words) + 1, src_pad=len(src_words),
                  tgt_vocab=len(tgt_words) + 3, bos=len(tgt_words),
                  eos=len(tgt_words) + 1, tgt_pad=len(tgt_words) + 2,
                  max_src=max_src, max_tgt=max_tgt, src_words=list(src_words),
                  tgt_words=list(tgt_words), norm="pre", seed=seed, name=name)
    return config


def read_scan(path):
    opener = gzip.open if path.endswith(".gz") else open
    pairs = []
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            command, actions = line[len("IN: "):].split(" OUT: ")
            pairs.append((command.split(), actions.split()))
    return pairs


def batches(pairs, config, size, rng):
    order = list(range(len(pairs)))
    while True:
        rng.shuffle(order)
        for start in range(0, len(order) - size + 1, size):
            yield encode([pairs[i] for i in order[start:start + size]], config)


def encode(pairs, config):
    src_id = {w: i for i, w in enumerate(config["src_words"])}
    tgt_id = {w: i for i, w in enumerate(config["tgt_words"])}
    s = max(len(c) for c, _ in pairs)
    t = max(len(a) for _, a in pairs) + 2
    src = torch.full((len(pairs), s), config["src_pad"], dtype=torch.long)
    tgt = torch.full((len(pairs), t), config["tgt_pad"], dtype=torch.long)
    for i, (command, actions) in enumerate(pairs):
        src[i, :len(command)] = torch.tensor([src_id[w] for w in command])
        ids = [config["bos"]] + [tgt_id[w] for w in actions] + [config["eos"]]
        tgt[i, :len(ids)] = torch.tensor(ids)
    return src, tgt


def loss_of(model, src, tgt, config):
    logits = model(src, tgt[:, :-1])
    return torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), tgt[:, 1:].reshape(-1),
        ignore_index=config["tgt_pad"])


def accuracy(model, pairs, config, size=256):
    model.eval()
    exact = 0
    for start in range(0, len(pairs), size):
        chunk = pairs[start:start + size]
        src, tgt = encode(chunk, config)
        out = model.greedy_cached(src.to(next(model.parameters()).device)).cpu()
        for i, (_, actions) in enumerate(chunk):
            want = tgt[i, 1:len(actions) + 2].tolist()  # actions + EOS
            got = out[i, :len(want)].tolist()
            exact += got == want
    model.train()
    return exact / len(pairs)


def importance(model, pairs, config, size=64):
    """Mean |dLoss/dgate| per head, normalised per attention module."""
    gates = list(model.gates())
    total = [torch.zeros_like(g) for g in gates]
    count = 0
    for start in range(0, len(pairs), size):
        src, tgt = encode(pairs[start:start + size], config)
        device = next(model.parameters()).device
        src, tgt = src.to(device), tgt.to(device)
        model.zero_grad()
        loss_of(model, src, tgt, config).backward()
        for acc, g in zip(total, gates):
            acc += g.grad.abs()
        count += 1
    scores = [acc / max(count, 1) for acc in total]
    return [s / (s.norm() + 1e-20) for s in scores]


def load_model(directory):
    """The model in a directory train.py wrote, in eval mode: (model, config,
    importance by attention module name, as tensors)."""
    from reference import read_safetensors
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    tensors = read_safetensors(os.path.join(directory, "weights.safetensors"))
    model = Seq2Seq(config)
    state = {n: torch.from_numpy(t.copy()) for n, t in tensors.items()
             if not n.endswith(".importance")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any(not n.endswith(".gate") for n in missing):
        raise ValueError("%s: weights do not fit the config: missing %s, unexpected %s"
                         % (directory, missing, unexpected))
    model.eval()
    importance = {n[:-len(".importance")]: torch.from_numpy(t.copy())
                  for n, t in tensors.items() if n.endswith(".importance")}
    return model, config, importance


def gate_heads(model, importance, fraction=0.0, removed=()):
    """Sets the head gates of `model` as circc's attn-prune-heads removes
    heads: the heads `removed` names (MODULE:HEAD) if any, else the least
    important round(fraction * heads) of every module (the lower head on
    ties). Returns the number of heads kept."""
    named = {}
    for entry in removed:
        module, head = entry.rsplit(":", 1)
        named.setdefault(module, []).append(int(head))
    kept = 0
    for name, module in model.named_modules():
        if not isinstance(module, Attention):
            continue
        if removed:
            drop = named.get(name, [])
        else:
            order = sorted(range(module.heads),
                           key=lambda h: (importance[name][h].item(), h))
            drop = order[:int(round(fraction * module.heads))]
        mask = torch.ones(module.heads, device=module.gate.device)
        mask[drop] = 0
        with torch.no_grad():
            module.gate.copy_(mask)
        kept += module.heads - len(set(drop))
    return kept


def device_of(name):
    """--device: "auto" is the GPU when PyTorch sees one."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.detach().cpu().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text.encode())
        for blob in blobs:
            f.write(blob)


def optimizer_moments(model, optimizer):
    """Adam's state as {parameter name: {"step", "exp_avg", "exp_avg_sq"}}."""
    moments = {}
    for name, p in model.named_parameters():
        state = optimizer.state.get(p)
        if state:
            moments[name] = {k: v.detach().cpu().clone() if torch.is_tensor(v)
                             else v for k, v in state.items()}
    return moments


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", action="append", default=[])
    parser.add_argument("--out", required=True)
    parser.add_argument("--config", default="base", choices=sorted(CONFIGS))
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--importance-data")
    parser.add_argument("--device", default="auto",
                        help="cpu, cuda, or auto (the GPU when there is one)")
    parser.add_argument("--vocab", default="scan", choices=["scan", "data"])
    parser.add_argument("--max-src", type=int, default=9)
    parser.add_argument("--max-tgt", type=int, default=50)
    parser.add_argument("--save-optimizer", action="store_true",
                        help="also write DIR/optimizer.pt: Adam's moments "
                        "per parameter name (prune_finetune.py "
                        "--optimizer-state)")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train = read_scan(args.train)
    if args.vocab == "data":
        config = make_config(
            args.config, args.seed,
            sorted({w for command, _ in train for w in command}),
            sorted({w for _, actions in train for w in actions}),
            args.max_src, args.max_tgt)
    else:
        config = make_config(args.config, args.seed)
    device = device_of(args.device)
    model = Seq2Seq(config).to(device)
    config["parameters"] = model.parameter_count()
    config["device"] = str(device)
    gates = {id(g) for g in model.gates()}
    optimizer = torch.optim.Adam(
        [p for p in model.parameters() if id(p) not in gates], lr=args.lr)
    warmup = max(1, args.steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) *
        0.5 * (1 + math.cos(math.pi * min(step, args.steps) / max(1, args.steps))))

    print("training %s (%d parameters) on %d examples, %d steps, seed %d" %
          (args.config, config["parameters"], len(train), args.steps, args.seed),
          flush=True)
    start = time.time()
    stream = batches(train, config, args.batch, rng)
    for step in range(1, args.steps + 1):
        src, tgt = next(stream)
        loss = loss_of(model, src.to(device), tgt.to(device), config)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % 100 == 0 or step == args.steps:
            print("step %d/%d: loss %.4f, %.1f s" %
                  (step, args.steps, loss.item(), time.time() - start), flush=True)
    config["training_seconds"] = round(time.time() - start, 1)
    config["steps"] = args.steps

    config["test_accuracy"] = {}
    for path in args.test:
        acc = accuracy(model, read_scan(path), config)
        config["test_accuracy"][path.split("/")[-1]] = acc
        print("%s: %.2f%% exact" % (path, 100 * acc), flush=True)

    tensors = {name: p for name, p in model.named_parameters() if id(p) not in gates}
    attention = [(name, m) for name, m in model.named_modules() if isinstance(m, Attention)]
    if args.importance_data:
        scores = importance(model, read_scan(args.importance_data), config)
        for (name, _), score in zip(attention, scores):
            tensors[name + ".importance"] = score

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(args.out, "weights.safetensors"), tensors,
                      {"format": "circc-transformer", "config": args.config})
    if args.save_optimizer:
        torch.save(optimizer_moments(model, optimizer),
                   os.path.join(args.out, "optimizer.pt"))
    print("wrote %s/config.json and weights.safetensors" % args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
