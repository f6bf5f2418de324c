"""A NumPy reading of the SCAN Transformer: the arithmetic circc must reproduce.

This module runs an exported model (config.json + weights.safetensors) with
nothing but NumPy, the way the compiled model runs it:

  * heads are removed physically: pruning slices the rows of the Q/K/V
    projections and the columns of the output projection that belong to the
    removed heads, so their compute is gone rather than multiplied by zero;
  * greedy decoding keeps a key/value cache, so each step runs the decoder
    on one new position instead of the whole prefix.

It is independent of model.py (which PyTorch trains), so agreement between
the two on the checked-in fixture is evidence that both compute the model
the docs describe.
"""

import json
import math
import os
import struct

import numpy as np


def read_safetensors(path):
    """Every tensor of a safetensors file, as float32 arrays, by name."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("%s: too short for a safetensors header" % path)
    (size,) = struct.unpack("<Q", blob[:8])
    if 8 + size > len(blob):
        raise ValueError("%s: header length %d runs past the end of the file" % (path, size))
    header = json.loads(blob[8:8 + size])
    data = blob[8 + size:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError("%s: tensor %s has dtype %s, not F32" % (path, name, entry["dtype"]))
        begin, end = entry["data_offsets"]
        count = int(np.prod(entry["shape"], dtype=np.int64))
        if end - begin != 4 * count or end > len(data):
            raise ValueError("%s: tensor %s: offsets [%d, %d) do not hold shape %s"
                             % (path, name, begin, end, entry["shape"]))
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
    return tensors


class Model:
    """An exported model, optionally with some heads removed."""

    def __init__(self, directory):
        with open(os.path.join(directory, "config.json")) as f:
            self.config = json.load(f)
        self.w = read_safetensors(os.path.join(directory, "weights.safetensors"))
        heads = self.config["heads"]
        # Heads kept per attention module (every one, until prune()).
        self.kept = {name[:-len(".q.weight")]: list(range(heads))
                     for name in self.w if name.endswith("attention.q.weight")}
        self.head_dim = self.config["d_model"] // heads

    def prune(self, kept):
        """Keep only the heads listed per attention module; slice the weights."""
        hd = self.head_dim
        for module, heads in kept.items():
            rows = np.concatenate([np.arange(h * hd, (h + 1) * hd) for h in heads]) \
                if heads else np.zeros(0, dtype=np.int64)
            for proj in ("q", "k", "v"):
                self.w["%s.%s.weight" % (module, proj)] = self.w["%s.%s.weight" % (module, proj)][rows]
                self.w["%s.%s.bias" % (module, proj)] = self.w["%s.%s.bias" % (module, proj)][rows]
            self.w[module + ".o.weight"] = self.w[module + ".o.weight"][:, rows]
            self.kept[module] = list(heads)

    def parameter_count(self):
        return sum(int(t.size) for n, t in self.w.items() if not n.endswith(".importance"))

    # Building blocks.
    def linear(self, name, x):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def norm(self, name, x):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-5) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def attend(self, module, q, k, v, hide):
        """q: [T, h*hd]; k, v: [S, h*hd]; hide: [T, S] bool or None."""
        heads = len(self.kept[module])
        hd = self.head_dim
        out = np.zeros((q.shape[0], heads * hd), dtype=np.float32)
        for h in range(heads):
            cols = slice(h * hd, (h + 1) * hd)
            scores = q[:, cols] @ k[:, cols].T / math.sqrt(hd)
            if hide is not None:
                scores = np.where(hide, -np.inf, scores)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            out[:, cols] = (scores / scores.sum(-1, keepdims=True)) @ v[:, cols]
        return self.linear(module + ".o", out)

    def ffn(self, name, x):
        return self.linear(name + ".down", np.maximum(self.linear(name + ".up", x), 0))

    # The model.
    def ids(self, command):
        words = {w: i for i, w in enumerate(self.config["src_words"])}
        return [words[w] for w in command.split()]

    def encode(self, src):
        d = self.config["d_model"]
        x = self.w["src_embed.weight"][src] * math.sqrt(d) + self.w["src_pos.weight"][:len(src)]
        for layer in range(self.config["enc_layers"]):
            p = "encoder.%d." % layer
            h = self.norm(p + "norm1", x)
            a = p + "self_attention"
            x = x + self.attend(a, self.linear(a + ".q", h), self.linear(a + ".k", h),
                                self.linear(a + ".v", h), None)
            x = x + self.ffn(p + "ffn", self.norm(p + "norm2", x))
        return self.norm("encoder_norm", x)

    def decoder_step(self, token, position, memory_kv, cache):
        """Run the decoder on one position; cache holds each layer's keys and values."""
        d = self.config["d_model"]
        y = self.w["tgt_embed.weight"][[token]] * math.sqrt(d) + self.w["tgt_pos.weight"][[position]]
        for layer in range(self.config["dec_layers"]):
            p = "decoder.%d." % layer
            h = self.norm(p + "norm1", y)
            a = p + "self_attention"
            keys, values = cache[layer]
            keys.append(self.linear(a + ".k", h)[0])
            values.append(self.linear(a + ".v", h)[0])
            y = y + self.attend(a, self.linear(a + ".q", h), np.stack(keys), np.stack(values), None)
            c = p + "cross_attention"
            mk, mv = memory_kv[layer]
            y = y + self.attend(c, self.linear(c + ".q", self.norm(p + "norm2", y)), mk, mv, None)
            y = y + self.ffn(p + "ffn", self.norm(p + "norm3", y))
        return self.linear("out", self.norm("decoder_norm", y))[0]

    def start(self, command):
        memory = self.encode(self.ids(command))
        memory_kv = []
        for layer in range(self.config["dec_layers"]):
            c = "decoder.%d.cross_attention" % layer
            memory_kv.append((self.linear(c + ".k", memory), self.linear(c + ".v", memory)))
        cache = [([], []) for _ in range(self.config["dec_layers"])]
        return memory_kv, cache

    def logits(self, command, target):
        """Teacher-forced logits: row i predicts target[i] from BOS + target[:i]."""
        memory_kv, cache = self.start(command)
        inputs = [self.config["bos"]] + list(target[:-1])
        return np.stack([self.decoder_step(t, i, memory_kv, cache) for i, t in enumerate(inputs)])

    def greedy(self, command):
        """Target ids up to and including EOS (or max_tgt - 1 of them)."""
        memory_kv, cache = self.start(command)
        token, out = self.config["bos"], []
        for position in range(self.config["max_tgt"] - 1):
            token = int(np.argmax(self.decoder_step(token, position, memory_kv, cache)))
            out.append(token)
            if token == self.config["eos"]:
                break
        return out
