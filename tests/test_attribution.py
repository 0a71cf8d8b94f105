"""Attribution rules 1-6 of text/statements.py, each on a made-up sentence of the genre."""

from __future__ import annotations

from functools import cache

import pytest

from loader_helpers import CONTENT
from r2p_archive.extract import Extractor, SourceMeta
from r2p_archive.registry import load_registry
from r2p_archive.text.mentions import MentionFinder

DATELINE = "Lantern Dialogue on Prevention, New York, 4 May 2014\n\n"


@cache
def extractor() -> Extractor:
    return Extractor(MentionFinder(load_registry(CONTENT / "registry")))


def said(body: str) -> list[tuple[str, str, str | None, str]]:
    """(kind, first words, speaker, rule) of every statement of a made-up report."""
    text = DATELINE + body + "\n"
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind="news-article"))
    return [(s.kind, s.text[:20], s.speaker, s.attribution) for s in extraction.statements]


@pytest.mark.parametrize(
    "sentence",
    [
        "“Prevention is a duty we all share today,” said Adama Dieng.",
        "“Prevention is a duty we all share today,” Adama Dieng said.",
    ],
)
def test_rule_1_a_speaker_beside_the_quotation_and_its_verb(sentence):
    ((kind, words, speaker, _),) = said(sentence)
    assert (kind, words, speaker) == ("quote", "Prevention is a duty", "adama-dieng")


def test_rule_1_a_pronoun_after_the_quotation_is_the_person_who_spoke_before():
    found = said("Jan Eliasson said that time matters. “We must act before the killing starts,” he said.")
    assert ("quote", "We must act before t", "jan-eliasson") in [f[:3] for f in found]


def test_rule_2_an_attribution_phrase_before_the_speaker():
    ((kind, _, speaker, rule),) = said("In the words of Adama Dieng, “early warning must lead to early action now.”")
    assert (kind, speaker) == ("quote", "adama-dieng") and "in the words of" in rule.lower()


def test_rule_3_a_speakers_speech_noun():
    found = said("Ban Ki-moon's comment that “no state can hide behind sovereignty any longer” was welcomed.")
    assert [(k, s) for k, _, s, _ in found] == [("quote", "ban-ki-moon")]


def test_rule_4_a_reporting_verb_right_before_the_speaker():
    found = said("“Regional bodies know the warning signs first,” explained Knut Vollebæk, the High Commissioner.")
    assert [(k, s) for k, _, s, _ in found] == [("quote", "knut-vollebaek")]


def test_rule_5_the_subject_of_the_first_reporting_verb_with_coordinated_states():
    """One sentence, several speakers: one statement naming them all in the text's order, not a copy each."""
    found = joint("Peru, Ghana and Fiji stressed that prevention must start at home.")
    assert found == [("Peru, Ghana and Fiji stressed that prevention must start at home.", ("peru", "ghana", "fiji"))]
    assert {kind for kind, _, _, _ in said("Peru, Ghana and Fiji stressed that prevention must start.")} == {
        "paraphrase"
    }


def joint(body: str) -> list[tuple[str, tuple[str, ...]]]:
    """(words, every named speaker) of each statement of a made-up report."""
    text = DATELINE + body + "\n"
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind="news-article"))
    return [(s.text, s.speakers) for s in extraction.statements]


@pytest.mark.parametrize(
    "body",
    [
        "Chile, Peru and Chile warned that the Council must act.",
        "Chile, Peru and several other delegations warned that the Council must act.",
        "Chile and Peru, along with several other delegations, warned that the Council must act.",
    ],
)
def test_a_joint_statement_names_each_speaker_once_and_unnamed_company_adds_no_one(body):
    assert [speakers for _, speakers in joint(body)] == [("chile", "peru")]


def test_unnamed_speakers_alone_stay_unnamed():
    assert [speakers for _, speakers in joint("Several speakers warned that the Council must act.")] == [()]


def test_rule_5_a_pronoun_with_no_speaker_before_the_verb_is_the_previous_speaker():
    found = said("Ban Ki-moon said that the debate was over. He underlined that the norm is now accepted by all.")
    assert [(k, s) for k, _, s, _ in found] == [("paraphrase", "ban-ki-moon"), ("paraphrase", "ban-ki-moon")]


