"""Finding speakers in text: registry names and aliases, office titles, anonymous phrases,
and people the registry has never heard of.

Matching is whole-word and longest-first, so "President of the UN General Assembly" is an
office, not the General Assembly. A title next to a name ("UN Secretary-General Ban
Ki-moon", "Joseph Deiss, President of the UN General Assembly") is one mention of the person.

Discovery rules (the words are the registry's conventions: honorifics, offices, name particles
and the capitalised words that are never names):
D1. A capitalised name of two words or more beside a cue is a person: after honorifics ("H.E.
    Mr. Tomas Brell", "Professor Ida Lund"), after an office ("Foreign Minister Ida Lund",
    "Minister for Trade of Freedonia, Ida Lund", "Freedonia's Ambassador Ida Lund"), or before
    one ("Ida Lund, the Executive Director of the Centre", "Ida Lund, Freedonia's UN ambassador",
    "Ms. Ida Lund of the Red Crescent").
    Its id is the slug of the name as written; its office and affiliation are kept as worded.
D2. The registry wins: a discovered name overlapping a registry person is dropped, and one whose
    slug is a registry id is that speaker. A discovered person replaces the titles, states and
    organizations inside its office words ("Ambassador of Freedonia" is not Freedonia speaking).
D3. Later in the same source, a person's surname, alone or after an honorific ("Mr. Brell",
    "Brell said", "Brell's lecture"), is that person: registry people named in the source and
    discovered ones alike, the registry's first. A surname two people of the source share names
    neither.
D4. An office of an organization or state with no name beside it ("The President of the
    Council") is a person, the office's holder: anonymous unless the registry knows the holder.
    It is not the organization.
D5. A title before a person whose own office follows the name is not that person's office
    ("on behalf of the Secretary-General, Ida Lund, Chef de Cabinet, said").
D6. A capitalised name of two words or more is a person, with no other cue, where only a person
    can stand: right before a reporting verb ("Nicola Reindorp said"), right after one that
    follows a quotation ("…,” said Nicola Reindorp") or after "quoted" ("quoted Choi Young-jin as
    saying"). Offices are matched in any case ("the Chinese permanent representative").
D7. A description is an office after "the" with no name beside it ("the Minister", "the Chinese
    envoy", "the OSCE Chairman", "the Special Advisers"): it stands for the person the text gave
    that office (``text/chain.py``).
D9. A body the registry lacks is an organization where only a speaker can stand (after "according
    to", right before a reporting verb) when its name has one of the conventions'
    ``organization_words`` ("Oxfam International called it ...", "according to the Wall Street
    Journal"). The registry wins: a name holding a registry mention is not discovered.
D8. A person named with a state or organization is that person, the state their affiliation:
    "US Ambassador Jane Roe", "Mr. John Doe, Minister for Foreign Affairs, Ruritania", "Mr. Doe
    (Ruritania)". A state never outranks the person it qualifies.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date

from r2p_archive.records import Role, Speaker
from r2p_archive.registry import Conventions, Registry, honorific_pronouns
from r2p_archive.slugs import name_slug

_COLLECTIVE = ("state", "organization")
_APPOSITION = re.compile(r"^(?:,\s*|\s+)(?:the\s+)?(?:H\.E\.\s+)?(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?$")
_POSSESSIVE = re.compile(r"^['’]s?\b")
HONORIFIC = r"(?:Mr|Ms|Mrs|Dr|Mme|H\.E)\.?"  # the honorifics a name may carry, British style too ("Mr Ban")
HONORIFIC_PREFIX = re.compile(rf"^(?:{HONORIFIC}\s+)+")
_UPPER = "".join(c for c in map(chr, range(0x250)) if c.isupper())  # Latin capitals, accented ones too
_WORD = rf"[{_UPPER}](?:[^\W\d_]|-(?=[^\W\d_])|[’'](?=[{_UPPER}]))*"  # "Ki-moon", "O’Brien"; not "Lund’s"
_CAPS = rf"(?:{_WORD}|R2P|RtoP|UN)(?:\s+(?:{_WORD}|R2P|RtoP|UN))*"  # a run of capitalised words


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    kind: str  # a speaker kind, "title" or "anonymous"
    target: str | None  # speaker id, title id, or None for anonymous
    possessive: bool = False
    title: str | None = None  # the office named beside a person ("Joseph Deiss, President of ...")
    discovered: bool = False  # a person the registry does not know (rule D1)
    role: str | None = None  # a discovered person's office and affiliation, as worded
    office_after: bool = False  # the person's own office follows the name (rule D5)
    affiliation: str | None = None  # the state or organization named with the person (D8)
    plural: bool = False  # a description of several people ("the Special Advisers", D7)


class MentionFinder:
    """Compiled matchers for one registry; build it once, use it on every text."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._surfaces: dict[str, tuple[str, str]] = {}
        for speaker in registry.speakers:
            for surface in (speaker.name, *speaker.aliases):
                self._surfaces.setdefault(surface, (speaker.kind, speaker.id))
        for title in registry.titles:
            for surface in (title.label, *title.aliases):
                self._surfaces.setdefault(surface, ("title", title.id))
        self._named = _alternation(self._surfaces, 0)
        self._anonymous = _alternation(registry.conventions.anonymous_speakers, re.I)
        self._documents = _documents(registry.conventions.document_nouns)
        self._speech_nouns = {noun.lower() for noun in registry.conventions.speech_nouns}
        self._by_id = {speaker.id: speaker for speaker in registry.speakers}
        self._terms: dict[str, list[tuple[Role, Speaker]]] = {}  # title id -> who held it, and when
        for speaker in registry.speakers:
            for role in speaker.roles:
                self._terms.setdefault(role.title_id, []).append((role, speaker))
        self._names = {_normalize(surface) for surface, (kind, _) in self._surfaces.items() if kind != "title"}
        self._discovery = Discovery(registry.conventions)
        self._title_labels = {title.id: title.label for title in registry.titles}
        honorifics = honorific_pronouns(registry.conventions)
        self._pronouns = {
            speaker.id: next((honorifics[a.split()[0]] for a in speaker.aliases if a.split()[0] in honorifics), None)
            for speaker in registry.speakers
            if speaker.kind == "person"
        }

    def office_on(self, speaker_id: str, day: date | None) -> str | None:
        """The registry's name of the office a person held on ``day`` ("Special Adviser on ...")."""
        speaker = self._by_id.get(speaker_id)
        role = speaker.role_on(day) if speaker else None
        return self._title_labels.get(role.title_id, role.title) if role else None

    def ever_held(self, speaker_id: str, title_id: str) -> bool:
        speaker = self._by_id.get(speaker_id)
        return bool(speaker and any(role.title_id == title_id for role in speaker.roles))

    def pronoun_of(self, speaker_id: str) -> str | None:
        """The pronoun a registry person's aliases give ("Mr. Ban": "he"), if any."""
        return self._pronouns.get(speaker_id)

    def find(self, text: str, known: dict[str, str | None] | None = None, discover: bool = False) -> list[Mention]:
        """Every mention in ``text``, appositions merged, in order.

        With ``discover``, people the registry does not know are found too (rules D1-D4), and
        ``known`` maps the surnames of people already named in the source to their ids (D3)."""
        found = []
        for match in self._named.finditer(text):
            kind, target = self._surfaces[match.group()]
            found.append(self._mention(text, match, kind, target))
        if discover:
            found = self._discovered(text, found, known or {})
        taken = _Spans(m for m in found if m.kind != "description")
        anonymous = [
            self._mention(text, match, "anonymous", None)
            for match in self._anonymous.finditer(text)
            if not taken.overlap(match.start(), match.end())
        ]
        unnamed = _Spans(anonymous)  # an anonymous phrase outranks a description inside it
        found = [m for m in found if m.kind != "description" or not unnamed.overlap(m.start, m.end)] + anonymous
        taken = _Spans(m for m in found if m.kind != "description")
        for match in self._documents.finditer(text) if self._documents else ():
            words = match.group().lower().split()
            if len(words) == 2 and words[1] in self._speech_nouns and not _QUOTED_TEXT.match(text, match.end()):
                continue  # "The statement, which was ...": the one a speaker just made, theirs (rule 3)
            if not taken.overlap(match.start(), match.end()):
                found.append(self._mention(text, match, "document", None))
        return _merge_appositions(sorted(found, key=lambda m: m.start), text)

    def _discovered(self, text: str, registered: list[Mention], known: dict[str, str | None]) -> list[Mention]:
        """Rules D1-D4 on top of the registry's mentions of ``text``."""
        people = _Spans(m for m in registered if m.kind == "person")
        offices = _Spans(m for m in registered if m.kind in ("title", "person"))
        named = _Spans(registered)
        extra: list[Mention] = []
        taken = _Disjoint()
        for mention in self._discovery.find(text, known):
            if people.overlap(mention.start, mention.end) or taken.overlap(mention.start, mention.end):
                continue
            if mention.kind in ("title", "description") and offices.overlap(mention.start, mention.end):
                continue  # the registry knows this office (D2)
            if mention.kind == "organization" and named.overlap(mention.start, mention.end):
                continue  # a body named with a registry name is not a new one (D9)
            if mention.discovered and mention.target in self._by_id:
                mention = replace(mention, kind=self._by_id[mention.target].kind, discovered=False)
            extra.append(mention)
            taken.add(mention.start, mention.end)
        discovered = _Spans(extra)
        kept = [m for m in registered if m.kind == "person" or not discovered.overlap(m.start, m.end)]
        return kept + [self._with_possessive(text, m) for m in extra]

    @staticmethod
    def _with_possessive(text: str, mention: Mention) -> Mention:
        return replace(mention, possessive=bool(_POSSESSIVE.match(text[mention.end :])))

    @staticmethod
    def _mention(text: str, match: re.Match[str], kind: str, target: str | None) -> Mention:
        possessive = bool(_POSSESSIVE.match(text[match.end() :]))
        return Mention(match.start(), match.end(), match.group(), kind, target, possessive)

    def speaker(self, speaker_id: str) -> Speaker:
        return self._by_id[speaker_id]

    def holder(self, title_id: str, day: date | None) -> Speaker | None:
        """Who held office ``title_id`` on ``day`` (None if nobody or more than one)."""
        if day is None:
            return None
        holders = list({s.id: s for role, s in self._terms.get(title_id, ()) if role.held_on(day)}.values())
        return holders[0] if len(holders) == 1 else None

    def is_name_line(self, line: str) -> bool:
        """Is this whole line a speaker's name, with an optional note in brackets?"""
        core = re.sub(r"\s*\([^)]*\)$", "", line.strip())
        return _normalize(HONORIFIC_PREFIX.sub("", core)) in self._names


