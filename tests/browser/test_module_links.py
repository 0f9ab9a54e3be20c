"""Module names on generated pages are links whose text is the name: in headless Chromium each is
drawn monospace, legible (at least 10 CSS px, contrast at least 4.5:1 on what it is drawn on) in
light and dark mode of furo and pydata, in sphinx-rtd-theme and alabaster, and a click lands on
the module's card on another page."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import GuardedPage, file_url
from tests.helpers.colour import contrast

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-archdocs"
PAGE = "_generated/archdocs/shop.html"

pytestmark = pytest.mark.browser

#: For each module name (a.archdocs-mod, span.archdocs-mod): its text, font size, colour, the
#: colour of the nearest ancestor with an opaque background, and whether the font it is drawn in
#: gives "iiii" and "MMMM" one width (monospace).
NAMES_JS = """() => Array.from(document.querySelectorAll('.archdocs-mod')).map(el => {
    const style = getComputedStyle(el);
    let under = el, bg = 'rgb(255, 255, 255)';
    for (; under; under = under.parentElement) {
        const c = getComputedStyle(under).backgroundColor;
        const alpha = (c.match(/[\\d.]+/g) || []).map(Number)[3];
        if (c.startsWith('rgb(') || alpha > 0.99) { bg = c; break; }
    }
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    return {text: el.textContent, tag: el.tagName, size: parseFloat(style.fontSize),
            color: style.color, bg: bg,
            mono: ctx.measureText('iiii').width === ctx.measureText('MMMM').width};
})"""


def build(tmp: Path, theme: str) -> Path:
    from sphinx.cmd.build import build_main

    srcdir = tmp / "src"
    shutil.copytree(ROOT, srcdir)
    out = tmp / "html"
    assert build_main(["-q", "-W", "-b", "html", "-D", f"html_theme={theme}", str(srcdir),
                       str(out)]) == 0
    return out


@pytest.mark.parametrize(("theme", "scheme"), [
    ("furo", "light"), ("furo", "dark"), ("pydata_sphinx_theme", "light"),
    ("pydata_sphinx_theme", "dark"), ("sphinx_rtd_theme", "light"), ("alabaster", "light")])
def test_module_names_are_monospace_legible_links(browser_page: GuardedPage, tmp_path: Path,
                                                  theme: str, scheme: str) -> None:
    site = build(tmp_path, theme)
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(file_url(site / PAGE))
    if theme == "pydata_sphinx_theme":  # pydata follows the system only when told to
        page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
    names = page.evaluate(NAMES_JS)
    assert sum(n["tag"] == "A" for n in names) > 10, names
    bad = [n for n in names if not n["mono"] or n["size"] < 10
           or contrast(n["color"], n["bg"]) < 4.5]
    assert not bad, bad
    # shop.cart's card lists shop.api.views among its importers: its card is on shop.api's page
    link = page.locator("#module-shop-cart a.archdocs-mod", has_text="shop.api.views").first
    with page.expect_navigation():
        link.click()
    landed = urlsplit(page.url)
    assert landed.path.endswith("/_generated/archdocs/shop.api.html")
    assert landed.fragment == "module-shop-api-views"
    assert "shop.api.views" in page.locator(":target").inner_text()
    assert not browser_page.network.page_errors
