"""Socket: a ZeroMQ socket in CZMQ's process-wide context."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from czmq import _czmq
from czmq.constants import SocketType
from czmq.frame import Frame
from czmq.message import Message, PartLike
from czmq.options import SocketOptions

if TYPE_CHECKING:
    from czmq.context import Context

__all__ = ["Socket"]

# Types that bind when an endpoint has no '@' or '>' prefix (CZMQ's rule).
_BINDS_BY_DEFAULT = frozenset(
    {
        SocketType.PUB,
        SocketType.XPUB,
        SocketType.REP,
        SocketType.ROUTER,
        SocketType.PULL,
    }
)


def _checked(endpoint: object, action: str) -> str:
    """Refuse endpoints that libzmq would silently cut or wrap."""
    if not isinstance(endpoint, str):
        raise TypeError(f"cannot {action} to {endpoint!r}: an endpoint is a str")
    if "\0" in endpoint:
        raise ValueError(
            f"cannot {action} to {endpoint!r}: it contains a NUL character"
        )
    if endpoint.startswith("tcp://"):
        port = endpoint.rsplit(":", 1)[-1]
        if port.lstrip("-").isdigit() and not 0 <= int(port) <= 65535:
            raise ValueError(
                f"cannot {action} to {endpoint!r}: port {port} is not 0-65535"
            )
    return endpoint


class Socket(SocketOptions, _czmq.Socket):
    """A ZeroMQ socket.

    Sockets live in CZMQ's single process-wide libzmq context, so they reach
    CZMQ's actors over ``inproc://``.  Every method is safe to call from any
    thread; blocking calls release the GIL, wake up for Ctrl-C, and end with
    :class:`~czmq.error.SocketClosed` if another thread closes the socket.

    Parameters
    ----------
    socket_type : SocketType, str or int
        The socket type, as a member, a name such as ``"PUSH"`` or a number.
    endpoints : str, optional
        Endpoints to attach right away, comma-separated, in CZMQ's style:
        ``"@tcp://127.0.0.1:5555"`` binds, ``">tcp://127.0.0.1:5555"``
        connects; without a prefix PUB, XPUB, REP, ROUTER and PULL bind and
        the other types connect.
    context : Context, optional
        A :class:`~czmq.Context` that will own the socket and close it when
        it is destroyed.
    **options
        Socket options (any option property, for example ``linger=0`` or
        ``sndhwm=10``), applied before any bind or connect so that they
        cover the first connections too.

    Raises
    ------
    ValueError
        For an unknown socket type, option or a refused option value.
    ZMQError
        If an endpoint cannot be attached; the socket is closed again.

    Examples
    --------
    >>> with Socket("PULL", "@inproc://doc-socket") as pull, \\
    ...      Socket("PUSH", ">inproc://doc-socket") as push:
    ...     push.send(b"hello")
    ...     pull.recv()
    b'hello'
    """

    def __init__(
        self,
        socket_type: SocketType | str | int,
        endpoints: str | None = None,
        *,
        context: Context | None = None,
        **options: Any,
    ) -> None:
        kind = SocketType.coerce(socket_type)
        if endpoints is not None and not isinstance(endpoints, str):
            raise TypeError(
                f"endpoints must be a str such as '@tcp://...', not {endpoints!r}"
            )
        if context is not None and not hasattr(context, "_adopt"):
            raise TypeError(f"context must be a czmq.Context, not {context!r}")
        _czmq.Socket.__init__(self, int(kind))
        self._context = context
        self._bound: list[str] = []
        self._connected: list[str] = []
        try:
            for name, value in options.items():
                self.set_option(name, value)
            if endpoints:
                self.attach(endpoints)
        except BaseException:
            self.close()
            raise
        if context is not None:
            context._adopt(self)

    # ---- lifetime -------------------------------------------------------

    def __enter__(self) -> Socket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if "_bound" not in self.__dict__:
            return  # the constructor failed before the socket existed
        if not self.closed:
            warnings.warn(
                f"unclosed {self!r}", ResourceWarning, stacklevel=2, source=self
            )
            self.close()

    @property
    def type(self) -> SocketType:
        """The socket type."""
        return SocketType(self.socket_type)

    @property
    def context(self) -> Context | None:
        """The :class:`~czmq.Context` that owns the socket, if any."""
        return self._context

    # ---- endpoints ------------------------------------------------------

    def bind(self, endpoint: str) -> int | None:
        """Bind to an endpoint and return the TCP port, if any.

        Parameters
        ----------
        endpoint : str
            For example ``"tcp://127.0.0.1:*"`` (any free port),
            ``"ipc:///tmp/feed"`` or ``"inproc://feed"``.

        Returns
        -------
        int or None
            The bound port for ``tcp://`` endpoints, else ``None``.
        """
        last = self._bind(_checked(endpoint, "bind"))
        self._bound.append(last)
        if last.startswith("tcp://"):
            return int(last.rsplit(":", 1)[1])
        return None

    def connect(self, endpoint: str) -> None:
        """Connect to an endpoint; the peer need not exist yet."""
        self._connected.append(self._connect(_checked(endpoint, "connect")))

    def unbind(self, endpoint: str) -> None:
        """Stop listening on a bound endpoint (as reported by :attr:`endpoints`)."""
        self._unbind(_checked(endpoint, "unbind"))
        if endpoint in self._bound:
            self._bound.remove(endpoint)

    def disconnect(self, endpoint: str) -> None:
        """Disconnect from a connected endpoint."""
        self._disconnect(_checked(endpoint, "disconnect"))
        if endpoint in self._connected:
            self._connected.remove(endpoint)

    def attach(self, endpoints: str) -> None:
        """Bind or connect to comma-separated endpoints in CZMQ's style.

        ``@`` binds, ``>`` connects, no prefix uses the type's default
        (see :class:`Socket`).
        """
        if not isinstance(endpoints, str):
            raise TypeError(
                f"endpoints must be a str such as '@tcp://...', not {endpoints!r}"
            )
        for item in endpoints.split(","):
            item = item.strip()
            if item.startswith("@"):
                self.bind(item[1:])
            elif item.startswith(">"):
                self.connect(item[1:])
            elif self.type in _BINDS_BY_DEFAULT:
                self.bind(item)
            else:
                self.connect(item)

    @property
    def endpoints(self) -> dict[str, list[str]]:
        """Bound and connected endpoints, as ``{"bound": [...], "connected": [...]}``."""
        return {"bound": list(self._bound), "connected": list(self._connected)}

    # ---- bytes ----------------------------------------------------------

    # send() and recv() come from the extension: they are the hot path.

    def send_multipart(
        self,
        parts: Iterable[Any],
        *,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Send bytes-like objects (or frames) as the parts of one message.

        The parts are never interleaved with another thread's message.  An
        empty sequence raises ``ValueError`` and sends nothing.
        """
        parts = list(parts)
        if any(isinstance(p, Frame) for p in parts):
            self.send_message(Message(parts), dontwait=dontwait, timeout=timeout)
        else:
            self._send_multipart(parts, dontwait, timeout)

    def recv_multipart(
        self, *, dontwait: bool = False, timeout: float | None = None
    ) -> list[bytes]:
        """Receive every part of one message as a list of ``bytes``."""
        parts: list[bytes] = self._recv_multipart(dontwait, timeout)
        return parts

    # ---- batches ----------------------------------------------------------

    def send_many(
        self,
        items: Iterable[Any],
        *,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> int:
        """Send each bytes-like item as a one-part message, in one call.

        The whole batch passes to libzmq with the GIL released once, which
        is much faster than one :meth:`send` per message for small messages.

        Parameters
        ----------
        items : iterable of bytes-like
            The messages; ``str`` raises ``TypeError`` before anything is sent.
        dontwait : bool
            Do not wait for room: send what fits now.
        timeout : float, optional
            Seconds to wait for room, as for :meth:`send`.

        Returns
        -------
        int
            The number of messages sent: all of them, or fewer when
            ``dontwait`` or ``timeout`` stopped the batch after some went
            (the rest were not sent; send ``items[count:]`` to go on).

        Raises
        ------
        Again, Timeout
            If not even the first message could be sent.
        """
        count: int = self._send_many(list(items), dontwait, timeout)
        return count

    def recv_many(
        self,
        limit: int = 1000,
        *,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> list[bytes]:
        """Receive up to ``limit`` frames in one call.

        Waits like :meth:`recv` for the first frame, then takes the frames
        already queued, up to ``limit``, with the GIL released once.  A
        multipart message is never split (so the list may hold a few more
        than ``limit``); use :meth:`recv_multipart` to keep parts apart.

        Returns
        -------
        list of bytes
            At least one frame.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive int, not {limit!r}")
        frames: list[bytes] = self._recv_many(limit, dontwait, timeout)
        return frames

    # ---- text and JSON --------------------------------------------------

    def send_string(
        self,
        text: str,
        encoding: str = "utf-8",
        *,
        more: bool = False,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Send a ``str`` encoded with ``encoding`` (UTF-8 by default)."""
        if not isinstance(text, str):
            raise TypeError(f"send_string() needs a str, not {type(text).__name__}")
        self.send(text.encode(encoding), more=more, dontwait=dontwait, timeout=timeout)

    def recv_string(
        self,
        encoding: str = "utf-8",
        *,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> str:
        """Receive one frame decoded with ``encoding``.

        Raises
        ------
        UnicodeDecodeError
            If the frame is not valid in ``encoding``.
        """
        return self.recv(dontwait=dontwait, timeout=timeout).decode(encoding)

    def send_json(self, obj: Any, **kwargs: Any) -> None:
        """Send ``obj`` serialised as JSON in UTF-8 (keywords as for :meth:`send`)."""
        import json  # here, not at import: most programs never need it

        self.send(json.dumps(obj).encode(), **kwargs)

    def recv_json(self, **kwargs: Any) -> Any:
        """Receive one frame and parse it as JSON (keywords as for :meth:`recv`)."""
        import json

        return json.loads(self.recv(**kwargs))

    # ---- frames and messages --------------------------------------------

    def send_frame(
        self,
        frame: Frame,
        *,
        more: bool = False,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Send a :class:`Frame`; the frame stays valid and can be sent again."""
        self._send_frames((frame,), more, dontwait, timeout)

    def recv_frame(
        self, *, dontwait: bool = False, timeout: float | None = None
    ) -> Frame:
        """Receive one part as a :class:`Frame` (its data is not copied)."""
        return cast(Frame, self._recv_frame(Frame, dontwait, timeout))

    def send_message(
        self,
        message: Message | Sequence[PartLike],
        *,
        dontwait: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Send a :class:`Message`; it is left unchanged and can be sent again.

        Raises
        ------
        ValueError
            If the message has no frames (nothing is sent).
        """
        if not isinstance(message, Message):
            message = Message(message)
        self._send_frames(message.frames, False, dontwait, timeout)

    def recv_message(
        self, *, dontwait: bool = False, timeout: float | None = None
    ) -> Message:
        """Receive every part of one message as a :class:`Message`."""
        frames = self._recv_frames(Frame, dontwait, timeout)
        return Message(frames)

    # ---- introspection --------------------------------------------------

    def __repr__(self) -> str:
        name = self.type.name
        if self.closed:
            return f"<czmq.Socket {name} closed>"
        where = ", ".join(
            [f"@{e}" for e in self._bound] + [f">{e}" for e in self._connected]
        )
        return f"<czmq.Socket {name} open{' ' + where if where else ''}>"
