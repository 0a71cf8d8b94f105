"""The archivist's curated data in ``content/registry/``: speakers, offices, themes, conventions.

Each file is validated field by field, so a typo is reported with its file and line rather
than silently producing an empty page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from r2p_archive.addresses import check_wikidata_id
from r2p_archive.errors import ArchiveError, ArchiveErrors, ErrorCollector
from r2p_archive.records import Role, Speaker, Theme
from r2p_archive.slugs import check_slug
from r2p_archive.yamlfile import Located, is_of_type, load_yaml, plain, type_name

SPEAKER_FILES = ("people.yaml", "states.yaml", "organizations.yaml")
SPEAKER_KINDS = ("person", "state", "organization", "group")
WORDS = (list,)  # a list of spellings or cues: each must be a real word, an empty one matches everywhere


@dataclass(frozen=True)
class Title:
    """An office that texts name instead of its holder ("the Deputy Secretary-General")."""

    id: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Conventions:
    """The cues by which texts of this genre are read (see conventions.yaml)."""

    chrome_lines: tuple[re.Pattern[str], ...]
    chrome_prefixes: tuple[re.Pattern[str], ...]
    footer_markers: tuple[re.Pattern[str], ...]
    reference_markers: tuple[re.Pattern[str], ...]
    caption_pattern: re.Pattern[str]
    byline_pattern: re.Pattern[str]
    generic_headings: tuple[str, ...]
    anonymous_speakers: tuple[str, ...]
    term_cues: tuple[str, ...]
    reporting_verbs: tuple[str, ...]
    speech_nouns: tuple[str, ...]
    agentless_passives: tuple[str, ...]
    group_nouns: tuple[str, ...]
    speech_announcements: tuple[str, ...]
    salutations: tuple[str, ...]
    attribution_phrases: tuple[str, ...]
    host_cues: tuple[str, ...]
    participation_cues: tuple[str, ...]
    honorifics: tuple[str, ...]
    offices: tuple[str, ...]
    name_particles: tuple[str, ...]
    not_names: tuple[str, ...]
    place_cues: tuple[str, ...]
    listener_subject_cues: tuple[str, ...]
    listener_object_cues: tuple[str, ...]
    event_verbs: tuple[str, ...]
    evaluative_words: tuple[str, ...]
    courtesies: tuple[str, ...] = ()
    thanks_words: tuple[str, ...] = ()  # "Special thanks to our guests": a speech's opening thanks the room
    empty_reports: tuple[str, ...] = ()
    pronoun_honorifics: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("he", ("Mr.", ...)), ("she", ...)
    office_equivalents: tuple[tuple[str, ...], ...] = ()  # office words that name the same post
    turn_labels: tuple[re.Pattern[str], ...] = ()  # a verbatim record's "Mr. X (State):" opening a turn
    stage_directions: tuple[re.Pattern[str], ...] = ()  # "A vote was taken ...": the record's, not a speaker's
    delegate_nouns: tuple[str, ...] = ()  # "Iraq's representative said": the state speaks through them
    document_nouns: tuple[str, ...] = ()  # "the resolution stressed": a document says the words
    document_verbs: tuple[str, ...] = ()  # "the report notes": a document speaks in the present tense
    organization_words: tuple[str, ...] = ()  # "Watch", "Journal": a name with one is a body (D9)


def honorific_pronouns(conventions: Conventions) -> dict[str, str]:
    """Each honorific's pronoun ("Mr." -> "he", "Ms." -> "she"), from the conventions."""
    return {word: pronoun for pronoun, words in conventions.pronoun_honorifics for word in words}


@dataclass(frozen=True)
class Registry:
    speakers: tuple[Speaker, ...]
    titles: tuple[Title, ...]
    themes: tuple[Theme, ...]
    conventions: Conventions

    def speaker(self, speaker_id: str) -> Speaker:
        return next(s for s in self.speakers if s.id == speaker_id)


