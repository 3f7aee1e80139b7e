"""Process-wide state: versions, features, shutdown and CZMQ's log lines.

At import czmq turns CZMQ's own SIGINT/SIGTERM handlers off (Python keeps
Ctrl-C and SIGTERM), sends CZMQ's log lines to the ``czmq`` logger instead
of stdout, and registers :func:`shutdown` with :mod:`atexit`, so that the
interpreter exits without hanging on open sockets.
"""

from __future__ import annotations

import atexit

from czmq import _czmq

__all__ = [
    "zmq_version",
    "czmq_version",
    "has",
    "shutdown",
    "configure",
    "settings",
]

# CZMQ's level letters, as logging levels (ERROR, WARNING, INFO, DEBUG).
_LEVELS = {"E": 40, "W": 30, "N": 20, "I": 20, "D": 10}


def _czmq_log(line: str) -> None:
    # CZMQ writes "L: yy-mm-dd HH:MM:SS text"; keep the text.  logging is
    # imported on the first line, not at import: it costs startup time.
    import logging

    parts = line.split(" ", 3)
    text = parts[3] if len(parts) == 4 and line[1:3] == ": " else line
    logging.getLogger("czmq").log(_LEVELS.get(line[:1], 20), "%s", text)


def zmq_version() -> tuple[int, int, int]:
    """Return the version of the bundled libzmq as ``(major, minor, patch)``."""
    return _czmq.zmq_version()


def czmq_version() -> tuple[int, int, int]:
    """Return the version of the bundled CZMQ as ``(major, minor, patch)``."""
    return _czmq.czmq_version()


def has(capability: str) -> bool:
    """Return whether libzmq has a capability (``"curve"``, ``"ipc"``, ...)."""
    return _czmq.has(capability)


def _check_int(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value!r}")


def configure(
    *,
    io_threads: int | None = None,
    max_sockets: int | None = None,
    linger: int | None = None,
    sndhwm: int | None = None,
    rcvhwm: int | None = None,
    ipv6: bool | None = None,
) -> None:
    """Change process-wide settings; arguments left as ``None`` are kept.

    Parameters
    ----------
    io_threads : int, optional
        libzmq I/O threads (CZMQ's default is 1).  Only before the first
        socket is created.
    max_sockets : int, optional
        Most sockets the process may have open (default 1024).  Only
        before the first socket is created.
    linger : int, optional
        Default linger of new sockets in milliseconds (czmq's default is
        :data:`czmq.DEFAULT_LINGER_MS`; -1 waits forever, 0 drops).
    sndhwm, rcvhwm : int, optional
        Default high-water marks of new sockets (1000; 0 means no limit).
    ipv6 : bool, optional
        Whether new sockets use IPv6.

    Raises
    ------
    InvalidState
        If ``io_threads`` or ``max_sockets`` is given after the first socket
        was created (libzmq no longer takes them).
    ValueError
        For a value out of range.
    """
    if _czmq.is_shut_down():
        from czmq.error import ContextTerminated

        raise ContextTerminated(
            _czmq.ETERM, "cannot configure czmq after czmq.shutdown()", ""
        )
    if ipv6 is not None and not isinstance(ipv6, bool):
        raise TypeError(f"ipv6 must be a bool, not {ipv6!r}")
    _check_int("io_threads", io_threads, 1, 1024)
    _check_int("max_sockets", max_sockets, 1, 1 << 20)
    _check_int("linger", linger, -1, 2**31 - 1)
    _check_int("sndhwm", sndhwm, 0, 2**31 - 1)
    _check_int("rcvhwm", rcvhwm, 0, 2**31 - 1)
    if io_threads is not None or max_sockets is not None:
        _czmq._configure_startup(io_threads, max_sockets)
    if (
        linger is not None
        or sndhwm is not None
        or rcvhwm is not None
        or ipv6 is not None
    ):
        _czmq._set_socket_defaults(
            linger, sndhwm, rcvhwm, None if ipv6 is None else bool(ipv6)
        )


def settings() -> dict[str, int | bool]:
    """Return the process-wide settings in force (or pending, before the first socket).

    Returns
    -------
    dict
        ``io_threads`` and ``max_sockets`` (0 means CZMQ's default, before
        the first socket), and the ``linger``, ``sndhwm``, ``rcvhwm`` and
        ``ipv6`` defaults of new sockets.
    """
    result: dict[str, int | bool] = dict(_czmq._startup_settings())
    if _czmq.is_shut_down():
        result.update(io_threads=0, max_sockets=0)
    result.update(_czmq._socket_defaults())
    return result


def shutdown() -> None:
    """Close every czmq socket and terminate CZMQ's context.

    Runs at interpreter exit by itself.  Each socket's linger still applies
    (at most one second by default).  Afterwards sockets raise
    :class:`~czmq.error.ContextTerminated` and no new ones can be made.
    """
    _czmq.shutdown()


def _at_exit() -> None:
    # From here on, daemon threads that come back from a wait inside czmq
    # park instead of retaking the GIL (which would abort the process while
    # the interpreter finalises).
    _czmq._prepare_exit()
    shutdown()


_czmq._set_log_sink(_czmq_log)
atexit.register(_at_exit)