def test_rule_6_a_sentence_that_is_only_a_quotation_continues_the_speaker():
    found = said("“We have learned the hard way,” said Adama Dieng. “And we will not forget the lessons we learned.”")
    assert [(k, s) for k, _, s, _ in found] == [("quote", "adama-dieng"), ("quote", "adama-dieng")]


def test_anonymous_speakers_stay_anonymous_and_titles_are_their_holders_on_the_day():
    found = said(
        "Several speakers warned that the norm is fragile. "
        "The Deputy Secretary-General noted that the Office would grow next year."
    )
    assert [(k, s) for k, _, s, _ in found] == [("paraphrase", None), ("paraphrase", "jan-eliasson")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Concerns about selectivity were raised throughout the afternoon.",
        "The need for early warning was also stressed in the second session.",
    ],
)
def test_rule_10_an_agentless_passive_of_saying_is_said_by_unnamed_speakers(sentence):
    ((kind, _, speaker, rule),) = said(sentence)
    assert (kind, speaker) == ("paraphrase", None) and rule.startswith("agentless")


@pytest.mark.parametrize(
    "sentence",
    [
        "Concerns about selectivity were raised by Peru in the afternoon.",
        "The delegates were told that the session would close early.",
        "The new office was called the Joint Office.",
    ],
)
def test_rule_10_not_with_an_agent_a_listener_or_a_name(sentence):
    assert all(speaker is not None or not rule.startswith("agentless") for _, _, speaker, rule in said(sentence))


def test_rule_6_a_quotation_paragraph_continues_the_quotation_that_ended_the_last_one():
    found = said(
        "“We have learned the hard way,” said Adama Dieng.\n\n“And we will not forget the lessons we learned.”"
    )
    assert [(k, s) for k, _, s, _ in found] == [("quote", "adama-dieng"), ("quote", "adama-dieng")]


def test_rule_6_not_after_a_paragraph_that_ended_without_a_quotation():
    found = said(
        "“We have learned the hard way,” said Adama Dieng. The meeting then closed.\n\n"
        "“And we will not forget the lessons we learned.”"
    )
    assert [(k, s) for k, _, s, _ in found] == [("quote", "adama-dieng")]


def test_rule_11_a_body_named_in_full_is_then_named_by_its_last_word():
    found = said(
        "The UN Security Council met in the morning. Unanimously adopting a resolution, the Council called upon "
        "States to prevent atrocities."
    )
    assert ("paraphrase", "un-security-council") in [(k, s) for k, _, s, _ in found]


def test_rule_12_a_bare_group_right_before_its_verb_is_an_anonymous_speaker():
    ((kind, _, speaker, rule),) = said("In that regard, governments stressed that prevention is cheaper than cure.")
    assert (kind, speaker) == ("paraphrase", None) and "governments" in rule


@pytest.mark.parametrize(
    "sentence",
    [
        "All states have a responsibility, and states must work together on an agreed set of standards.",
        "Peru and Ghana spoke. Many of these countries noted that the norm is misused.",
    ],
)
def test_rule_12_not_a_group_away_from_its_verb_or_after_a_demonstrative(sentence):
    assert all(rule.startswith("subject") or "right before" not in rule for _, _, _, rule in said(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Adama Dieng cited specific examples.",
        "Adama Dieng mentioned some details.",
        "Adama Dieng described a few cases.",
    ],
)
def test_rule_13_a_report_that_says_nothing_is_no_statement(sentence):
    assert said(sentence) == []
    assert [kind for kind, *_ in said(sentence.replace(".", " of early warning failures."))] == ["paraphrase"]


@pytest.mark.parametrize(
    "opening",
    ["GENEVA, Switzerland – ", "GENEVA, 6 March 2012 – ", "Geneva, 6 March 2012 - ", "NEW YORK, 24 September – "],
)
def test_a_paragraph_opening_with_a_dateline_is_reported_from_after_it(opening):
    """The dateline says where and when; the statement is what follows it, whatever the paragraph's role."""
    ((kind, words, speaker, _),) = said(opening + "Adama Dieng stressed that early warning was everyone's duty.")
    assert (kind, words, speaker) == ("paraphrase", "Adama Dieng stressed", "adama-dieng")


