"""HTML to text with a raw-offset map, dropping non-article elements.

Python's own tokenising HTMLParser is used (not a DOM) because it reports where
every piece of text sits in the source, is iterative (no recursion limit on deep
nesting) and tolerates broken markup. Entity references are decoded one by one so
each decoded character still points at its `&...;` in the raw source.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

from .offsets import CleanText, TextBuilder

SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "map",
    "head",
    "title",
    "label",
}
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "blockquote",
    "pre",
    "br",
    "hr",
    "address",
    "body",
    "html",
    "caption",
    "details",
    "summary",
}
CELL_TAGS = {"td", "th"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
BOILERPLATE_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|cookies?|consent|gdpr|banner|ads?|advert\w*|"
    r"sponsor\w*|promo\w*|related|share|social|newsletter|subscribe|sidebar|footer|header|"
    r"comments?|captions?|disclaimer|popup|modal|toolbar|skip|references|bibliography|"
    r"citations?|author|byline|tags)($|[\s_-])",
    re.I,
)
_WS = re.compile(r"\s+")


def _line_starts(raw: str) -> list[int]:
    starts = [0]
    pos = raw.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = raw.find("\n", pos + 1)
    return starts


class _Extractor(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.lines = _line_starts(raw)
        self.out = TextBuilder()
        self.stack: list[tuple[str, bool]] = []
        self.open_count: Counter = Counter()  # tags on the stack, for O(1) stray-tag checks
        self.skip_depth = 0
        self.pending_space = False

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _break(self, sep: str = "\n") -> None:
        if len(self.out) and not self.out.tail(1) == "\n":
            self.out.add_synthetic(sep)
        self.pending_space = False

    def _skips(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in SKIP_TAGS:
            return True
        values = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role", "aria-label"))
        if values and BOILERPLATE_ATTR.search(values):
            return True
        return any(k == "hidden" or (k == "aria-hidden" and v == "true") for k, v in attrs)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS or tag in CELL_TAGS:
            if tag in CELL_TAGS:
                self._cell_sep()
            else:
                self._break()
        if tag in VOID_TAGS:
            return
        skip = self._skips(tag, attrs)
        if tag == "li" and not skip and not self.skip_depth:
            self.out.add_synthetic("• ")  # keeps list structure visible to the rules
        self.stack.append((tag, skip))
        self.open_count[tag] += 1
        if skip:
            self.skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._break()

    def _cell_sep(self) -> None:
        if len(self.out) and self.out.tail(1) not in ("\n", "\t"):
            self.out.add_synthetic("\t")
        self.pending_space = False

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._break()
        if not self.open_count[tag]:
            return
        while self.stack:
            t, skip = self.stack.pop()
            self.open_count[t] -= 1
            if skip:
                self.skip_depth -= 1
            if t == tag:
                break

    def _emit(self, text: str, start: int, end: int) -> None:
        if self.skip_depth:
            return
        if self.pending_space and len(self.out) and self.out.tail(1) not in ("\n", "\t", " "):
            self.out.add_synthetic(" ")
        self.pending_space = False
        self.out.add(text, start, end)

    def handle_data(self, data):
        if self.skip_depth or not data:
            return
        start = self._offset()
        pos = 0
        for m in _WS.finditer(data):
            if m.start() > pos:
                self._emit(data[pos : m.start()], start + pos, start + m.start())
            self.pending_space = True
            pos = m.end()
        if pos < len(data):
            self._emit(data[pos:], start + pos, start + len(data))

    def _ref(self, ref: str) -> None:
        if self.skip_depth:
            return
        start = self._offset()
        end = start + len(ref)
        if self.raw.startswith(";", end):
            end += 1
        text = html.unescape(self.raw[start:end])
        if text.isspace():
            self.pending_space = True
        else:
            self._emit(text.replace("\xa0", " "), start, end)

    def handle_entityref(self, name):
        self._ref("&" + name)

    def handle_charref(self, name):
        self._ref("&#" + name)


def html_to_text(raw: str) -> CleanText:
    """Visible article-ish text of an HTML page, each character mapped to the raw source."""
    parser = _Extractor(raw)
    parser.feed(raw)
    if parser.rawdata.startswith("<!--"):  # unclosed: a comment to the end, as in browsers
        parser.rawdata = ""  # (HTML5 eof-in-comment; HTMLParser.close() made it text)
    parser.close()
    return parser.out.build()
