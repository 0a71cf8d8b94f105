"""A synthetic corpus in the genre of ``content/``, to measure the build at sizes the bundled archive never reaches.

The texts imitate the real sources closely enough that every stage of the pipeline does real work:
datelines in the three styles the sources use, headings, site chrome, named speakers with quotations
in curly quotes, paraphrases by states, anonymous attributions under the Chatham House Rule, office
titles that only resolve by date, and the themes' cue words. Several sources report the same event
and repeat some of its quotations, so corroboration and event merging are exercised too.

Everything is drawn from one ``random.Random(seed)``, and only lists and dicts (never sets) are
iterated, so the same arguments always write byte-identical files.

Usage: ``python benchmarks/corpus.py --sources 1000 --people 200 --seed 1 benchmarks/out/corpus``
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml


def words(text: str) -> list[str]:
    """Word lists written as one string, to keep the vocabulary readable."""
    return text.split()


REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"
COPIED_REGISTRY_FILES = ("titles.yaml", "states.yaml", "organizations.yaml", "themes.yaml", "conventions.yaml")

FIRST_DATE = date(2006, 1, 1)
LAST_DATE = date(2019, 12, 31)
MONTHS = words("January February March April May June July August September October November December")
ORDINALS = words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)

FIRST_NAMES_M = words(
    "Ahmed Alejandro Amadou Anders Andrés Arjun Bogdan Carlos Chen Daniel Dmitri Emeka Enrique Erik Farid "
    "François Gustavo Hamid Hans Hiroshi Ibrahim Ivan Jakob Jean-Pierre João Jonas Juan Kwame Lars Luis "
    "Mamadou Marco Mehmet Miguel Mikhail Mohamed Moussa Nikolai Olav Omar Pablo Pedro Rafael Rashid Sergei "
    "Stefan Tariq Thabo Tomás Viktor Wei Yusuf Zoran"
)
FIRST_NAMES_F = words(
    "Aisha Amina Ana Anna Beatriz Carmen Chiara Dilnoza Elena Eva Fatima Fatou Gabriela Grace Hana Helga "
    "Ingrid Isabel Julia Karin Leila Lucía Maria Marta Mei Nadia Naledi Olga Paula Priya Rania Sara Sofia "
    "Svetlana Tamar Ulla Valentina Wanjiru Yasmin Zainab"
)
SURNAME_ONSETS = words(
    "Ab Ad Al An Ar Ba Be Bo Ca Da De Do El Fa Fe Ga Go Ha He Ka Ki Ko La Le Lo Ma Me "
    "Mo Na Ne No Ob Or Pa Pe Ra Re Sa Se So Ta Te To Va Ve Wa Ya Za"
)
SURNAME_MIDDLES = words(
    "ba be da di go ka ki la le li lo ma me mi na ne ni no ra re ri ro sa se si ta te ti to va vi wu ya zi"
)
SURNAME_CODAS = words(
    "berg dottir ek enko ez ic ides ini ko lov nen oglu ov sen son ski stad ta to wa yan ani eli embe ssa ni"
)

CITIES = [
    ("New York", "United States"),
    ("Geneva", "Switzerland"),
    ("Addis Ababa", "Ethiopia"),
    ("Brussels", "Belgium"),
    ("Jakarta", "Indonesia"),
    ("Bangkok", "Thailand"),
    ("Accra", "Ghana"),
    ("Vienna", "Austria"),
    ("Panama City", "Panama"),
    ("The Hague", "Netherlands"),
]
CRISES = [
    "Syria",
    "Libya",
    "South Sudan",
    "the Central African Republic",
    "Côte d’Ivoire",
    "Kenya",
    "Darfur",
    "Myanmar",
    "Sri Lanka",
    "Yemen",
    "Mali",
    "Burundi",
    "the Democratic Republic of the Congo",
    "Nigeria",
]
PUBLISHERS = [
    ("news-article", "Impunity Watch", "impunity-watch"),
    ("news-article", "UN Non-Governmental Liaison Service (UN-NGLS)", "ngls"),
    ("news-article", "UN News Centre", "un-news"),
    ("ngo-report", "International Coalition for the Responsibility to Protect", "icrtop"),
    ("ngo-report", "Asia-Pacific Centre for the Responsibility to Protect", "apcr2p"),
    ("meeting-summary", "Global Centre for the Responsibility to Protect", "gcr2p"),
    ("speech-transcript", "United Nations, Office of the Secretary-General", "sg"),
]
CHROME_TOP = [
    "Member Sign In",
    "PDF Print E-mail",
    "icon twittericon facebookicon youtubeInstagram",
]
CHROME_BOTTOM = [
    "Photo credits",
    "© UN Photo/Evan Schneider",
    "YouTube Channel",
    "Visit https://www.youtube.com/unngls for many more!",
    "This article is available in Spanish.",
    "Browse Documents by Region:",
]

SUBJECTS = [
    "the international community",
    "Member States",
    "regional and sub-regional organizations",
    "the Security Council",
    "the Human Rights Council",
    "civil society",
    "national governments",
    "the United Nations system",
    "the General Assembly",
    "all states",
    "donor governments",
    "peacekeeping operations",
    "the Permanent Members of the Security Council",
    "we",
]
MODALS = ["must", "should", "can", "will", "ought to", "cannot afford to wait to"]
ADVERBS = [
    "",
    "",
    "",
    "urgently ",
    "collectively ",
    "consistently ",
    "more systematically ",
    "together ",
    "decisively ",
]
TAILS = [
    "",
    "",
    "",
    ", as the experience of {crisis} in {year} showed",
    " over the next decade",
    " by {year}",
    ", as {n} governments have already pledged",
    ", building on the lessons of {crisis}",
    " in the {ordinal} year of the norm",
]
PURPOSES = [
    "",
    "",
    " if populations at risk are to be protected",
    " before violence escalates into atrocity crimes",
    " so that never again is more than a slogan",
    " when national authorities manifestly fail to protect their populations",
    " in situations such as {crisis}",
    " in line with the 2005 World Summit Outcome Document",
    " at every level – global, regional, sub-regional and national",
]
ACTIONS = {
    "prevention": [
        "prevent atrocity crimes before they occur",
        "address the root causes of violence",
        "invest in preventive diplomacy",
        "build a culture of prevention",
    ],
    "early-warning": [
        "share information and assessments about states under stress",
        "strengthen early warning mechanisms",
        "act on early warning signals",
        "predict where atrocities are most likely",
    ],
    "international-assistance": [
        "assist states under stress",
        "provide assistance under Pillar II",
        "support capacity-building in fragile states",
        "strengthen national capacities to protect",
    ],
    "timely-response": [
        "respond in a timely and decisive manner",
        "take timely action when prevention fails",
        "act under Pillar III when peaceful means are inadequate",
        "coordinate an effective response",
    ],
    "use-of-force": [
        "treat military force as a last resort",
        "avoid any misuse of military intervention",
        "apply the concept of Responsibility while Protecting",
        "ensure that force is used only with the authorization of the Council",
    ],
    "regional-arrangements": [
        "work with the African Union and ECOWAS",
        "draw on the experience of regional organizations",
        "deepen cooperation with ASEAN and the OSCE",
        "support sub-regional mediation efforts",
    ],
    "civil-society": [
        "listen to civil society",
        "protect the space in which civil society works",
        "work with civil society to sound the alarm bells",
    ],
    "accountability": [
        "end impunity for the gravest crimes",
        "strengthen accountability and the rule of law",
        "cooperate fully with the courts in The Hague",
    ],
    "focal-points": ["appoint a national R2P Focal Point", "expand the Global Network of R2P Focal Points"],
    "veto-restraint": [
        "refrain from using the veto in situations of mass atrocities",
        "adopt a voluntary code of conduct on the use of the veto",
    ],
    "women-peace-security": [
        "include women in conflict prevention and management",
        "protect women and girls from sexual violence",
        "end the use of mass rape as a weapon of war",
    ],
    "arms-trade": ["implement the Arms Trade Treaty", "curb the illicit arms trade that fuels atrocities"],
    "sovereignty": [
        "respect sovereignty and national ownership",
        "avoid interference in internal affairs",
        "treat sovereignty as responsibility",
    ],
    "implementation": [
        "implement the Responsibility to Protect",
        "translate the principle into action",
        "place RtoP on the formal agenda of the General Assembly",
        "make R2P an operational reality",
    ],
}
MAXIMS = [
    "No country is immune from the fissures that can lead to mass atrocities",
    "R2P is basically a tool of prevention",
    "Sovereignty is not a shield but a responsibility",
    "The history of atrocity crimes is not one of acting too boldly, but of doing too little, too late",
    "We have not embraced R2P because it is easy, but because it is right",
    "Effective prevention requires early, active and sustained engagement",
    "The lives of millions and the credibility of this organization hinge on us doing better",
    "Turning a blind eye to these acts is no longer tenable",
    "The news from {crisis} reminds us every day of our failure to prevent",
    "This doctrine has gone from crawling to walking to running",
]
QUOTE_VERBS = [
    "said",
    "stated",
    "stressed",
    "underlined",
    "noted",
    "warned",
    "argued",
    "emphasized",
    "declared",
    "insisted",
]
PARAPHRASE_VERBS = [
    "underlined",
    "stressed",
    "noted",
    "warned",
    "argued",
    "suggested",
    "emphasized",
    "reiterated",
    "cautioned",
    "observed",
    "reaffirmed",
    "recalled",
    "pointed out",
    "highlighted",
]
ANONYMOUS = ["One participant", "One of the Ministers", "One speaker", "Several speakers", "A number of participants"]
GROUPS = [
    "the Group of Friends of the Responsibility to Protect",
    "the Non-Aligned Movement",
    "the Nordic countries",
    "the Group of African States",
]
EVENT_KINDS = ["dialogue", "ministerial", "roundtable", "regional", "panel"]
REPORT_PREFIXES = [
    "Fulfilling our Collective Responsibility",
    "Timely and Decisive Response",
    "Mobilizing Collective Action",
    "A Vital and Enduring Commitment",
    "State Responsibility and Prevention",
    "Implementing the Responsibility to Protect",
]
VENUES = ["the Permanent Mission of Denmark", "the Palais des Nations", "the Ministry of Foreign Affairs", "a hotel"]
HEADLINE_QUOTES = [
    "Responsibility to protect has arrived",
    "We must act before it is too late",
    "Prevention is the cornerstone",
    "The time for words has passed",
    "No one has a monopoly on virtue",
]
GENERIC_HEADINGS = ["Overview", "Key Themes of the Discussion", "Background", "Conclusion"]


@dataclass
class Person:
    """A speaker the texts name: enough to introduce them, refer back to them and resolve their office."""

    id: str
    name: str
    short: str
    honorific: str
    pronoun: str
    roles: list[tuple[str, date, date | None, str | None]]

    def role_on(self, day: date) -> tuple[str, date, date | None, str | None] | None:
        return next((r for r in self.roles if r[1] <= day and (r[2] is None or day <= r[2])), None)


@dataclass
class Event:
    """One meeting that several sources report; its quote bank is what lets sources corroborate each other."""

    id: str
    kind: str
    number: int
    day: date
    city: str
    country: str
    theme: str
    name: str
    report: str
    hosts: list[str]
    people: list[Person]
    offices: list[tuple[str, Person]]
    states: list[str]
    organizations: list[str]
    maxim: str | None = None
    quote_bank: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Registry:
    """The parts of the real registry the texts draw names from."""

    titles: dict[str, dict]
    states: list[dict]
    organizations: list[dict]
    themes: list[dict]
    real_people: list[dict]


# ---------------------------------------------------------------------------------------------- registry


def load_real_registry(registry_dir: Path) -> Registry:
    """Read the curated registry so generated texts only name speakers and offices the loader knows."""

    def read(name: str) -> list[dict]:
        return yaml.safe_load((registry_dir / name).read_text(encoding="utf-8")) or []

    return Registry(
        titles={t["id"]: t for t in read("titles.yaml")},
        states=read("states.yaml"),
        organizations=[o for o in read("organizations.yaml") if o.get("kind", "organization") == "organization"],
        themes=read("themes.yaml"),
        real_people=read("people.yaml"),
    )


def slug(text: str) -> str:
    """Enough of the package's slugify for ids made of our own ASCII-able names (no import of the package)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words) or "x"


