"""A scenario in plain words, the way a practice manager would describe her clinic.

"Four providers see patients 08:00–12:00 and 13:00–17:00; 8 exam rooms, each provider
uses only their own; 2 at the front desk and 3 medical assistants; one patient per
15-minute slot; 12% of booked patients do not come." The app's "Your clinic" page and
the forwarded summary both read these sentences, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from flowsim.scenarios.distributions import (
    AnyDistribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
)
from flowsim.scenarios.room_policies import EXAM_ROOM, ROOM_POLICIES, room_id
from flowsim.scenarios.schema import Provider, Scenario, Schedule

ROOM_POLICY_WORDS = {name: policy.description for name, policy in ROOM_POLICIES.items()}
"""Each room policy in a sentence (from the one registry of room policies)."""
RULE_WORDS = {
    "individual": "one patient per slot",
    "bailey_welch": "two patients at the first slot of each session (Bailey–Welch), then one per slot",
    "double_book_first": "an extra patient at the first slot of each session, then one per slot",
    "wave": "patients booked in waves at the start of each wave",
    "custom": "a custom list of appointment times",
}
POLICY_CHOICES = {name: policy.choice for name, policy in ROOM_POLICIES.items()}
"""Short words for the room policies, for a list to choose from."""
RULE_CHOICES = {
    "individual": "One patient per slot",
    "bailey_welch": "Two at the first slot (Bailey–Welch)",
    "double_book_first": "Extra patient at the first slot",
    "wave": "Waves of patients",
    "custom": "Custom appointment times",
}
"""Short words for the booking rules, for a list to choose from."""
STAFF_WORDS = {"front_desk": "at the front desk", "ma": "medical assistants", "mas": "medical assistants"}
STAFF_ONE_WORDS = {"front_desk": "the front desk", "ma": "a medical assistant", "mas": "a medical assistant"}
RESOURCE_WORDS = {"provider": "the provider", "any_provider": "any provider", "exam_room": "an exam room"}
STEP_WORDS = {"check_in": "Check-in", "checkout": "Checkout", "check_out": "Checkout", "lab_draw": "Lab draw"}
TITLES = {"dr": "Dr", "np": "NP", "pa": "PA", "rn": "RN"}


def provider_words(name: str) -> str:
    """A provider's name as people say it: ``dr_patel`` → ``Dr Patel``, ``np_kim`` → ``NP Kim``."""
    parts = [p for p in name.split("_") if p]
    if not parts:
        return name
    first = TITLES.get(parts[0].lower(), parts[0].capitalize())
    return " ".join([first, *(p.capitalize() for p in parts[1:])])


def lane_words(scenario: Scenario) -> dict[str, str]:
    """The day chart's lanes as people name them: ``dr_patel`` → ``Dr Patel``, ``room_3`` →
    ``Exam room 3``, ``procedure_1`` → ``Procedure room 1``."""
    labels = {name: provider_words(name) for name in scenario.providers}
    rooms = {EXAM_ROOM: scenario.exam_rooms.count} | {name: t.count for name, t in scenario.room_types.items()}
    for room_type, count in rooms.items():
        kind = words(room_type).capitalize()
        kind = kind if kind.endswith("room") else f"{kind} room"
        labels.update({room_id(room_type, n): f"{kind} {n}" for n in range(1, count + 1)})
    return labels


def step_words(step: str) -> str:
    """A pathway step as a word: ``check_in`` → ``Check-in``, ``lab_draw`` → ``Lab draw``."""
    return STEP_WORDS.get(step, step.replace("_", " ").capitalize())


def words(key: str) -> str:
    """A key of the scenario (visit type, staff pool, ...) in words: ``new_patient`` → ``new patient``."""
    return key.replace("_", " ")


def resource_words(name: str, scenario: Scenario) -> str:
    """What a step waits for, in words: ``the provider``, ``an exam room``, ``a medical assistant``."""
    if name in RESOURCE_WORDS:
        return RESOURCE_WORDS[name]
    if name in scenario.providers:
        return provider_words(name)
    return STAFF_ONE_WORDS.get(name, words(name))


