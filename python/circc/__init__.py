"""circc from Python: load a library compiled by circc and run commands.

    import circc
    c = circc.load("scan.so")
    c.run("jump twice")            # ['I_JUMP', 'I_JUMP']
    c.run_batch(["walk", "look"])  # [['I_WALK'], ['I_LOOK']]
    c.evaluate("tasks_test_simple.txt.gz").accuracy
    c.parse("jump twice")          # the derivation tree (circc --derivations)

The package is plain Python over the library's C interface (circc/runtime.h,
through ctypes): no compiled extension. Errors raise CircuitError (or one of
its subclasses, one per status) with the library's own message. NumPy, when
installed, serves run_ids and compares evaluate's outputs a batch at once.
"""

import ctypes
import os
import re
import struct
import gzip
import sys
import time
import types

__all__ = ["load", "Circuit", "Evaluation", "CircuitError", "UnknownToken",
           "InputTooLong", "NoParse", "OutputTooSmall", "BadWeights",
           "OutputTooLong"]
__version__ = "0.4.0"


class CircuitError(Exception):
    """A call of the library failed; `status` is its circc_status code and
    `index` the token position of the error, where there is one."""

    def __init__(self, status, message, index=-1):
        super().__init__(message)
        self.status = status
        self.index = index


class UnknownToken(CircuitError):
    """CIRCC_UNKNOWN_TOKEN: a word is not one of the circuit's tokens."""


class InputTooLong(CircuitError):
    """CIRCC_INPUT_TOO_LONG: more tokens than the circuit's max_input."""


class NoParse(CircuitError):
    """CIRCC_NO_PARSE: the tokens are not a sentence of the grammar."""


class OutputTooSmall(CircuitError):
    """CIRCC_OUTPUT_TOO_SMALL: the output does not fit its buffer."""


class OutputTooLong(CircuitError):
    """CIRCC_OUTPUT_TOO_LONG: the output, or a part of it built on the way,
    exceeds the circuit's max output."""


class BadWeights(CircuitError):
    """CIRCC_BAD_WEIGHTS: a weights file is missing, unreadable or wrong."""


_ERRORS = {1: UnknownToken, 2: InputTooLong, 3: NoParse, 4: OutputTooSmall,
           8: BadWeights, 11: OutputTooLong}


class _Result(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("length", ctypes.c_int32),
                ("error_index", ctypes.c_int32)]


def _symbol_prefix(path):
    """The prefix of a library's exported names (circc --symbol-prefix):
    what precedes "circc_abi_version" in its dynamic symbol table; empty
    when there is none or the file is not 64-bit little-endian ELF."""
    try:
        data = open(path, "rb").read()
    except OSError:
        return ""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return ""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)

    def section(index):
        at = shoff + index * shentsize
        if at + 64 > len(data):
            return None
        kind, = struct.unpack_from("<I", data, at + 4)
        offset, size, link = struct.unpack_from("<QQI", data, at + 24)
        return kind, offset, size, link

    suffix = b"circc_abi_version"
    for index in range(shnum):
        header = section(index)
        if not header or header[0] != 11:  # SHT_DYNSYM
            continue
        names = section(header[3])
        if not names:
            continue
        for at in range(header[1], header[1] + header[2] - 23, 24):
            name, = struct.unpack_from("<I", data, at)
            shndx, = struct.unpack_from("<H", data, at + 6)
            if shndx == 0:
                continue
            if name >= names[2]:
                continue
            start = names[1] + name
            end = data.find(b"\0", start, names[1] + names[2])
            symbol = data[start:end]
            if symbol.endswith(suffix):
                return symbol[:-len(suffix)].decode()
    return ""