def real_person(entry: dict) -> Person:
    """Wrap a curated person, referring back to them by an alias the registry really lists."""
    aliases = [str(a) for a in entry.get("aliases", [])]
    titled = [a for a in aliases if a.split(" ", 1)[0] in ("Mr.", "Ms.", "Dr.")]
    short = min(titled, key=len) if titled else min([a for a in aliases if " " in a] or [entry["name"]], key=len)
    honorific = titled[0].split(" ", 1)[0] if titled else ""
    pronoun = "she" if honorific == "Ms." or entry["id"] in ("jennifer-welsh",) else "he"
    roles = [(r["title"], r["from"], r.get("to"), r.get("affiliation")) for r in entry.get("roles", [])]
    return Person(entry["id"], entry["name"], short, honorific, pronoun, roles)


def surname(rng: random.Random, middles: int = 1) -> str:
    """A made-up surname from syllables: a large space, so every generated person can have their own."""
    middle = "".join(rng.choice(SURNAME_MIDDLES) for _ in range(middles))
    return rng.choice(SURNAME_ONSETS) + middle + rng.choice(SURNAME_CODAS)


def generated_roles(rng: random.Random, states: list[dict]) -> list[tuple[str, date, date | None, str | None]]:
    """One or two national offices; only offices several people hold at once, so titles never become ambiguous."""
    roles = []
    start = FIRST_DATE - timedelta(days=365) + timedelta(days=rng.randrange(13 * 365))
    for _ in range(rng.choice([1, 1, 1, 2])):
        title = rng.choices(["foreign-minister", "prime-minister", "vice-minister"], weights=[6, 1, 3])[0]
        end = start + timedelta(days=rng.randint(365, 6 * 365))
        still_held = end > LAST_DATE and rng.random() < 0.5
        roles.append((title, start, None if still_held else end, rng.choice(states)["id"]))
        start = end + timedelta(days=rng.randint(30, 700))
    return roles


