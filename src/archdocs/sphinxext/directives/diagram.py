"""``archdocs-diagram``: the import graph of a package, as Mermaid (default) or Graphviz SVG."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives

from archdocs.graph import ImportGraph, build_graph
from archdocs.model import Snapshot, kinds_label
from archdocs.render.dot import render_dot
from archdocs.render.mermaid import fit_graph, fits, render_mermaid
from archdocs.sphinxext.config import settings_of
from archdocs.sphinxext.directives.base import (
    KINDS_OPTION,
    SELECT_OPTIONS,
    ArchdocsDirective,
    DirectiveError,
)
from archdocs.sphinxext.links import pending_diagram, placeholder_links
from archdocs.sphinxext.log import DIAGRAM, warn
from archdocs.sphinxext.markup import paragraph

if TYPE_CHECKING:
    from docutils.nodes import Node

DIRECTIONS = ("LR", "RL", "TB", "TD", "BT")
RENDERERS = ("mermaid", "graphviz")
#: Seconds ``dot`` may take before the diagram falls back to Mermaid.
DOT_TIMEOUT = 60


class DiagramDirective(ArchdocsDirective):
    """Draw the import graph of a package; every node links to that module's or package's page.

    Argument: a package name (``bot_v2.orchestration``), or a module name: then the diagram shows
    that module, the modules it imports and the modules importing it (``:depth:`` does not apply).

    Options:

    ``:depth: N``
        Fold modules more than N levels below the package into their package (default: no
        folding). Mermaid diagrams fold further by themselves when needed to stay under Mermaid's
        limits (50,000 characters, 500 edges), and say so in a note under the diagram.
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these fnmatch globs (comma or space
        separated, e.g. ``bot_v2.core.*``).
    ``:kinds: SET``
        Which imports are edges: ``all`` (default), ``no-type-checking``, ``import-time``, or kinds
        joined by commas (``runtime``, ``guarded``, ``lazy``, ``type_checking``). Lazy and
        TYPE_CHECKING-only edges are dashed.
    ``:direction: LR|RL|TB|TD|BT``
        Layout direction (default ``LR``).
    ``:cycles: on|off``
        Highlight import cycles in red (default on; ``:cycles:`` alone means on; Mermaid only).
    ``:renderer: mermaid|graphviz``
        ``graphviz`` draws an SVG with Graphviz ``dot`` at build time, for graphs too big to read
        as Mermaid (no size limit, no folding). Without ``dot`` installed it falls back to Mermaid
        with a warning.
    """

    option_spec: ClassVar[dict[str, object]] = {
        **KINDS_OPTION,
        **SELECT_OPTIONS,
        "depth": directives.unchanged,
        "direction": directives.unchanged,
        "cycles": directives.unchanged,
        "renderer": directives.unchanged,
    }

    def render(self, snapshot: Snapshot) -> list[Node]:
        name = self.package(snapshot)
        depth = self.positive_int("depth")
        kinds = self.kinds()
        direction = self.choice("direction", DIRECTIONS, "LR")
        highlight = self.switch("cycles", True)
        renderer = self.choice("renderer", RENDERERS, "mermaid")
        view = self.selected(snapshot)
        module = view.get(name)
        focal = module is not None and not module.is_package
        if focal:
            successors, predecessors = self.adjacency(view, kinds)
            importers = predecessors[name]
            around = sorted({name, *successors[name], *importers})
            # the neighbourhood as a small snapshot: its graph costs nothing to build
            local = Snapshot(view.label, view.roots,
                             tuple(m for n in around if (m := view.get(n)) is not None), ())
            graph = build_graph(local, None, kinds)
            # new importers come from anywhere: the top-level package's module set
            self.show(graph.nodes, packages=(name.split(".")[0],))
            alt = f"Imports of {name} and modules importing it ({kinds_label(kinds)} imports)"
        else:
            modules = [m.name for m in view.in_package(name)]
            self.show(modules, packages=(name,))
            if not modules:
                raise DirectiveError(f":include:/:exclude: leave no modules of {name} to draw")
            alt = f"Import graph of {name} ({kinds_label(kinds)} imports)"
        if renderer == "graphviz":
            # no size limit to fit: the package graph at the asked depth
            svg = self.graphviz(graph if focal else build_graph(view, name, kinds, depth),
                                direction)
            if svg is not None:
                return [self.pending(svg, "svg", alt)]

        def mermaid(g: ImportGraph) -> str:
            return render_mermaid(g, direction, highlight, placeholder_links(g.nodes))

        if focal:
            text, note = mermaid(graph), ""
            if not fits(graph, text):
                graph = graph.subgraph(n for n in graph.nodes if n not in importers or n == name)
                text = mermaid(graph)
                note = (f"{len(importers)} modules import {name}: too many to draw, so only what "
                        "it imports is shown.")
        else:
            graph, text, used = fit_graph(view, name, kinds, depth, mermaid)
            note = self.fold_note(view, name, depth, graph, used,
                                  settings_of(self.env.config).packages)
        out: list[Node] = [self.pending(text, "mermaid", alt)]
        if note:
            out.append(paragraph(note, classes=["archdocs-note"]))
        return out

    def pending(self, code: str, fmt: str, alt: str) -> pending_diagram:
        node = pending_diagram(code=code, format=fmt, alt=alt)
        self.set_source_info(node)
        return node

    def graphviz(self, graph: ImportGraph, direction: str) -> str | None:
        """SVG markup from ``dot``, or None (with a located warning) when it cannot run."""
        dot = shutil.which("dot")
        if dot is None:
            warn("archdocs-diagram: :renderer: graphviz needs Graphviz's 'dot' on PATH (Debian: "
                 "apt install graphviz); drawing this diagram with Mermaid instead",
                 DIAGRAM, self.get_location())
            return None
        source = render_dot(graph, "TB" if direction == "TD" else direction,
                            placeholder_links(graph.nodes))
        try:
            done = subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True,
                                  timeout=DOT_TIMEOUT, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            warn(f"archdocs-diagram: dot failed ({exc}); drawing this diagram with Mermaid instead",
                 DIAGRAM, self.get_location())
            return None
        svg = done.stdout.decode("utf-8")
        return svg[svg.index("<svg"):] if "<svg" in svg else svg  # drop the XML prolog and comments

    @staticmethod
    def fold_note(view: Snapshot, package: str, depth: int | None, graph: ImportGraph,
                  used: int | None, documented: tuple[str, ...] = ()) -> str:
        """What the reader must know when the diagram shows less than was asked for; the folded
        packages have pages of their own only below ``archdocs_packages`` (``documented``)."""
        if used is None or (depth is not None and used >= depth):
            return ""
        has_pages = any(package == p or package.startswith(p + ".") for p in documented)
        click = " Click a package to see its own diagram." if has_pages else ""
        if used == 1 and len(graph.edges) < len(build_graph(view, package, graph.kinds, 1).edges):
            return (f"This package has too many direct children for one diagram: only its "
                    f"{len(graph.edges)} heaviest import edges, and the children they join, are "
                    f"drawn.{click}")
        return (f"Folded to {used} level{'s' if used != 1 else ''} below {package} to stay within "
                f"Mermaid's limits; boxes with a count stand for a package and its modules.{click}")
