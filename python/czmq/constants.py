"""Socket types and other constants, with values taken from libzmq's headers."""

from __future__ import annotations

import enum

from czmq import _czmq

__all__ = ["SocketType"]

_T = _czmq.SOCKET_TYPES


class SocketType(enum.IntEnum):
    """The stable libzmq socket types."""

    PAIR = _T["PAIR"]
    PUB = _T["PUB"]
    SUB = _T["SUB"]
    REQ = _T["REQ"]
    REP = _T["REP"]
    DEALER = _T["DEALER"]
    ROUTER = _T["ROUTER"]
    PULL = _T["PULL"]
    PUSH = _T["PUSH"]
    XPUB = _T["XPUB"]
    XSUB = _T["XSUB"]
    STREAM = _T["STREAM"]

    @classmethod
    def coerce(cls, value: SocketType | str | int) -> SocketType:
        """Return the member for a member, a name (any case) or a number.

        Raises
        ------
        ValueError
            If ``value`` names no stable socket type.
        TypeError
            If ``value`` is neither a string nor an integer.
        """
        if isinstance(value, str):
            try:
                return cls[value.upper()]
            except KeyError:
                raise ValueError(f"unknown socket type {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(
                f"socket type must be a SocketType, str or int, not {value!r}"
            )
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"unknown socket type {value!r}") from None
