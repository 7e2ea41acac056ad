"""A visit is documented once, after the last provider step the patient actually had.

The pathway: exam with dr_a (10 min), a test with the MA (5 min), then a recheck with
dr_a (5 min) that half the patients need. dr_a documents for 4 minutes after a visit,
seeing nobody meanwhile. A patient who skips the recheck is documented right after the
exam; one who has it, after the recheck only.
"""

from __future__ import annotations

from flowsim.model import simulate
from tests.model.days import clinic, provider_events, trace

OPTIONAL_RECHECK = clinic(
    providers={
        "dr_a": {
            "sessions": [{"start": "08:00", "end": "12:00"}],
            "documentation_min": 4,
            "schedule": {"rule": "custom", "custom_times": ["08:00", "08:00"]},
        }
    },
    staff={"ma": {"count": 1}},
    exam_rooms={"count": 0},
    pathways={
        "visit": [
            {"name": "exam", "duration_min": 10, "needs": ["provider"]},
            {"name": "test", "duration_min": 5, "needs": ["ma"]},
            {"name": "recheck", "duration_min": 5, "needs": ["provider"], "probability": 0.5},
        ]
    },
)


def test_a_skipped_recheck_leaves_the_documentation_after_the_exam() -> None:
    # Seed 5: patient 0 skips the recheck, patient 1 has it (both booked 08:00).
    log = simulate(OPTIONAL_RECHECK, 5, 0)
    # Patient 0: exam 0->10, then dr_a documents 10->14 while the MA does the test 10->15.
    assert trace(log, 0) == [
        ("", "arrive", 0.0, ""),
        ("exam", "queue", 0.0, ""),
        ("exam", "seize", 0.0, "dr_a"),
        ("exam", "start", 0.0, ""),
        ("exam", "end", 10.0, ""),
        ("exam", "release", 10.0, "dr_a"),
        ("documentation", "start", 10.0, "dr_a"),
        ("test", "queue", 10.0, ""),
        ("test", "seize", 10.0, "ma"),
        ("test", "start", 10.0, ""),
        ("documentation", "end", 14.0, "dr_a"),
        ("test", "end", 15.0, ""),
        ("test", "release", 15.0, "ma"),
        ("", "depart", 15.0, ""),
    ]
    # Patient 1 waits for dr_a until the documentation ends: exam 14->24 (not documented,
    # a recheck follows), test 24->29, recheck 29->34, documented 34->38.
    assert trace(log, 1) == [
        ("", "arrive", 0.0, ""),
        ("exam", "queue", 0.0, ""),
        ("exam", "seize", 14.0, "dr_a"),
        ("exam", "start", 14.0, ""),
        ("exam", "end", 24.0, ""),
        ("exam", "release", 24.0, "dr_a"),
        ("test", "queue", 24.0, ""),
        ("test", "seize", 24.0, "ma"),
        ("test", "start", 24.0, ""),
        ("test", "end", 29.0, ""),
        ("test", "release", 29.0, "ma"),
        ("recheck", "queue", 29.0, ""),
        ("recheck", "seize", 29.0, "dr_a"),
        ("recheck", "start", 29.0, ""),
        ("recheck", "end", 34.0, ""),
        ("recheck", "release", 34.0, "dr_a"),
        ("documentation", "start", 34.0, "dr_a"),
        ("", "depart", 34.0, ""),
        ("documentation", "end", 38.0, "dr_a"),
    ]
    assert provider_events(log, "dr_a") == [
        (0, "documentation", "start", 10.0),
        (0, "documentation", "end", 14.0),
        (1, "documentation", "start", 34.0),
        (1, "documentation", "end", 38.0),
    ]
