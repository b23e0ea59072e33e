/*
 * Search over Pagefind's index, for the header box on every page and the /search/ page.
 *
 * Nothing of the index is fetched on page load: pagefind.js (and through it the WebAssembly and
 * the index fragments a query needs) is imported the first time the reader focuses a search box.
 * Result text is put in the page as text; only Pagefind's <mark> highlights are kept as elements.
 */
(function () {
  "use strict";

  var FILTERS = [["topic", "Topic"], ["lab", "Lab"], ["added", "Year added"], ["code", "Has code"]];
  var HEADER_RESULTS = 8;
  var PAGE_SIZE = 20;

  /* The site's root URL, from Material's config block (works under any base path). */
  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  /* A digest in parts: its root (where parts.json lists the parts), from <meta name="digest-home">. */
  function digestHome() {
    var meta = document.querySelector('meta[name="digest-home"]');
    return meta ? new URL(meta.getAttribute("content"), siteRoot()) : null;
  }

  /* Each closed part's own index, merged into the root's (Pagefind's mergeIndex): one search over all. */
  function mergeParts(pagefind, home) {
    return fetch(new URL("parts.json", home)).then(function (response) {
      return response.ok ? response.json() : { parts: [] };
    }).then(function (index) {
      return Promise.all(index.parts.map(function (part) {
        var base = new URL(part.url, home);
        return pagefind.mergeIndex(new URL("pagefind/", base).href, { baseUrl: base.pathname });
      }));
    });
  }

  var pagefindPromise = null;
  function loadPagefind() {
    if (!pagefindPromise) {
      var home = digestHome();
      var root = home || siteRoot();
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return home ? mergeParts(pagefind, home) : null;
        }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
    }
    return pagefindPromise;
  }

  /* Pagefind escapes the excerpt's text and marks matches with <mark>: rebuild it from text
     nodes and <mark> elements only, so nothing else in it can ever become markup. */
  function excerptNodes(excerpt) {
    var template = document.createElement("template");
    template.innerHTML = excerpt;
    var fragment = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* One result in Material's result markup, so both palettes style it natively. A plain list
     of links (no listbox roles: arrows move between the links, Tab and Enter work as anywhere);
     titles are h2s under the page's or the dialog's own heading level. */
  function resultItem(data) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = data.url;
    var article = element("article", "md-search-result__article md-typeset");
    var kind = data.meta.kind || "paper";
    article.appendChild(element("h2", null, data.meta.title || data.url));
    if (data.meta.authors) article.appendChild(element("p", "digest-search__authors", data.meta.authors));
    var excerpt = element("p", "digest-search__excerpt");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    article.appendChild(excerpt);
    if (kind !== "paper") {
      article.appendChild(element("p", "digest-search__kind", kind === "topic" ? "Topic" : "Lab"));
    } else if (data.meta.topics) {
      var tags = element("nav", "md-tags");
      data.meta.topics.split(" · ").forEach(function (topic) {
        tags.appendChild(element("span", "md-tag", topic));
      });
      article.appendChild(tags);
    }
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function countText(count, partial) {
    if (partial) {
      return count === 0 ? "No matching papers"
        : "No page has every word; " + (count === 1 ? "1 page has" : count + " pages have") + " all but one";
    }
    return count === 0 ? "No matching papers" : count === 1 ? "1 matching page" : count + " matching pages";
  }

  /* Pagefind finds the pages with every word of a query (it ignores a word no page has). When
     none has them all (a reader's "robot manipulation policy" where no abstract says "policy"
     beside "manipulation"), the pages with all but one word, each query's results merged by
     their best score: a reader gets the nearest papers, told that they miss a word, instead of
     nothing. `search.partial` says which it was. */
  function searchAllOrMost(pagefind, query, options) {
    return pagefind.search(query, options).then(function (search) {
      return orAllButOne(pagefind, query, options, search);
    });
  }

  /* `search`, the query's own results, when it has any; else the all-but-one-word results. */
  function orAllButOne(pagefind, query, options, search) {
    var words = (query || "").split(/\s+/).filter(Boolean);
    if (search.results.length || words.length < 2) return search;
    var lesser = words.map(function (_, skip) {
      return pagefind.search(words.filter(function (__, i) { return i !== skip; }).join(" "), options);
    });
    return Promise.all(lesser).then(function (searches) {
      var best = {};
      searches.forEach(function (s) {
        s.results.forEach(function (r) { if (!best[r.id] || best[r.id].score < r.score) best[r.id] = r; });
      });
      var merged = Object.keys(best).map(function (id) { return best[id]; })
        .sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
      // the filter counts are those of the sub-query with most results: Pagefind counts per
      // query, and a union's counts would need every result's data
      var widest = searches.reduce(function (a, b) { return b.results.length > a.results.length ? b : a; });
      return { results: merged, filters: widest.filters, totalFilters: widest.totalFilters, partial: true };
    });
  }

  /* ---- the header box ------------------------------------------------------------------ */

  function setupHeader() {
    var input = document.getElementById("digest-search-input");
    var toggle = document.getElementById("__search");
    if (!input || !toggle) return;
    var list = document.getElementById("digest-search-results");
    var meta = document.getElementById("digest-search-meta");
    var all = document.getElementById("digest-search-all");
    var form = input.form;
    var dialog = input.closest(".digest-search");
    var latest = 0;

    function open() {
      if (!toggle.checked) toggle.checked = true;
      loadPagefind().catch(function () { meta.textContent = "Search is not available"; });
    }
    function close() {
      toggle.checked = false;
      input.blur();
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      all.hidden = !query;
      all.href = new URL("search/?q=" + encodeURIComponent(query), digestHome() || siteRoot()).href;
      if (!query) {
        list.replaceChildren();
        meta.textContent = "Type to search";
        return;
      }
      loadPagefind().then(function (pagefind) {
        return pagefind.debouncedSearch(query, {}, 120).then(function (search) {
          if (!search || ticket !== latest) return null;      // a newer query superseded this one
          return orAllButOne(pagefind, query, {}, search);    // its own results, not searched again
        });
      }).then(function (search) {
        if (!search || ticket !== latest) return null;
        return Promise.all(search.results.slice(0, HEADER_RESULTS).map(function (r) { return r.data(); }))
          .then(function (results) {
            if (ticket !== latest) return;
            meta.textContent = countText(search.results.length, search.partial);
            list.replaceChildren.apply(list, results.map(resultItem));
          });
      }).catch(function () { meta.textContent = "Search is not available"; });
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", run);
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    form.addEventListener("submit", function (event) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.click(); }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) toggle.checked = false;
    });
    // Tabbing out of the box and its results closes the overlay, so it never covers the page
    // while focus is elsewhere. (No relatedTarget: a click on nothing focusable, such as the
    // box's own close label, which handles itself.)
    dialog.addEventListener("focusout", function (event) {
      if (toggle.checked && event.relatedTarget && !dialog.contains(event.relatedTarget)) {
        toggle.checked = false;
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      var active = document.activeElement;
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!toggle.checked) {
        if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
          event.preventDefault();
          input.focus();
          input.select();
        }
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        // from a result, back to the box (the results stay); from the box, close
        if (active && active !== input && dialog.contains(active)) input.focus();
        else close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var links = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
        var index = Math.max(0, links.indexOf(active));
        index = (index + links.length + (event.key === "ArrowUp" ? -1 : 1)) % links.length;
        links[index].focus();
        event.preventDefault();
      }
    });
  }

  /* ---- the search page ----------------------------------------------------------------- */

  function setupPage() {
    var container = document.getElementById("digest-search-page");
    if (!container) return;
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", filters: {}, shown: PAGE_SIZE };
    FILTERS.forEach(function (f) { state.filters[f[0]] = params.getAll(f[0]); });

    var form = element("form", "digest-search-page__form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Search the digest");
    var input = element("input", "md-input digest-search-page__input");
    input.type = "search";
    input.name = "q";
    input.id = "digest-search-page-input";
    input.placeholder = "Search papers";
    input.setAttribute("aria-label", "Search papers");
    input.value = state.q;
    form.appendChild(input);
    var layout = element("div", "digest-search-page__layout");
    // The filters fold away on a phone (results first), and are always open beside the results
    // on a wider screen.
    var filterBox = element("details", "digest-search-page__filters");
    var filterSummary = element("summary", "digest-search-page__filters-summary", "Filters");
    var facets = element("div", "digest-search-page__facets");
    facets.setAttribute("role", "group");
    facets.setAttribute("aria-label", "Filters");
    filterBox.append(filterSummary, facets);
    var wide = window.matchMedia("(min-width: 45em)");
    function fitFilters() { filterBox.open = wide.matches || filterBox.open; }
    fitFilters();
    if (wide.addEventListener) wide.addEventListener("change", fitFilters);
    var output = element("div", "digest-search-page__output");
    var meta = element("p", "digest-search-page__meta");
    meta.setAttribute("aria-live", "polite");
    var list = element("ol", "md-search-result__list digest-search-page__results");
    var more = element("button", "md-button digest-search-page__more", "Show more");
    more.type = "button";
    more.hidden = true;
    output.append(meta, list, more);
    layout.append(filterBox, output);
    container.append(form, layout);

    function activeFilters() {
      var filters = {};
      FILTERS.forEach(function (f) {
        if (state.filters[f[0]].length) filters[f[0]] = { any: state.filters[f[0]] };
      });
      return filters;
    }

    function remember() {
      var next = new URLSearchParams();
      if (state.q) next.set("q", state.q);
      FILTERS.forEach(function (f) { state.filters[f[0]].forEach(function (v) { next.append(f[0], v); }); });
      var query = next.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }

    function renderFacets(available) {
      facets.replaceChildren();
      var chosenCount = 0;
      FILTERS.forEach(function (f) {
        var counts = available[f[0]] || {};
        chosenCount += state.filters[f[0]].length;
        // a value that would give no result is not offered (a chosen one stays, to be unticked)
        var values = Object.keys(counts).filter(function (v) { return counts[v] > 0; }).sort(function (a, b) {
          return f[0] === "added" ? b.localeCompare(a) : a.localeCompare(b);
        });
        state.filters[f[0]].forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        if (!values.length) return;
        var fieldset = element("fieldset", "digest-search-page__facet");
        fieldset.appendChild(element("legend", null, f[1]));
        values.forEach(function (value) {
          var label = element("label");
          var box = element("input");
          box.type = "checkbox";
          box.name = f[0];
          box.value = value;
          box.checked = state.filters[f[0]].indexOf(value) >= 0;
          box.addEventListener("change", function () {
            var chosen = state.filters[f[0]].filter(function (v) { return v !== value; });
            if (box.checked) chosen.push(value);
            state.filters[f[0]] = chosen;
            state.shown = PAGE_SIZE;
            run();
          });
          var count = (available[f[0]] || {})[value];
          label.append(box, document.createTextNode(" " + value + (count !== undefined ? " (" + count + ")" : "")));
          fieldset.appendChild(label);
        });
        facets.appendChild(fieldset);
      });
      filterSummary.textContent = chosenCount ? "Filters (" + chosenCount + " chosen)" : "Filters";
    }

    var latest = 0;
    function run() {
      remember();
      var ticket = ++latest;
      var filters = activeFilters();
      var hasFilters = Object.keys(filters).length > 0;
      loadPagefind().then(function (pagefind) {
        if (!state.q && !hasFilters) {
          return pagefind.filters().then(function (available) {
            if (ticket !== latest) return;
            renderFacets(available);
            meta.textContent = "Type a query or choose a filter";
            list.replaceChildren();
            more.hidden = true;
          });
        }
        // Pagefind counts results per filter value only once the filter index is loaded.
        return pagefind.filters().then(function () {
          return state.q ? searchAllOrMost(pagefind, state.q, { filters: filters })
            : pagefind.search(null, { filters: filters });
        }).then(function (search) {
          if (ticket !== latest) return null;
          // a group with a choice shows what each of its values gives on its own (they combine
          // with "or"); the other groups what they give on top of the current choice
          var counts = {};
          FILTERS.forEach(function (f) {
            counts[f[0]] = (state.filters[f[0]].length ? search.totalFilters : search.filters)[f[0]];
          });
          renderFacets(counts);
          var page = search.results.slice(0, state.shown);
          return Promise.all(page.map(function (r) { return r.data(); })).then(function (results) {
            if (ticket !== latest) return;
            meta.textContent = countText(search.results.length, search.partial);
            list.replaceChildren.apply(list, results.map(resultItem));
            more.hidden = search.results.length <= state.shown;
          });
        });
      }).catch(function () { meta.textContent = "Search is not available"; });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value.trim(); state.shown = PAGE_SIZE; run(); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = input.value.trim();
      run();
    });
    more.addEventListener("click", function () { state.shown += PAGE_SIZE; run(); });
    run();
  }

  function start() {
    setupHeader();
    setupPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
