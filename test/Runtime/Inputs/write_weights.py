#!/usr/bin/env python3
"""Writes a safetensors file of F32 tensors for the weights tests.

usage: write_weights.py OUT NAME=ROWS ... [--raw-header TEXT] [--truncate N]

Each NAME=ROWS gives a tensor as rows of comma-separated floats separated by
';' ("1,0,0;0,1,0" is 2x3). --raw-header replaces the JSON header (to write a
corrupt file); --truncate cuts the file to N bytes.
"""
import json
import struct
import sys


def main(argv):
    out = argv[1]
    raw_header = None
    truncate = None
    tensors = []
    args = iter(argv[2:])
    for arg in args:
        if arg == "--raw-header":
            raw_header = next(args)
        elif arg == "--truncate":
            truncate = int(next(args))
        else:
            name, rows = arg.split("=", 1)
            values = [[float(v) for v in row.split(",")] for row in rows.split(";")]
            tensors.append((name, values))
    header = {"__metadata__": {"format": "circc-test"}}
    data = b""
    for name, values in tensors:
        flat = [v for row in values for v in row]
        blob = struct.pack("<%df" % len(flat), *flat)
        header[name] = {"dtype": "F32", "shape": [len(values), len(values[0])],
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = raw_header if raw_header is not None else json.dumps(header)
    encoded = text.encode()
    payload = struct.pack("<Q", len(encoded)) + encoded + data
    if truncate is not None:
        payload = payload[:truncate]
    with open(out, "wb") as f:
        f.write(payload)


if __name__ == "__main__":
    main(sys.argv)
