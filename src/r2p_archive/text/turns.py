"""Stage (a) for verbatim records: who holds the floor, paragraph by paragraph.

A verbatim record writes no quotation marks: each turn opens with a label naming its speaker
("The President (Ms. Ida Lund of Peru):", "Mr. Brell (Fiji) spoke in French:"), and the words
after it are theirs. Rules (the label and stage-direction patterns are the conventions'):
T1. A paragraph opening with a turn label gives the words after the label to the labelled speaker,
    as their own words (quotations), on behalf of the state the label names.
T2. The paragraphs after it are the same turn, until the next label, a stage direction ("A vote
    was taken by a show of hands.") or a paragraph that is not body text (a list of votes).
T3. A label naming an office alone ("The President:") is the person an earlier label named with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from r2p_archive.registry import Conventions


@dataclass(frozen=True)
class Turn:
    """A turn label: who speaks, as the label words it, and where their words begin."""

    office: str | None  # "The President"
    person: str | None  # "Ms Ogwu"
    state: str | None  # "Nigeria", for whom they speak
    words_start: int


@dataclass
class Floor:
    """Who holds the floor as a record is read, and who held each office."""

    current: Turn | None = None
    offices: dict[str, str] = field(default_factory=dict)  # "The President" -> "Ms Ogwu"


class TurnReader:
    def __init__(self, conventions: Conventions) -> None:
        self._labels = conventions.turn_labels
        self._directions = conventions.stage_directions

    def read(self, text: str, role: str, floor: Floor) -> Turn | None:
        """The turn this paragraph belongs to (T1-T3), updating ``floor``; None outside any turn."""
        if role != "body" or any(d.fullmatch(text.strip()) for d in self._directions):
            floor.current = None
            return None
        for pattern in self._labels:
            found = pattern.match(text)
            if found is None:
                continue
            groups = found.groupdict()
            person, state = groups.get("person"), groups.get("state")
            office = groups.get("speaker") if groups.get("speaker", "").startswith("The ") else None
            if office:
                office = re.sub(r"\s*\(.*$", "", office)
                person = person or floor.offices.get(office)
                if person:
                    floor.offices[office] = person
            else:
                person = groups.get("speaker")
            floor.current = Turn(office, person, state, found.end())
            return floor.current
        if floor.current is None:
            return None
        floor.current = Turn(floor.current.office, floor.current.person, floor.current.state, 0)
        return floor.current
