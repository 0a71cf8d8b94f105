"""A small hand-made archive that exercises every kind of record the site renders.

It stands in for the loader's output, so the site can be tested without the real content:
two events (one reported by two sources), speakers of every kind, anonymous statements,
statements of every kind, themes and a corroboration.
"""

from __future__ import annotations

from datetime import date

from r2p_archive.records import Archive, DateRef, Event, Paragraph, Role, Source, Speaker, Statement, Theme


def make_source(source_id: str, title: str, kind: str, blocks: list[tuple[str, str]], **fields) -> Source:
    """Join (role, text) blocks with blank lines and record each block's offsets as a paragraph."""
    text = "\n\n".join(chunk for _, chunk in blocks) + "\n"
    paragraphs, position = [], 0
    for number, (role, chunk) in enumerate(blocks, 1):
        start = text.index(chunk, position)
        position = start + len(chunk)
        line = text.count("\n", 0, start) + 1
        paragraphs.append(Paragraph(number, role, " ".join(chunk.split()), start, position, line))
    return Source(source_id, f"content/sources/{source_id}.txt", title, kind, text, tuple(paragraphs), **fields)


def make_statement(statement_id: str, source: Source, words: str, speaker: str | None, **fields) -> Statement:
    """Locate ``words`` in the source, as the loader does, and attribute them."""
    start = source.text.index(words)
    end = start + len(words)
    paragraph = next(p.number for p in source.paragraphs if p.start <= start < p.end)
    label = fields.pop("speaker_label", speaker or "")
    kind = fields.pop("kind", "quote")
    return Statement(
        statement_id, " ".join(words.split()), kind, speaker, label, source.id, paragraph, start, end, **fields
    )


SG_REMARKS = make_source(
    "sg-remarks-dialogue-2011",
    "Secretary-General's Remarks to the General Assembly Dialogue on the Responsibility to Protect",
    "speech-transcript",
    [
        ("chrome", "PDF Print E-mail"),
        ("dateline", "New York, 12 July 2011"),
        ("title", "**Secretary-General's Remarks** to the Informal Interactive Dialogue"),
        ("body", "Mr. President, thank you for convening this timely conversation."),
        ("body", "We gather today as partners determined to rid the world of atrocity crimes."),
        ("body", "The principle of the responsibility to protect was agreed at the 2005\nWorld Summit."),
        ("body", "Prevention is the **first** and most important tool. Early warning must lead to early action."),
        ("chrome", "Read also our other reports"),
    ],
    publisher="United Nations, Office of the Secretary-General",
    url="https://www.un.org/sg/en/content/sg/statement/2011-07-12/remarks",
    written=DateRef(date(2011, 7, 12), "12 July 2011", "dateline"),
)

NGLS_REPORT = make_source(
    "ngls-dialogue-2011",
    "General Assembly Dialogue on the Role of Regional Arrangements",
    "report",
    [
        ("title", "General Assembly Dialogue on the Role of Regional Arrangements"),
        ("byline", "By UN-NGLS staff"),
        ("heading", "Opening"),
        (
            "body",
            'Secretary-General Ban Ki-moon said that "we gather today as partners determined to rid the world of '
            'atrocity crimes". The President of the General Assembly opened the meeting.',
        ),
        (
            "body",
            "The Global Centre for the Responsibility to Protect stressed that civil society must be heard "
            "& that <b>markup</b> in a source stays text.",
        ),
        ("reference", "[1] UN document A/65/877."),
    ],
    publisher="UN Non-Governmental Liaison Service",
)

MINISTERIAL = make_source(
    "ministerial-meeting-2012",
    "The Responsibility to Protect: Deepening our Commitment to Mass Atrocity Prevention",
    "meeting-summary",
    [
        ("title", "**The Responsibility to Protect:\nDeepening our Commitment to Mass Atrocity Prevention**"),
        ("heading", "Overview"),
        (
            "body",
            "Botswana and Denmark co-hosted the meeting. The Deputy Secretary-General, Jan Eliasson, said that "
            "prevention begins at home.",
        ),
        ("heading", "Key Themes of the Discussion"),
        (
            "body",
            'While one of the Ministers reminded participants that "no country is immune", several states urged '
            "closer work with regional organizations.",
        ),
        ("body", "Denmark, speaking for the Nordic countries, said that accountability is the answer to impunity."),
        ("body", 'Botswana noted that the Arms Trade Treaty "will save lives".'),
        ("chrome", "Photo credits"),
        ("chrome", "© Global Centre 2012"),
    ],
    publisher="Global Centre for the Responsibility to Protect",
)

