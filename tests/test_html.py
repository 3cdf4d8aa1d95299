"""The HTML report: one self-contained page, findings grouped by document and rule,
levels in colour and words, sources as links, escaped input, Danish and English, and a
deadline timeline; rendered in a real headless Chromium and its screenshot checked."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sundhedsregler._check.render.html import MILESTONES

from .test_cli_support import CHARGE, LATE, NO_NOTICE, OK, SHORT, hsa, jsonl, make_rules, run

AS_OF = "2026-05-20"
EVIL = '<script>alert("x")</script>&amp; "quoted" \x01'


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def html_of(*args: str, stdin: bytes | None = None) -> str:
    result = run("check", *args, "--as-of", AS_OF, "--backend", "python", "--format", "html", stdin=stdin)
    assert result.code in (0, 1, 2), result.err
    return result.out


class _Page(HTMLParser):
    """The page's elements as (tag, attributes), and its visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def examples_page() -> str:
    return html_of("--examples")


def test_one_self_contained_page(examples_page: str) -> None:
    page = parse(examples_page)
    tags = {tag for tag, _ in page.elements}
    assert examples_page.startswith("<!DOCTYPE html>") and examples_page.rstrip().endswith("</html>")
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source"}
    for tag, attrs in page.elements:
        assert "src" not in attrs and "srcset" not in attrs, tag
        assert not any(k.startswith("on") for k in attrs), tag  # no event handlers
    styles = " ".join(re.findall(r"<style>(.*?)</style>", examples_page, re.S))
    assert "url(" not in styles and "@import" not in styles
    assert "svg" in tags  # the timeline, inline


def test_findings_grouped_by_document_and_rule_with_levels_in_words(rules_dir: Path) -> None:
    page = html_of("-", "--no-national-rules", "--rules", str(rules_dir), stdin=jsonl(OK, LATE, SHORT, NO_NOTICE, CHARGE))
    sections = re.findall(r'<section class="doc" id="unit-(\d+)"><h2>([^ <]+)', page)
    assert [name for _, name in sections] == ["HSA-OK", "HSA-LATE", "HSA-SHORT", "HSA-NO-NOTICE", "HSA-CHARGE"]
    late = page.split('id="unit-1"')[1].split("</section>")[0]
    assert re.findall(r'<h3><a href="docs/rules/([^"]+)\.md">', late) == ["OF-2"]
    assert '<span class="badge fail-error">Ikke opfyldt · fejl</span>' in late
    short = page.split('id="unit-2"')[1].split("</section>")[0]
    assert '<span class="badge fail-warning">Ikke opfyldt · advarsel</span>' in short
    charge = page.split('id="unit-4"')[1].split("</section>")[0]
    assert '<span class="badge review">Til vurdering</span>' in charge
    ok = page.split('id="unit-0"')[1].split("</section>")[0]
    assert "Ingen fund at handle på" in ok and "Opfyldt 2 · Ikke relevant 1" in ok


def test_sources_link_the_rule_page_and_the_public_address(rules_dir: Path, tmp_path: Path) -> None:
    rules = make_rules(tmp_path / "rules")
    rule = rules / "opgaveflyt" / "OF-2.yaml"
    text = rule.read_text("utf-8")
    # A source with a public address (as rules citing real-2025-26.md have).
    text = text.replace("sources:\n", 'sources:\n  - {title: Vejledning, section: "1", ref: "real:1", url: "https://example.org/a?b=1&c=2"}\n', 1)
    rule.write_text(text, encoding="utf-8")
    page = html_of("-", "--no-national-rules", "--rules", str(rules), "--docs-url", "https://docs.example/rules/", stdin=jsonl(LATE))
    assert '<a href="https://docs.example/rules/OF-2.md">OF-2</a>' in page
    assert '<a href="https://example.org/a?b=1&amp;c=2">Vejledning, 1 (real:1)</a>' in page


def test_document_text_is_escaped(rules_dir: Path) -> None:
    page = html_of("-", "--no-national-rules", "--rules", str(rules_dir), stdin=jsonl(hsa(dokument_id=EVIL, sendt_til_ministeriet="2026-04-02")))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp; &quot;quoted&quot; \\x01" in page
    assert EVIL.replace("\x01", "\\x01") in "".join(parse(page).text)


def test_danish_and_english(rules_dir: Path) -> None:
    da = html_of("-", "--no-national-rules", "--rules", str(rules_dir), stdin=jsonl(LATE))
    en = html_of("-", "--no-national-rules", "--rules", str(rules_dir), "--lang", "en", stdin=jsonl(LATE))
    assert '<html lang="da">' in da and "Rapport fra sundhedsregler" in da and "Kilder:" in da
    assert '<html lang="en">' in en and "Report from sundhedsregler" in en and "Sources:" in en
    assert '<span class="badge fail-error">Failed · error</span>' in en


