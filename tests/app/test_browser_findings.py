"""Reading a comparison in a real browser: verdicts, the reasons behind surprising results,
and the one-page summary she forwards (Debian's Chromium, a fresh ``flowsim app`` server).

Over 30 days the bundled extra room per provider, staggered starts and text reminders give
every kind of verdict the page can say (worse, better, no practical difference, no clear
difference, and utilisation as a neutral "higher"), and both reasons the page explains. The
figures are those of ``flowsim compare scenarios/family_practice.yaml
scenarios/extra_room_per_provider.yaml scenarios/staggered_starts.yaml
scenarios/text_reminders.yaml --reps 30 --seed 1``.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.app.served import Served
from tests.app.test_browser import app, keep, page, settle, whole_page  # noqa: F401  (app and page are fixtures)

REPS = 30


def _finding(at: Page, number: int, title: str) -> Locator:
    """The findings card of the ``number``-th redesign, checked to be ``title``'s."""
    card = at.locator(f".st-key-finding_{number}")
    expect(card.get_by_role("heading", name=title, exact=True)).to_be_visible()
    return card


def test_manager_reads_verdicts_and_reasons_and_forwards_the_summary(app: Served, page: Page, tmp_path: Path) -> None:  # noqa: F811
    page.goto(f"{app.url}/?reps={REPS}")
    expect(page.get_by_text("A normal day in your clinic")).to_be_visible()
    page.get_by_role("tab", name="Compare").click()
    settle(page)
    for key in ("lib_text_reminders", "lib_extra_room_per_provider", "lib_staggered_starts"):
        page.locator(f".st-key-{key}").get_by_text("Compare").click()
        settle(page)
    page.get_by_role("button", name="Run comparison").click()
    room, staggered = _finding(page, 1, "Extra room per provider"), _finding(page, 2, "Staggered starts")
    reminders = _finding(page, 3, "Text reminders")
    settle(page)

    # reminders: more patients come, so the wait grows (and the page says why)
    expect(reminders.get_by_text(re.compile(r"Average wait for the provider: 17 → 19 min.*— worse"))).to_be_visible()
    expect(
        reminders.get_by_text(re.compile(r"^Why: More patients come and are seen \(76\.7 → 81\.6 a day\)"))
    ).to_be_visible()
    # utilisation is neither better nor worse
    expect(reminders.get_by_text(re.compile(r"Provider utilisation .*77% → 81%.*— higher$"))).to_be_visible()
    # a difference inside ±1 min (or ±2 points) is no practical difference, even when its interval crosses 0
    expect(
        room.get_by_text(re.compile(r"Average wait for the provider: 17 → 17 min.*— no practical difference"))
    ).to_be_visible()
    crosses_0 = re.compile(r"within 15 min: 57% → 57%.*−0\.2 to \+1\.1 points\) — no practical difference")
    expect(room.get_by_text(crosses_0)).to_be_visible()
    # one that crosses 0 and could matter is no clear difference
    expect(staggered.get_by_text(re.compile(r"overtime .*−5% to \+2%\) — no clear difference"))).to_be_visible()
    expect(room.get_by_text(re.compile(r"90th percentile: 37 → 36 min.*— better"))).to_be_visible()
    expect(
        room.get_by_text(re.compile(r"^Why: Patients leave the waiting room sooner \(4\.1 → 0\.8 min\)"))
    ).to_be_visible()
    whole_page(page, tmp_path / "verdicts.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="One-page summary (HTML)").click()
    summary = tmp_path / "flowsim_summary.html"
    download.value.save_as(summary)
    page.goto(summary.as_uri())
    for said in (
        "No-shows for follow-ups: 18% → 13%",  # what each redesign changes, in sentences
        "Exam rooms: 8 → 12 (+1 room per provider)",
        "More patients come and are seen (76.7 → 81.6 a day)",  # the same reasons as on the page
        "of the waiting is for the provider",  # where the waiting happens, in words and as bars
    ):
        expect(page.get_by_text(said, exact=False).first).to_be_visible()
    assert page.locator("td.bar span").count() >= 4 * 4  # a bar per place for each of the four designs
    assert page.locator("script").count() == 0 and "dr_" not in page.content()  # no scripts, no internal names
    page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    keep(tmp_path, "verdicts.png", "summary.png")
    assert "Traceback" not in app.log_text()
