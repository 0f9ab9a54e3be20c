"""A git repository holding a three-layer package and its contract (ui → domain → data, committed
once), which ``archdocs diff`` tests change in the work tree."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.files import write_tree
from tests.helpers.gitrepo import commit_all, init

CONTRACTS = """\
[[contract]]
name = "layers <b>*bold*</b>"
type = "layers"
layers = ["app.ui", "app.domain", "app.data"]
"""
BASE = {
    "src/app/__init__.py": "",
    "src/app/ui.py": "from app import domain\n",
    "src/app/domain.py": "from app import data\n",
    "src/app/data.py": "",
    "contracts.toml": CONTRACTS,
}


def repo(tmp_path: Path) -> Path:
    """``tmp_path/repo`` with :data:`BASE` committed."""
    root = write_tree(init(tmp_path / "repo"), BASE)
    commit_all(root, "base")
    return root
