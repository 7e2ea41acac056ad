"""Hypothesis strategies for valid scenarios, shared by every property test.

Picture a random but sensible small clinic: one to three providers, each with one or two
short sessions on a five-minute grid, a few staff pools, some exam rooms under one of the
three room policies, one to three visit types and pathways that seize, hold and release
resources the way real ones do. Days are kept small (tens of patients) so that a
simulation of a generated scenario takes milliseconds.

Two entry points:

* :func:`scenario_dicts` draws plain mappings, as a scenario file would hold them;
* :func:`scenarios` draws validated :class:`~flowsim.scenarios.schema.Scenario` objects.

Pass ``fixed_durations=True`` for deterministic step times (every duration is ``fixed``),
``walk_ins=False`` / ``True`` to force walk-ins off / on, ``practice=True`` / ``False`` to force
a real practice's structure on / off (per-provider visit mixes, typed templates, blocks,
no-show and punctuality factors, teams; see :func:`_practice`). Pathways may also need
``any_provider`` or a named colleague besides the patient's own provider (see :func:`_pathway`).

Pathways are generated so that a patient holds at most the exam room across steps, the
exam room is listed first in ``needs`` and ``provider`` last, and optional steps never hold
or release anything. An engine that seizes a step's resources in that order cannot deadlock.
A clinic may also have a ``procedure`` room type (``room_types``): pathways may then end
their provider part with a procedure step in a procedure room (taken for that step, or
from a preparation step on and kept until the procedure ends). The clinic's day may be
censored at a drawn ``clinic.results_until``.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from flowsim.scenarios.clock import min_to_clock
from flowsim.scenarios.schema import Scenario

GRID_MIN = 5
PROVIDER_NAMES = ("dr_ames", "dr_baker", "np_chen")
ROLES = ("physician", "np", "pa", "nurse")
STAFF_NAMES = ("front_desk", "ma", "nurse")
ROOM_TYPE = "procedure"
PROCEDURE_STEPS = ("prep", "procedure")  # step names used by procedure rooms
VISIT_TYPE_NAMES = ("follow_up", "new_patient", "procedure")
PATHWAY_NAMES = ("standard", "quick", "extended")
ASSIGN_RULES = ("in_turn", "least_busy", "shared_queue")
SCHEDULE_RULES = ("individual", "bailey_welch", "double_book_first", "wave", "custom")
NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -:'#,."

Draw = Any  # hypothesis' draw callable


def _halves(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers on a half-minute grid between ``low`` and ``high``."""
    return st.integers(int(2 * low), int(2 * high)).map(lambda k: k / 2)


def _clock(minute: int) -> str:
    return min_to_clock(minute)


@st.composite
def durations(draw: Draw, low: float = 1.0, high: float = 20.0, *, fixed_only: bool = False) -> Any:
    """A valid positive duration: a bare number or any distribution mapping with mean in [low, high]."""
    if fixed_only:
        value = draw(_halves(low, high))
        return value if draw(st.booleans()) else {"dist": "fixed", "value": value}
    kind = draw(
        st.sampled_from(
            ("number", "fixed", "exponential", "lognormal", "gamma", "normal", "triangular", "uniform", "empirical")
        )
    )
    mean = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
    if kind == "number":
        return draw(_halves(low, high))
    if kind == "fixed":
        return {"dist": "fixed", "value": mean}
    if kind == "exponential":
        return {"dist": "exponential", "mean": mean}
    if kind == "lognormal":
        spread = draw(_halves(0.5, 3.0)) / 5  # 0.1 .. 0.6
        return _lognormal(draw, mean, spread)
    if kind == "gamma":
        return {"dist": "gamma", "mean": mean, "cv": draw(_halves(0.5, 3.0)) / 5}
    if kind == "normal":
        return {"dist": "normal", "mean": mean, "sd": max(0.1, mean / draw(st.integers(2, 6)))}
    lo, mid, hi = sorted(draw(st.lists(_halves(0.0, high), min_size=3, max_size=3)))
    hi = max(hi, lo + 1.0)
    if kind == "triangular":
        return {"dist": "triangular", "min": lo, "mode": mid, "max": hi}
    if kind == "uniform":
        return {"dist": "uniform", "min": lo, "max": hi}
    return {"dist": "empirical", "values": draw(st.lists(_halves(low, high), min_size=1, max_size=6))}


