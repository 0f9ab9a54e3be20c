"""Bad input never raises: a bad option, name, config value or source file is a warning located
at the docs line, conf.py line or source ``file:line``, and the rest of the site still builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Build

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
        assert any(f"{where}: WARNING: {message}" in line and line.endswith(kind) for line in lines), \
            (where, message, warnings)
    html = result.html("bad")
    assert html.count('class="archdocs-error"') == 4
    assert "class=\"mermaid\"" not in html
