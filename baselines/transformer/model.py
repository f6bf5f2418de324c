"""The SCAN Transformer baseline: an encoder-decoder with one gate per head.

The model is written out layer by layer (not with nn.Transformer) so that
every operation is one the attn dialect will represent:

  encoder:  x = emb(src) * sqrt(d) + pos
            per layer: x += SelfAttention(LN(x)); x += FFN(LN(x))
            memory = LN(x)
  decoder:  y = emb(tgt) * sqrt(d) + pos
            per layer: y += CausalSelfAttention(LN(y))
                       y += CrossAttention(LN(y), memory)
                       y += FFN(LN(y))
            logits = Linear(LN(y))

Attention is multi-head, with the output of head h multiplied by gate[h]
before the output projection (Michel, Levy & Neubig 2019). Gates are 1 and
are not trained; their gradients measure head importance.
"""

import math

import torch
from torch import nn


@torch.no_grad()
def sliced(linear, outputs=None, inputs=None):
    """A copy of `linear` keeping only the output rows `outputs` and the input
    columns `inputs` (index tensors; None keeps all): physical pruning."""
    weight, bias = linear.weight, linear.bias
    if outputs is not None:
        weight, bias = weight[outputs], bias[outputs]
    if inputs is not None:
        weight = weight[:, inputs]
    new = nn.Linear(weight.shape[1], weight.shape[0])
    new.weight.copy_(weight)
    new.bias.copy_(bias)
    return new


class Attention(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        assert d_model % heads == 0
        self.heads = heads
        self.head_dim = d_model // heads
        self.q = nn.Linear(d_model, d_model)
        self.k = nn.Linear(d_model, d_model)
        self.v = nn.Linear(d_model, d_model)
        self.o = nn.Linear(d_model, d_model)
        self.gate = nn.Parameter(torch.ones(heads))

    def split(self, x):
        """[B, T, d] -> [B, heads, T, head_dim]."""
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, memory, mask):
        """x: [B, T, d]; memory: [B, S, d]; mask: [B or 1, T, S] bool, True = hidden."""
        return self.attend(self.q(x), self.split(self.k(memory)),
                           self.split(self.v(memory)), mask)

    def attend(self, query, k, v, mask):
        """query: projected [B, T, d]; k, v: split [B, heads, S, head_dim]."""
        b, t, _ = query.shape
        q = self.split(query)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim)
        if mask is not None:
            scores = scores.masked_fill(mask.unsqueeze(1), float("-inf"))
        heads = torch.softmax(scores, dim=-1) @ v  # [B, H, T, hd]
        heads = heads * self.gate.view(1, -1, 1, 1)
        return self.o(heads.transpose(1, 2).reshape(b, t, -1))

    @torch.no_grad()
    def keep_heads(self, kept):
        """Physically removes every head not in `kept` (indices): the query,
        key and value projections lose those heads' rows, the output
        projection their columns, so the module computes only what is left."""
        rows = torch.cat([torch.arange(h * self.head_dim, (h + 1) * self.head_dim)
                          for h in kept]) if kept else torch.zeros(0, dtype=torch.long)
        self.q, self.k, self.v = (sliced(p, outputs=rows) for p in (self.q, self.k, self.v))
        self.o = sliced(self.o, inputs=rows)
        self.gate = nn.Parameter(self.gate[list(kept)].clone())
        self.heads = len(kept)


class FeedForward(nn.Module):
    def __init__(self, d_model, ff):
        super().__init__()
        self.up = nn.Linear(d_model, ff)
        self.down = nn.Linear(ff, d_model)

    def forward(self, x):
        return self.down(torch.relu(self.up(x)))

    @torch.no_grad()
    def prune_units(self, fraction):
        """Physically removes the least important round(fraction * units)
        hidden units as circc's attn-prune-ffn does: a unit's importance is
        the norm of its input weights and bias times the norm of its output
        weights (the lower unit first on ties). Returns the units kept."""
        up, down = self.up.weight.double(), self.down.weight.double()
        score = (up.pow(2).sum(1) + self.up.bias.double().pow(2)).sqrt() * \
            down.pow(2).sum(0).sqrt()
        units = score.numel()
        order = sorted(range(units), key=lambda j: (score[j].item(), j))
        kept = sorted(order[math.floor(fraction * units + 0.5):])  # lround
        index = torch.tensor(kept, dtype=torch.long)
        self.up = sliced(self.up, outputs=index)
        self.down = sliced(self.down, inputs=index)
        return len(kept)


