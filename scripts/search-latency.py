#!/usr/bin/env python3
"""Search and filter latency in Chromium on one client's site, from disk (the README's Performance numbers).

Usage: scripts/search-latency.py SITE-FOLDER [QUERY ...]

Drives headless Chromium through chromedriver (WebDriver over HTTP, no Python packages needed): opens the site's
search page, types each query, and times from the input event to the results being on the page; the first
query includes loading the index. Then the time-entry filter over a date range. Prints milliseconds per query
and the median of five runs each."""
import json, os, socket, statistics, subprocess, sys, time, urllib.request

site = os.path.abspath(sys.argv[1])
queries = sys.argv[2:] or ["invoice", "review", "a"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = free_port()
driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def call(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["value"]


for _ in range(100):
    try:
        call("GET", "/status")
        break
    except Exception:
        time.sleep(0.1)
session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"]}}}})["sessionId"]
base = f"/session/{session}"

TYPE = """
const [selector, input, value, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const results = document.querySelector(selector);
const field = document.querySelector(input);
const started = performance.now();
const observer = new MutationObserver(() => {
  if (results.children.length && !results.hidden) { observer.disconnect(); done([performance.now() - started, results.innerText.split('\\n')[0]]); }
});
observer.observe(results, { childList: true, subtree: true, attributes: true });
field.value = value;
field.dispatchEvent(new Event('input', { bubbles: true }));
setTimeout(() => { observer.disconnect(); done([-1, 'timeout']); }, 20000);
"""

try:
    index = os.path.join(site, "search", "index.js")
    print(f"index {os.path.getsize(index):,} bytes ({sum(1 for _ in open(index, encoding='utf-8')):,} rows)")
    for query in queries:
        times = []
        for run in range(5):
            call("POST", base + "/url", {"url": "file://" + os.path.join(site, "search", "index.html")})
            first = call("POST", base + "/execute/async", {"script": TYPE, "args": ["[data-search-results]", "#search-q", query]})
            again = call("POST", base + "/execute/async", {"script": TYPE, "args": ["[data-search-results]", "#search-q", query.upper()]})
            times.append((first[0], again[0], first[1]))
        print(f"search {query!r}: first (index loaded) median {statistics.median(t[0] for t in times):.0f} ms, "
              f"then median {statistics.median(t[1] for t in times):.0f} ms; {times[0][2]}")
    entries = os.path.join(site, "time-entries", "index.html")
    if os.path.exists(entries):
        times = []
        for run in range(5):
            call("POST", base + "/url", {"url": "file://" + entries})
            first = call("POST", base + "/execute/async", {"script": TYPE, "args": ["[data-filter-results]", "input[name=from]", "2026-01-01"]})
            times.append(first)
        print(f"time-entry filter from 2026-01-01: median {statistics.median(t[0] for t in times):.0f} ms (index loaded); {times[0][1]}")
finally:
    try:
        call("DELETE", base)
    finally:
        driver.terminate()
