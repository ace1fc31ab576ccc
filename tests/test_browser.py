"""The explorer in a real headless Chromium: pages render, the editor runs a named query, the
network draws. Screenshots go to build/screenshots/ for a human to look at.

Needs Debian's chromium and chromium-driver (``/usr/bin/chromium``, ``/usr/bin/chromedriver``)
and the ``selenium`` package; skipped, with the reason, when they are missing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_web_server import running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1000")

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip("no /usr/bin/chromium or /usr/bin/chromedriver "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install selenium)")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(demo_build: tuple[Path, object]) -> Iterator[str]:
    with running_server(demo_build[0], "--workers", "1") as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shoot(driver: object, name: str, full: bool = True) -> Path:
    """A screenshot of the whole page (up to 3000 px high)."""
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, max(800, min(int(height), 3000)))
    path = SHOTS / name
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def problems(driver: object) -> list[str]:
    """Console errors: CSP violations, script errors, resources that failed to load."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait(driver: object, condition: object, seconds: float = 20) -> object:
    return WebDriverWait(driver, seconds).until(condition)


def test_home_page(browser: object, server: str) -> None:
    browser.get(server + "/")
    assert "Nordic library cooperation" in browser.title
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.country")) == 3
    assert shoot(browser, "explorer-home.png").stat().st_size > 10_000
    assert problems(browser) == []


def test_meeting_page(browser: object, server: str) -> None:
    browser.get(server + "/meetings?country=se")
    browser.find_element(By.CSS_SELECTOR, ".list tbody tr td a").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#s-attendees tbody tr"))
    assert browser.find_element(By.TAG_NAME, "h1").text.strip()
    data = browser.find_element(By.CSS_SELECTOR, "script[type='application/ld+json']")
    assert json.loads(data.get_attribute("textContent"))
    shoot(browser, "explorer-meeting.png", full=False)
    shoot(browser, "explorer-meeting-full.png")
    evidence = browser.find_element(By.CSS_SELECTOR, "#statements a.ev")
    evidence.click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".minutes-text a.mention.hl"))
    shoot(browser, "explorer-minutes.png", full=False)
    assert problems(browser) == []


def test_editor_runs_a_named_query(browser: object, server: str) -> None:
    browser.get(server + "/sparql?name=meetings")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert not browser.find_element(By.ID, "fallback").is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td a"))
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    assert len(rows) == 5
    links = [a.get_attribute("href") for a in
             browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody a")]
    assert any(h.startswith(server + "/id/meeting/") for h in links)  # opens local pages
    shoot(browser, "explorer-sparql.png", full=False)
    assert problems(browser) == []


def _editor(driver: object) -> object:
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    return driver


def _set_query(driver: object, text: str) -> None:
    driver.execute_script("window.libgraphYasgui.getTab().getYasqe().setValue(arguments[0])",
                          text)


def test_editor_shows_the_servers_error_with_line_and_column(browser: object,
                                                             server: str) -> None:
    browser.get(server + "/sparql")
    _editor(browser)
    _set_query(browser, "SELECT ?x WHERE {\n  ?x a lg:Meeting .\n  FILTER(?x = }")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    box = wait(browser, lambda d: d.find_element(By.ID, "query-error").is_displayed()
               and d.find_element(By.ID, "query-error"))
    assert box.text.startswith("Line 3, column") and "expected" in box.text
    assert box.get_attribute("data-line") == "3"
    line = browser.find_elements(By.XPATH, "//*[contains(@class, 'sparql-error-line')]/..")
    assert line and "FILTER" in line[0].text  # the line is marked in the editor
    assert browser.find_element(By.CSS_SELECTOR, ".sparql-error-mark").text.strip() != ""
    shoot(browser, "explorer-sparql-error.png", full=False)
    _set_query(browser, "SELECT ?m WHERE { ?m a lg:Meeting } ORDER BY ?m LIMIT 3")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: not d.find_element(By.ID, "query-error").is_displayed())
    expected = "/sparql - Failed to load resource: the server responded with a status of 400"
    assert [p for p in problems(browser) if expected not in p] == []  # only the bad query


