"""The patient process: one patient walking the steps of their pathway.

Like a patient with a checklist: for each step, join its queue, get every resource
the step needs (the own provider, an exam or procedure room, a medical assistant ...), do the
step, and give back what the step does not say to keep. A patient who has waited
longer than their patience before seeing the provider leaves unseen.

Everything is recorded as raw event tuples ``(patient_id, step, event, time_min,
resource_id)`` in the clinic's log.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from functools import partial
from typing import Any

import simpy

from flowsim.model.compile import PROVIDER
from flowsim.model.duty import WALK_IN_RULES
from flowsim.model.entities import LEFT_UNSEEN, NO_PROVIDER, SEEN, Patient
from flowsim.model.people import candidates, held_people, is_person_key, need_key, people_order
from flowsim.model.resources import Clinic, Holding
from flowsim.scenarios.people import ANY_PROVIDER


def patient_day(clinic: Clinic, p: Patient) -> Generator[simpy.Event, Any, None]:
    """Arrive, walk every step of the pathway, leave: started when ``p`` comes through the door."""
    env, log, pid, priority = clinic.env, clinic.log.append, p.pid, p.priority
    providers, pools, room_pools, named = clinic.providers, clinic.pools, clinic.room_pools, clinic.named
    station_fifo, general = clinic.compiled.station_fifo, clinic.general_needs
    log((pid, "", "arrive", env.now, ""))
    _assign_on_arrival(clinic, p)
    held = p.held
    deadline: simpy.Event | None = None
    hold_early = clinic.compiled.hold_early_arrivals and not math.isnan(p.appointment_min)
    # patience counts from the appointment for those who come early: nobody gives up before it
    patient_from = p.door_min if math.isnan(p.appointment_min) else max(p.door_min, p.appointment_min)
    for index, (step, duration_min, does) in enumerate(zip(p.steps, p.durations_min, p.does_step, strict=True)):
        if not does:
            continue
        name = p.step_now = step.name
        now = env.now  # (read again only after a yield: nothing else moves the clock)
        log((pid, name, "queue", now, ""))
        if station_fifo:  # this station serves by when its queue was joined: a ticket taken now
            priority = p.priority = clinic.ticket(p)
        patience: simpy.Event | None = None  # the moment this patient gives up, while it applies
        if step.patience_applies and p.patience_min < math.inf:
            if deadline is None:
                deadline = env.timeout(max(patient_from + p.patience_min - now, 0.0))
            patience = deadline
        if hold_early and step.holds_early and now < p.appointment_min:
            # held in the waiting room until the appointment, whatever the step needs
            until_appointment = env.timeout(p.appointment_min - now)
            yield until_appointment if patience is None else until_appointment | patience
            now = env.now
            if not until_appointment.processed:  # (a timeout counts as triggered from the start)
                _abandon(clinic, p, None, None)
                return
        for need in people_order(named, p, step.needs) if step.sort_people else step.needs:
            if need in named:  # a colleague by name: maybe the patient's own provider
                need = need_key(named, p, need)
            if need in held:
                continue
            if patience is not None or p.provider == NO_PROVIDER or need in general:
                # patience, a shared queue, someone else's provider or a team: the general (slower) way
                if not (yield from _seize_or_give_up(clinic, p, need, patience)):
                    return
                now = env.now
                continue
            # The common case, kept flat: one request, waited for to the end. A request
            # granted on the spot is already ours: no need to pass through the event queue.
            if need == PROVIDER:
                which = p.provider
                request: Any = providers[which].seize(priority)
                if request is not None and not request.triggered:
                    yield request
                    now = env.now
                resource_id = clinic.provider_names[which]
            elif need in room_pools:
                rooms = room_pools[need]
                free_room = rooms.take(p.provider)
                request = None
                if free_room is None:
                    free_room = yield rooms.wait(priority, p.provider)
                    now = env.now
                which = free_room
                resource_id = rooms.ids[which]
            else:
                request = pools[need].seize(priority)
                if request is not None and not request.triggered:
                    yield request
                    now = env.now
                which, resource_id = 0, need
            held[need] = (request, which, resource_id)
            log((pid, name, "seize", now, resource_id))
        if step.sees_clinician:
            p.seen = True
        log((pid, name, "start", now, ""))
        yield env.timeout(duration_min)
        now = env.now
        log((pid, name, "end", now, ""))
        for need in step.frees:
            if need in named:
                need = need_key(named, p, need)
            if need not in held:
                continue
            got = held.pop(need)
            if need in pools:  # staff: nothing happens after, give back at once
                log((pid, name, "release", now, need))
                (pools[need] if got[1] == 0 else clinic.staff(need, got[1])).release(got[0])  # 0: not a team
            else:
                # the provider documents the visit once, after its last step with them
                last_with_provider = not (step.provider_later and _provider_again(p, index))
                _release(clinic, p, need, got, name, documented=last_with_provider)
    _depart(clinic, p, SEEN)


def _provider_again(p: Patient, index: int) -> bool:
    """Whether the patient still has a step with the provider after step ``index``."""
    later = zip(p.steps[index + 1 :], p.does_step[index + 1 :], strict=True)
    return any(does and step.provider_step for step, does in later)


def _seize_or_give_up(
    clinic: Clinic, p: Patient, need: str, patience: simpy.Event | None
) -> Generator[simpy.Event, Any, bool]:
    """Seize ``need`` for the current step; False if the patient gave up waiting (and left)."""
    env = clinic.env
    asked = _ask(clinic, p, need)
    yield asked[0] if patience is None else asked[0] | patience
    if not _granted(asked):
        _abandon(clinic, p, need, asked)
        return False
    p.held[need] = got = _take(clinic, p, need, asked)
    clinic.log.append((p.pid, p.step_now, "seize", env.now, got[2]))
    return True


def _assign_on_arrival(clinic: Clinic, p: Patient) -> None:
    """In-turn and least-busy walk-ins get a provider on duty now; count who waits for or with whom."""
    walk_ins = clinic.compiled.walk_ins
    if p.provider == NO_PROVIDER and walk_ins is not None and walk_ins.assign in WALK_IN_RULES:
        p.provider = clinic.assign_walk_in(walk_ins.assign, walk_ins.takers[p.visit_type])
    if p.provider != NO_PROVIDER:
        clinic.enter_care(p)


Asked = tuple[simpy.Event, list[Any], list[int]]  # (event to wait for, requests, provider index of each)


def _ask(clinic: Clinic, p: Patient, need: str) -> Asked:
    """Request ``need``: the event to wait for, the underlying requests and whose each is."""
    providers = clinic.providers
    rooms = clinic.room_pools.get(need)
    if rooms is not None:
        event = rooms.request(p.priority, p.provider)
        return event, [event], [0]
    if (need == PROVIDER and p.provider == NO_PROVIDER) or need == ANY_PROVIDER:
        # a shared queue or any provider: ask every provider not held already, keep the first to answer
        whom = candidates(len(providers), held_people(clinic.named, p))
        walk_ins = clinic.compiled.walk_ins
        if need == PROVIDER and walk_ins is not None:  # a shared queue: only providers who see this visit type
            whom = [i for i in whom if i in walk_ins.takers[p.visit_type]]
        requests = [providers[i].request(p.priority) for i in whom]
        return simpy.AnyOf(clinic.env, requests), requests, whom
    if need == PROVIDER or need in clinic.named:
        which = p.provider if need == PROVIDER else clinic.named[need]
        request = providers[which].request(p.priority)
        return request, [request], [which]
    whom = clinic.staff_choices(need, p.provider)  # her team first, then the shared pool
    requests = [clinic.staff(need, which).request(p.priority) for which in whom]
    return (requests[0] if len(requests) == 1 else simpy.AnyOf(clinic.env, requests)), requests, whom


def _granted(asked: Asked) -> bool:
    return any(event.triggered for event in asked[1])


def _take(clinic: Clinic, p: Patient, need: str, asked: Asked) -> Holding:
    """The granted request and what it names; give back any extra grant of a shared queue or any_provider."""
    _, requests, whom = asked
    rooms = clinic.room_pools.get(need)
    if rooms is not None:
        room = int(requests[0].value)
        if p.provider == NO_PROVIDER and rooms.decides_provider:
            p.provider = rooms.owner(room)  # the room decides: its owner sees this patient
            clinic.enter_care(p)
        return requests[0], room, rooms.ids[room]
    chosen = next(k for k, r in enumerate(requests) if r.triggered)  # (the preferred one, if several)
    for k, request in enumerate(requests):
        if k != chosen:
            _withdraw(clinic, need, request, whom[k])
    which = whom[chosen]
    if not is_person_key(clinic.named, need):
        return requests[chosen], which, need  # staff: which = 0 for the pool, provider + 1 for her team
    if need == PROVIDER and p.provider == NO_PROVIDER:
        p.provider = which
        clinic.enter_care(p)
    return requests[chosen], which, clinic.provider_names[which]


def _withdraw(clinic: Clinic, need: str, request: Any, which: int) -> None:
    """Cancel a request not (yet) granted, or hand back one granted but not used."""
    rooms = clinic.room_pools.get(need)
    if rooms is not None:
        if request.triggered:
            rooms.give_back(int(request.value))
        else:
            rooms.cancel(request)
        return
    resource = clinic.providers[which] if is_person_key(clinic.named, need) else clinic.staff(need, which)
    if request.triggered:
        resource.release(request)
    else:
        request.cancel()


def _release(clinic: Clinic, p: Patient, need: str, got: Holding, step: str, documented: bool) -> None:
    """Give back a resource; the provider documents and the room is turned over first."""
    request, which, resource_id = got
    now = clinic.env.now
    clinic.log.append((p.pid, step, "release", now, resource_id))
    if need == PROVIDER:
        clinic.leave_care(p)
        documentation_min = p.documentation_min[which] if documented else 0.0
        if documentation_min > 0:
            clinic.log.append((p.pid, "documentation", "start", now, resource_id))
            after = clinic.env.timeout(documentation_min)
            after.callbacks.append(partial(clinic.documented, p.pid, which, request))
        else:
            clinic.providers[which].release(request)
    elif need in clinic.room_pools:
        rooms = clinic.room_pools[need]
        turnover_min = p.turnover_min[rooms.index]
        if turnover_min > 0:
            clinic.log.append((p.pid, "turnover", "start", now, resource_id))
            clinic.env.timeout(turnover_min).callbacks.append(partial(clinic.turned_over, p.pid, rooms, which))
        else:
            rooms.give_back(which)
    elif need in clinic.people:  # a colleague or any provider: free at once (the own provider documents)
        clinic.providers[which].release(request)
    else:
        clinic.staff(need, which).release(request)


def _abandon(clinic: Clinic, p: Patient, need: str | None, asked: Asked | None) -> None:
    """Patience ran out: withdraw the pending request, give everything back, leave unseen."""
    if need is not None and asked is not None:
        for request, which in zip(asked[1], asked[2], strict=True):
            _withdraw(clinic, need, request, which)
    clinic.log.append((p.pid, p.step_now, "abandon", clinic.env.now, ""))
    _depart(clinic, p, LEFT_UNSEEN, documented=False)


def _depart(clinic: Clinic, p: Patient, outcome: str, documented: bool = True) -> None:
    """Give back whatever is still held and leave the clinic."""
    for need, got in list(p.held.items()):
        _release(clinic, p, need, got, "", documented)
    p.held.clear()
    clinic.leave_care(p)
    clinic.log.append((p.pid, "", "depart", clinic.env.now, ""))
    p.outcome = outcome


def close_day(clinic: Clinic, stuck: list[Patient]) -> None:
    """Patients still inside when nothing more can happen (e.g. a step needs staff who never come).

    They give up at the last moment of the day: their held resources are logged as
    released and they leave, counted as seen if they had reached the provider.
    """
    log, now = clinic.log.append, clinic.env.now
    for p in stuck:
        for _, _, resource_id in p.held.values():
            log((p.pid, "", "release", now, resource_id))
        p.held.clear()
        log((p.pid, p.step_now, "abandon", now, ""))
        log((p.pid, "", "depart", now, ""))
        p.outcome = SEEN if p.seen else LEFT_UNSEEN
