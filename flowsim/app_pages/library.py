"""The redesign library: the redesign files that sit beside her clinic's file, as cards.

A file in the baseline's folder whose ``extends:`` names the baseline file is one of its
redesigns (the bundled family practice comes with six). Its one-line explanation is the
file's ``# Redesign: ...`` comment (its first sentence, read on over the comment lines
that follow), else its own description. Files are found by reading
their first lines as text, so a broken file in the folder never stops the page; it is
read with the ordinary loader only when offered, and skipped (with its message) if it
cannot be used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flowsim.scenarios import ScenarioError, load_scenario

HEAD_LINES = 60  # extends: and the explanation sit at the top of a redesign file
_EXPLANATION = re.compile(r"^#\s*Redesign:\s*(.+?)\s*$")
_GOES_ON = re.compile(r"^#\s*(.+?)\s*$")  # a comment line that continues the explanation
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z]|$)")  # "e.g. a" goes on; ". Then" and a final "." end it


@dataclass(frozen=True)
class LibraryEntry:
    """One redesign file: where it is, its one-line explanation, the scenario (JSON) or why it cannot be used."""

    file: str
    explanation: str
    scenario_json: str | None
    problem: str | None = None


def _extends(head: list[str], baseline_file: str) -> bool:
    pattern = re.compile(r"^extends:\s*['\"]?" + re.escape(baseline_file) + r"['\"]?\s*(#.*)?$")
    return any(pattern.match(line) for line in head)


def redesign_files(baseline_path: str) -> list[Path]:
    """Files beside ``baseline_path`` that extend it, by name."""
    baseline = Path(baseline_path)
    found = []
    for path in sorted(baseline.parent.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml") or path.resolve() == baseline.resolve() or not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8", errors="replace") as file:
                head = [next(file, "") for _ in range(HEAD_LINES)]
        except OSError:
            continue
        if _extends([line.rstrip("\n") for line in head], baseline.name):
            found.append(path)
    return found


def explanation_of(path: Path) -> str:
    """The first sentence of the file's ``# Redesign: ...`` comment, capitalised (empty if it has none).

    The comment may go on over the next comment lines; it is read to the end of its first
    sentence (or of the comment), so a card never shows a phrase cut off mid-way.
    """
    with path.open(encoding="utf-8", errors="replace") as file:
        head = [line.rstrip("\n") for _, line in zip(range(HEAD_LINES), file, strict=False)]
    found = [(at, match) for at, line in enumerate(head) if (match := _EXPLANATION.match(line))]
    if not found:
        return ""
    at, match = found[0]
    words = [match[1]]
    for line in head[at + 1 :]:
        more = _GOES_ON.match(line)
        if _SENTENCE_END.search(" ".join(words)) or more is None:
            break
        words.append(more[1])
    text = " ".join(words)
    end = _SENTENCE_END.search(text)
    sentence = text[: end.end()] if end else text
    return sentence[:1].upper() + sentence[1:]


def library(baseline_path: str) -> list[LibraryEntry]:
    """Every redesign beside the baseline, loaded (or with the one line saying why it cannot be used)."""
    entries = []
    for path in redesign_files(baseline_path):
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            entries.append(LibraryEntry(path.name, explanation_of(path), None, error.lines()[0]))
            continue
        entries.append(LibraryEntry(path.name, explanation_of(path), scenario.model_dump_json()))
    return entries