# field name -> (required, expected python type(s))
_SCHEMAS: dict[str, dict[str, tuple[bool, tuple[type, ...]]]] = {
    "speaker": {
        "id": (True, (str,)),
        "name": (True, (str,)),
        "kind": (False, (str,)),
        "aliases": (False, WORDS),
        "roles": (False, (list,)),
        "description": (False, (str,)),
        "wikidata": (False, (str,)),
    },
    "role": {
        "title": (True, (str,)),
        "from": (True, (date,)),
        "to": (False, (date,)),
        "affiliation": (False, (str,)),
    },
    "title": {"id": (True, (str,)), "label": (True, (str,)), "aliases": (False, WORDS)},
    "theme": {
        "id": (True, (str,)),
        "label": (True, (str,)),
        "cues": (False, WORDS),
        "description": (False, (str,)),
    },
    "conventions": {
        "chrome_lines": (True, WORDS),
        "chrome_prefixes": (True, WORDS),
        "footer_markers": (True, WORDS),
        "reference_markers": (True, WORDS),
        "caption_pattern": (True, (str,)),
        "byline_pattern": (True, (str,)),
        "generic_headings": (True, WORDS),
        "anonymous_speakers": (True, WORDS),
        "term_cues": (True, WORDS),
        "reporting_verbs": (True, WORDS),
        "speech_nouns": (True, WORDS),
        "agentless_passives": (True, WORDS),
        "group_nouns": (True, WORDS),
        "speech_announcements": (True, WORDS),
        "salutations": (True, WORDS),
        "attribution_phrases": (True, WORDS),
        "host_cues": (True, WORDS),
        "participation_cues": (True, WORDS),
        "honorifics": (True, WORDS),
        "offices": (True, WORDS),
        "name_particles": (True, WORDS),
        "not_names": (True, WORDS),
        "place_cues": (True, WORDS),
        "listener_subject_cues": (True, WORDS),
        "listener_object_cues": (True, WORDS),
        "event_verbs": (True, WORDS),
        "evaluative_words": (True, WORDS),
        "courtesies": (False, WORDS),
        "thanks_words": (False, WORDS),
        "empty_reports": (False, WORDS),
        "pronoun_honorifics": (False, (dict,)),
        "office_equivalents": (False, (list,)),
        "turn_labels": (False, WORDS),
        "stage_directions": (False, WORDS),
        "delegate_nouns": (False, WORDS),
        "document_nouns": (False, WORDS),
        "document_verbs": (False, WORDS),
        "organization_words": (False, WORDS),
    },
}


def validate(entry: Located, schema: str, path: Path) -> dict[str, Any]:
    """Check one mapping against its schema and return it as plain values."""
    if not isinstance(entry.value, dict):
        raise ArchiveError(f"expected a mapping for a {schema} entry", path, entry.line)
    fields = _SCHEMAS[schema]
    for key, located in entry.value.items():
        if key not in fields:
            allowed = ", ".join(fields)
            raise ArchiveError(f"unknown field {key!r} in {schema} (allowed: {allowed})", path, located.line)
        types = fields[key][1]
        if not is_of_type(located.value, types) or (types == (str,) and not str(located.value).strip()):
            raise ArchiveError(f"field {key!r} of {schema} must be a non-empty {type_name(types)}", path, located.line)
        if types is WORDS:
            _check_words(key, schema, located.value, path, 1 if key == "honorifics" else 2)
    if "wikidata" in entry.value:
        check_wikidata_id(entry.value["wikidata"].value, path, entry.value["wikidata"].line)
    for key, (required, _) in fields.items():
        if required and key not in entry.value:
            raise ArchiveError(f"{schema} entry is missing required field {key!r}", path, entry.line)
    return plain(entry)


def _check_words(key: str, schema: str, items: list[Located], path: Path, shortest: int = 2) -> None:
    """An honorific may be one letter (Burmese "U"); any other cue of one letter would match too much."""
    least = "one character" if shortest == 1 else "two characters"
    for item in items:
        if not isinstance(item.value, str) or len(item.value.strip()) < shortest:
            raise ArchiveError(
                f"every item of {key!r} in {schema} must be text of {least} or more, not {item.value!r}",
                path,
                item.line,
            )


def _entries(path: Path, errors: ErrorCollector) -> list[Located]:
    """A registry file's entries; a file that is not a list of them is an error, and no entries."""
    with errors.entry():
        document = load_yaml(path)
        if document is None:
            return []
        if not isinstance(document.value, list):
            raise ArchiveError("expected a list of entries", path, document.line)
        return document.value
    return []


