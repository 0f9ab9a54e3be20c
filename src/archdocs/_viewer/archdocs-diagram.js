/* archdocs diagram viewer: every archdocs diagram (div.archdocs-diagram holding a Mermaid or a
 * Graphviz SVG) is shown at a legible scale in a viewport as wide as the text column and at most
 * 75% of the window high, with zoom, pan and fullscreen. No library, no network: a classic script,
 * so it also runs from file://.
 *
 * - Initial view: the whole diagram if that keeps it at >= 75% of its natural size (Mermaid's
 *   16 px labels stay >= 12 px), never enlarged; else 75%, top of the drawing, and the reader pans.
 * - Wheel: ctrl/cmd + wheel (and a touchpad pinch, which the browser reports with ctrl) zooms at
 *   the pointer; a plain wheel scrolls the page as everywhere else. In fullscreen, where there is
 *   no page to scroll, a plain wheel zooms.
 * - Drag pans; a click without a drag still follows a node's link.
 * - Buttons: zoom in, zoom out, fit (the whole drawing, however small: an overview), 1:1,
 *   fullscreen. Keys when the viewport has focus: + - 0 (fit) 1 (1:1), arrows, f (fullscreen),
 *   Escape.
 * - Zoom sets the SVG's width and height (vector-sharp at every scale); pan scrolls the viewport
 *   (overflow hidden, so a wheel still scrolls the page). The browser can therefore bring any part
 *   into view itself: find-in-page, a focused node link (Tab), scrollIntoView.
 * Mermaid draws in the browser after this script runs (and again when the theme switches), so each
 * figure is watched and (re)attached whenever a new <svg> appears in it.
 */
