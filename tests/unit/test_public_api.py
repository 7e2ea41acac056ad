"""The packages' APIs: every listed name exists, and ``import flowsim`` stays light.

``flowsim``, ``flowsim.report`` and ``flowsim.viz`` import their names on first use
(lazy_loader reads the imports in their ``__init__.pyi``); type checkers read the same stub,
whose ``__all__`` must therefore list exactly what it imports.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import flowsim

LAZY = ("flowsim", "flowsim.report", "flowsim.viz")


def _stub(package: ModuleType) -> tuple[set[str], set[str]]:
    """The names a package's ``__init__.pyi`` imports, and the names its ``__all__`` lists."""
    tree = ast.parse(Path(str(package.__file__)).with_suffix(".pyi").read_text(encoding="utf-8"))
    imported = {alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    (listed,) = [
        set(ast.literal_eval(node.value))
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
    ]
    return imported, listed


@pytest.mark.parametrize("name", LAZY)
def test_all_lists_exactly_what_the_stub_imports(name: str) -> None:
    package = importlib.import_module(name)
    imported, listed = _stub(package)
    assert imported
    assert set(package.__all__) - {"__version__"} == imported == listed - {"__version__"}


@pytest.mark.parametrize("name", LAZY)
def test_exported_members_exist_and_come_from_flowsim(name: str) -> None:
    package = importlib.import_module(name)
    for exported in package.__all__:
        member = getattr(package, exported)
        if exported != "__version__":
            assert getattr(member, "__module__", "flowsim.").startswith("flowsim."), exported  # constants have none


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="No flowsim attribute simulat"):
        flowsim.simulat  # noqa: B018


def test_import_flowsim_does_not_load_pandas_or_plotly() -> None:
    heavy = "('pandas', 'plotly', 'streamlit')"
    code = f"import sys, flowsim, flowsim.model; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
