"""The appointment book: who is booked with which provider, when, for what.

Picture the scheduler at the front desk filling each provider's sessions from the
top: she takes the next caller (whose visit type follows the provider's own mix, or the
clinic's, restricted inside a block of the day to the block's types), gives
them the next free slot, and moves on by that visit type's slot length until the
session is full. The book rule then decides how patients sit on those slots:
one per slot, two at the start (Bailey–Welch), waves, a custom list, plus
overbooked extras and slots kept free for same-day callers.

Visit types are drawn from the stream ``book/<provider>`` one uniform per draw, in
order, so the first k draws of a provider never depend on how many follow. A provider's mix
or a block changes only which visit type a uniform is read as (:mod:`flowsim.model.mixes`); a
typed template draws nothing.
"""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from flowsim.model.compile import Compiled, ProviderSpec, compile_scenario, pick
from flowsim.model.mixes import read
from flowsim.rng import FloatArray, Streams
from flowsim.scenarios.schema import Scenario

SLACK_MIN = 1e-9  # a slot that ends exactly at the session end still fits


class Slot(NamedTuple):
    """One line of the appointment book.

    ``status`` is ``booked`` or ``reserved`` (kept for same-day add-ons). A reserved
    slot's ``visit_type`` is the add-on's visit type if a same-day caller took it,
    and ``""`` if it stayed empty.
    """

    provider: str
    time_min: float
    visit_type: str
    status: str


class Entry(NamedTuple):
    """A position in a provider's book (engine-internal form of a :class:`Slot`)."""

    time_min: float
    visit_type: int  # index into Compiled.visit_types
    reserved: bool


class _Draws:
    """Visit types drawn one at a time from a provider's book stream (prefix-stable).

    Draw k always reads the stream's k-th uniform; the provider's :class:`~flowsim.model.mixes.BookMix`
    (own mix, blocks) only decides which visit type that uniform becomes at the slot's time.
    """

    CHUNK = 64

    def __init__(self, compiled: Compiled, streams: Streams, provider: ProviderSpec) -> None:
        # With a single visit type the draws cannot matter: the stream is not even drawn.
        self._streams = streams
        self._stream = f"book/{provider.name}" if len(compiled.book_cum) > 1 else None
        self._cum = compiled.book_cum
        self._mix = provider.mix
        self._slot_min = [vt.slot_min for vt in compiled.visit_types]
        self._buffer: list[int] = []  # visit types read from the plain clinic mix, next last
        self._uniforms: list[float] = []  # raw uniforms, read per slot through the provider's own mix
        self._drawn = 0

    def _fresh(self) -> FloatArray:
        assert self._stream is not None
        fresh = self._streams.uniforms(self._stream, self.CHUNK, start=self._drawn)  # the stream's next CHUNK numbers
        self._drawn += self.CHUNK
        return fresh

    def next(self, time_min: float) -> tuple[int, float]:
        """The visit type index of a slot starting at ``time_min``, and its slot length in minutes."""
        if self._stream is None:
            return 0, self._slot_min[0]
        if self._mix is not None:
            if not self._uniforms:
                self._uniforms = self._fresh().tolist()[::-1]
            vt = read(self._mix.at(time_min), self._uniforms.pop())
            return vt, self._slot_min[vt]
        if not self._buffer:
            self._buffer = pick(self._cum, self._fresh()).tolist()[::-1]
        vt = self._buffer.pop()
        return vt, self._slot_min[vt]


def provider_entries(compiled: Compiled, provider: ProviderSpec, streams: Streams) -> list[Entry]:
    """Every position in ``provider``'s book, in time order (reserved slots included)."""
    draws = _Draws(compiled, streams, provider)
    schedule = provider.schedule
    placed: list[tuple[float, int]] = []
    if provider.mix is not None and provider.mix.template:
        placed = list(provider.mix.template)  # typed slots: nothing to draw
    elif schedule.rule == "custom":
        placed = [(t, draws.next(t)[0]) for t in provider.custom_times]
    elif schedule.rule != "none":
        for start, end in provider.sessions:
            placed.extend(_session(schedule.rule, schedule.wave_size, start, end, draws))
    entries: list[Entry] = []
    for k, (time_min, vt) in enumerate(placed, start=1):
        reserved = schedule.reserve_every is not None and k % schedule.reserve_every == 0
        entries.append(Entry(time_min, vt, reserved))
        if schedule.overbook_every is not None and k % schedule.overbook_every == 0:
            entries.append(Entry(time_min, draws.next(time_min)[0], False))
    entries.sort(key=attrgetter("time_min"))  # stable: custom lists may be unordered
    return entries


