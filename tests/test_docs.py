"""The documentation site: the edition table, the citation metadata, and the built site in a real browser.

The browser tests build the site (``sphinx -W``: warnings fail the build) or reuse the build named by
``MESOPAIRING_DOCS_HTML`` (CI builds it once with ``python docs/build.py`` and sets it), serve it on
127.0.0.1 and load every page in headless Chromium through Selenium: no JavaScript error or failed
resource (browser log SEVERE), MathJax finished (``MathJax.startup.promise``) with no error node and no
raw TeX left in the visible text, every internal link, anchor and image resolves.  They skip only when
Chromium or chromedriver is absent, unless ``MESOPAIRING_REQUIRE_BROWSER=1`` (set by CI), which makes
a missing browser a failure.  ``test_checker_reports_*`` show that the checker fails on broken pages.
"""
from __future__ import annotations

import functools
import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))

import edition_table  # noqa: E402  (docs/ is not a package)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
HAVE_BROWSER = bool(CHROMIUM and CHROMEDRIVER)
if not HAVE_BROWSER and os.environ.get("MESOPAIRING_REQUIRE_BROWSER") == "1":
    raise RuntimeError("MESOPAIRING_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed")
needs_browser = pytest.mark.skipif(not HAVE_BROWSER, reason="chromium and chromedriver not installed "
                                   "(apt-get install chromium chromium-driver; CI installs them)")


# --- the edition table and the metadata (no browser) --------------------------------------------

def test_every_equation_has_a_status_and_existing_links():
    import _pages

    import derivations
    from derivations.errata import ERRATA
    assert sorted(edition_table.EQUATIONS) == list(range(1, 20))
    errata = [{"equation": e.equation, "kind": e.kind, "where": e.where} for e in ERRATA]
    for eq, row in edition_table.EQUATIONS.items():
        assert row["status"] in edition_table.STATUSES, eq
        assert row["printed"].strip() and row["claims"].strip(), eq
        # the status agrees with the errata of the equation itself (not those of the prose around it)
        implied = _pages.computed_status(eq, errata)
        if implied is None:
            assert row["status"] in ("verified", "definition"), f"Eq. {eq}: no erratum, but status {row['status']}"
        else:
            assert (row["status"], row.get("kind")) == implied, f"Eq. {eq}: errata imply {implied}"
        if row["status"] != "definition":
            assert row["proof"], f"Eq. {eq} ({row['status']}) names no step that proves it"
        for dn, sn in row["checked"] + row["proof"]:
            d = derivations.get(dn)
            assert sn in {s.name for s in d.steps}, f"Eq. {eq}: derivation {dn!r} has no step {sn!r}"
        for nb in row.get("notebooks", ()):
            assert (ROOT / "notebooks" / f"{nb}.ipynb").exists(), f"Eq. {eq}: no notebook {nb}"
        for _, key in row["numbers"]:
            assert key in _NUMBER_KEYS, f"Eq. {eq}: no number {key!r}"


_NUMBER_KEYS = {"B", "A2", "B_over_A", "L0_over_Lf", "C", "R0", "N_c", "mode_17", "median_17", "rho_example",
                "Ld_example", "K_exact", "K_asym", "period"}


def test_edition_numbers_are_computed_not_copied():
    nums = edition_table.numbers()
    assert set(nums) == _NUMBER_KEYS
    # independent check of two of them: B/A = sqrt(2 N_c) and L0/L_f = sqrt 2 (virial identities)
    import mpmath
    with mpmath.workdps(35):
        ba = mpmath.mpf(re.search(r"\$([\d.]+)\$", nums["B_over_A"]).group(1))
        nc = mpmath.mpf(re.search(r"\$([\d.]+)\$", nums["N_c"]).group(1))
        assert abs(ba - mpmath.sqrt(2 * nc)) < mpmath.mpf("1e-27")
    assert nums["L0_over_Lf"].startswith("$1.41421356237309504880168872421")


def test_erratum_equation_numbers_are_parsed():
    import _pages
    assert _pages._equations_of("Eqs. 2, 4-6") == {2, 4, 5, 6}
    assert _pages._equations_of("Eq. 19") == {19}


def test_markdown_escape_round_trip():
    import _pages
    text = r"|x|_2 * a_ <b> `c` $d$ {e} [f](g) #h \i"
    assert all(c not in _pages.esc(text).replace("\\" + c, "") for c in "|*<>`$[]{}#")


def test_citation_and_license():
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT"
    paper = cff["references"][0]
    assert {a["family-names"] for a in paper["authors"]} == {"Zhou", "Biagini"}
    assert any("cond-mat/9807334" in i["value"] for i in paper["identifiers"])
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (ROOT / "numerics" / "py.typed").exists()
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()


