/*
 * search.js: the briefing site's search box. Written for the briefing site; no
 * third-party code.
 *
 * It answers from the index that `briefing generate` prebuilt in layers
 * (generator/search_index.py): search/names.js (actors, places, aliases),
 * search/titles.js (headlines), search/text-N.js (full-text words by prefix,
 * loaded on demand) and search/snip-N.js (snippets, on demand). Each layer is a
 * script that calls __briefingSearch.add(name, data): a page opened from disk
 * (file://) may load scripts but not fetch JSON, so this works the same from disk
 * and over http, with no network.
 *
 * It uses Material's header search box and result list (our partials/search.html
 * with Material's CSS classes) and Material's keyboard habits: `/`, `s` or `f`
 * focus the box, arrows move through the results, Enter opens the first (or the
 * focused) result, Escape or Tab closes. Material's own search (a lunr index built
 * in the browser from every page's text) is not used: the partial leaves out
 * what would start it.
 *
 * Ranking: an actor or place whose name or alias is the query, then names and
 * aliases that start with it, then headlines with every query word, then
 * briefings with every query word in their text (newest first). Case and
 * accents are folded exactly as in Python (fold below = search_index.fold).
 */
(function () {
  "use strict";

  var FORMAT = 1;
  var MAX_SHOWN = 50; // results rendered; the meta line gives the total
  var MIN_PREFIX = 3; // a last word this long or longer also finds longer words in the full text
  var ROOT = new URL("../", document.currentScript.src).href; // this file is javascripts/search.js
  // Kind codes of names.js: [folder, kind] (search_index.ACTOR_CODES, LOCATION_CODES).
  var KINDS = {
    p: ["actors", "person"], o: ["actors", "organisation"], s: ["actors", "state"], g: ["actors", "group"],
    c: ["locations", "city"], r: ["locations", "region"], n: ["locations", "country"],
    k: ["locations", "continent"], x: ["locations", "place"]
  };
  var NAME = 0, ALIAS = 1; // key flags; 2 = a later word of the name

  // -- folding: the same as generator/search_index.py fold() --------------------
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ħ": "h" };
  var SPECIAL_RE = /[ßæœøđðþłıħ]/g;
  var MARKS = /\p{M}/gu;
  var POSSESSIVE = /['’ʼ]s(?![\p{L}\p{N}])/gu;
  var DROPPED = /['’ʼ.]/g;
  var WORDS = /[\p{L}\p{N}]+/gu;
  var ASCII = /^[\x00-\x7f]*$/;

  function fold(text) {
    text = String(text).normalize("NFKD").toLowerCase();
    if (!ASCII.test(text)) {
      text = text.replace(MARKS, "").replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
    }
    var words = text.replace(POSSESSIVE, "").replace(DROPPED, "").match(WORDS);
    return words ? words.join(" ") : "";
  }

  function derivedId(text) {
    return fold(text).replace(/ /g, "-");
  }

  // A page id as the layers store it (search_index.short_id): "" derived from the
  // name or headline, "+rest" that and "-rest", else the id itself.
  function pageId(short, text) {
    if (!short) return derivedId(text);
    if (short.charAt(0) === "+") return derivedId(text) + "-" + short.slice(1);
    return short;
  }

  // -- layers -------------------------------------------------------------------
  var arrived = {};
  var loading = {};
  var stats = { started: null, ready: null, layers: [] };

  var api = window.__briefingSearch = {
    add: function (name, value) { arrived[name] = value; },
    fold: fold,
    stats: stats
  };

  function layer(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = ROOT + "search/" + name + ".js";
        script.onload = function () {
          script.remove();
          if (name in arrived) {
            stats.layers.push(name);
            resolve(arrived[name]);
            delete arrived[name];
          } else {
            reject(new Error("search: " + script.src + " did not define its data"));
          }
        };
        script.onerror = function () {
          script.remove();
          reject(new Error("search: cannot load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // -- the index ----------------------------------------------------------------
  var names = null; // after names.js: entities, sorted keys, shard prefixes
  var titles = null; // after titles.js: headlines with their folded words

  function Names(raw) {
    if (raw.format !== FORMAT) throw new Error("search: index format " + raw.format + ", expected " + FORMAT);
    var k = raw.keys, count = k.length / 3;
    var keys = new Array(count), refs = new Int32Array(count), previous = "";
    for (var i = 0, j = 0; i < count; i++, j += 3) {
      previous = previous.slice(0, k[j]) + k[j + 1]; // front coding: shared prefix + rest
      keys[i] = previous;
      refs[i] = k[j + 2];
    }
    this.entities = raw.entities; // flat rows of 5: code, id, name, briefings, hint
    this.keys = keys;
    this.refs = refs;
    this.shards = raw.shards; // the first word of each full-text shard, in order
    this.articles = raw.articles;
    this.block = raw.block;
  }

  function Titles(raw) {
    var t = raw.titles; // flat rows of 3: headline, id, date
    this.rows = t;
    this.words = new Array(t.length / 3);
    for (var i = 0; i < this.words.length; i++) this.words[i] = fold(t[3 * i]).split(" ");
  }

  function lowerBound(keys, q) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (keys[mid] < q) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Entities whose name or alias matches the folded query, best first:
  // 0 the name or an alias is the query, 1 the name from a later word is
  // ("zelensky"), 2 a name or alias starts with it, 3 a later word does. In a
  // tier: more briefings first, then a name before an alias, then A to Z.
  function matchEntities(q) {
    var keys = names.keys, refs = names.refs, best = new Map();
    for (var i = lowerBound(keys, q); i < keys.length && keys[i].startsWith(q); i++) {
      var flag = refs[i] & 3, entity = refs[i] >> 2, exact = keys[i].length === q.length;
      var rank = 4 * (exact ? (flag === NAME || flag === ALIAS ? 0 : 1) : (flag === NAME || flag === ALIAS ? 2 : 3)) + flag;
      if (!best.has(entity) || best.get(entity) > rank) best.set(entity, rank);
    }
    var e = names.entities;
    return Array.from(best, function (pair) { return { entity: pair[0], tier: pair[1] >> 2, flag: pair[1] & 3 }; })
      .sort(function (a, b) {
        return a.tier - b.tier || e[5 * b.entity + 3] - e[5 * a.entity + 3] || a.flag - b.flag ||
          (e[5 * a.entity + 2] < e[5 * b.entity + 2] ? -1 : e[5 * a.entity + 2] > e[5 * b.entity + 2] ? 1 : 0);
      });
  }

  // Headlines in which every query word starts a word, newest first; those with
  // more whole-word matches before.
  function matchTitles(tokens) {
    var out = [];
    if (!titles) return out;
    for (var a = 0; a < titles.words.length; a++) {
      var words = titles.words[a], whole = 0, all = true;
      for (var t = 0; t < tokens.length && all; t++) {
        var found = false;
        for (var w = 0; w < words.length; w++) {
          if (words[w].startsWith(tokens[t])) {
            found = true;
            if (words[w].length === tokens[t].length) { whole++; break; }
          }
        }
        all = found;
      }
      if (all) out.push({ article: a, whole: whole });
    }
    return out.sort(function (x, y) { return y.whole - x.whole || x.article - y.article; })
      .map(function (x) { return x.article; });
  }

  // The shard that would hold a word: the last whose first word is not after it.
  function shardOf(word) {
    var lo = 0, hi = names.shards.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (names.shards[mid] <= word) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  // The run of shards holding every word that starts with `prefix`.
  function shardsFrom(prefix) {
    var first = Math.max(0, shardOf(prefix)), out = [first];
    for (var i = first + 1; i < names.shards.length && names.shards[i].startsWith(prefix); i++) out.push(i);
    return out;
  }

  // Briefings whose text has every query word (the last may be a prefix while
  // typing): those where the words occur more often first, then newest first.
  // Words of one letter are left out. A posting is gap * 4 + frequency class.
  function matchText(tokens, lastIsPrefix) {
    var words = tokens.filter(function (t) { return t.length >= 2; });
    lastIsPrefix = lastIsPrefix && tokens[tokens.length - 1].length >= MIN_PREFIX;
    if (!words.length) return Promise.resolve([]);
    var needed = words.map(function (w, i) {
      return lastIsPrefix && i === words.length - 1 && w === tokens[tokens.length - 1] ? shardsFrom(w) : [shardOf(w)];
    });
    var files = [];
    needed.forEach(function (list) { list.forEach(function (n) { if (n >= 0 && files.indexOf(n) < 0) files.push(n); }); });
    return Promise.all(files.map(function (n) { return layer("text-" + n); })).then(function (loaded) {
      var byNumber = {};
      files.forEach(function (n, i) { byNumber[n] = loaded[i].words; });
      var hits = new Uint8Array(names.articles); // query words found so far
      var weight = new Uint8Array(names.articles); // this word's best frequency class + 1
      var score = new Uint16Array(names.articles);
      for (var i = 0; i < words.length; i++) {
        var prefix = lastIsPrefix && i === words.length - 1 && words[i] === tokens[tokens.length - 1];
        needed[i].forEach(function (n) {
          var shard = byNumber[n];
          if (!shard) return;
          var lists = prefix
            ? Object.keys(shard).filter(function (w) { return w.startsWith(words[i]); }).map(function (w) { return shard[w]; })
            : (Object.prototype.hasOwnProperty.call(shard, words[i]) ? [shard[words[i]]] : []);
          lists.forEach(function (postings) {
            for (var j = 0, article = 0; j < postings.length; j++) {
              article += postings[j] >> 2;
              var w = (postings[j] & 3) + 1;
              if (hits[article] === i) { // the first word of this query word's prefix here
                hits[article] = i + 1;
                weight[article] = w;
                score[article] += w;
              } else if (hits[article] === i + 1 && w > weight[article]) {
                score[article] += w - weight[article];
                weight[article] = w;
              }
            }
          });
        });
      }
      var out = [];
      for (var a = 0; a < hits.length; a++) if (hits[a] === words.length) out.push(a);
      return out.sort(function (x, y) { return score[y] - score[x] || x - y; });
    });
  }

  // -- results ------------------------------------------------------------------
  function entityResult(m) {
    var e = names.entities, at = 5 * m.entity, kind = KINDS[e[at]] || KINDS.x;
    var id = pageId(e[at + 1], e[at + 2]);
    var place = kind[0] === "locations";
    var meta = [];
    if (place) meta.push(kind[1]);
    if (e[at + 4]) meta.push(e[at + 4]);
    meta.push(e[at + 3] + (e[at + 3] === 1 ? " briefing" : " briefings"));
    return { href: ROOT + kind[0] + "/" + id + ".html", id: id, title: e[at + 2], tag: place ? "place" : kind[1], text: meta.join(" · ") };
  }

  function articleResult(a) {
    var t = titles.rows, id = pageId(t[3 * a + 1], t[3 * a]);
    return { href: ROOT + "briefings/" + id + ".html", id: id, title: t[3 * a], tag: "briefing", date: t[3 * a + 2], article: a };
  }

  // -- the user interface ---------------------------------------------------------
  var dialog = document.querySelector("[data-briefing-search]");
  if (!dialog) return;
  var input = dialog.querySelector(".md-search__input");
  var form = dialog.querySelector(".md-search__form");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var words = {};
  try {
    words = JSON.parse(document.getElementById("__config").textContent).translations || {};
  } catch (err) { /* English defaults below */ }

  function say(key, count, fallback) {
    var text = words[key] || fallback;
    return text.replace("#", String(count));
  }

  function setOpen(open) {
    // Material opens and closes its search with this checkbox (a click, so its listeners hear it).
    if (toggle && toggle.checked !== open) toggle.click();
  }

  var WORD_SPANS = /[\p{L}\p{M}\p{N}]+(?:['’ʼ.][\p{L}\p{M}\p{N}]+)*/gu;

  // `text` with every word that a query word begins in <mark>, as DOM nodes (never HTML).
  function marked(text, tokens) {
    var fragment = document.createDocumentFragment(), last = 0, m;
    WORD_SPANS.lastIndex = 0;
    while ((m = WORD_SPANS.exec(text))) {
      var parts = fold(m[0]).split(" ");
      var hit = tokens.some(function (t) { return parts.some(function (p) { return p.startsWith(t); }); });
      if (!hit) continue;
      fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      fragment.appendChild(mark);
      last = m.index + m[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function item(result, tokens) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = result.href;
    a.tabIndex = -1;
    a.setAttribute("data-kind", result.tag);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h = document.createElement("h1");
    h.appendChild(marked(result.title, tokens));
    var p = document.createElement("p");
    var tag = document.createElement("span");
    tag.className = "md-tag briefing-search__kind";
    tag.textContent = result.tag;
    p.appendChild(tag);
    var text = document.createElement("span");
    if (result.article !== undefined) {
      text.setAttribute("data-snippet", result.article);
      text.textContent = result.date ? " " + result.date : "";
    } else {
      text.textContent = " " + result.text;
    }
    p.appendChild(text);
    article.append(icon, h, p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // Fill in the snippets of the briefings in view (or about to be), block by block
  // as their files load: a query with 50 briefings loads only what is seen.
  var watcher = null;

  function watchSnippets(tokens, query) {
    if (watcher) watcher.disconnect();
    if (typeof IntersectionObserver === "undefined") {
      list.querySelectorAll("[data-snippet]").forEach(function (span) { fillSnippet(span, tokens, query); });
      return;
    }
    watcher = new IntersectionObserver(function (entries, observer) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        fillSnippet(entry.target, tokens, query);
      });
    }, { rootMargin: "200px 0px" });
    list.querySelectorAll("[data-snippet]").forEach(function (span) { watcher.observe(span); });
  }

  function fillSnippet(span, tokens, query) {
    var a = Number(span.getAttribute("data-snippet")), block = Math.floor(a / names.block);
    layer("snip-" + block).then(function (data) {
      if (query !== current || !span.isConnected) return;
      var date = titles.rows[3 * a + 2];
      span.textContent = date ? " " + date + " · " : " ";
      span.appendChild(marked(data.snippets[a - block * names.block], tokens));
      span.removeAttribute("data-snippet");
    }, report);
  }

  var current = 0; // the number of the latest query; older answers are dropped
  var lastQuery = null;

  // `results`: entity matches ({entity}) then article numbers, best first; only the
  // first MAX_SHOWN become result objects and list items.
  function render(results, total, tokens, query, complete, started) {
    if (query !== current) return;
    list.textContent = "";
    results.slice(0, MAX_SHOWN).forEach(function (r) {
      list.appendChild(item(typeof r === "number" ? articleResult(r) : entityResult(r), tokens));
    });
    if (!total) meta.textContent = complete ? say("search.result.none", 0, "No matching documents") : "…";
    else if (total === 1) meta.textContent = say("search.result.one", 1, "1 matching document");
    else meta.textContent = say("search.result.other", total, "# matching documents");
    watchSnippets(tokens, query);
    var detail = { query: input.value, results: total, complete: complete, ms: performance.now() - started };
    document.dispatchEvent(new CustomEvent("briefing-search", { detail: detail }));
  }

  function run() {
    var raw = input.value;
    if (raw === lastQuery) return;
    lastQuery = raw;
    var query = ++current, started = performance.now();
    var q = fold(raw);
    if (!q) {
      list.textContent = "";
      meta.textContent = say("search.result.placeholder", 0, "Type to start searching");
      return;
    }
    if (!names) {
      meta.textContent = "…";
      start().then(function () { lastQuery = null; if (query === current) run(); });
      return;
    }
    var tokens = q.split(" ");
    var headlines = matchTitles(tokens);
    var first = matchEntities(q).concat(headlines);
    render(first, first.length, tokens, query, false, started);
    matchText(tokens, !/\s$/.test(raw)).then(function (articles) {
      if (query !== current) return;
      var inTitles = new Set(headlines);
      var rest = titles ? articles.filter(function (a) { return !inTitles.has(a); }) : [];
      render(first.concat(rest.slice(0, MAX_SHOWN)), first.length + rest.length, tokens, query, true, started);
    }, report);
  }

  function report(err) {
    meta.textContent = "Search is unavailable: " + err.message;
    dialog.setAttribute("data-briefing-search", "error");
    console.error(err);
  }

  var ready = null;

  // One query's work while the page is idle, so that the reader's first keystroke
  // does not also pay for compiling the code that answers it.
  function warmUp() {
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); };
    idle(function () {
      if (input.value) return;
      matchEntities("e");
      matchTitles(["e"]);
      marked("Éa", ["e"]);
    });
  }

  function start() {
    if (ready) return ready;
    stats.started = performance.now();
    ready = layer("names").then(function (raw) {
      names = new Names(raw);
      stats.ready = performance.now();
      dialog.setAttribute("data-briefing-search", "ready");
      layer("titles").then(function (raw) {
        titles = new Titles(raw);
        stats.titles = performance.now();
        lastQuery = null;
        if (input.value) run();
        else warmUp();
      }, report);
    });
    ready.catch(report);
    return ready;
  }

  // Load the names layer once the page has loaded (or as soon as the reader reaches for search).
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);

  input.addEventListener("focus", function () { start(); setOpen(true); });
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
      else input.blur();
    });
  }
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) setOpen(false);
  });

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var focused = document.activeElement;
    if (!toggle || !toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(focused)) {
        event.preventDefault();
        setOpen(true);
        input.focus();
        input.select();
      }
      return;
    }
    switch (event.key) {
      case "Enter":
        if (focused === input) {
          event.preventDefault();
          var first = list.querySelector("a[href]");
          if (first) first.click();
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var stops = [input].concat(Array.from(list.querySelectorAll("a[href]")));
        var at = Math.max(0, stops.indexOf(focused));
        stops[(at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
        event.preventDefault();
        break;
      default:
        if (focused !== input && event.key.length === 1) input.focus();
    }
  });

  // ?q=words opens the search with them, as Material's search does.
  var asked = new URL(location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    setOpen(true);
    input.focus();
    run();
  }
})();
