"""Speakers the registry has never heard of (issue #15): the discovery rules D1-D5 of
``text/mentions.py`` and rules 7-9 of ``text/statements.py``, on made-up sentences."""

from __future__ import annotations

from datetime import date
from functools import cache

import yaml
from hypothesis import given
from hypothesis import strategies as st

from loader_helpers import CONTENT
from r2p_archive.cache import from_data, to_data
from r2p_archive.check import discovered_notes
from r2p_archive.export import person_record
from r2p_archive.extract import Extractor, SourceMeta
from r2p_archive.link import link
from r2p_archive.records import Speaker
from r2p_archive.registry import Registry, load_registry
from r2p_archive.slugs import name_slug
from r2p_archive.text.mentions import Mention, MentionFinder, _Disjoint, _Spans
from r2p_archive.text.statements import Attributor, Context

DAY = date(2018, 5, 14)  # António Guterres is Secretary-General, Mogens Lykketoft no longer PGA


@cache
def registry() -> Registry:
    return load_registry(CONTENT / "registry")


@cache
def attributor() -> Attributor:
    return Attributor(MentionFinder(registry()), registry().conventions)


def read(*paragraphs: str, day: date | None = DAY) -> list[tuple[str, str | None, str]]:
    """(kind, speaker id, words) of every statement of the paragraphs, read as one source."""
    context = Context()
    found = []
    for paragraph in paragraphs:
        found += [(s.kind, s.speaking.speaker, s.text) for s in attributor().paragraph(paragraph, day, context)]
    return found


def speakers(*paragraphs: str) -> list[str | None]:
    return [speaker for _, speaker, _ in read(*paragraphs)]


# D1: a name beside an honorific or an office is a person ---------------------------------


def test_an_office_before_the_name_with_its_affiliation_after():
    assert speakers("Foreign Minister Tova Brekke of Peru warned that the talks had stalled.") == ["tova-brekke"]


def test_an_office_and_its_state_before_a_comma_is_the_person_not_the_state():
    said = speakers("Minister of Foreign Affairs of Peru, Anselmo Quiroga, stressed that prevention pays.")
    assert said == ["anselmo-quiroga"]


def test_honorifics_and_a_permanent_representative():
    text = "H.E. Mr. Dario Velkan, Permanent Representative of Peru to the United Nations, said that aid was late."
    assert speakers(text) == ["dario-velkan"]


def test_a_name_of_an_organization_after_an_honorific():
    assert speakers("Ms. Irja Solberg of the ICRC noted that the convoys were blocked.") == ["irja-solberg"]


def test_an_office_after_the_name():
    text = "Dr. Oskar Lindqvist, Executive Director of the Institute for Peace, argued that early warning works."
    assert speakers(text) == ["oskar-lindqvist"]
    assert speakers("Patrick O’Deery, the Chef de Cabinet, said that the budget was agreed.") == ["patrick-o-deery"]


def test_a_professor_and_an_ambassador_after_a_quotation():
    assert speakers("Professor Amara Okonjo explained that norms spread slowly.") == ["amara-okonjo"]
    assert speakers("“We must act before the killing starts,” said Ambassador Lucía Ferrán.") == ["lucia-ferran"]


def test_a_capitalised_phrase_with_no_honorific_is_not_a_person():
    found = MentionFinder(registry()).find("The Regional Economic Forum of West Asia met.", {}, discover=True)
    assert not [m for m in found if m.discovered]
    found = MentionFinder(registry()).find(
        "At the Annual Review Dialogue, UN Secretary-General Ida Ruud spoke.", {}, True
    )
    assert [m.target for m in found if m.kind == "person"] == ["ida-ruud"]


def test_the_id_is_the_slug_of_the_full_name_every_word_kept():
    assert name_slug("Karel de la Vega-Ruiz") == "karel-de-la-vega-ruiz"
    assert name_slug("Zoë O’Hara") == "zoe-o-hara"


# D2 and D3: the registry wins; surnames and pronouns follow the person -----------------------


def test_a_registry_person_is_never_discovered():
    assert speakers("UN Secretary-General António Guterres said that the alarm had sounded.") == ["antonio-guterres"]
    (mention,) = [m for m in MentionFinder(registry()).find("Mr. Mogens Lykketoft, Chair, said", {}, True)]
    assert (mention.target, mention.discovered) == ("mogens-lykketoft", False)


def test_surnames_and_pronouns_stand_for_the_person_named_earlier():
    said = speakers(
        "Foreign Minister Tova Brekke of Peru warned that the talks had stalled.",
        "Ms. Brekke also stated that the region needed observers.",
        "“Words are not enough,” Brekke said.",
        "She added that her government would send monitors.",
        "According to Brekke, the border was closed.",
        "“Observers must go in this week,” said Ms. Brekke.",
    )
    assert said == ["tova-brekke"] * 6


def test_a_registry_person_named_in_full_is_then_named_by_surname():
    said = speakers("Mogens Lykketoft spoke on Monday and said that the Assembly would act.", "Lykketoft noted that.")
    assert said == ["mogens-lykketoft", "mogens-lykketoft"]


def test_a_surname_two_people_share_names_neither():
    said = speakers(
        "Dr. Lena Marsh, Director of the Peace Lab, said that funds were short.",
        "Dr. Piet Marsh, Head of the Relief Desk, said that roads were closed.",
        "Marsh warned that winter was near.",
    )
    assert said == ["lena-marsh", "piet-marsh"]


def test_a_surname_before_the_name_was_given_is_not_resolved():
    assert speakers("Okonjo warned that norms spread slowly.") == []