# The mention chain (text/chain.py) and the subjects it resolves, on made-up news of the genre.


def who(body: str) -> list[str | None]:
    """The speaker of every statement of a made-up report, in order."""
    return [speaker for _, _, speaker, _ in said(body)]


def test_a_person_named_with_a_state_is_the_speaker_not_the_state():
    found = who(
        "“We are appalled by what we have seen,” said US Ambassador Jane Roe.\n\n"
        "Mr. John Doe, Minister for Foreign Affairs, Peru, who noted: “Prevention costs less than any war.”"
    )
    assert found == ["jane-roe", "john-doe"]


def test_a_speaker_the_registry_lacks_is_found_by_the_title_before_the_name():
    found = who(
        "“Prevention must be the rule and not the exception,” said Peruvian Foreign Minister and Chair of "
        "the Council, Anna Bell.\n\n“Early warning saves lives,” stressed the Special Adviser, Mr. Paul Grey."
    )
    assert found == ["anna-bell", "paul-grey"]


def test_he_is_the_latest_speaker_he_fits_not_the_latest_man_named():
    found = who(
        "“The Council must act now,” said Ms. Ida Lund. Mr. Tomas Brell had chaired the meeting. "
        "“We have waited too long already,” she added.\n\n"
        "“Atrocities are never a surprise,” said Mr. Paul Grey. Ms. Lund nodded. “We saw it coming,” he added."
    )
    assert found == ["ida-lund", "ida-lund", "paul-grey", "paul-grey"]


def test_a_quotation_paragraph_continues_the_speaker_and_a_quotation_runs_on_over_paragraphs():
    found = who(
        "“Prevention is what we owe the victims of the past,” stressed Mr. Paul Grey.\n\n"
        "“Many failures of the past came from silence.\n\n"
        "“And silence is a choice we can still refuse,” he said."
    )
    assert found == ["paul-grey", "paul-grey", "paul-grey"]


@pytest.mark.parametrize(
    "sentence",
    [
        "“Prevention is a duty we all share today ,” said Adama Dieng.",  # a space before the closing mark
        '“Prevention is a duty we all share today", said Adama Dieng.',  # curly and straight marks mixed
        "“Prevention is a duty we all share today”, said Adama Dieng.",  # the comma outside
        "“… Prevention is a duty we all share today,” said Adama Dieng.",  # an opening ellipsis
    ],
)
def test_quotation_punctuation_as_pages_have_it(sentence):
    ((kind, words, speaker, _),) = said(sentence)
    assert (kind, speaker) == ("quote", "adama-dieng") and "Prevention" in words


def test_a_quotation_that_only_closes_began_where_the_paragraph_did():
    ((kind, words, speaker, _),) = said("Adama Dieng spoke.\n\nPrevention is a duty we all share today,” he said.")
    assert (kind, words, speaker) == ("quote", "Prevention is a duty", "adama-dieng")


def test_an_office_or_a_description_is_the_person_the_text_gave_it():
    found = who(
        "The OSCE Chairman-in-Office, Foreign Minister Ida Lund, paid tribute to the victims.\n\n"
        "“The tragedy remains a painful reminder for all of us,” the OSCE Chairman said.\n\n"
        "Li Baodong, the Chinese permanent representative to the United Nations, spoke next. "
        "“All parties must cease fire immediately,” Li said. "
        "Meanwhile, the Chinese envoy also voiced his support for the mediation efforts."
    )
    assert found == ["ida-lund", "ida-lund", "li-baodong", "li-baodong"]  # her tribute, then her words


def test_a_few_quoted_words_in_a_report_of_speech_are_the_speakers_but_a_named_thing_is_not():
    found = said(
        "Mr. Paul Grey accused the militias of “mindless” attacks on the camps. "
        "He said the norm was at a “critical moment” and that “R2P” had come of age."
    )
    assert [(kind, words, speaker) for kind, words, speaker, _ in found if kind == "quote"] == [
        ("quote", "mindless", "paul-grey")
    ]


