"""The cycles section of a built page (#13 items 4–6): an import-time cycle through a parent package
an import runs first, the breakers of every component, and imports of missing modules, each at
file:line (the missing ones also warned at their line)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.helpers.sphinx_build import Build

CODE = {
    "pkg/__init__.py": "",
    "pkg/sub/__init__.py": "from pkg.helper import H\n",
    "pkg/helper.py": "from pkg.sub.leaf import L\n\nH = 1\n",
    "pkg/sub/leaf.py": "class L:\n    pass\n",
    "pkg/ring/__init__.py": "",
    "pkg/ring/a.py": "from . import b\n",
    "pkg/ring/b.py": "from . import a\nfrom . import c\n",
    "pkg/ring/c.py": "from . import d\n",
    "pkg/ring/d.py": "from . import b\n",
    "pkg/broken.py": "from .base import Thing\n",
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_cycles_section_shows_parent_package_cycles_breakers_and_missing_modules(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    srcdir = tmp_path / "cycles"
    for rel, source in CODE.items():
        path = srcdir / "code" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Pkg\n===\n\n.. archdocs-cycles:: pkg\n")
    result = build(srcdir)
    assert re.search(r"code/pkg/broken\.py:1: WARNING: imports missing module pkg\.base",
                     result.warnings), result.warnings
    text = text_of(result.html("index"))
    assert "2 import cycles in pkg (import-time imports)" in text
    # the parent-package step says which package the import runs first
    assert ("pkg.helper imports pkg.sub: from pkg.sub.leaf import L at pkg/helper.py:1 "
            "(runtime, runs pkg.sub first)") in text
    assert "To break every cycle here, cut 2 imports (no fewer imports would do):" in text
    assert "To break every cycle here, cut 1 import (no fewer imports would do):" in text
    assert ("Imports of modules that are not in the source (1): Python raises ImportError there. "
            "pkg/broken.py:1: imports missing module pkg.base") in text