def _bind(lib, prefix=""):
    """The library's functions, by their unprefixed names."""
    handle, text, size = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    i32, i64 = ctypes.c_int32, ctypes.c_int64
    ids, result = ctypes.POINTER(i32), ctypes.POINTER(_Result)
    signatures = {
        "circc_create": (ctypes.c_int, [ctypes.POINTER(handle)]),
        "circc_create_with_threads": (ctypes.c_int,
                                      [ctypes.c_int32, ctypes.POINTER(handle)]),
        "circc_create_with_weights": (ctypes.c_int, [text, ctypes.POINTER(handle),
                                                     ctypes.c_char_p, size]),
        "circc_destroy": (None, [handle]),
        "circc_grammar_name": (ctypes.c_char_p, [handle]),
        "circc_token_count": (i32, [handle]),
        "circc_token_name": (ctypes.c_char_p, [handle, i32]),
        "circc_output_count": (i32, [handle]),
        "circc_output_name": (ctypes.c_char_p, [handle, i32]),
        "circc_output_text": (ctypes.c_void_p, [handle, text, size, i32,
                                                ctypes.POINTER(size)]),
        "circc_max_input": (i32, [handle]),
        "circc_max_output": (i32, [handle]),
        "circc_param_count": (i64, [handle]),
        "circc_run_text": (ctypes.c_int, [handle, text, size, ids, i32, result]),
        "circc_run_ids": (ctypes.c_int, [handle, ids, i32, ids, i32, result]),
        "circc_run_batch": (ctypes.c_int, [handle, ctypes.POINTER(text),
                                           ctypes.POINTER(size), size, ids, i32,
                                           result]),
        "circc_describe": (size, [handle, text, size, result, ctypes.c_char_p,
                                  size]),
    }
    api = types.SimpleNamespace()
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, prefix + name)
        function.restype = restype
        function.argtypes = argtypes
        setattr(api, name, function)
    return api


class Evaluation:
    """What Circuit.evaluate measured on one file: `exact` of `total`
    commands right, `accuracy` (0 to 1), `seconds`, `commands_per_second`,
    and `records`: per command (line, command, expected, produced or None,
    error message or None)."""

    def __init__(self, path, records, seconds, exact=None):
        self.path = path
        self.records = records
        self.total = len(records)
        # `exact`, when given, is what the timed comparison counted.
        self.exact = (exact if exact is not None
                      else sum(1 for r in records if r[2] == r[3]))
        self.accuracy = self.exact / self.total if self.total else 0.0
        self.seconds = seconds
        self.commands_per_second = self.total / seconds if seconds > 0 else 0.0

    def __repr__(self):
        return "Evaluation(%r: %d/%d exact, %.0f commands/s)" % (
            self.path, self.exact, self.total, self.commands_per_second)