SPEAKERS = (
    Speaker(
        "ban-ki-moon",
        "Ban Ki-moon",
        "person",
        aliases=("Mr. Ban",),
        roles=(
            Role("Secretary-General of the United Nations", "secretary-general", date(2007, 1, 1), date(2016, 12, 31)),
        ),
        wikidata="Q1253",
    ),
    Speaker(
        "jan-eliasson",
        "Jan Eliasson",
        "person",
        roles=(
            Role(
                "President of the United Nations General Assembly",
                "president-general-assembly",
                date(2005, 9, 13),
                date(2006, 9, 11),
            ),
            Role("Deputy Secretary-General of the United Nations", "deputy-secretary-general", date(2012, 7, 1)),
        ),
    ),
    Speaker(
        "joseph-deiss",
        "Joseph Deiss",
        "person",
        roles=(
            Role(
                "President of the United Nations General Assembly",
                "president-general-assembly",
                date(2010, 9, 14),
                date(2011, 9, 12),
            ),
        ),
    ),
    Speaker(
        "phandu-skelemani",
        "Phandu T. C. Skelemani",
        "person",
        roles=(
            Role("Minister for Foreign Affairs", "foreign-minister", date(2008, 4, 1), date(2014, 10, 28), "botswana"),
        ),
    ),
    Speaker("albania", "Albania", "state"),
    Speaker("botswana", "Botswana", "state"),
    Speaker("denmark", "Denmark", "state"),
    Speaker("global-centre-r2p", "Global Centre for the Responsibility to Protect", "organization"),
    Speaker(
        "nordic-countries", "Nordic countries", "group", description="Denmark, Finland, Iceland, Norway and Sweden."
    ),
)

THEMES = (
    Theme("prevention", "Atrocity prevention", ("prevent*",), "Stopping atrocity crimes before they happen."),
    Theme("accountability", "Accountability and ending impunity", ("impunity",)),
    Theme("civil-society", "Civil society", ("civil society",)),
    Theme("arms-trade", "Arms trade", ("Arms Trade Treaty",)),
    Theme("veto-restraint", "Veto restraint", ("veto",)),
)

EVENTS = (
    Event(
        "ga-dialogue-regional-arrangements-2011",
        "General Assembly informal interactive dialogue on the role of regional arrangements",
        date(2011, 7, 12),
        "dateline",
        "New York",
        (SG_REMARKS.id, NGLS_REPORT.id),
        hosts=("joseph-deiss",),
        participants=("ban-ki-moon", "global-centre-r2p"),
    ),
    Event(
        "fifth-ministerial-meeting-2012",
        "Fifth annual Ministerial Meeting on the Responsibility to Protect",
        date(2012, 9, 28),
        "text",
        "New York",
        (MINISTERIAL.id,),
        hosts=("botswana", "denmark"),
        participants=("jan-eliasson", "phandu-skelemani"),
        alternative_titles=("5th Annual R2P Ministerial Meeting",),
    ),
)

_DIALOGUE, _MINISTERIAL = (event.id for event in EVENTS)

STATEMENTS = (
    make_statement(
        "ban-ki-moon-gather-today-partners",
        SG_REMARKS,
        "We gather today as partners determined to rid the world of atrocity crimes.",
        "ban-ki-moon",
        kind="remarks",
        event=_DIALOGUE,
        corroborated_by=("ban-ki-moon-gather-today-reported",),
    ),
    make_statement(
        "ban-ki-moon-prevention-first-tool",
        SG_REMARKS,
        "Prevention is the **first** and most important tool. Early warning must lead to early action.",
        "ban-ki-moon",
        kind="remarks",
        event=_DIALOGUE,
        themes=("prevention",),
    ),
    make_statement(
        "ban-ki-moon-gather-today-reported",
        NGLS_REPORT,
        "we gather today as partners determined to rid the world of atrocity crimes",
        "ban-ki-moon",
        event=_DIALOGUE,
        corroborated_by=("ban-ki-moon-gather-today-partners",),
        attribution="Secretary-General Ban Ki-moon said",
    ),
    make_statement(
        "global-centre-civil-society-heard",
        NGLS_REPORT,
        "civil society must be heard & that <b>markup</b> in a source stays text",
        "global-centre-r2p",
        kind="paraphrase",
        event=_DIALOGUE,
        themes=("civil-society",),
    ),
    make_statement(
        "jan-eliasson-prevention-begins-home",
        MINISTERIAL,
        "prevention begins at home",
        "jan-eliasson",
        kind="paraphrase",
        event=_MINISTERIAL,
        themes=("prevention",),
    ),
    make_statement(
        "minister-no-country-immune",
        MINISTERIAL,
        "no country is immune",
        None,
        speaker_label="one of the Ministers",
        event=_MINISTERIAL,
        themes=("prevention",),
    ),
    make_statement(
        "states-regional-organizations",
        MINISTERIAL,
        "closer work with regional organizations",
        None,
        speaker_label="several states",
        kind="paraphrase",
        event=_MINISTERIAL,
    ),
    make_statement(
        "denmark-accountability-impunity",
        MINISTERIAL,
        "accountability is the answer to impunity",
        "denmark",
        kind="paraphrase",
        event=_MINISTERIAL,
        on_behalf_of="nordic-countries",
        themes=("accountability",),
    ),
    make_statement(
        "botswana-arms-trade-treaty",
        MINISTERIAL,
        "will save lives",
        "botswana",
        event=_MINISTERIAL,
        themes=("arms-trade",),
    ),
)


def sample_archive() -> Archive:
    """The whole hand-made archive, records in the order a loader would emit them."""
    return Archive(
        sources=(SG_REMARKS, NGLS_REPORT, MINISTERIAL),
        events=EVENTS,
        speakers=SPEAKERS,
        themes=THEMES,
        statements=STATEMENTS,
    )
