"""Who said what: quotations and reported speech attributed to their speakers.

Attribution rules, tried in this order on each sentence (quoted words masked out first):
1. A speaker right after a quotation, before or after a reporting verb ("…,” he said",
   "…,” said Adama Dieng").
2. An attribution phrase before a speaker ("In the words of one Minister, …").
3. A speaker's speech noun ("the Secretary-General's comment that …").
4. A reporting verb right before a speaker (", explained Knut Vollebaek").
5. The subject of the first reporting verb that has one: the last speaker mentioned before it, with any
   speakers of the same kind coordinated with it ("Ecuador, Finland and Burundi warned").
   With no speaker before the verb, a pronoun or "the statement" stands for the previous
   speaker ("he", "she": the last named person, or the unnamed representative of the state that
   spoke just before; "they", "it", "the statement": the last subject of any kind).
6. A sentence that is only a quotation continues the previous sentence's speaker; a paragraph
   that opens with one continues the speaker of the quotation that ended the paragraph before
   (a news story quoting one speaker over several paragraphs).
Anonymous speakers ("one participant", "several speakers") stay anonymous: they are never
resolved to a name. A title ("the Deputy Secretary-General") names whoever held the office
on the date of the event, per the registry. People the registry does not know are found by
the discovery rules of ``text/mentions.py`` (D1-D5); once named, their surnames and pronouns
stand for them for the rest of the source.

Who is not a speaker:
7. A listener: the subject of a listening verb ("the Council heard", "was told") or the object
   of a telling verb ("told the Assembly") is the audience (listener cues in the conventions).
8. A place: a state or organization right after a place preposition ("the genocide in
   Freedonia", "through the events in Freedonia") is where something happened, not who spoke.
9. A lead-in: a sentence ending in a colon a few words after a reporting verb ("..., who noted:",
   "..., stated at one session:") introduces
   the quotation of the next paragraph. It is not a statement itself; its speakers are the
   quotation's.

11. A body named in full earlier in the source ("the Security Council") is then "the Council":
    the last word of its name, capitalised, after "the". Two bodies of the source with the
    same last word ("the Security Council", "the Human Rights Council") name neither.

12. A bare plural of the conventions' ``group_nouns`` right before a reporting verb ("states
    expressed", "delegations also stressed") is an anonymous speaker; elsewhere ("all states have
    a responsibility") it is not one, nor after a demonstrative ("these countries noted" points
    back to states named before, which the loader does not resolve).

Reports of meetings also say what was said without saying who:
10. An agentless passive of a verb of saying ("concerns were raised", "the need for X was
    stressed"; the conventions' ``agentless_passives``), with no speaker found by rules 1-6, is
    a statement of speakers the text does not name (anonymous).

14. A sentence that names no one, quotes nothing and is in the register of reported speech (a
    backshifted or modal verb: "was", "had", "must", or any verb in the past, "deepened"; a passive
    "is based" is not one) continues the indirect speech of the
    paraphrase before it in the same paragraph ("Ida Lund said ... . Accountability included ..."), or
    of a sentence in indirect speech that quoted a few words on the way ("Lund described the war as “a
    dark chapter” and said the world had failed"). A sentence that gives a term its name ("known as
    “R2P”", the conventions' ``term_cues``) is the writer's explanation, and continues no one.

15. In a press statement about what one speaker said (rule 8 of ``text/speech.py``: "Statement by Ida
    Lund", then "Ida Lund stated that ..."), a quotation no rule above gives a speaker is theirs.

Subjects resolve through the source's mention chain (``text/chain.py``): pronouns by gender, offices
and descriptions to the person the text gave them; every statement's ``attribution`` says the cue
and the chain step that named its speaker ("“he” before “said” → Ida Lund, the latest speaker it
fits"). A verbatim record's turns are read before these rules (``text/turns.py``).

A report that says nothing is not a statement:
13. A paraphrase whose words after its last reporting verb are only the conventions'
    ``empty_reports`` ("Ban cited specific examples.", "She made some remarks.") tells that
    something was said, not what: the sentence stays in the source, but no statement is made.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date

from r2p_archive.records import StatementKind
from r2p_archive.registry import Conventions, honorific_pronouns
from r2p_archive.text.chain import Chain, Entity, Offices
from r2p_archive.text.mentions import Mention, MentionFinder, short_names
from r2p_archive.text.quotes import Quote, find_quotes, is_term, named_by_cue, sentences

_PRONOUN_PERSON = re.compile(r"\b(?:he|she)\b", re.I)
_PRONOUN_ANY = re.compile(r"\b(?:they|it|the statement|the speech|its statement)\b", re.I)
_COORDINATION = re.compile(r"^[\s,()]*(?:(?:and|or|as well as|both)\s+)?(?:the\s+)?$", re.I)
_COMPANY = re.compile(
    r"^[\s,]*(?:and|as well as|along with|together with)\s+(?:[a-z]+\s+){0,3}$"
)  # "and several other"
_MAX_SUBJECT_GAP = 160
UNNAMED = "speakers the text does not name"  # the label of rule 10's anonymous speakers
# rule 14: a sentence in the register of reported speech ("Accountability included ...", "States must ...",
# "Failure to act allowed ..."): indirect speech backshifts its verbs to the past
_BACKSHIFT = re.compile(
    r"\b(?:was|were|had|would|could|should|must|might"
    r"|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )[a-z]{2,}[^aeiou\W]ed)\b"  # a past, not a present passive
)
# rule 8: an opening adverbial ("At a Council meeting on Friday,", "After Peru spoke,") names no subject
_CUE_WINDOW = 80  # characters before a mention where a listener's or a place's cue stands ("told the")
_SCENE_LENGTH = 200  # characters: an opening phrase is short, and a long sentence is not read twice
_UNTIL_COMMA = re.compile(r"[^,.;:]*,")
_COMMA_BEFORE_VERB = re.compile(r",\s*(?:\w+ly\s+|instead\s+|also\s+)?$")
_SCENE = re.compile(r"\s*(?:At|In|On|During|After|Before|Following|Since|Speaking at|Addressing)\s[^,.;:]*$")
_VIEW = re.compile(r"\s*For\s+(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?")  # "For Mr. Guterres, the world had failed": his view
_IT = re.compile(r"\s*It\s+(\w+)")
_RELATIVE = re.compile(r",?\s*(?:which|that)\s+(?:\w+ly\s+)?")  # "the resolution, which clearly states"
# a number or quantity before a group noun, which belongs in its label ("Fourteen states", "many countries")
_QUANTITY = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty(?:-\w+)?|"
    r"many|several|some|most|few|other|all|both|(?:these|those) same)"
)
_CLAUSE_END = re.compile(r"[,.;:]")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")  # someone the sentence names (rule 14 names no one)
_WORD = re.compile(r"\w+")
_INDIRECT_AFTER = 4  # words of indirect speech after a sentence's last quotation: it goes on reporting
_PRONOUN_AFTER = re.compile(r",?\s*(he|she|they)\s+")
# "it was recognized that ...": an impersonal passive names no one, not the last subject
_IMPERSONAL = re.compile(r"\bit\s+(?:was|is|has been|had been)\s+(?:\w+ly\s+|also\s+)?$", re.I)
_IMPERSONAL_VERB = re.compile(r"\bit\s+(?:was|is|has been|had been)\s+(?:\w+ly\s+|also\s+)?(\w+)", re.I)
# what may stand between a document and its present-tense verb: "The report notes", "The report, in its
# third part, notes", "The report also notes" (not "The report explored the norm, which states")
_DOCUMENT_GAP = re.compile(r"(?:\s*,[^,.;:]{1,80},)?\s+(?:\w+ly\s+|also\s+)?")
_PRONOUN_SUBJECT = re.compile(r"(?:^|[,;]\s*|\band\s+)(he|she)\s+(?:\w+ly\s+|also\s+|then\s+)?$", re.I)
_VERB_FIRST = re.compile(r",?\s*(\w+)\s+(?:the\s+)?")  # "…,” said Adama Dieng


@dataclass(frozen=True)
class Speaking:
    """One resolved speaker of a sentence."""

    speaker: str | None  # speaker id; None when anonymous or unresolved
    label: str  # the words the text uses
    kind: str
    on_behalf_of: str | None = None
    delegate: bool = False  # a state speaking through its unnamed representative: "he" or "she" later


@dataclass(frozen=True)
class Attribution:
    speakers: tuple[Speaking, ...]
    rule: str


@dataclass(frozen=True)
class RawStatement:
    """A statement before ids are assigned: offsets are into the paragraph's text."""

    text: str
    kind: StatementKind
    speaking: Speaking
    start: int
    end: int
    rule: str
    also_by: tuple[str, ...] = ()  # the others who said it jointly with ``speaking`` (one statement, not copies)