class Circuit:
    """A loaded circuit (or compiled Transformer). Safe to share between
    threads; closed when collected, or with close()."""

    def __init__(self, path, weights=None, threads=1, derivations=None):
        # A bare file name would be searched for on the library path, not
        # found in the working directory.
        where = str(path) if "/" in str(path) else "./" + str(path)
        self._cdll = ctypes.CDLL(where)
        # A library linked with --symbol-prefix exports prefixed names.
        self._lib = _bind(self._cdll, _symbol_prefix(str(path)))
        self.path = str(path)
        self._derivations_path = derivations
        self._derivations = None
        self._handle = ctypes.c_void_p()
        if weights is None:
            status = self._lib.circc_create_with_threads(
                threads, ctypes.byref(self._handle))
            message = b"cannot create the circuit"
            if status == 8:
                message = (b"%s loads its learnable tables from a weights file;"
                           b" pass weights=" % self.path.encode())
        else:
            buffer = ctypes.create_string_buffer(512)
            status = self._lib.circc_create_with_weights(
                str(weights).encode(), ctypes.byref(self._handle), buffer, 512)
            message = buffer.value
        if status != 0:
            raise _ERRORS.get(status, CircuitError)(status, message.decode())
        lib, h = self._lib, self._handle
        self.name = lib.circc_grammar_name(h).decode()
        self.tokens = [lib.circc_token_name(h, i).decode()
                       for i in range(lib.circc_token_count(h))]
        self.outputs = [lib.circc_output_name(h, i).decode()
                        for i in range(lib.circc_output_count(h))]
        # 0: commands of any length.
        self.max_input = lib.circc_max_input(h)
        self.max_output = lib.circc_max_output(h)
        self.param_count = lib.circc_param_count(h)
        self._out = (ctypes.c_int32 * max(1, self.max_output))()

    def close(self):
        if self._derivations is not None:
            self._derivations[0].close()
            self._derivations = None
        if self._handle:
            self._lib.circc_destroy(self._handle)
            self._handle = ctypes.c_void_p()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _error(self, text, result):
        buffer = ctypes.create_string_buffer(256)
        self._lib.circc_describe(self._handle, text, len(text) if text else 0,
                                 ctypes.byref(result), buffer, 256)
        return _ERRORS.get(result.status, CircuitError)(
            result.status, buffer.value.decode(errors="replace"),
            result.error_index)

    @staticmethod
    def _bytes(text):
        """A command as the library reads it: str is encoded as UTF-8,
        bytes (or a bytearray or memoryview) are passed as they are."""
        if isinstance(text, str):
            return text.encode()
        if isinstance(text, (bytes, bytearray, memoryview)):
            return bytes(text)
        raise TypeError("a command is str or bytes, not %s"
                        % type(text).__name__)

    def run_symbols(self, text):
        """The output symbol ids of one command's text (str or bytes)."""
        data = self._bytes(text)
        result = _Result()
        self._lib.circc_run_text(self._handle, data, len(data), self._out,
                                 self.max_output, ctypes.byref(result))
        if result.status != 0:
            raise self._error(data, result)
        return list(self._out[:result.length])

    def run(self, text):
        """The output symbols of one command's text (str or bytes), as
        names; an input word that an open token class carries to the output
        is its own text."""
        data = self._bytes(text)
        return self._names(data, self.run_symbols(data))

    def output_text(self, text, id):
        """The text of output id `id` of a run of the command `text`: an
        output symbol's name, or for an id of len(outputs) + i the command's
        input word at position i (an open token class's)."""
        return self._names(self._bytes(text), [id])[0]

    def _names(self, data, ids):
        names, count = self.outputs, len(self.outputs)
        if all(0 <= i < count for i in ids):
            return [names[i] for i in ids]
        named = []
        for i in ids:
            if 0 <= i < count:
                named.append(names[i])
                continue
            length = ctypes.c_size_t()
            at = self._lib.circc_output_text(self._handle, data, len(data), i,
                                             ctypes.byref(length))
            if not at:
                raise ValueError("%d is no output id of this command" % i)
            named.append(ctypes.string_at(at, length.value).decode(
                errors="replace"))
        return named

    def run_batch(self, texts):
        """run() over a list of commands; a failed command gives the
        CircuitError of its status in its place."""
        encoded = [self._bytes(t) for t in texts]
        n = len(encoded)
        stride = max(1, self.max_output)
        pointers = (ctypes.c_char_p * n)(*encoded)
        lengths = (ctypes.c_size_t * n)(*[len(t) for t in encoded])
        out = (ctypes.c_int32 * (n * stride))()
        results = (_Result * n)()
        status = self._lib.circc_run_batch(self._handle, pointers, lengths, n,
                                           out, stride, results)
        if status != 0:
            raise CircuitError(status, "circc_run_batch failed")
        # One conversion of the whole buffer: indexing a ctypes array per
        # element costs more than the library's run.
        flat = memoryview(out).cast("B").cast("i").tolist()
        outputs = []
        for i, r in enumerate(results):
            if r.status != 0:
                outputs.append(self._error(encoded[i], r))
                continue
            start = i * stride
            outputs.append(self._names(encoded[i],
                                       flat[start:start + r.length]))
        return outputs

    def run_ids(self, ids):
        """The output symbol ids for input token ids (a sequence or a NumPy
        array of integers); a NumPy array when NumPy is installed."""
        ids = [int(i) for i in ids]
        array = (ctypes.c_int32 * max(1, len(ids)))(*ids)
        result = _Result()
        self._lib.circc_run_ids(self._handle, array, len(ids), self._out,
                                self.max_output, ctypes.byref(result))
        if result.status != 0:
            raise self._error(None, result)
        produced = list(self._out[:result.length])
        try:
            import numpy
            return numpy.array(produced, dtype=numpy.int32)
        except ImportError:
            return produced

    def parse(self, text):
        """How the circuit parses one command (str or bytes): its derivation
        tree as nested dicts, as `circc --parse --json` writes a "tree". A
        production's node is {"rule", "line", "column", "span", "children"}
        (span: the first and one past the last word it covers), a token
        class's word {"class", "output", "word"}. The tree is the compiled
        circuit's own: the run of the grammar's derivation library, which
        `circc --derivations` writes beside the library (NAME.derivations.so
        for NAME.so, or load(..., derivations=PATH)). A command the circuit
        refuses raises its CircuitError, as run() does."""
        circuit, rules = self._derivation_library()
        data = self._bytes(text)
        ids = circuit.run_symbols(data)
        words = [w.decode(errors="replace") for w in data.split()]
        return _derivation_tree(ids, rules, words,
                                lambda i: circuit._names(data, [i])[0])

    def _derivation_library(self):
        """The derivation library's circuit and its productions' rules."""
        if self._derivations is None:
            path = self._derivations_path
            if path is None:
                stem = self.path[:-3] if self.path.endswith(".so") else \
                    self.path
                path = stem + ".derivations.so"
            if not os.path.exists(str(path)):
                raise FileNotFoundError(
                    "%s has no derivation library: %s does not exist (compile "
                    "the grammar with circc --derivations, or pass "
                    "derivations=PATH to load)" % (self.path, path))
            circuit = Circuit(path)
            rules = []
            for index, name in enumerate(circuit.outputs):
                rule = _read_rule(name, index)
                if rule is None:
                    break
                rules.append(rule)
            if not rules:
                circuit.close()
                raise ValueError("%s is not a derivation library (circc "
                                 "--derivations)" % path)
            self._derivations = (circuit, rules)
        return self._derivations

    def evaluate(self, path, progress=False):
        """Exact-match evaluation of a file of examples, plain or gzipped:
        SCAN's `IN: ... OUT: ...` lines, or `SENTENCE<TAB>OUTPUT[<TAB>...]`
        lines for a name ending in .tsv (COGS; a first line `Source<TAB>...`
        is a header); with `progress`, a progress line on stderr. The
        commands run in batches of 4096 whose rows are as long as the
        longest expected output needs, and outputs are compared as ids
        (with NumPy, a batch at once); the timing covers the runs and the
        comparisons. An output that holds input words (an open token
        class's) is compared as text, after the clock stops. Returns an
        Evaluation."""
        parsed = _read_examples(path)
        ids = {name: i for i, name in enumerate(self.outputs)}
        try:
            import numpy
        except ImportError:
            numpy = None
        bound = max(1, self.max_output)
        # Batches of commands with outputs of similar lengths, so that the
        # rows of each are as short as its longest needs.
        order = sorted(range(len(parsed)), key=lambda k: len(parsed[k][2]))
        chunks = []
        for first in range(0, len(parsed), 4096):
            chunk = [parsed[k] for k in order[first:first + 4096]]
            encoded = [self._bytes(c) for _, c, _ in chunk]
            # A word that is no output symbol never matches (-2).
            expected = [[ids.get(w, -2) for w in e] for _, _, e in chunk]
            stride = min(bound, max(len(e) for e in expected) + 1)
            n = len(chunk)
            batch = types.SimpleNamespace(
                encoded=encoded, expected=expected, stride=stride,
                pointers=(ctypes.c_char_p * n)(*encoded),
                lengths=(ctypes.c_size_t * n)(*[len(t) for t in encoded]),
                out=(ctypes.c_int32 * (n * stride))(),
                results=(_Result * n)(), exact=None)
            if numpy is not None:
                table = numpy.full((n, stride), -1, dtype=numpy.int32)
                for row, e in enumerate(expected):
                    table[row, :len(e)] = e
                batch.table = table
                batch.want = numpy.array([len(e) for e in expected],
                                         dtype=numpy.int32)
            chunks.append(batch)

        done = 0
        start = time.perf_counter()
        for batch in chunks:
            n = len(batch.encoded)
            status = self._lib.circc_run_batch(
                self._handle, batch.pointers, batch.lengths, n, batch.out,
                batch.stride, batch.results)
            if status != 0:
                raise CircuitError(status, "circc_run_batch failed")
            if numpy is not None:
                got = numpy.frombuffer(batch.out, dtype=numpy.int32).reshape(
                    n, batch.stride)
                results = numpy.frombuffer(batch.results,
                                           dtype=numpy.int32).reshape(n, 3)
                within = (numpy.arange(batch.stride)[None, :]
                          < batch.want[:, None])
                batch.exact = ((results[:, 0] == 0)
                               & (results[:, 1] == batch.want)
                               & ((got == batch.table) | ~within).all(axis=1))
            else:
                flat = memoryview(batch.out).cast("B").cast("i").tolist()
                batch.flat = flat
                batch.exact = [
                    r.status == 0 and flat[i * batch.stride:i * batch.stride
                                           + r.length] == e
                    for i, (r, e) in enumerate(zip(batch.results,
                                                   batch.expected))]
            done += n
            if progress:
                sys.stderr.write("\r%s: %d/%d" % (path, done, len(parsed)))
                sys.stderr.flush()
        seconds = time.perf_counter() - start
        if progress:
            sys.stderr.write("\n")

        # The records, named, once the clock has stopped, in the file's
        # order.
        records = [None] * len(parsed)
        position = 0
        for batch in chunks:
            flat = getattr(batch, "flat", None)
            if flat is None:
                flat = memoryview(batch.out).cast("B").cast("i").tolist()
            for i, r in enumerate(batch.results):
                index = order[position]
                position += 1
                line, command, expected = parsed[index]
                if r.status == 4 and batch.stride < bound:
                    # Longer than the rows: wrong, but shown in full.
                    try:
                        records[index] = (line, command, expected,
                                          self.run(batch.encoded[i]), None)
                    except CircuitError as error:
                        records[index] = (line, command, expected, None,
                                          str(error))
                    continue
                if r.status != 0:
                    records[index] = (line, command, expected, None,
                                      str(self._error(batch.encoded[i], r)))
                    continue
                start = i * batch.stride
                produced = flat[start:start + r.length]
                records[index] = (line, command, expected,
                                  self._names(batch.encoded[i], produced),
                                  None)
                if any(j >= len(self.outputs) for j in produced):
                    # An input word (an open class's): compared as text.
                    batch.exact[i] = records[index][3] == expected
        exact = sum(int(sum(batch.exact)) for batch in chunks)
        return Evaluation(str(path), records, seconds, exact)