def generate_people(rng: random.Random, registry: Registry, n_people: int) -> list[Person]:
    """The curated people first (their offices are named by title), then generated ones up to ``n_people``."""
    people = [real_person(e) for e in registry.real_people[:n_people]]
    taken = {p.name for p in people} | {p.short.split()[-1] for p in people}
    taken |= {s["name"] for s in registry.states}
    ids = {p.id for p in people}
    misses = 0
    while len(people) < n_people:
        female = rng.random() < 0.4
        last = surname(rng, 1 + misses // 100)
        if last in taken:
            misses += 1
            continue
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        name = f"{first} {last}"
        person_id = slug(name)
        if person_id in ids:
            continue
        taken.add(last)
        ids.add(person_id)
        honorific = "Ms." if female else rng.choice(["Mr.", "Mr.", "Mr.", "Dr."])
        pronoun = "she" if female else "he"
        people.append(
            Person(person_id, name, f"{honorific} {last}", honorific, pronoun, generated_roles(rng, registry.states))
        )
    return people


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), so names with accents or colons stay strings."""
    return json.dumps(value, ensure_ascii=False)


def people_yaml(people: list[Person], registry: Registry) -> str:
    """people.yaml: the curated entries verbatim, then the generated ones in the same flow style."""
    real_ids = {e["id"] for e in registry.real_people}
    lines = ["# Generated by benchmarks/corpus.py: curated people first, then synthetic ones."]
    for entry in registry.real_people:
        if entry["id"] in {p.id for p in people}:
            lines.append(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000).rstrip())
    for person in people:
        if person.id in real_ids:
            continue
        lines.append(f"- id: {person.id}")
        lines.append(f"  name: {yaml_str(person.name)}")
        lines.append(f"  aliases: [{yaml_str(person.short)}]")
        if person.roles:
            lines.append("  roles:")
        for title, start, end, affiliation in person.roles:
            until = f", to: {end.isoformat()}" if end else ""
            lines.append(f"    - {{title: {title}, from: {start.isoformat()}{until}, affiliation: {affiliation}}}")
    return "\n".join(lines) + "\n"


def write_registry(dest: Path, people: list[Person], registry: Registry, registry_dir: Path) -> None:
    """Copy the curated vocabulary files unchanged and write the generated people next to them."""
    out = dest / "registry"
    out.mkdir(parents=True, exist_ok=True)
    for name in COPIED_REGISTRY_FILES:
        shutil.copyfile(registry_dir / name, out / name)
    (out / "people.yaml").write_text(people_yaml(people, registry), encoding="utf-8")


# ---------------------------------------------------------------------------------------------- sentences


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ordinal(number: int) -> str:
    return ORDINALS[number - 1] if number <= len(ORDINALS) else numbered(number)


def numbered(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Sentence and paragraph makers sharing one random stream and the theme vocabulary."""

    def __init__(self, rng: random.Random, registry: Registry):
        self.rng = rng
        self.registry = registry
        self.theme_ids = [t["id"] for t in registry.themes]
        self.actions = {
            t["id"]: ACTIONS.get(t["id"]) or [f"take {c.rstrip('*')} seriously" for c in t.get("cues", ["R2P"])]
            for t in registry.themes
        }

    def action(self, theme: str | None = None) -> str:
        theme = theme if theme and self.rng.random() < 0.6 else self.rng.choice(self.theme_ids)
        return self.rng.choice(self.actions[theme])

    def clause(self, theme: str | None = None) -> str:
        """A reported clause, lower-case and without a full stop: ``states must assist ...``.

        Enough slots (subject, modal, adverb, action, purpose, tail) that two speakers rarely say
        the same words: real texts repeat a quotation when they report the same speech, not by chance,
        and the corroboration linker's work depends on that.
        """
        rng = self.rng
        purpose = rng.choice(PURPOSES).format(crisis=rng.choice(CRISES))
        tail = rng.choice(TAILS).format(
            crisis=rng.choice(CRISES),
            year=rng.randint(1994, 2019),
            n=rng.randint(12, 60),
            ordinal=ordinal(rng.randint(2, 15)),
        )
        modal, adverb = rng.choice(MODALS), rng.choice(ADVERBS)
        return f"{rng.choice(SUBJECTS)} {modal} {adverb}{self.action(theme)}{purpose}{tail}"

    def sentence(self, theme: str | None = None, maxim: str | None = None) -> str:
        """A quotable sentence without its final full stop; sometimes the event's famous line."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.2 and maxim:
            return maxim
        if roll < 0.35:
            return f"The situation in {rng.choice(CRISES)} shows that {self.clause(theme)}"
        if roll < 0.45:
            return f"Ten years after the World Summit, {self.clause(theme)}"
        return capitalize(self.clause(theme))

    def narrative(self, event: Event) -> str:
        """A sentence of context that nobody says: the texture around the statements."""
        rng = self.rng
        options = [
            f"The discussion then turned to {self.theme_label(event.theme).lower()}, "
            "a recurring concern since the 2005 World Summit.",
            "Many delegations referred to the situations in {} and {}.".format(*rng.sample(CRISES, 2)),
            "As always, the meeting was conducted under the Chatham House Rule.",
            f"An additional {rng.randint(3, 15)} governments from across Asia, Africa and Europe "
            "sent official observers.",
            f"The {ordinal(event.number)} report of the Secretary-General, entitled “{event.report}”, "
            "framed the debate.",
            "The vast majority of states reaffirmed that the three pillars are non-sequential "
            "and mutually reinforcing.",
            f"Participants exchanged views on how to {self.action(event.theme)} and how to {self.action()}.",
            "From the beginning, it was recognized that the implementation of the principle "
            "depends on effective partnerships.",
        ]
        return rng.choice(options)

    def theme_label(self, theme_id: str) -> str:
        return next(t["label"] for t in self.registry.themes if t["id"] == theme_id)


# ---------------------------------------------------------------------------------------------- events


def people_by_year(people: list[Person]) -> dict[int, list[Person]]:
    """People indexed by the years their offices span, so each event finds its office-holders quickly."""
    index: dict[int, list[Person]] = {}
    for person in people:
        for _, start, end, _ in person.roles:
            for year in range(start.year, (end or LAST_DATE).year + 1):
                bucket = index.setdefault(year, [])
                if not bucket or bucket[-1] is not person:
                    bucket.append(person)
    return index


def event_name(kind: str, number: int, subject: str, city: str) -> str:
    """Names as the real series spell them; only the dialogue's has a comma, as in the ICRtoP reports."""
    names = {
        "dialogue": f"{ordinal(number)} informal, interactive dialogue on the Responsibility to Protect",
        "ministerial": f"{numbered(number)} Annual R2P Ministerial Meeting",
        "roundtable": f"Ministerial Roundtable Discussion on Responsibility to Protect: {subject}",
        "regional": f"{city} Regional Forum on the Responsibility to Protect",
        "panel": f"Human Rights Council Panel on {subject}",
    }
    return names[kind]


