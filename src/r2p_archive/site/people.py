"""Who speaks: the people index (A-Z by kind, unnamed speakers as such) and each speaker's pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TypedDict

from r2p_archive import jsonld, urls
from r2p_archive.records import Role, Speaker, Statement
from r2p_archive.site.charts import Chart, bar_chart, years
from r2p_archive.site.frame import (
    Frame,
    ListingPage,
    Page,
    PageKind,
    Pagination,
    frame,
    listing_pages,
    page_count,
    page_items,
    paged_frame,
    paged_path,
    pagination,
)
from r2p_archive.site.links import (
    SPEAKER_GROUPS,
    SPEAKER_KINDS,
    DateText,
    EventGroup,
    EventSummary,
    SpeakerLink,
    StatementItem,
    anonymous_link,
    capitalized,
    count,
    date_ref,
    event_summary,
    speaker_link,
    statement_item,
    statements_by_event,
)
from r2p_archive.site.lookups import Lookups, sort_name, speaker_years


class CountedSpeaker(SpeakerLink):
    count: str  # what they did: "3 statements", "hosted 1 event"


class SpeakerKindGroup(TypedDict):
    id: str
    label: str
    speakers: list[CountedSpeaker]


class PeopleContext(Frame):
    groups: list[SpeakerKindGroup]
    unnamed: list[CountedSpeaker]  # each description a source gives of a speaker it does not name
    unnamed_speakers: list[SpeakerLink]


class RoleText(TypedDict):
    title: str
    start: DateText | None
    end: DateText | None
    affiliation: SpeakerLink | None


class SpeakerFacts(TypedDict):
    name: str
    kind: str
    description: str | None
    aliases: list[str]
    wikidata: str | None
    discovered: bool  # found in a text, not yet confirmed by the archive
    role_text: str | None  # a discovered speaker's office, as the text words it


class PersonContext(Frame):
    speaker: SpeakerFacts
    first_page: bool
    pagination: Pagination | None
    roles: list[RoleText]
    by_event: list[EventGroup]
    statement_count: int
    on_behalf: list[StatementItem]
    events: list[EventSummary]
    co_participants: list[CountedSpeaker]
    when: Chart | None  # first page only, as the lists of events and offices
    where: Chart | None


def people_index(site: Lookups) -> Page:
    groups = [
        SpeakerKindGroup(
            id=kind,
            label=label,
            speakers=[
                CountedSpeaker(**speaker_link(site, s.id), count=part_played(site, s.id))
                for s in site.listed
                if s.kind == kind
            ],
        )
        for kind, label in SPEAKER_GROUPS
    ]
    unnamed = [
        CountedSpeaker(**anonymous_link(site, capitalized(said[0].speaker_label)), count=count(len(said), "statement"))
        for _, said in sorted(site.anonymous.items())
    ]
    context = PeopleContext(
        **frame(
            site,
            urls.file_of(urls.index(urls.PEOPLE)),
            "People, states and organizations",
            f"The {count(len(site.listed), 'speaker')} who speak, host or take part in the archive's events, A–Z.",
            section="people",
        ),
        groups=groups,
        unnamed=unnamed,
        unnamed_speakers=[speaker_link(site, s.id) for s in site.listed if s.kind not in dict(SPEAKER_GROUPS)],
    )
    return Page(urls.file_of(urls.index(urls.PEOPLE)), "people.html", context)


def part_played(site: Lookups, speaker_id: str) -> str:
    """What the index says a speaker did: their statements, else the events they hosted or took part in,
    else the statements made on their behalf (never "0 statements")."""
    said = len(site.by_speaker.get(speaker_id, []))
    if said:
        return count(said, "statement")
    events = site.events_of_speaker.get(speaker_id, [])
    hosted = sum(speaker_id in e.hosts for e in events)
    took_part = sum(speaker_id in e.participants and speaker_id not in e.hosts for e in events)
    parts = [f"hosted {count(hosted, 'event')}"] if hosted else []
    parts += [f"took part in {count(took_part, 'event')}"] if took_part else []
    behalf = len(site.by_behalf.get(speaker_id, []))
    parts += [f"spoken for in {count(behalf, 'statement')}"] if behalf else []
    return ", ".join(parts) or f"at {count(len(events), 'event')}"


CO_PARTICIPANTS = 5  # the people a person's page shows as met most often


def _role(site: Lookups, role: Role) -> RoleText:
    affiliation = None
    if role.affiliation and role.affiliation in site.speakers:
        affiliation = speaker_link(site, role.affiliation)
    return RoleText(
        title=role.title,
        start=date_ref(role.start),
        end=date_ref(role.end) if role.end else None,
        affiliation=affiliation,
    )


def _co_participants(site: Lookups, speaker: Speaker) -> list[CountedSpeaker]:
    shared: dict[str, int] = defaultdict(int)
    for event in site.events_of_speaker.get(speaker.id, []):
        for other in site.people_at.get(event.id, []):
            if other != speaker.id:
                shared[other] += 1
    ordered = sorted(shared, key=lambda s: (-shared[s], sort_name(site.speakers[s].name), s))[:CO_PARTICIPANTS]
    return [CountedSpeaker(**speaker_link(site, s), count=count(shared[s], "shared event")) for s in ordered]


def person_page(site: Lookups, page: ListingPage) -> Page:
    """A person's page; a long list of statements continues on page/2/, page/3/ ..."""
    speaker, number = page.record, page.number
    folder = urls.record(urls.PEOPLE, speaker.id)
    said = site.by_speaker.get(speaker.id, [])
    events = site.events_of_speaker.get(speaker.id, [])
    context = PersonContext(
        **paged_frame(
            site,
            folder,
            number,
            speaker.name,
            f"{speaker.name}: {count(len(said), 'statement')} at {count(len(events), 'event')} in the R2P archive.",
            section="people",
            data=jsonld.speaker_ld(speaker, site.url),
            record_type=KIND.record_type,
            crumbs=(KIND.crumb,),
        ),
        speaker=SpeakerFacts(
            name=speaker.name,
            kind=SPEAKER_KINDS.get(speaker.kind, "Unnamed speaker"),
            description=speaker.description,
            aliases=list(speaker.aliases),
            wikidata=urls.wikidata(speaker.wikidata) if speaker.wikidata else None,
            discovered=speaker.discovered,
            role_text=speaker.role_text,
        ),
        first_page=number == 1,
        pagination=pagination(folder, number, page_count(len(said))),
        roles=[_role(site, r) for r in sorted(speaker.roles, key=lambda r: (r.start, r.title))],
        by_event=statements_by_event(site, page_items(said, number)),
        statement_count=len(said),
        on_behalf=[statement_item(site, s) for s in site.by_behalf.get(speaker.id, [])] if number == 1 else [],
        events=[event_summary(site, e) for e in events] if number == 1 else [],
        co_participants=_co_participants(site, speaker) if number == 1 else [],
        when=bar_chart("when", f"When {speaker.name} spoke", years(site, speaker_years(speaker.id)))
        if number == 1
        else None,
        where=bar_chart("where", f"Where {speaker.name} spoke", _places(site, said), axis="Place")
        if number == 1
        else None,
    )
    return Page(paged_path(folder, number), "person.html", context)


_PLACES_SHOWN = 8  # the places spoken at most; the rest are counted together


def _places(site: Lookups, said: list[Statement]) -> list[tuple[str, int]]:
    """Statements per place of their event, most first (ties by name); statements at no known place are left out."""
    places = Counter(event.place for event in map(site.event_of, said) if event and event.place)
    ranked = sorted(places.items(), key=lambda item: (-item[1], sort_name(item[0])))
    shown, rest = ranked[:_PLACES_SHOWN], sum(n for _, n in ranked[_PLACES_SHOWN:])
    return shown + ([("elsewhere", rest)] if rest else [])


KIND = PageKind(
    folder=urls.PEOPLE,
    label="People",
    nav_position=2,
    record_type="Speaker",
    index=people_index,
    page=person_page,
    records=lambda site: listing_pages(site.listed, lambda speaker: len(site.by_speaker.get(speaker.id, []))),
)