class EncoderLayer(nn.Module):
    def __init__(self, d_model, heads, ff):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.self_attention = Attention(d_model, heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.ffn = FeedForward(d_model, ff)

    def forward(self, x, pad_mask):
        h = self.norm1(x)
        x = x + self.self_attention(h, h, pad_mask)
        return x + self.ffn(self.norm2(x))


class DecoderLayer(nn.Module):
    def __init__(self, d_model, heads, ff):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.self_attention = Attention(d_model, heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.cross_attention = Attention(d_model, heads)
        self.norm3 = nn.LayerNorm(d_model)
        self.ffn = FeedForward(d_model, ff)

    def forward(self, y, memory, causal_mask, memory_mask):
        h = self.norm1(y)
        y = y + self.self_attention(h, h, causal_mask)
        y = y + self.cross_attention(self.norm2(y), memory, memory_mask)
        return y + self.ffn(self.norm3(y))


class Seq2Seq(nn.Module):
    def __init__(self, config):
        super().__init__()
        d = config["d_model"]
        self.config = config
        self.src_embed = nn.Embedding(config["src_vocab"], d)
        self.tgt_embed = nn.Embedding(config["tgt_vocab"], d)
        self.src_pos = nn.Embedding(config["max_src"], d)
        self.tgt_pos = nn.Embedding(config["max_tgt"], d)
        self.encoder = nn.ModuleList(
            EncoderLayer(d, config["heads"], config["ff"]) for _ in range(config["enc_layers"]))
        self.encoder_norm = nn.LayerNorm(d)
        self.decoder = nn.ModuleList(
            DecoderLayer(d, config["heads"], config["ff"]) for _ in range(config["dec_layers"]))
        self.decoder_norm = nn.LayerNorm(d)
        self.out = nn.Linear(d, config["tgt_vocab"])

    def gates(self):
        for module in self.modules():
            if isinstance(module, Attention):
                yield module.gate

    def remove_gated_heads(self):
        """Physically removes every head whose gate is 0 (see
        Attention.keep_heads); returns the number of heads kept."""
        kept = 0
        for module in self.modules():
            if isinstance(module, Attention):
                heads = [h for h in range(module.heads) if module.gate[h].item() != 0]
                module.keep_heads(heads)
                kept += len(heads)
        return kept

    def parameter_count(self):
        """Parameters the optimizer trains: everything but the head gates."""
        gates = {id(g) for g in self.gates()}
        return sum(p.numel() for p in self.parameters() if id(p) not in gates)

    def encode(self, src):
        pad = self.config["src_pad"]
        positions = torch.arange(src.shape[1], device=src.device)
        x = self.src_embed(src) * math.sqrt(self.config["d_model"]) + self.src_pos(positions)
        pad_mask = (src == pad).unsqueeze(1)  # [B, 1, S]
        for layer in self.encoder:
            x = layer(x, pad_mask)
        return self.encoder_norm(x), pad_mask

    def decode(self, tgt, memory, memory_mask):
        t = tgt.shape[1]
        positions = torch.arange(t, device=tgt.device)
        y = self.tgt_embed(tgt) * math.sqrt(self.config["d_model"]) + self.tgt_pos(positions)
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool, device=tgt.device), 1).unsqueeze(0)
        for layer in self.decoder:
            y = layer(y, memory, causal, memory_mask)
        return self.out(self.decoder_norm(y))

    def forward(self, src, tgt_in):
        memory, memory_mask = self.encode(src)
        return self.decode(tgt_in, memory, memory_mask)

    @torch.no_grad()
    def greedy_cached(self, src, max_len=None):
        """The same greedy decoding as greedy(), one position at a time: the
        keys and values of decoder self-attention are cached and those of the
        memory computed once, as a compiled model does."""
        max_len = max_len or self.config["max_tgt"] - 1
        memory, memory_mask = self.encode(src)
        b = src.shape[0]
        bos, eos = self.config["bos"], self.config["eos"]
        scale = math.sqrt(self.config["d_model"])
        cross = [(layer.cross_attention.split(layer.cross_attention.k(memory)),
                  layer.cross_attention.split(layer.cross_attention.v(memory)))
                 for layer in self.decoder]
        caches = [[None, None] for _ in self.decoder]
        token = torch.full((b,), bos, dtype=torch.long, device=src.device)
        done = torch.zeros(b, dtype=torch.bool, device=src.device)
        out = []
        for t in range(max_len):
            y = (self.tgt_embed(token) * scale + self.tgt_pos.weight[t]).unsqueeze(1)
            for layer, (ck, cv), cache in zip(self.decoder, cross, caches):
                a = layer.self_attention
                h = layer.norm1(y)
                k, v = a.split(a.k(h)), a.split(a.v(h))
                cache[0] = k if cache[0] is None else torch.cat([cache[0], k], 2)
                cache[1] = v if cache[1] is None else torch.cat([cache[1], v], 2)
                y = y + a.attend(a.q(h), cache[0], cache[1], None)
                c = layer.cross_attention
                y = y + c.attend(c.q(layer.norm2(y)), ck, cv, memory_mask)
                y = y + layer.ffn(layer.norm3(y))
            nxt = self.out(self.decoder_norm(y))[:, 0].argmax(-1)
            nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
            out.append(nxt)
            done |= nxt == eos
            token = nxt
            if bool(done.all()):
                break
        return torch.stack(out, 1)

    @torch.no_grad()
    def greedy(self, src, max_len=None):
        """Greedy decoding; returns [B, <= max_len] target ids after BOS."""
        max_len = max_len or self.config["max_tgt"] - 1
        memory, memory_mask = self.encode(src)
        bos, eos = self.config["bos"], self.config["eos"]
        ys = torch.full((src.shape[0], 1), bos, dtype=torch.long, device=src.device)
        done = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
        for _ in range(max_len):
            logits = self.decode(ys, memory, memory_mask)[:, -1]
            nxt = logits.argmax(-1)
            nxt = torch.where(done, torch.full_like(nxt, eos), nxt)
            ys = torch.cat([ys, nxt.unsqueeze(1)], dim=1)
            done |= nxt == eos
            if bool(done.all()):
                break
        return ys[:, 1:]
