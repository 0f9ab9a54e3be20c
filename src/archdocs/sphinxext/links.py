"""Diagram links that are right on every page and for every builder.

A diagram's nodes link to module pages, and a link must be relative to the page the diagram is on
(html and dirhtml differ). So directives render diagrams with placeholder URLs
(:data:`SCHEME` + module name) inside a :class:`pending_diagram` node, and ``doctree-resolved``
swaps in the real URLs, then the final node: sphinxcontrib-mermaid's ``mermaid`` node, or raw SVG
(HTML only), in a ``div.archdocs-diagram`` that the page's viewer script (``archdocs/diagram.js``)
turns into a zoomable, pannable view. Where a builder cannot draw the diagram (Graphviz SVG outside
HTML; LaTeX/Texinfo without Mermaid's ``mmdc``), a sentence naming the diagram takes its place.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from docutils import nodes

from archdocs.sphinxext.analysis import module_target
from archdocs.sphinxext.assets import setup_viewer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Placeholder URL prefix; module names never contain a quote or whitespace.
SCHEME = "archdocs-module:"
_PLACEHOLDER = re.compile(re.escape(SCHEME) + r"([\w.]+)")
#: A Mermaid ``click`` line whose link is a placeholder (dropped when the module has no page).
_CLICK_LINE = re.compile(r'^\s*click \S+ href "' + re.escape(SCHEME) + r'([\w.]+)".*\n?',
                         re.MULTILINE)
#: A Graphviz SVG link attribute whose link is a placeholder.
_SVG_HREF = re.compile(r' xlink:href="' + re.escape(SCHEME) + r'([\w.]+)"')


class pending_diagram(nodes.General, nodes.Element):
    """A diagram whose links are not resolved yet.

    Attributes: ``code`` (Mermaid text or SVG markup with placeholder URLs), ``format``
    (``"mermaid"`` or ``"svg"``), ``alt`` (a text description for non-HTML builders).
    """


def placeholder_links(names: Iterable[str]) -> dict[str, str]:
    """``{name: placeholder URL}`` for renderers' ``links`` argument."""
    return {name: SCHEME + name for name in names}


def _substitute(code: str, pattern: re.Pattern[str], found: Callable[[str], str | None],
                missing: str) -> str:
    def replace(match: re.Match[str]) -> str:
        uri = found(match.group(1))
        if uri is None:
            return missing
        return _PLACEHOLDER.sub(lambda _: uri, match.group(0))

    return pattern.sub(replace, code)


def resolve_diagrams(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each :class:`pending_diagram` by its final node."""
    from sphinxcontrib.mermaid import mermaid

    def uri_of(name: str) -> str | None:
        target = module_target(app.env, name)
        if target is None:
            return None
        page, anchor = target
        uri = "" if page == docname else app.builder.get_relative_uri(docname, page)
        if anchor:
            uri += "#" + anchor
        return uri or "#"

    needs_mmdc = app.builder.format in ("latex", "texinfo")
    for pending in list(doctree.findall(pending_diagram)):
        final: nodes.Element
        if pending["format"] == "svg" and app.builder.format == "html":
            final = nodes.container(classes=["archdocs-diagram", "archdocs-graphviz"])
            final += nodes.raw("", _substitute(pending["code"], _SVG_HREF, uri_of, ""),
                               format="html")
        elif pending["format"] == "svg" or (needs_mmdc
                                            and not shutil.which(app.config.mermaid_cmd)):
            # no way to draw it in this format: say what it is rather than fail or vanish
            text = f"{pending['alt']} (see the HTML version of this page)."
            final = nodes.paragraph(text, text, classes=["archdocs-diagram"])
        else:
            drawing = mermaid()
            drawing["code"] = _substitute(pending["code"], _CLICK_LINE, uri_of, "")
            drawing["options"] = {}
            drawing["alt"] = pending["alt"]
            # the class marks our diagrams (not a user's own mermaid blocks) for the viewer
            final = nodes.container("", drawing, classes=["archdocs-diagram", "archdocs-mermaid"])
        final["ids"] = pending["ids"]
        pending.replace_self(final)


def setup_links(app: Sphinx) -> None:
    app.add_node(pending_diagram)
    app.connect("doctree-resolved", resolve_diagrams)
    setup_viewer(app)
