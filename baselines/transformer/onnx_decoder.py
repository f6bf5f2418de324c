"""The baseline exported to ONNX and decoded greedily by ONNX Runtime.

export(model, directory) writes two graphs with torch.onnx.export:

  encoder.onnx  src [B, S] int64 -> cross_k{i}, cross_v{i} [B, H_i, S, hd]:
                the memory's keys and values of every decoder layer's cross
                attention, computed once per batch;
  step.onnx     token [B] int64, position [1] int64, memory_mask [B, 1, S]
                bool (True = padding), past_k{i}, past_v{i} [B, H_i, T, hd],
                cross_k{i}, cross_v{i} -> logits [B, V], present_k{i},
                present_v{i} [B, H_i, T + 1, hd]: one decoding step with a
                key/value cache, the arithmetic of Seq2Seq.greedy_cached.

H_i is the number of heads layer i's modules have, so a model whose heads
were physically removed (Seq2Seq.remove_gated_heads) exports as the smaller
model. OrtGreedy runs the two graphs through ort.Session; a step's present
values are the next step's past without a copy.
"""

import math
import os

import numpy
import torch
from torch import nn

import ort


class _Encoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, src):
        memory, _ = self.model.encode(src)
        out = []
        for layer in self.model.decoder:
            c = layer.cross_attention
            out += [c.split(c.k(memory)), c.split(c.v(memory))]
        return tuple(out)


class _Step(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, token, position, memory_mask, *state):
        m = self.model
        layers = len(m.decoder)
        past, cross = state[:2 * layers], state[2 * layers:]
        scale = math.sqrt(m.config["d_model"])
        y = (m.tgt_embed(token) * scale + m.tgt_pos(position)).unsqueeze(1)
        present = []
        for i, layer in enumerate(m.decoder):
            a = layer.self_attention
            h = layer.norm1(y)
            k = torch.cat([past[2 * i], a.split(a.k(h))], 2)
            v = torch.cat([past[2 * i + 1], a.split(a.v(h))], 2)
            present += [k, v]
            y = y + a.attend(a.q(h), k, v, None)
            c = layer.cross_attention
            y = y + c.attend(c.q(layer.norm2(y)), cross[2 * i], cross[2 * i + 1],
                             memory_mask)
            y = y + layer.ffn(layer.norm3(y))
        return (m.out(m.decoder_norm(y))[:, 0], *present)


def _names(prefix, layers):
    return [n for i in range(layers) for n in ("%s_k%d" % (prefix, i), "%s_v%d" % (prefix, i))]


def _heads(model):
    return [layer.self_attention.heads for layer in model.decoder]


def export(model, directory):
    """Writes DIRECTORY/encoder.onnx and DIRECTORY/step.onnx."""
    os.makedirs(directory, exist_ok=True)
    config = model.config
    layers = len(model.decoder)
    cross_heads = [layer.cross_attention.heads for layer in model.decoder]
    hd = config["d_model"] // config["heads"]
    b, s = 2, 3
    src = torch.zeros((b, s), dtype=torch.long)
    cross_names, past_names = _names("cross", layers), _names("past", layers)
    present_names = _names("present", layers)
    batch_and = lambda axis, name: {0: "batch", axis: name}  # noqa: E731
    with torch.no_grad():
        torch.onnx.export(
            _Encoder(model), (src,), os.path.join(directory, "encoder.onnx"),
            input_names=["src"], output_names=cross_names, opset_version=17,
            dynamic_axes={"src": {0: "batch", 1: "source"},
                          **{n: batch_and(2, "source") for n in cross_names}})
        past = [torch.zeros((b, h, 1, hd)) for h in _heads(model) for _ in (0, 1)]
        cross = [torch.zeros((b, h, s, hd)) for h in cross_heads for _ in (0, 1)]
        torch.onnx.export(
            _Step(model),
            (torch.zeros(b, dtype=torch.long), torch.zeros(1, dtype=torch.long),
             torch.zeros((b, 1, s), dtype=torch.bool), *past, *cross),
            os.path.join(directory, "step.onnx"),
            input_names=["token", "position", "memory_mask", *past_names, *cross_names],
            output_names=["logits", *present_names], opset_version=17,
            dynamic_axes={"token": {0: "batch"}, "memory_mask": {0: "batch", 2: "source"},
                          "logits": {0: "batch"},
                          **{n: batch_and(2, "past") for n in past_names},
                          **{n: batch_and(2, "present") for n in present_names},
                          **{n: batch_and(2, "source") for n in cross_names}})


class OrtGreedy:
    """Greedy decoding of an exported model by ONNX Runtime."""

    def __init__(self, model, directory, library, threads=1):
        export(model, directory)
        self.config = model.config
        self.layers = len(model.decoder)
        self.heads = _heads(model)
        self.encoder = ort.Session(library, os.path.join(directory, "encoder.onnx"), threads)
        self.step = ort.Session(library, os.path.join(directory, "step.onnx"), threads)
        self.version = self.step.api.version

    def greedy(self, src):
        """src: [B, S] int64 numpy -> [B, <= max_tgt - 1] int64, as
        Seq2Seq.greedy_cached returns."""
        config = self.config
        b = src.shape[0]
        hd = config["d_model"] // config["heads"]
        src = numpy.ascontiguousarray(src, dtype=numpy.int64)
        mask = (src == config["src_pad"])[:, None, :]
        cross_names = _names("cross", self.layers)
        cross = self.encoder.run({"src": src}, cross_names)
        past = [numpy.zeros((b, h, 0, hd), numpy.float32)
                for h in self.heads for _ in (0, 1)]
        past_names = _names("past", self.layers)
        outputs = ["logits", *_names("present", self.layers)]
        eos = config["eos"]
        token = numpy.full(b, config["bos"], numpy.int64)
        done = numpy.zeros(b, bool)
        out = []
        for t in range(config["max_tgt"] - 1):
            inputs = {"token": token, "position": numpy.array([t], numpy.int64),
                      "memory_mask": mask, **dict(zip(past_names, past)),
                      **dict(zip(cross_names, cross))}
            logits, *past = self.step.run(inputs, outputs)
            nxt = logits.numpy((b, config["tgt_vocab"]), numpy.float32).argmax(-1)
            nxt = numpy.where(done, eos, nxt)
            out.append(nxt)
            done |= nxt == eos
            token = nxt.astype(numpy.int64)
            if done.all():
                break
        return numpy.stack(out, 1)
