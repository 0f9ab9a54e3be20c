"""Property: random package trees whose docstrings and ``__all__`` entries are random mixes of
markup (HTML, MyST and rST roles and directives, fences, Mermaid) never produce markup from that
text (issue 12, item 1).

Two layers: the generated MyST stubs (many examples, no Sphinx: every line of a stub is one of the
few shapes archdocs writes), and real Sphinx reads of the generated pages (a few examples: the
doctree holds each docstring as the text of its paragraph, every section of the page survives,
and no node a role, directive or raw markup would make).
"""

from __future__ import annotations

import keyword
import re
import tempfile
import textwrap
from pathlib import Path

from docutils import nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from archdocs.reading.load import load_snapshot
from archdocs.sphinxext import pages
from archdocs.sphinxext.config import DEFAULT_OUTPUT_DIR, Settings

FRAGMENTS = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><img onerror=alert(1)>",
    "{download}`../../../../etc/passwd`", "```{include} /etc/passwd", "```",
    "```{literalinclude} /proc/self/environ", "```{raw} html", ":download:`/etc/passwd`",
    "{raw}`<b>x</b>`", ".. raw:: html", "%%{init: {\"theme\": \"dark\"}}%%", "click x call alert()",
    "[x](javascript:alert(1))", "<!--", "-->", "*a*", "**b**", "$$", "{{x}}", "|", "&lt;", "#95;",
    ":::{note}", "# heading", "(target)=", "---", "'", '"', "--", "...",
)
#: Characters a docstring's first line may hold: no line breaks (``str.splitlines`` ones included)
#: and no backslash or quote (the docstring is written as a triple-quoted literal).
_CHARS = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                       exclude_characters="\\\"'\x85\u2028\u2029\x1c\x1d\x1e")
hostile_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(_CHARS, max_size=6), min_size=1,
                        max_size=6).map(" ".join).map(str.strip).filter(bool)
identifier = (st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True)
              | st.sampled_from(["self", "genindex", "search", "toctree", "include"])
              ).filter(lambda n: not keyword.iskeyword(n))


@st.composite
def trees(draw: st.DrawFn) -> dict[str, str]:
    """``{relative path: source}``: a package ``pkg`` with a few modules and sub-packages."""
    paths = draw(st.lists(st.lists(identifier, min_size=1, max_size=3), min_size=1, max_size=5))
    files: dict[str, str] = {}
    folders = {"/".join(parts[:depth]) for parts in paths for depth in range(len(parts))}
    for folder in folders:  # every folder on the way is a package
        files[re.sub("/+", "/", f"pkg/{folder}/__init__.py")] = ""
    for parts in paths:
        if "/".join(parts) not in folders:  # a module and a package of one name: Python's choice
            files["pkg/" + "/".join(parts) + ".py"] = ""
    for path in sorted(files):
        doc = draw(hostile_text)
        if '"""' in doc and "'''" in doc:
            doc = doc.replace("'''", "''")
        quote = "'''" if '"""' in doc or doc.endswith('"') else '"""'
        names = draw(st.lists(hostile_text, max_size=3))
        files[path] = f"{quote}{doc}{quote}\n__all__ = {names!r}\n"
    return files


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


#: Every line of a stub is one of these (names are dotted word characters).
_NAME = r"(?:\./)?\w+(?:\.\w+)*"
STUB_LINE = re.compile("|".join([
    re.escape(pages.HEADER.rstrip("\n")), "", rf"#{{1,3}} `{_NAME}`", r"## [A-Z][a-z -]+",
    r"# Code reference", r"One page per package, generated from the code by archdocs\.",
    r"One page per package, generated from the code by archdocs, and a module explorer\.",
    r"# Module explorer", r"module-explorer",
    r"Search a module, walk the packages, and see what each module imports and what imports it\.",
    rf"```\{{archdocs-[a-z]+\}} {_NAME}", r"```\{toctree\}", r"```", r":maxdepth: 1", r":depth: 1",
    _NAME]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.booleans())
def test_stubs_hold_only_names_and_directives(files: dict[str, str], module_pages: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = load_snapshot(str(write(Path(tmp), files)))
    config = Settings(sources=(), packages=("pkg",), module_pages=module_pages,
                      convention=None, kinds=frozenset(), selection=None,  # type: ignore[arg-type]
                      output_dir=DEFAULT_OUTPUT_DIR, confdir=Path())
    for name, text in pages.render_pages(snapshot, config).items():
        bad = [line for line in text.split("\n") if not STUB_LINE.fullmatch(line)]
        assert bad == [], name


#: Nodes that only markup makes: none may come from text in the code.
FORBIDDEN = (nodes.raw, nodes.image, nodes.system_message, nodes.problematic, nodes.reference,
             nodes.emphasis, nodes.comment, addnodes.download_reference)

CONF = textwrap.dedent("""\
    extensions = ["archdocs", "myst_parser"]
    exclude_patterns = ["_build", "code"]
    archdocs_sources = ["code"]
    archdocs_packages = ["pkg"]
    archdocs_module_pages = True
    suppress_warnings = ["toc.not_included"]
    """)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(trees())
def test_generated_pages_show_code_text_as_text(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root / "code", files)
        (root / "conf.py").write_text(CONF, encoding="utf-8")
        (root / "index.md").write_text("# Site\n", encoding="utf-8")
        snapshot = load_snapshot(str(root / "code"))
        app = SphinxTestApp("dummy", srcdir=root)
        try:
            app.build()
            warnings = app.warning.getvalue()
            docnames = [d for d in app.env.found_docs if d.startswith(DEFAULT_OUTPUT_DIR + "/pkg")]
            assert len(docnames) == len(snapshot.modules)
            for docname in docnames:
                name = docname.rpartition("/")[2]
                module = snapshot.get(name)
                tree = app.env.get_doctree(docname)
                made = [n for n in tree.findall(lambda n: isinstance(n, FORBIDDEN))
                        if n.astext().strip() != pages.HEADER.strip()]  # our own header
                assert made == [], (docname, made)
                shown = [p.astext() for p in tree.findall(nodes.paragraph)
                         if "archdocs-docstring" in p["classes"]]
                assert shown == ([module.facts.doc] if module and module.facts.doc else []), name
                titles = [t.astext() for t in tree.findall(nodes.title)]
                expected = ["Imports"] if module and not module.is_package else \
                    ["Modules", "Import cycles", "Layout"]
                assert set(expected) <= set(titles), (docname, titles)
        finally:
            app.cleanup()
    assert "[myst" not in warnings and "docutils" not in warnings, warnings
