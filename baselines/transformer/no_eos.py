#!/usr/bin/env python3
"""Copy a model so that greedy decoding never stops early: for timing.

usage: no_eos.py MODEL_DIR OUT_DIR

Writes OUT_DIR/config.json and OUT_DIR/weights.safetensors equal to
MODEL_DIR's except that the output bias of the end token is -1e4, so every
command decodes max_tgt - 1 steps, in PyTorch and in a compiled library
alike. Speed measured on such a copy compares fixed work: no early stops,
no batch padded to its longest command.
"""

import json
import os
import shutil
import sys

import torch

import reference
import train


def main(source, out):
    with open(os.path.join(source, "config.json")) as f:
        config = json.load(f)
    tensors = reference.read_safetensors(os.path.join(source, "weights.safetensors"))
    tensors = {name: torch.from_numpy(value.copy()) for name, value in tensors.items()}
    tensors["out.bias"][config["eos"]] = -1e4
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(os.path.join(source, "config.json"), os.path.join(out, "config.json"))
    train.write_safetensors(os.path.join(out, "weights.safetensors"), tensors,
                            {"format": "circc-transformer", "note": "end token disabled"})


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    main(*sys.argv[1:])