def test_every_statement_says_how_it_was_attributed():
    (*_, (_, _, speaker, rule)) = said("“We must act,” said Mr. Paul Grey. “And we will act together now,” he added.")
    assert speaker == "paul-grey" and "Paul Grey" in rule


def test_a_verbatim_record_gives_each_turn_to_its_labelled_speaker():
    found = said(
        "The President (Ms. Ida Lund of Peru): I invite the representative of Fiji to take a seat at the table.\n\n"
        "The Council will now begin its consideration of the item on its agenda.\n\n"
        "A vote was taken by a show of hands.\n\n"
        "The President: The draft resolution has not been adopted.\n\n"
        "Mr. Brell (Fiji) spoke in French: I thank the President for her leadership this month."
    )
    assert [(kind, words, speaker) for kind, words, speaker, _ in found] == [
        ("quote", "I invite the represe", "ida-lund"),
        ("quote", "The Council will now", "ida-lund"),
        ("quote", "The draft resolution", "ida-lund"),
        ("quote", "I thank the Presiden", "brell"),
    ]
    extraction = extractor().extract(
        "made-up", "made-up.txt", (DATELINE + "Mr. Brell (Fiji): We abstained.\n").encode(), SourceMeta()
    )
    assert extraction.statements[0].on_behalf_of == "fiji"


def test_a_description_is_a_registry_person_the_text_named_who_held_that_office_on_the_day():
    found = who(
        "Adama Dieng met the press after the meeting.\n\n"
        "“Early warning must lead to early action,” the Special Adviser said.\n\n"
        "“Prevention is everybody's business,” said U Kyaw Win, the ambassador of Myanmar."
    )
    assert found == ["adama-dieng", "kyaw-win"]


def test_rule_14_reported_speech_goes_on_in_the_sentences_after_it():
    found = said(
        "Ms. Ida Lund said that the Council had failed the victims. Accountability included reparations. "
        "The prevention of genocide was a shared duty.\n\nThe meeting ended at noon."
    )
    assert [(kind, speaker) for kind, _, speaker, _ in found] == [("paraphrase", "ida-lund")] * 3


def test_rule_14_any_verb_in_the_past_backshifts_but_a_passive_in_the_present_does_not():
    found = said(
        "Ms. Ida Lund said that the Council had failed the victims. Failure to act allowed the killings to spread. "
        "The plan is based on trust and has a long history."
    )
    assert [(words, speaker) for _, words, speaker, _ in found] == [
        ("Ms. Ida Lund said th", "ida-lund"),
        ("Failure to act allow", "ida-lund"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ms. Ida Lund clarified that the mission had ended as planned.",
        "Ms. Ida Lund paid tribute to the victims of the massacre at Lantern Bridge.",
        "Ms. Ida Lund denied that the Council had been told of the killings.",
    ],
)
def test_verbs_of_saying_a_correction_a_tribute_a_denial(sentence):
    """Clarifying, paying tribute, denying and replying are speech acts (conventions reporting_verbs)."""
    assert [(kind, speaker) for kind, _, speaker, _ in said(sentence)] == [("paraphrase", "ida-lund")]


def test_rule_14_goes_on_after_indirect_speech_that_quoted_a_few_words_on_the_way():
    found = said(
        "Ms. Ida Lund described the massacre as “a dark chapter” and said the world had failed its victims. "
        "The warning signs had been plain for months.\n\n"
        "Ms. Ida Lund said that “the Council must act before the killing starts.” "
        "The Council was divided on the draft."
    )
    assert [(kind, words, speaker) for kind, words, speaker, _ in found] == [
        ("quote", "a dark chapter", "ida-lund"),
        ("paraphrase", "The warning signs ha", "ida-lund"),
        ("quote", "the Council must act", "ida-lund"),  # her words end in the quotation: the next is narration
    ]


