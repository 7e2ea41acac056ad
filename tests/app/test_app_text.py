"""User text in the app is text: escaped Markdown, and a server that refuses to be public."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from flowsim.app_pages.privacy import exposure_problems, is_loopback
from flowsim.app_pages.text import as_text
from tests.app.conftest import APP_FILE, shipped_settings, shown


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc"))))
def test_escaped_text_reads_back_as_written(text: str) -> None:
    assert shown(as_text(text)) == text


def test_markdown_image_links_and_styles_are_escaped() -> None:
    escaped = as_text("![p](http://x/p.png) :red[a] $x$ <b>")
    assert "![" not in escaped and "](" not in escaped and ":red[" not in escaped and "<b>" not in escaped
    assert as_text("two\nlines") == "two  \nlines"


@pytest.mark.parametrize(
    ("address", "private"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True), ("0.0.0.0", False),
     ("", False), (None, False), ("192.168.1.4", False), ("example.org", False)],
)  # fmt: skip
def test_only_loopback_addresses_are_private(address: str | None, private: bool) -> None:
    assert is_loopback(address) is private


def test_statistics_or_a_public_address_are_each_a_problem() -> None:
    assert exposure_problems("127.0.0.1", False) == []
    assert len(exposure_problems("0.0.0.0", True)) == 2


def test_the_shipped_settings_are_loopback_without_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped_settings(monkeypatch)
    assert config.get_option("server.address") == "127.0.0.1"
    assert config.get_option("browser.gatherUsageStats") is False


def test_an_overridden_address_shows_no_clinic(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped_settings(monkeypatch)
    config.set_option("server.address", "0.0.0.0", "command-line")
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(str(APP_FILE), default_timeout=60).run()
    assert not at.exception
    assert not at.tabs  # nothing of the clinic is drawn
    assert "listening on 0.0.0.0" in shown(at.error[0].value)


def test_a_hostile_redesign_name_is_shown_only_escaped(app: AppTest) -> None:
    hostile = "![p](http://example.invalid/p.png) :red[x]"
    text = f"extends: family_practice.yaml\nname: '{hostile}'\nexam_rooms: {{count: 9}}\n"
    app.file_uploader(key="rd_upload").set_value(("h.yaml", text.encode(), "application/x-yaml")).run()
    app.button(key="cmp_run").click().run()
    assert not app.exception, [e.value for e in app.exception]
    bodies = [m.value for m in app.markdown] + [c.value for c in app.caption] + [e.value for e in app.error]
    assert any(as_text(hostile) in body for body in bodies)  # shown, escaped
    assert not any(hostile in body for body in bodies)  # never raw
