"""Message: an ordered, mutable sequence of frames."""

from __future__ import annotations

from collections.abc import Iterable, MutableSequence
from typing import BinaryIO, overload

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
        if isinstance(parts, (str, bytes, bytearray, memoryview, Frame)):
            raise TypeError(
                f"Message takes an iterable of parts, not one {type(parts).__name__}: "
                f"write Message([{parts!r}])"
            )
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

    def append(self, value: PartLike) -> None:
        """Add a part at the end."""
        self._frames.append(_as_frame(value))

    def extend(self, values: Iterable[PartLike]) -> None:
        """Add parts at the end."""
        self._frames.extend(Message(values)._frames)

    def __iadd__(self, values: Iterable[PartLike]) -> Message:
        self.extend(values)
        return self

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
                f == (p.encode() if isinstance(p, str) else p)
                for f, p in zip(self._frames, other, strict=True)
            )
        return NotImplemented

    def __add__(self, other: Iterable[PartLike]) -> Message:
        return Message([*self._frames, *other])

    def __radd__(self, other: Iterable[PartLike]) -> Message:
        return Message([*other, *self._frames])

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Message({self._frames!r})"

    # ---- routing envelopes (CZMQ's zmsg_wrap / zmsg_unwrap) -------------

    def wrap(self, address: PartLike) -> None:
        """Put ``address`` and an empty delimiter frame at the front."""
        self._frames[0:0] = [_as_frame(address), Frame(b"")]

    def unwrap(self) -> Frame:
        """Remove and return the address at the front, and its empty delimiter.

        Raises
        ------
        IndexError
            If the message is empty.
        """
        address = self.pop_front()
        if self._frames and len(self._frames[0]) == 0:
            del self._frames[0]
        return address

    # ---- serialisation ----------------------------------------------------

    def encode(self) -> bytes:
        """Return the message as one blob in CZMQ's ``zmsg_encode`` format.

        Each frame is its size (one byte below 255, else 0xFF and four
        bytes, big-endian) followed by its bytes, so the blob can also be
        decoded by CZMQ.
        """
        out = bytearray()
        for frame in self._frames:
            size = len(frame)
            if size < 255:
                out.append(size)
            else:
                out += b"\xff" + size.to_bytes(4, "big")
            out += memoryview(frame)
        return bytes(out)

    @classmethod
    def decode(cls, blob: bytes | bytearray | memoryview) -> Message:
        """Rebuild a message from :meth:`encode`'s output.

        Raises
        ------
        ValueError
            If the blob is truncated or malformed; nothing is returned.
        """
        view = memoryview(blob).cast("B")
        parts: list[PartLike] = []
        pos = 0
        while pos < len(view):
            size = view[pos]
            pos += 1
            if size == 255:
                if pos + 4 > len(view):
                    raise ValueError(f"truncated frame size at offset {pos - 1}")
                size = int.from_bytes(view[pos : pos + 4], "big")
                pos += 4
            if pos + size > len(view):
                raise ValueError(
                    f"frame of {size} bytes at offset {pos} runs past the end "
                    f"of a {len(view)}-byte blob"
                )
            parts.append(view[pos : pos + size])
            pos += size
        return cls(parts)

    def save(self, file: BinaryIO) -> None:
        """Write the message to a binary file: an 8-byte length, then :meth:`encode`.

        Several messages can be saved one after another and read back with
        :meth:`load`.
        """
        blob = self.encode()
        file.write(len(blob).to_bytes(8, "big"))
        file.write(blob)

    @classmethod
    def load(cls, file: BinaryIO) -> Message | None:
        """Read the next message written by :meth:`save`; ``None`` at end of file.

        Raises
        ------
        ValueError
            If the file ends inside a message or the message is malformed.
        """
        head = file.read(8)
        if not head:
            return None
        if len(head) < 8:
            raise ValueError(f"truncated message header ({len(head)} of 8 bytes)")
        size = int.from_bytes(head, "big")
        # Read in pieces: a corrupt header must not make us allocate what
        # it claims before the data is there.
        blob = bytearray()
        while len(blob) < size:
            piece = file.read(min(size - len(blob), 1 << 20))
            if not piece:
                raise ValueError(f"truncated message: {len(blob)} of {size} bytes")
            blob += piece
        return cls.decode(blob)

    @property
    def frames(self) -> list[Frame]:
        """A new list of the message's frames."""
        return list(self._frames)

    def to_bytes_list(self) -> list[bytes]:
        """Return every part as ``bytes``."""
        return [f.__bytes__() for f in self._frames]
