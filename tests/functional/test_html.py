"""``--format html``: one self-contained page with the architecture picture and the findings by
component and area, each with its evidence and its rule's docs; checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.html import HtmlReporter

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)


def test_the_page_is_self_contained(run: Any, samples: Path, tmp_path: Path) -> None:
    page = tmp_path / "shop.html"
    result = run("check", samples / "shop", "-o", f"html:{page}", "-q")
    assert result.code == 1
    text = page.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|img|link)[^>]+(src|href)=", text)  # nothing to fetch
    assert "<svg" in text and text.count('class="node"') == 28  # the architecture picture
    assert "<h3>shop-admin (python-backend)</h3>" in text  # findings by component...
    assert "<h4>ports</h4>" in text  # ...and area
    assert "services/api/Dockerfile:14:1</span> port 8000 (dockerfile-expose)" in text
    assert "<summary>rule docs</summary>" in text and "How to fix." in text
    assert text.count('<div class="finding ') == 7


def test_user_content_is_escaped() -> None:
    finding = Finding(
        "X001", Severity.ERROR, "<script>alert(1)</script>", Location("a<b>.yaml"), "k"
    )
    report = Report(tool_version="1", root="/r", findings=(finding,), rules=())
    text = HtmlReporter().render(report, color=False)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "a&lt;b&gt;.yaml" in text


@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium)"
)
@pytest.mark.parametrize(("sample", "shown"), [("shop", "7"), ("clean", None)])
def test_the_page_loads_in_headless_chromium(
    run: Any, samples: Path, tmp_path: Path, sample: str, shown: str | None
) -> None:
    page = tmp_path / f"{sample}.html"
    run("check", samples / sample, "--format", "html", "-o", page)
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",  # CI containers run as root
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    dom = done.stdout
    assert 'data-ready="1"' in dom  # the script ran to its end
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    if shown is None:
        assert "No findings." in dom
    else:
        assert f'<span id="shown">{shown}</span>' in dom
        assert "PRT005 host-port-collision" in dom