def _session(rule: str, wave_size: int, start: float, end: float, draws: _Draws) -> list[tuple[float, int]]:
    """(time, visit type) of the patients one session holds under ``rule``."""
    if rule == "wave":
        return _waves(wave_size, start, end, draws)
    slots: list[tuple[float, int]] = []
    t = start
    moved = rule == "bailey_welch"  # each patient after the first sits one slot earlier: typed for that time
    while True:
        vt, slot_min = draws.next(slots[-1][0] if moved and slots else t)
        if t + slot_min > end + SLACK_MIN:
            break
        slots.append((t, vt))
        t += slot_min
    if not slots:
        return slots
    if rule == "bailey_welch":
        times = [slots[0][0]] + [t for t, _ in slots[:-1]]
        return [(t, vt) for t, (_, vt) in zip(times, slots, strict=True)]
    if rule == "double_book_first":
        return [slots[0], (slots[0][0], draws.next(slots[0][0])[0]), *slots[1:]]
    return slots


def _waves(wave_size: int, start: float, end: float, draws: _Draws) -> list[tuple[float, int]]:
    """Waves of ``wave_size`` patients booked at the wave's start; a wave lasts their slots."""
    booked: list[tuple[float, int]] = []
    t = start
    while True:
        length = 0.0
        members: list[int] = []
        for _ in range(wave_size):
            vt, slot_min = draws.next(t)
            if t + length + slot_min > end + SLACK_MIN:
                booked.extend((t, m) for m in members)
                return booked
            members.append(vt)
            length += slot_min
        booked.extend((t, m) for m in members)
        t += length


def same_day_fills(
    compiled: Compiled, provider: str, entries: list[Entry], streams: Streams
) -> list[tuple[int, bool] | None]:
    """For each reserved entry in order: (visit type, urgent) of its add-on, or None if empty."""
    n = sum(e.reserved for e in entries)
    if n == 0:
        return []
    fill_u = streams.uniforms(f"same_day_fill/{provider}", n)
    type_u = streams.uniforms(f"same_day_type/{provider}", n)
    urgent_u = streams.uniforms(f"same_day_urgent/{provider}", n)
    own = next(p.mix for p in compiled.providers if p.name == provider)
    if own is not None and own.add_on is not None:  # the add-on mix, among the types this provider sees
        cum, types = own.add_on
        mix = [types[read(cum, u)] for u in type_u.tolist()]
    elif compiled.same_day_cum is not None:
        mix = [compiled.same_day_types[i] for i in pick(compiled.same_day_cum, type_u).tolist()]
    else:
        mix = [e.visit_type for e in entries if e.reserved]
    fills: list[tuple[int, bool] | None] = []
    for j in range(n):
        if fill_u[j] < compiled.same_day_fill_prob:
            fills.append((mix[j], bool(urgent_u[j] < compiled.same_day_urgent_prob)))
        else:
            fills.append(None)
    return fills


def book(scenario: Scenario, seed: int, rep: int) -> list[Slot]:
    """The day's appointment book, as the front desk sees it after the morning's calls.

    Parameters
    ----------
    scenario
        The clinic design; each provider's schedule (or the clinic's) sets the rule.
    seed, rep
        The replication: the book of ``(seed, rep)`` is the one :func:`simulate` plays.

    Returns
    -------
    list[Slot]
        Per provider in provider order, slots in time order. Overbooked and
        double-booked patients are separate slots at the same time; a reserved slot
        shows its same-day add-on's visit type, or ``""`` if nobody took it.
    """
    compiled = compile_scenario(scenario)
    names = [vt.name for vt in compiled.visit_types]
    slots: list[Slot] = []
    streams = Streams(seed, rep)
    for provider in compiled.providers:
        entries = provider_entries(compiled, provider, streams)
        fills = iter(same_day_fills(compiled, provider.name, entries, streams))
        for entry in entries:
            if entry.reserved:
                fill = next(fills)
                visit_type = names[fill[0]] if fill is not None else ""
                slots.append(Slot(provider.name, entry.time_min, visit_type, "reserved"))
            else:
                slots.append(Slot(provider.name, entry.time_min, names[entry.visit_type], "booked"))
    return slots


__all__ = ["Entry", "Slot", "book", "provider_entries", "same_day_fills"]
