/* Search over the whole edition with the character-bigram index that
 * search-index.js carries (window.BANMIAN_SEARCH, written by Banmian's
 * search_index.py): a phrase of two or more characters is looked up by its
 * bigrams and confirmed in each candidate's text; a single character scans
 * the texts. Text and query are normalised alike, one character at a time:
 * NFKC, lower case, white space dropped. Plain JavaScript, no build step. */
(function () {
  "use strict";
  var index = window.BANMIAN_SEARCH;
  var results = document.getElementById("results");
  var summary = document.getElementById("summary");
  var input = document.getElementById("q");
  if (!index || !results) { return; }

  function normalise(text) {
    var out = "";
    var map = [];          // map[i]: where normalised character i starts in text
    var i = 0;
    while (i < text.length) {
      var code = text.codePointAt(i);
      var ch = String.fromCodePoint(code);
      var folded = ch.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
      for (var k = 0; k < folded.length; k++) {
        out += folded[k];
        map.push(i);
      }
      i += ch.length;
    }
    map.push(text.length);
    return { text: out, map: map };
  }

  var prepared = index.docs.map(function (doc) { return normalise(doc.text); });
  var titles = index.docs.map(function (doc) { return normalise(doc.title).text; });

  function candidates(q) {
    if (q.length < 2) {
      return index.docs.map(function (_, k) { return k; });
    }
    var found = null;
    for (var i = 0; i + 1 < q.length; i++) {
      var list = index.grams[q.substr(i, 2)] || [];
      if (found === null) {
        found = list.slice();
      } else {
        found = found.filter(function (k) { return list.indexOf(k) !== -1; });
      }
      if (!found.length) { break; }
    }
    return found || [];
  }

  function count(haystack, needle) {
    var n = 0;
    var at = haystack.indexOf(needle);
    while (at !== -1) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  function search(query) {
    var q = normalise(query).text;
    if (!q) { return []; }
    var hits = [];
    candidates(q).forEach(function (k) {
      var at = prepared[k].text.indexOf(q);
      if (at === -1) { return; }
      hits.push({ k: k, at: at, length: q.length, count: count(prepared[k].text, q),
                  inTitle: titles[k].indexOf(q) !== -1 });
    });
    hits.sort(function (a, b) {
      return (b.inTitle - a.inTitle) || (b.count - a.count) || (a.k - b.k);
    });
    return hits;
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  function snippet(hit) {
    var doc = index.docs[hit.k];
    var map = prepared[hit.k].map;
    var start = map[hit.at];
    var end = map[hit.at + hit.length];
    var from = Math.max(0, start - 30);
    var to = Math.min(doc.text.length, end + 50);
    var p = element("p", "snippet");
    p.appendChild(document.createTextNode((from > 0 ? "…" : "") + doc.text.slice(from, start).replace(/\n/g, " ")));
    p.appendChild(element("mark", "", doc.text.slice(start, end)));
    p.appendChild(document.createTextNode(doc.text.slice(end, to).replace(/\n/g, " ") + (to < doc.text.length ? "…" : "")));
    return p;
  }

  function show(query) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var trimmed = query.trim();
    if (!trimmed) {
      summary.textContent = "在上方输入词语，按回车键搜索本期全部文章。";
      return;
    }
    var hits = search(trimmed);
    summary.textContent = hits.length ? "找到 " + hits.length + " 篇包含“" + trimmed + "”的文章" :
      "本期没有包含“" + trimmed + "”的文章";
    hits.forEach(function (hit) {
      var doc = index.docs[hit.k];
      var li = element("li", "result");
      var a = element("a", "title", doc.title);
      a.href = doc.url;
      li.appendChild(a);
      li.appendChild(element("span", "where", doc.label + (hit.count > 1 ? " · " + hit.count + " 处" : "")));
      li.appendChild(snippet(hit));
      results.appendChild(li);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (input) { input.value = query; }
  show(query);
  window.BANMIAN_SEARCH_RUN = search;
}());
