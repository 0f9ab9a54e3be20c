"""archdocs next to grimp on real PyPI packages: median wall time and peak memory, and their ratio.

Usage: ``python benchmarks/bench.py [--corpus DIR] [--repeat N] [--packages django,sympy]``, or
``python benchmarks/bench.py --small``: django only, once per scenario, copied from the installed
django (no download; CI runs it in tests/test_benchmark_runs.py, so a regression shows in its log).

The corpus (django 5.2, sympy 1.14, homeassistant 2025.4.4, ~900 / ~1,500 / ~8,000 modules) is
fetched once with ``pip download --no-deps`` and unzipped into ``--corpus`` (default
``~/.cache/archdocs-bench``); nothing of it is ever imported. Every measured run is a fresh child
process (interpreter start-up included, for both tools), and the two tools alternate run by run so
that a slow moment of the machine hits both. Three scenarios:

- cold: the cache off for both (archdocs' ``FactsCache(None)``, grimp's ``cache_dir=None``);
- first run: both with an empty cache folder, which the run fills (what a first CI run costs);
- warm: both with a cache populated by an earlier (unmeasured) run, nothing changed;
- one file changed: a comment is appended to one module before every run, so each run has exactly
  one file that changed since that tool's previous run;
- warm report (CLI): the whole ``archdocs report`` command (start-up, load, every figure it prints,
  the text written) with the warm cache, against grimp's warm ``build_graph``: what a user waits
  for at the command line.

Peak memory is the child's ``ru_maxrss`` from ``os.wait4``: on Linux, the largest resident size of
that child or of any worker process it forked and reaped (archdocs' cold runs fork parser workers).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Package:
    name: str  #: import name
    requirement: str  #: what pip downloads
    pip_args: tuple[str, ...]  #: extra ``pip download`` arguments
    edited: str  #: module (path below the package) that gets a comment appended


PACKAGES = (
    Package("django", "django==5.2.*", (), "db/models/base.py"),
    Package("sympy", "sympy==1.14.*", (), "core/basic.py"),
    # homeassistant's wheel declares Python >= 3.13; it is only unzipped, never installed or run.
    Package("homeassistant", "homeassistant==2025.4.4",
            ("--python-version", "3.13", "--only-binary=:all:"), "core.py"),
)

ARCHDOCS_CHILD = """
import sys
from archdocs.reading.cache import FactsCache, default_cache_dir
from archdocs.analysis.graph import build_graph
from archdocs.reading.load import LoadStats, load_snapshot
from archdocs.reading.sources import Selection

stats = LoadStats()
cache = FactsCache(None if sys.argv[2] == "-" else default_cache_dir())
snapshot = load_snapshot(sys.argv[1], Selection(include_tests=True), cache=cache, stats=stats)
cache.close()
graph = build_graph(snapshot)
print(len(snapshot.modules), len(graph.edges), stats.parsed)
"""

#: ``archdocs report`` as its console script runs it (``archdocs.cli.main``), the text discarded;
#: then the figures the other scenarios print, from the report's own summary line (with
#: ``--count-init``, a count of every module; the work is the default report's).
REPORT_CHILD = """
import io
import sys
from archdocs.cli import main

out, sys.stdout = sys.stdout, io.StringIO()
status = main(["report", sys.argv[1], "--include-tests", "--count-init"])
text, sys.stdout = sys.stdout.getvalue(), out
summary = text.splitlines()[2].split()
print(summary[0], summary[summary.index("internal") - 1], "-")
sys.exit(status)
"""

GRIMP_CHILD = """
import sys
import grimp

