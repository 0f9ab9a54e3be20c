"""``archdocs-explorer``: a package's modules and imports to search and walk in the browser.

The data (:mod:`archdocs.render.explorer`) of a large package is megabytes, so it is not in the
page: each explorer's JSON goes to a script of its own, ``_static/_archdocs/explorer/<page>.<n>.js``
(``document.currentScript.archdocsData = <JSON>;``), which the page loads with a deferred
``<script src>``. A classic script loads from ``file://`` (a ``fetch`` of a JSON file would not),
on GitHub Pages and Read the Docs, with no server. Module links depend on the page and the builder
(html and dirhtml differ), so the directive leaves a :class:`pending_explorer` node and
``doctree-resolved`` fills in the URLs and writes the data file. The node holds only what picks
the data (package, kind set, globs), not the data: doctrees are pickled into ``.doctrees`` and
sent back from ``-j`` workers, so ``doctree-resolved`` computes it again from the build's snapshot.
A data file is replaced atomically (a live server never serves half of one) and only when its
bytes change; after a successful build, data files of explorers and pages that are gone are removed.
"""

from __future__ import annotations

import errno
import html
import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from docutils import nodes
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import OptionSpec

from archdocs.atomic import replace_file
from archdocs.model import Snapshot, kinds_label
from archdocs.render.explorer import SETS, explorer_data, to_json
from archdocs.sphinxext.analysis import module_target, snapshot_for
from archdocs.sphinxext.assets import add_static_folder
from archdocs.sphinxext.config import settings_of
from archdocs.sphinxext.directives.base import (
    KINDS_OPTION,
    SELECT_OPTIONS,
    ArchdocsDirective,
    DirectiveError,
    select_modules,
)
from archdocs.sphinxext.log import OUTPUT, warn

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The explorer's script and the stylesheet of the explorer and the matrix (copied to ``_static``).
VIEWS_DIR = Path(__file__).resolve().parent.parent.parent / "_views"
SCRIPT = "archdocs-explorer.js"
STYLESHEET = "archdocs-views.css"
#: Classes of the final nodes: pages holding one get the stylesheet (and the script).
EXPLORER_CLASS = "archdocs-explorer-block"
MATRIX_CLASS = "archdocs-matrix"
#: Where explorers' data files go, relative to the output folder.
DATA_DIR = "_static/_archdocs/explorer"
#: A data file's path below :data:`DATA_DIR`: ``<docname>.<n>.js`` (nothing else there is ours).
DATA_NAME = re.compile(r"(?P<docname>.+)\.(?P<number>[0-9]+)\.js")


@dataclass
class _Written:
    """What this build's ``doctree-resolved`` did: the pages it resolved (their explorers are
    all known) and the data files it wrote or found unchanged (paths below :data:`DATA_DIR`)."""

    pages: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


_WRITTEN: weakref.WeakKeyDictionary[Sphinx, _Written] = weakref.WeakKeyDictionary()


class pending_explorer(nodes.General, nodes.Element):
    """An explorer whose data is not computed yet. Attributes: ``package`` (``""``: every
    module), ``default`` (the kind set shown first), ``include`` and ``exclude`` (globs), ``alt``
    (what it is, for builders other than HTML)."""


class ExplorerDirective(ArchdocsDirective):
    """An explorer of a package's modules: search a module, walk up and down the package tree,
    see what a module or package imports and what imports it (highlighted in the tree, with
    statement counts), switch import kinds, see the import cycles, open a module's page.

    Argument (optional): a package name; without it, every module of ``archdocs_sources``.

    Options:

    ``:kinds: all|no-type-checking|import-time``
        The kind set shown first (default: ``archdocs_kinds`` when it is one of these, else
        ``all``); the reader can switch.
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.
    """

    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {**KINDS_OPTION, **SELECT_OPTIONS}

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot) if self.arguments else None
        names = [name for name, _ in SETS]
        site = kinds_label(self.settings.kinds)
        default = self.choice("kinds", names, site if site in names else "all")
        view = self.selected(snapshot)
        modules = view.in_package(package)
        self.show([m.name for m in modules],
                  packages=(package,) if package else sorted({m.name.split(".")[0]
                                                              for m in snapshot.modules}))
        if not modules:
            raise DirectiveError(f"no modules of {package or 'archdocs_sources'} to explore")
        node = pending_explorer(package=package or "", default=default,
                                include=list(self.words("include")),
                                exclude=list(self.words("exclude")),
                                alt=f"An explorer of the modules of {package or 'the code'}")
        self.set_source_info(node)
        return [node]


def module_uri(app: Sphinx, docname: str, name: str) -> str | None:
    """The URL of the page (and anchor) documenting ``name``, relative to ``docname``."""
    target = module_target(app.env, name)
    if target is None:
        return None
    page, anchor = target
    uri = "" if page == docname else app.builder.get_relative_uri(docname, page)
    uri = uri + "#" + anchor if anchor else uri or "#"
    # singlehtml pages are "#document-<name>" in one file: keep the last fragment, as Sphinx's
    # own SingleFileHTMLBuilder.fix_refuris does for references
    return uri[uri.rindex("#"):] if uri.count("#") > 1 else uri


