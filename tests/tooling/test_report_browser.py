"""The class report in a real browser: Debian's chromium and chromium-driver, headless,
through Selenium. The page loads without console errors, every plot is drawn (its
screenshot has more than a few colours), a student's <script> does not run, and a
screenshot of the whole page is kept with the test's artefacts (its path is printed).

``.ci/run`` installs chromium when it is root and they are missing; here the test is
skipped only where the browser or its driver is absent and cannot be installed."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.outputs.report import write_report
from autograder.outputs.similarity import SimilarPair

from .test_class_report import HOSTILE, late_bo, synthetic_class

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _missing() -> str:
    if CHROMIUM and DRIVER:
        return ""
    how = "apt-get install chromium chromium-driver (.ci/run does, as root)"
    if os.geteuid() == 0:  # in CI (root) the browser must be there: fail, never skip
        pytest.fail(f"chromium or chromedriver missing; {how}")
    return f"chromium or chromedriver missing and not root; {how}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1600")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _colours(png: bytes) -> int:
    from PIL import Image  # matplotlib's own dependency

    with Image.open(io.BytesIO(png)) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])


def test_the_report_loads_and_shows_every_plot(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    pair = SimilarPair("corr2d", "ana", "bo", 0.9, "a = 1\n", f"b = 1  # {HOSTILE}\n")
    path = write_report(
        synthetic_class(), tmp_path, title="Convolutions", late=late_bo(), similar=[pair]
    )
    browser.get(path.as_uri())
    assert browser.title == "Class report: Convolutions"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    plots = browser.find_elements(By.CSS_SELECTOR, "figure.plot img")
    assert len(plots) == 3
    for plot in plots:
        browser.execute_script("arguments[0].scrollIntoView()", plot)
        assert plot.is_displayed() and plot.size["width"] > 200 and plot.size["height"] > 100
        loaded = browser.execute_script("return arguments[0].naturalWidth", plot)
        assert loaded and loaded > 0, "the image did not decode"
        colours = _colours(plot.screenshot_as_png)
        assert colours > 8, f"plot {plot.get_attribute('alt')!r} looks blank ({colours} colours)"
    # the student's <script> is text on the page, and never ran
    assert browser.execute_script("return window.pwned === undefined")
    assert HOSTILE in browser.find_element(By.ID, "look-table").text
    browser.execute_script("window.scrollTo(0, 0)")
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 100, 12000))
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot)) and _colours(shot.read_bytes()) > 8
    print(f"report screenshot: {shot}")
