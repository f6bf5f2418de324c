#!/usr/bin/env python3
"""Iterative head pruning with fine-tuning between rounds (Michel et al. 2019).

usage: prune_finetune.py MODEL_DIR --train TRAIN.txt[.gz] --test TEST.txt[.gz]
                         --out DIR [--target 0.5] [--rounds 4] [--steps 500]
                         [--batch 64] [--lr 2e-4] [--seed 1] [--threads 1]
                         [--distill ALPHA [--temperature 2]]
                         [--across-modules]
                         [--optimizer-state MODEL_DIR/optimizer.pt]
                         [--l0-steps N [--l0-lr 0.05]]
                         [--device auto|cpu|cuda]

Starts from a model train.py wrote. Round r of R removes heads until
round(target * r / R * heads) of every attention module are gone (with
--across-modules: of all heads, ranked over every module at once, at least
one left per module, as Michel et al. rank them), least important first,
where importance is recomputed on the training file with the heads removed
so far (their gates stay at zero), then fine-tunes every
weight but the gates for --steps steps and prints the test accuracy. Writes
DIR/config.json and DIR/weights.safetensors (the fine-tuned weights, every
head still present, with the last importance scores) and
DIR/removed_heads.txt (one MODULE:HEAD per line) and DIR/circc.rsp (the
same as circc's --remove-heads option), so that

    circc DIR @DIR/circc.rsp -o pruned.so

compiles the pruned model with those heads physically removed. With
--distill ALPHA the fine-tuning loss is (1 - ALPHA) x cross-entropy plus
ALPHA x T^2 x KL(teacher || model) on the target positions, the teacher
being the starting model with every head (Hinton et al. 2015; T is
--temperature). With
--target 0 no head is removed: the same fine-tuning without pruning, the
control that separates what pruning costs from what more training gives.

With --optimizer-state (train.py --save-optimizer) the first round's Adam
starts from the training run's moments instead of from zero, and each later
round's from the moments the round before it ended with.

With --l0-steps N the heads to remove are learned instead of ranked (L0
gates, Louizos et al. 2018, as Voita et al. 2019 prune heads): every head's
gate is a hard-concrete random variable with a trained log alpha, and for N
steps the weights and the log alphas are trained on the cross-entropy plus
lambda x (expected fraction of open gates - (1 - target)), lambda raised by
gradient ascent while too many gates are open (the Lagrangian form of Wang
et al. 2020). Then the target fraction of all heads with the lowest log
alpha is removed (at least one head left per module), gates are 1 or 0
again, and one round of --steps fine-tuning follows (--rounds is 1).
"""

import argparse
import copy
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from torch.nn.utils.stateless import functional_call  # noqa: E402

import train  # noqa: E402
from model import Attention  # noqa: E402


def scores_of(model, pairs, config, removed):
    """Importance on `pairs`, with removed heads at -inf."""
    attention = [(n, m) for n, m in model.named_modules() if isinstance(m, Attention)]
    scores = train.importance(model, pairs, config)
    out = {}
    for (name, module), score in zip(attention, scores):
        score = score.detach().cpu().clone()
        for head in removed.get(name, []):
            score[head] = float("-inf")
        out[name] = score
    return out


def distilled_loss(model, teacher, src, tgt, config, alpha, temperature):
    """(1 - alpha) x cross-entropy + alpha x T^2 x KL(teacher || model), both
    over the target positions that are not padding."""
    logits = model(src, tgt[:, :-1])
    with torch.no_grad():
        soft = torch.softmax(teacher(src, tgt[:, :-1]) / temperature, -1)
    labels = tgt[:, 1:]
    keep = labels != config["tgt_pad"]
    hard = torch.nn.functional.cross_entropy(logits[keep], labels[keep])
    log_probs = torch.log_softmax(logits / temperature, -1)
    kl = (soft * (torch.log(soft.clamp_min(1e-12)) - log_probs)).sum(-1)[keep].mean()
    return (1 - alpha) * hard + alpha * temperature ** 2 * kl


# The hard-concrete distribution's stretch and temperature (Louizos et al.).
L0_LOW, L0_HIGH, L0_BETA = -0.1, 1.1, 2.0 / 3.0


def hard_concrete(log_alpha):
    """A sample of the gates (training) and the probability each is open."""
    u = torch.rand_like(log_alpha).clamp(1e-6, 1 - 1e-6)
    s = torch.sigmoid((torch.log(u) - torch.log(1 - u) + log_alpha) / L0_BETA)
    gate = (s * (L0_HIGH - L0_LOW) + L0_LOW).clamp(0, 1)
    open_ = torch.sigmoid(log_alpha - L0_BETA * math.log(-L0_LOW / L0_HIGH))
    return gate, open_