def fmt_number(value: float) -> str:
    """``15`` for 15.0, ``2.5`` for 2.5: numbers the way people write them."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 exam room``, ``8 exam rooms``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_words(items: Iterable[str]) -> str:
    """``a, b and c``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _mean(dist: AnyDistribution, *, truncate_at_zero: bool) -> float:
    """The distribution's mean, as the engine draws it (:func:`flowsim.scenarios.samplers.distribution_mean`)."""
    # Imported here: the samplers load scipy, which the app's first page does not need for her clinic's map.
    from flowsim.scenarios.samplers import distribution_mean

    return distribution_mean(dist, truncate_at_zero=truncate_at_zero)


def describe_distribution(dist: AnyDistribution, *, offset: bool = False) -> str:
    """A distribution as a person would say it: "about 15 min on average (varies a lot)"."""
    if isinstance(dist, Fixed):
        return f"always {fmt_number(dist.value)} min"
    mean = _mean(dist, truncate_at_zero=not offset)
    if isinstance(dist, Triangular):
        return f"{fmt_number(dist.min)}–{fmt_number(dist.max)} min, most often {fmt_number(dist.mode)}"
    if isinstance(dist, Uniform):
        return f"anywhere from {fmt_number(dist.min)} to {fmt_number(dist.max)} min"
    if isinstance(dist, Empirical):
        return f"{fmt_number(mean)} min on average ({len(dist.values)} observed times)"
    spread = _spread_words(dist)
    return f"{fmt_number(mean)} min on average{spread}"


def _spread_words(dist: Exponential | Lognormal | Gamma | Normal) -> str:
    if isinstance(dist, Exponential):
        return " (mostly short, sometimes long)"
    if isinstance(dist, Normal):
        return f", give or take {fmt_number(dist.sd)}"
    cv = dist.cv if dist.cv is not None else (dist.sd or 0.0) / dist.mean
    return f", give or take {fmt_number(cv * dist.mean)}"


def _hours(provider: Provider) -> str:
    return join_words(f"{s.start}–{s.end}" for s in provider.sessions)


def describe_providers(scenario: Scenario) -> str:
    """Who sees patients, when, and how late they tend to start."""
    groups: dict[str, list[str]] = {}
    for name, provider in scenario.providers.items():
        groups.setdefault(_hours(provider), []).append(provider_words(name))
    parts = [f"{join_words(names)} {hours}" for hours, names in groups.items()]
    text = f"{plural(len(scenario.providers), 'provider')} see patients: {'; '.join(parts)}."
    late = _grouped(
        scenario,
        {
            provider_words(name): f"start{{s}} late by {describe_distribution(p.start_lateness_min, offset=True)}"
            for name, p in scenario.providers.items()
            if not (isinstance(p.start_lateness_min, Fixed) and p.start_lateness_min.value <= 0)
        },
    )
    charting = _grouped(
        scenario,
        {
            provider_words(name): f"chart{{s}} for {describe_distribution(p.documentation_min)} after each visit"
            for name, p in scenario.providers.items()
            if p.documentation_min is not None
        },
    )
    breaks = [
        f"{provider_words(name)} breaks {join_words(f'{b.start}–{b.end}' for b in p.breaks)}"
        for name, p in scenario.providers.items()
        if p.breaks
    ]
    leave = _grouped(
        scenario,
        {
            name: "leave{s} at the end of a session even with patients still waiting"
            for name, p in scenario.providers.items()
            if len(p.sessions) > 1 and not p.finish_list_before_break
        },
    )
    extra = "; ".join(late + charting + breaks + leave)
    return text + (f" Also: {extra}." if extra else "")


def _grouped(scenario: Scenario, said: dict[str, str]) -> list[str]:
    """``all providers <x>`` when everyone shares it, else ``a and b <x>`` per distinct phrase."""
    if len(said) == len(scenario.providers) and len(set(said.values())) == 1:
        return ["all providers " + next(iter(said.values())).format(s="")]
    groups: dict[str, list[str]] = {}
    for name, phrase in said.items():
        groups.setdefault(phrase, []).append(name)
    return [f"{join_words(names)} {phrase.format(s='' if len(names) > 1 else 's')}" for phrase, names in groups.items()]


