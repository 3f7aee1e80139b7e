"""Message: an ordered, mutable sequence of frames."""

from __future__ import annotations

from collections.abc import Iterable, MutableSequence
from typing import overload

from czmq.frame import Frame

__all__ = ["Message", "PartLike"]

PartLike = Frame | bytes | bytearray | memoryview | str


def _as_frame(part: PartLike) -> Frame:
    if isinstance(part, Frame):
        return part
    if isinstance(part, str):
        return Frame(part.encode())
    return Frame(part)


class Message(MutableSequence[Frame]):
    """A multipart ZeroMQ message: an ordered, mutable list of :class:`Frame`.

    Parts may be given as frames, bytes-like objects or ``str`` (encoded as
    UTF-8); each is stored as a :class:`Frame`.  Sending a message leaves it
    and its frames unchanged, so it can be sent again.

    Parameters
    ----------
    parts : iterable of Frame, bytes-like or str, optional
        The initial parts.

    Examples
    --------
    >>> m = Message([b"key", "value"])
    >>> [bytes(f) for f in m]
    [b'key', b'value']
    """

    def __init__(self, parts: Iterable[PartLike] = ()) -> None:
        self._frames: list[Frame] = [_as_frame(p) for p in parts]

    @overload
    def __getitem__(self, index: int) -> Frame: ...
    @overload
    def __getitem__(self, index: slice) -> Message: ...
    def __getitem__(self, index: int | slice) -> Frame | Message:
        if isinstance(index, slice):
            return Message(self._frames[index])
        return self._frames[index]

    @overload
    def __setitem__(self, index: int, value: PartLike) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[PartLike]) -> None: ...
    def __setitem__(self, index: int | slice, value: object) -> None:
        if isinstance(index, slice):
            self._frames[index] = [_as_frame(p) for p in value]  # type: ignore[attr-defined]
        else:
            self._frames[index] = _as_frame(value)  # type: ignore[arg-type]

    def __delitem__(self, index: int | slice) -> None:
        del self._frames[index]

    def __len__(self) -> int:
        return len(self._frames)

    def insert(self, index: int, value: PartLike) -> None:
        """Insert a part before ``index``."""
        self._frames.insert(index, _as_frame(value))

    def push(self, part: PartLike) -> None:
        """Put a part at the front (CZMQ's ``zmsg_push``)."""
        self._frames.insert(0, _as_frame(part))

    def pop_front(self) -> Frame:
        """Remove and return the first part (CZMQ's ``zmsg_pop``).

        Raises
        ------
        IndexError
            If the message is empty.
        """
        if not self._frames:
            raise IndexError("pop_front from an empty message")
        return self._frames.pop(0)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return self._frames == other._frames
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and all(
                f == p for f, p in zip(self._frames, other, strict=True)
            )
        return NotImplemented

    def __add__(self, other: Iterable[PartLike]) -> Message:
        return Message([*self._frames, *other])

    def __radd__(self, other: Iterable[PartLike]) -> Message:
        return Message([*other, *self._frames])

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Message({self._frames!r})"

    @property
    def frames(self) -> list[Frame]:
        """A new list of the message's frames."""
        return list(self._frames)

    def to_bytes_list(self) -> list[bytes]:
        """Return every part as ``bytes``."""
        return [f.__bytes__() for f in self._frames]