def test_the_timeline_shows_the_milestones_and_each_agreements_deadlines(examples_page: str) -> None:
    (portfolio,) = [
        part for part in examples_page.split('<section class="doc"') if part.split("<h2>", 1)[1].startswith("PF-OPGAVEFLYT-")
    ]
    svgs = re.findall(r"<svg [^>]*aria-label[^>]*>.*?</svg>", portfolio, re.S)
    assert len(svgs) == 1  # the portfolio's own timeline
    svg = svgs[0]
    titles = re.findall(r"<title>(.*?)</title>", svg)
    for day, names in MILESTONES:
        assert f"{day.isoformat()}: {names['da']}" in titles
    assert {day.isoformat() for day, _ in MILESTONES} == {
        "2026-04-01", "2026-04-15", "2026-05-01", "2026-07-01", "2026-10-01", "2027-01-01",
    }
    rows = re.findall(r'text-anchor="end" fill="#1b1b1b">([^<]+)<', svg)
    assert len(rows) >= 2  # one row per agreement with deadlines
    marks = [t for t in titles if re.match(r"\d{4}-\d\d-\d\d OF-", t)]
    assert marks and all(re.match(r"\d{4}-\d\d-\d\d OF-[0-9.]+ (overholdt|overskredet|åben|til vurdering|uafklaret): ", t) for t in marks)
    assert f"vurderingsdato {AS_OF}" in svg


def test_the_whole_run_timeline_is_capped(rules_dir: Path) -> None:
    from sundhedsregler._check.render import html

    docs = [hsa(dokument_id=f"HSA-{i:02d}") for i in range(html.MAX_TIMELINE_ROWS + 5)]
    page = html_of("-", "--no-national-rules", "--rules", str(rules_dir), stdin=jsonl(*docs))
    timeline = page.split('<section id="timeline">')[1].split("</section>")[0]
    assert len(re.findall(r'text-anchor="end" fill="#1b1b1b">', timeline)) == html.MAX_TIMELINE_ROWS
    assert "og 5 dokumenter mere" in timeline


def test_rejected_inputs_have_a_section(rules_dir: Path) -> None:
    page = html_of("-", "--no-national-rules", "--rules", str(rules_dir), stdin=jsonl(OK) + b"{broken\n")
    assert '<span class="badge rejected">AFVIST</span>' in page and "ugyldig JSON" in page


# --- In a real browser ---------------------------------------------------------------------


def _chromium() -> str:
    """Chromium from Debian's packages, installed here when missing (as root, with apt)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("Chromium is not installed and cannot be installed here (needs root and apt-get: apt-get install -y chromium)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=env, capture_output=True, timeout=900).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
        proc = subprocess.run(install, env=env, capture_output=True, timeout=900)
        if proc.returncode != 0:
            pytest.skip(f"apt-get install chromium failed: {proc.stderr.decode(errors='replace')[-300:]}")
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("apt-get installed chromium, but it is not on PATH")
    return found


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line if bpp == 3 else bytes(v for j, v in enumerate(line) if j % 4 != 3)))
        prev = line
    return width, height, rows


@pytest.fixture(scope="module")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium = _chromium()
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "report.html"
    result = run("check", "--examples", "--as-of", AS_OF, "--format", "html", "-o", str(page))
    assert result.code == 1 and page.stat().st_size > 0, result.err
    png = tmp / "shot.png"
    proc = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
            "--hide-scrollbars", "--window-size=1200,1500", f"--screenshot={png}", page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0 and png.exists(), proc.stderr.decode(errors="replace")[-2000:]
    return png


def test_the_page_renders_and_is_readable_in_chromium(screenshot: Path) -> None:
    width, height, rows = _png_pixels(screenshot.read_bytes())
    assert (width, height) == (1200, 1500)
    pixels = [row[i : i + 3] for row in rows[::3] for i in range(0, len(row), 9)]
    white = sum(1 for p in pixels if min(p) >= 245)
    dark = sum(1 for p in pixels if max(p) <= 80)  # text
    red = sum(1 for p in pixels if p[0] >= 150 and p[1] <= 90 and p[2] <= 90)  # the error badges, the as-of line
    assert white / len(pixels) > 0.5, "the page is not on a white background"
    assert dark / len(pixels) > 0.005, "no text to read"
    assert red > 20, "no level in colour"
    # Something in the upper half and the lower half: the page is laid out, not one line.
    half = len(rows) // 2
    assert any(min(row) < 100 for row in rows[:half]) and any(min(row) < 100 for row in rows[half:])


def test_jobs_write_the_same_page(examples_page: str) -> None:
    assert html_of("--examples", "--jobs", "2") == examples_page
