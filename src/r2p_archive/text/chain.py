"""Stage (c) of attribution: who a subject phrase stands for, through the text's mention chain.

Every person a text names is an entity, with what the text says of them: the offices it gives
them ("Slovenian Foreign Minister Dimitrij Rupel", "Li Baodong, the Chinese permanent
representative") and the pronoun that stands for them (an honorific says it, "Mr." or "Ms."; so
does the first pronoun resolved to them). A later phrase resolves to the latest compatible entity:

C1. A pronoun ("he", "she") is the person it fits (of that gender, or of one the text has not
    given) who opened the sentence before in the same paragraph, if they did so after the latest
    speaker spoke ("Mr. Grey had chaired the morning. “…,” he said"); else the latest *speaker* it
    fits, not the latest person named ("“…,” said Ms. Lund. Mr. Brell chaired. “…,” she added");
    with no speaker yet, the latest person named whom it fits.
C2. An office or a description ("the Minister", "the Chinese envoy", "the OSCE Chairman", "the
    Special Advisers") is the latest person the text gave that office, offices the conventions call
    equivalent (envoy, ambassador, representative) counting as one; a plural is every such person.
C3. A registry office ("the Secretary-General") is the person the text named with it, if any;
    otherwise its holder on the text's date (``MentionFinder.holder``, in ``statements.py``).

Entities are kept per source and forgotten with it: the chain is one text's, never the archive's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from r2p_archive.registry import Conventions
from r2p_archive.text.mentions import Mention


@dataclass
class Entity:
    id: str
    label: str
    pronoun: str | None = None  # "he" or "she", once the text tells
    offices: set[str] = field(default_factory=set)  # canonical office words the text gave them
    titles: set[str] = field(default_factory=set)  # registry title ids the text named them with
    named: int = -1  # the chain's clock at their latest mention
    spoke: int = -1  # ... and at the latest words attributed to them


class Offices:
    """The conventions' office words, matched in any case, each with the word of its post."""

    def __init__(self, conventions: Conventions) -> None:
        self._canonical: dict[str, str] = {}
        for group in conventions.office_equivalents:
            for word in group:
                self._canonical[word] = group[0]
        words = sorted({*(o.lower() for o in conventions.offices), *self._canonical}, key=len, reverse=True)
        alternation = "|".join(re.escape(w) for w in words)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])", re.I)
        # an office in apposition before the name: "The OSCE Chairman-in-Office, Foreign Minister Ida Lund"
        self._before = re.compile(rf"(?<![\w-])(?:{alternation})(?:-in-office)?\s*,\s*(?:[A-Z][\w-]*\s+)?$", re.I)

    def before(self, text: str) -> set[str]:
        """The post named in apposition right before a name (the words ``text`` ends with)."""
        found = self._before.search(text)
        return self.posts(found.group().lower().replace("-in-office", "")) if found else set()

    def posts(self, text: str | None) -> set[str]:
        """The posts ``text`` names ("Foreign Minister and Chair" -> {"minister", "chairman"})."""
        if not text:
            return set()
        return {self.post(match.group()) for match in self._pattern.finditer(text)}

    def post(self, office: str) -> str:
        """An office's post: its last word, or the first of its equivalents."""
        word = office.lower()
        if word in self._canonical:
            return self._canonical[word]
        last = word.split()[-1]
        return self._canonical.get(last, last)


class Chain:
    """One source's entities, in the order the text names them."""

    def __init__(self, offices: Offices, pronouns: dict[str, str]) -> None:
        self._offices = offices
        self._pronouns = pronouns  # honorific -> pronoun
        self._entities: dict[str, Entity] = {}
        self._clock = 0
        self._opener: tuple[str, int] | None = None  # who opened the last sentence, and when

    def named(self, mention: Mention, text: str, pronoun: str | None = None, office: str | None = None) -> None:
        """A person mention: the entity is the latest named, and learns what the mention says (and
        ``office``, the one the registry says they held on the text's date)."""
        if mention.kind != "person" or mention.target is None:
            return
        self._clock += 1
        entity = self._entities.setdefault(mention.target, Entity(mention.target, mention.surface))
        entity.named = self._clock
        entity.offices |= self._offices.posts(mention.role) | self._offices.posts(office)
        entity.offices |= self._offices.posts(text[mention.start : mention.end])
        entity.offices |= self._offices.before(text[max(0, mention.start - 40) : mention.start])
        if mention.title:
            entity.titles.add(mention.title)
        entity.pronoun = (
            entity.pronoun or pronoun or self._honorific_pronoun(text[max(0, mention.start - 12) : mention.end])
        )

    def sentence(self, opener: Mention | None) -> None:
        """A new sentence begins, opened by ``opener`` (a person mention as its first words) or not."""
        if opener is not None and opener.kind == "person" and opener.target in self._entities:
            self._opener = (opener.target, self._clock)
        else:
            self._opener = None

    def paragraph(self) -> None:
        self._opener = None

    def spoke(self, speaker_id: str) -> None:
        entity = self._entities.get(speaker_id)
        if entity is not None:
            self._clock += 1
            entity.spoke = entity.named = self._clock

    def pronoun(self, word: str) -> Entity | None:
        """C1: the latest speaker ``word`` fits, else the latest person named it fits."""
        word = word.lower()
        fits = [e for e in self._entities.values() if e.pronoun in (None, word)]
        speakers = [e for e in fits if e.spoke >= 0]
        found = max(speakers or fits, key=lambda e: e.spoke if speakers else e.named, default=None)
        if self._opener:
            opener = self._entities[self._opener[0]]
            if opener in fits and self._opener[1] > max((e.spoke for e in self._entities.values()), default=-1):
                found = opener
        if found is not None and found.pronoun is None:
            found.pronoun = word  # "Li said ..." then "he said": Li is "he" from now on
        return found

    def holders(self, office: str, plural: bool = False) -> list[Entity]:
        """C2: the latest person given the office ``office`` names, or all of them for a plural."""
        posts = self._offices.posts(office)
        found = sorted((e for e in self._entities.values() if posts & e.offices), key=lambda e: e.named)
        return found if plural else found[-1:]

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def titled(self, title_id: str) -> Entity | None:
        """C3: the latest person the text named with this registry office."""
        return max((e for e in self._entities.values() if title_id in e.titles), key=lambda e: e.named, default=None)

    def _honorific_pronoun(self, words: str) -> str | None:
        for token in re.findall(r"[A-Z][\w]*\.?", words):
            if token in self._pronouns:
                return self._pronouns[token]
        return None
