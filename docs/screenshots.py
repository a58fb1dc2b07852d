"""Make the README's two screenshots: the rules report page and the leaderboard page.

    python docs/screenshots.py        # builds the site into a temporary folder, writes docs/*.png

Headless Chromium (Debian's ``chromium`` and ``chromedriver``) through
Selenium, as the page tests use it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    from harness.cli.main import main as evaluate
    from tests.browser import chromium

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if evaluate(["site", "--out", str(site), "--results-dir", str(HERE.parent / "results"), "-q"]) != 0:
            return 1
        driver = chromium(1400, 900)
        try:
            driver.get((site / "index.html").as_uri())
            driver.save_screenshot(str(HERE / "leaderboard.png"))
            driver.get((site / "systems" / "rules.html").as_uri())
            driver.execute_script("document.getElementById('f-errors').click();"
                                  "document.querySelector('main').scrollIntoView()")
            driver.save_screenshot(str(HERE / "report.png"))
        finally:
            driver.quit()
    print(f"wrote {HERE / 'leaderboard.png'} and {HERE / 'report.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