def formal_name(event: Event) -> str:
    """The capitalized, comma-free form datelines and transcripts use ("Informal Interactive Dialogue")."""
    name = event.name.replace("informal, interactive", "Informal Interactive")
    return capitalize(name)


def the(name: str) -> str:
    """'the' before an event name, unless the name already starts with it (The Hague Regional Forum)."""
    return name if name.startswith("The ") else f"the {name}"


EVENT_SLUGS = {
    "dialogue": "general-assembly-dialogue",
    "ministerial": "ministerial-meeting",
    "roundtable": "ministerial-roundtable",
    "regional": "regional-forum",
    "panel": "human-rights-council-panel",
}


def make_event(
    rng: random.Random,
    writer: Writer,
    registry: Registry,
    index: dict[int, list[Person]],
    annual: set[tuple[str, int]],
    famous_share: float,
) -> Event:
    """An event with a date, a place and the speakers who held office that day.

    A ``famous_share`` of events has a famous line (MAXIMS) that its speakers repeat; the share
    falls as 1/sqrt(events), so a famous line is quoted ever more often as the archive grows, but
    sublinearly, as in the real record (the World Summit text is quoted everywhere, not in every
    source).

    The General Assembly dialogue and the Ministerial Meeting are annual, numbered from 2009 as in the
    real series: ``annual`` records the (kind, year) pairs already taken so that no year has two.
    """
    day = FIRST_DATE + timedelta(days=rng.randrange((LAST_DATE - FIRST_DATE).days))
    kind = rng.choice(EVENT_KINDS)
    if kind in ("dialogue", "ministerial"):
        if (kind, day.year) in annual or day.year < 2009:
            kind = rng.choice(EVENT_KINDS[2:])
        else:
            annual.add((kind, day.year))
    city, country = CITIES[0] if kind in ("dialogue", "ministerial") else rng.choice(CITIES)
    if kind == "panel":
        city, country = "Geneva", "Switzerland"
    theme = rng.choice(writer.theme_ids)
    label = writer.theme_label(theme)
    subject = rng.choice(REPORT_PREFIXES)
    ordinal_number = max(1, day.year - 2008)
    holders = [p for p in index.get(day.year, []) if p.role_on(day)]
    people = rng.sample(holders, min(len(holders), rng.randint(2, 7)))
    offices = []
    for person in [p for p in index.get(day.year, []) if p.role_on(day)]:
        role = person.role_on(day)
        if role and role[3] is None and role[0] in registry.titles:
            offices.append((role[0], person))
    states = [s["name"] for s in rng.sample(registry.states, 14)]
    place = f"{slug(city)}-" if kind == "regional" else ""
    event_id = f"{place}{EVENT_SLUGS[kind]}-{theme}-{day.isoformat()}"
    event = Event(
        id=event_id,
        kind=kind,
        number=ordinal_number,
        day=day,
        city=city,
        country=country,
        theme=theme,
        name=event_name(kind, ordinal_number, subject, city),
        report=f"{subject}: {label} and the Responsibility to Protect",
        hosts=states[:4],
        people=people,
        offices=offices,
        states=states[4:],
        organizations=[o["name"] for o in rng.sample(registry.organizations, min(3, len(registry.organizations)))],
    )
    if rng.random() < famous_share:
        event.maxim = rng.choice(MAXIMS).format(crisis=rng.choice(CRISES))
    speakers = [p.id for p in people] + [p.id for _, p in offices]
    for speaker_id in speakers:
        event.quote_bank.append((speaker_id, writer.sentence(theme, event.maxim)))
    return event


