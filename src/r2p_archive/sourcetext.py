"""A source paragraph as HTML: its light Markdown rendered, its extracted statements highlighted in place.

Statements are located by offsets into the *original* text, while Markdown changes lengths as it
renders. So the statement boundaries are first written into the text as private-use marker characters,
the text is rendered (markdown-it escapes everything and leaves those characters alone), and the
markers are then replaced by ``<a><mark>`` pairs, closed and reopened around every tag Markdown made
so the result always nests correctly.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_CLOSE = "\ue001"
_FIRST_OPEN = 0xF0000  # Supplementary Private Use Area-A: one character per highlighted span
_LAST_OPEN = 0xFFFFD
_MARKERS = re.compile(f"[{_CLOSE}\U000f0000-\U000ffffd]")
_PIECES = re.compile(f"(<[^>]*>)|([\U000f0000-\U000ffffd])|({_CLOSE})|([^<{_CLOSE}\U000f0000-\U000ffffd]+)")


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


def _segments(highlights: Sequence[Highlight], start: int, end: int) -> list[tuple[int, int, int]]:
    """Cut [start, end) into disjoint (from, to, highlight index) pieces. Where spans overlap, the one that
    starts later (the inner one, as a quotation inside a paraphrase) owns the overlap."""
    cuts = sorted({start, end} | {p for h in highlights for p in (h.start, h.end) if start < p < end})
    pieces = []
    for left, right in itertools.pairwise(cuts):
        owners = [i for i, h in enumerate(highlights) if h.start <= left and right <= h.end]
        if owners:
            owner = max(owners, key=lambda i: (highlights[i].start, -highlights[i].end, i))
            if pieces and pieces[-1][1] == left and pieces[-1][2] == owner:
                pieces[-1] = (pieces[-1][0], right, owner)
            else:
                pieces.append((left, right, owner))
    return pieces


def _with_markers(text: str, start: int, end: int, highlights: Sequence[Highlight]) -> str:
    """The paragraph's original text with a marker character before and after each highlighted piece."""
    clean = _MARKERS.sub("\ufffd", text[start:end])
    out, position = [], start
    for left, right, owner in _segments(highlights, start, end):
        out += [
            clean[position - start : left - start],
            chr(_FIRST_OPEN + owner),
            clean[left - start : right - start],
            _CLOSE,
        ]
        position = right
    out.append(clean[position - start :])
    return "".join(out)


def _replace_markers(html: str, highlights: Sequence[Highlight]) -> str:
    """Turn markers into ``<a><mark>``; a mark is closed before and reopened after every tag inside it, and
    only opened when text follows, so no element is left empty or mis-nested."""
    out: list[str] = []
    active: Highlight | None = None
    opened = False
    for tag, opener, closer, text in _PIECES.findall(html):
        if opener:
            active, opened = highlights[ord(opener) - _FIRST_OPEN], False
        elif closer or tag:
            if opened:
                out.append("</mark></a>")
                opened = False
            if closer:
                active = None
            out.append(tag)
        else:
            if active and not opened:
                out.append(f'<a class="said" href="{escape(active.href)}" title="{escape(active.title)}"><mark>')
                opened = True
            out.append(text)
    if opened:
        out.append("</mark></a>")
    return "".join(out)


def paragraph_html(text: str, start: int, end: int, highlights: Sequence[Highlight]) -> Markup:
    """Render text[start:end] as inline HTML, highlighting the parts of ``highlights`` that fall inside it.

    Line breaks are joined with spaces: a paragraph is one block, and the loader has already decided
    where paragraphs begin and end (a blank line inside one is a copying accident it repaired)."""
    if len(highlights) > _LAST_OPEN - _FIRST_OPEN:
        raise ValueError("too many highlights in one paragraph")
    marked = " ".join(_with_markers(text, start, end, highlights).split())
    return Markup(_replace_markers(_MD.renderInline(marked), highlights))