class Discovery:
    """Rules D1, D3 and D4, compiled once from the registry's conventions."""

    def __init__(self, conventions: Conventions) -> None:
        honorific = _words_pattern(conventions.honorifics)
        # offices as texts write them, capitalised or not ("the Chinese permanent representative"):
        # both spellings listed, since a case-insensitive group would slow every match of the pattern
        any_case = _words_pattern((*conventions.offices, *(o.lower() for o in conventions.offices)))
        never = _words_pattern((*conventions.not_names, *conventions.offices, *conventions.honorifics))
        particles = _words_pattern(conventions.name_particles)
        word = rf"(?!(?:{never})(?![\w’'-])){_WORD}"
        initial = (
            rf"(?:[{_UPPER}]\.)+(?=\s+(?:[{_UPPER}]|(?:{particles})\s))"  # "Edward C. Luck", "Pieter K.L. van Dam"
        )
        name = rf"(?!{_WORD}[’']s\b){word}(?:\s+(?:(?:{particles})\s+)*(?:{initial}|{word})){{0,4}}"
        honorifics = rf"(?:(?<![\w.])(?:{honorific})\s+)+"
        possessor = rf"(?:{_WORD}[’']s\s+)?"  # "Freedonia's Ambassador"
        complement = rf"\s+(?:of|for|to|on)\s+(?:the\s+)?{_CAPS}(?:\s+(?:of|for|to|on|and|in)\s+(?:the\s+)?{_CAPS})*"
        offices = rf"(?:(?:UN|U\.N\.|United Nations)\s+)?(?:{any_case})(?:\s+and\s+(?:{any_case}))?(?![\w-])"
        full_office = rf"{offices}(?:{complement})?"
        self._person = re.compile(
            rf"(?<![\w-])(?:(?P<before>{possessor}(?:{full_office},\s*|{offices}\s+))(?:the\s+)?)?"
            rf"(?P<honorific>{honorifics})?(?P<name>{name})(?![\w-])"
            rf"(?:,\s*(?:the\s+)?(?P<after>{possessor}(?:{_WORD}\s+)?{full_office})(?=\s*[,.;:()\[]|\s*$)"
            rf"|\s+of\s+(?:the\s+)?(?P<of>{_CAPS}))?"
        )
        self._office = re.compile(rf"(?<![\w-])(?:{offices}){complement}")
        self._token = re.compile(rf"(?<![\w-]){_WORD}")
        verbs = _words_pattern(conventions.reporting_verbs)
        cued = rf"{word}(?:\s+(?:(?:{particles})\s+)*(?:{initial}|{word})){{1,3}}(?![\w-])"
        after_quote = r"(?:(?<=[”\"’'],\s)|(?<=[,.?!][”\"’']\s))"  # “…,” said X / “…”, said X
        before_verb = rf"(?=,?\s+(?:(?:\w+ly|also|had|has|have|then)\s+){{0,2}}(?:{verbs})\b)"
        self._cued = re.compile(
            rf"(?:{after_quote}(?:{verbs})\s+|\bquoted\s+)(?P<name>{cued})|(?<![\w-])(?P<subject>{cued}){before_verb}"
            rf"|{after_quote}(?P<lead>{cued})(?=\s*,)"  # “…,” Nicola Reindorp, head of the office, said
        )
        # D9: a body the registry lacks, named where only a speaker can stand
        body = rf"{_CAPS}(?:\s+(?:of|for|on|and)\s+(?:the\s+)?{_CAPS})*"
        phrases = _words_pattern(p.lower() for p in conventions.attribution_phrases)
        self._body = re.compile(
            rf"\b(?i:{phrases})\s+(?:the\s+)?(?P<after>{body})|(?<![\w-])(?P<subject>{body}){before_verb}"
            if phrases
            else rf"(?<![\w-])(?P<subject>{body}){before_verb}"
        )
        self._body_words = frozenset(conventions.organization_words)
        adjective = rf"(?:{_WORD}|U\.N\.|[a-z]+(?:ese|ian|an|ish|i))"
        self._description = re.compile(
            rf"(?<![\w-])[Tt]he\s+(?:(?!(?:{never})\b){adjective}\s+){{0,2}}"
            rf"(?P<office>{any_case})(?P<suffix>-in-Office)?(?P<plural>s)?(?![\w-])"
        )

    def find(self, text: str, known: dict[str, str | None]) -> list[Mention]:
        """Discovered people, surnames of people already named, and offices with no name."""
        found = [m for m in (self._person_mention(p, known) for p in self._person.finditer(text)) if m is not None]
        for match in self._token.finditer(text):
            target = known.get(match.group())
            if target and not _overlaps_span(match.start(), match.end(), found):
                found.append(Mention(match.start(), match.end(), match.group(), "person", target))
        for match in self._cued.finditer(text):
            group = next(g for g in ("name", "subject", "lead") if match.group(g))
            start, end = match.start(group), match.end(group)
            if not _overlaps_span(start, end, found):
                name = match.group(group)
                found.append(Mention(start, end, name, "person", name_slug(name), discovered=True))
        for match in self._body.finditer(text) if self._body_words else ():
            group = "after" if match.group("after") else "subject"
            name = match.group(group)
            if self._body_words.intersection(name.split()) and not _overlaps_span(*match.span(group), found):
                found.append(Mention(*match.span(group), name, "organization", name_slug(name), discovered=True))
        for match in self._office.finditer(text):
            if not _overlaps_span(match.start(), match.end(), found):
                found.append(Mention(match.start(), match.end(), match.group(), "title", None))
        for match in self._description.finditer(text):
            if not _overlaps_span(match.start(), match.end(), found):
                office = match.group("office") + (match.group("suffix") or "")
                plural = bool(match.group("plural"))
                found.append(
                    Mention(match.start(), match.end(), match.group(), "description", None, role=office, plural=plural)
                )
        return sorted(found, key=lambda m: m.start)

    @staticmethod
    def _person_mention(match: re.Match[str], known: dict[str, str | None]) -> Mention | None:
        name = match.group("name")
        before, after, of = match.group("before"), match.group("after"), match.group("of")
        if " " not in name:  # one word is a surname: only a person already named has it (D3)
            if not match.group("honorific") or not known.get(name):
                return None
            return Mention(match.start("honorific"), match.end("name"), name, "person", known[name])
        if not (before or after or match.group("honorific")):
            return None  # "X Y of the Z" alone is as often a thing as a person: "of" needs an honorific
        if after:
            before = None  # an office before the name is someone else's (D5)
        role = ", ".join(part.strip(" ,") for part in (before, after, of) if part) or None
        start = (
            match.start() if before else match.start("honorific") if match.group("honorific") else match.start("name")
        )
        return Mention(
            start, match.end(), name, "person", name_slug(name), discovered=True, role=role, office_after=bool(after)
        )