# ---------------------------------------------------------------------------------------------- paragraphs


class SourceWriter:
    """Writes one source text about one event, tracking who has been introduced already."""

    def __init__(self, writer: Writer, registry: Registry, event: Event):
        self.w = writer
        self.rng = writer.rng
        self.registry = registry
        self.event = event
        self.introduced: set[str] = set()
        self.state_names = {s["id"]: s["name"] for s in registry.states}

    # -- names

    def intro(self, person: Person, subject: bool = False) -> str:
        """Full introduction on first mention, the registry alias afterwards (as the real texts do).

        A first mention ends in an apposition ("X, Minister for Foreign Affairs of Y"), which takes a
        closing comma when the name is the subject of the sentence.
        """
        if person.id in self.introduced:
            return person.short
        self.introduced.add(person.id)
        role = person.role_on(self.event.day)
        full = f"{person.honorific} {person.name}".strip()
        if role is None:
            return person.name
        label = self.registry.titles[role[0]]["label"]
        if role[3]:
            place = self.state_names.get(role[3], role[3])
            options = [f"the {label} of {place}, H.E. {full}", f"{person.name}, {label} of {place}"]
        else:
            options = [f"the {self.title_alias(role[0])}, H.E. {full}", f"{person.name}, {label}"]
        return self.rng.choice(options) + ("," if subject else "")

    def title_alias(self, title_id: str) -> str:
        title = self.registry.titles[title_id]
        words = [a for a in title.get("aliases", []) if not a.isupper()] or [title["label"]]
        return self.rng.choice(words)

    def speaker(self) -> tuple[Person, str]:
        """A speaker of the event and one of their lines: from the shared bank half the time, else fresh."""
        candidates = self.event.people + [p for _, p in self.event.offices]
        person = self.rng.choice(candidates)
        bank = [q for sid, q in self.event.quote_bank if sid == person.id]
        line = self.rng.choice(bank) if bank and self.rng.random() < 0.5 else self.sentence()
        return person, line

    # -- paragraph kinds

    def quote(self) -> str:
        rng, w = self.rng, self.w
        if not self.event.people and not self.event.offices:
            return self.paraphrase()
        person, line = self.speaker()
        verb = rng.choice(QUOTE_VERBS)
        form = rng.randrange(5)
        if form == 0:
            return f"{capitalize(self.intro(person, subject=True))} {verb} that “{line[0].lower() + line[1:]}.”"
        if form == 1:
            return (
                f"{capitalize(self.intro(person, subject=True))} {rng.choice(PARAPHRASE_VERBS)} that "
                f"{w.clause(self.event.theme)}. "
                f"“{line},” {person.pronoun} said, adding that “{w.clause()}.”"
            )
        if form == 2:
            return f"“{line},” said {self.intro(person)}."
        if form == 3 and self.event.offices:
            title_id, holder = rng.choice(self.event.offices)
            bank = [q for sid, q in self.event.quote_bank if sid == holder.id] or [line]
            return (
                f"The {self.title_alias(title_id)} argued that, “{rng.choice(bank)}” and encouraged all Member "
                f"States to {w.action(self.event.theme)}."
            )
        return f"In the words of {self.intro(person)}, “{line}.”"

    def paraphrase(self) -> str:
        rng, w = self.rng, self.w
        states = self.event.states
        form = rng.randrange(5)
        verb = rng.choice(PARAPHRASE_VERBS)
        if form == 0:
            return f"{rng.choice(states)} {verb} that {w.clause(self.event.theme)}."
        if form == 1:
            group = rng.sample(states, rng.randint(3, 7))
            return (
                f"{join_names(group)} {verb} that {w.clause(self.event.theme)}, while {rng.choice(states)} "
                f"{rng.choice(PARAPHRASE_VERBS)} that {w.clause()}."
            )
        if form == 2:
            group = rng.sample(states, rng.randint(3, 6))
            return f"Others, including {join_names(group)}, {verb} the need to {w.action(self.event.theme)}."
        if form == 3:
            return f"{rng.choice(states)}, speaking on behalf of {rng.choice(GROUPS)}, {verb} that {w.clause()}."
        return f"The {rng.choice(self.event.organizations)} {verb} that {w.clause(self.event.theme)}."

    def anonymous(self) -> str:
        rng, w = self.rng, self.w
        form = rng.randrange(3)
        if form == 0:
            return f"{rng.choice(ANONYMOUS)} said that {w.clause(self.event.theme)}."
        if form == 1:
            return f"In the words of one Minister, “{self.sentence()}.”"
        return (
            f"While one of the Ministers reminded participants that “{self.sentence()},” "
            f"emphasis was placed upon the need of all states to {w.action(self.event.theme)}."
        )

    def body_paragraph(self) -> str:
        """Two to four sentences mixing narrative, quotations, paraphrases and anonymous remarks."""
        makers = [self.quote, self.quote, self.paraphrase, self.paraphrase, self.anonymous]
        parts = [self.w.narrative(self.event)] if self.rng.random() < 0.5 else []
        parts += [self.rng.choice(makers)() for _ in range(self.rng.randint(2, 3))]
        return " ".join(parts)

    def first_person_paragraph(self) -> str:
        """Speech transcripts: the speaker's own words, no reporting verbs."""
        rng, w, theme = self.rng, self.w, self.event.theme
        options = [
            lambda: f"{self.sentence()}.",
            lambda: f"I urge all Member States to {w.action(theme)}.",
            lambda: f"My report, therefore, offers a number of ideas to {w.action()} and to {w.action()}.",
            lambda: f"We need to {w.action(theme)}. We need to {w.action()}.",
            lambda: f"In {rng.choice(CRISES)}, {w.clause()}.",
        ]
        return " ".join(rng.choice(options)() for _ in range(rng.randint(1, 3)))

    def sentence(self) -> str:
        return self.w.sentence(self.event.theme, self.event.maxim)

    def heading(self) -> str:
        return self.rng.choice([self.w.theme_label(self.rng.choice(self.w.theme_ids)), *GENERIC_HEADINGS[1:3]])