_RULE = re.compile(r"@(\d+) (\d+):(\d+) (\S+ -> .*)")


def _read_rule(name, index):
    """A derivation library's output symbol for production `index`, `@INDEX
    LINE:COLUMN LHS -> RHS...` (grammar-derivation-output): (rule text,
    line, column, per right-hand-side item its child's nonterminal or class,
    or None for a token); None when the name is not that production's."""
    match = _RULE.fullmatch(name)
    if not match or int(match.group(1)) != index:
        return None
    text = match.group(4)
    # Tokens are quoted and hold no white space.
    items = [None if len(item) >= 2 and item[0] == item[-1] == '"' else item
             for item in text.split(" -> ", 1)[1].split(" ")]
    return text, int(match.group(2)), int(match.group(3)), items


def _derivation_tree(ids, rules, words, output_text):
    """The tree of a derivation in prefix order (one symbol per production,
    then its children; a class word is its output symbol, numbered after
    the productions), read without recursion: a derivation may be as deep as
    the command is long."""
    count = len(rules)
    malformed = ValueError("the circuit's derivation is malformed")
    root = None
    # The nodes still missing children, innermost last: [node, its rule's
    # items, its next item, its next word].
    open_nodes = []
    for id in ids:
        if id < 0 or (root is not None and not open_nodes):
            raise malformed
        parent = open_nodes[-1] if open_nodes else None
        start = parent[3] if parent else 0
        if id >= count:
            # A class word: its output symbol.
            if parent is None or start >= len(words):
                raise malformed
            child = {"class": parent[1][parent[2]], "output": output_text(id),
                     "word": words[start]}
            parent[3] = start + 1
        else:
            text, line, column, items = rules[id]
            child = {"rule": text, "line": line, "column": column,
                     "span": [start, start], "children": []}
            open_nodes.append([child, items, 0, start])
        if parent is None:
            root = child
        else:
            parent[0]["children"].append(child)
            parent[2] += 1
        # Tokens take a word each; a node whose items are all read ends.
        while open_nodes:
            top = open_nodes[-1]
            while top[2] < len(top[1]) and top[1][top[2]] is None:
                top[2] += 1
                top[3] += 1
            if top[2] < len(top[1]):
                break
            open_nodes.pop()
            top[0]["span"][1] = top[3]
            if open_nodes:
                open_nodes[-1][3] = top[3]
    if root is None or open_nodes or "span" not in root or \
            root["span"][1] != len(words):
        raise malformed
    return root


