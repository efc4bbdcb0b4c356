"""The built site in a real browser: Debian's chromium, headless, over the DevTools protocol."""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from tests.site.sitekit import HOSTILE
from tests.site.sitekit import build_sample

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
]
TIMEOUT = 20.0

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium (.ci/run installs it)"
)


NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed")


class Navigated(AssertionError):
    """An expression sent while the tab was between two pages (it answered for neither)."""


class Page:
    """One browser tab, driven by DevTools protocol commands over its websocket."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=TIMEOUT, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == number:
                if "error" in message:
                    error = str(message["error"].get("message", ""))
                    kind = Navigated if error.startswith(NAVIGATING) else AssertionError
                    raise kind(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for_event(self, name: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if any(e.get("method") == name for e in self.events):
                return
            self.events.append(json.loads(self.ws.recv()))
        raise AssertionError(f"no {name} within {TIMEOUT} s")

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str) -> Any:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                value = self.eval(expression)
            except Navigated:  # a click's navigation under way: ask the next page
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"still false after {TIMEOUT} s: {expression}")

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """`folder` over HTTP on 127.0.0.1 (a free port), in a thread."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless chromium; yields its DevTools address (http://127.0.0.1:PORT)."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            assert proc.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: str) -> Iterator[Page]:
    """A fresh tab."""
    request = urllib.request.Request(f"{browser}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        target = json.load(answer)
    tab = Page(target["webSocketDebuggerUrl"])
    yield tab
    tab.ws.close()
    urllib.request.urlopen(f"{browser}/json/close/{target['id']}", timeout=TIMEOUT).close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, built and served."""
    server, url = serve(build_sample(tmp_path_factory.mktemp("site")))
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def any_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The sample site, built by each builder, and served."""
    built = build_sample(tmp_path_factory.mktemp(f"site-{request.param}"), request.param)
    server, url = serve(built)
    yield url
    server.shutdown()
    server.server_close()


def test_home_page_lists_the_chapters(page: Page, site: str) -> None:
    page.open(f"{site}/")
    text = page.eval("document.querySelector('article').innerText")
    assert "1 Large Language Model — 3 papers" in text
    assert "2 Deep Molecular dynamics — 2 papers" in text
    nav = page.eval("document.querySelector('.md-nav--primary').innerText")
    assert "1 Large Language Model" in nav


def test_search_finds_equiformer(page: Page, site: str) -> None:
    page.open(f"{site}/")
    page.eval("document.querySelector('.md-search__input').focus()")
    page.send("Input.insertText", text="Equiformer")
    titles = page.wait_for(
        "Array.from(document.querySelectorAll('.md-search-result__item h1'))"
        ".map(h => h.innerText).join('\\n')"
    )
    assert "Equiformer: Equivariant Graph Attention Transformer for 3D Atomistic Graphs" in titles


def test_search_finds_a_paper_by_author(page: Page, site: str) -> None:
    page.open(f"{site}/")
    page.eval("document.querySelector('.md-search__input').focus()")
    page.send("Input.insertText", text="Smidt")
    titles = page.wait_for(
        "Array.from(document.querySelectorAll('.md-search-result__item h1'))"
        ".map(h => h.innerText).join('\\n')"
    )
    assert "Equiformer" in titles


def test_paper_page_shows_its_card_and_arxiv_link(page: Page, site: str, tmp_path: Path) -> None:
    page.open(f"{site}/llm/equiformer/equiformer/")
    card = page.eval("document.querySelector('.pv-card').innerText")
    assert "Yi-Lun Liao (Massachusetts Institute of Technology)" in card
    assert page.eval("document.querySelector('a.pv-arxiv').href") == (
        "https://arxiv.org/abs/2206.11990"
    )
    assert page.eval("getComputedStyle(document.querySelector('.pv-card')).display") == "block"
    page.screenshot(tmp_path / "paper.png")
    if os.environ.get("PAPERVAULT_SCREENSHOT"):  # to look at the page: set a file name
        shutil.copy(tmp_path / "paper.png", os.environ["PAPERVAULT_SCREENSHOT"])


HOVER_EVERYTHING = """
for (const el of document.querySelectorAll('article *')) {
  for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
    const event = new MouseEvent(type, {bubbles: true, cancelable: true});
    document.addEventListener(type, e => e.preventDefault(), {once: true});  // stay here
    el.dispatchEvent(event);
  }
}
"""


@pytest.mark.parametrize(
    "path", ["/llm/equiformer/hostile/", "/", "/about/", "/tags/", "/indexes/authors/"]
)
def test_hostile_note_script_does_not_run(page: Page, any_site: str, path: str) -> None:
    site = any_site
    page.open(f"{site}{path}")
    if path.startswith("/llm"):
        assert "Some honest text after all that." in page.eval("document.body.innerText")
    time.sleep(0.3)  # let any timers, workers and late scripts run
    page.eval(HOVER_EVERYTHING)
    time.sleep(0.1)
    assert page.eval("location.href") == f"{site}{path}"
    assert page.eval("typeof window.__pwned") == "undefined"


def test_without_the_plugin_the_same_note_runs(page: Page, tmp_path: Path) -> None:
    """The control: a default Material site does run the hostile note's script."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "plain"
    (root / "vault").mkdir(parents=True)
    (root / "vault/index.md").write_text("# Home\n")
    plain = HOSTILE.replace("icon: '../../../../etc/passwd'\n", "")  # Material would crash
    (root / "vault/hostile.md").write_text(plain, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Plain\ndocs_dir: vault\ntheme:\n  name: material\n", encoding="utf-8"
    )
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    server, url = serve(root / "site")
    try:
        page.open(f"{url}/hostile/")
        assert page.wait_for("typeof window.__pwned !== 'undefined'")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def vault_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The repository's own vault, built with its mkdocs.yml by each builder, and served."""
    from tests.site.sitekit import build_vault

    project = tmp_path_factory.mktemp(f"vault-site-{request.param}")
    server, url = serve(build_vault(project, request.param))
    yield url, project / "vault"
    server.shutdown()
    server.server_close()


EQUIVARIANT = "/large-language-model/equiformer/what-is-an-equivariant-neural-network/"


def test_maths_is_rendered_on_the_users_page(page: Page, vault_site: tuple[str, Path]) -> None:
    url, _ = vault_site
    page.open(url + EQUIVARIANT)
    article = "document.querySelector('article')"
    assert page.eval(f"{article}.querySelectorAll('math').length") >= 10
    width, height = page.eval(
        f"(r => [r.width, r.height])({article}.querySelector('math').getBoundingClientRect())"
    )
    assert width > 0
    assert height > 0
    assert "$" not in page.eval(f"{article}.innerText")
    assert "G-equivariant" in page.eval(f"{article}.innerText")


def test_each_section_page_lists_its_papers_as_the_contents_number_them(
    page: Page, vault_site: tuple[str, Path]
) -> None:
    from papervault import toc
    from papervault.readers import authors
    from papervault.site.build import placements
    from papervault.vault import load_vault

    url, vault = vault_site
    loaded = load_vault(vault)
    entries = toc.entries(loaded)
    titles = {e.path: e.title for e in entries}
    named = {loaded.rel(n): authors(n.meta) for n in loaded.notes}
    checked = 0
    for group, placed in placements(list(entries)).items():
        if not placed:
            continue
        page.open(f"{url}/{group.removesuffix('index.md')}")
        items = page.eval(
            "Array.from(document.querySelectorAll('li.pv-item')).map(li => ({"
            "number: li.querySelector('.pv-number').innerText,"
            "title: li.querySelector('.pv-item__title a').innerText,"
            "href: li.querySelector('.pv-item__title a').href,"
            "by: (li.querySelector('.pv-item__by') || {innerText: ''}).innerText,"
            "links: li.querySelectorAll('.pv-item__link').length}))"
        )
        assert [(i["number"], i["title"]) for i in items] == [
            (number, " ".join(titles[uri].split())) for uri, number in placed
        ], group
        for item, (uri, _) in zip(items, placed, strict=True):
            assert item["href"] == f"{url}/{uri.removesuffix('.md')}/", group
            assert bool(item["by"]) == bool(named[uri]), (group, item)
            for name in named[uri]:
                assert name in item["by"], (group, item)
        checked += len(items)
    assert checked >= 14
