"""Sites built from real PyPI packages, and what a reader sees of their diagrams (no tests here).

* :func:`fetch_sdist` downloads an sdist with pip (never installed, never imported) into pytest's
  cache and unpacks it there, so reruns are offline and fast (tests.helpers.downloads).
* :func:`build_site` writes a small Sphinx project with the quick start's configuration
  (``docs/manual/quickstart.md``: myst_parser + archdocs, ``archdocs_sources``,
  ``archdocs_packages``) in one of the four themes, and builds it.
* :data:`MEASURE_JS` measures every diagram on a page as drawn: each node and cluster label's
  rendered height, and each node's label/box contrast (WCAG), from computed styles.
"""

from __future__ import annotations

import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.helpers.downloads import unpacked_sdist

THEMES = ("furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "alabaster")
#: Themes with a dark mode, and how their own switch is set (the attribute and its element).
DARK_SWITCH = {
    "furo": "document.body.dataset.theme = 'dark'",
    "pydata_sphinx_theme": "document.documentElement.dataset.theme = 'dark';"
                           "document.documentElement.dataset.mode = 'dark'",
}
MIN_LABEL_PX = 10.0
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class Project:
    """A real package and how its site is configured."""

    key: str
    requirement: str  #: what pip downloads
    package: str  #: archdocs_packages
    module_pages: bool  #: archdocs_module_pages (module import diagrams)


PROJECTS = {
    # Flask is small (24 modules): its module pages give the module-diagram views.
    "flask": Project("flask", "flask==3.1.3", "flask", True),
    "pip": Project("pip", "pip==26.3", "pip._internal", False),
}

OUTPUT_DIR = "_generated/archdocs"


def fetch_sdist(config: pytest.Config, requirement: str) -> Path:
    """The unpacked sdist's ``src`` folder, downloaded once into pytest's cache."""
    top = unpacked_sdist(config, requirement)
    assert (top / "src").is_dir(), f"{top.name} has no src/ folder"
    return top / "src"


@dataclass(frozen=True)
class Site:
    project: Project
    theme: str
    root: Path  #: the HTML output folder
    warnings: str

    @property
    def name(self) -> str:
        return f"{self.project.key}-{self.theme}"

    def pages(self) -> list[str]:
        """Every page (posix, relative to root) with a diagram or a view, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html")
                      if not p.relative_to(self.root).parts[0].startswith(("_static", "."))
                      and DIAGRAM_HTML.search(p.read_text(encoding="utf-8")))

    def generated_page(self, name: str | None = None) -> str:
        """The generated page of a package or module (default: the configured package)."""
        return f"{OUTPUT_DIR}/{name or self.project.package}.html"


#: What marks a page holding a diagram in the built HTML: a Mermaid block, or an inline SVG or
#: object of a Graphviz drawing.
DIAGRAM_HTML = re.compile(r'<pre\s+class="mermaid"|class="[^"]*\b(?:graphviz|archdocs-diagram)\b')

INDEX = """\
# {package}

The quick start's first diagram:

```{{archdocs-diagram}} {package}
:depth: 1
```

```{{toctree}}
views
{output_dir}/index
```
"""

VIEWS = """\
# Views of {package}

## Matrix

```{{archdocs-matrix}} {package}
```

## Explorer

```{{archdocs-explorer}} {package}
```
"""


def build_site(source: Path, project: Project, theme: str, out: Path) -> Site:
    """The quick start's project for ``project`` in ``theme``, built into ``out`` (a fresh
    folder)."""
    docs = out.parent / f"{out.name}-docs"
    docs.mkdir(parents=True)
    (docs / "conf.py").write_text(textwrap.dedent(f"""\
        project = {project.package!r}
        extensions = ["archdocs", "myst_parser"]
        archdocs_sources = [{os.path.relpath(source, docs)!r}]
        archdocs_packages = [{project.package!r}]
        archdocs_module_pages = {project.module_pages!r}
        html_theme = {theme!r}
        """))
    fields = {"package": project.package, "output_dir": OUTPUT_DIR}
    (docs / "index.md").write_text(INDEX.format(**fields))
    (docs / "views.md").write_text(VIEWS.format(**fields))
    from sphinx.cmd.build import build_main

    warnings = out.parent / f"{out.name}-warnings.txt"
    status = build_main(["-q", "-b", "html", "-d", str(out / ".doctrees"), "-w", str(warnings),
                         str(docs), str(out)])
    text = warnings.read_text() if warnings.exists() else ""
    assert status == 0, f"{project.key} in {theme}: build failed (status {status}):\n{text}"
    return Site(project, theme, out, text)


# --------------------------------------------------------------------------- measuring

# Every diagram is an <svg> holding g.node elements (Mermaid and Graphviz both draw nodes so).
# For each node and cluster label: the height of each rendered line of its text (a Range's client
# rects; 0 when not displayed), the label's text, and for nodes the WCAG contrast between the
# label's colour and the box under it (computed fill, with opacities, composited on the first
# opaque background behind the SVG). Colours are read through a canvas, which normalises every
# CSS colour syntax to sRGB bytes.
MEASURE_JS = r"""
(rootSelector) => {
  const root = rootSelector ? document.querySelector(rootSelector) : document;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (css) => {
    if (!css || css === 'none' || css.startsWith('url(')) return null;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, bottom, alpha) => {
    const a = top[3] * alpha;
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const contrast = (a, b) => {
    const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // the opaque colour behind an element: its own and its ancestors' backgrounds, composited
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let color = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color, 1);
    return color;
  };
  const opacity = (el, stop) => {
    let o = 1;
    for (let e = el; e && e !== stop.parentElement; e = e.parentElement)
      o *= parseFloat(getComputedStyle(e).opacity || '1');
    return o;
  };
  const textNodes = (el) => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode())
      if (walker.currentNode.textContent.trim()) out.push(walker.currentNode);
    return out;
  };
  const lineHeights = (el) => {
    const heights = [];
    for (const t of textNodes(el)) {
      const range = document.createRange();
      range.selectNodeContents(t);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0.5);
      if (rects.length) rects.forEach(r => heights.push(r.height));
      else {
        const box = t.parentElement.getBoundingClientRect();
        heights.push(box.width > 0.5 ? box.height : 0);
      }
    }
    return heights;
  };
  const SHAPES = 'rect, polygon, path, circle, ellipse';
  const diagrams = Array.from(root.querySelectorAll('svg'))
    .filter(svg => svg.querySelector('g.node')
                   && !svg.closest('.mermaid-fullscreen-modal:not(.active)'));
  return diagrams.map((svg, index) => {
    const behind = backdrop(svg);
    const box = svg.getBoundingClientRect();
    const labels = [];
    const items = [
      ...Array.from(svg.querySelectorAll('g.node')).map(g => ['node', g]),
      ...Array.from(svg.querySelectorAll('g.cluster')).map(g => ['cluster', g]),
    ];
    for (const [kind, g] of items) {
      const labelEl = g.querySelector('foreignObject, text, .cluster-label') || g;
      const text = (labelEl.textContent || '').trim();
      if (!text) continue;
      const heights = lineHeights(labelEl);
      const entry = {kind, text: text.slice(0, 80),
                     height: heights.length ? Math.min(...heights) : 0,
                     contrast: null, fill: null, color: null};
      if (kind === 'node') {
        const shape = Array.from(g.querySelectorAll(SHAPES)).find(s => !s.closest('foreignObject'));
        let boxColor = behind;
        if (shape) {
          const cs = getComputedStyle(shape);
          const fill = rgba(cs.fill);
          if (fill)
            boxColor = over(fill, behind, parseFloat(cs.fillOpacity || '1') * opacity(shape, g));
          entry.fill = cs.fill;
        }
        const t = textNodes(labelEl)[0];
        if (t) {
          const holder = t.parentElement;
          const cs = getComputedStyle(holder);
          const isSvg = holder instanceof SVGElement;
          // an HTML label may paint its own background inside the box
          let under = boxColor;
          if (!isSvg) {
            const chain = [];
            for (let e = holder; e && !(e instanceof SVGElement); e = e.parentElement)
              chain.push(e);
            for (let i = chain.length - 1; i >= 0; i--) {
              const c = rgba(getComputedStyle(chain[i]).backgroundColor);
              if (c && c[3] > 0) under = over(c, under, 1);
            }
          }
          const ink = rgba(isSvg ? cs.fill : cs.color);
          if (ink) {
            const alpha = (isSvg ? parseFloat(cs.fillOpacity || '1') : 1) * opacity(holder, g);
            const textColor = over(ink, under, alpha);
            entry.contrast = contrast(textColor, under);
          }
          entry.color = isSvg ? cs.fill : cs.color;
        }
      }
      labels.push(entry);
    }
    const host = svg.parentElement.closest('.archdocs-diagram, .mermaid, .graphviz')
                 || svg.parentElement;
    // the part of the drawing a reader sees: clipped by scrolling/overflow ancestors and the window
    let [l, t, r, b] = [box.left, box.top, box.right, box.bottom];
    // (a fixed or fullscreen element escapes the clipping of its ancestors)
    for (let e = svg.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const c = e.getBoundingClientRect();
        [l, t, r, b] = [Math.max(l, c.left), Math.max(t, c.top),
                        Math.min(r, c.right), Math.min(b, c.bottom)];
      }
      if (cs.position === 'fixed' || e === document.fullscreenElement) break;
    }
    [l, t, r, b] = [Math.max(l, 0), Math.max(t, 0),
                    Math.min(r, innerWidth), Math.min(b, innerHeight)];
    return {
      index,
      visible: {width: Math.max(0, r - l), height: Math.max(0, b - t)},
      host: host ? (host.className && host.className.baseVal !== undefined
                    ? host.className.baseVal : host.className) : '',
      width: box.width, height: box.height,
      text: (host ? host.textContent : '').replace(/\s+/g, ' ').slice(0, 400),
      labels,
    };
  });
}
"""


def measure(page: Any, root_selector: str | None = None) -> list[dict[str, Any]]:
    """Run :data:`MEASURE_JS` on a Playwright page: one dict per diagram (see there)."""
    result: list[dict[str, Any]] = page.evaluate(MEASURE_JS, root_selector)
    return result


def screenshots_dir() -> Path:
    """Where screenshots go: ``$ARCHDOCS_SCREENSHOTS`` or ``tests/browser/_screenshots``."""
    folder = Path(os.environ.get("ARCHDOCS_SCREENSHOTS")
                  or Path(__file__).parent / "_screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
