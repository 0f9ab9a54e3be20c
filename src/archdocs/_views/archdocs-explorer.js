/* archdocs explorer: search a module, walk the package tree, see imports and importers, switch
 * import kinds, see cycles, open a module's page.
 *
 * The data (schema: archdocs/render/explorer.py) is JSON in a data file of its own, which the
 * page loads with a deferred <script class="archdocs-explorer-data" src> (a classic script loads
 * from file://, a fetch would not); it sets archdocsData on its own element. Every text from the
 * code is written with textContent, never as markup: the page works from file:// as on any
 * static host.
 */
(function () {
  "use strict";

  var SEARCH_LIMIT = 30;

  /* An element with attributes, text and children; text goes through textContent only. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(child);
    });
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  /* Relative page links only: data never becomes a javascript: or remote URL. */
  function safeUrl(url) {
    return typeof url === "string" && !/^\s*[a-z][a-z0-9+.-]*:/i.test(url) ? url : null;
  }

  function Explorer(root, data) {
    this.root = root;
    this.data = data;
    this.nodes = data.nodes;
    this.setIndex = data["default"];
    this.folder = -1;
    this.selected = -1;
    this.byName = {};
    this.children = { "-1": [] };
    var self = this;
    this.nodes.forEach(function (node, i) {
      self.byName[node.name] = i;
      self.children[i] = [];
    });
    this.nodes.forEach(function (node, i) {
      self.children[node.parent].push(i);
    });
    this.build();
    var start = this.fromHash();
    if (start >= 0) this.select(start, true);
    else if (this.children[-1].length === 1) this.open(this.children[-1][0], true);
    else this.render();
  }

  Explorer.prototype.inside = function (outer, i) {
    return outer <= i && i < this.nodes[outer].end;
  };

  Explorer.prototype.shortName = function (i) {
    var node = this.nodes[i];
    var parent = node.parent >= 0 ? this.nodes[node.parent].name + "." : "";
    return node.name.slice(parent.length) + (node.package ? "/" : "");
  };

  /* The imports of the current kind set, as [source, target, count]. */
  Explorer.prototype.edges = function () {
    var allowed = {};
    this.data.sets[this.setIndex].kinds.forEach(function (k) { allowed[k] = true; });
    return this.data.imports.filter(function (imp) { return allowed[imp[2]]; });
  };

  /* Cycle number (1-based) of each module in the current kind set. */
  Explorer.prototype.cycleOf = function () {
    var of = {};
    this.data.sets[this.setIndex].cycles.forEach(function (members, k) {
      members.forEach(function (m) { of[m] = k + 1; });
    });
    return of;
  };

  Explorer.prototype.build = function () {
    var self = this;
    var uid = "archdocs-x" + Explorer.count++;
    this.search = el("input", {
      type: "search", id: uid + "-search", className: "archdocs-explorer-search",
      placeholder: "module name", autocomplete: "off", "aria-controls": uid + "-results",
    });
    this.results = el("ul", { id: uid + "-results", className: "archdocs-explorer-results",
                              "aria-label": "Matching modules" });
    var kinds = el("fieldset", { className: "archdocs-explorer-kinds" },
                   [el("legend", { text: "Imports" })]);
    this.data.sets.forEach(function (set, k) {
      var input = el("input", { type: "radio", name: uid + "-kinds", value: set.name,
                                id: uid + "-kind-" + k, checked: k === self.setIndex });
      input.addEventListener("change", function () {
        if (input.checked) { self.setIndex = k; self.render(); }
      });
      kinds.appendChild(el("label", { "for": uid + "-kind-" + k }, [input, document.createTextNode(" " + set.label)]));
    });
    this.crumbs = el("nav", { className: "archdocs-explorer-crumbs", "aria-label": "Package path" });
    this.tree = el("ul", { className: "archdocs-explorer-tree", "aria-label": "Package contents" });
    this.details = el("section", { className: "archdocs-explorer-details", "aria-live": "polite" });
    this.cycles = el("section", { className: "archdocs-explorer-cycles" });
    this.root.appendChild(el("div", { className: "archdocs-explorer-bar" }, [
      el("div", { className: "archdocs-explorer-find" }, [
        el("label", { "for": uid + "-search", text: "Find a module " }), this.search, this.results]),
      kinds,
    ]));
    this.root.appendChild(el("div", { className: "archdocs-explorer-main" }, [
      el("div", { className: "archdocs-explorer-pane" }, [this.crumbs, this.tree]),
      el("div", { className: "archdocs-explorer-pane" }, [this.details, this.cycles]),
    ]));
    this.search.addEventListener("input", function () { self.find(); });
    this.search.addEventListener("keydown", function (event) {
      var first = self.results.querySelector("button");
      if (event.key === "Enter" && first) { event.preventDefault(); first.click(); }
      else if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
      else if (event.key === "Escape") { self.search.value = ""; self.find(); }
    });
    this.results.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(self.results.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < buttons.length - 1) { event.preventDefault(); buttons[at + 1].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? buttons[at - 1] : self.search).focus(); }
      else if (event.key === "Escape") { self.search.focus(); }
    });
  };

  Explorer.prototype.find = function () {
    var query = this.search.value.trim().toLowerCase();
    var self = this;
    this.results.textContent = "";
    if (!query) return;
    var found = [];
    this.nodes.forEach(function (node, i) {
      var name = node.name.toLowerCase();
      var at = name.indexOf(query);
      if (at < 0) return;
      var last = name.slice(name.lastIndexOf(".") + 1);
      var rank = name === query || last === query ? 0 : last.indexOf(query) === 0 ? 1 : 2;
      found.push([rank, node.name, i]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    found.slice(0, SEARCH_LIMIT).forEach(function (hit) {
      self.results.appendChild(el("li", {}, [self.button(hit[2], "name")]));
    });
    if (found.length > SEARCH_LIMIT) {
      this.results.appendChild(el("li", { className: "archdocs-explorer-more",
                                          text: (found.length - SEARCH_LIMIT) + " more: type more of the name" }));
    } else if (!found.length) {
      this.results.appendChild(el("li", { className: "archdocs-explorer-more", text: "no module matches" }));
    }
  };

  /* A button that selects node i; "name" shows its full name, "short" its name in its folder. */
  Explorer.prototype.button = function (i, label) {
    var self = this;
    var node = this.nodes[i];
    var button = el("button", { type: "button", className: "archdocs-explorer-item",
                                "data-name": node.name,
                                text: label === "short" ? this.shortName(i) : node.name });
    button.addEventListener("click", function () {
      self.act(button, function () {
        if (self.results.contains(button)) self.results.textContent = "";  // chosen: close it
        if (label === "short" && node.package) self.open(i);
        else self.select(i);
      });
    });
    return button;
  };

  /* Run a button's action, which redraws the button away: keep the keyboard focus on the same
   * entry where it is drawn again, else on the selection in the tree. */
  Explorer.prototype.act = function (button, action) {
    var name = button.getAttribute("data-name");
    var area = [this.crumbs, this.tree, this.details, this.cycles].filter(function (a) {
      return a.contains(button);
    })[0];
    action();
    if (this.root.contains(document.activeElement) && document.activeElement !== document.body) return;
    var selector = 'button[data-name="' + CSS.escape(name) + '"]';
    var target = (area && area.querySelector(selector)) ||
      this.tree.querySelector(".is-selected button") || this.tree.querySelector("button");
    if (target) target.focus();
  };

  /* Walk into a package: its contents in the tree, and the package selected. */
  Explorer.prototype.open = function (i, quiet) {
    this.folder = i;
    this.select(i, quiet);
  };

  /* Select node i; "quiet" leaves the address alone (the first view of the page). */
  Explorer.prototype.select = function (i, quiet) {
    this.selected = i;
    var node = this.nodes[i];
    // show the selection among its siblings, unless it is the package being walked
    if (i !== this.folder && node.parent !== this.folder) this.folder = node.parent;
    if (!quiet && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#explore:" + encodeURIComponent(node.name));
    }
    this.render();
  };

  Explorer.prototype.fromHash = function () {
    var hash = window.location.hash;
    if (hash.indexOf("#explore:") !== 0) return -1;
    var name = decodeURIComponent(hash.slice("#explore:".length));
    return Object.prototype.hasOwnProperty.call(this.byName, name) ? this.byName[name] : -1;
  };

  /* What the selection imports and what imports it, by module: {index: statements}. */
  Explorer.prototype.neighbours = function () {
    var out = {}, into = {}, self = this, x = this.selected;
    if (x < 0) return { out: out, into: into };
    this.edges().forEach(function (imp) {
      var s = self.inside(x, imp[0]), t = self.inside(x, imp[1]);
      if (s && !t) out[imp[1]] = (out[imp[1]] || 0) + imp[3];
      if (t && !s) into[imp[0]] = (into[imp[0]] || 0) + imp[3];
    });
    return { out: out, into: into };
  };

  Explorer.prototype.render = function () {
    var near = this.neighbours();
    var cycleOf = this.cycleOf();
    this.renderCrumbs();
    this.renderTree(near, cycleOf);
    this.renderDetails(near, cycleOf);
    this.renderCycles();
  };

  Explorer.prototype.renderCrumbs = function () {
    var self = this;
    this.crumbs.textContent = "";
    var top = el("button", { type: "button", className: "archdocs-explorer-crumb", text: "top",
                             "data-name": "" });
    top.addEventListener("click", function () {
      self.act(top, function () { self.folder = -1; self.render(); });
    });
    this.crumbs.appendChild(top);
    var path = [];
    for (var i = this.folder; i >= 0; i = this.nodes[i].parent) path.unshift(i);
    path.forEach(function (p) {
      self.crumbs.appendChild(document.createTextNode(" / "));
      var crumb = el("button", { type: "button", className: "archdocs-explorer-crumb",
                                 text: self.shortName(p).replace(/\/$/, ""),
                                 "data-name": self.nodes[p].name });
      crumb.addEventListener("click", function () { self.act(crumb, function () { self.open(p); }); });
      self.crumbs.appendChild(crumb);
    });
  };

  Explorer.prototype.sumInside = function (outer, counts) {
    var total = 0, self = this;
    Object.keys(counts).forEach(function (k) {
      if (self.inside(outer, Number(k))) total += counts[k];
    });
    return total;
  };

  Explorer.prototype.renderTree = function (near, cycleOf) {
    var self = this;
    this.tree.textContent = "";
    var cycleMembers = Object.keys(cycleOf).map(Number);
    this.children[this.folder].forEach(function (i) {
      var node = self.nodes[i];
      var marks = el("span", { className: "archdocs-explorer-marks" });
      var classes = ["archdocs-explorer-row"];
      if (i === self.selected) classes.push("is-selected");
      var imported = self.sumInside(i, near.out), importing = self.sumInside(i, near.into);
      if (imported) {
        classes.push("is-imported");
        marks.appendChild(el("span", { className: "archdocs-explorer-out", title: "imported by the selection",
                                       text: "→ " + imported }));
      }
      if (importing) {
        classes.push("is-importer");
        marks.appendChild(el("span", { className: "archdocs-explorer-in", title: "imports the selection",
                                       text: "← " + importing }));
      }
      if (cycleOf[i]) {
        marks.appendChild(el("span", { className: "archdocs-explorer-cycle", title: "in import cycle " + cycleOf[i],
                                       text: "↺" + cycleOf[i] }));
      } else if (node.package && cycleMembers.some(function (m) { return self.inside(i, m) && m !== i; })) {
        marks.appendChild(el("span", { className: "archdocs-explorer-cycle", title: "holds modules of an import cycle",
                                       text: "↺" }));
      }
      self.tree.appendChild(el("li", { className: classes.join(" ") }, [self.button(i, "short"), marks]));
    });
    if (!this.children[this.folder].length) {
      this.tree.appendChild(el("li", { className: "archdocs-explorer-more", text: "nothing below" }));
    }
  };

  Explorer.prototype.list = function (title, counts, className) {
    var self = this;
    var keys = Object.keys(counts).map(Number).sort(function (a, b) { return a - b; });
    var statements = keys.reduce(function (sum, k) { return sum + counts[k]; }, 0);
    var box = el("div", { className: className, "data-modules": keys.length, "data-statements": statements }, [
      el("h4", { text: title + ": " + plural(keys.length, "module") + ", " + plural(statements, "statement") }),
    ]);
    var items = el("ul", {});
    keys.forEach(function (k) {
      items.appendChild(el("li", {}, [self.button(k, "name"),
                                      el("span", { className: "archdocs-explorer-count", text: " " + counts[k] })]));
    });
    if (keys.length) box.appendChild(items);
    return box;
  };

  Explorer.prototype.renderDetails = function (near, cycleOf) {
    var self = this;
    this.details.textContent = "";
    var i = this.selected;
    if (i < 0) {
      this.details.appendChild(el("p", { className: "archdocs-explorer-hint",
        text: "Find a module, or walk the package tree on the left: a row marked → is imported by the selection, ← imports it, ↺ is in an import cycle." }));
      return;
    }
    var node = this.nodes[i];
    var size = node.package
      ? "package, " + plural(this.nodes.slice(i, node.end).filter(function (n) { return n.counted; }).length, "module")
      : "module, " + plural(node.lines, "line");
    this.details.appendChild(el("h3", { className: "archdocs-explorer-title", text: node.name }));
    this.details.appendChild(el("p", { className: "archdocs-explorer-meta",
                                       text: size + (node.path ? " — " + node.path : ""),
                                       title: this.data.convention }));
    if (node.doc) this.details.appendChild(el("p", { className: "archdocs-explorer-doc", text: node.doc }));
    var url = safeUrl(node.url);
    if (url) {
      this.details.appendChild(el("p", {}, [el("a", { className: "archdocs-explorer-open", href: url,
                                                      text: "Open the page of " + node.name })]));
    }
    if (cycleOf[i]) {
      var cycle = this.data.sets[this.setIndex].cycles[cycleOf[i] - 1];
      var line = el("p", { className: "archdocs-explorer-incycle",
                           text: "↺ In import cycle " + cycleOf[i] + " with: " });
      cycle.filter(function (m) { return m !== i; }).forEach(function (m) {
        line.appendChild(self.button(m, "name"));
        line.appendChild(document.createTextNode(" "));
      });
      this.details.appendChild(line);
    }
    this.details.appendChild(this.list("→ Imports", near.out, "archdocs-explorer-imports"));
    this.details.appendChild(this.list("← Imported by", near.into, "archdocs-explorer-importers"));
  };

  Explorer.prototype.renderCycles = function () {
    var self = this;
    var set = this.data.sets[this.setIndex];
    this.cycles.textContent = "";
    this.cycles.appendChild(el("h4", { text: "Import cycles (" + set.label + "): " + set.cycles.length }));
    var items = el("ol", {});
    set.cycles.forEach(function (members) {
      var item = el("li", { text: plural(members.length, "module") + ": " });
      members.forEach(function (m) {
        item.appendChild(self.button(m, "name"));
        item.appendChild(document.createTextNode(" "));
      });
      items.appendChild(item);
    });
    if (set.cycles.length) this.cycles.appendChild(items);
  };

  Explorer.count = 0;

  function start() {
    var roots = document.querySelectorAll(".archdocs-explorer");
    Array.prototype.forEach.call(roots, function (root) {
      var script = root.querySelector("script.archdocs-explorer-data");
      if (!script || root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "true");
      if (script.archdocsData) new Explorer(root, script.archdocsData);
      else root.appendChild(el("p", { className: "archdocs-explorer-missing",
        text: "The explorer's data (" + script.getAttribute("src") + ") did not load." }));
    });
  }

  /* The data scripts are deferred and come after this one in the page: they have all run by
     DOMContentLoaded (or "load", for a page that loads this script later). */
  if (document.readyState === "complete") start();
  else {
    document.addEventListener("DOMContentLoaded", start);
    window.addEventListener("load", start);
  }
})();