def surnames(mention: Mention) -> tuple[str, ...]:
    """The words a later mention of this person may use alone (D3): the last word of the name."""
    words = HONORIFIC_PREFIX.sub("", mention.surface).split()
    return (words[-1],) if len(words) > 1 else ()


def short_names(mention: Mention) -> tuple[str, ...]:
    """``surnames``, and for a discovered person the first word too, since many names put the
    family name first ("Li Baodong" ... "Li said"): within one source, either stands for them."""
    words = [w for w in HONORIFIC_PREFIX.sub("", mention.surface).split() if not w.endswith(".")]
    return (*surnames(mention), words[0]) if mention.discovered and len(words) > 1 else surnames(mention)


def _words_pattern(words) -> str:
    """An alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _Spans:
    """Mentions' spans, asked "does anything overlap [start, end)?" in log time: a paragraph of a
    thousand names is not read a thousand times over."""

    def __init__(self, mentions) -> None:
        spans = sorted((m.start, m.end) for m in mentions)
        self._starts = [start for start, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans starting at or before each
        for _, end in spans:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def overlap(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


class _Disjoint:
    """Spans that never overlap one another, added one at a time: an overlap is with a neighbour."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlap(self, start: int, end: int) -> bool:
        at = bisect_left(self._starts, start)
        after = at < len(self._starts) and self._starts[at] < end
        return after or (at > 0 and self._ends[at - 1] > start)

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)