def learn_l0_removal(model, attention, train_pairs, config, args, rng, device):
    """Trains L0 gates with the weights for args.l0_steps steps; returns the
    heads to remove, {module name: [head, ...]}."""
    log_alpha = {n: torch.full((m.heads,), 3.0, device=device, requires_grad=True)
                 for n, m in attention.items()}
    gates = {id(g) for g in model.gates()}
    optimizer = torch.optim.Adam(
        [{"params": [p for p in model.parameters() if id(p) not in gates], "lr": args.lr},
         {"params": list(log_alpha.values()), "lr": args.l0_lr}])
    keep = 1 - args.target
    multiplier = 0.0
    total = sum(m.heads for m in attention.values())
    stream = train.batches(train_pairs, config, args.batch, rng)
    model.train()
    for step in range(1, args.l0_steps + 1):
        src, tgt = next(stream)
        src, tgt = src.to(device), tgt.to(device)
        overrides, expected = {}, 0
        for name, alpha in log_alpha.items():
            gate, open_ = hard_concrete(alpha)
            overrides[name + ".gate"] = gate
            expected = expected + open_.sum()
        loss = train.loss_of(lambda *inputs: functional_call(model, overrides, inputs),
                             src, tgt, config)
        excess = expected / total - keep
        optimizer.zero_grad()
        (loss + multiplier * excess).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        multiplier = max(0.0, multiplier + args.l0_multiplier_lr * excess.item())
        if step % 50 == 0 or step == args.l0_steps:
            print("l0 step %d/%d: loss %.4f, expected open %.1f/%d, lambda %.2f"
                  % (step, args.l0_steps, loss.item(), expected.item(), total, multiplier),
                  flush=True)
    removed = {name: [] for name in attention}
    remove_lowest(attention, log_alpha, removed, args.target)
    return removed


def remove_lowest(attention, scores, removed, fraction):
    """Adds to `removed` the heads with the lowest `scores` over every
    module at once until `fraction` of all heads are gone, leaving at least
    one head in each module."""
    total = sum(m.heads for m in attention.values())
    goal = int(round(fraction * total)) - sum(map(len, removed.values()))
    ranked = sorted((scores[name][h].item(), name, h) for name, m in attention.items()
                    for h in range(m.heads) if h not in removed[name])
    for _, name, head in ranked:
        if goal <= 0:
            break
        if len(removed[name]) + 1 < attention[name].heads:
            removed[name].append(head)
            goal -= 1