# ---------------------------------------------------------------------------------------------- sources


def headline(rng: random.Random, event: Event, kind: str) -> list[str]:
    if kind == "meeting-summary":
        return [f"**The Responsibility to Protect:\n{event.report.split(': ', 1)[0]}**"]
    focus = event.report.split(": ", 1)[1]
    options = [
        f"“{rng.choice(HEADLINE_QUOTES)},” UN Secretary-General says",
        f"{event.city}: {formal_name(event)} discusses {focus}",
    ]
    if event.kind == "dialogue":
        options.append(f"United Nations General Assembly holds {event.name}, focusing on {focus.lower()}")
    return [rng.choice(options)]


def speech_opening(sw: SourceWriter) -> str:
    """The transcript's first line names its speaker: the Secretary-General if in office, else a minister."""
    event = sw.event
    day = long_date(event.day)
    if any(title == "secretary-general" for title, _ in event.offices) or not event.people:
        speaker = "Secretary-General"
    else:
        speaker = sw.rng.choice(event.people).short
    return f"{event.city}, {day} - {speaker}'s Remarks to {the(formal_name(event))}"


def dateline(rng: random.Random, event: Event, kind: str, writer: Writer) -> str:
    """One of the three opening styles of the real sources."""
    day = long_date(event.day)
    formal = formal_name(event)
    if kind == "meeting-summary":
        return f"{formal}, {event.city}, {day}"
    style = rng.randrange(3)
    if style == 0:
        return f"{event.city.upper()}, {day} – Speakers at {the(event.name)} agreed that {writer.clause(event.theme)}."
    if style == 1:
        return (
            f"{event.city.upper()}, {event.country} – Delegates called for renewed commitment at {the(formal)}, "
            f"held in {event.city} on {day}, and discussed how to {writer.action(event.theme)}."
        )
    if event.kind == "dialogue":
        held = f"the United Nations General Assembly held its {event.name} at the United Nations headquarters"
    else:
        held = f"the governments of {join_names(event.hosts[:3])} held {the(formal)} at {rng.choice(VENUES)}"
    return (
        f"On {day}, {held} in {event.city}. "
        f"The dialogue followed the release of the Secretary-General’s report, entitled “{event.report}” "
        f"(A/{event.day.year - 1945}/{rng.randint(100, 999)})."
    )


