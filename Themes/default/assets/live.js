// Live updates from the portalgen daemon: a Server-Sent Events stream under the client's own prefix.
// Without the daemon (or from file://) nothing happens and the page works as before.
(function () {
  var script = document.currentScript;
  if (!script || !window.EventSource || location.protocol.indexOf("http") !== 0) return;
  var url = script.getAttribute("data-live");
  var mode = script.getAttribute("data-mode");
  var seen = null;
  var delay = 1000;
  function updated() {
    if (mode === "reload") { location.reload(); return; }
    var notice = document.getElementById("live-notice");
    if (notice) notice.hidden = false;
  }
  function connect() {
    var source = new EventSource(url);
    source.addEventListener("hello", function (event) {
      delay = 1000;
      if (seen !== null && event.data !== seen) updated();
      seen = event.data;
    });
    source.addEventListener("rebuilt", function (event) {
      seen = event.data;
      updated();
    });
    source.onerror = function () {
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }
  connect();
})();