def _read_examples(path):
    """(line number, command, expected output words) of each example of a
    SCAN-format or TSV file (see Circuit.evaluate); empty lines skipped."""
    path = str(path)
    opener = gzip.open if path.endswith(".gz") else open
    tsv = path[:-3].endswith(".tsv") if path.endswith(".gz") else \
        path.endswith(".tsv")
    parsed = []
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if tsv:
                columns = line.split("\t")
                if n == 1 and columns[0] == "Source":
                    continue
                if len(columns) < 2:
                    raise ValueError("%s:%d: malformed line, expected "
                                     "'<command><TAB><output>'" % (path, n))
                parsed.append((n, columns[0], columns[1].split()))
                continue
            line = line.strip()
            # An empty output leaves "OUT:" at the end of the line.
            if not line.startswith("IN: ") or not (
                    " OUT: " in line or line.endswith(" OUT:")):
                raise ValueError("%s:%d: malformed line, expected 'IN: "
                                 "<command> OUT: <actions>'" % (path, n))
            command, _, expected = line[4:].partition(" OUT:")
            parsed.append((n, command, expected.split()))
    return parsed


def load(path, weights=None, threads=1, derivations=None):
    """The circuit in the library at `path`, its learnable tables from the
    safetensors file `weights` if it loads them at run time. A compiled
    Transformer's batches (run_batch) may use `threads` threads. parse()
    reads the derivation library `derivations` (default: NAME.derivations.so
    beside NAME.so)."""
    return Circuit(path, weights, threads, derivations)
