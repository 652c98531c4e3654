// Live updates from the portalgen daemon: a Server-Sent Events stream under the client's own prefix.
// Without the daemon (or from file://) nothing happens and the page works as before.
//
// The page sends its own path and version (the two portalgen-* meta tags); the daemon answers with
// `rebuilt` at once when the page is out of date (it changed while the page was loading, the stream was
// down or the tab was hidden), and later whenever this page's content changes.
//
// A stream holds one of the six connections a browser opens per host over HTTP/1.1, so it is closed
// whenever the page cannot be seen: when it is left (pagehide, which also lets the back/forward cache keep
// it without a stream) and while its tab is hidden. It reconnects when the page is shown again.
(function () {
  var script = document.currentScript;
  if (!script || !window.EventSource || location.protocol.indexOf("http") !== 0) return;
  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }
  var url = script.getAttribute("data-live");
  var mode = script.getAttribute("data-mode");
  var page = meta("portalgen-page");
  var version = meta("portalgen-version");
  var precise = page !== null && !!version;
  if (precise) url += "?page=" + encodeURIComponent(page) + "&v=" + encodeURIComponent(version);
  var source = null;
  var retry = null;
  var seen = null;
  var delay = 1000;
  function updated() {
    if (mode === "reload") { location.reload(); return; }
    var notice = document.getElementById("live-notice");
    if (notice) notice.hidden = false;
  }
  function disconnect() {
    if (retry !== null) { clearTimeout(retry); retry = null; }
    if (source !== null) { source.close(); source = null; }
  }
  function connect() {
    if (source !== null || retry !== null || document.visibilityState === "hidden") return;
    source = new EventSource(url);
    source.addEventListener("hello", function (event) {
      delay = 1000;
      // Themes without the meta tags: a new build id after a reconnect may mean new data.
      if (!precise && seen !== null && event.data !== seen) updated();
      seen = event.data;
    });
    source.addEventListener("rebuilt", function (event) {
      seen = event.data;
      updated();
    });
    source.onerror = function () {
      disconnect();
      retry = setTimeout(function () { retry = null; connect(); }, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }
  addEventListener("pagehide", disconnect);
  addEventListener("pageshow", connect);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") disconnect(); else connect();
  });
  connect();
})();
