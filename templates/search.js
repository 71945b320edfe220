// lexdiff site search. Override by putting a search.js in your templates folder.
//
// Each document's script (<id>/search.js) pushes its texts to window.lexdiffSearch:
//   { id, title, versions: [label, ...] (oldest first),
//     units: [[name, label, [version index, ...], text, history (1 or 0)], ...] }
// where a unit's entry is one text of it shared by the versions listed. The query is
// ?q=; ?doc=<id> (repeatable; a document's page sends its own) keeps to those documents.
// Words separated by spaces must all be found in one unit (its name or its text);
// letters match in either case and full-width forms as their ASCII ones (see fold).
// Results are built as DOM nodes from text, never as HTML.
(function () {
  "use strict";
  var PER_DOCUMENT = 50;
  var all = window.lexdiffSearch || [];
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !results || !status) return;
  var params = new URLSearchParams(window.location.search);
  // ?doc=<id> (from a document's page, repeatable): only those documents.
  var only = params.getAll("doc");
  var docs = only.length ? all.filter(function (d) { return only.indexOf(d.id) >= 0; }) : all;
  var scope = document.getElementById("scope");
  var everywhere = null;
  if (only.length && scope) {
    scope.appendChild(document.createTextNode("仅在 Only in: "));
    docs.forEach(function (d, i) {
      if (i) scope.appendChild(document.createTextNode(" · "));
      scope.appendChild(el("a", { href: encodeURIComponent(d.id) + "/index.html" }, [d.title]));
    });
    scope.appendChild(document.createTextNode(" — "));
    everywhere = el("a", { href: "search.html", id: "search-all" }, ["搜索全部文件 Search every document"]);
    scope.appendChild(everywhere);
    // The page's form keeps the scope when submitted.
    only.forEach(function (id) {
      input.form.appendChild(el("input", { type: "hidden", name: "doc", value: id }));
    });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // Text as it is compared, every offset kept: lower case (when that keeps the length),
  // full-width forms (（, Ａ, １) as ASCII and the ideographic space as a space. Query
  // and texts alike, so that `（一）` and `(一)` find each other.
  function fold(text) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) lower = text;
    return lower
      .replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/\u3000/g, " ");
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t; });
  }

  function path(doc, version, label, kind) {
    var v = encodeURIComponent(doc.versions[version]);
    var id = encodeURIComponent(doc.id);
    return kind === "history"
      ? id + "/articles/" + v + "/" + encodeURIComponent(label) + ".html"
      : id + "/versions/" + v + ".html#a-" + encodeURIComponent(label);
  }

  // The line of `text` with the first match, cut around it when long, with every
  // word of the query marked.
  function snippet(text, words) {
    var low = fold(text);
    var at = -1;
    words.forEach(function (w) {
      var i = low.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    if (at < 0) at = 0;
    var start = text.lastIndexOf("\n", at - 1) + 1;
    var end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    var before = "", after = "";
    if (at - start > 60) { start = at - 50; before = "…"; }
    if (end - start > 200) { end = start + 200; after = "…"; }
    var marks = [];
    words.forEach(function (w) {
      for (var i = low.indexOf(w, start); i >= 0 && i < end; i = low.indexOf(w, i + w.length)) {
        marks.push([i, Math.min(i + w.length, end)]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var p = el("p", { "class": "snippet" }, [before]);
    var pos = start;
    marks.forEach(function (m) {
      if (m[1] <= pos) return;
      var from = Math.max(m[0], pos);
      p.appendChild(document.createTextNode(text.slice(pos, from)));
      p.appendChild(el("mark", {}, [text.slice(from, m[1])]));
      pos = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(pos, end) + after));
    return p;
  }

  function result(doc, unit, words) {
    var name = unit[0], label = unit[1], versions = unit[2], text = unit[3];
    var newest = versions[versions.length - 1];
    var head = el("div", { "class": "unit-head" }, [
      el("a", { href: path(doc, newest, label) }, [name]), " "
    ]);
    var list = el("span", { "class": "versions" }, []);
    versions.forEach(function (v, i) {
      if (i) list.appendChild(document.createTextNode(" · "));
      list.appendChild(el("a", { href: path(doc, v, label) }, [doc.versions[v]]));
    });
    head.appendChild(list);
    if (unit[4]) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("a", { "class": "history", href: path(doc, newest, label, "history") }, ["沿革"]));
    }
    return el("li", {}, [head, snippet(text, words)]);
  }

  // Each unit's name and text to search in, made once.
  function hays(doc) {
    if (!doc.hays) doc.hays = doc.units.map(function (u) { return [fold(u[0]), fold(u[3])]; });
    return doc.hays;
  }

  function search(query) {
    var words = terms(query);
    results.textContent = "";
    status.textContent = "";
    if (everywhere) everywhere.setAttribute("href", "search.html?q=" + encodeURIComponent(query));
    if (!words.length) return;
    var found = 0, inDocs = 0;
    var sections = [];
    var titles = [];
    docs.forEach(function (doc) {
      if (words.every(function (w) { return fold(doc.title).indexOf(w) >= 0; })) {
        titles.push(el("li", {}, [el("a", { href: encodeURIComponent(doc.id) + "/index.html" }, [doc.title])]));
      }
      var h = hays(doc);
      var hits = doc.units.filter(function (u, i) {
        return words.every(function (w) { return h[i][1].indexOf(w) >= 0 || h[i][0].indexOf(w) >= 0; });
      });
      if (!hits.length) return;
      found += hits.length;
      inDocs += 1;
      var list = el("ol", { "class": "search-results" }, hits.slice(0, PER_DOCUMENT).map(function (u) {
        return result(doc, u, words);
      }));
      var section = el("section", { "class": "search-document" }, [
        el("h2", {}, [
          el("a", { href: encodeURIComponent(doc.id) + "/index.html" }, [doc.title]), " ",
          el("span", { "class": "count" }, [hits.length + " 条 " + (hits.length === 1 ? "unit" : "units")])
        ]),
        list
      ]);
      if (hits.length > PER_DOCUMENT) {
        section.appendChild(el("p", { "class": "more" }, [
          "另有 " + (hits.length - PER_DOCUMENT) + " 条未列出 " + (hits.length - PER_DOCUMENT) +
          " more not listed: add a word to narrow the search."
        ]));
      }
      sections.push(section);
    });
    status.textContent = found
      ? "找到 " + found + " 条，" + inDocs + " 部文件 Found " + plural(found, "unit") + " in " +
        plural(inDocs, "document")
      : "没有找到 Nothing found";
    if (titles.length) {
      results.appendChild(el("ul", { "class": "search-titles" }, titles));
    }
    sections.forEach(function (s) { results.appendChild(s); });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      search(input.value);
      try {
        var url = new URL(window.location.href);
        if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
        window.history.replaceState(null, "", url.href);
      } catch (e) {
        // A page opened from disk may refuse to change its address; the results stand.
      }
    }, 150);
  });
  var query = params.get("q") || "";
  input.value = query;
  search(query);
})();
