#!/usr/bin/env python3
"""Write a damaged copy of a safetensors file, for error tests.

usage: edit_safetensors.py IN OUT drop NAME
       edit_safetensors.py IN OUT shape NAME D0,D1,...   (header only)
       edit_safetensors.py IN OUT dtype NAME DTYPE       (header only)
       edit_safetensors.py IN OUT add NAME               (one extra F32 scalar)
       edit_safetensors.py IN OUT truncate BYTES
       edit_safetensors.py IN OUT zero-columns NAME FIRST COUNT  (an F32 matrix's)
"""

import json
import struct
import sys


def main(src, dst, op, *args):
    blob = open(src, "rb").read()
    if op == "truncate":
        open(dst, "wb").write(blob[:int(args[0])])
        return
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + size])
    data = blob[8 + size:]
    if op == "drop":
        del header[args[0]]
    elif op == "shape":
        header[args[0]]["shape"] = [int(d) for d in args[1].split(",")]
    elif op == "dtype":
        header[args[0]]["dtype"] = args[1]
    elif op == "zero-columns":
        entry = header[args[0]]
        rows, cols = entry["shape"]
        first, count = int(args[1]), int(args[2])
        begin = entry["data_offsets"][0]
        data = bytearray(data)
        for r in range(rows):
            for c in range(first, first + count):
                at = begin + 4 * (r * cols + c)
                data[at:at + 4] = struct.pack("<f", 0.0)
        data = bytes(data)
    elif op == "add":
        header[args[0]] = {"dtype": "F32", "shape": [1],
                           "data_offsets": [len(data), len(data) + 4]}
        data += struct.pack("<f", 1.0)
    else:
        sys.exit(__doc__)
    text = json.dumps(header).encode()
    open(dst, "wb").write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main(*sys.argv[1:])