def test_the_share_link_reopens_the_query_and_its_result(browser: object, server: str) -> None:
    query = "SELECT ?m WHERE { ?m a lg:Meeting } ORDER BY DESC(?m) LIMIT 3"
    browser.get(server + "/sparql")
    _editor(browser)
    _set_query(browser, query)
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) == 3)
    link = browser.find_element(By.ID, "share-link").get_attribute("href")
    first = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody a")]
    browser.get(server + "/")
    browser.get(link)  # a fresh page from the link alone
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) == 3)
    again = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody a")]
    assert again == first and len(first) == 3
    text = browser.execute_script("return window.libgraphYasgui.getTab().getYasqe().getValue()")
    assert " ".join(text.split()).endswith(query)  # the PREFIX lines it uses are declared
    assert problems(browser) == []


def test_named_query_parameters_are_a_form(browser: object, server: str) -> None:
    browser.get(server + "/sparql?name=attendance")
    _editor(browser)
    form = browser.find_element(By.ID, "params-form")
    names = [i.get_attribute("name") for i in
             form.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select")]
    assert names == ["meeting", "date"]
    browser.get(server + "/meetings?country=se")
    meeting = browser.find_element(By.CSS_SELECTOR, ".list tbody tr td a").get_attribute("href")
    iri = "https://w3id.org/libgraph/id/" + meeting.split("/id/", 1)[1]
    browser.get(server + "/sparql?name=attendance")
    _editor(browser)
    box = browser.find_element(By.CSS_SELECTOR, "#params-form input[name=meeting]")
    box.clear()
    box.send_keys(iri)
    box.submit()
    _editor(browser)
    text = browser.execute_script("return window.libgraphYasgui.getTab().getYasqe().getValue()")
    assert iri in text or iri.split("/id/", 1)[1] in text
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td"))
    assert problems(browser) == []


def test_network_draws(browser: object, server: str) -> None:
    browser.get(server + "/network/country/se")
    wait(browser, lambda d: d.find_element(By.ID, "cy").get_attribute("data-nodes"))
    drawn = int(browser.find_element(By.ID, "cy").get_attribute("data-nodes"))
    expected = browser.execute_script(
        "return JSON.parse(document.getElementById('network-data').textContent).nodes.length")
    assert drawn == expected > 10
    assert browser.execute_script("return document.querySelectorAll('#cy canvas').length") > 0
    assert browser.execute_script("return window.libgraphCy.nodes(':visible').length") == drawn
    shoot(browser, "explorer-network.png", full=False)
    assert problems(browser) == []


def test_comparison_page(browser: object, server: str) -> None:
    browser.get(server + "/compare")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.compare")) > 3
    shoot(browser, "explorer-compare.png", full=False)
    assert problems(browser) == []


def _type(element: object, text: str) -> None:
    """Type like a person: a key at a time."""
    for ch in text:
        element.send_keys(ch)


def _in_view(driver: object, element: object) -> bool:
    return driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight;", element)


def test_search_as_you_type_with_folding_paging_and_a_mark_that_opens_the_minutes(
        browser: object, server: str) -> None:
    browser.get(server + "/search")
    box = browser.find_element(By.ID, "q")
    _type(box, "Tromso")  # no ø: folding finds Tromsø, without pressing Enter
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "p.snippet mark"))
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "p.snippet mark")]
    assert marks and set(marks) == {"Tromsø"}
    assert "q=Tromso" in browser.current_url  # the address follows the typing
    box.clear()
    _type(box, "bibliotek*")
    wait(browser, lambda d: "bibliotek" in d.find_element(By.ID, "search-count").text)
    first_page = [a.get_attribute("href") for a in
                  browser.find_elements(By.CSS_SELECTOR, "li.hit .hit-head > a")]
    shoot(browser, "explorer-search.png", full=False)
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    wait(browser, lambda d: "page=2" in d.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "ol.hits").get_attribute("start") == "21"
    second_page = [a.get_attribute("href") for a in
                   browser.find_elements(By.CSS_SELECTOR, "li.hit .hit-head > a")]
    assert second_page and not set(first_page) & set(second_page)
    browser.get(server + "/search?q=Rystroem")
    mark = browser.find_element(By.CSS_SELECTOR, "p.snippet a mark")
    assert mark.text == "Rystrøm"
    mark.click()
    lit = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".minutes-text mark.hl, "
                                                 ".minutes-text a.mention.hl"))
    assert "".join(e.text for e in lit) == "Rystrøm" and _in_view(browser, lit[0])
    assert problems(browser) == []


