"""Each cached facts record starts with a header of the counts a report prints (lines, code lines,
classes, functions), so a warm ``archdocs report`` reads them without decoding the facts. The
header must equal what the decoded facts say, and a cache written before it existed is read
again, never misread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.cached_load import TREE, count_decodes, load
from tests.helpers.files import age
from tests.helpers.readers import READERS

from archdocs.analysis.metrics import Convention
from archdocs.analysis.report import build_report
from archdocs.model import Counts, ModuleFacts
from archdocs.reading.cache import EncodedFacts, decode_facts, encode_facts
from archdocs.reading.load import load_snapshot

SRC = Path(__file__).resolve().parents[2] / "src" / "archdocs"


def expected(facts: ModuleFacts) -> Counts:
    """The counts as the decoded facts give them (what metrics read before the header)."""
    return Counts(facts.lines, facts.code_lines, len(facts.classes), len(facts.functions))


def assert_header_matches(facts: ModuleFacts) -> None:
    data = encode_facts(facts)
    assert EncodedFacts(data).counts == expected(facts)  # the header, facts still encoded
    decoded = decode_facts(data)
    assert decoded == facts  # the rest is intact behind the header
    assert decoded is not None and expected(decoded) == expected(facts)
    lazy = EncodedFacts(data)
    assert lazy() == facts and lazy.counts == expected(facts)  # once decoded: from the facts


@pytest.mark.parametrize("reader", ["tree-sitter", "fast"])
def test_the_header_equals_the_decoded_counts_on_our_own_code(reader: str) -> None:
    read = READERS[reader]
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 100
    for path in files:
        facts = read(path.read_bytes())
        if facts is not None:  # the fast reader declines what it does not model
            assert_header_matches(facts)


#: Lines that change what is counted: definitions at every depth (methods are not functions),
#: comments, blank lines, strings whose lines look like comments or definitions.
FRAGMENTS = [
    "class A:\n    def method(self):\n        pass\n",
    "class B(A):\n    class Inner:\n        x = 1\n",
    "def f(a, b=1):\n    def inner():\n        return a\n    return inner\n",
    "async def g():\n    await h()\n",
    "@decorator\ndef decorated():\n    ...\n",
    "# a comment\n",
    "\n",
    "   \n",
    "x = 1  # trailing comment\n",
    's = """\n# not a comment\ndef not_a_function():\n"""\n',
    "'''docstring\nclass NotAClass:\n'''\n",
    "if x:\n    def conditional():\n        pass\nelse:\n    class Conditional:\n        pass\n",
    "import os\nfrom typing import TYPE_CHECKING\n",
    "value = (\n    1,\n    # inside brackets\n    2,\n)\n",
]

sources = st.tuples(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.booleans()).map(
    lambda parts: "".join(parts[0]).removesuffix("\n" if parts[1] else ""))


@settings(max_examples=60, deadline=None)
@given(sources)
def test_the_header_equals_the_decoded_counts_on_generated_modules(source: str) -> None:
    for reader in ("tree-sitter", "fast"):
        facts = READERS[reader](source.encode())
        if facts is not None:
            assert_header_matches(facts)


def test_a_warm_report_reads_the_headers_and_decodes_no_facts(make_tree, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    root = make_tree({**TREE, "pkg/f.py": "# comment\n\nclass C:\n    def m(self): ...\n"
                                          "def g(): ...\n"})
    cold = load_snapshot(root, jobs=1)  # no cache: facts in hand
    load(root, tmp_path / "cache")
    age(root)
    load(root, tmp_path / "cache")
    decoded = count_decodes(monkeypatch)
    warm, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0
    for convention in (Convention(), Convention(include_init=True, lines="code")):
        assert build_report(warm, None, convention) == build_report(cold, None, convention)
    assert decoded == []
    assert [m.counts for m in warm.modules] == [expected(m.facts) for m in cold.modules]
    assert warm.get("pkg.f").counts == Counts(5, 3, 1, 1)


def test_a_record_too_short_for_a_header_counts_as_damaged_facts() -> None:
    assert EncodedFacts(b"\x00\xff\x00\xff").counts == Counts(0, 0, 0, 0)


def test_a_cache_written_before_the_header_is_read_again_not_misread(make_tree, tmp_path: Path):
    """What an archdocs of the previous format left: records without the header, under its
    version. Read as headers, their first bytes would be counts; they are dropped instead."""
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    cold, _ = load(root, cache)
    age(root)
    load(root, cache)
    db = sqlite3.connect(cache / "facts.sqlite3")
    with db:
        db.execute("UPDATE meta SET value = '13' WHERE key = 'version'")
        db.execute("UPDATE facts SET data = substr(data, 33)")  # the old record: no header
    db.close()
    again, stats = load(root, cache)
    assert (stats.parsed, stats.cached) == (stats.files, 0)
    assert [m.counts for m in again.modules] == [expected(m.facts) for m in cold.modules]
    warm, stats = load(root, cache)
    assert stats.parsed == 0
    assert [m.counts for m in warm.modules] == [expected(m.facts) for m in cold.modules]
