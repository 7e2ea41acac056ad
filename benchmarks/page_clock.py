"""When things appear on the page, by the browser's own clock.

Playwright's ``expect`` polls: after its first tries it looks again only every 500 ms, so a
time taken when ``expect`` returns can be up to half a second late. Here a MutationObserver,
installed before the page's first byte, notes the moment (``performance.now()``, in ms from
the start of the navigation) each watched element first matches; a click's moment is its
event's ``timeStamp`` on the same clock. Waiting is done on the observer's notes too
(:func:`wait_seen`), not with ``expect``: its text searches walk the whole page at every try
and took a core of the browser's CPU from the simulation they were timing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

_INIT = """
(() => {
  const watches = {}, seen = {};
  const check = () => {
    for (const [name, watch] of Object.entries(watches)) {
      if (name in seen) continue;
      for (const element of document.querySelectorAll(watch.selector)) {
        if (!watch.text || element.textContent.includes(watch.text)) { seen[name] = performance.now(); break; }
      }
    }
  };
  window.__flowsimWatch = (name, selector, text) => { delete seen[name]; watches[name] = {selector, text}; check(); };
  window.__flowsimSeen = (name) => seen[name] ?? null;
  window.__flowsimClicked = null;
  document.addEventListener("click", (event) => { window.__flowsimClicked = event.timeStamp; }, true);
  const everything = {subtree: true, childList: true, characterData: true, attributes: true};
  new MutationObserver(check).observe(document, everything);
})();
"""


def install(page: Page, watches: dict[str, tuple[str, str]] | None = None) -> None:
    """Install the clock in every document ``page`` loads, watching ``{name: (css selector, text)}`` from its start."""
    calls = "".join(f"window.__flowsimWatch({json.dumps(n)}, {json.dumps(s)}, {json.dumps(t)});" for n, (s, t) in
                    (watches or {}).items())  # fmt: skip
    page.add_init_script(_INIT + calls)


def watch(page: Page, name: str, selector: str, text: str = "") -> None:
    """From now on, note when an element matching ``selector`` (containing ``text``) is first there."""
    page.evaluate("([name, selector, text]) => window.__flowsimWatch(name, selector, text)", [name, selector, text])


def wait_seen(page: Page, name: str, timeout_s: float = 120.0) -> None:
    """Wait until watch ``name`` has matched (looking every 50 ms at the note only: nearly free)."""
    page.wait_for_function(
        "(name) => window.__flowsimSeen(name) !== null", arg=name, polling=50, timeout=timeout_s * 1000
    )


def seen_s(page: Page, name: str) -> float:
    """Seconds from the start of the page's navigation until watch ``name`` first matched."""
    ms = page.evaluate("(name) => window.__flowsimSeen(name)", name)
    if ms is None:
        raise AssertionError(f"{name!r} was never seen on the page")
    return float(ms) / 1000


def since_click_s(page: Page, name: str) -> float:
    """Seconds from the page's last click until watch ``name`` first matched."""
    clicked = page.evaluate("() => window.__flowsimClicked")
    if clicked is None:
        raise AssertionError("no click was seen on the page")
    return seen_s(page, name) - float(clicked) / 1000
