"""Fault profiles and the seeded fault injector of the sandbox server."""

from collections import Counter

import pytest

from ingestion.sandbox.server.faults import (
    PROFILES,
    FaultInjector,
    FaultKind,
    FaultProfile,
    resolve_profile,
)


def run(injector: FaultInjector, requests: int) -> list:
    return [injector.decide() for _ in range(requests)]


def test_none_profile_injects_nothing():
    decisions = run(FaultInjector(PROFILES["none"]), 500)

    assert all(decision.status is None for decision in decisions)
    assert not any(
        decision.drop or decision.expire_tokens or decision.delay for decision in decisions
    )


def test_same_seed_same_faults():
    first = run(FaultInjector(PROFILES["heavy"]), 1500)
    second = run(FaultInjector(PROFILES["heavy"]), 1500)

    assert first == second


def test_other_seed_other_faults():
    first = run(FaultInjector(PROFILES["heavy"]), 1500)
    other = run(FaultInjector(resolve_profile({"name": "heavy", "seed": 99})), 1500)

    assert first != other


def test_heavy_hits_every_kind_in_1500_requests():
    injector = FaultInjector(PROFILES["heavy"])
    decisions = run(injector, 1500)
    for _ in range(300):
        injector.should_change_state()
    drops = sum(decision.drop for decision in decisions)

    counts = injector.snapshot()
    for kind in FaultKind:
        if kind is not FaultKind.DROPPED_CONNECTION:
            assert counts.get(kind, 0) >= 3, kind
    assert drops >= 3


def test_heavy_retry_after_sleep_stays_short():
    decisions = run(FaultInjector(PROFILES["heavy"]), 1500)
    retry_after_total = sum(decision.retry_after or 0 for decision in decisions)

    assert retry_after_total <= 45


def test_rate_limit_with_and_without_retry_after():
    profile = FaultProfile(rate_limit_rate=0.5, rate_limit_no_retry_after_rate=0.5)
    decisions = run(FaultInjector(profile), 200)
    retry_after = Counter(decision.retry_after for decision in decisions)

    assert all(decision.status == 429 for decision in decisions)
    assert retry_after[1] > 0
    assert retry_after[None] > 0


def test_error_burst_is_consecutive():
    profile = FaultProfile(error_burst_rate=0.01, error_burst_length=4, error_statuses=(503,))
    statuses = [decision.status for decision in run(FaultInjector(profile), 3000)]
    first = statuses.index(503)

    assert statuses[first : first + 4] == [503, 503, 503, 503]


def test_token_expiry_every_n_requests():
    injector = FaultInjector(FaultProfile(token_expiry_requests=10))
    expiries = [index for index, decision in enumerate(run(injector, 35)) if decision.expire_tokens]

    assert expiries == [9, 19, 29]


def test_token_expiry_every_n_seconds():
    now = [0.0]
    injector = FaultInjector(FaultProfile(token_expiry_seconds=5.0), clock=lambda: now[0])
    first = injector.decide()
    now[0] = 5.5
    second = injector.decide()
    third = injector.decide()

    assert not first.expire_tokens
    assert second.expire_tokens
    assert not third.expire_tokens


def test_slow_response_delay():
    decision = FaultInjector(FaultProfile(slow_rate=1.0, slow_seconds=0.3)).decide()

    assert decision.delay == 0.3


def test_state_change_steps():
    injector = FaultInjector(FaultProfile(state_change_rate=1.0, state_change_steps=2))

    assert injector.should_change_state() == 2


def test_set_profile_restarts_rng():
    injector = FaultInjector(PROFILES["heavy"])
    first = run(injector, 200)
    injector.set_profile(PROFILES["heavy"])

    assert run(injector, 200) == first


def test_resolve_preset_name():
    assert resolve_profile("light") is PROFILES["light"]


def test_resolve_json_overrides_preset():
    profile = resolve_profile('{"name": "heavy", "drop_rate": 0.2}')

    assert profile.drop_rate == 0.2
    assert profile.rate_limit_rate == PROFILES["heavy"].rate_limit_rate


def test_resolve_custom_dict():
    profile = resolve_profile({"slow_rate": 0.5, "error_statuses": [502]})

    assert profile.name == "custom"
    assert profile.error_statuses == (502,)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("medium", "Unknown fault profile"),
        ({"drop_rat": 0.1}, "Unknown fault profile fields"),
        ({"drop_rate": 1.5}, "between 0 and 1"),
        ({"drop_rate": 0.6, "rate_limit_rate": 0.6}, "add up to"),
        ({"error_statuses": [404]}, "5xx"),
    ],
)
def test_resolve_rejects_invalid(spec, message):
    with pytest.raises(ValueError, match=message):
        resolve_profile(spec)


def test_profile_json_round_trip():
    profile = PROFILES["heavy"]

    assert resolve_profile(profile.to_json()) == profile
