"""``archdocs-diagram``: the import graph of a package, as Mermaid (default) or Graphviz SVG, with a
legend under it that says what its colours, dashes and counts mean."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from archdocs.analysis.cycles import cycle_membership, strongly_connected
from archdocs.analysis.graph import build_graph
from archdocs.analysis.views import (
    EDGE_BUDGET,
    NODE_BUDGET,
    DiagramView,
    EdgeRole,
    Role,
    module_view,
    package_view,
)
from archdocs.model import ImportKind, Snapshot, kinds_label
from archdocs.render.diagram import deferred
from archdocs.render.dot import render_dot
from archdocs.render.mermaid import render_mermaid
from archdocs.sphinxext.analysis import derived, snapshot_for
from archdocs.sphinxext.directives.base import (
    KINDS_OPTION,
    SELECT_OPTIONS,
    ArchdocsDirective,
    DirectiveError,
)
from archdocs.sphinxext.links import pending_diagram, placeholder_links
from archdocs.sphinxext.log import DIAGRAM, warn
from archdocs.sphinxext.markup import bullet_list, joined, paragraph

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

    A diagram draws at most 40 boxes and 60 edges, so that it can be read: a package view folds
    one level more while it has more boxes, keeps the most connected boxes when even its direct
    children are too many, and leaves out the edges a longer path implies, then the lightest;
    a module view groups its importers by package. A note under the diagram says what was left
    out, and a legend what the colours, dashes and counts mean.

    Options:

    ``:depth: N``
        Fold modules more than N levels below the package into their package (default: no
        folding, unless the diagram would exceed its budget).
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these fnmatch globs (comma or space
        separated, e.g. ``bot_v2.core.*``).
    ``:kinds: SET``
        Which imports are edges, and which make the cycles drawn in red: ``all``,
        ``no-type-checking``, ``import-time``, or kinds joined by commas (``runtime``,
        ``guarded``, ``lazy``, ``type_checking``). Default: every import is an edge, and cycles
        are those of ``archdocs_kinds`` (normally ``import-time``). Lazy and TYPE_CHECKING-only
        edges are dashed.
    ``:direction: LR|RL|TB|TD|BT``
        Layout direction (default ``LR``).
    ``:cycles: on|off``
        Colour import cycles (default on; ``:cycles:`` alone means on).
    ``:renderer: mermaid|graphviz``
        ``graphviz`` draws the same view as an SVG with Graphviz ``dot`` at build time (a
        layered layout). Without ``dot`` installed it falls back to Mermaid with a warning.
    """

    option_spec: ClassVar[OptionSpec] = {
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
        cycle_kinds = kinds if "kinds" in self.options else self.settings.kinds
        direction = self.choice("direction", DIRECTIONS, "LR")
        highlight = self.switch("cycles", True)
        renderer = self.choice("renderer", RENDERERS, "mermaid")
        convention = self.settings.convention
        selected = self.selected(snapshot)
        module = selected.get(name)
        if module is not None and not module.is_package:
            successors, predecessors = self.adjacency(selected, kinds)
            membership, cycles = self.membership(selected, cycle_kinds)
            around = {name, *successors[name], *predecessors[name]}
            # the boxes' imports, and those of the cycles drawn (an edit there can break one);
            # its importers, wherever a new one appears; the top-level package's module set
            self.show((), packages=(name.split(".")[0],), imports_of=around.union(
                *(cycles[membership[n]] for n in around if n in membership)),
                importers_of={name})
            view = module_view(selected, name, kinds, cycle_kinds, successors, predecessors,
                               membership, convention)
            alt = f"Imports of {name} and modules importing it ({kinds_label(kinds)} imports)"
        else:
            modules = [m.name for m in selected.in_package(name)]
            self.show((), packages=(name,), imports_of=modules)  # boxes and edges: no text
            if not modules:
                raise DirectiveError(f":include:/:exclude: leave no modules of {name} to draw")
            view = package_view(selected, name, kinds, cycle_kinds, depth, convention)
            alt = f"Import graph of {name} ({kinds_label(kinds)} imports)"
        links = placeholder_links(view.graph.nodes)
        diagram = None
        if renderer == "graphviz":
            svg = self.graphviz(render_dot(view, "TB" if direction == "TD" else direction,
                                           highlight, links))
            diagram = None if svg is None else self.pending(svg, "svg", alt)
        if diagram is None:
            diagram = self.pending(render_mermaid(view, direction, highlight, links), "mermaid",
                                   alt)
        out: list[Node] = [diagram]
        note = self.left_out_note(view, name, depth)
        if note:
            out.append(paragraph(note, classes=["archdocs-note"]))
        out.append(self.legend(view, highlight))
        return out

    def membership(self, view: Snapshot, kinds: frozenset[ImportKind]
                   ) -> tuple[dict[str, int], list[tuple[str, ...]]]:
        """Module cycles of the whole graph (each module's cycle number, and each cycle's
        modules), once per build and kind set for the build's snapshot (a page per module stays
        cheap on a large code base)."""

        def compute(snapshot: Snapshot) -> tuple[dict[str, int], list[tuple[str, ...]]]:
            cycles = strongly_connected(build_graph(snapshot, None, kinds, implied=True))
            return cycle_membership(cycles), cycles

        if view is snapshot_for(self.env):
            return derived(self.env, ("cycle-membership", kinds), compute)
        return compute(view)

    def pending(self, code: str, fmt: str, alt: str) -> pending_diagram:
        node = pending_diagram(code=code, format=fmt, alt=alt)
        self.set_source_info(node)
        return node

    def graphviz(self, source: str) -> str | None:
        """SVG markup from ``dot``, or None (with a located warning) when it cannot run."""
        dot = shutil.which("dot")
        if dot is None:
            warn("archdocs-diagram: :renderer: graphviz needs Graphviz's 'dot' on PATH (Debian: "
                 "apt install graphviz); drawing this diagram with Mermaid instead",
                 DIAGRAM, self.get_location())
            return None
        try:
            done = subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True,
                                  timeout=DOT_TIMEOUT, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            warn(f"archdocs-diagram: dot failed ({exc}); drawing this diagram with Mermaid instead",
                 DIAGRAM, self.get_location())
            return None
        svg = done.stdout.decode("utf-8")
        return svg[svg.index("<svg"):] if "<svg" in svg else svg  # drop the XML prolog and comments

    # --- what the reader is told ----------------------------------------------------------------

    def has_page(self, name: str) -> bool:
        """Whether ``name`` has a page of its own (generated pages are known before reading)."""
        return self.settings.output_docname_prefix + name in self.env.found_docs

    def left_out_note(self, view: DiagramView, package: str, asked: int | None) -> str:
        """What the diagram does not show that was asked for, and where to find it."""
        graph, left = view.graph, view.left_out
        said = []
        used = graph.depth
        if view.focus is None and used is not None and (asked is None or used < asked
                                                         or left.collapsed):
            base = package.count(".") + 1
            one_box = "".join(f", {'.'.join(n.split('.')[base:])}/" for n in left.collapsed)
            one_box = f" ({one_box[2:]} as one box)" if one_box else ""
            said.append(f"Folded to {used} level{'s' if used != 1 else ''} below {package}"
                        f"{one_box} to keep the diagram within {NODE_BUDGET} boxes; a box with a "
                        "count stands for a package.")
        if left.nodes:
            total = len(graph.nodes) + len(left.nodes)
            shown = ", ".join(n.rpartition(".")[2] for n in left.nodes[:8])
            more = f" and {len(left.nodes) - 8} more" if len(left.nodes) > 8 else ""
            said.append(f"Only the {len(graph.nodes)} most connected of {total} boxes are drawn; "
                        f"left out: {shown}{more}.")
        if left.importers:
            said.append(f"{left.importers} modules import {view.focus}: too many to draw, so only "
                        "what it imports is shown.")
        if left.edges:
            said.append(f"{left.edges} edges ({left.imports} imports) are not drawn, to keep "
                        f"the diagram within {EDGE_BUDGET} edges: first those a longer path "
                        "already implies, then dashed ones, then the lightest.")
        if left.nodes or left.edges:
            said.append("A dependency matrix (archdocs-matrix) shows every import.")
        return " ".join(said)

    def legend(self, view: DiagramView, highlight: bool) -> nodes.container:
        """What colours, dashes, counts and clicks mean, as text nodes only."""
        graph = view.graph
        edges = graph.edges.values()
        items: list[list[Node | str]] = []
        line = f"An arrow points from the importing module to the imported one; edges are " \
               f"{kinds_label(graph.kinds)} imports"
        if any(deferred(imports) for imports in edges):
            line += ", dashed where only lazy or TYPE_CHECKING imports make them"
        if any(len(imports) > 1 for imports in edges):
            line += "; a number counts the import statements an edge stands for"
        items.append([line + "."])
        cycles = kinds_label(view.cycle_kinds)
        if highlight:
            if any(r is Role.CYCLE for r in view.roles.values()):
                items.append([(f"Red: a box holding a module of an {cycles} import cycle; a "
                               "red edge has an import joining two modules of one cycle.")])
            else:
                items.append([f"No module drawn here is in an {cycles} import cycle."])
            if any(r is Role.FOLD_CYCLE for r in view.roles.values()):
                items.append([(f"Amber, dashed outline: boxes that import each other in a "
                               f"circle only because modules are grouped into packages; no "
                               f"{cycles} module cycle runs through them (amber edges close "
                               "that circle).")])
        if any(r is EdgeRole.IMPLIED for r in view.edge_roles.values()):
            items.append([(f"Lighter edges: a longer path of {cycles} imports already leads "
                           "from one box to the other.")])
        if view.focus is not None:
            in_cycle = (f", itself in an {cycles} import cycle"
                        if highlight and view.focus_in_cycle else "")
            items.append(["Dark box: ", nodes.literal(view.focus, view.focus), f"{in_cycle}."])
        if graph.folded:
            init = "including" if view.convention.include_init else "not counting"
            items.append([(f"A box named with / and a count stands for a package and the "
                           f"modules it holds ({init} __init__.py files, as the inventory "
                           "counts).")])
        items.append(self.click_sentence(view))
        box = nodes.container(classes=["archdocs-legend"])
        box += bullet_list(items)
        return box

    def click_sentence(self, view: DiagramView) -> list[Node | str]:
        packages = [n for n in view.graph.folded if n in view.roles]
        without = [n for n in packages if not self.has_page(n)]
        if not packages:
            return ["Click a box to open its module's page or card, where the docs have one."]
        if not without:
            return [("Click a box to open its page; a package box opens that package's page, "
                     "with its own diagram.")]
        return [("Click a box to open its page. No page of their own (archdocs_packages does "
                 "not cover them), so they open the nearest documented page above: "),
                *joined(nodes.literal(n, n) for n in without), "."]
