"""A scenario file whose fitted values say where they came from, as YAML comments.

::

    duration_min: {dist: lognormal, mean: 14.842, cv: 0.529}  # fitted: n=997, mean 14.84 (95% CI 14.36-15.34) ...

The YAML is written by :func:`flowsim.scenarios.yaml_io.to_yaml` (so it loads back to
the same scenario); this module only finds the line of each field path (``pathways.
follow_up.2.duration_min``: mapping keys and list positions joined by dots, as in
:func:`flowsim.with_changes`) and appends the comment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flowsim.scenarios.yaml_io import to_yaml


def line_paths(lines: list[str]) -> Iterator[str | None]:
    """The dotted field path each line of block-style YAML starts (None for blank lines and comments)."""
    stack: list[tuple[int, str, bool]] = []  # (indent, path component, is a list item)
    counters: dict[tuple[str, ...], int] = {}
    for line in lines:
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content or content.startswith("#"):
            yield None
            continue
        while content.startswith("- "):
            while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][2])):
                stack.pop()
            parent = tuple(c for _, c, _ in stack)
            index = counters.get(parent, 0)
            counters[parent] = index + 1
            stack.append((indent, str(index), True))
            content, indent = content[2:], indent + 2
        if ":" not in content or content.startswith(("{", "[")):
            yield ".".join(c for _, c, _ in stack)
            continue
        key = content.split(":", 1)[0].strip().strip("'\"")
        while stack and stack[-1][0] >= indent and not (stack[-1][2] and stack[-1][0] < indent):
            stack.pop()
        stack.append((indent, key, False))
        counters.pop(tuple(c for _, c, _ in stack), None)
        yield ".".join(c for _, c, _ in stack)


def commented_yaml(data: Mapping[str, Any], comments: Mapping[str, str], header: str = "") -> str:
    """YAML of ``data`` with ``comments[path]`` appended to the line of each field path, after a ``header``."""
    lines = to_yaml(data).splitlines()
    paths = list(line_paths(lines))
    placed: dict[str, list[str]] = {}
    for path, text in comments.items():
        parts = path.split(".")
        while parts and ".".join(parts) not in paths:  # a flow mapping: the comment goes on its line
            parts.pop()
        if parts:
            placed.setdefault(".".join(parts), []).append(
                text if len(parts) == len(path.split(".")) else f"{path.split('.')[-1]}: {text}"
            )
    out = [f"# {h}" if h else "#" for h in header.splitlines()]
    for line, at in zip(lines, paths, strict=True):
        notes = placed.pop(at, None) if at is not None else None
        out.append(f"{line}  # {'; '.join(notes)}" if notes else line)
    return "\n".join(out) + "\n"
