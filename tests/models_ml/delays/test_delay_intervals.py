"""Wilson and Newcombe intervals against published values, and the Bonferroni quantile."""

import pytest

from models_ml.delays.intervals import newcombe_interval, wilson_interval, z_value

Z_95 = 1.959963984540054


def test_z_value_95_percent() -> None:
    assert z_value(0.95) == pytest.approx(Z_95, abs=1e-9)


def test_z_value_bonferroni_ten_tests() -> None:
    # 0.05 / 10 tests, two-sided: the 99.75th percentile of the normal distribution.
    assert z_value(0.95, tests=10) == pytest.approx(2.807033768, abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        (0, 10, (0.0, 0.277540)),
        (5, 10, (0.236590, 0.763410)),
        (10, 10, (0.722460, 1.0)),
        (81, 263, (0.255289, 0.366213)),
    ],
)
def test_wilson_interval_cases(successes: int, trials: int, expected: tuple) -> None:
    low, high = wilson_interval(successes, trials, Z_95)

    assert low == pytest.approx(expected[0], abs=1e-5)
    assert high == pytest.approx(expected[1], abs=1e-5)


def test_newcombe_interval_published_example() -> None:
    # Newcombe (1998), example (a): 56/70 against 48/80, hybrid score interval 0.0524..0.3339.
    low, high = newcombe_interval(56, 70, 48, 80, Z_95)

    assert low == pytest.approx(0.0524, abs=5e-5)
    assert high == pytest.approx(0.3339, abs=5e-5)


def test_newcombe_interval_swapped_groups_mirror() -> None:
    low, high = newcombe_interval(48, 80, 56, 70, Z_95)

    assert low == pytest.approx(-0.3339, abs=5e-5)
    assert high == pytest.approx(-0.0524, abs=5e-5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: z_value(1.0), "confidence must be between 0 and 1"),
        (lambda: z_value(0.95, tests=0), "tests must be at least 1"),
        (lambda: wilson_interval(1, 0, Z_95), "trials must be positive"),
        (lambda: wilson_interval(11, 10, Z_95), "successes must be within 0..10"),
    ],
)
def test_intervals_reject_bad_input(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
