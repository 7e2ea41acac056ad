"""Whatever the clinic, the day in motion has a place for every event and never seats two patients in one chair."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from flowsim.model import simulate
from flowsim.report.motion import motion_stages
from flowsim.results import log_tables
from flowsim.results.motion import motion_log
from flowsim.scenarios.schema import Scenario
from tests.strategies import scenarios

DRAWN = ("arrival_departure", "queue", "resource_use")  # what vidigi places (a *_complete row is never the last)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_event_has_a_place_and_no_seat_holds_two_patients(scenario: Scenario) -> None:
    logs = [(scenario.name, 0, simulate(scenario, 7, 0))]
    tables = log_tables(logs, providers={scenario.name: list(scenario.providers)})
    visits, events = tables.visits, tables.events
    log = motion_log(events, visits, list(scenario.providers))
    stages = motion_stages(scenario).set_index("event")
    drawn = log.loc[log["event_type"].isin(DRAWN)].reset_index(drop=True)
    assert set(drawn["event"]) <= set(stages.index), set(drawn["event"]) - set(stages.index)

    # Each spot of seats holds one kind of seat, and the log's seats are of that kind and within its count.
    spots = stages.dropna(subset=["resource"]).groupby(["row", "column"])[["resource", "count"]].first()
    seated = drawn.loc[drawn["event_type"] == "resource_use"]
    kinds = spots.loc[[tuple(p) for p in stages.loc[seated["event"], ["row", "column"]].to_numpy()]]
    assert list(seated["resource"].astype(str)) == list(kinds["resource"].astype(str))
    assert (seated["resource_id"].to_numpy(int) >= 1).all()
    assert (seated["resource_id"].to_numpy(int) <= kinds["count"].to_numpy(int)).all()

    # As vidigi draws it, each patient sits at her latest row until her next one: no two patients share a seat.
    rows = drawn.assign(order=range(len(drawn))).sort_values(["entity_id", "time", "order"])
    rows["until"] = rows.groupby("entity_id")["time"].shift(-1).fillna(float("inf"))
    sitting = rows.loc[(rows["event_type"] == "resource_use") & (rows["until"] > rows["time"])]
    sitting = sitting.assign(row=stages.loc[sitting["event"], "row"].to_numpy(),
                             column=stages.loc[sitting["event"], "column"].to_numpy())  # fmt: skip
    for spot, stays in sitting.groupby(["row", "column", "resource_id"]):
        stays = stays.sort_values("time")
        assert (stays["time"].to_numpy()[1:] >= stays["until"].to_numpy()[:-1]).all(), (spot, stays)
