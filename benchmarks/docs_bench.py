"""What a docs site costs: sphinx-build of the quick start's site for django and homeassistant.

Usage: ``python benchmarks/docs_bench.py [--corpus DIR] [--packages django,homeassistant]``.

The corpus is :mod:`bench`'s (fetched once, never imported). For each package, a Sphinx project
with the quick start's configuration (``archdocs_packages = [package]``, alabaster) is built in a
temporary folder, each build a fresh child process:

- full: an empty ``_build``; ``-j 2``: the same with two workers, whose site must be
  byte-identical to the serial one's; no change: the same again; one file edit: a comment
  appended to :attr:`bench.Package.edited`;
- plain Sphinx: the same project without archdocs (its index page only), the floor of any build;
- cold report: ``archdocs report --no-cache`` of the same tree, what the analysis alone costs;
- the peer, for django: sphinx-autoapi (what users already run for API docs; ``nox -s bench``
  installs it, it is no dependency of archdocs) on the same tree, full and no change.

Each row: seconds, peak memory (``os.wait4``), pages read, then for full builds the site size and
its largest page; and the ratio of the seconds to the cold report and to plain Sphinx.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench import PACKAGES, Package, ensure_corpus  # the speed benchmark's corpus

CONF = """extensions = ["myst_parser"{extra}]
html_theme = "alabaster"
exclude_patterns = ["_build"]
archdocs_sources = [{source!r}]
archdocs_packages = [{package!r}]
"""
INDEX = "# {package}\n\n```{{toctree}}\n{entries}\n```\n"
#: The peer's project: sphinx-autoapi's API reference of the package (its own toctree entry).
AUTOAPI_CONF = """extensions = ["autoapi.extension"]
html_theme = "alabaster"
exclude_patterns = ["_build"]
autoapi_dirs = [{source!r}]
suppress_warnings = ["autoapi"]
"""
#: Packages whose report also has the peer's rows (autoapi takes minutes on homeassistant's size).
PEER_PACKAGES = ("django",)
#: Sphinx's "updating environment: N added, M changed, K removed" line.
_UPDATED = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    read: int  #: pages Sphinx read (added + changed)


def measured(args: list[str]) -> Measure:
    """One child process: wall time, peak RSS (of it and its reaped workers), pages read."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"docs_bench: {' '.join(args)} failed:\n{text[-3000:]}")
    found = _UPDATED.search(text)
    read = int(found.group(1)) + int(found.group(2)) if found else 0
    return Measure(seconds, usage.ru_maxrss / 1024, read)


def project(folder: Path, source: Path, package: str, archdocs: bool) -> Path:
    folder.mkdir(parents=True)
    extra = ', "archdocs"' if archdocs else ""
    (folder / "conf.py").write_text(CONF.format(extra=extra, source=str(source), package=package))
    entries = "_generated/archdocs/index" if archdocs else ""
    (folder / "index.md").write_text(INDEX.format(package=package, entries=entries))
    return folder


def autoapi_project(folder: Path, source: Path, package: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(AUTOAPI_CONF.format(source=str(source)))
    # reStructuredText: the peer's project has no MyST; autoapi adds its toctree entry here
    (folder / "index.rst").write_text(f"{package}\n{'=' * len(package)}\n")
    return folder


def sphinx(folder: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", *options, str(folder),
            str(folder / "_build" / "html")]


def site_size(folder: Path) -> tuple[float, float]:
    """(MB of ``_build/html``, KB of its largest page); Sphinx's doctree cache, which
    ``sphinx-build -b html`` keeps in ``.doctrees`` there, is not part of the site."""
    files = [p for p in (folder / "_build" / "html").rglob("*")
             if p.is_file() and ".doctrees" not in p.parts]
    pages = [p.stat().st_size for p in files if p.suffix == ".html"]
    return sum(p.stat().st_size for p in files) / 1e6, max(pages) / 1e3


def different_files(first: Path, second: Path) -> list[str]:
    """Files (relative paths) that are not byte-identical in two builds, Sphinx's own build
    records left out (``.doctrees``, ``.buildinfo``)."""
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"}
    one, two = files(first), files(second)
    return sorted(n for n in one.keys() | two.keys() if one.get(n) != two.get(n))


def bench_package(package: Package, corpus: Path, work: Path) -> list[str]:
    source = corpus / package.name
    tree = work / "tree"
    shutil.copytree(source, tree)
    report = measured([sys.executable, "-m", "archdocs", "report", "--no-cache", str(tree)])
    plain = measured(sphinx(project(work / "plain", tree, package.name, archdocs=False)))
    site = project(work / "site", tree, package.name, archdocs=True)
    rows: list[tuple[str, Measure, str]] = []
    full = measured(sphinx(site))
    size, largest = site_size(site)
    rows.append(("full", full, f"{size:.0f} MB site, largest page {largest:.0f} KB"))
    serial = work / "serial-html"
    shutil.move(site / "_build" / "html", serial)
    shutil.rmtree(site / "_build")
    parallel = measured(sphinx(site, "-j", "2"))
    differ = different_files(serial, site / "_build" / "html")
    same = "same site as serial" if not differ else \
        f"{len(differ)} files differ from serial: {', '.join(differ[:3])}"
    rows.append(("-j 2 full", parallel, f"{full.seconds / parallel.seconds:.2f}x serial's "
                 f"speed; {same}"))
    rows.append(("no change", measured(sphinx(site)), ""))
    edited = tree / package.name / package.edited
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# docs_bench edit\n",
                      encoding="utf-8")
    rows.append(("one-file edit", measured(sphinx(site)), ""))
    if package.name in PEER_PACKAGES:
        rows.extend(peer_rows(tree / package.name, package.name, work / "autoapi"))
    out = [(f"{package.name}: cold archdocs report {report.seconds:.2f} s, plain Sphinx "
            f"{plain.seconds:.2f} s")]
    for label, m, extra in rows:
        out.append(f"  {label:14s} {m.seconds:8.1f} s  {m.peak_mb:6.0f} MB peak  {m.read:5d} read  "
                   f"{m.seconds / report.seconds:6.1f}x report  {m.seconds / plain.seconds:6.1f}x "
                   f"plain  {extra}")
    return out


def peer_rows(source: Path, package: str, folder: Path) -> list[tuple[str, Measure, str]]:
    """sphinx-autoapi's site of the same package: full, then no change."""
    if importlib.util.find_spec("autoapi") is None:
        print("docs_bench: sphinx-autoapi is not installed (nox -s bench installs it); "
              "no peer rows", file=sys.stderr)
        return []
    site = autoapi_project(folder, source, package)
    full = measured(sphinx(site))
    size, largest = site_size(site)
    return [("autoapi full", full, f"{size:.0f} MB site, largest page {largest:.0f} KB"),
            ("autoapi no chg", measured(sphinx(site)), "")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path.home() / ".cache" / "archdocs-bench")
    parser.add_argument("--packages", default="django,homeassistant")
    args = parser.parse_args(argv)
    names = args.packages.split(",")
    chosen = tuple(p for p in PACKAGES if p.name in names)
    ensure_corpus(args.corpus, chosen)
    for package in chosen:
        with tempfile.TemporaryDirectory(prefix="archdocs-docs-bench-") as work:
            print("\n".join(bench_package(package, args.corpus, Path(work))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