cache_dir = sys.argv[2] if sys.argv[2] != "-" else None
graph = grimp.build_graph(sys.argv[1], cache_dir=cache_dir)
print(len(graph.modules), graph.count_imports(), "-")
"""


def ensure_corpus(corpus: Path, packages: tuple[Package, ...]) -> None:
    """Download and unzip each wheel unless its package folder is already there."""
    downloads = corpus / "dl"
    for package in packages:
        target = corpus / package.name
        if (target / package.name / "__init__.py").exists():
            continue
        downloads.mkdir(parents=True, exist_ok=True)
        print(f"fetching {package.requirement} ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(downloads), *package.pip_args, package.requirement], check=True)
        prefix = package.name.replace("-", "_") + "-"
        wheels = sorted(w for w in downloads.glob("*.whl") if w.name.lower().startswith(prefix))
        if not wheels:
            sys.exit(f"bench: pip downloaded no wheel for {package.requirement} into {downloads}")
        shutil.rmtree(target, ignore_errors=True)
        with zipfile.ZipFile(wheels[-1]) as wheel:
            wheel.extractall(target)


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output: str  #: "modules edges parsed" printed by the child


def run_measured(code: str, args: list[str], env: dict[str, str]) -> Run:
    """One child process: wall time, and the peak RSS ``os.wait4`` reports for it (on Linux the
    largest of the child and its reaped workers; ``RUSAGE_CHILDREN`` would mix in earlier runs)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=out,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            why = err.read().decode(errors="replace")
            sys.exit(f"bench: child failed ({proc.returncode}):\n{why}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read().decode().strip())


class Bench:
    def __init__(self, corpus: Path, work: Path, repeat: int) -> None:
        self.corpus = corpus
        self.work = work
        self.repeat = repeat
        self.rows: list[tuple[str, str, list[Run], list[Run]]] = []
        base = dict(os.environ)
        base.pop("PYTHONPATH", None)
        self.base_env = base

    def archdocs(self, package: Package, cache_dir: Path | None) -> Run:
        env = {**self.base_env, "ARCHDOCS_CACHE_DIR": str(cache_dir or ""),
               "PYTHONPATH": str(REPO / "src")}
        return run_measured(ARCHDOCS_CHILD, [str(self.corpus / package.name / package.name),
                                             "+" if cache_dir else "-"], env)

    def archdocs_report(self, package: Package, cache_dir: Path) -> Run:
        env = {**self.base_env, "ARCHDOCS_CACHE_DIR": str(cache_dir),
               "PYTHONPATH": str(REPO / "src")}
        return run_measured(REPORT_CHILD, [str(self.corpus / package.name / package.name)], env)

    def grimp(self, package: Package, cache_dir: Path | None) -> Run:
        env = {**self.base_env, "PYTHONPATH": str(self.corpus / package.name)}
        return run_measured(GRIMP_CHILD, [package.name, str(cache_dir) if cache_dir else "-"], env)

    def package(self, package: Package) -> None:
        root = self.work / package.name
        a_runs, g_runs = [], []
        for _ in range(self.repeat):
            a_runs.append(self.archdocs(package, None))
            g_runs.append(self.grimp(package, None))
        self.report(package, "cold", a_runs, g_runs)
        # first run: a fresh, empty cache folder for every run of each tool
        a_runs, g_runs = [], []
        for i in range(self.repeat):
            a_runs.append(self.archdocs(package, root / f"first-{i}"))
            g_runs.append(self.grimp(package, root / f"first-grimp-{i}"))
            shutil.rmtree(root / f"first-{i}", ignore_errors=True)
            shutil.rmtree(root / f"first-grimp-{i}", ignore_errors=True)
        self.report(package, "first run", a_runs, g_runs)
        # warm: populated once (not measured), then nothing changes
        a_cache, g_cache = root / "archdocs-cache", root / "grimp-cache"
        self.archdocs(package, a_cache)
        self.grimp(package, g_cache)
        a_runs, g_runs = [], []
        for _ in range(self.repeat):
            a_runs.append(self.archdocs(package, a_cache))
            g_runs.append(self.grimp(package, g_cache))
        self.report(package, "warm", a_runs, g_runs)
        a_runs, g_runs = [], []
        for _ in range(self.repeat):
            a_runs.append(self.archdocs_report(package, a_cache))
            g_runs.append(self.grimp(package, g_cache))
        self.report(package, "warm report (CLI)", a_runs, g_runs)
        # one file changed since each tool's previous run
        edited = self.corpus / package.name / package.name / package.edited
        original = edited.read_bytes()
        a_runs, g_runs = [], []
        try:
            for i in range(self.repeat):
                with edited.open("ab") as handle:
                    handle.write(b"# archdocs bench edit %d (archdocs)\n" % i)
                a_runs.append(self.archdocs(package, a_cache))
                with edited.open("ab") as handle:
                    handle.write(b"# archdocs bench edit %d (grimp)\n" % i)
                g_runs.append(self.grimp(package, g_cache))
        finally:
            edited.write_bytes(original)
        self.report(package, "1 file changed", a_runs, g_runs)

    def report(self, package: Package, scenario: str, a_runs: list[Run], g_runs: list[Run]) -> None:
        self.rows.append((package.name, scenario, a_runs, g_runs))
        a, g = a_runs[-1].output.split(), g_runs[-1].output.split()
        # graph edges leave out self-imports, which grimp's import count keeps (sympy has 4)
        at, gt = _median(a_runs), _median(g_runs)
        print(f"{package.name:14} {scenario:17} archdocs {at:6.2f} s "
              f"(modules {a[0]}, graph edges {a[1]}, parsed {a[2]})   grimp {gt:6.2f} s "
              f"(modules {g[0]}, imports {g[1]})   ratio {at / gt:.2f}", flush=True)

    def table(self) -> str:
        header = ("package", "scenario", "archdocs s", "grimp s", "ratio", "archdocs MB",
                  "grimp MB", "ratio")
        rows = [header]
        for name, scenario, a_runs, g_runs in self.rows:
            at, gt = _median(a_runs), _median(g_runs)
            am = statistics.median(r.peak_mb for r in a_runs)
            gm = statistics.median(r.peak_mb for r in g_runs)
            rows.append((name, scenario, f"{at:.3f}", f"{gt:.3f}", f"{at / gt:.2f}",
                         f"{am:.0f}", f"{gm:.0f}", f"{am / gm:.2f}"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
                 for r in rows]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def compile_tools() -> str:
    """Both tools run from bytecode, as a ``pip install`` leaves them: with
    ``PYTHONDONTWRITEBYTECODE`` set, a run from the source tree would otherwise compile archdocs'
    modules again in every measured process (~15 ms each time). archdocs' C first pass is built in
    place too, as an install builds it; returns which first pass the fast reader uses."""
    subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=REPO,
                   check=False, capture_output=True)
    spec = importlib.util.find_spec("grimp")
    folders = [REPO / "src" / "archdocs"]
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent)
    for folder in folders:
        compileall.compile_dir(folder, quiet=1)
    reading = REPO / "src" / "archdocs" / "reading"
    built = any(reading.glob("_lex.*.so")) or any(reading.glob("_lex.*.pyd"))
    return "C (archdocs.reading._lex)" if built else "pure Python (no C compiler?)"


