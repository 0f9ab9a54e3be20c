"""A hostile code base and the Sphinx site archdocs builds from it (issue 12, items 1 and 8).

The code is what a hostile contributor would send: docstrings, ``__all__`` entries, plan notes
and git tags carrying HTML script, MyST roles and directives that copy or include files from
outside the project (``{download}``, ``{include}``, ``literalinclude`` of the process
environment, ``{raw}``), rST roles, an opening fence and Mermaid directives. The site is built
by ``sphinx-build`` in a child process whose environment holds :data:`SECRET_VAR`, so an include
of ``/proc/self/environ`` would publish it. Every payload that could run script sets
``window.__archdocs_xss`` or ``document.title``: the browser test checks neither changed.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.gitrepo import Repo

SECRET_VAR = "ARCHDOCS_TEST_SECRET"
#: Deep enough to climb out of any temporary folder to ``/``.
UP = "../" * 24
#: Where the payloads point outside the project; their content must never reach ``_build``.
OUTSIDE_FILES = ("/etc/passwd", "/proc/self/environ")

#: Text that would be markup if a page pasted it (each is a docstring's first line somewhere).
PAYLOADS = (
    "<script>window.__archdocs_xss = 'script'; document.title = 'XSS'</script>",
    "<img src=x onerror=\"window.__archdocs_xss = 'img'; document.title = 'XSS'\">",
    "\"><img src=x onerror=\"window.__archdocs_xss = 'attr'\">",
    f"{{download}}`{UP}etc/passwd`",
    f"```{{include}} {UP}etc/passwd",
    f"```{{literalinclude}} {UP}proc/self/environ",
    "```{literalinclude} /proc/self/environ",
    "```{raw} html",
    f":download:`{UP}etc/passwd`",
    "```",
    "%%{init: {\"theme\": \"dark\", \"themeCSS\": \"*{display:none}\"}}%%",
    "click x call alert(document.title)",
    "Say \"hello\" -- it's 'quoted'... ok",
)
#: Git tags for the history charts: Mermaid directives and HTML in chart labels.
TAGS = ("v1", "%%{init}%%", "x\"><img/src=x/onerror=window.__archdocs_xss='tag'>")
PACKAGE = "hostile"


def _docstring(text: str) -> str:
    """A triple-quoted literal whose source text is ``text`` (archdocs keeps a docstring's
    source text: escapes would be shown as written)."""
    quote = "'''" if '"""' in text or text.endswith('"') else '"""'
    return quote + text + quote


def _module(doc: str, all_names: tuple[str, ...] = (), extra: str = "") -> str:
    lines = [_docstring(doc), ""]
    if all_names:
        lines.append(f"__all__ = {list(all_names)!r}")
    lines += [
        "",
        "class Thing:",
        f"    {_docstring(doc)}",
        "",
        "",
        "def run():",
        f"    {_docstring(doc)}",
        "",
        extra,
    ]
    return "\n".join(lines)


def code_files() -> dict[str, str]:
    """``src/hostile/...``: one module per payload, all importing each other a little."""
    files = {
        f"src/{PACKAGE}/__init__.py": _module(PAYLOADS[1], PAYLOADS[:4]),
        f"src/{PACKAGE}/sub/__init__.py": _module(PAYLOADS[9], ("%%{init}%%", "click x call f()")),
    }
    for index, payload in enumerate(PAYLOADS):
        module = module_of(index)
        files[f"src/{module.replace('.', '/')}.py"] = _module(
            payload, (payload,), f"import {module_of((index + 1) % len(PAYLOADS))}\n")
    return files


def module_of(index: int) -> str:
    """The module whose docstring is ``PAYLOADS[index]`` (every third one in a sub-package)."""
    return f"{PACKAGE}.sub.m{index}" if index % 3 == 0 else f"{PACKAGE}.m{index}"


def plan_toml() -> str:
    def s(text: str) -> str:  # a TOML basic string (JSON's escapes are TOML's)
        import json
        return json.dumps(text)

    moves = "\n".join(textwrap.dedent(f"""\
        [[step.move]]
        source = "{module_of(index)}"
        destination = "{PACKAGE}.sub.m{index}"
        risk = {s(payload)}
        notes = {s(payload)}
        """) for index, payload in enumerate(PAYLOADS) if index % 3)
    steps = "\n".join(f"[[step]]\nname = {s(p)}\nnotes = {s(p)}\n" for p in PAYLOADS[:1])
    return (f"[plan]\ntitle = {s(PAYLOADS[0])}\npackage = \"{PACKAGE}\"\n\n"
            f"[targets]\nmodules = [1, 40]\n\n{steps}\n{moves}")


def migrations_toml() -> str:
    """A declared map whose versions and reasons are payloads."""
    import json
    return "\n".join(
        f'[[migration]]\nold = "{PACKAGE}.m{i}:Thing"\nnew = "{PACKAGE}.m{i + 1}:Thing"\n'
        f"since = {json.dumps(p)}\n" for i, p in enumerate(PAYLOADS) if i % 3 == 1) + (
        f'\n[[migration]]\nold = "{PACKAGE}.m2:Gone"\nreason = {json.dumps(PAYLOADS[-1])}\n')


PAGES = {
    "index.md": """\
        # Hostile corpus

        ```{toctree}
        _generated/archdocs/index
        plan
        migrations
        ```
        """,
    "plan.md": f"""\
        # Plan

        ```{{archdocs-plan}}
        ```

        ```{{archdocs-history}} {PACKAGE}
        :chart: modules cycles
        ```
        """,
    "migrations.md": """\
        # Migrations

        ```{archdocs-migrations}
        ```
        """,
}


@dataclass(frozen=True)
class Site:
    root: Path  #: the project (conf.py, pages, plan)
    repo: Path  #: the git repository holding the code (the history's tags)
    out: Path  #: ``_build`` (HTML in ``html``, doctrees in ``doctrees``)
    secret: str
    log: str  #: sphinx-build's output (warnings included)

    @property
    def html(self) -> Path:
        return self.out / "html"


def write_project(root: Path, module_pages: bool = True) -> tuple[Path, Path]:
    """The project and its code repository (three commits, one per tag in :data:`TAGS`)."""
    repo = Repo(root / "code")
    files = code_files()
    for tag in TAGS:
        repo.commit(files, tag=tag)
    (root / "plan.toml").write_text(plan_toml(), encoding="utf-8")
    (root / "migrations.toml").write_text(migrations_toml(), encoding="utf-8")
    (root / "conf.py").write_text(textwrap.dedent(f"""\
        project = "hostile"
        extensions = ["archdocs", "myst_parser"]
        source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
        exclude_patterns = ["_build", "code"]
        archdocs_sources = ["code"]
        archdocs_packages = [{PACKAGE!r}]
        archdocs_module_pages = {module_pages!r}
        archdocs_plan = "plan.toml"
        archdocs_history_repo = "code"
        archdocs_migrations = "migrations.toml"
        """), encoding="utf-8")
    for name, text in PAGES.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root, repo.path


def build_site(root: Path, module_pages: bool = True) -> Site:
    """Write the project under ``root`` and build it with sphinx-build, a secret in its
    environment."""
    project, repo = write_project(root, module_pages)
    out = project / "_build"
    secret = f"archdocs-secret-{secrets.token_hex(8)}"
    env = {**os.environ, SECRET_VAR: secret}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-d", str(out / "doctrees"),
         str(project), str(out / "html")],
        env=env, capture_output=True, text=True, check=False, timeout=600)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    return Site(project, repo, out, secret, log)
