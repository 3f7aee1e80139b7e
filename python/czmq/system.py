"""Process-wide state: versions, features, shutdown and CZMQ's log lines.

At import czmq turns CZMQ's own SIGINT/SIGTERM handlers off (Python keeps
Ctrl-C and SIGTERM), sends CZMQ's log lines to the ``czmq`` logger instead
of stdout, and registers :func:`shutdown` with :mod:`atexit`, so that the
interpreter exits without hanging on open sockets.
"""

from __future__ import annotations

import atexit
import logging

from czmq import _czmq

__all__ = ["zmq_version", "czmq_version", "has", "shutdown", "logger"]

logger = logging.getLogger("czmq")

_LEVELS = {
    "E": logging.ERROR,
    "W": logging.WARNING,
    "N": logging.INFO,
    "I": logging.INFO,
    "D": logging.DEBUG,
}


def _czmq_log(line: str) -> None:
    # CZMQ writes "L: yy-mm-dd HH:MM:SS text"; keep the text.
    level = _LEVELS.get(line[:1], logging.INFO)
    parts = line.split(" ", 3)
    text = parts[3] if len(parts) == 4 and line[1:3] == ": " else line
    logger.log(level, "%s", text)


def zmq_version() -> tuple[int, int, int]:
    """Return the version of the bundled libzmq as ``(major, minor, patch)``."""
    return _czmq.zmq_version()  # type: ignore[no-any-return]


def czmq_version() -> tuple[int, int, int]:
    """Return the version of the bundled CZMQ as ``(major, minor, patch)``."""
    return _czmq.czmq_version()  # type: ignore[no-any-return]


def has(capability: str) -> bool:
    """Return whether libzmq has a capability (``"curve"``, ``"ipc"``, ...)."""
    return _czmq.has(capability)  # type: ignore[no-any-return]


def shutdown() -> None:
    """Close every czmq socket and terminate CZMQ's context.

    Runs at interpreter exit by itself.  Each socket's linger still applies
    (at most one second by default).  Afterwards sockets raise
    :class:`~czmq.error.ContextTerminated` and no new ones can be made.
    """
    _czmq.shutdown()


_czmq._set_log_sink(_czmq_log)
atexit.register(shutdown)
