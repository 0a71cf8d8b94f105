"""The loader on arbitrary text: records or the project's own error, never another exception."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loader_helpers import CONTENT, words
from r2p_archive.errors import ArchiveError
from r2p_archive.extract import Extractor, SourceMeta
from r2p_archive.registry import load_registry
from r2p_archive.text.mentions import MentionFinder

GENRE_PIECES = [
    "“",
    "”",
    '"',
    "\n",
    "\n\n",
    "**",
    " said ",
    " he ",
    "Ban Ki-moon",
    "the Deputy Secretary-General",
    "one participant",
    "Rwanda",
    " on behalf of the Group of Friends",
    "12 July",
    "8 September 2014",
    "yesterday",
    "on Friday",
    "New York, 12 July 2011 - ",
    "held its dialogue",
    ". ",
    ", ",
    "Mr. ",
    "underlined that ",
    "In the words of one Minister, ",
    "Member Sign In",
    "(Photo Courtesy of UN)",
]


@cache
def extractor() -> Extractor:
    return Extractor(MentionFinder(load_registry(CONTENT / "registry")))


genre_text = st.lists(st.one_of(st.sampled_from(GENRE_PIECES), st.text(max_size=20)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), genre_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_loader_returns_records_or_its_own_error(data):
    for meta in (SourceMeta(), SourceMeta(kind="speech-transcript")):
        try:
            extraction = extractor().extract("fuzz", "fuzz.txt", data, meta)
        except ArchiveError:
            continue
        text = extraction.source.text
        for statement in extraction.statements:
            assert 0 <= statement.start <= statement.end <= len(text)
            assert words(text[statement.start : statement.end]) == words(statement.text)
        for paragraph in extraction.source.paragraphs:
            assert 0 <= paragraph.start < paragraph.end <= len(text)