def _lognormal(draw: Draw, mean: float, spread: float) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"dist": "lognormal", "mean": mean, "cv": spread}
    return {"dist": "lognormal", "mean": mean, "sd": spread * mean}


@st.composite
def offsets(draw: Draw, *, fixed_only: bool = False) -> Any:
    """A valid offset (punctuality, start lateness): negative is early."""
    if fixed_only:
        return draw(_halves(-15.0, 10.0))
    kind = draw(st.sampled_from(("fixed", "normal", "uniform", "triangular", "empirical", "exponential")))
    if kind == "fixed":
        return {"dist": "fixed", "value": draw(_halves(-15.0, 10.0))}
    if kind == "normal":
        return {"dist": "normal", "mean": draw(_halves(-15.0, 5.0)), "sd": draw(_halves(0.5, 8.0))}
    if kind == "exponential":
        return {"dist": "exponential", "mean": draw(_halves(0.5, 5.0))}
    if kind == "empirical":
        return {"dist": "empirical", "values": draw(st.lists(_halves(-15.0, 10.0), min_size=1, max_size=6))}
    lo, mid, hi = sorted(draw(st.lists(_halves(-15.0, 10.0), min_size=3, max_size=3)))
    hi = max(hi, lo + 1.0)
    if kind == "uniform":
        return {"dist": "uniform", "min": lo, "max": hi}
    return {"dist": "triangular", "min": lo, "mode": mid, "max": hi}


def _weights(draw: Draw, names: list[str]) -> dict[str, float]:
    """Shares that sum to 1 (integer weights over their total)."""
    weights = draw(st.lists(st.integers(1, 5), min_size=len(names), max_size=len(names)))
    total = sum(weights)
    return {name: w / total for name, w in zip(names, weights, strict=True)}


def _sessions(draw: Draw, day_units: int) -> list[tuple[int, int]]:
    """One or two non-overlapping sessions, in grid units from open (at least 30 minutes each)."""
    if day_units >= 13 and draw(st.booleans()):
        first = draw(st.integers(6, day_units - 7))
        gap = draw(st.integers(0, day_units - first - 6))
        second = draw(st.integers(6, day_units - first - gap))
        start = draw(st.integers(0, day_units - first - gap - second))
        return [(start, start + first), (start + first + gap, start + first + gap + second)]
    length = draw(st.integers(6, day_units))
    start = draw(st.integers(0, day_units - length))
    return [(start, start + length)]


def _schedule(draw: Draw, spans_min: list[tuple[int, int]], open_min: int) -> dict[str, Any]:
    """A schedule whose custom times (if any) lie inside every given session list."""
    rule = draw(st.sampled_from(SCHEDULE_RULES))
    schedule: dict[str, Any] = {"rule": rule}
    if rule == "wave":
        schedule["wave_size"] = draw(st.integers(1, 3))
    if rule == "custom":
        grid = [t for s0, s1 in spans_min for t in range(s0, s1, GRID_MIN)]
        times = sorted(draw(st.lists(st.sampled_from(grid), min_size=1, max_size=8)))
        schedule["custom_times"] = [_clock(open_min + t) for t in times]
    for key in ("overbook_every", "reserve_every"):
        if draw(st.booleans()):
            schedule[key] = draw(st.integers(2, 5))
    return schedule


