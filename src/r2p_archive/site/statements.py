"""A statement's own page: its words, speaker, event, date, themes, paragraph and a citation."""

from __future__ import annotations

import json
import re
from typing import Any, TypedDict

from markupsafe import Markup

from r2p_archive import jsonld, urls
from r2p_archive.records import STATEMENT_KIND_LABELS, Source, Statement, partial_iso
from r2p_archive.site import people
from r2p_archive.site.frame import SITE_NAME, Frame, Page, PageKind, frame
from r2p_archive.site.links import (
    SourceLink,
    SpeakerLink,
    StatementItem,
    ThemeLink,
    excerpt,
    format_date,
    joint_speakers,
    source_link,
    statement_item,
    statement_speaker,
    theme_link,
)
from r2p_archive.site.lookups import Lookups, sort_name
from r2p_archive.sourcetext import Highlight, paragraph_html

_CITED_WORDS = 120  # characters of the words a BibTeX or CSL title keeps
_DATE_PARTS = {"day": 3, "month": 2, "year": 1}  # CSL date-parts of a full or partial date


def statement_address(site: Lookups, statement: Statement) -> str:
    """The statement's address: absolute with a base URL, else its path from the site's root."""
    path = urls.record(urls.STATEMENTS, statement.id)
    return site.url(path) or path


_INNER_MARKS = str.maketrans({"“": "‘", "”": "’", '"': "'"})


def _quoted(title: str) -> str:
    """A title in quotation marks; the marks of a title that quotes someone (a headline: “…,” X says)
    become single ones inside, as a quotation within a quotation is written, never doubled."""
    return f"“{title.translate(_INNER_MARKS)}”"


def citation(site: Lookups, statement: Statement) -> str:
    """A reference a reader can paste: who, what kind of words, where and when, the source (title,
    publisher, date, original address) and its paragraph, and the statement's own address."""
    speaker = statement_speaker(site, statement)
    who = speaker["name"] + (f" ({speaker['role']})" if speaker["role"] else "")
    if statement.also_by:
        who = site.speaker_name(statement)
    if statement.on_behalf_of in site.speakers:
        who += f", on behalf of {site.speakers[statement.on_behalf_of].name}"
    event = site.event_of(statement)
    day = site.when(statement)
    where = f", {event.title}" + (f", {event.place}" if event.place else "") if event else ""
    when = f", {format_date(*day)}" if day else ""
    source = site.sources[statement.source]
    about = [part for part in (source.publisher, _source_date(source), source.url) if part]
    by = f" ({', '.join(about)})" if about else ""
    return (
        f"{who}, {STATEMENT_KIND_LABELS[statement.kind].lower()}{where}{when}. "
        f"In {_quoted(source.title)}{by}, paragraph {statement.paragraph}. "
        f"{SITE_NAME}, {statement_address(site, statement)}."
    )


def _source_date(source: Source) -> str | None:
    return format_date(source.written.value, source.written.precision) if source.written else None