def installed_corpus(package: Package, corpus: Path) -> None:
    """A copy of the installed ``package`` in ``corpus``, laid out as :func:`ensure_corpus` lays
    it (found without importing it; copied, since the "one file changed" runs edit a module)."""
    spec = importlib.util.find_spec(package.name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"bench: --small needs {package.requirement} installed (noxfile ORACLE_PACKAGES)")
    source = next(iter(spec.submodule_search_locations))
    shutil.copytree(source, corpus / package.name / package.name,
                    ignore=shutil.ignore_patterns("__pycache__"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path.home() / ".cache" / "archdocs-bench",
                        help="where the unpacked packages live (downloaded when missing)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per tool and scenario (median; default 5, 1 with --small)")
    parser.add_argument("--packages", default=",".join(p.name for p in PACKAGES),
                        help="comma-separated subset of " + ", ".join(p.name for p in PACKAGES))
    parser.add_argument("--small", action="store_true",
                        help="django only, copied from its installed package: a quick run for CI")
    args = parser.parse_args(argv)
    chosen = tuple(p for p in PACKAGES if p.name in args.packages.split(","))
    if args.small:
        chosen = PACKAGES[:1]
    if not chosen:
        parser.error(f"--packages: none of {args.packages!r} is known")
    repeat = args.repeat or (1 if args.small else 5)
    with tempfile.TemporaryDirectory(prefix="archdocs-bench-") as work:
        corpus = args.corpus
        if args.small:
            corpus = Path(work) / "corpus"
            installed_corpus(chosen[0], corpus)
        else:
            ensure_corpus(corpus, chosen)
        first_pass = compile_tools()
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {repeat} runs "
              f"per tool and scenario, tools alternating; each run is a fresh process; archdocs' "
              f"first pass: {first_pass}.", flush=True)
        bench = Bench(corpus.resolve(), Path(work), repeat)
        for package in chosen:
            bench.package(package)
    print()
    print(bench.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
