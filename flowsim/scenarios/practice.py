"""The parts of a scenario that describe a real practice's book and its patients.

A real appointment book is typed: Dr A's 09:00 slot is for a new patient, physicals are
booked only in the mornings, and patients booked at 16:00 miss more appointments than
those booked at 09:00. These small records say so:

- :class:`TemplateSlot`: one typed slot of a template (``{at: "09:00", visit_type: new_patient}``);
- :class:`Block`: a stretch of the day reserved for some visit types
  (``{from: "08:00", to: "12:00", visit_types: [physical]}``);
- :class:`HourFactors`: no-show and punctuality multipliers from a clock time on.

They are fields of :class:`~flowsim.scenarios.schema.Schedule` and
:class:`~flowsim.scenarios.schema.Patients`; cross-field checks (a visit type that does not
exist, blocks that overlap, a slot outside a session) live in
:mod:`flowsim.scenarios.practice_checks`.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from flowsim.scenarios.clock import ClockTime, clock_to_min
from flowsim.scenarios.distributions import Frozen

_ALIASED = Frozen.model_config | {"populate_by_name": True, "serialize_by_alias": True}


class TemplateSlot(Frozen):
    """One typed slot of an appointment template; its length is the visit type's ``slot_min``."""

    at: ClockTime = Field(description="Slot start (HH:MM).")
    visit_type: str = Field(description="The visit type booked into this slot (a name in visit_types).")


class Block(Frozen):
    """A stretch of the day whose slots are booked only with some visit types."""

    from_: ClockTime = Field(alias="from", description="Block start (HH:MM): slots starting from then on.")
    to: ClockTime = Field(description="Block end (HH:MM): slots starting before then.")
    visit_types: list[str] = Field(
        min_length=1, description="Visit types booked in this block, in the provider's proportions."
    )

    model_config = _ALIASED

    @model_validator(mode="after")
    def _ends_after_start(self) -> Block:
        if clock_to_min(self.to) <= clock_to_min(self.from_):
            raise ValueError(f"block ends ({self.to}) before it starts ({self.from_})")
        return self


class HourFactors(Frozen):
    """Multipliers of patients' no-show probability and punctuality for appointments from a clock time on."""

    from_: ClockTime = Field(alias="from", description="Appointments from this clock time (HH:MM) on.")
    no_show_factor: float = Field(
        default=1.0, ge=0, description="Multiplies each visit type's no_show_prob (1: as the visit type says)."
    )
    punctuality_factor: float = Field(
        default=1.0,
        ge=0,
        description="Multiplies each patient's minutes early or late (2: twice as early or late; 0: on time).",
    )

    model_config = _ALIASED