_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_text(text: str) -> str:
    """Text as a BibTeX field value: TeX's special characters escaped, so no value can close its braces."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS.get(m.group(), "\\" + m.group()), " ".join(text.split()))


def _unnamed_note(speaker: SpeakerLink, statement: Statement) -> str:
    """What a citation says when no author can be named: a document's words, or an unnamed speaker's."""
    if speaker["document"]:
        return f"; the words of a document ({statement.speaker_label})"
    return f"; the source does not name the speaker ({statement.speaker_label})" if speaker["anonymous"] else ""


def bibtex(site: Lookups, statement: Statement) -> str:
    """A BibTeX @misc entry (with biblatex's ``date`` beside ``year``) for the statement."""
    speaker = statement_speaker(site, statement)
    event = site.event_of(statement)
    when = site.when(statement)
    source = site.sources[statement.source]
    kind = STATEMENT_KIND_LABELS[statement.kind]
    note = f"{kind}" + (f" at {event.title}" + (f", {event.place}" if event.place else "") if event else "")
    note += _unnamed_note(speaker, statement)
    reported = f"Reported in: {source.title}" + (f", {source.publisher}" if source.publisher else "")
    reported += (f", {_source_date(source)}" if source.written else "") + f", paragraph {statement.paragraph}"
    fields: list[tuple[str, str]] = []
    if not speaker["anonymous"]:
        names = [speaker, *joint_speakers(site, statement)]
        fields.append(("author", " and ".join("{" + bibtex_text(s["name"]) + "}" for s in names)))
    fields += [("title", excerpt(statement.text, _CITED_WORDS)), ("howpublished", reported), ("note", note)]
    if when:
        fields += [("year", str(when[0].year)), ("date", partial_iso(*when))]
    fields.append(("organization", SITE_NAME))
    entries = [f"  {name} = {{{value if name == 'author' else bibtex_text(value)}}}" for name, value in fields]
    entries.append(f"  url = {{{_bibtex_url(statement_address(site, statement))}}}")
    if source.url:
        entries.append(f"  addendum = {{Original: {bibtex_text(source.url)}}}")
    return f"@misc{{{statement.id},\n" + ",\n".join(entries) + "\n}\n"


def _bibtex_url(url: str) -> str:
    """Addresses are checked http(s) URLs or site paths; braces and backslashes are all they could break."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", url)


def csl_json(site: Lookups, statement: Statement) -> str:
    """The statement as CSL-JSON (the citation format of Zotero, Pandoc and citeproc): a one-item list."""
    speaker = statement_speaker(site, statement)
    event = site.event_of(statement)
    when = site.when(statement)
    source = site.sources[statement.source]
    item: dict[str, Any] = {
        "id": statement.id,
        "type": "speech",
        "title": excerpt(statement.text, _CITED_WORDS),
    }
    if not speaker["anonymous"]:
        item["author"] = [{"literal": s["name"]} for s in [speaker, *joint_speakers(site, statement)]]
    if when:
        day, precision = when
        item["issued"] = {"date-parts": [[day.year, day.month, day.day][: _DATE_PARTS[precision]]]}
    if event:
        item["event-title"] = event.title
        if event.place:
            item["event-place"] = event.place
    item["container-title"] = source.title
    if source.publisher:
        item["publisher"] = source.publisher
    item["URL"] = statement_address(site, statement)
    note = f"{STATEMENT_KIND_LABELS[statement.kind]}, paragraph {statement.paragraph} of the source"
    if source.url:
        note += f"; original: {source.url}"
    note += _unnamed_note(speaker, statement)
    item["note"] = note
    item["source"] = SITE_NAME
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


class InParagraph(TypedDict):
    href: str
    number: int
    html: str | None  # None if the paragraph is missing from the source's paragraphs
    heading: str | None  # the section of the source it stands in


class WholeStatement(StatementItem):
    paragraphs: list[str]
    attribution: str


class ReportedElsewhere(StatementItem):
    source: SourceLink


class StatementContext(Frame):
    statement: WholeStatement
    every_speaker: list[SpeakerLink]  # a joint statement's speakers, all of them
    speakers_named: str  # who, in the heading: "A, B, C and 8 more"
    delivered_by: str | None  # who read a transcript out for its speaker
    themes: list[ThemeLink]
    source: SourceLink
    paragraph: InParagraph
    also: list[ReportedElsewhere]
    citation: str
    bibtex: str
    csl: str


PASSAGE_AROUND = 600  # characters of a long paragraph shown on each side of a statement
PASSAGE_LONGEST = 4000  # characters of a statement itself shown, at most
_WORD_BREAK = 80  # how far a passage's edge moves to reach a space, so no word is cut


def passage(text: str, start: int, end: int, said_from: int, said_to: int) -> tuple[int, int]:
    """The part of the paragraph text[start:end] a statement's page shows: all of it, unless it is long (a
    source copied onto one line is one paragraph of a megabyte, and each of its statements' pages would
    hold it all: output growing with the square of the line); then the statement with some words around."""
    if end - start <= 2 * PASSAGE_AROUND + PASSAGE_LONGEST:
        return start, end
    left = max(start, said_from - PASSAGE_AROUND)
    right = min(end, said_to + PASSAGE_AROUND, said_from + PASSAGE_LONGEST)
    if left > start:
        space = text.rfind(" ", max(start, left - _WORD_BREAK), left)
        left = space + 1 if space >= 0 else left
    if right < end:
        space = text.find(" ", right, min(end, right + _WORD_BREAK))
        right = space if space >= 0 else right
    return left, right


def in_paragraph(site: Lookups, statement: Statement, root: str) -> InParagraph:
    """The source paragraph the words stand in (a long one's passage around them), rendered as on the
    source's page with only these words highlighted (the mark leads to the paragraph in the full source)."""
    source = site.sources[statement.source]
    href = urls.paragraph(source.id, statement.paragraph)
    found = [p for p in source.paragraphs if p.number == statement.paragraph]
    html, heading = None, found[0].heading if found else None
    if found:
        title = f"{STATEMENT_KIND_LABELS[statement.kind]}: open paragraph {statement.paragraph} in the source"
        highlight = Highlight(statement.start, statement.end, f"{root}{href}", title, kind=statement.kind)
        start, end = passage(source.text, found[0].start, found[0].end, statement.start, statement.end)
        html = paragraph_html(source.text, start, end, [highlight])
        if (start, end) != (found[0].start, found[0].end):
            html = Markup("… " if start > found[0].start else "") + html + Markup(" …" if end < found[0].end else "")
    return InParagraph(href=href, number=statement.paragraph, html=html, heading=heading)


def statement_page(site: Lookups, statement: Statement) -> Page:
    path = urls.file_of(urls.record(urls.STATEMENTS, statement.id))
    source = site.sources[statement.source]
    event = site.event_of(statement)
    speakers = [site.speakers[s] for s in statement.speakers if s in site.speakers]
    themes = [site.themes[t] for t in statement.themes if t in site.themes]
    who = statement_speaker(site, statement)
    names = site.speaker_name(statement)
    shared = frame(
        site,
        path,
        f"{names}: “{excerpt(statement.text, 60)}”",
        excerpt(f"{names}: {statement.text}", 155),
        section=None,
        data=jsonld.quotation_ld(statement, speakers, event, source, themes, site.url),
        record_type=KIND.record_type,
        crumbs=(people.KIND.crumb, (who["href"] or urls.index(urls.PEOPLE), who["name"])),
    )
    corroborating = [site.statements[s] for s in statement.corroborated_by if s in site.statements]
    context = StatementContext(
        **shared,
        statement=WholeStatement(
            **statement_item(site, statement),
            paragraphs=statement.text.split("\n\n"),
            attribution=statement.attribution,
        ),
        every_speaker=[who, *joint_speakers(site, statement)],
        speakers_named=names,
        delivered_by=source.delivered_by if statement.kind == "remarks" else None,
        themes=[theme_link(t) for t in sorted(themes, key=lambda t: sort_name(t.label))],
        source=source_link(source),
        paragraph=in_paragraph(site, statement, shared["root"]),
        also=[
            ReportedElsewhere(**statement_item(site, s), source=source_link(site.sources[s.source]))
            for s in site.ordered(corroborating)
        ],
        citation=citation(site, statement),
        bibtex=bibtex(site, statement),
        csl=csl_json(site, statement),
    )
    return Page(path, "statement.html", context)


KIND = PageKind(
    folder=urls.STATEMENTS,
    label="Statements",
    record_type="Statement",
    page=statement_page,
    records=lambda site: site.archive.statements,
)
