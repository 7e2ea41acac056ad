"""YAML text to plain data, safe against hostile files.

A scenario file may come from anyone (an e-mail attachment, an upload in the app), so
reading it must stay small and quick whatever it holds. PyYAML's ``safe_load`` refuses
code, but not a "billion laughs": nine lines of anchors (``&a``) and aliases (``*a``)
that expand to a billion values. Here the document is first composed into its node
graph, where an alias is one shared node, and checked before any Python object is built:

- the values the aliases add (counted as if every alias were written out) stay within
  :data:`MAX_ALIAS_VALUES`;
- no mapping or list contains itself (``&a [*a]``);
- no mapping has the same key twice (the second would silently win), named by line.

Numbers follow YAML 1.2 as well as YAML 1.1: ``5e1`` is the number 50 (YAML 1.1
reads it as text, which some fields would then convert and others refuse).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file (or upload) read: a clinic's day fits in a few kilobytes."""
MAX_ALIAS_VALUES = 100_000
"""Most values that aliases (``*name``) may add to a file when expanded."""

TOO_LARGE = f"the file is larger than {MAX_FILE_BYTES:,} bytes; a scenario is a few kilobytes"
SELF_REFERENCE = "the YAML refers to itself: an alias (*name) inside its own anchor (&name)"


class UnsafeYamlError(ValueError):
    """The text is not YAML this program will read; the message names the line where it can."""


MAX_DEPTH = 64
"""Nesting levels read; a scenario needs about eight. PyYAML's scanner slows down with the
square of the flow nesting ([[[...), so a deep file is refused as soon as it gets too deep."""

TOO_DEEP = "the YAML is nested too deeply to read"


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that also reads YAML 1.2 exponent numbers (``5e1``, ``1E-3``) and stops
    composing past :data:`MAX_DEPTH` levels."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise UnsafeYamlError(f"{_line(self.peek_event())}{TOO_DEEP}")  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
"""YAML 1.2 exponent numbers; the writer (:mod:`flowsim.scenarios.yaml_io`) quotes text that looks like one."""
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+0123456789"))


def load_yaml(text: str) -> Any:
    """The data of one YAML document, after the checks of this module.

    Raises
    ------
    UnsafeYamlError
        A document too large once its aliases are expanded, one containing itself, or a
        mapping with a repeated key.
    yaml.YAMLError
        Text that is not YAML.
    """
    if len(text) > MAX_FILE_BYTES:  # characters: at least as many bytes
        raise UnsafeYamlError(TOO_LARGE)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _Checker().size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _Checker:
    """One walk over the node graph: expanded size, self-reference, repeated keys."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}  # expanded size of each node checked so far
        self.open: set[int] = set()  # nodes on the current path (a cycle comes back to one)
        self.distinct = 0

    def size(self, node: Node) -> int:
        """Values in ``node`` with every alias written out; raises past the budget."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.open:
            raise UnsafeYamlError(f"{_line(node)}{SELF_REFERENCE}")
        self.distinct += 1
        self.open.add(key)
        total = 1
        if isinstance(node, MappingNode):
            _refuse_repeated_keys(node)
            total += sum(self.size(k) + self.size(v) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            total += sum(self.size(item) for item in node.value)
        self.open.discard(key)
        if total - self.distinct > MAX_ALIAS_VALUES:  # what aliases added beyond what is written
            raise UnsafeYamlError(
                f"{_line(node)}the aliases (*name) expand to more than {MAX_ALIAS_VALUES:,} values; "
                "write the values out or use fewer aliases"
            )
        self.sizes[key] = total
        return total


def _refuse_repeated_keys(node: MappingNode) -> None:
    first_line: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue  # ``<<: *base`` keys are overridden on purpose
        key = (key_node.tag, key_node.value)
        line = key_node.start_mark.line + 1
        if key in first_line:
            raise UnsafeYamlError(
                f"line {line}: duplicate key {key_node.value!r} (first at line {first_line[key]}); keep one of them"
            )
        first_line[key] = line


def _line(item: Any) -> str:
    """``line N: `` for a node or a parser event."""
    return f"line {item.start_mark.line + 1}: "
