"""Frame: one part of a ZeroMQ message."""

from __future__ import annotations

from typing import Any

from czmq import _czmq

__all__ = ["Frame"]


class Frame(_czmq.Frame):
    """One message part: an immutable, bytes-like block of data.

    A frame supports ``len()``, ``bytes()``, ``memoryview()`` (without
    copying; received frames share libzmq's buffer), equality with bytes and
    other frames, and hashing.  Frames never change, so sending one leaves it
    valid: it can be read and sent again.

    Parameters
    ----------
    data : bytes-like, optional
        The frame's content, copied into the frame.  ``str`` is refused.
    more : bool, optional
        The "more parts follow" flag, as set on received frames.

    Examples
    --------
    >>> f = Frame(b"hello")
    >>> len(f), bytes(f), f == b"hello"
    (5, b'hello', True)
    """

    @property
    def bytes(self) -> bytes:
        """The frame's content as a new ``bytes`` object."""
        return self.__bytes__()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _czmq.Frame):
            return memoryview(self) == memoryview(other)
        try:
            return memoryview(self) == memoryview(other)  # type: ignore[arg-type]
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__bytes__())

    def __repr__(self) -> str:
        size = len(self)
        more = ", more=True" if self.more else ""
        if size <= 32:
            return f"Frame({self.__bytes__()!r}{more})"
        head = memoryview(self)[:32].tobytes()
        return f"<Frame {head!r}... ({size} bytes){more}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.__bytes__(), self.more))
