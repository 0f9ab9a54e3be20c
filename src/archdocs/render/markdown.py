"""Text as GitHub Markdown draws it: for text from code or metadata in Markdown we write."""

from __future__ import annotations

import re

#: Characters Markdown could read as syntax (emphasis, code, links, headings, lists, tables).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md(text: str) -> str:
    """``text`` drawn as it is in GitHub Markdown: no emphasis, link, tag or entity."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", " ")


#: Inline markup only: code, emphasis, links, HTML, table cells, strikethrough.
_INLINE = re.compile(r"([\\`*\[\]|~])|(?<![^\W_])_|_(?![^\W_])")


def inline(text: str) -> str:
    """``text`` drawn as written where it follows a fixed prefix on its line (a title, a quote, a
    list item, a table cell), so only inline markup needs escaping; a terminal reader still reads
    paths and versions plainly (``pkg.mod 1.0``, ``test_utils``: an underscore inside a word
    cannot start emphasis)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE.sub(lambda m: "\\" + m.group(0), text).replace("\n", " ")
