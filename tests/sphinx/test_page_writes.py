"""Generated pages never cost a user a byte (issue 12, item 2): a file archdocs did not write is
never replaced, the source folder itself is refused as the output folder, and a page is either
its old or its new self."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.sphinx_build import Build

from archdocs.sphinxext import pages

HANDWRITTEN = b"# My project\n\nWritten by hand, with a \"quote\" and no trailing newline"


def _conf_line(conf: Path, name: str) -> int:
    return next(n for n, line in enumerate(conf.read_text().splitlines(), 1)
                if line.startswith(name))


@pytest.mark.parametrize("value", [".", "./"])
def test_the_source_folder_is_refused_as_output_folder(
        value: str, project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    (srcdir / "index.rst").unlink()
    (srcdir / "index.md").write_bytes(HANDWRITTEN)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + f"archdocs_output_dir = {value!r}\n")
    before = {p: p.read_bytes() for p in srcdir.rglob("*") if p.is_file()}
    result = build(srcdir)
    after = {p: p.read_bytes() for p in srcdir.rglob("*") if p.is_file()
             if "_build" not in p.parts}
    assert after == before  # not one file written, replaced or deleted
    line = _conf_line(conf, "archdocs_output_dir")
    assert (f"{conf}:{line}: WARNING: archdocs_output_dir: '.' is the source folder "
            "itself") in result.warnings
    assert "[archdocs.pages]" in result.warnings


def test_a_handwritten_page_named_like_a_package_is_kept(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    out = srcdir / "_generated/archdocs"
    out.mkdir(parents=True)
    mine = out / "shop.api.md"
    mine.write_bytes(HANDWRITTEN)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_output_dir = "_generated/archdocs"\n')
    result = build(srcdir)
    assert mine.read_bytes() == HANDWRITTEN
    line = _conf_line(conf, "archdocs_output_dir")
    assert (f"{conf}:{line}: WARNING: archdocs_output_dir: {mine} was not written by archdocs"
            in result.warnings)
    # the other pages are generated as usual
    assert (out / "shop.md").read_text().startswith(pages.HEADER)
    assert sorted(p.name for p in out.iterdir()) == ["index.md", "module-explorer.md",
                                                      "shop.api.md", "shop.md"]


def test_symlinks_and_fifos_at_a_page_path_are_not_ours(tmp_path: Path) -> None:
    """Neither followed (a write would land where the link points) nor opened (a FIFO blocks)."""
    target = tmp_path / "elsewhere.md"
    target.write_text(pages.HEADER + "a generated page somewhere else\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").symlink_to(target)
    os.mkfifo(out / "b.md")
    os.mkfifo(out / "stale.md")
    pages.sync(out, {"a.md": pages.HEADER + "new\n", "b.md": pages.HEADER + "new\n"}, "conf.py:1")
    assert (out / "a.md").is_symlink() and target.read_text().endswith("somewhere else\n")
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.md", "stale.md"]


def test_a_failed_write_leaves_the_old_page_whole(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    page = out / "shop.md"
    old = pages.HEADER + "# `shop`\n"
    page.write_text(old)

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)  # the os.replace pages.sync calls
    with pytest.raises(OSError):
        pages.sync(out, {"shop.md": pages.HEADER + "# `shop`\n\nnew text\n"}, "conf.py:1")
    assert page.read_text() == old
    assert [p.name for p in out.iterdir()] == ["shop.md"]  # no temporary file left


def test_a_docstring_edit_leaves_the_stubs_alone(project: Callable[..., Path],
                                                 build: Callable[..., Build]) -> None:
    """Stubs hold no text from the code: a new docstring reaches the page through the
    archdocs-docstring directive, and no stub is written (sphinx-autobuild sees no change)."""
    srcdir = project()
    build(srcdir)
    out = srcdir / "_generated/archdocs"
    stubs = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    init = srcdir / "code/src/shop/__init__.py"
    init.write_text('"""The "new" shop -- with <b>tags</b>."""\n'
                    + init.read_text().split('"""', 2)[2])
    later = time.time() + 5
    os.utime(init, (later, later))
    result = build(srcdir)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == stubs
    assert "_generated/archdocs/shop" in result.read
    assert ('<p class="archdocs-docstring">The &quot;new&quot; shop -- with '
            '&lt;b&gt;tags&lt;/b&gt;.</p>') in result.html("_generated/archdocs/shop")