def _check_unique(seen: dict[str, tuple[Path, int]], entry_id: str, path: Path, line: int, what: str) -> None:
    check_slug(entry_id, path, line)
    if entry_id in seen:
        first_path, first_line = seen[entry_id]
        raise ArchiveError(f"duplicate {what} id {entry_id!r} (first defined at {first_path}:{first_line})", path, line)
    seen[entry_id] = (path, line)


def _load_titles(path: Path, errors: ErrorCollector) -> tuple[Title, ...]:
    titles: list[Title] = []
    seen: dict[str, tuple[Path, int]] = {}
    for entry in _entries(path, errors):
        with errors.entry():
            data = validate(entry, "title", path)
            _check_unique(seen, data["id"], path, entry.line, "title")
            titles.append(Title(data["id"], data["label"], tuple(str(a) for a in data.get("aliases", []))))
    return tuple(titles)


def _load_speakers(directory: Path, titles: tuple[Title, ...], errors: ErrorCollector) -> tuple[Speaker, ...]:
    labels = {title.id: title.label for title in titles}
    speakers: list[Speaker] = []
    seen: dict[str, tuple[Path, int]] = {}
    affiliations: list[tuple[str, Path, int]] = []  # checked once every speaker is known
    for name in SPEAKER_FILES:
        path = directory / name
        if not path.exists():
            continue
        for entry in _entries(path, errors):
            with errors.entry():
                speakers.append(_speaker(entry, path, labels, seen, affiliations))
    for affiliation, path, line in affiliations:
        if affiliation not in seen:
            with errors.entry():
                raise ArchiveError(f"unknown affiliation {affiliation!r}: no speaker has this id", path, line)
    return tuple(speakers)


def _speaker(
    entry: Located,
    path: Path,
    labels: dict[str, str],
    seen: dict[str, tuple[Path, int]],
    affiliations: list[tuple[str, Path, int]],
) -> Speaker:
    data = validate(entry, "speaker", path)
    _check_unique(seen, data["id"], path, entry.line, "speaker")
    kind = data.get("kind", "person")
    if kind not in SPEAKER_KINDS:
        raise ArchiveError(f"unknown speaker kind {kind!r} (allowed: {', '.join(SPEAKER_KINDS)})", path, entry.line)
    roles = []
    for role_entry in entry.value.get("roles", Located([], entry.line)).value:
        role = validate(role_entry, "role", path)
        if role["title"] not in labels:
            raise ArchiveError(f"unknown title {role['title']!r}; define it in titles.yaml", path, role_entry.line)
        if role.get("to") and role["to"] < role["from"]:
            raise ArchiveError("role ends before it starts", path, role_entry.line)
        if role.get("affiliation"):
            affiliations.append((role["affiliation"], path, role_entry.line))
        roles.append(Role(labels[role["title"]], role["title"], role["from"], role.get("to"), role.get("affiliation")))
    return Speaker(
        id=data["id"],
        name=data["name"],
        kind=kind,
        aliases=tuple(str(a) for a in data.get("aliases", [])),
        roles=tuple(roles),
        description=data.get("description"),
        wikidata=data.get("wikidata"),
    )


def _load_themes(path: Path, errors: ErrorCollector) -> tuple[Theme, ...]:
    themes: list[Theme] = []
    seen: dict[str, tuple[Path, int]] = {}
    for entry in _entries(path, errors):
        with errors.entry():
            data = validate(entry, "theme", path)
            _check_unique(seen, data["id"], path, entry.line, "theme")
            cues = tuple(str(c) for c in data.get("cues", []))
            themes.append(Theme(data["id"], data["label"], cues, data.get("description")))
    return tuple(themes)


def _compile(patterns: list[Any], path: Path) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(str(pattern)))
        except re.error as exc:
            raise ArchiveError(f"bad regular expression {pattern!r}: {exc}", path) from None
    return tuple(compiled)


