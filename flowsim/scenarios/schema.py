"""The scenario: one clinic design for one day, validated at the boundary.

A scenario file is read once, checked completely (unknown keys, types, ranges and
cross-references) and turned into a frozen :class:`Scenario`. The engine never mutates
it; a redesign is a new, re-validated scenario (see :mod:`flowsim.scenarios.edit`).

Named things (providers, staff pools, visit types, pathways) are mappings keyed by
their id, so a redesign that ``extends:`` a baseline overrides one of them by name,
and the diff of two files shows exactly the redesign.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from flowsim.scenarios.clock import ClockTime, clock_to_min
from flowsim.scenarios.distributions import Duration, Fixed, Frozen, Offset
from flowsim.scenarios.limits import (
    MAX_ROOMS,
    MAX_STAFF,
    MAX_WALK_INS_PER_HOUR,
    MAX_WAVE_SIZE,
    MIN_SLOT_MIN,
    limit_problems,
)
from flowsim.scenarios.people import Role
from flowsim.scenarios.practice import Block, HourFactors, TemplateSlot
from flowsim.scenarios.references import reference_problems
from flowsim.scenarios.room_policies import ROOM_POLICIES, room_policy
from flowsim.scenarios.text import one_line_text, paragraph_text

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_RESOURCES = ("provider", "any_provider", "exam_room")


def _identifier(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            f"{value!r} is not a usable name: use lower-case letters, digits and _ (it becomes a column name)"
        )
    return value


Name = Annotated[str, AfterValidator(_identifier)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
OneLine = Annotated[str, AfterValidator(one_line_text)]
Paragraph = Annotated[str, AfterValidator(paragraph_text)]
RoomPolicyName = Annotated[
    str,
    AfterValidator(room_policy),
    Field(json_schema_extra={"enum": list(ROOM_POLICIES)}),
]
"""A room policy's name: one of :data:`~flowsim.scenarios.room_policies.ROOM_POLICIES` (the one list)."""
_POLICY_WORDS = "; ".join(f"{name}: {p.description}" for name, p in ROOM_POLICIES.items())


class ClinicDay(Frozen):
    """Opening hours of the clinic."""

    open: ClockTime = Field(default="08:00", description="Clinic opening time (HH:MM); time 0 of the simulation.")
    close: ClockTime = Field(default="17:00", description="Clinic closing time (HH:MM); overtime is measured from it.")
    results_until: ClockTime | None = Field(
        default=None,
        description="Censor the day's KPIs at this clock time (HH:MM, may be past midnight); empty: no censoring.",
    )

    @field_validator("results_until")
    @classmethod
    def _results_until_after_open(cls, value: str | None, info: ValidationInfo) -> str | None:
        opening = info.data.get("open")  # absent when open itself was refused: that is reported already
        if value is not None and opening is not None and clock_to_min(value) <= clock_to_min(opening):
            raise ValueError(f"results_until ({value}) must be after open ({opening})")
        return value

    @model_validator(mode="after")
    def _close_after_open(self) -> ClinicDay:
        if clock_to_min(self.close) <= clock_to_min(self.open):
            raise ValueError(f"close ({self.close}) must be after open ({self.open})")
        return self