def source_text(writer: Writer, registry: Registry, event: Event, kind: str, target_bytes: int) -> str:
    """A whole source: chrome, headline, dateline, headed body paragraphs, footer; about ``target_bytes`` long."""
    rng = writer.rng
    sw = SourceWriter(writer, registry, event)
    paragraphs: list[str] = []
    if kind in ("ngo-report", "news-article") and rng.random() < 0.6:
        paragraphs += rng.sample(CHROME_TOP, rng.randint(1, 2))
    if kind != "speech-transcript":
        paragraphs += headline(rng, event, kind)
    if kind == "news-article" and rng.random() < 0.5:
        desk = rng.choice(["Europe", "Africa", "Asia"])
        paragraphs.append(f"By {rng.choice(FIRST_NAMES_F)} {surname(rng)}\nSenior Desk Officer, {desk}")
        caption = f"Delegates at the {event.name} in {event.city} (Photo Courtesy of UN News Centre)."
        paragraphs += [caption, caption]
    paragraphs.append(speech_opening(sw) if kind == "speech-transcript" else dateline(rng, event, kind, writer))
    if kind == "speech-transcript":
        paragraphs.append("Mr. President, Excellencies, Distinguished Delegates, Ladies and Gentlemen,")
    if kind == "meeting-summary":
        paragraphs.append("Overview")
    footer = footer_lines(rng, event, kind)
    budget = target_bytes - sum(len(p.encode()) for p in paragraphs + footer)
    while budget > 0:
        if kind != "speech-transcript" and rng.random() < 0.15:
            paragraph = sw.heading()
        elif kind == "speech-transcript":
            paragraph = sw.first_person_paragraph() if rng.random() < 0.9 else "Excellencies,"
        else:
            paragraph = sw.body_paragraph()
        paragraphs.append(paragraph)
        budget -= len(paragraph.encode()) + 2
    separator = "\n" if kind == "ngo-report" else "\n\n"
    return separator.join(paragraphs + footer) + "\n"


