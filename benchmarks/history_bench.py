"""``archdocs history`` over 50 revisions against one cold analysis of the newest one.

Usage::

    python benchmarks/history_bench.py [--repo PATH [--subdir DIR]] [--sdists PACKAGE]
                                       [--revisions 50] [--repeat 3]

The repository is real history, built or reused here:

- default: this repository (archdocs' own history, ``src/``), the newest ``--revisions``
  first-parent commits;
- ``--sdists PACKAGE``: consecutive releases of a PyPI package, downloaded once with
  ``pip download --no-deps --no-binary :all:`` into ``~/.cache/archdocs-bench/sdists`` and committed
  one release per commit into a scratch repository (the release's package folder only);
- ``--repo PATH``: any repository.

Both measurements start from an empty facts cache, in a fresh child process (interpreter start-up
included): *cold* loads the newest revision and computes its figures (modules, lines, classes,
edges, cycles for every kind set); *history* does the same at every revision, oldest first, as
``archdocs history`` does. Target: history in under 3× the cold analysis, because unchanged blobs
are parsed once and unchanged modules are resolved once.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("ARCHDOCS_BENCH_CACHE", Path.home() / ".cache" / "archdocs-bench"))

CHILD = """
import sys
from archdocs.reading.cache import FactsCache
from archdocs.analysis.history import HistoryStats, Revision, history
from archdocs.analysis.metrics import Convention

repo, subdir, cache_dir, *commits = sys.argv[1:]
cache = FactsCache(cache_dir)
stats = HistoryStats()
revisions = [Revision(c[:10], c, "") for c in commits]
points = history(repo, revisions, None, Convention(), subdir=subdir, cache=cache, stats=stats)
cache.close()
print(stats.files, stats.parsed, stats.cached, points[-1].figures.modules, stats.unchanged)
"""


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@invalid",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+00:00",
           "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+00:00"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name.rsplit("-", 1)[-1].removesuffix(".tar.gz")))


def repo_from_sdists(package: str, count: int) -> tuple[Path, str]:
    """A repository with one commit per release of ``package`` (its newest ``count`` releases that
    have an sdist), built once and reused; returns it and the package folder inside it."""
    dest = CACHE / "sdist-repos" / package
    if (dest / ".git").is_dir() and int(git(dest, "rev-list", "--count", "HEAD")) >= count:
        return dest, package
    folder = CACHE / "sdists" / package
    folder.mkdir(parents=True, exist_ok=True)
    versions = subprocess.run([sys.executable, "-m", "pip", "index", "versions", package],
                              capture_output=True, text=True, check=True).stdout
    listed = re.search(r"Available versions: (.*)", versions)
    if not listed:
        raise SystemExit(f"pip index versions {package}: no versions listed")
    wanted = [v for v in listed.group(1).split(", ") if re.fullmatch(r"[\d.]+", v)][: count * 2]
    for version in wanted:  # newest first, until there are enough
        if len(list(folder.glob("*.tar.gz"))) >= count:
            break
        if not list(folder.glob(f"*-{version}.tar.gz")):
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--no-binary", ":all:", "--dest", str(folder), f"{package}=={version}"],
                           check=False)
    sdists = sorted(folder.glob("*.tar.gz"), key=lambda p: _version_key(p.name))[-count:]
    if dest.exists():
        subprocess.run(["rm", "-rf", str(dest)], check=True)
    dest.mkdir(parents=True)
    git(dest, "init", "--quiet")
    for sdist in sdists:
        subprocess.run(["find", str(dest), "-mindepth", "1", "-maxdepth", "1", "!", "-name", ".git",
                        "-exec", "rm", "-rf", "{}", "+"], check=True)
        with tarfile.open(sdist) as tar, tempfile.TemporaryDirectory() as scratch:
            tar.extractall(scratch, filter="data")
            (top,) = Path(scratch).iterdir()
            found = [p for p in (top / package, top / "src" / package) if p.is_dir()]
            if not found:
                continue
            subprocess.run(["cp", "-r", str(found[0]), str(dest / package)], check=True)
        git(dest, "add", "--all", ".")
        git(dest, "commit", "--quiet", "--allow-empty", "-m", sdist.name)
    return dest, package


def run_child(repo: Path, subdir: str, commits: list[str]) -> tuple[float, list[str]]:
    with tempfile.TemporaryDirectory(prefix="archdocs-history-bench-") as cache:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(repo), subdir, cache, *commits],
                             check=True, capture_output=True, text=True, env=env).stdout
        return time.perf_counter() - started, out.split()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=None)
    parser.add_argument("--subdir", default=None)
    parser.add_argument("--sdists", metavar="PACKAGE", help="build the history from release sdists")
    parser.add_argument("--revisions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.sdists:
        repo, subdir = repo_from_sdists(args.sdists, args.revisions)
    else:
        repo = args.repo or REPO
        subdir = args.subdir if args.subdir is not None else ("src" if args.repo is None else "")
    commits = git(repo, "rev-list", "--first-parent", f"--max-count={args.revisions}", "HEAD").split()
    commits.reverse()
    cold, history = [], []
    for _ in range(args.repeat):  # alternate, so that a slow moment of the machine hits both
        seconds, cold_out = run_child(repo, subdir, commits[-1:])
        cold.append(seconds)
        seconds, history_out = run_child(repo, subdir, commits)
        history.append(seconds)
    cold_s, history_s = statistics.median(cold), statistics.median(history)
    files, parsed, cached, _, unchanged = map(int, history_out)
    print(f"repository: {repo}{'/' + subdir if subdir else ''} ({len(commits)} revisions)")
    print(f"newest revision: {cold_out[0]} modules read, {cold_out[3]} counted")
    print(f"cold analysis of one revision: {cold_s:.3f} s (median of {args.repeat})")
    print(f"history over {len(commits)} revisions: {history_s:.3f} s = "
          f"{history_s / len(commits) * 1000:.1f} ms per revision; {files} module reads, "
          f"{parsed} parsed, {cached} from the cache; {unchanged} revisions with the code unchanged")
    ratio = history_s / cold_s
    print(f"ratio: {ratio:.2f}x one cold analysis (target < 3x): {'met' if ratio < 3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
