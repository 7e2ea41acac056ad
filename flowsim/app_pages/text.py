"""User-provided text shown as text: names, keys, file names and error messages.

Streamlit renders Markdown in nearly every element (labels, captions, alerts), so a
redesign named ``![p](http://host/x.png)`` would make the browser fetch that address,
and ``:red[...]`` or ``$x$`` would restyle the page. :func:`as_text` escapes every
ASCII punctuation character with a backslash, which CommonMark reads as the literal
character: the name appears exactly as typed and nothing in it is interpreted. HTML is
never enabled in the app, so angle brackets are shown as written too.
"""

from __future__ import annotations

import string

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def as_text(text: object) -> str:
    """``text`` escaped for Streamlit Markdown: every character shows as itself.

    Line breaks are kept as hard line breaks.

    Examples
    --------
    >>> as_text("![p](http://x)")
    '\\\\!\\\\[p\\\\]\\\\(http\\\\:\\\\/\\\\/x\\\\)'
    """
    lines = str(text).translate(_ESCAPES).splitlines() or [""]
    return "  \n".join(lines)