def test_rule_14_a_sentence_that_names_a_term_is_the_writers_and_continues_no_one():
    found = said(
        "Ms. Ida Lund said the world had failed the victims of the war. "
        "Sometimes referred to as “R2P,” the doctrine held every State responsible for its people."
    )
    assert [(words, speaker) for _, words, speaker, _ in found] == [("Ms. Ida Lund said th", "ida-lund")]


def test_a_state_speaks_through_its_unnamed_representative_and_an_office_through_its_only_holder():
    text = "“Time is short,” Ban Ki-moon said.\n\nThe Secretary-General also stressed that prevention works.\n"
    extraction = extractor().extract("undated", "undated.txt", text.encode(), SourceMeta(kind="news-article"))
    assert [s.speaker for s in extraction.statements] == ["ban-ki-moon", "ban-ki-moon"]
    assert who("Iraq’s representative said that the victims deserve justice.") == ["iraq"]


def test_they_is_never_one_person():
    found = who("Ms. Ida Lund said the talks had failed. They faulted the Council for its silence.")
    assert found == ["ida-lund"]
    found = joint("Peru and Fiji said the talks had failed. They faulted the Council for its silence.")
    assert [speakers for _, speakers in found] == [("peru", "fiji"), ("peru", "fiji")]


def test_a_news_storys_unnamed_sources_are_anonymous_speakers():
    text = DATELINE + "Senior diplomats warned that the violence could spread to the capital.\n"
    (statement,) = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta()).statements
    assert (statement.kind, statement.speaker, statement.speaker_label) == ("paraphrase", None, "Senior diplomats")


def test_a_speaker_after_the_quotation_past_an_office_with_a_possessive():
    found = who("“There is little to celebrate in this outcome,” Ida Lund, head of Peru's relief office, said.")
    assert found == ["ida-lund"]


@pytest.mark.parametrize(
    ("body", "speaker", "rule"),
    [
        ("For Ms. Ida Lund, the world had failed the victims.", "ida-lund", "“For …,” gives the person's view"),
        ("In the view of Ban Ki-moon, the world had failed.", "ban-ki-moon", "“in the view of” names the speaker"),
        ("At a Council meeting on Friday, Peru warned that the crisis could spread.", "peru", "subject of “warned”"),
        ("After Peru spoke, Ms. Ida Lund proposed that the Council act.", "ida-lund", "subject of “proposed”"),
    ],
)
def test_who_a_sentences_opening_phrase_names(body, speaker, rule):
    """ "For X," gives X's view; a scene-setting opening ("At a Council meeting", "After Peru spoke,") names
    no speaker, so the subject after it is the one."""
    assert [(s, r) for _, _, s, r in said(body)] == [(speaker, rule)]


def test_an_opening_phrase_names_no_speaker_and_it_is_never_a_person():
    assert said("At a meeting of Peru and Fiji on Friday, the talks ended.") == []
    assert said("For Syria, the cost was high.") == []
    assert who("Ms. Ida Lund said that the talks had failed. It demanded an immediate halt to the attacks.") == [
        "ida-lund"
    ]


def documents(body: str) -> list[tuple[str, str, bool]]:
    """(first words, speaker label, by a document) of every statement of a made-up report."""
    text = DATELINE + body + "\n"
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind="news-article"))
    return [(s.text[:20], s.speaker_label, s.by_document) for s in extraction.statements]


@pytest.mark.parametrize(
    ("body", "label"),
    [
        ("The report proposed tripling the force.", "The report"),
        ("A 1998 resolution stressed that such attacks “constitute a threat to peace”.", "A 1998 resolution"),
        ("Resolution 1674 stressed that the protection of civilians comes first.", "Resolution 1674"),
        ("The report, presented by Ms. Ida Lund, urged that the force grow.", "The report"),
        ("Ms. Ida Lund read from the statement which says: “All parties must end the violence.”", "the statement"),
        (
            "The Northland Summit Outcome Document notes: “Each State must protect its people.”",
            "The Northland Summit Outcome Document",
        ),
        ("The report states that the force must grow.", "The report"),
    ],
)
def test_a_document_that_says_the_words_is_their_source_not_a_person(body, label):
    found = documents(body)
    assert [(speaker_label, by_document) for _, speaker_label, by_document in found] == [(label, True)]


