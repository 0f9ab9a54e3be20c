"""Trees built to hurt the machine that reads them: a FIFO, socket or device named like a module,
symlinks leading out of the source (to ``/etc/passwd``, ``/dev/zero``), files too large to parse,
and a run stopped by SIGTERM or Ctrl-C. Each is a problem entry (or a clean stop), the rest of the
tree still comes out, a folder gives the same answer as the git revision it checks out, and no
process is left behind."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers.files import age
from tests.helpers.gitrepo import commit_all, git, init
from tests.helpers.snapshots import targets

from archdocs.cli import main
from archdocs.reading._files import read_regular
from archdocs.reading.cache import FactsCache
from archdocs.reading.load import MAX_FILE_SIZE, load_snapshot
from archdocs.reading.sources import Selection


@pytest.fixture
def deadline() -> Iterator[None]:
    """A hang fails the test instead of the suite: SIGALRM interrupts a blocking open or read."""
    def expired(signum: int, frame: object) -> None:
        pytest.fail("the load hung")  # not TimeoutError: an OSError, which a reader may catch

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _proc_stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0], fields[19]


def descendants(pid: int) -> dict[int, str]:
    """Live processes below ``pid`` (children's children too), with their start times."""
    found: dict[int, str] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:  # a child belongs to the thread that started it
            try:
                with open(f"/proc/{parent}/task/{task}/children") as handle:
                    children = [int(child) for child in handle.read().split()]
            except OSError:
                continue
            for child in children:
                info = _proc_stat(child)
                if info is not None and info[1] not in "ZX":
                    found[child] = info[2]
                    parents.append(child)
    return found


def alive(pid: int, started: str) -> bool:
    info = _proc_stat(pid)
    return info is not None and info[2] == started and info[1] not in "ZX"


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def test_a_fifo_a_socket_and_a_device_named_like_modules_are_problems_never_read(
        make_tree, tmp_path: Path, monkeypatch, deadline):
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "X = 1\n"})
    pkg = root / "pkg"
    os.mkfifo(pkg / "fifo.py")
    monkeypatch.chdir(pkg)  # a socket's path has a length limit: bound relative to here
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.py")
    expected = {"pkg/fifo.py": "a FIFO", "pkg/sock.py": "a socket", "pkg/link.py": "a FIFO"}
    try:  # /dev/zero's device numbers: read, it never ends
        os.mknod(pkg / "zero.py", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        expected["pkg/zero.py"] = "a character device"
    except PermissionError:
        pass  # not root: the FIFO and the socket still show the rule
    os.symlink("fifo.py", pkg / "link.py")  # a link inside the tree, to what is not a file
    before = descendants(os.getpid())
    try:
        snap = load_snapshot(root, jobs=1)
    finally:
        server.close()
    assert sorted(snap.names) == ["pkg", "pkg.a", "pkg.b"]
    assert targets(snap, "pkg.a") == {"pkg.b": "runtime"}
    assert {p.path: p.message for p in snap.problems} == {
        path: f"{kind}, not a regular file: not read" for path, kind in expected.items()}
    assert {p.code for p in snap.problems} == {"read"}
    assert descendants(os.getpid()).keys() <= before.keys()  # ruff was not left waiting on one


def test_a_file_that_became_a_fifo_since_the_last_run_is_not_opened(make_tree, tmp_path: Path,
                                                                    deadline):
    """The last run's folder listing is reused when the folder's mtime has not moved: the stat
    every run takes of each file says it is no longer a regular file."""
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import pkg.x\n", "pkg/x.py": "X = 1\n"})
    age(root)
    cache = FactsCache(tmp_path / "cache")
    load_snapshot(root, cache=cache, jobs=1)
    folder = os.stat(root / "pkg")
    (root / "pkg" / "x.py").unlink()
    os.mkfifo(root / "pkg" / "x.py")
    os.utime(root / "pkg", ns=(folder.st_atime_ns, folder.st_mtime_ns))
    snap = load_snapshot(root, cache=cache, jobs=1)
    cache.close()
    assert [(p.path, p.message) for p in snap.problems] == [
        ("pkg/x.py", "a FIFO, not a regular file: not read")]
    assert "pkg.x" in snap.names and snap.get("pkg.x").facts.lines == 0


def test_the_reader_checks_what_it_opened_without_waiting(tmp_path: Path, deadline):
    """Between the stat and the open a path can become a FIFO or a link to a device: the open
    does not wait for a writer, and the descriptor's own stat decides."""
    os.mkfifo(tmp_path / "fifo.py")
    assert read_regular(str(tmp_path / "fifo.py"), MAX_FILE_SIZE) == (
        "a FIFO, not a regular file: not read")
    assert read_regular("/dev/zero", MAX_FILE_SIZE) == (
        "a character device, not a regular file: not read")
    (tmp_path / "big.py").write_bytes(b"#" * 101)
    assert (read_regular(str(tmp_path / "big.py"), 100)
            == "101 bytes, over the limit of 100: not parsed")
    assert read_regular(str(tmp_path / "big.py"), 101) == b"#" * 101


LINKED = {"lib/pkg/__init__.py": "", "lib/pkg/real.py": "X = 1\n",
          "lib/pkg/a.py": "import pkg.alias\n",
          "lib/other.py": "import os\n", "outside.py": "SECRET = 'not for the site'\n"}


@pytest.fixture
def linked_repo(make_tree, tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose package has symlinks inside it, out of it into the repository, and out
    of the repository (``/etc/passwd``, ``/dev/zero``); and a checkout of it."""
    repo = make_tree(LINKED, tmp_path / "repo")
    pkg = repo / "lib" / "pkg"
    os.symlink("real.py", pkg / "alias.py")  # inside: read as real.py
    os.symlink("../other.py", pkg / "up.py")  # inside the repository, outside lib/pkg
    os.symlink("../../outside.py", pkg / "top.py")
    os.symlink("/etc/passwd", pkg / "passwd.py")
    os.symlink("/dev/zero", pkg / "zero.py")
    os.symlink("../../../nowhere.py", pkg / "beyond.py")  # out of the repository, dangling
    init(repo)
    commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "-q", "--detach", str(checkout), "HEAD")
    return repo, checkout


def comparable(snapshot):
    return ([(m.name, m.path, m.is_package, m.blob, m.imports, m.reexports, m.facts)
             for m in snapshot.modules], snapshot.problems, snapshot.roots)


def test_symlinks_are_followed_inside_the_source_only_and_a_folder_equals_its_revision(
        linked_repo, deadline):
    repo, checkout = linked_repo
    from_git = load_snapshot(f"{repo}@HEAD:lib/pkg", jobs=1)
    from_disk = load_snapshot(checkout / "lib" / "pkg", jobs=1)
    assert comparable(from_git) == comparable(from_disk)
    assert sorted(from_disk.names) == ["pkg", "pkg.a", "pkg.alias", "pkg.real"]
    assert from_disk.get("pkg.alias").blob == from_disk.get("pkg.real").blob
    assert [(p.path, p.message) for p in from_disk.problems] == [
        ("pkg/beyond.py", "symlink to '../../../nowhere.py', outside the source: not read"),
        ("pkg/passwd.py", "symlink to '/etc/passwd', outside the source: not read"),
        ("pkg/top.py", "symlink to '../../outside.py', outside the source: not read"),
        ("pkg/up.py", "symlink to '../other.py', outside the source: not read"),
        ("pkg/zero.py", "symlink to '/dev/zero', outside the source: not read")]
    # the whole repository is the source: the links into it are followed, the others are not
    whole_git, whole_disk = load_snapshot(f"{repo}@HEAD", jobs=1), load_snapshot(checkout, jobs=1)
    assert comparable(whole_git) == comparable(whole_disk)
    assert {"lib.pkg.up", "lib.pkg.top"} <= whole_disk.names
    assert whole_disk.get("lib.pkg.top").facts.bound_names == ("SECRET",)
    assert [p.path for p in whole_disk.problems] == [
        "lib/pkg/beyond.py", "lib/pkg/passwd.py", "lib/pkg/zero.py"]


def test_problems_of_the_listing_are_reported_by_warm_runs_too(linked_repo, tmp_path: Path,
                                                               deadline):
    """A folder holding a file that is not read is listed again by every run (its listing is
    not reused), so a warm run says what a cold one said."""
    _, checkout = linked_repo
    os.mkfifo(checkout / "lib" / "pkg" / "fifo.py")
    age(checkout)
    cold = load_snapshot(checkout, jobs=1)
    for _ in range(2):
        cache = FactsCache(tmp_path / "cache")
        warm = load_snapshot(checkout, cache=cache, jobs=1)
        cache.close()
        assert comparable(warm) == comparable(cold)
    assert "lib/pkg/fifo.py" in {p.path for p in warm.problems}


def test_files_that_would_not_be_modules_raise_no_problem(make_tree, deadline):
    """The rules that decide which files are modules (globs, tests, names) come first."""
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": ""})
    os.mkfifo(root / "pkg" / "test_fifo.py")
    os.mkfifo(root / "pkg" / "not-a-module.py")
    os.symlink("/etc/passwd", root / "pkg" / "skipped.py")
    snap = load_snapshot(root, Selection(exclude=("*/skipped.py",)), jobs=1)
    # a name no import can reach is said as such (issue 13), never as a FIFO that was opened
    assert sorted(snap.names) == ["pkg", "pkg.a"]
    assert [(p.path, p.code) for p in snap.problems] == [("pkg/not-a-module.py", "name")]


def test_a_file_over_the_size_limit_is_listed_with_a_problem_and_not_parsed(make_tree, tmp_path,
                                                                           capsys):
    repo = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import pkg.big\nimport pkg.edge\n",
                      "pkg/big.py": "import os\n" + "x = 1\n" * 200,
                      "pkg/edge.py": "import json\n" + "#" * 88}, tmp_path / "repo")
    assert (repo / "pkg" / "edge.py").stat().st_size == 100
    init(repo)
    commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    snap = load_snapshot(repo, jobs=1, max_file_size=100)
    big = snap.get("pkg.big")
    assert big.facts.lines == 0 and big.imports == ()  # listed, its bytes never parsed
    assert targets(snap, "pkg.edge") == {"json": "runtime"}  # at the limit: parsed
    assert [(p.path, p.message, p.code) for p in snap.problems] == [
        ("pkg/big.py", "1,210 bytes, over the limit of 100: not parsed", "read")]
    assert comparable(load_snapshot(f"{repo}@HEAD", jobs=1, max_file_size=100)) == comparable(snap)
    # a cache used with another limit says what that limit says
    cache = FactsCache(tmp_path / "cache")
    assert load_snapshot(repo, cache=cache, jobs=1).problems == ()
    assert (comparable(load_snapshot(repo, cache=cache, jobs=1, max_file_size=100))
            == comparable(snap))
    cache.close()
    # the default: 10 MB
    (repo / "pkg" / "big.py").write_bytes(b"x = 1\n" * (MAX_FILE_SIZE // 6 + 1))
    assert [p.path for p in load_snapshot(repo, jobs=1).problems] == ["pkg/big.py"]
    assert main(["report", str(repo), "--no-cache", "--max-file-size", "100000000",
                 "--format", "json"]) == 0
    assert '"problems": []' in capsys.readouterr().out


# -- SIGTERM and Ctrl-C stop the workers and ruff --------------------------------------------------

#: The CLI with ruff replaced by the executable named first (one that never ends, as ruff did on
#: a FIFO): only archdocs can stop it.
WITH_RUFF = ("import sys, archdocs.reading.fast._syntax as v; ruff = sys.argv.pop(1); "
             "v._ruff = lambda: ruff; from archdocs.cli import main; sys.exit(main())")


def big_tree(root: Path) -> Path:
    """Enough modules for a parallel run whose workers are alive a while."""
    (root / "gen").mkdir(parents=True)
    (root / "gen" / "__init__.py").write_text("")
    body = "".join(f"def f{i}(x):\n    import gen.m{{j}}\n    return x + {i}\n" for i in range(40))
    for j in range(600):
        (root / "gen" / f"m{j}.py").write_text(
            f'"""Module {j}."""\nimport os\nfrom gen import m{(j + 1) % 600}\n' + body.format(j=j))
    return root


@pytest.mark.parametrize("ruff", ["ruff", "never-ending ruff"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_workers_and_ruff(tmp_path: Path, signum: int, ruff: str):
    tree = big_tree(tmp_path / "tree")
    command = ["report", str(tree), "--jobs", "2", "--no-cache"]
    if ruff == "ruff":
        argv = [sys.executable, "-m", "archdocs", *command]
    else:
        fake = tmp_path / "ruff"
        fake.write_text("#!/bin/sh\nexec sleep 600\n")
        fake.chmod(0o755)
        argv = [sys.executable, "-c", WITH_RUFF, str(fake), *command]
    # not a pipe: a worker left behind would hold it open, and reading it would wait for ever
    errors = tmp_path / "stderr"
    with errors.open("wb") as stderr:
        run = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr)
    seen: dict[int, str] = {}
    try:
        limit = time.monotonic() + 120  # a safety net, not a measurement
        while True:
            now = descendants(run.pid)
            seen.update(now)
            own = cmdline(run.pid)  # forked workers share it (once the run has started)
            workers = [pid for pid in now if b"report" in own and cmdline(pid) == own]
            waiting = ruff == "ruff" or any(b"sleep" in cmdline(pid) for pid in now)
            if len(workers) >= 2 and waiting:
                break
            assert run.poll() is None, "the run ended before its workers were seen"
            assert time.monotonic() < limit, "no worker processes appeared"
            time.sleep(0.002)
        for pid in workers:  # busy for as long as it takes: only their parent can end them now
            os.kill(pid, signal.SIGSTOP)
        seen.update(descendants(run.pid))
        run.send_signal(signum)
        status = run.wait(timeout=60)
        left = [pid for pid, started in seen.items() if alive(pid, started)]
        assert left == [], f"left running: {[cmdline(pid) for pid in left]}"
        assert status == (-signal.SIGTERM if signum == signal.SIGTERM else 130)
        assert "Traceback" not in errors.read_text()
    finally:
        for pid, started in seen.items():
            if alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
            run.wait()