def fit_moments(model, moments):
    """train.py's saved moments as Adam's state, {parameter: state}; a moment
    whose shape is not its parameter's is an error (another model's)."""
    states = {}
    for name, p in model.named_parameters():
        if name not in moments:
            continue
        state = {k: v.to(p.device) if torch.is_tensor(v) else v
                 for k, v in moments[name].items()}
        for key in ("exp_avg", "exp_avg_sq"):
            if key not in state or state[key].shape != p.shape:
                raise ValueError("optimizer state does not fit parameter %s" % name)
        states[p] = state
    return states


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--importance-size", type=int, default=2048,
                        help="training commands importance is measured on")
    parser.add_argument("--distill", type=float, default=0.0,
                        help="weight of the unpruned model's soft targets in the loss")
    parser.add_argument("--temperature", type=float, default=2.0)
    parser.add_argument("--optimizer-state",
                        help="train.py --save-optimizer's optimizer.pt")
    parser.add_argument("--across-modules", action="store_true",
                        help="rank heads over all modules at once, not per module")
    parser.add_argument("--l0-steps", type=int, default=0,
                        help="learn which heads to remove with L0 gates")
    parser.add_argument("--l0-lr", type=float, default=0.05,
                        help="learning rate of the gates' log alphas")
    parser.add_argument("--l0-multiplier-lr", type=float, default=0.5,
                        help="ascent rate of the sparsity constraint's multiplier")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)
    if not 0 <= args.distill <= 1 or args.temperature <= 0:
        sys.exit("prune_finetune: error: need 0 <= --distill <= 1, --temperature > 0")
    if not 0 <= args.target < 1 or args.rounds < 1 or args.steps < 0:
        sys.exit("prune_finetune: error: need 0 <= --target < 1, --rounds >= 1, --steps >= 0")
    if args.l0_steps < 0 or (args.l0_steps and args.rounds != 1):
        sys.exit("prune_finetune: error: --l0-steps needs --rounds 1 and N >= 0")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = train.device_of(args.device)

    try:
        model, config, _ = train.load_model(args.model)
    except (OSError, ValueError, KeyError) as error:
        sys.exit("prune_finetune: error: %s" % error)
    model.to(device)
    moments = {}
    if args.optimizer_state:
        try:
            moments = fit_moments(model, torch.load(args.optimizer_state))
        except (OSError, RuntimeError, ValueError, AttributeError, TypeError) as error:
            sys.exit("prune_finetune: error: %s: %s" % (args.optimizer_state, error))
    teacher = copy.deepcopy(model).eval() if args.distill else None
    train_pairs = train.read_scan(args.train)
    test_pairs = train.read_scan(args.test)
    importance_pairs = rng.sample(train_pairs, min(args.importance_size, len(train_pairs)))
    attention = {n: m for n, m in model.named_modules() if isinstance(m, Attention)}
    removed = {name: [] for name in attention}
    gates = {id(g) for g in model.gates()}
    start = time.time()
    print("start: %.2f%% exact on %s" % (100 * train.accuracy(model, test_pairs, config),
                                         os.path.basename(args.test)), flush=True)

    if args.l0_steps:
        removed = learn_l0_removal(model, attention, train_pairs, config, args, rng,
                                   device)
        model.eval()
        print("l0: %d heads chosen, %.1f s" % (sum(map(len, removed.values())),
                                                time.time() - start), flush=True)
    for round_ in range(1, args.rounds + 1):
        scores = scores_of(model, importance_pairs, config, removed)
        fraction = args.target * round_ / args.rounds
        if args.across_modules and not args.l0_steps:
            remove_lowest(attention, scores, removed, fraction)
        elif not args.l0_steps:
            for name, module in attention.items():
                goal = int(round(fraction * module.heads))
                order = sorted((h for h in range(module.heads) if h not in removed[name]),
                               key=lambda h: (scores[name][h].item(), h))
                removed[name] += order[:max(0, goal - len(removed[name]))]
        for name, module in attention.items():
            mask = torch.ones(module.heads, device=device)
            mask[removed[name]] = 0
            with torch.no_grad():
                module.gate.copy_(mask)
        model.train()
        optimizer = torch.optim.Adam([p for p in model.parameters() if id(p) not in gates],
                                     lr=args.lr)
        optimizer.state.update(moments)
        stream = train.batches(train_pairs, config, args.batch, rng)
        for step in range(1, args.steps + 1):
            src, tgt = next(stream)
            src, tgt = src.to(device), tgt.to(device)
            loss = train.loss_of(model, src, tgt, config) if not teacher else \
                distilled_loss(model, teacher, src, tgt, config, args.distill,
                               args.temperature)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        model.eval()
        kept = sum(m.heads - len(removed[n]) for n, m in attention.items())
        total = sum(m.heads for m in attention.values())
        print("round %d/%d: %d/%d heads kept, %d steps, %.2f%% exact, %.1f s"
              % (round_, args.rounds, kept, total, args.steps,
                 100 * train.accuracy(model, test_pairs, config), time.time() - start),
              flush=True)

    scores = scores_of(model, importance_pairs, config, removed)
    os.makedirs(args.out, exist_ok=True)
    tensors = {n: p for n, p in model.named_parameters() if id(p) not in gates}
    for name, score in scores.items():
        # Removed heads get the lowest finite score, for readers that sort.
        tensors[name + ".importance"] = torch.where(torch.isinf(score),
                                                    torch.full_like(score, -1.0), score)
    config = dict(config, pruned_from=args.model, prune_target=args.target,
                  prune_rounds=args.rounds, finetune_steps=args.steps,
                  prune_seconds=round(time.time() - start, 1), device=str(device))
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    train.write_safetensors(os.path.join(args.out, "weights.safetensors"), tensors,
                            {"format": "circc-transformer", "pruned": "see removed_heads.txt"})
    heads = ["%s:%d" % (name, head) for name in attention for head in sorted(removed[name])]
    with open(os.path.join(args.out, "removed_heads.txt"), "w") as f:
        f.write("".join(h + "\n" for h in heads))
    with open(os.path.join(args.out, "circc.rsp"), "w") as f:
        if heads:
            f.write("--remove-heads=%s\n" % ",".join(heads))
    print("wrote %s (config.json, weights.safetensors, removed_heads.txt, circc.rsp)"
          % args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