# D4, D5: offices of bodies, and a title that belongs to someone else -------------------------


def test_a_title_the_registry_knows_is_its_holder_on_the_day():
    assert speakers("The Secretary-General said that the alarm had sounded.") == ["antonio-guterres"]


def test_the_president_of_a_council_is_a_person_not_the_council():
    (statement,) = attributor().paragraph(
        "The President of the Security Council stressed that time was short.", DAY, Context()
    )
    assert (statement.speaking.speaker, statement.speaking.kind) == (None, "anonymous")
    text = "The President of the Security Council, Peru’s Ambassador Dario Velkan, stressed that time was short."
    assert speakers(text) == ["dario-velkan"]


def test_a_title_before_a_name_with_its_own_office_is_someone_elses():
    text = "Speaking on behalf of the Secretary-General, Nadia Ferreira, Chef de Cabinet, said that hope remained."
    assert speakers(text) == ["nadia-ferreira"]


# Rules 7-9: listeners, places and lead-ins ---------------------------------------------------


def test_a_listener_is_not_the_speaker():
    told = "Dr. Ilse Brandt, who told the Security Council on Monday of her fears, warned that the truce was failing."
    heard = "Dr. Ilse Brandt, whom the Security Council heard on Monday, warned that the truce was failing."
    assert speakers(told) == ["ilse-brandt"]
    assert speakers(heard) == ["ilse-brandt"]


def test_a_state_named_as_a_place_is_not_a_speaker():
    text = "Ten years after the massacre in Peru, the Security Council urged States to keep records."
    assert speakers(text) == ["un-security-council"]


def test_a_lead_in_gives_its_speakers_to_the_next_paragraphs_quotation():
    found = read(
        "The session was opened by H.E. Ms. Ana Duarte, Ambassador of Peru to Mongolia, who noted:",
        "“Prevention is a daily task for every one of us, in every capital.”",
    )
    assert [(kind, speaker) for kind, speaker, _ in found] == [("quote", "ana-duarte")]


# Records: extraction, merging across sources, check notes, export ------------------------------

TEXT = """Ministers meet on prevention

Foreign Minister Tova Brekke of Peru warned that the talks had stalled.

“Words are not enough,” Brekke said.
"""


def extracted(source_id: str, text: str = TEXT):
    extractor = Extractor(MentionFinder(registry()))
    return extractor.extract(source_id, f"content/sources/{source_id}.txt", text.encode(), SourceMeta(kind="news"))


def test_a_discovered_person_is_a_speaker_record_where_first_found():
    (speaker,) = extracted("brekke-talks").speakers
    assert (speaker.id, speaker.name, speaker.kind, speaker.discovered) == (
        "tova-brekke",
        "Tova Brekke",
        "person",
        True,
    )
    assert speaker.role_text == "Foreign Minister, Peru"  # office and affiliation as the text words them
    assert speaker.found_at == "content/sources/brekke-talks.txt:3"
    assert speaker.aliases == ("Brekke",)


def test_the_same_person_in_two_sources_is_one_record():
    other = "A second report\n\nMs. Tova Brekke said that observers were needed.\n"
    archive = link([extracted("a-first"), extracted("b-second", other)], registry())
    (speaker,) = [s for s in archive.speakers if s.discovered]
    assert speaker.found_at == "content/sources/a-first.txt:3"
    assert {s.speaker for s in archive.statements} == {"tova-brekke"}


def test_check_notes_give_a_people_yaml_entry_to_paste():
    archive = link([extracted("brekke-talks")], registry())
    (note,) = discovered_notes(archive)
    head, entry = note.split("\n", 1)
    assert head.startswith("content/sources/brekke-talks.txt:3: note: discovered speaker Tova Brekke")
    (data,) = yaml.safe_load(entry)
    assert data["id"] == "tova-brekke" and data["name"] == "Tova Brekke" and data["aliases"] == ["Brekke"]
    assert "Foreign Minister" in data["description"]


def test_discovered_is_exported_and_survives_the_cache():
    speaker = Speaker("ida-ruud", "Ida Ruud", "person", discovered=True, found_at="x.txt:2", role_text="Envoy")
    assert person_record(speaker)["discovered"] is True
    assert person_record(speaker)["role_text"] == "Envoy"
    assert from_data(Speaker, to_data(speaker)) == speaker


def test_initials_run_together_and_before_a_particle_belong_to_the_name():
    text = "Intervention by H.E. Pieter K.L. van Dam, Permanent Representative of Peru"
    mentions = MentionFinder(registry()).find(text, discover=True)
    assert [m.target for m in mentions if m.discovered] == ["pieter-k-l-van-dam"]


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 10)), max_size=12),
    st.integers(0, 70),
    st.integers(1, 10),
)
def test_overlap_in_log_time_answers_as_checking_every_span(spans, start, length):
    mentions = [Mention(s, s + n, "x" * n, "person", None) for s, n in spans]
    brute = any(m.start < start + length and start < m.end for m in mentions)
    assert _Spans(mentions).overlap(start, start + length) == brute


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 10)), max_size=12), st.integers(0, 70), st.integers(1, 10))
def test_disjoint_spans_added_one_by_one_answer_as_checking_every_span(spans, start, length):
    taken, kept = _Disjoint(), []
    for s, n in spans:
        if not taken.overlap(s, s + n):
            taken.add(s, s + n)
            kept.append((s, s + n))
    assert all(a_end <= b or b_end <= a for i, (a, a_end) in enumerate(kept) for b, b_end in kept[i + 1 :])
    assert taken.overlap(start, start + length) == any(s < start + length and start < e for s, e in kept)
