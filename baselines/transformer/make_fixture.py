#!/usr/bin/env python3
"""Regenerate the Transformer test fixture: a tiny model and PyTorch's answers.

usage: make_fixture.py OUTDIR

Writes OUTDIR/config.json and OUTDIR/weights.safetensors (the "tiny" config,
randomly initialised from seed 7 and trained for 300 steps on the simple
split, with head importance over the same commands), and
OUTDIR/reference.json: for a few commands, the decoder logits of teacher-
forced targets and the greedy outputs, for the full model and for the model
with the least important half of its heads removed (gates set to zero, which
is what removing them computes). A compiled model must reproduce these
(logits within 1e-4, identical greedy outputs).
"""

import json
import os
import random
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

import train  # noqa: E402
from model import Seq2Seq  # noqa: E402

COMMANDS = ["jump", "walk twice", "turn left", "look around right thrice",
            "run opposite left after walk left", "jump and look twice"]


def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.join(here, "..", "..", "data", "scan", "tasks_train_simple.txt.gz")
    torch.manual_seed(7)
    rng = random.Random(7)
    config = train.make_config("tiny", 7)
    model = Seq2Seq(config)
    config["parameters"] = model.parameter_count()
    pairs = train.read_scan(data)
    gates = {id(g) for g in model.gates()}
    optimizer = torch.optim.Adam([p for p in model.parameters() if id(p) not in gates], lr=3e-3)
    stream = train.batches(pairs, config, 64, rng)
    for _ in range(300):
        src, tgt = next(stream)
        loss = train.loss_of(model, src, tgt, config)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    scores = train.importance(model, pairs[:512], config)

    def answers():
        result = []
        for command in COMMANDS:
            src, _ = train.encode([(command.split(), ["I_WALK"])], config)
            greedy = model.greedy(src)[0].tolist()
            eos = config["eos"]
            greedy = greedy[:greedy.index(eos) + 1] if eos in greedy else greedy
            tgt_in = torch.tensor([[config["bos"]] + greedy[:-1]])
            with torch.no_grad():
                logits = model(src, tgt_in)[0]
            result.append({"command": command, "greedy": greedy,
                           "logits": [[round(v, 6) for v in row] for row in logits.tolist()]})
        return result

    reference = {"full": answers()}
    # Remove the least important half of the heads, layer by layer.
    pruned = {}
    attention = [(n, m) for n, m in model.named_modules() if hasattr(m, "gate")]
    for (name, module), score in zip(attention, scores):
        keep = score.argsort(descending=True)[: module.heads // 2]
        mask = torch.zeros(module.heads)
        mask[keep] = 1
        with torch.no_grad():
            module.gate.copy_(mask)
        pruned[name] = sorted(keep.tolist())
    reference["pruned_heads_kept"] = pruned
    reference["pruned"] = answers()
    with torch.no_grad():
        for _, module in attention:
            module.gate.fill_(1.0)

    os.makedirs(out, exist_ok=True)
    tensors = {n: p for n, p in model.named_parameters() if id(p) not in gates}
    for (name, _), score in zip(attention, scores):
        tensors[name + ".importance"] = score
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    train.write_safetensors(os.path.join(out, "weights.safetensors"), tensors,
                            {"format": "circc-transformer", "config": "tiny"})
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
    print("wrote the fixture to %s (%d parameters)" % (out, config["parameters"]))


if __name__ == "__main__":
    main(sys.argv[1])
