"""The one error an unreadable observed sheet raises: every problem, one line each."""

from __future__ import annotations

from collections.abc import Sequence


class ObservedDataError(ValueError):
    """Observed data that cannot be used, with every problem found (``file: where: what``)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(dict.fromkeys(problems))
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple[type[ObservedDataError], tuple[list[str]]]:
        return (type(self), (self.problems,))

    def lines(self) -> list[str]:
        """The problems, one line each, ready to print."""
        return list(self.problems)