def resolve_explorers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: an explorer with this page's module URLs (HTML), else a sentence."""
    written = _WRITTEN.setdefault(app, _Written())
    written.pages.add(docname)
    for number, pending in enumerate(list(doctree.findall(pending_explorer))):
        final: nodes.Element
        if app.builder.format == "html":
            data = pending_data(app, pending)
            data["nodes"] = [{**node, "url": module_uri(app, docname, node["name"])}
                             for node in data["nodes"]]
            name = f"{docname}.{number}.js"
            path = f"{DATA_DIR}/{name}"
            try:
                write_data(Path(app.builder.outdir), path, data)
            except OSError as exc:
                # the page still builds; it says in its text that the data file is missing
                warn(f"archdocs-explorer: the data file {path} was not written: "
                     f"{exc.strerror or exc}", OUTPUT, pending)
            else:
                written.files.add(name)
            # no-search: Sphinx's search index would take in the fallback sentence
            final = nodes.container(classes=[EXPLORER_CLASS, "no-search"])
            src = relative_uri(app.builder.get_target_uri(docname), path)
            final += nodes.raw("", explorer_html(src), format="html")
        else:
            text = f"{pending['alt']} (see the HTML version of this page)."
            final = nodes.paragraph(text, text)
        final["ids"] = pending["ids"]
        pending.replace_self(final)


def pending_data(app: Sphinx, pending: pending_explorer) -> dict[str, Any]:
    """The explorer's document (node URLs None) from the build's snapshot, as the directive
    chose it."""
    view = select_modules(snapshot_for(app.env), tuple(pending["include"]),
                          tuple(pending["exclude"]))
    return explorer_data(view, pending["package"] or None, pending["default"],
                         settings_of(app.config).convention)


def data_script(data: dict[str, Any]) -> str:
    """An explorer's data file: a classic script that hands the JSON (which cannot close a
    ``<script>``: :func:`~archdocs.render.explorer.to_json`) to the element that loads it."""
    return f"document.currentScript.archdocsData = {to_json(data)};\n"


def write_data(outdir: Path, relative: str, data: dict[str, Any]) -> None:
    """Write an explorer's data file ``outdir / relative``, only if its bytes change (the file is
    ours: build output), atomically: a live server (sphinx-autobuild) serves the old or the new
    file, never half. Never through a symbolic link (the file, or a folder below ``outdir``):
    :class:`OSError` then, nothing written."""
    path = outdir / relative
    data_bytes = data_script(data).encode("utf-8")
    linked = _linked_part(outdir, relative)
    if linked is not None:
        raise OSError(errno.ELOOP, f"{linked} is a symbolic link; not written through")
    if path.is_file() and path.read_bytes() == data_bytes:
        return
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: a link put there meanwhile is never followed; empty until replaced, so a server
        # sees nothing or all of it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    replace_file(path, data_bytes)


def _linked_part(outdir: Path, relative: str) -> str | None:
    """The first of ``relative``'s folders and file (below ``outdir``) that is a symbolic link."""
    current = outdir
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(outdir).as_posix()
        if not current.exists():
            return None
    return None


def remove_stale_data(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: remove the data files (named :data:`DATA_NAME`) of explorers that are
    gone. A page this build wrote keeps only the files it wrote; a page it did not write (an
    incremental build) keeps its files unless the page itself is gone."""
    written = _WRITTEN.pop(app, _Written())
    folder = Path(app.builder.outdir) / DATA_DIR
    if exception is not None or app.builder.format != "html" or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.js")):
        name = path.relative_to(folder).as_posix()
        match = DATA_NAME.fullmatch(name)
        if match is None or path.is_symlink() or not path.is_file() or name in written.files:
            continue  # not ours: another name, a link (never ours: we do not write links)
        docname = match["docname"]
        if docname in written.pages or docname not in app.env.all_docs:
            path.unlink()


def explorer_html(src: str) -> str:
    """The explorer's element: the script builds the view from the data that ``src`` sets."""
    return ('<div class="archdocs-explorer">\n'
            '<noscript><p>The explorer needs JavaScript. Each package\'s reference page lists '
            'the same modules and imports.</p></noscript>\n'
            f'<script class="archdocs-explorer-data" src="{html.escape(quote(src))}" defer>'
            '</script>\n'
            '</div>\n')


def _add_static(app: Sphinx, config: Config) -> None:
    add_static_folder(config, VIEWS_DIR)


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Only pages with an explorer or a matrix load their script and stylesheet."""
    if doctree is None:
        return

    def has(name: str) -> bool:
        return any(name in node["classes"] for node in doctree.findall(nodes.container))

    explorer = has(EXPLORER_CLASS)
    if explorer or has(MATRIX_CLASS):
        app.add_css_file(STYLESHEET)
    if explorer:
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_explorer(app: Sphinx) -> None:
    app.add_node(pending_explorer)
    app.connect("config-inited", _add_static)
    app.connect("doctree-resolved", resolve_explorers)
    app.connect("build-finished", remove_stale_data)
    app.connect("html-page-context", _page_assets)