@dataclass
class Context:
    """What earlier sentences tell later ones (for pronouns)."""

    last_subject: tuple[Speaking, ...] = ()
    warnings: list[tuple[int, str]] = field(default_factory=list)
    known: dict[str, str | None] = field(default_factory=dict)  # surname -> person id; None when shared
    registered: set[str] = field(default_factory=set)  # surnames of registry people (they win, D3)
    discovered: list[tuple[int, Mention]] = field(default_factory=list)  # first mention of each new person
    seen: set[str] = field(default_factory=set)  # ids of the people discovered so far
    lead_in: Attribution | None = None  # rule 9: the speakers announced for the next paragraph
    quoted_last: Attribution | None = None  # rule 6: the speakers of a quotation that ended the last paragraph
    bodies: dict[str, Mention | None] = field(default_factory=dict)  # rule 11: "Council" -> the body it is
    chain: Chain | None = None  # stage (c): the people the source has named so far (text/chain.py)
    voice: Attribution | None = None  # rule 15: the speaker a press statement is about

    def learn(self, mentions: list[Mention]) -> None:
        """Remember the people named, so their surnames stand for them later (D3), and the bodies,
        so their short names do (rule 11)."""
        for mention in mentions:
            words = mention.surface.split()
            if mention.kind in ("organization", "group") and len(words) > 1 and words[-1][:1].isupper():
                known = self.bodies.get(words[-1], mention)
                self.bodies[words[-1]] = mention if known and known.target == mention.target else None
            if mention.discovered and mention.target and mention.target not in self.seen:
                self.seen.add(mention.target)
                self.discovered.append((mention.start, mention))  # a person, or a body (D9)
            if mention.kind != "person" or mention.target is None:
                continue
            for surname in short_names(mention):
                if not mention.discovered:  # registry people win (D3)
                    shared = surname in self.registered and self.known.get(surname) != mention.target
                    self.known[surname] = None if shared else mention.target
                    self.registered.add(surname)
                elif surname not in self.registered:
                    shared = self.known.get(surname, mention.target) != mention.target
                    self.known[surname] = None if shared else mention.target


