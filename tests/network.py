"""Loopback ports for the servers tests start."""

import socket


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that no one listens on at the moment of the call."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