def _load_conventions(path: Path) -> Conventions:
    document = load_yaml(path)
    if document is None:
        raise ArchiveError("conventions file is empty", path)
    data = validate(document, "conventions", path)

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(item) for item in data[key])

    return Conventions(
        chrome_lines=_compile(data["chrome_lines"], path),
        chrome_prefixes=_compile(data["chrome_prefixes"], path),
        footer_markers=_compile(data["footer_markers"], path),
        reference_markers=_compile(data["reference_markers"], path),
        caption_pattern=_compile([data["caption_pattern"]], path)[0],
        byline_pattern=_compile([data["byline_pattern"]], path)[0],
        generic_headings=tuple(h.lower() for h in words("generic_headings")),
        anonymous_speakers=words("anonymous_speakers"),
        term_cues=words("term_cues"),
        reporting_verbs=words("reporting_verbs"),
        speech_nouns=words("speech_nouns"),
        agentless_passives=words("agentless_passives"),
        group_nouns=words("group_nouns"),
        speech_announcements=words("speech_announcements"),
        salutations=words("salutations"),
        attribution_phrases=words("attribution_phrases"),
        host_cues=words("host_cues"),
        participation_cues=words("participation_cues"),
        honorifics=words("honorifics"),
        offices=words("offices"),
        name_particles=words("name_particles"),
        not_names=words("not_names"),
        place_cues=words("place_cues"),
        listener_subject_cues=words("listener_subject_cues"),
        listener_object_cues=words("listener_object_cues"),
        event_verbs=words("event_verbs"),
        evaluative_words=words("evaluative_words"),
        courtesies=tuple(str(item) for item in data.get("courtesies", [])),
        thanks_words=tuple(str(item) for item in data.get("thanks_words", [])),
        empty_reports=tuple(str(item).lower() for item in data.get("empty_reports", [])),
        pronoun_honorifics=tuple(
            (str(pronoun).lower(), tuple(str(word) for word in words or ()))
            for pronoun, words in (data.get("pronoun_honorifics") or {}).items()
        ),
        office_equivalents=tuple(
            tuple(str(word).lower() for word in (group if isinstance(group, list) else [group]))
            for group in data.get("office_equivalents", [])
        ),
        turn_labels=_compile(data.get("turn_labels", []), path),
        stage_directions=_compile(data.get("stage_directions", []), path),
        delegate_nouns=tuple(str(item) for item in data.get("delegate_nouns", [])),
        document_nouns=tuple(str(item) for item in data.get("document_nouns", [])),
        document_verbs=tuple(str(item) for item in data.get("document_verbs", [])),
        organization_words=tuple(str(item) for item in data.get("organization_words", [])),
    )


def _check_aliases(speakers: tuple[Speaker, ...], directory: Path) -> None:
    """A spelling that names two speakers would make every attribution by it a guess."""
    owners: dict[str, set[str]] = {}
    for speaker in speakers:
        for surface in (speaker.name, *speaker.aliases):
            owners.setdefault(surface, set()).add(speaker.id)
    clashes = [(surface, ids) for surface, ids in sorted(owners.items()) if len(ids) > 1]
    if clashes:
        found = tuple(
            ArchiveError(f"alias {surface!r} names several speakers: {', '.join(sorted(ids))}", directory)
            for surface, ids in clashes
        )
        raise ArchiveErrors(f"{len(found)} ambiguous aliases", directory, errors=found)


def load_registry(directory: Path) -> Registry:
    """Load and validate every registry file under ``directory``."""
    if not directory.is_dir():
        raise ArchiveError("registry folder not found", directory)
    for required in ("titles.yaml", "themes.yaml", "conventions.yaml"):
        if not (directory / required).is_file():
            raise ArchiveError(f"missing registry file {required}", directory)
    errors = ErrorCollector()  # every mistake of every file is reported at once
    titles = _load_titles(directory / "titles.yaml", errors)
    speakers = _load_speakers(directory, titles, errors)
    themes = _load_themes(directory / "themes.yaml", errors)
    conventions = None
    with errors.entry():
        conventions = _load_conventions(directory / "conventions.yaml")
    with errors.entry():
        _check_aliases(speakers, directory)
    errors.raise_any()
    assert conventions is not None  # raise_any raised otherwise
    return Registry(speakers=speakers, titles=titles, themes=themes, conventions=conventions)
