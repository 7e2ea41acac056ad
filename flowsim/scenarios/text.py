"""Free text in scenarios (names, descriptions): what people read must be what is there.

A scenario name reaches terminals, spreadsheets, web pages and file manifests. Control
characters (the terminal's escape sequences among them) can rewrite what a terminal
shows, and bidirectional controls can show text in another order than it is stored
("Trojan Source"); neither has a place in a clinic's name. They are refused at
validation, naming the character, so the user can see and remove it.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder displayed text (Unicode bidirectional formatting and marks)."""
LINE_BREAKS = frozenset("\n\r\t")


def _refused(char: str, allow_breaks: bool) -> bool:
    if allow_breaks and char in LINE_BREAKS:
        return False
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def check_text(value: str, *, allow_breaks: bool = False) -> str:
    """``value`` unchanged, or ``ValueError`` naming its first control or bidirectional character."""
    for position, char in enumerate(value):
        if _refused(char, allow_breaks):
            name = unicodedata.name(char, "control character")
            raise ValueError(
                f"character U+{ord(char):04X} ({name}) at position {position + 1} is not allowed: "
                "control, terminal-escape and text-direction characters are refused"
            )
    return value


def one_line_text(value: str) -> str:
    """A name: printable text on one line."""
    return check_text(value)


def paragraph_text(value: str) -> str:
    """A description: printable text, line breaks and tabs allowed."""
    return check_text(value, allow_breaks=True)


def visible(text: str) -> str:
    """``text`` with control and bidirectional characters written as escapes (``\\x1b``, ``\\u202e``).

    For messages that repeat what a user wrote (a file name, an ``extends:`` path): the
    terminal or page then shows the characters instead of obeying them.
    """
    if not any(_refused(char, allow_breaks=False) for char in text):
        return text
    return "".join(char.encode("unicode_escape").decode("ascii") if _refused(char, False) else char for char in text)
