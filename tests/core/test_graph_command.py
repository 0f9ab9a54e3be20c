"""``archdocs graph`` draws what the pages draw: the same classes and colours, readable labels,
cycles for the stated kinds; and, when Mermaid would refuse its output, one line naming a
``--depth`` that fits, exit status 2, nothing on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdocs.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``big._internal.pI.mJ`` imports ``p(I+1).mJ`` and ``p(I+2).mJ``: 1,200 module edges."""
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "src"
    (root / "big/_internal").mkdir(parents=True)
    (root / "big/__init__.py").write_text("")
    (root / "big/_internal/__init__.py").write_text("")
    for i in range(60):
        folder = root / f"big/_internal/p{i}"
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for j in range(10):
            (folder / f"m{j}.py").write_text("".join(
                f"from big._internal.p{(i + k) % 60} import m{j}\n" for k in (1, 2)))
    return root


def test_mermaid_over_the_limits_is_refused_in_one_line_with_a_depth_that_fits(big, capsys):
    code, out, err = run(capsys, "graph", str(big), "--package", "big")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("archdocs: error: the Mermaid text would have ")
    assert "1200 edges, over Mermaid's limits (50,000 characters, 500 edges); use --depth 2 (" \
        in err and err.rstrip().endswith("or --format dot")
    code, out, _ = run(capsys, "graph", str(big), "--package", "big", "--depth", "2")
    assert code == 0 and out.count("-->") == 120
    code, out, _ = run(capsys, "graph", str(big), "--package", "big", "--format", "dot")
    assert code == 0 and out.count(" -> ") == 1200  # DOT has no limit


def test_labels_read_as_the_module_names(big, capsys):
    code, out, _ = run(capsys, "graph", str(big), "--depth", "2")
    assert code == 0
    assert '    n_big__internal[["big._internal/ (600)"]]' in out  # not counting __init__.py
    code, out, _ = run(capsys, "graph", str(big), "--package", "big._internal", "--depth", "1")
    assert '    n_big__internal_p0[["p0/ (10)"]]' in out
    assert "#95;" not in out


def test_cycles_follow_the_stated_kinds(make_tree, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "cache"))
    root = make_tree({"t/__init__.py": "", "t/a.py": "from t import b\n",
                      "t/b.py": "def f():\n    from t import a\n"})
    _, default, _ = run(capsys, "graph", str(root), "--package", "t")
    assert "archdocs_cycle" not in default  # lazy: no import-time cycle
    assert "    n_t_b -.-> n_t_a\n" in default
    _, every, _ = run(capsys, "graph", str(root), "--package", "t", "--kinds", "all")
    assert "    class n_t_a,n_t_b archdocs_cycle\n" in every
    _, dot, _ = run(capsys, "graph", str(root), "--package", "t", "--kinds", "all", "--format",
                    "dot")
    assert '"t.b" -> "t.a" [style=dashed, color="#c0392b", penwidth=2];' in dot
