"""A headless Chromium for the tests that look at pages: Debian's ``chromium`` and its driver, through Selenium.

Nothing downloads a browser build: the system's browser and driver are used,
or the tests skip and say exactly what is missing and how to install it
(``.ci/run`` installs both).
"""

from __future__ import annotations

import shutil

import pytest

INSTALL = "apt-get install chromium chromium-driver && pip install 'tahalof[browser]'"


def _find(*names: str) -> str | None:
    return next((p for p in (shutil.which(n) for n in names) if p), None)


def chromium(width: int = 1300, height: int = 1400):
    """A started headless Chromium WebDriver (the caller quits it), or a skip naming what is missing."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(f"no browser tests: selenium is not installed ({INSTALL})")
    browser, driver = _find("chromium", "chromium-browser"), _find("chromedriver")
    if browser is None or driver is None:
        pytest.skip(f"no browser tests: {'chromium' if browser is None else 'chromedriver'} is not on PATH ({INSTALL})")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.binary_location = browser
    return webdriver.Chrome(service=Service(driver), options=options)