class Session(Frozen):
    """A block of clinic time a provider sees booked patients in."""

    start: ClockTime = Field(description="Session start (HH:MM).")
    end: ClockTime = Field(description="Session end (HH:MM); the last slot ends by then.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Session:
        if clock_to_min(self.end) <= clock_to_min(self.start):
            raise ValueError(f"session ends ({self.end}) before it starts ({self.start})")
        return self


class Break(Frozen):
    """A planned break. It begins after the visit in progress and still ends on time."""

    start: ClockTime = Field(description="Planned start (HH:MM); a visit in progress is finished first.")
    end: ClockTime = Field(description="End (HH:MM); the provider is back at this time whatever happened.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Break:
        if clock_to_min(self.end) <= clock_to_min(self.start):
            raise ValueError(f"break ends ({self.end}) before it starts ({self.start})")
        return self


class Schedule(Frozen):
    """How the appointment book is built from a provider's sessions."""

    rule: Literal["individual", "bailey_welch", "double_book_first", "wave", "custom", "none"] = Field(
        default="individual",
        description=(
            "individual: one patient per slot; bailey_welch: two patients at the first slot of each session, "
            "the rest one slot earlier; double_book_first: one extra patient at the first slot; wave: "
            "wave_size patients booked together at the start of each wave; custom: the times in custom_times; "
            "none: no appointment book (the provider sees walk-ins only)."
        ),
    )
    wave_size: int = Field(
        default=3, ge=1, le=MAX_WAVE_SIZE, description="Patients booked together at each wave (rule: wave)."
    )
    custom_times: list[ClockTime] = Field(
        default_factory=list, description="Appointment times (HH:MM) for rule: custom, one patient each."
    )
    overbook_every: int | None = Field(
        default=None,
        ge=1,
        description="Double-book every n-th slot (an extra patient at the same time); empty for none.",
    )
    reserve_every: int | None = Field(
        default=None,
        ge=1,
        description="Keep every n-th slot free for same-day add-ons (patients who call that morning); empty for none.",
    )
    template: list[TemplateSlot] = Field(
        default_factory=list,
        description="Typed slots ({at: HH:MM, visit_type: name}), one patient each, instead of slots drawn "
        "from the visit mix; each lasts its visit type's slot_min. Rule individual only.",
    )
    blocks: list[Block] = Field(
        default_factory=list,
        description="Stretches of the day ({from, to, visit_types}) whose slots are booked only with those "
        "visit types; slots outside every block take any visit type of the mix.",
    )

    @model_validator(mode="after")
    def _custom_has_times(self) -> Schedule:
        if self.rule == "custom" and not self.custom_times:
            raise ValueError("rule custom needs custom_times")
        if self.template and self.rule != "individual":
            raise ValueError(f"a template books one patient per typed slot: use rule individual, not {self.rule}")
        return self


class Provider(Frozen):
    """A physician, nurse practitioner, physician assistant or nurse who sees patients."""

    role: Role = Field(
        default="physician",
        description="physician, np (nurse practitioner), pa (physician assistant) or nurse (e.g. a nurse with her "
        "own immunisation book); shown with the provider in tables and the app.",
    )
    sessions: list[Session] = Field(min_length=1, description="Sessions the provider sees booked patients in.")
    start_lateness_min: Offset = Field(
        default_factory=lambda: Fixed(dist="fixed", value=0.0),
        description="How late the provider starts each session, in minutes (negative values count as on time).",
    )
    breaks: list[Break] = Field(default_factory=list, description="Breaks inside sessions (HH:MM to HH:MM).")
    documentation_min: Duration | None = Field(
        default=None, description="Charting time after each visit, during which the provider sees nobody else."
    )
    schedule: Schedule | None = Field(
        default=None, description="This provider's appointment-book rule; empty to use the clinic's schedule."
    )
    rooms: list[int] | None = Field(
        default=None,
        description="Room numbers (1..count) this provider owns under dedicated or flex rooms; empty to split evenly.",
    )
    visit_mix: dict[str, Probability] | None = Field(
        default=None,
        description="This provider's own visit-type shares (summing to 1), for the book, add-ons and walk-ins; "
        "a share of 0 (or a type left out) is never booked with them. Empty: the clinic's shares.",
    )
    team: dict[str, Annotated[int, Field(ge=1, le=MAX_STAFF)]] | None = Field(
        default=None,
        description="Staff of a pool reserved for this provider ({ma: 1}: one medical assistant of pool ma works "
        "only with her); her patients use the team first, then the pool (see team_fallback).",
    )
    no_show_factor: float = Field(
        default=1.0, ge=0, description="Multiplies the no-show probability of this provider's booked patients."
    )
    punctuality_factor: float = Field(
        default=1.0, ge=0, description="Multiplies the minutes early or late of this provider's booked patients."
    )
    finish_list_before_break: bool = Field(
        default=True,
        description="Between sessions, first see the ending session's patients already waiting (the time off "
        "shrinks; the next session starts late if the list runs past its start); false: leave at the session end.",
    )


class CountFrom(Frozen):
    """A staff count that applies from a clock time on."""

    from_: ClockTime = Field(alias="from", description="Clock time (HH:MM) from which this count applies.")
    count: int = Field(ge=0, le=MAX_STAFF, description="Number of staff on duty from then on.")

    model_config = Frozen.model_config | {"populate_by_name": True, "serialize_by_alias": True}


class StaffPool(Frozen):
    """A pool of interchangeable staff: front desk, medical assistants, nurses, lab..."""

    count: int = Field(ge=0, le=MAX_STAFF, description="Number of staff on duty at opening.")
    count_by_time: list[CountFrom] = Field(
        default_factory=list, description="Changes of the count during the day (e.g. one clerk at lunch)."
    )


class ExamRooms(Frozen):
    """The exam rooms and how they are assigned to providers."""

    count: int = Field(ge=0, le=MAX_ROOMS, description="Number of exam rooms.")
    policy: RoomPolicyName = Field(default="dedicated", description=f"How rooms are chosen: {_POLICY_WORDS}.")
    turnover_min: Duration | None = Field(
        default=None, description="Cleaning and reset time after a patient leaves a room; empty for none."
    )


class RoomType(Frozen):
    """Rooms of one more type besides the exam rooms (a procedure room, a treatment room, ...).

    A step needs the type by its name, as it needs ``exam_room``. Under dedicated or flex
    rooms each provider owns rooms of the type, split evenly in provider order.
    """

    count: int = Field(ge=0, le=MAX_ROOMS, description="Number of rooms of this type.")
    policy: RoomPolicyName = Field(default="pooled", description=f"How rooms are chosen: {_POLICY_WORDS}.")
    turnover_min: Duration | None = Field(
        default=None, description="Cleaning and reset time after a patient leaves a room; empty for none."
    )


class VisitType(Frozen):
    """A kind of visit: new patient, follow-up, physical, procedure, ..."""

    share: Probability = Field(description="Share of booked appointments of this type (shares sum to 1).")
    slot_min: float = Field(ge=MIN_SLOT_MIN, description="Length of the appointment slot in minutes.")
    no_show_prob: Probability = Field(default=0.0, description="Probability a booked patient does not come.")
    punctuality_min: Offset = Field(
        default_factory=lambda: Fixed(dist="fixed", value=0.0),
        description="Arrival minus appointment time in minutes (negative: early).",
    )
    pathway: str = Field(description="Name of the pathway (in pathways) these patients walk.")


class Step(Frozen):
    """One step of a pathway: what it needs, how long it takes, what is kept after it."""

    name: Name = Field(description="Step name, e.g. check_in, rooming, exam (becomes <step>_wait_min).")
    duration_min: Duration = Field(description="How long the step takes, in minutes.")
    needs: list[str] = Field(
        default_factory=list,
        description="Resources seized together for the step: staff pool names, 'provider' (the patient's own), "
        "'any_provider' (whichever provider is free first), a provider's name (that person only), or "
        "'exam_room' (a room per the room policy). Several people at once are held for the whole step.",
    )
    hold: list[str] = Field(
        default_factory=list, description="Resources among needs kept after the step (e.g. the exam room)."
    )
    release: list[str] = Field(
        default_factory=list, description="Resources held from an earlier step and released when this step ends."
    )
    probability: Probability = Field(default=1.0, description="Probability the step happens (e.g. 0.3 for a lab draw).")


class SameDay(Frozen):
    """Same-day add-ons: patients who call that morning and take a reserved slot."""

    fill_prob: Probability = Field(
        default=1.0, description="Probability a reserved slot is taken by a same-day caller."
    )
    visit_mix: dict[str, Probability] | None = Field(
        default=None, description="Visit types of same-day add-ons (shares summing to 1); empty: the book's mix."
    )
    urgent_prob: Probability = Field(default=0.0, description="Share of add-ons seen before routine patients.")


class RateFrom(Frozen):
    """An arrival rate that applies from a clock time on."""

    from_: ClockTime = Field(alias="from", description="Clock time (HH:MM) from which this rate applies.")
    per_hour: float = Field(ge=0, le=MAX_WALK_INS_PER_HOUR, description="Arrivals per hour from then on.")

    model_config = Frozen.model_config | {"populate_by_name": True, "serialize_by_alias": True}


class WalkIns(Frozen):
    """Walk-ins and emergencies: patients without an appointment."""

    per_hour: float = Field(
        default=0.0, ge=0, le=MAX_WALK_INS_PER_HOUR, description="Arrivals per hour (Poisson) from opening."
    )
    rate_by_time: list[RateFrom] = Field(
        default_factory=list, description="Changes of the arrival rate during the day."
    )
    until: ClockTime | None = Field(default=None, description="Last time a walk-in is accepted (HH:MM); empty: close.")
    visit_mix: dict[str, Probability] = Field(description="Visit types of walk-ins (shares summing to 1).")
    urgent_prob: Probability = Field(default=0.0, description="Share of walk-ins who are urgent (seen first).")
    assign: str = Field(
        default="in_turn",
        description="Which provider takes a walk-in: in_turn or least_busy (among the providers on duty at "
        "arrival, else the first back on duty), shared_queue (first free provider; under dedicated rooms, the "
        "owner of the room they are given) or a provider's name.",
    )


class Patients(Frozen):
    """How patients behave at the door and in the waiting room."""

    rebook_if_late_min: float | None = Field(
        default=None, ge=0, description="Patients later than this many minutes are rebooked; empty: all are seen."
    )
    patience_min: Duration | None = Field(
        default=None,
        description="How long a patient waits, from arrival or the appointment time if later, before leaving "
        "unseen (abandonment); empty: everyone waits.",
    )
    hold_early_arrivals: bool = Field(
        default=False,
        description="Hold early arrivals in the waiting room until their appointment time (before the first step "
        "needing a room or the provider).",
    )
    by_hour: list[HourFactors] = Field(
        default_factory=list,
        description="No-show and punctuality multipliers by appointment time ({from: HH:MM, no_show_factor, "
        "punctuality_factor}), in time order; before the first: 1.",
    )


class Scenario(Frozen):
    """One clinic design for one day."""

    name: OneLine = Field(description="Short name, shown in tables and charts.")
    description: Paragraph = Field(default="", description="What this scenario is and where its numbers come from.")
    clinic: ClinicDay = Field(default_factory=ClinicDay, description="Opening hours.")
    providers: dict[Name, Provider] = Field(min_length=1, description="Providers by name.")
    staff: dict[Name, StaffPool] = Field(default_factory=dict, description="Staff pools by name (front_desk, ma, ...).")
    exam_rooms: ExamRooms = Field(default_factory=lambda: ExamRooms(count=0), description="Exam rooms.")
    room_types: dict[Name, RoomType] = Field(
        default_factory=dict,
        description="Other room types by name (e.g. procedure: {count: 1, policy: pooled}); a step needs one "
        "by its name, as it needs exam_room.",
    )
    visit_types: dict[Name, VisitType] = Field(min_length=1, description="Visit types by name.")
    pathways: dict[Name, list[Step]] = Field(min_length=1, description="Pathways by name: ordered steps.")
    schedule: Schedule = Field(default_factory=Schedule, description="The clinic's appointment-book rule.")
    patients: Patients = Field(default_factory=Patients, description="Punctuality policy and patience.")
    same_day: SameDay = Field(default_factory=SameDay, description="Same-day add-ons into reserved slots.")
    walk_ins: WalkIns | None = Field(default=None, description="Walk-ins and emergencies; empty for none.")
    queue_discipline: Literal["appointment", "arrival", "station_fifo"] = Field(
        default="appointment",
        description="Who is served first when several wait: earliest appointment or arrival (clinic-wide), or "
        "station_fifo: whoever joined that step's queue first.",
    )
    urgent_first: bool = Field(default=True, description="Urgent add-ons and walk-ins go before routine patients.")
    team_fallback: Literal["pool", "none"] = Field(
        default="pool",
        description="When a provider's team (providers.<p>.team) is busy, her patients take a free member of the "
        "pool (pool) or wait for the team (none).",
    )

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems = reference_problems(self) or limit_problems(self)
        if problems:
            raise ValueError("\n".join(f"{path}: {message}" for path, message in problems))
        return self

    def provider_rooms(self) -> dict[str, list[int]]:
        """Room numbers owned by each provider (explicit, or split as evenly as possible).

        Without explicit rooms, providers take consecutive room numbers in provider order;
        when the count does not divide evenly the first providers get one room more, so
        no room is left without an owner.
        """
        if all(p.rooms is not None for p in self.providers.values()):
            return {name: list(p.rooms or []) for name, p in self.providers.items()}
        return split_rooms(list(self.providers), self.exam_rooms.count)

    def room_type_owners(self, room_type: str) -> dict[str, list[int]]:
        """Rooms of ``room_type`` owned by each provider: the exam rooms' owners for
        ``exam_room``, else the type's rooms split evenly in provider order."""
        if room_type == "exam_room":
            return self.provider_rooms()
        return split_rooms(list(self.providers), self.room_types[room_type].count)


def split_rooms(providers: list[str], count: int) -> dict[str, list[int]]:
    """Rooms 1..count split over ``providers`` in order, the first ones getting one more
    when the count does not divide evenly (so no room is left without an owner)."""
    n = len(providers)
    owned: dict[str, list[int]] = {}
    first = 1
    for i, name in enumerate(providers):
        size = count // n + (1 if i < count % n else 0)
        owned[name] = list(range(first, first + size))
        first += size
    return owned
