"""The process map: one box per step, arrows in order, counts in the boxes, room steps shaded."""

from __future__ import annotations

import subprocess
import sys
from xml.etree import ElementTree

import pandas as pd
import pytest

from flowsim import report, viz
from tests.app.clinic import small_clinic

SVG = "{http://www.w3.org/2000/svg}"


def test_the_small_clinic_map_has_a_box_per_step_with_its_resources_and_counts() -> None:
    table = report.pathway_table(small_clinic())
    assert table["needs"].tolist() == [
        "front desk (2)",
        "medical assistant (3) + exam room (8, dedicated)",
        "provider (4)",
        "front desk (2)",
    ]
    assert table["in_room"].tolist() == [False, True, True, False]
    figure = viz.process_map(table)
    boxes = [s for s in figure.layout.shapes if s.type == "rect"]
    assert len(boxes) == 4
    assert [b.fillcolor for b in boxes] == ["#f2f2f2", "#dbe9f6", "#dbe9f6", "#f2f2f2"]
    texts = [a.text for a in figure.layout.annotations]
    assert "<b>Exam</b><br>provider (4)" in texts
    assert sum(1 for a in figure.layout.annotations if a.showarrow) == 3  # between 4 steps
    assert texts[0] == "<b>follow up and new patient</b>"


def test_optional_steps_say_how_often_and_names_stay_text() -> None:
    table = pd.DataFrame(
        [["p", "<img src=x>", 0, "lab", "Lab <b>", "lab (1)", 0.3, False]],
        columns=["pathway", "visit_types", "position", "step", "label", "needs", "probability", "in_room"],
    )
    texts = [a.text for a in viz.process_map(table).layout.annotations]
    assert "<b>&lt;img src=x&gt;</b>" in texts
    assert "<b>Lab &lt;b&gt;</b><br>lab (1)<br><i>30% of patients</i>" in texts


def test_a_table_without_the_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="needs columns"):
        viz.process_map(pd.DataFrame({"pathway": []}))


def _svg(table: pd.DataFrame) -> ElementTree.Element:
    return ElementTree.fromstring(viz.process_map_svg(table))


def _lines(text: ElementTree.Element) -> list[str]:
    return [span.text or "" for span in text]


def test_the_svg_map_has_the_same_boxes_texts_and_arrows_as_the_figure() -> None:
    table = report.pathway_table(small_clinic())
    svg = _svg(table)
    rects = svg.findall(f"{SVG}rect")
    assert [r.get("fill") for r in rects] == ["#f2f2f2", "#dbe9f6", "#dbe9f6", "#f2f2f2"]
    texts = [_lines(t) for t in svg.findall(f"{SVG}text")]
    assert texts == [
        ["follow up and new", "patient"],  # the row label, wrapped
        ["Check-in", "front desk (2)"],
        ["Rooming", "medical assistant (3) +", "exam room (8, dedicated)"],
        ["Exam", "provider (4)"],
        ["Checkout", "front desk (2)"],
    ]
    assert len(svg.findall(f"{SVG}line")) == 3  # between 4 steps
    # each arrow ends on the left edge of the next box
    lefts = [float(r.get("x", "nan")) for r in rects]
    assert [float(line.get("x2", "nan")) for line in svg.findall(f"{SVG}line")] == lefts[1:]


def test_the_svg_map_keeps_names_as_text_and_marks_optional_steps() -> None:
    table = pd.DataFrame(
        [["p", "<script>alert(1)</script>", 0, "lab", "Lab <b> & co", "lab (1)", 0.3, False]],
        columns=["pathway", "visit_types", "position", "step", "label", "needs", "probability", "in_room"],
    )
    source = viz.process_map_svg(table)
    assert "<script" not in source
    svg = ElementTree.fromstring(source)  # well-formed: every name escaped
    assert _lines(svg.findall(f"{SVG}text")[1]) == ["Lab <b> & co", "lab (1)", "30% of patients"]
    assert svg.find(f"{SVG}rect").get("stroke-dasharray") == "4 3"  # type: ignore[union-attr]
    assert " ".join(_lines(svg.findall(f"{SVG}text")[0])) == "<script>alert(1)</script>"


def test_the_svg_map_from_records_is_the_svg_map_from_the_table() -> None:
    clinic = small_clinic()
    assert viz.process_map_svg(report.pathway_steps(clinic)) == viz.process_map_svg(report.pathway_table(clinic))


def test_records_without_a_column_are_refused() -> None:
    steps = report.pathway_steps(small_clinic())
    del steps[2]["in_room"]
    with pytest.raises(ValueError, match=r"needs columns \['in_room'\]"):
        viz.process_map_svg(steps)


def test_the_svg_map_is_drawn_without_loading_pandas_or_plotly() -> None:
    """The app's first page draws it before those are imported (see flowsim.app_pages.clinic_map)."""
    code = (
        "import sys\n"
        "from flowsim import report, viz\n"
        "from flowsim.scenarios import load_scenario\n"
        "from flowsim.report.paths import bundled_scenario\n"
        "svg = viz.process_map_svg(report.pathway_steps(load_scenario(bundled_scenario())))\n"
        "assert svg.startswith('<svg'), svg[:40]\n"
        "print(sorted(m for m in ('pandas', 'plotly') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
