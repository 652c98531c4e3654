// Search and list filters from the client's own search index (search/index.js, made with the site).
// The index is a script that calls portalgenSearch(...), so it loads from disk as well as from the server;
// it is loaded only when a search or a filter is used. Every value from it is set as text, never as markup.
//
// Without this script the search boxes and filter forms stay hidden, and the lists' own pages and CSVs are
// complete.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var indexURL = script.getAttribute("data-index");
  var root = script.getAttribute("data-root") || "";
  var waiting = [];
  var index = null;
  var requested = false;

  window.portalgenSearch = function (data) {
    index = data;
    var callbacks = waiting;
    waiting = [];
    callbacks.forEach(function (callback) { callback(data); });
  };
  function withIndex(callback) {
    if (index) { callback(index); return; }
    waiting.push(callback);
    if (requested) return;
    requested = true;
    var tag = document.createElement("script");
    tag.src = indexURL;
    document.head.appendChild(tag);
  }

  // Case and accents do not matter: "cafe" finds "Café".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = new WeakMap();
  function words(row) {
    var text = folded.get(row);
    if (text === undefined) {
      text = fold(row.slice(5).join(" \u0000 "));
      folded.set(row, text);
    }
    return text;
  }
  function matches(row, terms) {
    var text = words(row);
    for (var i = 0; i < terms.length; i++) if (text.indexOf(terms[i]) < 0) return false;
    return true;
  }
  function terms(query) {
    return fold(query).split(/\s+/).filter(function (term) { return term.length > 0; });
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // A table of `rows` with the index table's columns; the first cell links to the row's page.
  function table(source, rows, caption) {
    var wrap = element("div", "table-wrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption);
    var tableNode = element("table", "stack");
    tableNode.appendChild(element("caption", "visually-hidden", caption));
    var head = element("tr");
    var numeric = source.numeric || [];
    source.columns.forEach(function (column, index) {
      var th = element("th", numeric.indexOf(index) >= 0 ? "num" : null, column);
      th.scope = "col";
      head.appendChild(th);
    });
    tableNode.appendChild(element("thead")).appendChild(head);
    var body = tableNode.appendChild(element("tbody"));
    rows.forEach(function (row) {
      var tr = element("tr");
      for (var i = 5; i < row.length; i++) {
        var td = element("td", numeric.indexOf(i - 5) >= 0 ? "num" : null);
        td.setAttribute("data-label", source.columns[i - 5]);
        if (i === 5) {
          var link = element("a", null, row[i] || "—");
          link.href = root + row[0];
          td.appendChild(link);
        } else {
          td.textContent = row[i];
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
    wrap.appendChild(tableNode);
    return wrap;
  }
  function tableOf(data, id) {
    for (var i = 0; i < data.tables.length; i++) if (data.tables[i].id === id) return data.tables[i];
    return null;
  }
  function message(node, name) { return node.getAttribute("data-" + name) || ""; }
  // A count in the digits of the client's pages.
  function digits(data, value) {
    var digits = data.hours[6];
    var text = String(value);
    return digits ? text.replace(/[0-9]/g, function (d) { return digits[Number(d)]; }) : text;
  }

  // Hours as the client's pages write them: [before, after, decimal, group, size, minimum, digits, minus].
  function hours(style, centi) {
    var whole = String(Math.floor(Math.abs(centi) / 100));
    var fraction = String(Math.abs(centi) % 100);
    if (fraction.length < 2) fraction = "0" + fraction;
    var size = Number(style[4]);
    if (whole.length > size && whole.length >= size + Number(style[5])) {
      var grouped = "";
      for (var i = 0; i < whole.length; i++) {
        if (i > 0 && (whole.length - i) % size === 0) grouped += style[3];
        grouped += whole[i];
      }
      whole = grouped;
    }
    var text = whole + style[2] + fraction;
    if (style[6]) text = text.replace(/[0-9]/g, function (d) { return style[6][Number(d)]; });
    return style[0] + (centi < 0 ? style[7] : "") + text + style[1];
  }

  var LIMIT = 50;

  // The search page: every table, the first rows of each that match every word.
  function searchPage(form, results) {
    var input = form.querySelector("input[name=q]");
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    function run() {
      var value = input.value;
      var url = new URL(location.href);
      if (value) url.searchParams.set("q", value); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      var wanted = terms(value);
      if (!wanted.length) { results.replaceChildren(); return; }
      withIndex(function (data) {
        if (input.value !== value) return;
        var found = 0;
        var sections = [];
        data.tables.forEach(function (source) {
          var rows = [];
          var matched = 0;
          source.rows.forEach(function (row) {
            if (!matches(row, wanted)) return;
            matched++;
            if (rows.length < LIMIT) rows.push(row);
          });
          if (!matched) return;
          found += matched;
          var section = element("section", "card");
          section.appendChild(element("h2", null, source.label + " (" + digits(data, matched) + ")"));
          section.appendChild(table(source, rows, source.label));
          if (matched > rows.length) section.appendChild(element("p", "muted", message(results, "more").replace("{{count}}", digits(data, matched - rows.length))));
          sections.push(section);
        });
        var summary = element("p", "summary", found ? message(results, "found").replace("{{count}}", digits(data, found)) : message(results, "none"));
        results.replaceChildren.apply(results, [summary].concat(sections));
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    if (query) run();
  }

  // A list page's filter: the rows of its table that match every field, in place of the list below it.
  function listFilter(form, results) {
    var id = form.getAttribute("data-table");
    var fields = ["q", "project", "status", "from", "to"];
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var field = form.elements[name];
      if (field && params.get(name)) field.value = params.get(name);
    });
    // Everything after the results in the page is the unfiltered list.
    var list = [];
    for (var node = results.nextElementSibling; node; node = node.nextElementSibling) list.push(node);
    function values() {
      var result = {};
      fields.forEach(function (name) { result[name] = form.elements[name] ? form.elements[name].value : ""; });
      return result;
    }
    function run() {
      var wanted = values();
      var url = new URL(location.href);
      fields.forEach(function (name) { if (wanted[name]) url.searchParams.set(name, wanted[name]); else url.searchParams.delete(name); });
      history.replaceState(null, "", url);
      var active = fields.some(function (name) { return wanted[name]; });
      if (!active) {
        results.hidden = true;
        results.replaceChildren();
        list.forEach(function (node) { node.hidden = false; });
        return;
      }
      withIndex(function (data) {
        var source = tableOf(data, id);
        if (!source) return;
        var now = values();
        if (fields.some(function (name) { return now[name] !== wanted[name]; })) return;
        var text = terms(wanted.q);
        var rows = source.rows.filter(function (row) {
          if (wanted.from && (!row[1] || row[1] < wanted.from)) return false;
          if (wanted.to && (!row[1] || row[1] > wanted.to)) return false;
          if (wanted.project && String(row[2] === null ? "direct" : row[2]) !== wanted.project) return false;
          if (wanted.status && (" " + row[3] + " ").indexOf(" " + wanted.status + " ") < 0) return false;
          return matches(row, text);
        });
        var summary = message(results, "count").replace("{{count}}", digits(data, rows.length));
        if (source.id === "time-entries") {
          var centi = rows.reduce(function (sum, row) { return sum + (row[4] || 0); }, 0);
          summary += " · " + message(results, "hours").replace("{{hours}}", hours(data.hours, centi));
        }
        var parts = [element("p", "summary", summary)];
        if (rows.length) parts.push(table(source, rows, message(results, "caption")));
        results.replaceChildren.apply(results, parts);
        results.hidden = false;
        list.forEach(function (node) { node.hidden = true; });
      });
    }
    form.addEventListener("input", run);
    form.addEventListener("change", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    form.addEventListener("focusin", function () { withIndex(function () {}); });
    form.hidden = false;
    if (fields.some(function (name) { return params.get(name); })) run();
  }

  function start() {
    document.querySelectorAll(".site-search").forEach(function (form) { form.hidden = false; });
    document.querySelectorAll("[data-needs-script]").forEach(function (node) { node.hidden = true; });
    var search = document.querySelector("form[data-search]");
    var searchResults = document.querySelector("[data-search-results]");
    if (search && searchResults) {
      search.hidden = false;
      searchPage(search, searchResults);
    }
    var filter = document.querySelector("form.list-filter");
    var filterResults = document.querySelector("[data-filter-results]");
    if (filter && filterResults) listFilter(filter, filterResults);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