def describe_rooms(scenario: Scenario) -> str:
    """How many exam rooms, how they are shared and how long a reset takes."""
    rooms = scenario.exam_rooms
    text = f"{plural(rooms.count, 'exam room')}; {ROOM_POLICY_WORDS[rooms.policy]}"
    if rooms.policy != "pooled" and rooms.count:
        owned = {name: len(r) for name, r in scenario.provider_rooms().items()}
        counts = set(owned.values())
        share = (
            f" ({plural(counts.pop(), 'room')} each)"
            if len(counts) == 1
            else f" ({join_words(f'{n} {provider_words(k)}' for k, n in owned.items())})"
        )
        text += share
    if rooms.turnover_min is not None:
        text += f". Cleaning between patients takes {describe_distribution(rooms.turnover_min)}"
    return " ".join([text + ".", *(describe_room_type(scenario, name) for name in scenario.room_types)])


def describe_room_type(scenario: Scenario, name: str) -> str:
    """A room type in a sentence: "1 procedure room; any provider can use any free room."."""
    room_type = scenario.room_types[name]
    text = f"{plural(room_type.count, f'{words(name)} room')}; {ROOM_POLICY_WORDS[room_type.policy]}"
    if room_type.turnover_min is not None:
        text += f"; cleaning takes {describe_distribution(room_type.turnover_min)}"
    return text + "."


def describe_staff(scenario: Scenario) -> str:
    """Staff pools with their counts ("2 at the front desk and 3 medical assistants")."""
    if not scenario.staff:
        return "No support staff are modelled."
    parts = []
    for name, pool in scenario.staff.items():
        label = STAFF_WORDS.get(name, name.replace("_", " "))
        part = f"{pool.count} {label}"
        if pool.count_by_time:
            part += " (" + ", ".join(f"{c.count} from {c.from_}" for c in pool.count_by_time) + ")"
        parts.append(part)
    return f"{join_words(parts)}."


def describe_schedule(schedule: Schedule, scenario: Scenario) -> str:
    """The booking rule, overbooking, add-on slots and slot lengths."""
    text = f"Booking rule: {RULE_WORDS[schedule.rule]}"
    if schedule.rule == "wave":
        text += f" ({schedule.wave_size} per wave)"
    if schedule.overbook_every:
        text += f"; every {ordinal(schedule.overbook_every)} slot is double-booked"
    if schedule.reserve_every:
        text += f"; every {ordinal(schedule.reserve_every)} slot is kept for same-day add-ons"
    slots = join_words(
        f"{fmt_number(v.slot_min)} min for {k.replace('_', ' ')}" for k, v in scenario.visit_types.items()
    )
    return f"{text}. Slots: {slots}."


def ordinal(n: int) -> str:
    """``2nd``, ``3rd``, ``11th``; ``""`` for 1 ("every slot")."""
    if n == 1:
        return ""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_patients(scenario: Scenario) -> str:
    """Visit mix, no-shows, punctuality, add-ons and walk-ins."""
    mix = join_words(f"{v.share:.0%} {k.replace('_', ' ')}" for k, v in scenario.visit_types.items())
    no_show = sum(v.share * v.no_show_prob for v in scenario.visit_types.values())
    arrive = sum(v.share * _mean(v.punctuality_min, truncate_at_zero=False) for v in scenario.visit_types.values())
    when = f"{fmt_number(abs(arrive))} min {'early' if arrive < 0 else 'late'}" if round(arrive, 1) else "on time"
    text = f"Visit mix: {mix}. {no_show:.0%} of booked patients do not come; on average patients arrive {when}."
    if scenario.schedule.reserve_every:
        text += f" {scenario.same_day.fill_prob:.0%} of add-on slots are taken by same-day callers."
    if scenario.walk_ins is not None and (scenario.walk_ins.per_hour or scenario.walk_ins.rate_by_time):
        text += f" Walk-ins: {fmt_number(scenario.walk_ins.per_hour)} per hour."
    return text


def describe_scenario(scenario: Scenario) -> dict[str, str]:
    """The whole clinic in plain words, one sentence group per topic (ordered for display)."""
    return {
        "Providers": describe_providers(scenario),
        "Exam rooms": describe_rooms(scenario),
        "Staff": describe_staff(scenario),
        "Schedule": describe_schedule(scenario.schedule, scenario),
        "Patients": describe_patients(scenario),
    }