# --- the site in a browser ----------------------------------------------------------------------

def _build(out: Path) -> Path:
    import build
    build.vendor_mathjax()
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(DOCS), str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, f"sphinx -W failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    print(f"docs built in {time.perf_counter() - t0:.0f} s")
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    given = os.environ.get("MESOPAIRING_DOCS_HTML")
    if given:
        path = Path(given).resolve()
        assert (path / "index.html").exists(), f"MESOPAIRING_DOCS_HTML={given} has no index.html"
        return path
    return _build(tmp_path_factory.mktemp("docs") / "html")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of an http.server on 127.0.0.1 in a thread (stopped at the end)."""
    servers, urls = [], {}

    def start(directory: Path) -> str:
        if directory in urls:
            return urls[directory]
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        urls[directory] = f"http://127.0.0.1:{srv.server_address[1]}/"
        return urls[directory]
    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1280,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


_MATHJAX_DONE = """
const done = arguments[arguments.length - 1];
const tag = document.querySelector('script[src*="mathjax"]');
if (!tag) { done('no mathjax'); return; }
const t0 = Date.now();
(function wait() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done('typeset'), e => done('error: ' + e));
  } else if (Date.now() - t0 > 20000) { done('MathJax did not load'); }
  else { setTimeout(wait, 50); }
})();
"""

_VISIBLE_TEXT = """
const body = document.body.cloneNode(true);
body.querySelectorAll('pre, code, script, style, textarea, kbd, samp, .highlight, mjx-assistive-mml')
    .forEach(e => e.remove());
return body.innerText;
"""

_RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\$[^$\n]{0,200}\\[A-Za-z]+[^$\n]{0,200}\$")


class _Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("id", "name") and v:
                self.ids.add(v)


def check_page(driver, url: str, fetch) -> list[str]:
    """Everything wrong with one page, as readable lines (empty: the page is fine)."""
    problems = []
    driver.get_log("browser")  # drop what an earlier page left
    driver.get(url)
    state = driver.execute_async_script(_MATHJAX_DONE)
    if state not in ("typeset", "no mathjax"):
        problems.append(f"MathJax: {state}")
    errors = driver.execute_script(
        "return Array.from(document.querySelectorAll('mjx-merror')).map(e => e.getAttribute('data-mjx-error')"
        " || e.textContent)")
    problems += [f"MathJax could not typeset: {e}" for e in errors]
    text = driver.execute_script(_VISIBLE_TEXT)
    for m in list(_RAW_TEX.finditer(text))[:3]:
        problems.append(f"raw TeX visible: ...{text[max(0, m.start() - 40):m.end() + 40]!r}...")
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"browser log: {entry.get('message')}")
    refs = driver.execute_script(
        "return [].concat("
        "Array.from(document.querySelectorAll('a[href]')).map(a => ['link', a.href]),"
        "Array.from(document.querySelectorAll('img')).map(i => ['image', i.src]),"
        "Array.from(document.querySelectorAll('link[href][rel=stylesheet], script[src]')).map("
        "  e => ['resource', e.href || e.src]))")
    base = urllib.parse.urlsplit(url)
    for kind, ref in refs:
        parts = urllib.parse.urlsplit(ref)
        if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
            continue  # external or mailto/javascript: not ours to check
        target = urllib.parse.urlunsplit(parts._replace(fragment=""))
        status, ids = fetch(target)
        if status != 200:
            problems.append(f"{kind} {ref} -> HTTP {status}")
        elif parts.fragment and ids is not None and urllib.parse.unquote(parts.fragment) not in ids:
            problems.append(f"{kind} {ref}: no anchor #{parts.fragment} on the target page")
    if kind_counts := driver.execute_script(
            "return Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"):
        problems += [f"image does not render: {s}" for s in kind_counts]
    return problems


@pytest.fixture(scope="session")
def fetch():
    """fetch(url) -> (HTTP status, anchor ids of an HTML page or None); cached."""
    @functools.lru_cache(maxsize=None)
    def get(url):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                body = r.read()
                ids = None
                if r.headers.get_content_type() == "text/html":
                    p = _Anchors()
                    p.feed(body.decode("utf-8", "replace"))
                    ids = p.ids
                return r.status, ids
        except urllib.error.HTTPError as exc:
            return exc.code, None
    return get


def _pages(site: Path) -> list[str]:
    # every page Sphinx wrote (not the theme's template fragments copied into _static)
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static")


@needs_browser
def test_every_page_in_chromium(site, serve, browser, fetch):
    base = serve(site)
    pages = _pages(site)
    assert {"index.html", "generated/edition.html", "generated/errata.html",
            "generated/derivations/density.html"} <= set(pages)
    t0 = time.perf_counter()
    report = {}
    for page in pages:
        problems = check_page(browser, base + page, fetch)
        if problems:
            report[page] = problems
    print(f"{len(pages)} pages checked in Chromium in {time.perf_counter() - t0:.0f} s")
    assert not report, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in report.items())


@needs_browser
def test_mathjax_typesets_the_edition(site, serve, browser, fetch):
    """The edition page's math is really typeset (MathJax containers, one per equation at least)."""
    base = serve(site)
    assert check_page(browser, base + "generated/edition.html", fetch) == []
    n = browser.execute_script("return document.querySelectorAll('mjx-container').length")
    assert n >= 19 * 2, n
    text = browser.execute_script("return document.body.innerText")
    for eq in range(1, 20):
        assert f"Eq. {eq}:" in text
    assert "FAILED" not in text


