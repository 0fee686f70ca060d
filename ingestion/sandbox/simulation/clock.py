"""The simulated clock: a start instant, a speed in simulated seconds per real second, jumps."""

import time

from .config import whole_millis


class SimClock:
    """Simulated epoch seconds that run at `speed` times real time and can jump forward."""

    def __init__(self, start: float, speed: float) -> None:
        self._start = start
        self._offset = 0.0
        self._speed = speed
        self._anchor = time.monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        elapsed = (time.monotonic() - self._anchor) * self._speed
        return whole_millis(self._start + self._offset + elapsed)

    def set_speed(self, speed: float) -> None:
        if speed < 0:
            raise ValueError(f"clock speed must be >= 0 simulated seconds per second, got {speed}")
        current = self.now()
        self._anchor = time.monotonic()
        self._offset = current - self._start
        self._speed = speed

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"the clock only moves forward, but got {seconds} seconds")
        self._offset += seconds