@st.composite
def _provider(draw: Draw, open_min: int, day_units: int, fixed: bool) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    spans = [(a * GRID_MIN, b * GRID_MIN) for a, b in _sessions(draw, day_units)]
    provider: dict[str, Any] = {
        "sessions": [{"start": _clock(open_min + a), "end": _clock(open_min + b)} for a, b in spans]
    }
    if draw(st.booleans()):
        provider["start_lateness_min"] = draw(offsets(fixed_only=fixed))
    if draw(st.booleans()):
        s0, s1 = draw(st.sampled_from(spans))
        b0 = draw(st.integers(s0 // GRID_MIN, s1 // GRID_MIN - 1))
        b1 = draw(st.integers(b0 + 1, min(b0 + 3, s1 // GRID_MIN)))
        provider["breaks"] = [{"start": _clock(open_min + b0 * GRID_MIN), "end": _clock(open_min + b1 * GRID_MIN)}]
    if draw(st.booleans()):
        provider["documentation_min"] = draw(durations(0.5, 5.0, fixed_only=fixed))
    if draw(st.booleans()):
        provider["role"] = draw(st.sampled_from(ROLES))
    return provider, spans


def _staff(draw: Draw, open_min: int, day_units: int) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(STAFF_NAMES), max_size=2, unique=True))
    staff: dict[str, Any] = {}
    for name in names:
        pool: dict[str, Any] = {"count": draw(st.integers(1, 3))}
        changes = sorted(draw(st.lists(st.integers(1, day_units - 1), max_size=2, unique=True)))
        if changes:
            pool["count_by_time"] = [
                {"from": _clock(open_min + t * GRID_MIN), "count": draw(st.integers(1, 3))} for t in changes
            ]
        staff[name] = pool
    return staff


def _step(draw: Draw, name: str, needs: list[str], fixed: bool, **extra: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"name": name, "duration_min": draw(durations(1.0, 15.0, fixed_only=fixed)), "needs": needs}
    step.update({k: v for k, v in extra.items() if v})
    return step


def _staff_steps(draw: Draw, prefix: str, staff: list[str], fixed: bool, release: list[str]) -> list[dict[str, Any]]:
    """Zero to two steps needing at most one staff pool; optional unless they release something."""
    steps = []
    for i in range(draw(st.integers(0, 2))):
        needs = draw(st.lists(st.sampled_from(staff), max_size=1)) if staff else []
        releasing = release if i == 0 else []
        extra: dict[str, Any] = {"release": releasing}
        if not releasing and draw(st.booleans()):
            extra["probability"] = draw(st.sampled_from((0.0, 0.25, 0.5, 0.9)))
        steps.append(_step(draw, f"{prefix}_{i}", needs, fixed, **extra))
    return steps


@st.composite
def _pathway(
    draw: Draw,
    staff: list[str],
    rooms_available: bool,
    fixed: bool,
    procedure_rooms: bool = False,
    providers: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], bool]:
    """Steps before, a provider part (with or without an exam room held across steps), maybe
    a procedure in a procedure room, steps after.

    With ``providers``, a triage step may need ``any_provider`` and the exam a named colleague
    too (two people at once); nobody is held across steps, so the people cannot deadlock.
    """
    steps = _staff_steps(draw, "before", staff, fixed, [])
    if providers and draw(st.integers(0, 3)) == 0:
        steps.append(_step(draw, "triage", ["any_provider"], fixed))
    uses_room = rooms_available and draw(st.booleans())
    helper = draw(st.lists(st.sampled_from(staff), max_size=1)) if staff else []
    if providers and draw(st.integers(0, 3)) == 0:
        helper = [*helper, draw(st.sampled_from(providers))]  # e.g. [provider, nurse_kim]
    pending_release: list[str] = []
    if not uses_room:
        steps.append(_step(draw, "exam", [*helper, "provider"], fixed))
    elif draw(st.booleans()):  # room and provider in one step, nothing held
        steps.append(_step(draw, "exam", ["exam_room", *helper, "provider"], fixed))
    else:  # rooming holds the room; the exam (or a later step, or departure) releases it
        steps.append(_step(draw, "rooming", ["exam_room", *helper], fixed, hold=["exam_room"]))
        steps.extend(_staff_steps(draw, "roomed", staff, fixed, []))
        where = draw(st.sampled_from(("exam", "after", "departure")))
        steps.append(_step(draw, "exam", ["provider"], fixed, release=["exam_room"] if where == "exam" else []))
        pending_release = ["exam_room"] if where == "after" else []
    if procedure_rooms and draw(st.booleans()):
        steps.extend(_procedure_steps(draw, fixed))
    after = _staff_steps(draw, "after", staff, fixed, pending_release)
    if pending_release and not after:
        after = [_step(draw, "after_0", [], fixed, release=pending_release)]
    return [*steps, *after], uses_room


def _procedure_steps(draw: Draw, fixed: bool) -> list[dict[str, Any]]:
    """A procedure with the provider in a procedure room, maybe after a preparation step that takes the room."""
    if draw(st.booleans()):
        return [_step(draw, "procedure", [ROOM_TYPE, "provider"], fixed)]
    return [
        _step(draw, "prep", [ROOM_TYPE], fixed, hold=[ROOM_TYPE]),
        _step(draw, "procedure", ["provider"], fixed, release=[ROOM_TYPE]),
    ]


def _room_types(draw: Draw, n_providers: int, used: bool, fixed: bool) -> dict[str, Any]:
    """The procedure room type: at least one room when a pathway needs it (one each under dedicated)."""
    policy = draw(st.sampled_from(("dedicated", "pooled", "flex")))
    low = (n_providers if policy == "dedicated" else 1) if used else 0
    room_type: dict[str, Any] = {"count": draw(st.integers(low, low + 2)), "policy": policy}
    if draw(st.booleans()):
        room_type["turnover_min"] = draw(durations(0.5, 5.0, fixed_only=fixed))
    return {ROOM_TYPE: room_type}


def _exam_rooms(draw: Draw, n_providers: int, uses_rooms: bool, fixed: bool) -> tuple[dict[str, Any], list[list[int]]]:
    policy = draw(st.sampled_from(("dedicated", "pooled", "flex")))
    low = (n_providers if policy == "dedicated" else 1) if uses_rooms else 0
    count = draw(st.integers(low, max(low, 3 * n_providers)))
    rooms: dict[str, Any] = {"count": count, "policy": policy}
    if draw(st.booleans()):
        rooms["turnover_min"] = draw(durations(0.5, 5.0, fixed_only=fixed))
    owned: list[list[int]] = []
    if count >= n_providers and policy != "pooled" and draw(st.booleans()):
        numbers = draw(st.permutations(list(range(1, count + 1))))
        cuts = (
            sorted(
                draw(
                    st.lists(st.integers(1, count - 1), min_size=n_providers - 1, max_size=n_providers - 1, unique=True)
                )
            )
            if n_providers > 1
            else []
        )
        bounds = [0, *cuts, count]
        owned = [sorted(numbers[a:b]) for a, b in itertools.pairwise(bounds)]
    return rooms, owned


def _walk_ins(
    draw: Draw, open_min: int, day_units: int, visit_types: list[str], providers: list[str]
) -> dict[str, Any]:
    mix_names = draw(st.lists(st.sampled_from(visit_types), min_size=1, unique=True))
    walk_ins: dict[str, Any] = {
        "per_hour": draw(_halves(0.0, 4.0)),
        "visit_mix": _weights(draw, mix_names),
        "urgent_prob": draw(st.sampled_from((0.0, 0.2, 0.5, 1.0))),
        "assign": draw(st.sampled_from((*ASSIGN_RULES, *providers))),
    }
    changes = sorted(draw(st.lists(st.integers(1, day_units - 1), max_size=2, unique=True)))
    if changes:
        walk_ins["rate_by_time"] = [
            {"from": _clock(open_min + t * GRID_MIN), "per_hour": draw(_halves(0.0, 4.0))} for t in changes
        ]
    if draw(st.booleans()):
        walk_ins["until"] = _clock(open_min + draw(st.integers(1, day_units)) * GRID_MIN)
    return walk_ins


def _patients(draw: Draw, fixed: bool) -> dict[str, Any]:
    patients: dict[str, Any] = {"hold_early_arrivals": draw(st.booleans())}
    if draw(st.booleans()):
        patients["rebook_if_late_min"] = draw(st.sampled_from((0.0, 5.0, 15.0)))
    if draw(st.booleans()):
        patients["patience_min"] = draw(durations(10.0, 90.0, fixed_only=fixed))
    return patients


@st.composite
def scenario_dicts(
    draw: Draw, *, fixed_durations: bool = False, walk_ins: bool | None = None, practice: bool | None = None
) -> dict[str, Any]:
    """A valid scenario as a plain mapping (what ``yaml.safe_load`` of a scenario file gives)."""
    fixed = fixed_durations
    open_min = draw(st.sampled_from((7 * 60, 8 * 60, 8 * 60 + 30, 13 * 60)))
    day_units = draw(st.integers(12, 36))  # 1 to 3 hours
    providers = draw(st.lists(st.sampled_from(PROVIDER_NAMES), min_size=1, max_size=3, unique=True))
    staff = _staff(draw, open_min, day_units)
    visit_types = draw(st.lists(st.sampled_from(VISIT_TYPE_NAMES), min_size=1, max_size=3, unique=True))
    n_pathways = draw(st.integers(1, len(visit_types)))
    procedure_rooms = draw(st.booleans())
    people = tuple(providers) if draw(st.booleans()) else ()
    pathway_rooms = [draw(_pathway(list(staff), True, fixed, procedure_rooms, people)) for _ in range(n_pathways)]
    uses_rooms = any(uses for _, uses in pathway_rooms)
    rooms, owned = _exam_rooms(draw, len(providers), uses_rooms, fixed)
    needs_procedure = any(ROOM_TYPE in step["needs"] for steps, _ in pathway_rooms for step in steps)

    data: dict[str, Any] = {
        "name": draw(st.text(NAME_ALPHABET, min_size=1, max_size=20)),
        "clinic": {"open": _clock(open_min), "close": _clock(open_min + day_units * GRID_MIN)},
        "providers": {},
        "staff": staff,
        "exam_rooms": rooms,
        "pathways": {PATHWAY_NAMES[i]: steps for i, (steps, _) in enumerate(pathway_rooms)},
        "visit_types": {},
        "queue_discipline": draw(st.sampled_from(("appointment", "arrival", "station_fifo"))),
        "urgent_first": draw(st.booleans()),
        "patients": _patients(draw, fixed),
    }
    if procedure_rooms:
        data["room_types"] = _room_types(draw, len(providers), needs_procedure, fixed)
    if draw(st.booleans()):  # KPIs censored at a clock time, before or after closing
        data["clinic"]["results_until"] = _clock(open_min + draw(st.integers(1, day_units + 12)) * GRID_MIN)
    if draw(st.booleans()):
        data["description"] = draw(st.text(NAME_ALPHABET, max_size=40))
    all_spans: dict[str, list[tuple[int, int]]] = {}
    for i, name in enumerate(providers):
        provider, spans = draw(_provider(open_min, day_units, fixed))
        all_spans[name] = spans
        if owned:
            provider["rooms"] = owned[i]
        if draw(st.integers(0, 3)) == 0:
            provider["schedule"] = _schedule(draw, spans, open_min)
        data["providers"][name] = provider
    data["schedule"] = _clinic_schedule(draw, data["providers"], all_spans, open_min)

    shares = _weights(draw, visit_types)
    for name in visit_types:
        data["visit_types"][name] = {
            "share": shares[name],
            "slot_min": draw(st.sampled_from((10, 15, 20, 30, 40))),
            "no_show_prob": draw(st.sampled_from((0.0, 0.1, 0.25, 0.5, 1.0))),
            "punctuality_min": draw(offsets(fixed_only=fixed)),
            "pathway": PATHWAY_NAMES[draw(st.integers(0, n_pathways - 1))],
        }
    same_day: dict[str, Any] = {"fill_prob": draw(st.sampled_from((0.0, 0.5, 1.0)))}
    if draw(st.booleans()):
        same_day["visit_mix"] = _weights(draw, draw(st.lists(st.sampled_from(visit_types), min_size=1, unique=True)))
    same_day["urgent_prob"] = draw(st.sampled_from((0.0, 0.3)))
    data["same_day"] = same_day
    if walk_ins if walk_ins is not None else draw(st.booleans()):
        data["walk_ins"] = _walk_ins(draw, open_min, day_units, visit_types, providers)
    if practice if practice is not None else draw(st.booleans()):
        _practice(draw, data, all_spans, open_min)
    return data


def _seen(data: dict[str, Any], provider: str) -> list[str]:
    """Visit types ``provider`` may be booked: positive shares of their own mix, else every type."""
    mix = data["providers"][provider].get("visit_mix")
    return [vt for vt in data["visit_types"] if mix is None or mix.get(vt, 0) > 0]


def _practice(draw: Draw, data: dict[str, Any], spans: dict[str, list[tuple[int, int]]], open_min: int) -> None:
    """Give the clinic a real practice's structure, keeping it valid.

    Providers may get their own visit mix (a type may be left out or given share 0),
    typed templates (their own schedule) or blocks, and patients no-show and punctuality
    factors. Add-ons, walk-ins and blocks are then narrowed to types their providers see.
    """
    types = list(data["visit_types"])
    for provider in data["providers"].values():
        if draw(st.booleans()):
            kept = draw(st.lists(st.sampled_from(types), min_size=1, unique=True))
            mix = _weights(draw, kept)
            left_out = [vt for vt in types if vt not in kept]
            if left_out and draw(st.booleans()):
                mix[left_out[0]] = 0.0
            provider["visit_mix"] = mix
        if draw(st.booleans()):
            provider["no_show_factor"] = draw(st.sampled_from((0.0, 0.5, 1.0)))
            provider["punctuality_factor"] = draw(st.sampled_from((0.0, 0.5, 1.0, 2.0)))
    for name in data["providers"]:
        if draw(st.integers(0, 2)) == 0:
            _template(draw, data, name, spans[name], open_min)
    users = [name for name, p in data["providers"].items() if "schedule" not in p]
    if users and draw(st.booleans()):
        _block(draw, data, data["schedule"], users, spans, open_min)
    if draw(st.booleans()):
        changes = sorted(draw(st.lists(st.integers(1, 30), min_size=1, max_size=2, unique=True)))
        data["patients"]["by_hour"] = [
            {
                "from": _clock(open_min + t * GRID_MIN),
                "no_show_factor": draw(st.sampled_from((0.0, 0.5, 1.0))),
                "punctuality_factor": draw(st.sampled_from((0.0, 0.5, 2.0))),
            }
            for t in changes
        ]
    _teams(draw, data)
    _narrow_arrivals(draw, data)


def _teams(draw: Draw, data: dict[str, Any]) -> None:
    """Maybe one staff member reserved for one provider, from a pool that always keeps another one."""
    pools = [
        name
        for name, pool in data["staff"].items()
        if min([pool["count"], *(c["count"] for c in pool.get("count_by_time", []))]) >= 2
    ]
    if pools and draw(st.booleans()):
        provider = draw(st.sampled_from(sorted(data["providers"])))
        data["providers"][provider]["team"] = {draw(st.sampled_from(pools)): 1}
        data["team_fallback"] = draw(st.sampled_from(("pool", "none")))


def _template(draw: Draw, data: dict[str, Any], name: str, spans: list[tuple[int, int]], open_min: int) -> None:
    """A typed template on ``name``'s own schedule: non-overlapping slots that fit the sessions."""
    seen = _seen(data, name)
    slots, (s0, s1) = [], draw(st.sampled_from(spans))
    t = s0
    while t < s1:
        vt = draw(st.sampled_from(seen))
        length = data["visit_types"][vt]["slot_min"]
        if t + length > s1:
            break
        if draw(st.booleans()):
            slots.append({"at": _clock(open_min + t), "visit_type": vt})
            t += length
        else:
            t += GRID_MIN
    if slots:
        schedule: dict[str, Any] = {"template": slots}
        if draw(st.booleans()):
            schedule[draw(st.sampled_from(("overbook_every", "reserve_every")))] = draw(st.integers(2, 4))
        data["providers"][name]["schedule"] = schedule


def _block(
    draw: Draw,
    data: dict[str, Any],
    schedule: dict[str, Any],
    users: list[str],
    spans: dict[str, list[tuple[int, int]]],
    open_min: int,
) -> None:
    """One block on the clinic schedule, listing at least one type each user sees."""
    start = draw(st.integers(0, 24)) * GRID_MIN
    end = start + draw(st.integers(1, 12)) * GRID_MIN
    kept = set(draw(st.lists(st.sampled_from(list(data["visit_types"])), min_size=1, unique=True)))
    kept |= {_seen(data, user)[0] for user in users}
    schedule["blocks"] = [{"from": _clock(open_min + start), "to": _clock(open_min + end), "visit_types": sorted(kept)}]


def _narrow_arrivals(draw: Draw, data: dict[str, Any]) -> None:
    """Same-day mixes only of types their providers see; walk-in types someone who may take them sees."""
    same_day = data["same_day"]
    if "visit_mix" in same_day:
        types = set(same_day["visit_mix"]) | {_seen(data, name)[0] for name in data["providers"]}
        same_day["visit_mix"] = _weights(draw, sorted(types))
    walk_ins = data.get("walk_ins")
    if walk_ins is None:
        return
    assign = walk_ins["assign"]
    takers = [assign] if assign in data["providers"] else list(data["providers"])
    # in turn, least busy and (unless the room decides) a shared queue pick among those who see the type
    room_decides = assign == "shared_queue" and data["exam_rooms"]["policy"] == "dedicated"  # (if rooms are used)
    everyone = assign in data["providers"] or room_decides
    common = [vt for vt in data["visit_types"] if (all if everyone else any)(vt in _seen(data, t) for t in takers)]
    if not common:  # nobody sees every type: send walk-ins to one provider
        walk_ins["assign"] = takers[0]
        common = _seen(data, takers[0])
    walk_ins["visit_mix"] = _weights(draw, draw(st.lists(st.sampled_from(common), min_size=1, unique=True)))


def _clinic_schedule(
    draw: Draw, providers: dict[str, Any], spans: dict[str, list[tuple[int, int]]], open_min: int
) -> dict[str, Any]:
    """The clinic's schedule; a custom one only uses times inside every provider's sessions that use it."""
    users = [name for name, p in providers.items() if "schedule" not in p]
    grids = [{t for s0, s1 in spans[name] for t in range(s0, s1, GRID_MIN)} for name in users]
    common = sorted(set.intersection(*grids)) if grids else []
    schedule = _schedule(draw, [(t, t + GRID_MIN) for t in common], open_min) if common else {}
    if not common:
        schedule = {"rule": draw(st.sampled_from(SCHEDULE_RULES[:-1]))}
    return schedule


def scenarios(
    *, fixed_durations: bool = False, walk_ins: bool | None = None, practice: bool | None = None
) -> st.SearchStrategy[Scenario]:
    """Validated :class:`Scenario` objects built from :func:`scenario_dicts`."""
    return scenario_dicts(fixed_durations=fixed_durations, walk_ins=walk_ins, practice=practice).map(
        Scenario.model_validate
    )