def test_a_present_tense_verb_reports_only_a_documents_words():
    """A text reports what people said in the past tense; "notes" in the present is a document's voice."""
    assert documents("Ms. Ida Lund notes that the talks failed, and the force grows.") == []
    assert documents("The report explored the second pillar of the norm, which states that all must act.") == []
    assert [by for _, _, by in documents("The report, in its last part, notes that all must act.")] == [True]
    assert [by for _, _, by in documents("The report notes that the talks failed. Ms. Ida Lund said it was late.")] == [
        True,
        False,
    ]


def test_an_impersonal_it_was_recognized_names_no_speaker():
    found = who("Ms. Ida Lund said that the talks had failed. Later it was recognized that the talks must go on.")
    assert found == ["ida-lund"]


def test_a_person_ahead_of_a_document_and_a_speakers_own_statement_are_people():
    assert who("Ms. Ida Lund presented the report, saying that the force must grow.") == ["ida-lund"]
    found = who("Peru made a statement for the Group. The statement, which was the first of its kind, stressed that.")
    assert found[-1] == "peru", "a speaker's own statement, named again, is theirs"
    assert who("The resolution stressed that attacks must end. It demanded an immediate halt.") == [None, None]
    assert [by for _, _, by in documents("The resolution stressed that attacks must end. It demanded a halt.")] == [
        True,
        True,
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Tomas Brell, Sudan's UN ambassador, said that his government would study it.",
        "Tomas Brell, Sudan's ambassador, said that his government would study it.",
        "Ban Ki-moon met Tomas Brell, Sudan's UN ambassador, on Friday. Brell said later that it would be studied.",
    ],
)
def test_a_name_before_a_states_office_is_the_person_and_the_state_only_qualifies_them(body):
    assert who(body) == ["tomas-brell"]


def test_the_agents_of_a_passive_verb_of_saying_are_its_speakers_all_of_them():
    found = joint("The plan had been supported by Foreign Minister Anna Bell and Ambassador Tom Reed, among others.")
    assert [speakers for _, speakers in found] == [("anna-bell", "tom-reed")]


def test_he_after_a_states_unnamed_representative_is_that_state():
    found = said(
        "Iraq’s representative said that the Convention mattered. Commending the Investigative Team, he "
        "emphasized, however, that more support was needed."
    )
    assert [(speaker, rule) for _, _, speaker, rule in found] == [
        ("iraq", "subject of “said”"),
        ("iraq", "“he” before “emphasized” → Iraq's representative, who spoke just before"),
    ]
    assert who("Ms. Ida Lund spoke first. Peru said that it mattered. Ms. Lund said that it did.") == [
        "peru",
        "ida-lund",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Peru pressed for an inquiry into the killings.",
        "Peru, too, has been pushing for intensified action.",
        "Peru had vehemently objected to the draft.",
        "Peru proposed that the Council act at once.",
    ],
)
def test_verbs_of_advocacy_report_a_stance(body):
    assert who(body) == ["peru"]


@pytest.mark.parametrize(
    ("body", "speaker", "found"),
    [
        ("Oxfam International called it a historic step for civilians.", "oxfam-international", True),
        ("According to the Wall Street Journal, the adviser will leave in November.", "wall-street-journal", True),
        (
            "The junta killed many, according to the Association for Political Prisoners.",
            "association-for-political-prisoners",
            True,
        ),
        (
            "According to the Global Centre for the Responsibility to Protect, the risk is high.",
            "global-centre-r2p",
            False,
        ),
    ],
)
def test_a_body_the_registry_lacks_speaks_where_only_a_speaker_can_stand(body, speaker, found):
    """D9: a name with one of the conventions' organization words is a body; the registry's own names win."""
    text = DATELINE + body + "\n"
    extraction = extractor().extract("made-up", "made-up.txt", text.encode(), SourceMeta(kind="news-article"))
    assert [s.speaker for s in extraction.statements] == [speaker]
    assert [(s.id, s.kind) for s in extraction.speakers] == ([(speaker, "organization")] if found else [])