# --- the checker fails on broken pages ----------------------------------------------------------

@pytest.fixture(scope="session")
def broken_site(site, tmp_path_factory):
    """A copy of the site with one built page copied and mutated in four ways."""
    out = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(site, out)
    good = (site / "getting_started.html").read_text()
    assert "mathjax/tex-chtml.js" in good
    (out / "good.html").write_text(good)
    marker = "<h1>"
    (out / "broken_link.html").write_text(good.replace(marker, '<a href="no_such_page.html">x</a>'
                                                       '<img src="no_such_image.png">' + marker, 1))
    (out / "bad_tex.html").write_text(good.replace(marker, r'<p>\(\frac{1}{\undefinedmacro}\)</p>' + marker, 1))
    (out / "no_mathjax.html").write_text(re.sub(r'<script[^>]*mathjax/tex-chtml\.js[^>]*></script>', "", good))
    (out / "js_error.html").write_text(good.replace(marker, "<script>null.f()</script>" + marker, 1))
    return out


@needs_browser
def test_checker_passes_the_unmodified_copy(broken_site, serve, browser, fetch):
    base = serve(broken_site)
    assert check_page(browser, base + "good.html", fetch) == []


@needs_browser
@pytest.mark.parametrize("page, expected", [
    ("broken_link.html", "no_such_page.html -> HTTP 404"),
    ("broken_link.html", "no_such_image.png -> HTTP 404"),
    ("bad_tex.html", "MathJax could not typeset"),
    ("no_mathjax.html", "raw TeX visible"),
    ("js_error.html", "browser log"),
])
def test_checker_reports_broken_pages(broken_site, serve, browser, fetch, page, expected):
    base = serve(broken_site)
    problems = check_page(browser, base + page, fetch)
    assert any(expected in p for p in problems), problems


def test_public_numerics_api_is_annotated():
    """py.typed promises types: every public function has annotated parameters and return (mypy numerics
    checks them in CI)."""
    import inspect

    import numerics
    for name in numerics.__all__:
        obj = getattr(numerics, name)
        if inspect.isclass(obj):
            continue
        sig = inspect.signature(obj)
        assert sig.return_annotation is not inspect.Signature.empty, name
        for p in sig.parameters.values():
            assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name})"


def test_derivation_page_shows_failures_rules_and_evidence():
    """A failed step is shown as failed (and listed at the top); a rule object is shown by its text."""
    import _engine_pages
    import _pages

    class Rule:
        def text(self):
            return "integrate [gauss]"
    assert _engine_pages._rule(Rule()) == "integrate [gauss]" and _engine_pages._rule("x") == "x"
    outcome = {"ok": False, "method": "symbolic", "detail": "residual 1/2"}
    d = {"name": "toy", "title": "Toy", "premise_names": ["gauss"], "failures": ["[1] Eq. 8: tail (residual 1/2)"],
         "premises": [{"name": "gauss", "label": "Eq. 8", "statement": "a Gaussian", "latex": "p", "from": []}],
         "steps": [{"index": 1, "name": "tail", "label": "Eq. 8", "claim": "P(F > L)", "why": "integrate",
                    "latex": "a = b", "text": "a = b", "uses": ["gauss"], "rule": "integrate [gauss]",
                    "evidence": True, "outcome": outcome}],
         "results": [{"name": "tail", "latex": "b", "text": "b", "step": 1, "chain": ["tail", "gauss"]}],
         "generated": []}
    page = _pages.derivation_page(d)
    assert "✗ FAILED" in page and ":::{error}" in page and "residual 1/2" in page
    assert "*Rule:* integrate \\[gauss\\]" in page
    assert "not a proof" not in page  # evidence is only mentioned for a passing check
    outcome["ok"] = True
    assert "evidence at sampled points, not a proof" in _pages.derivation_page(d)
