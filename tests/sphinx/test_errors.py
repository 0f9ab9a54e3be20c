"""Bad input never raises: a bad option, name, config value or source file is a warning located
at the docs line, conf.py line or source ``file:line``, and the rest of the site still builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers.sphinx_build import Build, html_body

BAD_RST = """\
:orphan:

Bad
===

.. archdocs-diagram:: shop
   :depth: zero

.. archdocs-inventory:: shop
   :columns: lines, colour

.. archdocs-cycles:: nowhere

.. archdocs-module:: shop.cart
   :kinds: sometimes

See :archdocs:mod:`shop.nothing`.
"""

BAD_MD = """\
---
orphan: true
---

# Bad

```{archdocs-diagram} shop
:direction: sideways
```

```{archdocs-tree} shop
:depth: -1
```

See {archdocs:mod}`shop.nothing`.
"""


def test_bad_options_are_located_warnings(project: Callable[..., Path],
                                          build: Callable[..., Build]) -> None:
    srcdir = project()
    (srcdir / "bad.rst").write_text(BAD_RST)
    (srcdir / "badmd.md").write_text(BAD_MD)
    result = build(srcdir)
    warnings = result.warnings
    expected = [
        ("bad.rst:6", "archdocs-diagram: :depth: 'zero' is not allowed; use a whole number >= 1",
         "[archdocs.option]"),
        ("bad.rst:9", "archdocs-inventory: :columns: 'colour' not allowed; use lines, code_lines",
         "[archdocs.option]"),
        ("bad.rst:12", "archdocs-cycles: no package or module named 'nowhere'",
         "[archdocs.missing_module]"),
        ("bad.rst:14", "archdocs-module: :kinds: unknown import kind 'sometimes'",
         "[archdocs.option]"),
        ("bad.rst:17", "archdocs:mod: no module or package named 'shop.nothing'",
         "[archdocs.missing_module]"),
        ("badmd.md:7", "archdocs-diagram: :direction: 'sideways' is not allowed; use one of LR, RL",
         "[archdocs.option]"),
        ("badmd.md:11", "archdocs-tree: :depth: '-1' is not allowed", "[archdocs.option]"),
        ("badmd.md:15", "archdocs:mod: no module or package named 'shop.nothing'",
         "[archdocs.missing_module]"),
    ]
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == len(expected), warnings
    for where, message, kind in expected:
        assert any(f"{where}: WARNING: {message}" in line and line.endswith(kind)
                   for line in lines), (where, message, warnings)
    html = result.html("bad")
    assert html.count('class="archdocs-error"') == 4
    assert "class=\"mermaid\"" not in html


def test_bad_config_value_warns_with_conf_line_and_falls_back(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_lines = "words"\narchdocs_kinds = "sometimes"\n')
    result = build(srcdir)
    lines = conf.read_text().splitlines()
    expected_line = lines.index('archdocs_lines = "words"') + 1
    assert (f"conf.py:{expected_line}: WARNING: archdocs_lines = 'words' is not allowed: expected "
            "'physical' or 'code'; using 'physical' [archdocs.config]") in result.warnings
    assert "archdocs_kinds = 'sometimes' is not allowed: expected an import-kind set" \
        in result.warnings
    # the fallbacks are in effect: physical lines, import-time cycles
    assert "cart.py — 11 lines" in result.html("snippets/rst_tree")
    assert "(import-time imports)" in result.html("snippets/rst_cycles")


def test_missing_source_folder_is_a_config_warning(project: Callable[..., Path],
                                                   build: Callable[..., Build]) -> None:
    srcdir = project()
    result = build(srcdir, confoverrides={"archdocs_sources": ["code", "nowhere"]})
    assert "archdocs_sources:" in result.warnings and "nowhere" in result.warnings
    assert "[archdocs.config]" in result.warnings
    assert (result.outdir / "snippets/rst_inventory.html").is_file()


def test_syntax_error_in_source_is_a_located_warning_and_the_page_builds(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    broken = srcdir / "code/src/shop/broken.py"
    broken.write_text('"""Half written."""\n\nfrom shop import cart\n\ndef f(:\n    pass\n')
    result = build(srcdir)
    source_warnings = [w for w in result.warnings.splitlines() if "[archdocs.source]" in w]
    assert len(source_warnings) == 1, result.warnings
    assert source_warnings[0].startswith(f"{broken}:5: WARNING: ")
    # the rest of the file and the rest of the package are still documented
    inventory = result.html("snippets/rst_inventory")
    assert ">broken<" in inventory
    assert "shop.broken" in result.html("_generated/archdocs/shop")


def test_analysed_code_is_never_imported(project: Callable[..., Path],
                                         build: Callable[..., Build]) -> None:
    srcdir = project()
    result = build(srcdir)
    assert ">boom<" in result.html("snippets/rst_inventory")  # it was analysed ...
    assert not (srcdir / "code/src/shop/IMPORTED").exists()  # ... and never run


def test_configured_package_that_does_not_exist(project: Callable[..., Path],
                                                build: Callable[..., Build]) -> None:
    srcdir = project()
    result = build(srcdir, confoverrides={"archdocs_packages": ["shop", "shoe"]})
    assert ("archdocs_packages: no package named 'shoe' in archdocs_sources; no reference page "
            "for it [archdocs.missing_module]") in result.warnings
    assert (srcdir / "_generated/archdocs/shop.md").is_file()


def test_modules_without_pages_are_plain_code_even_when_nitpicky(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    index = srcdir / "index.rst"
    index.write_text(index.read_text().replace("   _generated/archdocs/index\n", ""))
    result = build(srcdir, confoverrides={"archdocs_packages": [], "nitpicky": True})
    assert result.warnings == ""
    html = html_body(result.html("snippets/rst_role"))
    assert "shop.pricing" in html and "<a " not in html
