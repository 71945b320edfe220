// lexdiff site search. Override by putting a search.js in your templates folder.
//
// Each document's script (<id>/search.js) pushes its texts to window.lexdiffSearch:
//   { id, title, versions: [label, ...] (oldest first),
//     units: [[name, label, [version index, ...], text, history (1 or 0), heading], ...],
//     headings: [[text, [enclosing heading, ...], [version index, ...], [anchor, ...]], ...] }
// where a unit's entry is one text of it shared by the versions listed, with the index
// in `headings` of the heading it is under (none when it is under none), and a heading's
// (a chapter, a section) is found at #h-<anchor> of each of its versions' pages (a
// document's script from before headings were searched has neither). The page loads
// only the scripts a query needs: the index (_search/index.js, window.lexdiffIndex =
// { dir, shards, documents: [[id, title], ...] }) is split into shards (<dir>/<k>.js,
// window.lexdiffIndexParts[k] = { key: [document number, ...] }), a key being a
// character or two adjacent ones of a unit's name or text or of a heading, folded, and
// its shard the FNV-1a hash of its code points modulo `shards`. Only the documents that
// have every key looked up (all of a short query's; see candidates) have their scripts
// loaded and searched. A page without the index (a search.html of your own from an
// earlier version, which loads every script) searches the scripts it loaded.
// The query is ?q=; ?doc=<id> (repeatable; a document's page sends its own) keeps to
// those documents. Words separated by spaces must all be found in one unit (its name or
// its text) or in one heading, headings listed first; letters match in either case and
// full-width forms as their ASCII ones (see fold). Results are built as DOM nodes from
// text, never as HTML.
(function () {
  "use strict";
  var PER_DOCUMENT = 50;
  // The index's shards a query loads at a time, and how few documents left need no more:
  // a query of many characters (a sentence pasted in) has pairs in most shards, and a
  // few shards' pairs mostly leave a document or two, whose scripts cost less than the
  // other shards would.
  var SHARDS_AT_ONCE = 4, FEW_DOCUMENTS = 3;
  var index = window.lexdiffIndex || null;
  var parts = window.lexdiffIndexParts = window.lexdiffIndexParts || {};
  var loaded = window.lexdiffSearch = window.lexdiffSearch || [];
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !results || !status) return;
  var params = new URLSearchParams(window.location.search);
  // Every document as [id, title], in the index's order (its shards number them so).
  var all = index
    ? index.documents
    : loaded.map(function (d) { return [d.id, d.title]; });
  // ?doc=<id> (from a document's page, repeatable): only those documents.
  var only = params.getAll("doc");
  var scope = all.map(function (d, n) { return n; }).filter(function (n) {
    return !only.length || only.indexOf(all[n][0]) >= 0;
  });
  var scopeLine = document.getElementById("scope");
  var everywhere = null;
  if (only.length && scopeLine) {
    scopeLine.appendChild(document.createTextNode("仅在 Only in: "));
    scope.forEach(function (n, i) {
      if (i) scopeLine.appendChild(document.createTextNode(" · "));
      scopeLine.appendChild(el("a", { href: encodeURIComponent(all[n][0]) + "/index.html" }, [all[n][1]]));
    });
    scopeLine.appendChild(document.createTextNode(" — "));
    everywhere = el("a", { href: "search.html", id: "search-all" }, ["搜索全部文件 Search every document"]);
    scopeLine.appendChild(everywhere);
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

  // A script, loaded once: a promise of its having run.
  var scripts = {};
  function load(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  }

  // A document's texts, once its script has run.
  function texts(id) {
    for (var i = 0; i < loaded.length; i++) if (loaded[i].id === id) return loaded[i];
    return null;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // "2 个标题、5 条" and "2 headings and 5 units", leaving out what is none.
  function counted(headings, units) {
    var zh = [], en = [];
    if (headings) { zh.push(headings + " 个标题"); en.push(plural(headings, "heading")); }
    if (units || !headings) { zh.push(units + " 条"); en.push(plural(units, "unit")); }
    return [zh.join("、"), en.join(" and ")];
  }

  // Text as it is compared, every offset kept: each character in lower case (when that
  // is one character of the same length), full-width forms (（, Ａ, １) as ASCII and
  // the ideographic space as a space. Query and texts alike, so that `（一）` and `(一)`
  // find each other; character by character, as lexdiff folds the texts it indexes.
  function fold(text) {
    var lower = text.toLowerCase();
    // Lower-casing a whole text differs from lower-casing it a character at a time
    // only where a character's length changes (İ) or for a final sigma.
    if (lower.length !== text.length || text.indexOf("\u03A3") >= 0) {
      lower = Array.from(text).map(function (c) {
        var l = c.toLowerCase();
        return l.length === c.length ? l : c;
      }).join("");
    }
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
      : id + "/versions/" + v + ".html#" + (kind === "heading" ? "h-" : "a-") + encodeURIComponent(label);
  }

  // The text with every word of the query marked, as nodes appended to `parent`.
  function marked(parent, text, words) {
    var low = fold(text);
    var marks = [];
    words.forEach(function (w) {
      for (var i = low.indexOf(w); i >= 0; i = low.indexOf(w, i + w.length)) marks.push([i, i + w.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[1] <= pos) return;
      var from = Math.max(m[0], pos);
      parent.appendChild(document.createTextNode(text.slice(pos, from)));
      parent.appendChild(el("mark", {}, [text.slice(from, m[1])]));
      pos = m[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }

  // A heading found: linked to its place in the newest version that has it, with the
  // headings enclosing it and a link to each version.
  function headingResult(doc, heading, words) {
    var text = heading[0], versions = heading[2], anchors = heading[3];
    var last = versions.length - 1;
    var head = el("div", { "class": "unit-head" }, []);
    within(head, heading[1]);
    head.appendChild(marked(el("a", { href: path(doc, versions[last], anchors[last], "heading") }, []), text, words));
    head.appendChild(document.createTextNode(" "));
    var list = el("span", { "class": "versions" }, []);
    versions.forEach(function (v, i) {
      if (i) list.appendChild(document.createTextNode(" · "));
      list.appendChild(el("a", { href: path(doc, v, anchors[i], "heading") }, [doc.versions[v]]));
    });
    head.appendChild(list);
    return el("li", {}, [head]);
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
    var p = marked(el("p", { "class": "snippet" }, [before]), text.slice(start, end), words);
    p.appendChild(document.createTextNode(after));
    return p;
  }

  // Where a result is, "第一编 总则 › 第三章 法人 › ", from the headings it is under
  // (outermost first); nothing when there are none.
  function within(head, names) {
    if (names.length) head.appendChild(el("span", { "class": "within" }, [names.join(" › ") + " › "]));
  }

  function result(doc, unit, words) {
    var name = unit[0], label = unit[1], versions = unit[2], text = unit[3];
    var newest = versions[versions.length - 1];
    var head = el("div", { "class": "unit-head" }, []);
    var under = unit[5] != null && doc.headings ? doc.headings[unit[5]] : null;
    within(head, under ? under[1].concat([under[0]]) : []);
    head.appendChild(el("a", { href: path(doc, newest, label) }, [name]));
    head.appendChild(document.createTextNode(" "));
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

  // Each unit's name and text, and each heading, to search in, made once.
  function hays(doc) {
    if (!doc.hays) {
      doc.hays = {
        units: doc.units.map(function (u) { return [fold(u[0]), fold(u[3])]; }),
        headings: (doc.headings || []).map(function (h) { return fold(h[0]); })
      };
    }
    return doc.hays;
  }

  // The keys a unit must have to hold every word: a word's character, or each pair of
  // adjacent characters of a longer word (code points, as the index counts them). In
  // the order they are looked up: each word's in turn, and a word's first, last and
  // middle pairs before those next to them, so that the first shards loaded cover every
  // word, end to end.
  function keys(words) {
    var each = words.map(function (w) {
      var cs = Array.from(w);
      if (cs.length === 1) return [cs[0]];
      var pairs = [];
      for (var i = 0; i + 1 < cs.length; i++) pairs.push(cs[i] + cs[i + 1]);
      return spread(pairs);
    });
    var out = [];
    for (var round = 0; each.some(function (ks) { return round < ks.length; }); round++) {
      each.forEach(function (ks) { if (round < ks.length) out.push(ks[round]); });
    }
    return out.filter(function (k, i) { return out.indexOf(k) === i; });
  }

  // `list` reordered: its ends, then the middle of each stretch between those taken.
  function spread(list) {
    var order = [0, list.length - 1], stretches = [[0, list.length - 1]];
    while (stretches.length) {
      var s = stretches.shift();
      if (s[1] - s[0] < 2) continue;
      var middle = (s[0] + s[1]) >> 1;
      order.push(middle);
      stretches.push([s[0], middle], [middle, s[1]]);
    }
    return order.filter(function (n, i) { return order.indexOf(n) === i; }).map(function (n) { return list[n]; });
  }

  function shardOf(key) {
    var h = 0x811C9DC5;
    Array.from(key).forEach(function (c) {
      h = Math.imul((h ^ c.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
    });
    return h % index.shards;
  }

  // A promise of the documents in scope (numbers into `all`) that can hold every word:
  // those that have every key looked up. Keys are looked up in their order, the shards
  // of a few at a time (with every other key those shards hold), until few documents
  // are left or every key has been looked up. A key not looked up only leaves more
  // documents to search, never fewer.
  function candidates(ks) {
    if (!index) return Promise.resolve(scope);
    var left = scope;
    function more(pending, first) {
      if (!pending.length || (!first && left.length <= FEW_DOCUMENTS)) return Promise.resolve(left);
      var shards = [];
      pending.forEach(function (k) {
        var s = shardOf(k);
        if (shards.length < SHARDS_AT_ONCE && shards.indexOf(s) < 0) shards.push(s);
      });
      var now = pending.filter(function (k) { return shards.indexOf(shardOf(k)) >= 0; });
      var later = pending.filter(function (k) { return shards.indexOf(shardOf(k)) < 0; });
      return Promise.all(shards.map(function (s) { return load(index.dir + "/" + s + ".js"); })).then(function () {
        var has = {};
        left.forEach(function (n) { has[n] = 0; });
        now.forEach(function (k) {
          var part = parts[shardOf(k)] || {};
          var docs = Object.prototype.hasOwnProperty.call(part, k) ? part[k] : [];
          docs.forEach(function (n) { if (n in has) has[n] += 1; });
        });
        left = left.filter(function (n) { return has[n] === now.length; });
        return more(later, false);
      });
    }
    return more(ks, true);
  }

  // Searches run one after another as the query is typed: only the latest one's
  // results are shown.
  var latest = 0;

  function search(query) {
    var run = ++latest;
    var words = terms(query);
    if (everywhere) everywhere.setAttribute("href", "search.html?q=" + encodeURIComponent(query));
    if (!words.length) {
      show(query, [], []);
      return;
    }
    status.textContent = "正在搜索… Searching…";
    var titles = scope.filter(function (n) {
      return words.every(function (w) { return fold(all[n][1]).indexOf(w) >= 0; });
    });
    candidates(keys(words))
      .then(function (found) {
        return Promise.all(found.map(function (n) {
          return index ? load(encodeURIComponent(all[n][0]) + "/search.js") : null;
        })).then(function () { return found; });
      })
      .then(function (found) {
        if (run !== latest) return;
        var docs = found.map(function (n) { return texts(all[n][0]); }).filter(function (d) { return d; });
        show(query, titles, docs.map(function (doc) { return [doc, hits(doc, words)]; }), words);
      })
      .catch(function (e) {
        if (run !== latest) return;
        results.textContent = "";
        status.textContent = "搜索失败 Search failed: " + e.message;
      });
  }

  // The headings and the units of `doc` that hold every word.
  function hits(doc, words) {
    var h = hays(doc);
    return {
      headings: (doc.headings || []).filter(function (x, i) {
        return words.every(function (w) { return h.headings[i].indexOf(w) >= 0; });
      }),
      units: doc.units.filter(function (u, i) {
        return words.every(function (w) { return h.units[i][1].indexOf(w) >= 0 || h.units[i][0].indexOf(w) >= 0; });
      })
    };
  }

  // Shows the results of `query`: documents whose titles have every word (numbers into
  // `all`), and each document with the units found in it; then puts the query in the
  // address.
  function show(query, titles, found, words) {
    results.textContent = "";
    status.textContent = "";
    var units = 0, headings = 0, inDocs = 0;
    if (titles.length) {
      results.appendChild(el("ul", { "class": "search-titles" }, titles.map(function (n) {
        return el("li", {}, [el("a", { href: encodeURIComponent(all[n][0]) + "/index.html" }, [all[n][1]])]);
      })));
    }
    found.forEach(function (f) {
      var doc = f[0], hit = f[1].units, heads = f[1].headings;
      if (!hit.length && !heads.length) return;
      units += hit.length;
      headings += heads.length;
      inDocs += 1;
      var count = counted(heads.length, hit.length);
      var section = el("section", { "class": "search-document" }, [
        el("h2", {}, [
          el("a", { href: encodeURIComponent(doc.id) + "/index.html" }, [doc.title]), " ",
          el("span", { "class": "count" }, [count[0] + " " + count[1]])
        ])
      ]);
      if (heads.length) {
        section.appendChild(el("ul", { "class": "search-headings" }, heads.map(function (h) {
          return headingResult(doc, h, words);
        })));
      }
      if (hit.length) {
        section.appendChild(el("ol", { "class": "search-results" }, hit.slice(0, PER_DOCUMENT).map(function (u) {
          return result(doc, u, words);
        })));
      }
      if (hit.length > PER_DOCUMENT) {
        section.appendChild(el("p", { "class": "more" }, [
          "另有 " + (hit.length - PER_DOCUMENT) + " 条未列出 " + (hit.length - PER_DOCUMENT) +
          " more not listed: add a word to narrow the search."
        ]));
      }
      results.appendChild(section);
    });
    if (words && words.length) {
      var total = counted(headings, units);
      status.textContent = units || headings
        ? "找到 " + total[0] + "，" + inDocs + " 部文件 Found " + total[1] + " in " + plural(inDocs, "document")
        : "没有找到 Nothing found";
    }
    results.setAttribute("data-query", query);
    try {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
    } catch (e) {
      // A page opened from disk may refuse to change its address; the results stand.
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  var query = params.get("q") || "";
  input.value = query;
  search(query);
})();
