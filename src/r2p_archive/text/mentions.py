"""Finding speakers in text: registry names and aliases, office titles, anonymous phrases.

Matching is whole-word and longest-first, so "President of the UN General Assembly" is an
office, not the General Assembly. A title next to a name ("UN Secretary-General Ban
Ki-moon", "Joseph Deiss, President of the UN General Assembly") is one mention of the person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from r2p_archive.records import Role, Speaker
from r2p_archive.registry import Registry

_APPOSITION = re.compile(r"^(?:,\s*|\s+)(?:the\s+)?(?:H\.E\.\s+)?(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?$")
_POSSESSIVE = re.compile(r"^['’]s?\b")
_HONORIFIC_PREFIX = re.compile(r"^(?:(?:H\.E\.|Mr\.|Ms\.|Mrs\.|Dr\.)\s+)+")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    kind: str  # a speaker kind, "title" or "anonymous"
    target: str | None  # speaker id, title id, or None for anonymous
    possessive: bool = False
    title: str | None = None  # the office named beside a person ("Joseph Deiss, President of ...")


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
        self._by_id = {speaker.id: speaker for speaker in registry.speakers}
        self._terms: dict[str, list[tuple[Role, Speaker]]] = {}  # title id -> who held it, and when
        for speaker in registry.speakers:
            for role in speaker.roles:
                self._terms.setdefault(role.title_id, []).append((role, speaker))
        self._names = {_normalize(surface) for surface, (kind, _) in self._surfaces.items() if kind != "title"}

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, appositions merged, in order."""
        found = []
        for match in self._named.finditer(text):
            kind, target = self._surfaces[match.group()]
            found.append(self._mention(text, match, kind, target))
        taken = [(m.start, m.end) for m in found]
        for match in self._anonymous.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in taken):
                found.append(self._mention(text, match, "anonymous", None))
        return _merge_appositions(sorted(found, key=lambda m: m.start), text)

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
        return _normalize(_HONORIFIC_PREFIX.sub("", core)) in self._names


def _normalize(text: str) -> str:
    return text.replace("’", "'").strip()


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


def _merge_appositions(mentions: list[Mention], text: str) -> list[Mention]:
    """Fold a title into the person named beside it."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous and _APPOSITION.match(text[previous.end : mention.start]):
            if previous.kind == "title" and mention.kind == "person":
                merged[-1] = replace(mention, start=previous.start, title=previous.target)
                continue
            if previous.kind == "person" and mention.kind == "title":
                merged[-1] = replace(previous, end=mention.end, possessive=mention.possessive, title=mention.target)
                continue
        merged.append(mention)
    return merged
