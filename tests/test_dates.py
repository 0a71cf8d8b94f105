"""Date parsing: examples from the texts and properties over all dates."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from r2p_archive.text.dates import DateMention, find_dates, infer_writing_date, resolve, resolve_relative

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
filler = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Zs")), max_size=30)


@given(dates, filler, filler)
def test_a_full_date_is_found_in_any_text(day, before, after):
    written = f"{before} {day.day} {calendar.month_name[day.month]} {day.year} {after}"
    (mention,) = [m for m in find_dates(written) if m.is_absolute]
    assert mention.absolute() == day
    assert written[mention.start :].startswith(mention.expression)


@given(dates)
def test_american_order_is_found(day):
    (mention,) = find_dates(f"On {calendar.month_name[day.month]} {day.day}, {day.year}, it met.")
    assert mention.absolute() == day


@given(dates, st.sampled_from(list(calendar.day_name)))
def test_a_weekday_is_the_last_such_day_on_or_before_the_writing_date(reference, weekday):
    (mention,) = find_dates(f"the meeting on {weekday} in Geneva")
    resolved = resolve_relative(mention, reference)
    assert calendar.day_name[resolved.weekday()] == weekday
    assert timedelta(0) <= reference - resolved < timedelta(days=7)


@given(dates)
def test_yesterday_is_the_day_before(reference):
    (mention,) = find_dates("held in New York yesterday")
    assert resolve_relative(mention, reference) == reference - timedelta(days=1)


def test_relative_expressions_fix_the_writing_date():
    relatives = [m for m in find_dates("on Friday ... held yesterday") if m.relative]
    written = infer_writing_date([date(2011, 9, 23)], relatives, None)
    assert written.value == date(2011, 9, 24)
    assert {resolve(m, written, None).value for m in relatives} == {date(2011, 9, 23)}


def test_a_day_without_a_year_uses_the_hint_and_says_so():
    (mention,) = find_dates("On 12 July, the Assembly met")
    resolved = resolve(mention, None, (2011, "a term of office"))
    assert resolved.value == date(2011, 7, 12) and "term of office" in resolved.method
    assert resolve(mention, None, None) is None


def test_impossible_dates_are_not_dates():
    assert not [m for m in find_dates("31 February 2011 and 30 February") if m.absolute() or m.day == 30]


def test_publication_date_from_metadata_wins():
    written = infer_writing_date(
        [date(2011, 1, 1)], [DateMention("yesterday", 0, relative="yesterday")], date(2012, 5, 5)
    )
    assert written.value == date(2012, 5, 5) and "metadata" in written.method
