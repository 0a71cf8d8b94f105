"""WCAG 2.2 AA, checked by axe-core in Chromium on one page of every type, in light and dark mode.

axe-core is the rules engine most accessibility tools are built on; running it in a real browser lets it
check what only a rendered page has (colour contrast, focus order, landmarks as exposed to assistive
technology). Install it with tests/install-axe.sh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_archive.site.lookups import Lookups

PAGE_TYPES = {
    "home": "",
    "events": "events/",
    "event": "events/ga-dialogue-regional-arrangements-2011/",
    "people": "people/",
    "person": "people/ban-ki-moon/",
    "unnamed": "unnamed/one-ministers/",
    "themes": "themes/",
    "theme": "themes/prevention/",
    "sources": "sources/",
    "source": "sources/ministerial-meeting-2012/",
    "data": "data/",
    "statement": "statements/ban-ki-moon-gather-today-reported/",
    "not-found": "404.html",
}
RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULESETS)
    found = []
    for violation in result["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:5]
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(chromium, serve, axe_source, sample_site: Path, kind: str, scheme: str):
    page = chromium.new_page(color_scheme=scheme)
    page.goto(serve(sample_site) + PAGE_TYPES[kind])
    violations = _violations(page, axe_source)
    page.close()
    assert not violations, "\n".join(violations)


def _content_pages(archive) -> dict[str, str]:
    """One page of every record type from the real archive, picking the busiest, where layouts strain most."""
    busiest_event = max(archive.events, key=lambda e: sum(s.event == e.id for s in archive.statements))
    longest = max(archive.statements, key=lambda s: len(s.text))
    unnamed = Lookups(archive).unnamed_ids
    most_said = max(unnamed, key=lambda label: sum(s.speaker_label.casefold() == label for s in archive.statements))
    return {
        "unnamed": f"unnamed/{unnamed[most_said]}/",
        "event": f"events/{busiest_event.id}/",
        "person": "people/ban-ki-moon/",
        "people": "people/",
        "events": "events/",
        "themes": "themes/",
        "theme": f"themes/{archive.themes[0].id}/",
        "source": f"sources/{longest.source}/",
        "statement": f"statements/{longest.id}/",
    }


def test_real_pages_have_no_axe_violations(chromium, serve, axe_source, content_site: Path, content_archive):
    base = serve(content_site)
    found = []
    for kind, path in _content_pages(content_archive).items():
        page = chromium.new_page()
        page.goto(base + path)
        found += [f"{kind}: {v}" for v in _violations(page, axe_source)]
        page.close()
    assert not found, "\n".join(found)


def test_source_page_with_its_web_page_text_unfolded(chromium, serve, axe_source, sample_site: Path):
    """The folded website text is checked too, once it is opened."""
    page = chromium.new_page()
    page.goto(serve(sample_site) + PAGE_TYPES["source"])
    page.locator("details.chrome summary").first.click()
    violations = _violations(page, axe_source)
    page.close()
    assert not violations, "\n".join(violations)


def test_skip_link_is_first_and_focus_is_visible(chromium, serve, sample_site: Path):
    page = chromium.new_page()
    page.goto(serve(sample_site))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["Skip to content", "solid"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.close()