def test_evidence_beside_each_attendee_opens_its_words(browser: object, server: str) -> None:
    browser.get(server + "/meetings?country=se")
    browser.find_element(By.CSS_SELECTOR, ".list tbody tr td a").click()
    rows = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#s-attendees tbody tr"))
    quotes = browser.find_elements(By.CSS_SELECTOR, "#s-attendees tbody tr q.quote a")
    assert len(quotes) == len(rows) > 3  # a quote beside every attendee
    dates = browser.find_elements(By.CSS_SELECTOR, "#s-attendees tbody tr small.date")
    assert dates and all(d.text[:2] in ("19", "20") for d in dates)
    browser.execute_script("arguments[0].scrollIntoView()", quotes[0])
    shoot(browser, "explorer-evidence.png", full=False)
    said = quotes[0].text
    quotes[0].click()
    lit = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".minutes-text .hl"))
    assert " ".join("".join(e.text for e in lit).split()) == " ".join(said.split())
    assert _in_view(browser, lit[0])
    assert problems(browser) == []


def _current_lang(driver: object) -> str:
    return driver.find_element(By.CSS_SELECTOR, "nav.langs a[aria-current]").text.lower()


def test_the_language_choice_holds_across_pages(browser: object, server: str) -> None:
    browser.get(server + "/vocab/topic/web?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Web and websites"
    browser.find_element(By.LINK_TEXT, "Meetings").click()  # no ?lang= in this link
    wait(browser, lambda d: d.current_url.endswith("/meetings"))
    assert _current_lang(browser) == "en"
    countries = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".facet li a")]
    assert "Sweden" in countries and "Sverige" not in countries
    browser.find_element(By.CSS_SELECTOR, "nav.langs a[hreflang=nb]").click()
    wait(browser, lambda d: _current_lang(d) == "nb")
    assert "Sverige" in [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".facet li a")]
    browser.get(server + "/vocab/topic/web")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Nettsider"
    browser.get(server + "/?lang=sv")  # back to the default for the other tests
    assert problems(browser) == []


def _no_sideways_scroll(driver: object) -> bool:
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_width_facets_fold_and_nothing_overflows(browser: object, server: str) -> None:
    browser.set_window_size(375, 812)
    try:
        width = browser.execute_script("return window.innerWidth")
        assert width <= 400
        for path, name in (("/search?q=bibliotek*", "explorer-phone-search.png"),
                           ("/organisations", "explorer-phone-list.png")):
            browser.get(server + path)
            box = browser.find_element(By.CSS_SELECTOR, "details.facets-box")
            assert box.get_attribute("open") is None  # folded: the hits come first
            assert _no_sideways_scroll(browser), path
            browser.save_screenshot(str(SHOTS / name))
            browser.find_element(By.CSS_SELECTOR, "details.facets-box > summary").click()
            assert box.get_attribute("open") is not None
            assert browser.find_element(By.CSS_SELECTOR, ".facet li a").is_displayed()
            assert _no_sideways_scroll(browser), path
    finally:
        browser.set_window_size(1280, 1000)
    assert problems(browser) == []


NEW_SHOTS = ("explorer-meeting.png", "explorer-sparql.png", "explorer-network.png",
             "explorer-sparql-error.png",
             "explorer-search.png", "explorer-evidence.png", "explorer-phone-search.png",
             "explorer-phone-list.png")


def test_docs_screenshot_is_kept_current() -> None:
    """Copy the screenshots to docs/img/ only when asked (LIBGRAPH_UPDATE_SCREENSHOTS=1)."""
    import os

    if os.environ.get("LIBGRAPH_UPDATE_SCREENSHOTS") == "1":
        docs = Path(__file__).resolve().parents[1] / "docs" / "img"
        docs.mkdir(parents=True, exist_ok=True)
        for name in NEW_SHOTS:
            if (SHOTS / name).is_file():
                shutil.copy(SHOTS / name, docs / name)
