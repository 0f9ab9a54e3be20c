"""Build output is never written through a symbolic link: an explorer data file (or a folder on
its way) that is a link gives one located warning, the page still builds, the link's target is
untouched, and stale-file cleanup leaves links alone."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.sphinx_build import Build

from archdocs.sphinxext.directives.explorer import DATA_DIR


@pytest.mark.parametrize("where", ["file", "dangling file", "folder"])
def test_a_link_where_an_explorer_data_file_goes_is_a_located_warning(
        project: Callable[..., Path], build: Callable[..., Build], tmp_path: Path,
        where: str) -> None:
    srcdir = project("views")
    outdir = srcdir / "_build/html"
    data = outdir / DATA_DIR
    data.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "victim.js"
    if where == "file":
        target.write_text("precious\n")
        os.symlink(target, data / "explorer.0.js")
    elif where == "dangling file":
        os.symlink(target, data / "explorer.0.js")
    else:
        data.rmdir()
        os.symlink(outside, data)
    result = build(srcdir)
    assert "explorer.md:3: WARNING: archdocs-explorer: the data file " \
           f"{DATA_DIR}/explorer.0.js was not written" in result.warnings
    assert "symbolic link; not written through [archdocs.output]" in result.warnings
    # the rest of the site is built, the page included; nothing went through the link
    assert 'class="archdocs-explorer"' in result.html("explorer")
    assert sorted(p.name for p in outside.iterdir()) == (["victim.js"] if where == "file" else [])
    if where == "file":
        assert target.read_text() == "precious\n"
    assert (data / "explorer.0.js").is_symlink() or where == "folder"
    # a second build after the explorer is gone leaves the link (not ours) where it is
    (srcdir / "explorer.md").write_text("# Explorer\n\nNo explorer now.\n")
    build(srcdir)
    assert os.path.islink(data / "explorer.0.js") or where == "folder"
    assert data.is_symlink() or where != "folder"