class Attributor:
    """The attribution rules above, compiled once for a registry's conventions."""

    def __init__(self, finder: MentionFinder, conventions: Conventions) -> None:
        self.finder = finder
        self.conventions = conventions
        verbs = sorted(conventions.reporting_verbs, key=len, reverse=True)
        verb_words = "|".join(re.escape(v) for v in verbs)
        self._verb = re.compile(rf"\b(?:{verb_words})\b")
        present = "|".join(re.escape(v) for v in sorted(conventions.document_verbs, key=len, reverse=True))
        self._document_verb = re.compile(rf"\b(?:{present})\b") if present else None
        self._phrases = tuple(p.lower() for p in conventions.attribution_phrases)
        nouns = "|".join(re.escape(n) for n in conventions.speech_nouns)
        self._speech_noun = re.compile(rf"['’]s\s+(?:{nouns})\b")
        self._passive = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$")
        listen = "|".join(re.escape(c) for c in conventions.listener_subject_cues)
        self._listens = re.compile(rf"\s+(?:\w+ly\s+)?(?:{listen})\b")
        tell = "|".join(re.escape(c) for c in conventions.listener_object_cues)
        self._tells = re.compile(rf"\b(?:{tell})\s+(?:the\s+)?$")
        place = "|".join(re.escape(c) for c in conventions.place_cues)
        self._place = re.compile(rf"\b(?:{place})\s+(?:the\s+)?$")
        groups = "|".join(re.escape(g) for g in conventions.group_nouns)
        # not after a demonstrative: "these countries" points back to states named before; the label is the
        # whole noun phrase with its number ("Fourteen states", "These same countries"), never the bare noun
        self._group_subject = re.compile(
            rf"(?<!these )(?<!those )(?<!such )\b((?:{_QUANTITY}\s+)?(?:{groups}))\s+(?:\w+ly\s+|also\s+)?$",
            re.I,
        )
        said = "|".join(re.escape(v) for v in conventions.agentless_passives)
        self._agentless = re.compile(rf"\b(?:was|were|is|are|has been|have been)\s+(?:\w+ly\s+|also\s+)?(?:{said})\b")
        self._lead_in = re.compile(rf"\b(?:{'|'.join(re.escape(v) for v in verbs)})\b[^.;:!?]{{0,40}}:\s*$")
        self._empty = frozenset(conventions.empty_reports)
        # "…,” Kouchner, who founded a charity, said" / "…,” Ida Lund, Chair of the Mission on Z said"
        # (or the rest of an office the name's mention did not take in: "… Fact‑Finding Mission on Z said")
        self._appositive = re.compile(
            rf"(?:,\s*[^.;:!?“”\"]{{1,140}}?,?|[^\s.;:!?“”\",][^.;:!?“”\",]{{0,80}}?,?)\s+(?:\w+ly\s+)?(?=(?:{verb_words})\b)"
        )
        # the themes' names for things ("responsibility to protect", "R2P"); a one-word cue ("genocide")
        # quoted alone is as often someone's charge as a name, so it is left to the other rules
        cues = {cue for theme in finder.registry.themes for cue in theme.cues}
        concepts = sorted((c for c in cues if " " in c or sum(ch.isupper() for ch in c) >= 2), key=len, reverse=True)
        self._concept = re.compile(r"\b(?:" + "|".join(map(re.escape, concepts)) + r")\b", re.I) if concepts else None
        self._offices = Offices(conventions)
        delegates = "|".join(map(re.escape, conventions.delegate_nouns))
        self._delegate = re.compile(rf"['’]s?\s+(?:{delegates})\b(?![,\s]+(?:the\s+)?[A-Z])") if delegates else None
        self._pronouns = honorific_pronouns(conventions)

    def paragraph(self, text: str, day: date | None, context: Context) -> list[RawStatement]:
        """Statements in one paragraph; ``context`` carries speakers across paragraphs."""
        quotes = find_quotes(text)
        masked = _mask(text, quotes)
        if context.chain is None:
            context.chain = Chain(self._offices, self._pronouns)
        chain = context.chain
        chain.paragraph()
        found: list[RawStatement] = []
        previous = context.quoted_last
        context.quoted_last = None
        pending = deque(quotes)
        opener: Mention | None = None  # the person mention that opened the sentence before (C1)
        reporting: Attribution | None = None  # rule 14: the named speaker of the last paraphrase
        for start, end in sentences(text, quotes):
            chain.sentence(opener)
            inside = []
            while pending and pending[0].start < end:
                inside.append(pending.popleft())
            reported = bool(self._verb.search(masked, start, end))
            spoken = [
                q
                for q in inside
                if not is_term(q, text, self.conventions.term_cues, reported and not self._names_concept(q.text))
            ]
            mentions = [
                replace(m, start=m.start + start, end=m.end + start)
                for m in self.finder.find(masked[start:end], context.known, discover=True)
            ]
            context.learn(mentions)
            for mention in mentions:
                known = mention.target if not mention.discovered else None  # a registry person
                pronoun = self.finder.pronoun_of(known) if known else None
                chain.named(mention, masked, pronoun, self.finder.office_on(known, day) if known else None)
            mentions = sorted([*mentions, *_short_names(masked, start, end, mentions, context)], key=lambda m: m.start)
            mentions = [m for m in mentions if not self._not_speaker(masked, start, m)]
            opener = next((m for m in mentions if m.start - start <= 4), None)
            attribution: Attribution | None
            if context.lead_in and spoken and _only_quotes(masked, start, end):
                attribution = Attribution(context.lead_in.speakers, context.lead_in.rule)
            else:
                attribution = self._attribute(masked, start, end, mentions, spoken, day, context)
            context.lead_in = None
            if attribution and not spoken and self._lead_in.search(masked, start, end):
                context.lead_in = Attribution(attribution.speakers, f"{attribution.rule}, before a colon")
                self._remember(attribution, context)
                previous = context.quoted_last = None
                continue
            if attribution is None and spoken and _only_quotes(masked, start, end) and previous:
                attribution = Attribution(previous.speakers, "continues the previous sentence's speaker")
            if attribution is None and spoken and context.voice:
                attribution = context.voice
            if (
                attribution is None
                and not spoken
                and reporting
                and not mentions
                and not _PRONOUN.search(masked, start, end)
                and not self._it_says(masked, start)
                and not self._impersonal(masked, start, end)
                and not any(named_by_cue(q, text, self.conventions.term_cues) for q in inside)
                and _BACKSHIFT.search(masked, start, end)
            ):
                attribution = Attribution(reporting.speakers, "continues the indirect speech of the sentence before")
            if attribution is None or not attribution.speakers:
                if spoken:
                    context.warnings.append((start, f"quotation with no speaker: “{_opening(spoken[0].text)}”"))
                previous = context.quoted_last = None
                continue
            previous = attribution
            named = all(speaking.speaker for speaking in attribution.speakers)
            reporting = attribution if named and (not spoken or _mostly_indirect(masked, start, end, spoken)) else None
            self._remember(attribution, context)
            context.quoted_last = attribution if spoken else None
            speaking, also_by = _joint(attribution.speakers)
            if spoken:
                found.extend(
                    RawStatement(q.text, "quote", speaking, q.start, q.end, attribution.rule, also_by) for q in spoken
                )
            elif not self._says_nothing(masked, start, end):
                found.append(
                    RawStatement(text[start:end], "paraphrase", speaking, start, end, attribution.rule, also_by)
                )
        return found

    def _it_says(self, masked: str, start: int) -> bool:
        """ "It demanded ...": a subject of its own that is not a person (rule 14 does not go on through it)."""
        it = _IT.match(masked, start)
        return bool(it and self._verb.fullmatch(it.group(1)))

    def _impersonal(self, masked: str, start: int, end: int) -> bool:
        """ "It was recognized that ...": the meeting's view in narration, no one's continued speech."""
        return any(self._verb.fullmatch(m.group(1)) for m in _IMPERSONAL_VERB.finditer(masked, start, end))

    def _delegated(self, masked: str, mention: Mention) -> bool:
        """ "Iraq’s representative said": a state's unnamed delegate speaks for it (no name follows)."""
        return mention.kind == "state" and bool(self._delegate and self._delegate.match(masked, mention.end))

    def _names_concept(self, quoted: str) -> bool:
        """A short quotation naming one of the themes' concepts ("R2P crimes", "responsibility to
        protect") is a term, said or not."""
        return bool(self._concept and self._concept.search(quoted))

    def _says_nothing(self, masked: str, start: int, end: int) -> bool:
        """Rule 13: the words after the sentence's last reporting verb are all empty reports."""
        verbs = list(self._verb.finditer(masked, start, end))
        if not verbs or not self._empty:
            return False
        words = re.findall(r"[\w’'-]+", masked[verbs[-1].end() : end].lower())
        return bool(words) and all(word in self._empty or word == "a" for word in words)

    def _not_speaker(self, masked: str, start: int, mention: Mention) -> bool:
        """Rules 7 and 8: a listener, a state or organization named as a place, or anyone named in the
        phrase that sets the scene before the subject ("At a Security Council meeting on Friday, ...")."""
        near = max(start, mention.start - _CUE_WINDOW)  # the cues end right before the mention
        if self._listens.match(masked, mention.end) or self._tells.search(masked, near, mention.start):
            return True
        opening = mention.start - start <= _SCENE_LENGTH and _SCENE.match(masked, start, mention.start)
        if opening and _UNTIL_COMMA.match(masked, mention.end, mention.end + _SCENE_LENGTH):
            scene = masked[start : mention.start].lower()
            return not any(phrase in scene for phrase in self._phrases)  # "In the words of X," names X
        return mention.kind in ("state", "organization") and bool(self._place.search(masked, near, mention.start))

    @staticmethod
    def _remember(attribution: Attribution, context: Context) -> None:
        named = tuple(s for s in attribution.speakers if s.speaker is not None)
        for speaking in named:
            if context.chain and speaking.kind == "person" and speaking.speaker:
                context.chain.spoke(speaking.speaker)
        if named:
            context.last_subject = named
        elif attribution.speakers:
            context.last_subject = attribution.speakers

    def _attribute(
        self,
        masked: str,
        start: int,
        end: int,
        mentions: list[Mention],
        spoken: list[Quote],
        day: date | None,
        context: Context,
    ) -> Attribution | None:
        behalf = self._on_behalf(masked, start, end, mentions)
        candidates = [m for m in mentions if m is not behalf]
        starts = [m.start for m in candidates]  # in order: a quotation's follower is found by bisection
        for quote in spoken:
            after = quote.outer[1]
            at = bisect_left(starts, after)
            follower = candidates[at] if at < len(starts) and starts[at] <= after + 3 else None
            if follower and (
                self._verb.match(masked, follower.end + 1) or self._appositive.match(masked, follower.end)
            ):
                return self.resolve([follower], behalf, day, "speaker named after the quotation", context.chain)
            verb_first = _VERB_FIRST.match(masked, after)
            if verb_first and self._verb.fullmatch(verb_first.group(1)):
                named = _named_after(candidates, masked, verb_first.end(1))
                if named:
                    return self.resolve([named], behalf, day, "speaker named after the quotation", context.chain)
            pronoun = _PRONOUN_AFTER.match(masked, after)
            if pronoun and self._verb.match(masked, pronoun.end()):
                return self._pronoun(pronoun.group(1), context, "pronoun after the quotation")
        viewer = next((m for m in candidates if m.kind == "person" and _VIEW.fullmatch(masked, start, m.start)), None)
        if viewer and masked.startswith(",", viewer.end):
            return self.resolve([viewer], behalf, day, "“For …,” gives the person's view", context.chain)
        lowered = masked[start:end].lower()  # this sentence only: lowering the whole paragraph was quadratic
        for phrase in self._phrases:
            at = lowered.find(phrase)
            if at >= 0:
                at += start
                follower = next((m for m in candidates if at + len(phrase) <= m.start <= at + len(phrase) + 6), None)
                if follower:
                    return self.resolve([follower], behalf, day, f"“{phrase}” names the speaker", context.chain)
        for mention in candidates:
            if mention.possessive and self._speech_noun.match(masked, mention.end):
                return self.resolve([mention], behalf, day, "the speaker's words are quoted", context.chain)
        for verb in self._verb.finditer(masked, start, end):  # the first verb that has a subject
            found = self._subject_of(verb, masked, start, candidates, behalf, day, context)
            if found is not None:
                return found
        documents = [m for m in candidates if m.kind == "document"]
        for verb in self._document_verb.finditer(masked, start, end) if documents and self._document_verb else ():
            subject = next((m for m in reversed(documents) if start <= m.start and m.end <= verb.start()), None)
            if subject and _DOCUMENT_GAP.fullmatch(masked, subject.end, verb.start()):
                # "The Outcome Document notes: ...": a document speaks in the present tense
                return self.resolve([subject], behalf, day, f"subject of “{verb.group()}”", context.chain)
        passive = self._agentless.search(masked, start, end)
        if passive and not masked.startswith(" by ", passive.end()):
            return Attribution((Speaking(None, UNNAMED, "anonymous"),), f"agentless “{passive.group()}”")
        return None

    def _subject_of(
        self,
        verb: re.Match[str],
        masked: str,
        start: int,
        candidates: list[Mention],
        behalf: Mention | None,
        day: date | None,
        context: Context,
    ) -> Attribution | None:
        """Rules 4 and 5 for one reporting verb; None when it has no speaker."""
        follower = next((m for m in candidates if verb.end() < m.start <= verb.end() + 2), None)
        if follower and re.search(r",\s*$", masked[start : verb.start()]):
            return self.resolve([follower], behalf, day, "speaker named after the reporting verb", context.chain)
        if self._passive.search(masked, start, verb.start()) and masked.startswith(" by ", verb.end()):
            clause = _CLAUSE_END.search(masked, verb.end())  # "by X and Y, among others"
            clause_end = clause.start() if clause else len(masked)
            agent = [m for m in candidates if verb.end() + 4 <= m.start and m.end <= clause_end]
            return self.resolve(agent, behalf, day, f"agent of “{verb.group()} by”", context.chain) if agent else None
        before = [m for m in candidates if m.end <= verb.start() and (not m.possessive or self._delegated(masked, m))]
        before = [m for m in before if verb.start() - m.end <= _MAX_SUBJECT_GAP]
        before = [
            m
            for i, m in enumerate(before)
            if m.kind != "document" or _only_documents(before[:i]) or _RELATIVE.fullmatch(masked, m.end, verb.start())
        ]
        right_before = _PRONOUN_SUBJECT.search(masked, before[-1].end if before else start, verb.start())
        if right_before:  # "… on Libya, he said": the pronoun is the subject, not the state before it
            return self._pronoun(right_before.group(1), context, f"“{right_before.group(1)}” before “{verb.group()}”")
        inserted = _inserted_document(before, masked, verb.start())
        if inserted:
            return self.resolve([inserted], behalf, day, f"subject of “{verb.group()}”", context.chain)
        if before:
            subject = _coordinated(before, masked)
            found = self.resolve(subject, behalf, day, f"subject of “{verb.group()}”", context.chain)
            if len(subject) == 1 and subject[0].possessive:  # only a delegate's state passes as possessive
                return replace(found, speakers=tuple(replace(s, delegate=True) for s in found.speakers))
            return found
        group = self._group_subject.search(masked, start, verb.start())
        if group:
            speaking = Speaking(None, group.group(1), "anonymous", behalf.target if behalf else None)
            return Attribution((speaking,), f"“{group.group(1)}” right before “{verb.group()}”")
        prefix = masked[start : verb.start()]
        if _IMPERSONAL.search(prefix):
            return None
        pronoun = _PRONOUN_PERSON.search(prefix) or _PRONOUN_ANY.search(prefix)
        if pronoun:
            return self._pronoun(pronoun.group(), context, f"“{pronoun.group()}” before “{verb.group()}”")
        return None

    def _on_behalf(self, masked: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
        at = masked.find("on behalf of", start, end)
        if at < 0:
            return None
        return next(
            (m for m in mentions if at < m.start <= at + 80 and m.kind in ("group", "organization", "state")), None
        )

    def _pronoun(self, word: str, context: Context, rule: str) -> Attribution | None:
        """ "he" and "she" through the chain (C1); "they", "it" and "the statement" are the last subject."""
        if word.lower() in ("he", "she"):
            last = context.last_subject
            if len(last) == 1 and last[0].delegate:  # "Iraq's representative said ... he emphasized"
                return Attribution(last, f"{rule} → {last[0].label}'s representative, who spoke just before")
            entity = context.chain.pronoun(word) if context.chain else None
            if entity is None:
                return None
            return Attribution(
                (Speaking(entity.id, entity.label, "person"),), f"{rule} → {entity.label}, {_why(entity)}"
            )
        speakers = context.last_subject
        if word.lower() == "they" and len(speakers) == 1 and speakers[0].kind == "person":
            return None  # "they" is never one person
        if word.lower() == "it" and any(s.kind == "person" for s in speakers):
            return None  # nor is "it" ("It demanded ..." after a person is the resolution, a document)
        return Attribution(speakers, f"{rule}, resolved to the previous speaker") if speakers else None

    def resolve(
        self, mentions: list[Mention], behalf: Mention | None, day: date | None, rule: str, chain: Chain | None = None
    ) -> Attribution:
        behalf_id = behalf.target if behalf else None
        speakers = []
        steps = []
        for mention in mentions:
            if mention.kind in ("title", "description"):
                people = self._office_holders(mention, day, chain)
                if people:
                    speakers += [Speaking(p.id, mention.surface, "person", behalf_id) for p in people]
                    steps.append(
                        f"“{mention.surface}” → {', '.join(p.label for p in people)}, {_why(people[0], mention)}"
                    )
                    continue
                holder = self.finder.holder(mention.target, day) if mention.target else None
                speaker = holder.id if holder else None
                kind = holder.kind if holder else "anonymous"
                speakers.append(Speaking(speaker, mention.surface, kind, behalf_id))
                if holder and day:
                    steps.append(f"“{mention.surface}” → {holder.name}, the office's holder on {day.isoformat()}")
            elif mention.kind == "anonymous":
                speakers.append(Speaking(None, mention.surface, "anonymous", behalf_id))
            else:
                speakers.append(Speaking(mention.target, mention.surface, mention.kind, behalf_id))
        return Attribution(tuple(speakers), "; ".join([rule, *steps]))

    def _office_holders(self, mention: Mention, day: date | None, chain: Chain | None) -> list[Entity]:
        """C2 and C3: the people the text gave this office; none if it gave it to nobody. With no
        date to find its holder by, a registry office is the one person the text names who ever held it."""
        if chain is None:
            return []
        if mention.kind == "title" and mention.target:
            titled = chain.titled(mention.target)
            if titled or day is not None:
                return [titled] if titled else []
            ever = [e for e in chain.entities() if self.finder.ever_held(e.id, mention.target)]
            return ever if len(ever) == 1 else []
        office = mention.role or mention.surface
        return chain.holders(office, mention.plural)


_QUALIFIERS = re.compile(r"(?:[A-Z][\w.’'-]*|and|of|for|on|to|the|,|\s)*")  # "Peruvian Foreign Minister and Chair, "


def _named_after(candidates: list[Mention], masked: str, at: int) -> Mention | None:
    """The speaker named from ``at`` on, past the capitalised words that qualify them ("…,” said
    Peruvian Foreign Minister and Chair of the Council, Anna Bell"): a person before anyone else."""
    near = [m for m in candidates if at <= m.start <= at + 120 and _QUALIFIERS.fullmatch(masked, at, m.start)]
    return next((m for m in near if m.kind == "person"), near[0] if near else None)


def _why(entity: Entity, mention: Mention | None = None) -> str:
    """The chain step, said in a few words for the statement page."""
    if mention is not None:
        return "the person the text named with that office"
    return "the latest speaker it fits" if entity.spoke >= 0 else "the latest person named it fits"


def _coordinated(before: list[Mention], text: str) -> list[Mention]:
    """The last mention and those of its kind joined to it by commas and "and". Unnamed company closing a
    list of states ("Chile, Peru and several other delegations") leaves the states named as the speakers."""
    last = before[-1]
    company = len(before) > 1 and _family(before[-2]) == "collective" and last.kind == "anonymous"
    if company and _COMPANY.match(text[before[-2].end : last.start]):
        return _coordinated(before[:-1], text)
    group = [last]
    for mention in reversed(before[:-1]):
        if _family(mention) != _family(group[0]) or not _COORDINATION.match(text[mention.end : group[-1].start]):
            break
        group.append(mention)
    return list(reversed(group))


def _inserted_document(before: list[Mention], masked: str, verb: int) -> Mention | None:
    """ "The report, presented by Ida Lund, urged ...": a document opening the sentence, then words set
    off by commas up to the verb; whoever they name is not the subject."""
    first = before[0] if before else None
    if first is None or first.kind != "document" or len(before) < 2 or not masked.startswith(",", first.end):
        return None
    return first if _COMMA_BEFORE_VERB.search(masked, before[-1].end, verb) else None


def _only_documents(mentions: list[Mention]) -> bool:
    """A document is a subject only ahead of any speaker ("Ida Lund presented the report, saying ..." is
    hers, "The report, presented by Ida Lund, urged ..." is the report's), or of its own relative clause
    ("Ida Lund read the resolution, which states: ...")."""
    return all(m.kind == "document" for m in mentions)


def _family(mention: Mention) -> str:
    """States, organizations and groups are listed together; people and anonymous apart."""
    return "collective" if mention.kind in ("state", "organization", "group") else mention.kind


def _mask(text: str, quotes: list[Quote]) -> str:
    """Blank out quoted words (keeping offsets) so names inside quotations are not speakers."""
    parts, position = [], 0
    for quote in quotes:
        parts += [text[position : quote.start], " " * (quote.end - quote.start)]
        position = quote.end
    parts.append(text[position:])
    return "".join(parts)


def _mostly_indirect(masked: str, start: int, end: int, spoken: list[Quote]) -> bool:
    """Rule 14: a sentence in indirect speech that quotes a few of the speaker's words on the way ("Lund
    described the war as “a dark chapter” and said the world had failed") reports as one that quotes none;
    one whose words end in the quotation ("Lund said that “…”") quotes them."""
    quoted = sum(len(_WORD.findall(q.text)) for q in spoken)
    after = len(_WORD.findall(masked, spoken[-1].outer[1], end))
    return after >= _INDIRECT_AFTER and quoted < len(_WORD.findall(masked, start, end))


def _only_quotes(masked: str, start: int, end: int) -> bool:
    return not re.search(r"\w", masked[start:end])


def _joint(speakers: tuple[Speaking, ...]) -> tuple[Speaking, tuple[str, ...]]:
    """One sentence, several speakers ("Ruritania, Northland and Freedonia stressed"): one statement whose
    speaker is the first named and whose ``also_by`` are the other named ones, in the text's order. Unnamed
    company ("and several others") adds no one; a sentence of unnamed speakers only keeps the first."""
    named = [s for s in speakers if s.speaker]
    if not named:
        return speakers[0], ()
    others = dict.fromkeys(s.speaker for s in named[1:] if s.speaker != named[0].speaker)
    return named[0], tuple(s for s in others if s)


def _opening(words: str, limit: int = 60) -> str:
    """The first whole words of a quotation, for a message: never a word cut in two."""
    if len(words) <= limit:
        return words
    return words[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _short_names(masked: str, start: int, end: int, mentions: list[Mention], context: Context) -> list[Mention]:
    """Rule 11: "the Council" for the one body of the source whose name ends with "Council"."""
    if not context.bodies:
        return []
    heads = "|".join(re.escape(head) for head, body in context.bodies.items() if body is not None)
    if not heads:
        return []
    found = []
    for match in re.finditer(rf"\bthe ({heads})\b", masked[start:end]):
        at, to = start + match.start(1), start + match.end(1)
        body = context.bodies[match.group(1)]
        if body is not None and not any(m.start < to and at < m.end for m in mentions):
            found.append(replace(body, start=at, end=to, surface=match.group(1), possessive=False))
    return found
