"""A source paragraph as HTML: its light Markdown rendered, its extracted statements highlighted in place.

Statements are located by offsets into the *original* text, while Markdown changes lengths as it
renders. So the boundaries of the highlighted pieces are first written into the text as two reserved
marker characters, the text is rendered (markdown-it escapes everything and keeps text in order), and
the k-th opening marker of the output is then replaced by the k-th piece's ``<a><mark>``, closed and
reopened around every tag Markdown made so the result always nests correctly. The markers are
punctuation to Markdown, so they never stop ``**`` from opening or closing emphasis next to them.
"""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# Reserved characters (category Po, unseen in UN texts); any in a source is shown as U+FFFD, whether
# written raw or as an HTML character reference, which markdown-it decodes after the markers are placed.
_OPEN = "\u2e4e"
_CLOSE = "\u2e4f"
_RESERVED = re.compile(f"[{_OPEN}{_CLOSE}]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_PIECES = re.compile(f"(<[^>]*>)|({_OPEN})|({_CLOSE})|([^<{_OPEN}{_CLOSE}]+)")
_DELIMITERS = frozenset("*_`~")


def _markdown() -> MarkdownIt:
    """CommonMark inline syntax only: raw HTML is escaped, and links and images are left as plain text
    because a source's links point off-site and an archive page must not load remote images."""
    return MarkdownIt("commonmark", {"html": False}).disable(["link", "image", "autolink", "html_inline"])


_MD = _markdown()


@dataclass(frozen=True)
class Highlight:
    """A span of the original text to mark, and where the mark links to."""

    start: int
    end: int
    href: str
    title: str
    # (speaker, href) of every statement made of exactly these words, when a source gives them to several
    # speakers ("New Zealand, Pakistan and Thailand stressed that ..."); shown after the mark.
    speakers: tuple[tuple[str, str], ...] = ()
    kind: str | None = None  # the statement's kind (quote, paraphrase, remarks): the mark's class says it


def _segments(highlights: Sequence[Highlight], start: int, end: int) -> list[tuple[int, int, int]]:
    """Cut [start, end) into disjoint (from, to, highlight index) pieces. Where spans overlap, the one that
    starts later (the inner one, as a quotation inside a paraphrase) owns the overlap. One sweep over the
    boundaries with a heap of the spans open there: a megabyte paragraph has thousands of statements."""
    cuts = sorted({start, end} | {p for h in highlights for p in (h.start, h.end) if start < p < end})
    waiting = sorted(range(len(highlights)), key=lambda i: highlights[i].start, reverse=True)
    open_spans: list[tuple[int, int, int]] = []  # (-start, end, -index): the owner first
    pieces: list[tuple[int, int, int]] = []
    for left, right in pairwise(cuts):
        while waiting and highlights[waiting[-1]].start <= left:
            i = waiting.pop()
            heapq.heappush(open_spans, (-highlights[i].start, highlights[i].end, -i))
        while open_spans and open_spans[0][1] <= left:
            heapq.heappop(open_spans)
        if open_spans:
            owner = -open_spans[0][2]
            if pieces and pieces[-1][1] == left and pieces[-1][2] == owner:
                pieces[-1] = (pieces[-1][0], right, owner)
            else:
                pieces.append((left, right, owner))
    return pieces


def _snap(text: str, position: int, step: int) -> int:
    """Move a boundary out of a run of Markdown delimiters ("**"), so a marker never splits one."""
    while 0 < position < len(text) and text[position - 1] in _DELIMITERS and text[position] in _DELIMITERS:
        position += step
    return position


def _snapped(text: str, highlights: Sequence[Highlight]) -> list[Highlight]:
    return [
        Highlight(_snap(text, h.start, -1), _snap(text, h.end, 1), h.href, h.title, h.speakers, h.kind)
        for h in highlights
    ]


def _neutral(match: re.Match[str]) -> str:
    found = match.group()
    return "\ufffd" if found in (_OPEN, _CLOSE) or set(html.unescape(found)) & {_OPEN, _CLOSE} else found


def _without_reserved(text: str) -> str:
    """``text`` with every raw or escaped marker character as U+FFFD; other references are kept for Markdown."""
    return _RESERVED.sub(_neutral, text)


def _with_markers(text: str, start: int, end: int, pieces: list[tuple[int, int, int]]) -> str:
    """The paragraph's original text with a marker before and after each highlighted piece; each piece is
    cleaned of reserved characters on its own, so a cleaning that shortens it moves no boundary."""
    out, position = [], start
    for left, right, _ in pieces:
        out += [_without_reserved(text[position:left]), _OPEN, _without_reserved(text[left:right]), _CLOSE]
        position = right
    out.append(_without_reserved(text[position:end]))
    return "".join(out)


def _speaker_list(highlight: Highlight) -> str:
    links = ", ".join(f'<a href="{escape(href)}">{escape(name)}</a>' for name, href in highlight.speakers)
    return f'<span class="said-by"> [said by {links}]</span>'


def _replace_markers(html: str, owners: list[Highlight]) -> str:
    """Turn the k-th marker pair into ``owners[k]``'s ``<a><mark>``; a mark is closed before and reopened after
    every tag inside it, and only opened when text follows, so no element is left empty or mis-nested.
    A highlight several speakers share is followed, after its last piece, by the list of who said it."""
    last_piece = {id(owner): k for k, owner in enumerate(owners)}
    out: list[str] = []
    piece = -1
    active: Highlight | None = None
    opened = False
    for tag, opener, closer, text in _PIECES.findall(html):
        if opener:
            piece += 1
            active, opened = owners[piece], False
        elif closer or tag:
            if opened:
                out.append("</mark></a>")
                opened = False
            if closer and active and active.speakers and last_piece[id(active)] == piece:
                out.append(_speaker_list(active))
            if closer:
                active = None
            out.append(tag)
        else:
            if active and not opened:
                kind = f" said-{escape(active.kind)}" if active.kind else ""
                out.append(f'<a class="said{kind}" href="{escape(active.href)}" title="{escape(active.title)}"><mark>')
                opened = True
            out.append(text)
    if opened:
        out.append("</mark></a>")
    return "".join(out)


def paragraph_html(text: str, start: int, end: int, highlights: Sequence[Highlight]) -> Markup:
    """Render text[start:end] as inline HTML, highlighting the parts of ``highlights`` that fall inside it.

    Line breaks are joined with spaces: a paragraph is one block, and the loader has already decided
    where paragraphs begin and end (a blank line inside one is a copying accident it repaired)."""
    highlights = _snapped(text, highlights)
    pieces = _segments(highlights, start, end)
    marked = " ".join(_with_markers(text, start, end, pieces).split())
    return Markup(_replace_markers(_MD.renderInline(marked), [highlights[owner] for _, _, owner in pieces]))
