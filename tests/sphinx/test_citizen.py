"""archdocs added to an existing Sphinx project changes nothing that worked before.

* A link that resolved before still resolves, to the same target, with no new warning: pip's docs
  have a page ``pip`` and a MyST link ``[…](pip)``; with archdocs documenting the package ``pip``
  that link must not become ambiguous (``-W`` failed).
* Nothing archdocs copies into ``_static`` is read back as a page when the build folder is inside
  the docs folder (``make html``, ``sphinx-autobuild docs docs/_build/html``): built twice with
  ``-W``.
* The quick start (docs/manual/quickstart.md) works as written on a fresh project: its snippets
  are taken from the page itself, so the test follows the page, not a copy of it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUICKSTART = REPO / "docs" / "manual" / "quickstart.md"


def sphinx_build(srcdir: Path, outdir: Path, *options: str) -> tuple[int, str]:
    """Run ``sphinx-build`` as a user would (a fresh process); return (exit status, stderr)."""
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "build", *options, "-b", "html", str(srcdir),
         str(outdir)],
        capture_output=True, text=True, check=False, cwd=srcdir.parent)
    return run.returncode, run.stderr


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


PIP_LIKE = {
    "src/pip/__init__.py": '"""pip."""\n',
    "src/pip/_internal/__init__.py": "from pip import main\n",
    "src/pip/main.py": "import pip._internal\n",
    "docs/conf.py": (
        'extensions = ["archdocs", "myst_parser"]\n'
        'exclude_patterns = ["_build"]\n'
        'archdocs_sources = ["../src"]\n'
        'archdocs_packages = ["pip"]\n'
    ),
    "docs/index.md": (
        "# Docs\n\nSee [the pip page](pip) and {archdocs:mod}`pip.main`.\n\n"
        "```{toctree}\npip\n_generated/archdocs/index\n```\n"
    ),
    "docs/pip.md": "# pip\n\nThe command.\n",
}


def test_a_link_to_a_page_named_like_a_package_still_goes_to_the_page(tmp_path: Path) -> None:
    write(tmp_path, PIP_LIKE)
    status, errors = sphinx_build(tmp_path / "docs", tmp_path / "out", "-W", "--keep-going")
    assert status == 0, errors
    assert "more than one target" not in errors
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="[^"]*" href="([^"]*)"><span class="[^"]*">the pip page</span>',
                     index)
    assert link is not None, index
    assert link.group(1) == "pip.html"
    # the explicit role still reaches the module's card on the generated page
    assert 'href="_generated/archdocs/pip.html#module-pip-main"' in index


DIAGRAM_SITE = {
    "src/shop/__init__.py": "",
    "src/shop/cart.py": "from shop import pricing\n",
    "src/shop/pricing.py": "import shop.cart\n",
    "docs/conf.py": (
        # no exclude_patterns: Flask's conf.py and many others have none
        'extensions = ["archdocs", "myst_parser"]\n'
        'archdocs_sources = ["../src"]\n'
        'archdocs_packages = ["shop"]\n'
    ),
    "docs/index.md": (
        "# Shop\n\n```{archdocs-diagram} shop\n```\n\n"
        "```{toctree}\n_generated/archdocs/index\n```\n"
    ),
}


def test_static_files_are_not_read_as_pages_with_the_build_folder_inside(tmp_path: Path) -> None:
    write(tmp_path, DIAGRAM_SITE)
    docs = tmp_path / "docs"
    out = docs / "_build" / "html"
    for attempt in ("first", "second"):
        status, errors = sphinx_build(docs, out, "-W", "--keep-going", "-d",
                                      str(docs / "_build" / "doctrees"))
        assert status == 0, f"{attempt} build: {errors}"
    vendored = sorted(p.name for p in (out / "_static" / "vendor" / "mermaid").iterdir())
    assert "mermaid.min.js" in vendored and "LICENSE" in vendored
    source_suffixes = (".md", ".rst")
    assert not [name for name in vendored if name.endswith(source_suffixes)], vendored
    statics = [p for p in out.rglob("*") if "_static" in p.relative_to(out).parts]
    assert not [p for p in statics if p.suffix in source_suffixes], statics
    assert not list((out / "_build").glob("**/*.html"))  # no page made of the build itself


def _fence_blocks(text: str) -> list[tuple[str, str]]:
    """``(info, body)`` of each top-level fenced block (3 or more backticks) of a Markdown text."""
    blocks = []
    for match in re.finditer(r"^(`{3,})([^\n]*)\n(.*?)^\1\s*$", text, re.MULTILINE | re.DOTALL):
        blocks.append((match.group(2).strip(), match.group(3)))
    return blocks


def _quickstart_sphinx_part() -> list[tuple[str, str]]:
    text = QUICKSTART.read_text(encoding="utf-8")
    return _fence_blocks(text[text.index("## In Sphinx"):])


def test_quickstart_works_as_written_on_a_fresh_project(tmp_path: Path) -> None:
    """Every file and command of the quick start's Sphinx part, in order, in an empty folder with
    a package ``mypkg`` (the name the page uses); the build folder is inside ``docs/`` as the page
    says, and the build runs twice (a second build reads the first one's output folder)."""
    blocks = _quickstart_sphinx_part()
    conf = next(body for info, body in blocks if info == "python")
    pages = [(info, body) for info, body in blocks if info.startswith("md") or "file" in info]
    commands = [line[2:] for info, body in blocks if info == "console"
                for line in body.splitlines() if line.startswith("$ ")]
    write(tmp_path, {
        "src/mypkg/__init__.py": "",
        "src/mypkg/orchestration/__init__.py": "",
        "src/mypkg/orchestration/runtime.py": "from mypkg.orchestration import engine\n",
        "src/mypkg/orchestration/engine.py": "import mypkg.orchestration.runtime\n",
        "docs/conf.py": conf,
    })
    for info, body in pages:
        name = re.search(r"file=(\S+)", info)
        assert name is not None, f"quick start block {info!r} does not say which file it is"
        write(tmp_path, {name.group(1): body})
    builds = [c for c in commands if c.startswith("sphinx-build")]
    assert builds, commands
    for command in builds * 2:
        argv = command.split()
        run = subprocess.run([sys.executable, "-m", "sphinx", "build", *argv[1:]], cwd=tmp_path,
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, f"{command}:\n{run.stderr}"
    html = tmp_path / "docs" / "_build" / "html"
    assert (html / "_generated" / "archdocs" / "mypkg.orchestration.html").is_file()
    assert any('class="mermaid"' in p.read_text(encoding="utf-8") for p in html.glob("*.html"))
    autobuild = [c for c in commands if c.startswith("sphinx-autobuild")]
    assert autobuild, commands
    for command in autobuild:  # every folder it watches exists in the fresh project
        argv = command.split()
        watched = [argv[i + 1] for i, arg in enumerate(argv) if arg == "--watch"]
        assert all((tmp_path / w).is_dir() for w in watched), watched
        assert Path(tmp_path, argv[1]).is_dir() and argv[2].startswith(argv[1] + "/")
