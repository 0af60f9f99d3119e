"""Where the preview listens: ``-a`` takes ``PORT`` or ``HOST:PORT``."""

from __future__ import annotations

from digest.common.errors import DigestError

DEFAULT_HOST = "127.0.0.1"


def parse_address(text: str) -> tuple[str, int]:
    """``"8377"`` -> ("127.0.0.1", 8377); ``"0.0.0.0:8000"``, ``"[::1]:8000"`` likewise."""
    host, colon, port = text.strip().rpartition(":")
    if not colon:
        host = DEFAULT_HOST
    host = host.strip("[]") or DEFAULT_HOST
    if not port.isdigit() or not 0 < int(port) < 65536:
        message = (
            f"'{text}' is not an address: give a port (8000) or host and port (127.0.0.1:8000)"
        )
        raise DigestError(f"digest serve: -a: {message}")
    return host, int(port)
