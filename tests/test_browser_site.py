"""The site in a real browser over real HTTP: a reader clicks from home to an event, a person, a theme and a
statement, and screenshots at phone and desktop width are left in tests/artifacts/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(params=["sample_site", "content_site"])
def site(request) -> tuple[str, Path]:
    return request.param.removesuffix("_site"), request.getfixturevalue(request.param)


@pytest.mark.parametrize("device", list(WIDTHS))
def test_reader_walks_from_home_to_a_statement(chromium, serve, artifacts, site, device):
    name, folder = site
    base = serve(folder)
    context = chromium.new_context(viewport={"width": WIDTHS[device], "height": 900})
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    def shoot(step: str) -> None:
        page.screenshot(path=str(artifacts / f"{name}-{device}-{step}.png"), full_page=True)

    page.goto(base)
    assert page.locator("h1").count() == 1
    shoot("home")

    page.locator("main .timeline a").first.click()
    page.wait_for_url("**/events/**")  # the click starts the navigation; the next page is waited for
    shoot("event")

    page.locator("main .speaker-group h3 a").first.click()
    page.wait_for_url("**/people/**")
    shoot("person")

    page.goto(base + "themes/")
    page.locator("main .theme-list a").first.click()
    page.wait_for_url("**/themes/*/")
    shoot("theme")

    page.locator("main .statement-list .words a").first.click()
    page.wait_for_url("**/statements/**")
    shoot("statement")

    page.get_by_role("link", name="paragraph").first.click()
    page.wait_for_url("**/sources/**#p*")
    assert page.locator(":target").count() == 1, "the cited paragraph is the page's target"
    shoot("source")

    assert not failed, f"failed requests: {failed}"
    context.close()


def test_search_form_sends_the_query_to_the_search_page(chromium, serve, sample_site):
    page = chromium.new_page()
    page.goto(serve(sample_site) + "events/")
    page.fill("header input[name=q]", "prevention")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=prevention")
    page.close()


def test_page_does_not_overflow_a_phone_screen(chromium, serve, content_site):
    """No horizontal scrolling at 390 px: long names, URLs and quotations must wrap."""
    base = serve(content_site)
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    for path in ("", "events/", "people/", "sources/", "people/ban-ki-moon/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path or 'home'} is {width}px wide"
    for link in page.locator("main .statement-list .words a").all()[:1]:
        with page.expect_navigation():  # measured on the statement page, not mid-way there
            link.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
