"""The Python package against a compiled SCAN circuit: CIRCC_TEST_LIBRARY
names it, CIRCC_TEST_DATA a SCAN split."""

import os

import pytest

import circc

LIBRARY = os.environ["CIRCC_TEST_LIBRARY"]
DATA = os.environ["CIRCC_TEST_DATA"]


@pytest.fixture(scope="module")
def scan():
    return circc.load(LIBRARY)


def test_run(scan):
    assert scan.run("jump twice") == ["I_JUMP", "I_JUMP"]
    assert scan.run("walk left") == ["I_TURN_LEFT", "I_WALK"]


def test_vocabularies(scan):
    assert scan.name == "scan"
    assert "jump" in scan.tokens and "I_JUMP" in scan.outputs
    assert scan.max_input == 9 and scan.param_count == 36


def test_errors(scan):
    with pytest.raises(circc.UnknownToken) as error:
        scan.run("walk fly")
    assert error.value.index == 1 and "fly" in str(error.value)
    with pytest.raises(circc.NoParse):
        scan.run("twice")
    with pytest.raises(circc.InputTooLong):
        scan.run(" ".join(["walk and"] * 8) + " walk")


def test_bytes(scan):
    assert scan.run(b"jump twice") == ["I_JUMP", "I_JUMP"]
    assert scan.run(bytearray(b"walk")) == ["I_WALK"]
    assert scan.run_batch([b"look", "walk"]) == [["I_LOOK"], ["I_WALK"]]
    # Bytes that are not UTF-8 are an unknown token, not a decoding error.
    with pytest.raises(circc.UnknownToken) as error:
        scan.run(b"walk \xff\xfe")
    assert error.value.index == 1
    with pytest.raises(TypeError):
        scan.run(7)


def test_batch(scan):
    outputs = scan.run_batch(["walk", "fly", "look twice"])
    assert outputs[0] == ["I_WALK"]
    assert isinstance(outputs[1], circc.UnknownToken)
    assert outputs[2] == ["I_LOOK", "I_LOOK"]


def test_ids(scan):
    ids = [scan.tokens.index("jump"), scan.tokens.index("twice")]
    assert [scan.outputs[i] for i in scan.run_ids(ids)] == ["I_JUMP", "I_JUMP"]


def test_evaluate(scan):
    evaluation = scan.evaluate(DATA)
    assert evaluation.total > 1000 and evaluation.exact == evaluation.total
    assert evaluation.records[0][2] == evaluation.records[0][3]


def _evaluate_tsv(scan, tmp_path):
    path = tmp_path / "cases.tsv"
    path.write_text("Source\tTarget\n"
                    "jump twice\tI_JUMP I_JUMP\tdouble\n"
                    "walk\tI_RUN\tsingle\n"
                    "fly\tI_FLY\tunknown\n"
                    "\n"
                    "look left thrice\t" + " ".join(["I_TURN_LEFT", "I_LOOK"] * 3)
                    + "\tlong\n")
    return scan.evaluate(path)


def test_evaluate_tsv(scan, tmp_path):
    # A header, a wrong answer, a refused command and an empty line.
    evaluation = _evaluate_tsv(scan, tmp_path)
    assert (evaluation.total, evaluation.exact) == (4, 2)
    assert [r[0] for r in evaluation.records] == [2, 3, 4, 6]
    assert evaluation.records[1][3] == ["I_WALK"]
    assert evaluation.records[2][3] is None and "fly" in evaluation.records[2][4]


def test_evaluate_malformed_tsv(scan, tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("jump\tI_JUMP\nno tab here\n")
    with pytest.raises(ValueError, match=r"bad.tsv:2: malformed line, "
                       r"expected '<command><TAB><output>'"):
        scan.evaluate(path)


def test_evaluate_empty_output(scan, tmp_path):
    # An empty expected output ends the line with "OUT:" (a count of 0 in
    # a repetition writes such lines); it is read, and here it is wrong.
    path = tmp_path / "empty.txt"
    path.write_text("IN: jump OUT: I_JUMP\nIN: walk OUT:\n")
    evaluation = scan.evaluate(path)
    assert (evaluation.total, evaluation.exact) == (2, 1)
    assert evaluation.records[1][1:4] == ("walk", [], ["I_WALK"])
    with pytest.raises(ValueError, match="empty.txt:1: malformed line"):
        (tmp_path / "empty.txt").write_text("IN: walk OUT\n")
        scan.evaluate(path)


def test_evaluate_without_numpy(scan, tmp_path, monkeypatch):
    # Outputs compared in Python lists give the same records.
    with_numpy = _evaluate_tsv(scan, tmp_path)
    monkeypatch.setitem(__import__("sys").modules, "numpy", None)
    without = _evaluate_tsv(scan, tmp_path)
    assert without.records == with_numpy.records
    assert scan.evaluate(DATA).exact == scan.evaluate(DATA).total


def test_missing_weights(tmp_path):
    with pytest.raises(OSError):
        circc.load(str(tmp_path / "missing.so"))


def test_threads():
    with pytest.raises(circc.CircuitError) as error:
        circc.load(LIBRARY, threads=0)
    assert error.value.status == 5
    assert circc.load(LIBRARY, threads=2).run_batch(["walk", "jump"]) == [
        ["I_WALK"], ["I_JUMP"]]


def test_parse(scan):
    tree = scan.parse("jump twice")
    assert tree["rule"] == "command -> sentence" and tree["span"] == [0, 2]
    sentence = tree["children"][0]
    assert sentence["rule"] == 'sentence -> phrase "twice"'
    leaf = sentence["children"][0]["children"][0]
    assert leaf["rule"] == 'primitive -> "jump"' and leaf["span"] == [0, 1]
    assert leaf["children"] == [] and leaf["line"] > 0
    with pytest.raises(circc.NoParse):
        scan.parse("twice")
