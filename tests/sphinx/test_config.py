"""``archdocs_config``: the archdocs values from a TOML file (e.g. ``conf/archdocs.toml``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.sphinx.conftest import Build

TOML = """\
# archdocs settings shared by the docs build
[archdocs]
sources = ["../code"]   # relative to this file
packages = ["shop"]
lines = "code"
colour = "blue"
kinds = "sometimes"
"""


def test_values_come_from_the_toml_file(project: Callable[..., Path],
                                        build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('archdocs_sources = ["code"]\n', "")
                    .replace('archdocs_packages = ["shop"]\n', "")
                    + 'archdocs_config = "conf/archdocs.toml"\narchdocs_lines = "physical"\n')
    toml = srcdir / "conf/archdocs.toml"
    toml.parent.mkdir()
    toml.write_text(TOML)
    result = build(srcdir)
    warnings = [w for w in result.warnings.splitlines() if "WARNING" in w]
    assert warnings == [
        (f"{toml}:6: WARNING: [archdocs] colour: unknown key; allowed: sources, packages, module_pages, "
        "count_init, lines, kinds, exclude, include_tests, output_dir [archdocs.config]"),
        (f"{toml}:7: WARNING: [archdocs] kinds = 'sometimes' is not allowed: expected an "
        "import-kind set (unknown import kind 'sometimes'; allowed: all, no-type-checking, "
        "import-time, runtime, guarded, lazy, type_checking); ignored [archdocs.config]"),
    ]
    # sources relative to the TOML file; packages from it; conf.py's own lines value wins
    assert (srcdir / "_generated/archdocs/shop.md").is_file()
    assert "cart.py — 11 lines" in result.html("snippets/rst_tree")
