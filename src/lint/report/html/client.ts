/**
 * The HTML report's script, run by the browser (never by arch-lint): draws the findings from the
 * page's JSON data, filters them, highlights a finding's nodes and edges in the picture, lists a
 * node's findings, zooms. Text from the scanned code goes into the page only as textContent, never
 * as markup. Plain JavaScript in a string (no backticks or template placeholders inside), tested in
 * Chromium by test/lint/report/html-browser.test.ts; the page's CSP allows it by its hash.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var svg = document.querySelector("#graph svg");
  var list = document.getElementById("finding-list");
  var panel = document.getElementById("node-panel");
  var filters = { rule: document.getElementById("filter-rule"), service: document.getElementById("filter-service"), severity: document.getElementById("filter-severity") };
  var count = document.getElementById("finding-count");
  var selected = -1;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function place(hopIndex) {
    var hop = data.hops[hopIndex];
    return data.files[hop[0]] + ":" + hop[1];
  }
  function snippet(hopIndex) {
    var hop = data.hops[hopIndex];
    var lines = data.snippets[hop[0] + ":" + hop[1]];
    if (!lines) return null;
    var pre = el("pre", "code");
    for (var i = 1; i < lines.length; i++) {
      var number = lines[0] + i - 1;
      var row = el("span", number === hop[1] ? "at" : "");
      row.appendChild(el("span", "n", String(number)));
      row.appendChild(document.createTextNode(lines[i]));
      pre.appendChild(row);
    }
    return pre;
  }
  function options(select, values) {
    values.forEach(function (value) {
      var option = el("option", "", value);
      option.value = value;
      select.appendChild(option);
    });
  }
  function unique(values) {
    return values.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort();
  }
  options(filters.rule, unique(data.findings.map(function (f) { return f.rule; })));
  options(filters.service, unique([].concat.apply([], data.findings.map(function (f) { return f.services; }))));

  // The findings, drawn once; filters hide and show them.
  var items = data.findings.map(function (finding, index) {
    var item = el("li", "finding " + finding.severity);
    item.id = "finding-" + index;
    var head = el("button", "finding-head");
    head.type = "button";
    head.setAttribute("aria-expanded", "false");
    head.setAttribute("aria-controls", "finding-body-" + index);
    head.appendChild(el("span", "badge", finding.severity === "error" ? "error" : "warning"));
    head.appendChild(el("span", "rule", finding.rule));
    head.appendChild(el("span", "message", finding.message));
    head.appendChild(el("span", "where", place(finding.at)));
    var body = el("div", "finding-body");
    body.id = "finding-body-" + index;
    body.hidden = true;
    var rule = data.rules[finding.rule];
    if (rule) {
      var about = el("p", "muted", rule.description + " ");
      if (rule.docsUrl) {
        var link = el("a", "", "How to fix");
        link.href = rule.docsUrl;
        link.rel = "noreferrer";
        about.appendChild(link);
      }
      body.appendChild(about);
    }
    // The finding's own line, unless an evidence hop shows the same line anyway.
    var repeated = finding.evidence.some(function (h) { return data.hops[h][0] === data.hops[finding.at][0] && data.hops[h][1] === data.hops[finding.at][1]; });
    var own = repeated ? null : snippet(finding.at);
    if (own) body.appendChild(own);
    if (finding.evidence.length) {
      var hops = el("ol", "hops");
      finding.evidence.forEach(function (hopIndex) {
        var li = el("li");
        li.appendChild(el("code", "", place(hopIndex)));
        li.appendChild(document.createTextNode(" " + data.hops[hopIndex][2]));
        var code = snippet(hopIndex);
        if (code) li.appendChild(code);
        hops.appendChild(li);
      });
      body.appendChild(el("p", "muted", "Evidence:"));
      body.appendChild(hops);
    }
    head.addEventListener("click", function () { select(index, head.getAttribute("aria-expanded") !== "true"); });
    item.appendChild(head);
    item.appendChild(body);
    list.appendChild(item);
    return item;
  });

  function visible(finding) {
    return (!filters.rule.value || finding.rule === filters.rule.value)
      && (!filters.service.value || finding.services.indexOf(filters.service.value) >= 0)
      && (!filters.severity.value || finding.severity === filters.severity.value);
  }
  function applyFilters() {
    var shown = 0;
    data.findings.forEach(function (finding, index) {
      var show = visible(finding);
      items[index].hidden = !show;
      if (show) shown++;
    });
    count.textContent = shown + " of " + data.findings.length + " findings shown";
    if (!data.findings.length) count.textContent = "No findings.";
  }
  Object.keys(filters).forEach(function (key) { filters[key].addEventListener("change", applyFilters); });
  applyFilters();

  function clearHighlight() {
    if (!svg) return;
    svg.classList.remove("focus");
    Array.prototype.forEach.call(svg.querySelectorAll(".hl"), function (node) { node.classList.remove("hl"); });
  }
  function highlight(ids) {
    clearHighlight();
    if (!svg || !ids.length) return;
    svg.classList.add("focus");
    var shown = [];
    ids.forEach(function (id) {
      var node = svg.getElementById(id);
      if (!node) return;
      node.classList.add("hl");
      shown.push(node);
    });
    reveal(shown);
  }
  // Scrolls the picture (not the page, whose place in the list stays) to what is highlighted:
  // centred when it fits, else from its top left corner.
  function reveal(elements) {
    if (!elements.length) return;
    var view = document.getElementById("graph");
    var frame = view.getBoundingClientRect();
    var box = elements.map(function (e) { return e.getBoundingClientRect(); }).reduce(function (a, b) {
      return { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) };
    });
    var left = box.left - frame.left + view.scrollLeft;
    var top = box.top - frame.top + view.scrollTop;
    var width = box.right - box.left;
    var height = box.bottom - box.top;
    view.scrollLeft = width < view.clientWidth ? left - (view.clientWidth - width) / 2 : left - 16;
    view.scrollTop = height < view.clientHeight ? top - (view.clientHeight - height) / 2 : top - 16;
  }
  function select(index, expand) {
    if (selected >= 0) items[selected].classList.remove("selected");
    selected = index;
    var item = items[index];
    item.classList.add("selected");
    var head = item.querySelector(".finding-head");
    head.setAttribute("aria-expanded", expand ? "true" : "false");
    item.querySelector(".finding-body").hidden = !expand;
    var finding = data.findings[index];
    highlight(finding.nodes.concat(finding.edges));
  }
  function showNode(id) {
    var node = data.nodes[id];
    if (!node) return;
    highlight([id]);
    panel.textContent = "";
    panel.appendChild(el("h3", "", node.label));
    panel.appendChild(el("p", "muted", node.kind));
    var mine = [];
    data.findings.forEach(function (finding, index) { if (finding.nodes.indexOf(id) >= 0) mine.push(index); });
    panel.appendChild(el("p", "", mine.length ? mine.length + (mine.length === 1 ? " finding:" : " findings:") : "No findings."));
    var ul = el("ul", "node-findings");
    mine.forEach(function (index) {
      var finding = data.findings[index];
      var li = el("li", finding.severity);
      var button = el("button", "", finding.rule + ": " + finding.message);
      button.type = "button";
      button.addEventListener("click", function () {
        // A filter that hides the finding would leave the click with nothing to show.
        Object.keys(filters).forEach(function (key) { filters[key].value = ""; });
        applyFilters();
        select(index, true);
        items[index].scrollIntoView({ block: "nearest" });
        items[index].querySelector(".finding-head").focus();
      });
      li.appendChild(button);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  if (svg) {
    Array.prototype.forEach.call(svg.querySelectorAll("g.node:not(.legend)"), function (g) {
      var node = data.nodes[g.id];
      if (!node) return;
      var mine = data.findings.filter(function (f) { return f.nodes.indexOf(g.id) >= 0; }).length;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", node.kind + " " + node.label + ", " + mine + (mine === 1 ? " finding" : " findings"));
      g.addEventListener("click", function () { showNode(g.id); });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showNode(g.id); }
      });
    });
  }
  document.getElementById("clear").addEventListener("click", function () {
    clearHighlight();
    if (selected >= 0) items[selected].classList.remove("selected");
    selected = -1;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") document.getElementById("clear").click();
  });

  // Zoom: the SVG keeps its viewBox; its width sets the scale (1 = Graphviz's points as CSS pixels).
  var box = svg ? svg.viewBox.baseVal : null;
  var scale = 1;
  function zoom(to) {
    if (!box) return;
    scale = Math.min(4, Math.max(0.05, to));
    svg.style.width = Math.round(box.width * scale) + "px";
    svg.style.height = Math.round(box.height * scale) + "px";
    document.getElementById("zoom-reset").textContent = Math.round(scale * 100) + "%";
  }
  function fit() {
    if (!box) return;
    var view = document.getElementById("graph");
    zoom(Math.min(1, (view.clientWidth - 4) / box.width));
  }
  // At first the whole picture, unless its text would be too small to read (dozens of services): then half size, scrolled.
  function start() {
    fit();
    if (scale < 0.5) zoom(0.5);
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(scale * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(scale / 1.25); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  document.getElementById("zoom-reset").addEventListener("click", function () { zoom(1); });
  start();
})();
`;
