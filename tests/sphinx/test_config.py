"""``archdocs_config``: the archdocs values from a TOML file (e.g. ``conf/archdocs.toml``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers.sphinx_build import Build

TOML = """\
# archdocs settings shared by the docs build
[archdocs]
sources = ["../code"]   # relative to this file
packages = ["shop"]
lines = "code"
colour = "blue"
kinds = "sometimes"
"""


def test_values_come_from_the_toml_file(project: Callable[..., Path],
                                        build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('archdocs_sources = ["code"]\n', "")
                    .replace('archdocs_packages = ["shop"]\n', "")
                    + 'archdocs_config = "conf/archdocs.toml"\narchdocs_lines = "physical"\n')
    toml = srcdir / "conf/archdocs.toml"
    toml.parent.mkdir()
    toml.write_text(TOML)
    result = build(srcdir)
    warnings = [w for w in result.warnings.splitlines() if "WARNING" in w]
    assert warnings == [
        (f"{toml}:6: WARNING: [archdocs] unknown key 'colour'; allowed: count_init, exclude, "
         "include_tests, kinds, lines, module_pages, output_dir, packages, page_depth, "
         "page_exclude, sources [archdocs.config]"),
        (f"{toml}:7: WARNING: [archdocs] kinds = 'sometimes' is not allowed: expected an "
        "import-kind set (unknown import kind 'sometimes'; allowed: all, no-type-checking, "
        "import-time, runtime, guarded, lazy, type_checking); ignored [archdocs.config]"),
    ]
    # sources relative to the TOML file; packages from it; conf.py's own lines value wins
    assert (srcdir / "_generated/archdocs/shop.md").is_file()
    assert "cart.py — 11 lines" in result.html("snippets/rst_tree")


def warning_lines(result: Build) -> list[str]:
    return [w for w in result.warnings.splitlines() if "WARNING" in w]


def conf_line(conf: Path, start: str) -> int:
    return next(n for n, line in enumerate(conf.read_text().splitlines(), 1)
                         if line.startswith(start))


def test_values_of_the_wrong_type_warn_at_their_conf_line_and_fall_back(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_plan = 5\narchdocs_migrations = ["m.toml"]\n'
                    'archdocs_history_repo = True\narchdocs_history_refs = 5\n'
                    'archdocs_config = 3\n')
    result = build(srcdir)  # no Extension error: every value falls back to its default
    where = {name: f"{conf}:{conf_line(conf, name)}: WARNING: {name} = " for name in (
        "archdocs_plan", "archdocs_migrations", "archdocs_history_repo", "archdocs_history_refs",
        "archdocs_config")}
    assert warning_lines(result) == [
        (f"{where['archdocs_config']}3 is not allowed: expected a path (a string) relative to "
         "conf.py's folder; using '' [archdocs.config]"),
        (f"{where['archdocs_plan']}5 is not allowed: expected a path (a string) relative to "
         "conf.py's folder; using '' [archdocs.config]"),
        (f"{where['archdocs_migrations']}['m.toml'] is not allowed: expected a path (a string) "
         "relative to conf.py's folder; using '' [archdocs.config]"),
        (f"{where['archdocs_history_repo']}True is not allowed: expected a path (a string) "
         "relative to conf.py's folder; using '' [archdocs.config]"),
        (f"{where['archdocs_history_refs']}5 is not allowed: expected a list of git revisions (or "
         "one string of them, separated by spaces); using [] [archdocs.config]"),
    ]
    assert (result.outdir / "index.html").is_file()


def test_history_refs_as_one_string_are_refs_separated_by_spaces(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_history_refs = "v1"\n')
    result = build(srcdir)
    assert result.app.config.archdocs_history_refs == ["v1"] and warning_lines(result) == []
    conf.write_text(conf.read_text().replace('"v1"', '" v1  v2.0 "'))
    assert build(srcdir).app.config.archdocs_history_refs == ["v1", "v2.0"]


def test_toml_files_that_are_not_utf8_are_located_warnings(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_config = "a.toml"\narchdocs_plan = "p.toml"\n'
                    'archdocs_migrations = "m.toml"\n')
    for name in ("a.toml", "p.toml", "m.toml"):
        (srcdir / name).write_bytes(b"# caf\xe9 on line 1\n")
    result = build(srcdir)
    warnings = warning_lines(result)
    message = "not UTF-8 text (byte 0xe9); TOML files are UTF-8: save it as UTF-8"
    assert (f"{srcdir / 'a.toml'}:1: WARNING: archdocs_config: {message} [archdocs.config]"
            in warnings)
    for name in ("p.toml", "m.toml"):
        assert any(w.startswith(f"{srcdir / name}:1: WARNING: {message}")
                   for w in warnings), warnings
    assert "Traceback" not in result.warnings and (result.outdir / "index.html").is_file()


def test_wrong_table_types_and_unknown_tables_in_the_toml_warn(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'archdocs_config = "a.toml"\n')
    toml = srcdir / "a.toml"
    toml.write_text('archdocs = 5\n\n[archdoc]\npackages = ["shop"]\n\n[check]\nplan = "p.toml"\n')
    assert warning_lines(build(srcdir)) == [
        f"{toml}:1: WARNING: archdocs must be a table ([archdocs]), not 5 [archdocs.config]",
        (f"{toml}:3: WARNING: unknown key or table 'archdoc'; allowed: archdocs, check, "
        "contract [archdocs.config]"),
    ]
