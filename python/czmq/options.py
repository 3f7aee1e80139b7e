"""Socket options: one table, turned into typed properties of :class:`Socket`.

Values go straight to ``zmq_setsockopt`` (never to CZMQ's setters, which
abort the process on a refused value), after a range check here; a value
libzmq refuses raises :class:`~czmq.error.InvalidArgument` naming the option
and the value.  Options set after ``bind``/``connect`` apply only to later
connections (libzmq's rule): pass them to the :class:`Socket` constructor to
cover every connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from czmq import _czmq
from czmq.error import ZMQError

__all__ = ["Option", "OPTIONS", "SocketOptions"]

_IDS = _czmq.OPTIONS
_INT_RANGE = {"int": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_INT_RANGE["uint64"] = (0, 2**64 - 1)


@dataclass(frozen=True)
class Option:
    """One libzmq socket option.

    Attributes
    ----------
    name : str
        Lower-case name, also the property name on :class:`Socket`.
    id : int
        libzmq's number for the option.
    kind : str
        ``"int"``, ``"int64"``, ``"uint64"``, ``"bool"``, ``"bytes"`` or
        ``"str"``.
    readable, writable : bool
        Whether the option can be read and set.
    doc : str
        What the option does.
    """

    name: str
    id: int
    kind: str
    readable: bool
    writable: bool
    doc: str


def _opt(name: str, kind: str, access: str, doc: str) -> Option:
    return Option(name, _IDS[name.upper()], kind, "r" in access, "w" in access, doc)


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in [
        _opt("linger", "int", "rw", "Milliseconds to keep unsent messages after close; -1 forever."),
        _opt("sndhwm", "int", "rw", "High-water mark of outgoing messages per peer; 0 no limit."),
        _opt("rcvhwm", "int", "rw", "High-water mark of incoming messages per peer; 0 no limit."),
        _opt("sndtimeo", "int", "rw", "Default send timeout in milliseconds; -1 forever."),
        _opt("rcvtimeo", "int", "rw", "Default receive timeout in milliseconds; -1 forever."),
        _opt("routing_id", "bytes", "rw", "Identity a ROUTER peer sees (1-255 bytes)."),
        _opt("subscribe", "bytes", "w", "Add a SUB topic prefix (bytes or str)."),
        _opt("unsubscribe", "bytes", "w", "Remove a SUB topic prefix (bytes or str)."),
        _opt("maxmsgsize", "int64", "rw", "Largest inbound message in bytes; -1 no limit."),
        _opt("reconnect_ivl", "int", "rw", "Milliseconds before reconnecting."),
        _opt("backlog", "int", "rw", "Queue length of pending TCP connections."),
        _opt("ipv6", "bool", "rw", "Enable IPv6 on the socket."),
        _opt("sndbuf", "int", "rw", "Kernel send buffer size in bytes; -1 OS default."),
        _opt("rcvbuf", "int", "rw", "Kernel receive buffer size in bytes; -1 OS default."),
        _opt("affinity", "uint64", "rw", "I/O thread affinity bitmap."),
        _opt("rcvmore", "bool", "r", "Whether more parts of a message follow (low level)."),
        _opt("fd", "int", "r", "File descriptor signalling events, for other event loops."),
        _opt("events", "int", "r", "Ready events: 1 can receive, 2 can send."),
        _opt("last_endpoint", "str", "r", "The endpoint last bound or connected."),
    ]
}  # fmt: skip


class SocketOptions:
    """Mixin giving :class:`Socket` its option properties and generic access."""

    def _check_value(self, option: Option, value: Any) -> Any:
        if option.kind == "bool":
            if not isinstance(value, (bool, int)):
                raise TypeError(f"option {option.name} needs a bool, not {value!r}")
            return int(bool(value))
        if option.kind in _INT_RANGE:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"option {option.name} needs an int, not {value!r}")
            low, high = _INT_RANGE[option.kind]
            if not low <= value <= high:
                raise ValueError(
                    f"cannot set option {option.name} to {value!r}: out of range"
                )
            return value
        if isinstance(value, str):
            return value.encode()
        return value

    def set_option(self, name: str | int, value: Any) -> None:
        """Set an option by name (``"linger"``) or libzmq number.

        Raises
        ------
        ValueError
            For an unknown or read-only option, or a value out of range or
            refused by libzmq (:class:`~czmq.error.InvalidArgument`).
        """
        option = _lookup(name)
        if not option.writable:
            raise ValueError(f"option {option.name} is read-only")
        value = self._check_value(option, value)
        setter = {
            "int": "_set_int",
            "bool": "_set_int",
            "int64": "_set_int64",
            "uint64": "_set_uint64",
        }.get(option.kind, "_set_bytes")
        try:
            getattr(self, setter)(option.id, value)
        except ZMQError as exc:
            raise type(exc)(
                exc.errno,
                f"cannot set option {option.name} of {self._type_name()} socket "
                f"to {value!r}: {exc.strerror}",
                exc.strerror,
            ) from None

    def get_option(self, name: str | int) -> Any:
        """Read an option by name or libzmq number.

        Raises
        ------
        ValueError
            For an unknown or write-only option.
        """
        option = _lookup(name)
        if not option.readable:
            raise ValueError(f"option {option.name} is write-only")
        if option.kind in ("int", "bool"):
            value = self._get_int(option.id)  # type: ignore[attr-defined]
            return bool(value) if option.kind == "bool" else value
        if option.kind == "int64":
            return self._get_int64(option.id)  # type: ignore[attr-defined]
        if option.kind == "uint64":
            return self._get_uint64(option.id)  # type: ignore[attr-defined]
        raw = self._get_bytes(option.id)  # type: ignore[attr-defined]
        if option.kind == "str":
            return raw.rstrip(b"\0").decode()
        return raw

    def _type_name(self) -> str:
        names = {v: k for k, v in _czmq.SOCKET_TYPES.items()}
        return names[self.socket_type]  # type: ignore[attr-defined]


def _lookup(name: str | int) -> Option:
    if isinstance(name, int):
        for option in OPTIONS.values():
            if option.id == name:
                return option
        raise ValueError(f"unknown socket option number {name!r}")
    try:
        return OPTIONS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown socket option {name!r}") from None


def _make_property(option: Option) -> property:
    def fget(self: SocketOptions) -> Any:
        return self.get_option(option.name)

    def fset(self: SocketOptions, value: Any) -> None:
        self.set_option(option.name, value)

    access = "read-write"
    if not option.writable:
        access = "read-only"
    elif not option.readable:
        access = "write-only"
    return property(
        fget if option.readable else None,
        fset if option.writable else None,
        doc=f"{option.doc} ({option.kind}, {access})",
    )


for _option in OPTIONS.values():
    setattr(SocketOptions, _option.name, _make_property(_option))
