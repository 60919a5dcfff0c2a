"""HTML documents: the main text of a saved news page, which the engine then reads.

Offsets of an HTML document's figures point into this main text (returned as
the document's text), not into the markup. The page is parsed with
selectolax (the Lexbor HTML5 parser: one compiled wheel, no other
dependency, ~1 ms a page). The main text is the page's largest <article>,
else <main> or [role=main], else <body>, without scripts, styles, forms,
navigation, asides and (outside the article) page headers and footers; block
elements become paragraphs, <br> a line break, other whitespace one space.
Title, date, outlet and canonical URL come from the usual <meta>/<link> tags.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .decoding import Decoded, decode

#: Suffixes read as HTML (a folder walk includes them).
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

_SKIP = {"script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "textarea",
         "svg", "iframe", "object", "head", "dialog", "menu"}
_OUTSIDE_ARTICLE = {"header", "footer"}  # page chrome; inside an <article> they hold headline and byline
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "figure", "figcaption",
          "address", "hr", "caption", "summary", "details", "body"}
_CELL = {"td", "th"}
_SPACE = regex.compile(r"\s+")
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", regex.I)


@dataclass(frozen=True)
class Page:
    """A page's main text and what its markup says about it (None where it says nothing)."""

    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None

    def meta(self) -> dict[str, str]:
        return {k: v for k, v in (("title", self.title), ("date", self.date), ("outlet", self.outlet),
                                  ("url", self.url)) if v}


def is_html(name: str) -> bool:
    return any(str(name).lower().endswith(s) for s in HTML_SUFFIXES)


def decode_html(data: bytes, name: object = "<html>", encoding: str | None = None) -> tuple[Page, Decoded]:
    """Decode an HTML file (an explicit encoding, else its BOM or <meta charset>, else as any
    document, see figures.decoding) and extract its main text."""
    declared = None
    if encoding is None:
        found = _META_CHARSET.search(data[:4096])
        if found:
            declared = found.group(1).decode("ascii").lower()
            if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                declared = "cp1252"  # what browsers do (WHATWG encoding standard)
    try:
        raw = decode(data, name, encoding or declared)
    except ValueError:
        if encoding is not None:
            raise
        raw = decode(data, name)  # a wrong <meta charset>: detect instead
    page = main_text(raw.text)
    return page, Decoded(page.text, raw.encoding, raw.replaced)


def main_text(html: str) -> Page:
    """The main text and metadata of one HTML page."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    articles = tree.css("article")
    if articles:
        root = max(articles, key=lambda n: len(n.text(deep=True) or ""))
        skip = _SKIP
    else:
        root = tree.css_first("main") or tree.css_first("[role=main]") or tree.body  # type: ignore[assignment]
        skip = _SKIP | _OUTSIDE_ARTICLE
    text = _render(root, skip) if root is not None else ""
    return Page(text=text, title=_title(tree), date=_meta(tree, "article:published_time", "datePublished",
                                                             "date", "pubdate", "dc.date"),
                outlet=_meta(tree, "og:site_name", "application-name"), url=_url(tree))


def _render(root, skip: set[str]) -> str:
    """Text of `root`: paragraphs for blocks, a line for <br>, single spaces elsewhere."""
    parts: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # a marker pushed after an element's children
            parts.append(node)
            continue
        tag = node.tag
        if tag == "-text":  # source line breaks are spaces in HTML; only <br> and blocks break lines
            parts.append(_SPACE.sub(" ", node.text_content or ""))
            continue
        if tag in skip or tag.startswith("-"):  # comments, doctype
            continue
        if tag == "br":
            parts.append("\n")
            continue
        sep = "\n\n" if tag in _BLOCK else "\t" if tag in _CELL else ""
        if sep:
            parts.append(sep)
            stack.append(sep)
        stack.extend(reversed(list(node.iter(include_text=True))))
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    """Collapse whitespace like a browser: runs of spaces to one, paragraph breaks kept."""
    out = []
    for para in regex.split(r"\n\s*\n", text):
        lines = [" ".join(_SPACE.split(line.replace("\t", " "))).strip() for line in para.split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            out.append(para)
    return "\n\n".join(out)


def _title(tree) -> str | None:
    got = _meta(tree, "og:title", "twitter:title")
    if got:
        return got
    node = tree.css_first("title") or tree.css_first("h1")
    text = " ".join(_SPACE.split(node.text() if node is not None else "")).strip()
    return text or None


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return (node.attributes.get("content") or "").strip()
    if "date" in names:
        node = tree.css_first("time[datetime]")
        if node is not None:
            return (node.attributes.get("datetime") or "").strip() or None
    return None


def _url(tree) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    if node is not None and node.attributes.get("href"):
        return node.attributes.get("href")
    return _meta(tree, "og:url")