(function () {
  "use strict";

  var MIN_INITIAL = 0.75; // legible: 16 px Mermaid labels at >= 12 px
  var MAX_INLINE = 1; // the page never enlarges a drawing
  var MAX_FULLSCREEN = 2; // fullscreen may, to fill the window
  var MIN_ZOOM = 0.05;
  var MAX_ZOOM = 8;
  var STEP = 1.25;
  var PAN_STEP = 60;
  var DRAG_THRESHOLD = 4; // px: a smaller move is a click
  var PT_TO_PX = 4 / 3;

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  /* Natural size of a drawing in CSS px. Graphviz writes its size in points; Mermaid (with
   * useMaxWidth, its default) writes width="100%": one px per viewBox unit. */
  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width || !box.height) {
      box = svg.getBBox();
      svg.setAttribute("viewBox", [box.x, box.y, box.width, box.height].join(" "));
    }
    var match = /^\s*([\d.]+)\s*(pt|px)?\s*$/.exec(svg.getAttribute("width") || "");
    var unit = match ? (parseFloat(match[1]) * (match[2] === "pt" ? PT_TO_PX : 1)) / box.width : 1;
    return { width: box.width * unit, height: box.height * unit };
  }

  /* Mermaid copies classDef colours into style="...!important" attributes, which no stylesheet
   * can override; without the priority, its own <style> rules still give the same light colours
   * and archdocs.css can recolour the nodes for dark mode. */
  function yieldInlineColours(svg) {
    svg.querySelectorAll("[style*=important]").forEach(function (element) {
      var style = element.style;
      for (var i = style.length - 1; i >= 0; i--) {
        var name = style[i];
        if (style.getPropertyPriority(name)) style.setProperty(name, style.getPropertyValue(name));
      }
    });
  }

  /* archdocs.css sets color-scheme from the theme's own dark switch; dark-only rules key on
   * this attribute (a selector cannot test a computed value). */
  function markScheme(figures) {
    figures.forEach(function (figure) {
      var dark = getComputedStyle(figure).colorScheme.indexOf("dark") !== -1;
      figure.dataset.archdocsScheme = dark ? "dark" : "light";
    });
  }

  /* Four corners: drawn, since no font on every system has a "fullscreen" glyph. */
  var FULLSCREEN_ICON = '<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" ' +
    'fill="none" stroke="currentColor" stroke-width="2"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5' +
    'M6 15H1v-5"/></svg>';

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "archdocs-tool archdocs-tool-" + action;
    if (label === null) b.innerHTML = FULLSCREEN_ICON;
    else b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.dataset.action = action;
    return b;
  }

  function Viewer(figure) {
    this.figure = figure;
    this.svg = null;
    this.scale = 1;
    this.touched = false; // the reader zoomed or panned: a resize keeps their view
    this.build();
  }

  Viewer.prototype.build = function () {
    var figure = this.figure;
    var tools = document.createElement("div");
    tools.className = "archdocs-tools";
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", "Diagram view");
    var status = document.createElement("span");
    status.className = "archdocs-view-status";
    status.setAttribute("aria-live", "polite");
    tools.append(
      status,
      button("+", "Zoom in (+, ctrl + wheel)", "in"),
      button("\u2212", "Zoom out (\u2212)", "out"),
      button("Fit", "Fit the whole diagram (0)", "fit"),
      button("1:1", "Natural size (1)", "natural"),
      button(null, "Fullscreen (f, Escape to leave)", "fullscreen")
    );
    var viewport = document.createElement("div");
    viewport.className = "archdocs-viewport";
    viewport.tabIndex = 0;
    viewport.setAttribute("role", "group");
    viewport.setAttribute("aria-label",
      "Diagram: drag or arrow keys to pan, ctrl + wheel or + and \u2212 to zoom");
    while (figure.firstChild) viewport.appendChild(figure.firstChild);
    figure.append(tools, viewport);
    this.tools = tools;
    this.status = status;
    this.viewport = viewport;

    var self = this;
    tools.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-action]");
      if (target) self.act(target.dataset.action);
    });
    viewport.addEventListener("wheel", function (event) { self.onWheel(event); },
                              { passive: false });
    viewport.addEventListener("keydown", function (event) { self.onKey(event); });
    this.listenForDrags();
    new MutationObserver(function () { self.attach(); })
      .observe(viewport, { childList: true, subtree: true });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () { self.onResize(); }).observe(viewport);
    }
    this.attach();
  };

  /* Take the figure's current <svg> (Mermaid may replace it at any time). */
  Viewer.prototype.attach = function () {
    var svg = this.viewport.querySelector("svg");
    if (!svg || svg === this.svg || !svg.isConnected) return;
    var pre = svg.closest("pre.mermaid");
    if (pre && pre.getAttribute("data-processed") !== "true") return;
    this.svg = svg;
    this.size = naturalSize(svg);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    svg.classList.add("archdocs-svg");
    yieldInlineColours(svg);
    this.figure.classList.add("archdocs-ready");
    this.touched = false;
    this.reset();
  };

  Viewer.prototype.fullscreen = function () {
    return this.figure.classList.contains("archdocs-fullscreen");
  };

  /* Scale that shows the whole drawing in a box, within the given limits. */
  Viewer.prototype.fitScale = function (width, height, low, high) {
    var fit = Math.min(width / this.size.width, height / this.size.height);
    return clamp(fit, low, high);
  };

  Viewer.prototype.largest = function () {
    return this.fullscreen() ? MAX_FULLSCREEN : MAX_INLINE;
  };

  /* The initial view: fit when legible, else a legible scale from the top. */
  Viewer.prototype.reset = function () {
    if (!this.svg) return;
    var width = this.viewport.clientWidth;
    var height;
    if (this.fullscreen()) {
      height = this.viewport.clientHeight;
      this.scale = this.fitScale(width, height, MIN_INITIAL, MAX_FULLSCREEN);
    } else {
      var limit = Math.round(window.innerHeight * 0.75);
      this.scale = this.fitScale(width, limit, MIN_INITIAL, MAX_INLINE);
      height = Math.min(limit, Math.ceil(this.size.height * this.scale));
      this.viewport.style.height = height + "px";
    }
    this.render();
    this.viewport.scrollTo(0, 0);
  };

  /* The whole drawing in the box, however small that makes it: an overview to zoom in from. */
  Viewer.prototype.fit = function () {
    if (!this.svg) return;
    var viewport = this.viewport;
    this.scale = this.fitScale(viewport.clientWidth, viewport.clientHeight, MIN_ZOOM,
                               this.largest());
    this.touched = true;
    this.render();
    viewport.scrollTo(0, 0);
  };

  /* Size the drawing for the current scale; a drawing smaller than the viewport is centred. */
  Viewer.prototype.render = function () {
    var style = this.svg.style;
    var width = this.size.width * this.scale;
    var height = this.size.height * this.scale;
    style.width = width + "px";
    style.height = height + "px";
    style.marginLeft = Math.max(0, (this.viewport.clientWidth - width) / 2) + "px";
    style.marginTop = Math.max(0, (this.viewport.clientHeight - height) / 2) + "px";
    this.figure.dataset.archdocsScale = this.scale.toFixed(3);
    // say so when part of the drawing is out of view: a cut edge alone is easy to miss
    var cut = width > this.viewport.clientWidth + 1 || height > this.viewport.clientHeight + 1;
    this.status.textContent = Math.round(this.scale * 100) + "%" +
      (cut ? " \u2014 drag or use the arrow keys to see the rest" : "");
  };

  /* Zoom by ``factor`` keeping the drawing point under (x, y) of the viewport in place. */
  Viewer.prototype.zoom = function (factor, x, y) {
    if (!this.svg) return;
    var viewport = this.viewport;
    if (x === undefined) {
      x = viewport.clientWidth / 2;
      y = viewport.clientHeight / 2;
    }
    var before = this.svg.getBoundingClientRect();
    var frame = viewport.getBoundingClientRect();
    // the point under (x, y), as a fraction of the drawing
    var fx = (frame.left + viewport.clientLeft + x - before.left) / before.width;
    var fy = (frame.top + viewport.clientTop + y - before.top) / before.height;
    this.scale = clamp(this.scale * factor, MIN_ZOOM, MAX_ZOOM);
    this.touched = true;
    this.render();
    var style = this.svg.style;
    viewport.scrollLeft = parseFloat(style.marginLeft) + fx * parseFloat(style.width) - x;
    viewport.scrollTop = parseFloat(style.marginTop) + fy * parseFloat(style.height) - y;
  };

  Viewer.prototype.pan = function (dx, dy) {
    if (!this.svg) return;
    this.viewport.scrollLeft -= dx;
    this.viewport.scrollTop -= dy;
    this.touched = true;
  };

  Viewer.prototype.act = function (action) {
    if (action === "in") this.zoom(STEP);
    else if (action === "out") this.zoom(1 / STEP);
    else if (action === "fit") this.fit();
    else if (action === "natural") this.zoom(1 / this.scale);
    else if (action === "fullscreen") this.toggleFullscreen();
  };

  /* The class alone makes a window-filling overlay; the Fullscreen API, where allowed, also lifts
   * the figure above every stacking context of the theme and fills the screen. */
  Viewer.prototype.toggleFullscreen = function (leave) {
    var on = leave ? false : !this.fullscreen();
    var figure = this.figure;
    if (on && figure.requestFullscreen && !document.fullscreenElement) {
      figure.requestFullscreen().catch(function () {});
    } else if (!on && document.fullscreenElement === figure) {
      document.exitFullscreen().catch(function () {});
    }
    this.figure.classList.toggle("archdocs-fullscreen", on);
    document.documentElement.classList.toggle("archdocs-fullscreen-open", on);
    this.tools.querySelector("[data-action=fullscreen]").setAttribute("aria-pressed", String(on));
    if (!on) this.viewport.style.height = "";
    this.reset();
    this.viewport.focus({ preventScroll: true });
  };

  Viewer.prototype.onWheel = function (event) {
    if (!this.svg || !(event.ctrlKey || event.metaKey || this.fullscreen())) return;
    event.preventDefault();
    var rect = this.viewport.getBoundingClientRect();
    var delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    this.zoom(Math.exp(-clamp(delta, -200, 200) * 0.002),
              event.clientX - rect.left, event.clientY - rect.top);
  };

  var KEYS = {
    "+": function (v) { v.zoom(STEP); },
    "=": function (v) { v.zoom(STEP); },
    "-": function (v) { v.zoom(1 / STEP); },
    "_": function (v) { v.zoom(1 / STEP); },
    "0": function (v) { v.fit(); },
    "1": function (v) { v.act("natural"); },
    "f": function (v) { v.toggleFullscreen(); },
    "ArrowLeft": function (v) { v.pan(PAN_STEP, 0); },
    "ArrowRight": function (v) { v.pan(-PAN_STEP, 0); },
    "ArrowUp": function (v) { v.pan(0, PAN_STEP); },
    "ArrowDown": function (v) { v.pan(0, -PAN_STEP); },
  };

  Viewer.prototype.onKey = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape" && this.fullscreen()) {
      this.toggleFullscreen(true);
      event.preventDefault();
      return;
    }
    var handler = Object.prototype.hasOwnProperty.call(KEYS, event.key) && KEYS[event.key];
    if (handler) {
      handler(this);
      event.preventDefault();
    }
  };

  /* Drag to pan. The pointer is captured only once it has moved, so a plain click still reaches
   * a node's link; the click that ends a drag is swallowed. */
  Viewer.prototype.listenForDrags = function () {
    var self = this;
    var viewport = this.viewport;
    var start = null;
    var dragged = false;
    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || !self.svg) return;
      start = { x: event.clientX, y: event.clientY, id: event.pointerId };
      dragged = false;
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!start || event.pointerId !== start.id) return;
      var dx = event.clientX - start.x;
      var dy = event.clientY - start.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) return;
      if (!dragged) {
        dragged = true;
        viewport.setPointerCapture(event.pointerId);
        viewport.classList.add("archdocs-dragging");
      }
      start.x = event.clientX;
      start.y = event.clientY;
      self.pan(dx, dy);
    });
    function end(event) {
      if (!start || event.pointerId !== start.id) return;
      start = null;
      viewport.classList.remove("archdocs-dragging");
    }
    viewport.addEventListener("pointerup", end);
    viewport.addEventListener("pointercancel", end);
    viewport.addEventListener("click", function (event) {
      if (dragged) {
        dragged = false;
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
  };

  Viewer.prototype.onResize = function () {
    if (!this.svg) return;
    if (this.touched) this.render();
    else this.reset();
  };

  function start() {
    var figures = document.querySelectorAll(
      "div.archdocs-diagram.archdocs-mermaid, div.archdocs-diagram.archdocs-graphviz");
    if (!figures.length) return;
    figures.forEach(function (figure) {
      if (!figure.archdocsViewer) figure.archdocsViewer = new Viewer(figure);
    });
    window.addEventListener("resize", function () {
      figures.forEach(function (figure) { figure.archdocsViewer.onResize(); });
    });
    document.addEventListener("fullscreenchange", function () {
      figures.forEach(function (figure) {
        if (figure.archdocsViewer.fullscreen() && document.fullscreenElement !== figure) {
          figure.archdocsViewer.toggleFullscreen(true); // left with the browser's own Escape
        }
      });
    });
    // follow the theme's switch: attributes on <html>/<body>, or the system's preference
    var rescheme = function () { markScheme(figures); };
    var watch = new MutationObserver(rescheme);
    watch.observe(document.documentElement, { attributes: true });
    watch.observe(document.body, { attributes: true });
    if (window.matchMedia) {
      window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", rescheme);
    }
    rescheme();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