def _overlaps_span(start: int, end: int, mentions: list[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _normalize(text: str) -> str:
    return text.replace("’", "'").strip()


# "the statement which says: ...": the words quoted are the document's own text
_QUOTED_TEXT = re.compile(r"\s+(?:which|that)\s+(?:says|states|reads|said|stated|read)\b")


def _documents(nouns: tuple[str, ...]) -> re.Pattern[str] | None:
    """ "The presidential statement", "a 1988 resolution", "the Summit Outcome", "resolution 1674": a
    document the text lets speak, up to three words between its determiner and its noun. "The report of
    the Secretary-General" is not one: it names whose words they are."""
    if not nouns:
        return None
    noun = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    determiner = r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Aa]n?)\s+(?:[\w’'-]+\s+){0,3}?"
    return re.compile(rf"{determiner}(?i:{noun})s?\b(?!\s+(?:of|by)\b)|\b[Rr]esolution\s+\d+(?:/\d+)?\b")


def _alternation(surfaces, flags: int) -> re.Pattern[str]:
    """One whole-word pattern for many names, as a trie: shared prefixes are tried once.

    A plain alternation of ~700 names makes the regex engine try every name at every position;
    the trie form visits only the names that share the letters read so far. Optional groups are
    greedy, so the longest name that ends at a word boundary still wins."""
    trie: dict = {}
    for surface in set(surfaces):
        node = trie
        for char in surface:
            node = node.setdefault(char, {})
        node[""] = {}
    body = _trie_regex(trie) if trie else r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def _trie_regex(node: dict) -> str:
    """The pattern matching every word stored below ``node``."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_AFFILIATION_BEFORE = re.compile(r"^(?:['’]s)?\s+(?:(?:U\.N\.|UN)\s+)?$")  # "US Ambassador Jane Roe", "Ruritania's ..."
_AFFILIATION_AFTER = re.compile(r"^(?:,\s*|\s+of\s+(?:the\s+)?|\s*\(\s*)$")  # "Jane Roe, Minister ..., Ruritania"


def _merge_appositions(mentions: list[Mention], text: str) -> list[Mention]:
    """Fold a title into the person named beside it, and a state or organization too (D8)."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        between = text[previous.end : mention.start] if previous else ""
        if (
            previous
            and previous.kind in _COLLECTIVE
            and mention.kind == "person"
            and _AFFILIATION_BEFORE.match(between)
        ):
            merged[-1] = replace(mention, start=previous.start, affiliation=previous.target)
            continue
        if (
            previous
            and previous.kind == "person"
            and mention.kind in _COLLECTIVE
            and (previous.title or previous.role or between.strip() == "(")
            and previous.affiliation is None
            and _AFFILIATION_AFTER.match(between)
        ):
            end = mention.end + (1 if text.startswith(")", mention.end) else 0)
            merged[-1] = replace(previous, end=end, affiliation=mention.target, possessive=mention.possessive)
            continue
        if previous and _APPOSITION.match(between):
            if previous.kind == "title" and mention.kind == "person" and not mention.office_after:
                merged[-1] = replace(mention, start=previous.start, title=previous.target)
                continue
            if previous.kind == "person" and mention.kind == "title":
                merged[-1] = replace(previous, end=mention.end, possessive=mention.possessive, title=mention.target)
                continue
        merged.append(mention)
    return merged
