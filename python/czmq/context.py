"""Context: a group of sockets closed together."""

from __future__ import annotations

import _thread
import weakref
from typing import Any

from czmq.constants import SocketType
from czmq.socket import Socket

__all__ = ["Context"]


class Context:
    """A group of sockets whose lifetime ends together.

    Every czmq socket lives in CZMQ's one process-wide libzmq context (so
    that CZMQ's actors reach it over ``inproc://``); a ``Context`` does not
    make a second one.  It keeps track of the sockets made through it and
    closes them all in :meth:`destroy` or at the end of a ``with`` block.
    A socket keeps its context alive, so dropping the last reference to a
    context never closes a socket that is still in use.

    Examples
    --------
    >>> with Context() as ctx:
    ...     pull = ctx.socket("PULL", "@inproc://doc-context")
    ...     push = ctx.socket("PUSH", ">inproc://doc-context")
    ...     push.send(b"x")
    ...     pull.recv()
    b'x'
    """

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet[Socket] = weakref.WeakSet()
        self._lock = _thread.allocate_lock()
        self._destroyed = False

    def socket(
        self,
        socket_type: SocketType | str | int,
        endpoints: str | None = None,
        **options: Any,
    ) -> Socket:
        """Make a :class:`Socket` owned by this context (arguments as for Socket)."""
        return Socket(socket_type, endpoints, context=self, **options)

    def _adopt(self, socket: Socket) -> None:
        with self._lock:
            if self._destroyed:
                socket.close()
                raise RuntimeError("cannot make a socket in a destroyed Context")
            self._sockets.add(socket)

    @property
    def sockets(self) -> list[Socket]:
        """The context's sockets that are still open."""
        with self._lock:
            return [s for s in self._sockets if not s.closed]

    @property
    def closed(self) -> bool:
        """Whether :meth:`destroy` has run."""
        return self._destroyed

    def destroy(self) -> None:
        """Close every socket of the context.

        Sockets keep their own linger: messages still queued are delivered
        in the background for up to each socket's ``linger`` milliseconds.
        Calls blocked on these sockets in other threads end with
        :class:`~czmq.error.SocketClosed`.
        """
        with self._lock:
            self._destroyed = True
            sockets = list(self._sockets)
        for socket in sockets:
            socket.close()

    close = destroy

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()

    def __repr__(self) -> str:
        state = "destroyed" if self._destroyed else f"{len(self.sockets)} sockets"
        return f"<czmq.Context {state}>"
