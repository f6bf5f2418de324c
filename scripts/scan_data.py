"""What the data scripts share: sampling distinct trees and writing SCAN-
format splits (`IN: ... OUT: ...`, gzipped, the same bytes on every run)."""

import gzip
import os


def sample(rng, count, grow, accept, words_of, answer_of, max_tokens=None):
    """`count` distinct trees from `grow(rng)` that `accept` takes, as
    SCAN-format lines."""
    seen, rows = set(), []
    attempts = 0
    while len(rows) < count:
        attempts += 1
        if attempts > 1000 * count:
            raise SystemExit("cannot find enough distinct trees")
        tree = grow(rng)
        words = words_of(tree)
        line = " ".join(words)
        if max_tokens and len(words) > max_tokens:
            continue
        if line in seen or not accept(tree):
            continue
        seen.add(line)
        rows.append(f"IN: {line} OUT: {answer_of(tree)}\n")
    return rows


def write_splits(out, prefix, splits):
    """Writes OUT/PREFIX_NAME.txt.gz for each split; prints sizes."""
    os.makedirs(out, exist_ok=True)
    for name, rows in splits.items():
        path = os.path.join(out, f"{prefix}_{name}.txt.gz")
        # mtime=0: the same bytes on every run.
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write("".join(rows).encode())
        longest = max(len(r.split(" OUT: ")[0].split()) - 1 for r in rows)
        print(f"{path}: {len(rows)} commands, longest {longest} tokens")


def default_out(script, name):
    """data/NAME next to the scripts/ folder of `script`."""
    return os.path.join(os.path.dirname(os.path.abspath(script)), "..", "data",
                        name)