def footer_lines(rng: random.Random, event: Event, kind: str) -> list[str]:
    if kind == "speech-transcript":
        return ["Thank you very much."]
    if kind == "meeting-summary":
        return ["Conclusion", f"The co-hosts, {join_names(event.hosts)}, encouraged participants to remain engaged."]
    lines = []
    if rng.random() < 0.5:
        lines += ["For more information, please see:", f"UN News Centre – {event.name} – {long_date(event.day)}"]
    lines += rng.sample(CHROME_BOTTOM, rng.randint(0, 3))
    return lines


def sidecar(kind: str, publisher: str) -> str:
    return f"kind: {kind}\npublisher: {yaml_str(publisher)}\nlanguage: en\n"


def write_sources(
    dest: Path, rng: random.Random, writer: Writer, registry: Registry, events: list[Event], n_sources: int
) -> None:
    """Each source reports one event (several sources per event), under a unique descriptive slug."""
    out = dest / "sources"
    out.mkdir(parents=True, exist_ok=True)
    used: dict[str, int] = {}
    for _ in range(n_sources):
        event = rng.choice(events)
        kind, publisher, prefix = rng.choice(PUBLISHERS)
        base = f"{prefix}-{event.id}"
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base}-{used[base]}"
        text = source_text(writer, registry, event, kind, rng.randint(3000, 10000))
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{name}.yaml").write_text(sidecar(kind, publisher), encoding="utf-8")


def generate(dest: Path, n_sources: int, n_people: int, seed: int, registry_dir: Path | None = None) -> Path:
    """Write a complete content folder (``dest/sources``, ``dest/registry``); returns ``dest``.

    Existing ``sources/`` and ``registry/`` under ``dest`` are replaced, so a smaller corpus never
    inherits files from a larger one.
    """
    registry_dir = registry_dir or REAL_CONTENT / "registry"
    rng = random.Random(seed)
    registry = load_real_registry(registry_dir)
    for sub in ("sources", "registry"):
        if (dest / sub).exists():
            shutil.rmtree(dest / sub)
    people = generate_people(rng, registry, n_people)
    write_registry(dest, people, registry, registry_dir)
    writer = Writer(rng, registry)
    index = people_by_year(people)
    annual: set[tuple[str, int]] = set()
    n_events = max(1, n_sources // 3)
    famous_share = min(1.0, 3 / math.sqrt(n_events))
    events = [make_event(rng, writer, registry, index, annual, famous_share) for _ in range(n_events)]
    write_sources(dest, rng, writer, registry, events, n_sources)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="content folder to write (sources/ and registry/ are replaced)")
    parser.add_argument("--sources", type=int, default=100, help="number of source texts")
    parser.add_argument(
        "--people", type=int, default=50, help="number of people in people.yaml (curated ones included)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.dest, args.sources, args.people, args.seed)
    print(f"wrote {args.sources} sources and {args.people} people to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
