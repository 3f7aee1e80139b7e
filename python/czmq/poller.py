"""Poller: wait for input on several sockets at once."""

from __future__ import annotations

from czmq import _czmq
from czmq.socket import Socket

__all__ = ["Poller"]


class Poller:
    """Waits until one of several sockets has a message to receive.

    Like a blocking :meth:`Socket.recv`, a wait releases the GIL, answers
    Ctrl-C with ``KeyboardInterrupt`` and ends with
    :class:`~czmq.error.SocketClosed` if another thread closes one of the
    sockets.

    Parameters
    ----------
    *sockets : Socket
        The sockets to watch; more can be added with :meth:`add`.

    Examples
    --------
    >>> a, b = Socket("PULL", "@inproc://doc-poll-a"), Socket("PULL", "@inproc://doc-poll-b")
    >>> push = Socket("PUSH", ">inproc://doc-poll-b")
    >>> push.send(b"hi")
    >>> Poller(a, b).wait(timeout=1.0) is b
    True
    >>> for s in (a, b, push): s.close()
    """

    def __init__(self, *sockets: Socket) -> None:
        self._sockets: list[Socket] = []
        for socket in sockets:
            self.add(socket)

    def add(self, socket: Socket) -> None:
        """Watch ``socket`` too (adding one twice has no effect)."""
        if not isinstance(socket, Socket):
            raise TypeError(f"a Poller watches czmq sockets, not {socket!r}")
        if socket not in self._sockets:
            self._sockets.append(socket)

    def remove(self, socket: Socket) -> None:
        """Stop watching ``socket``.

        Raises
        ------
        ValueError
            If the socket is not watched.
        """
        try:
            self._sockets.remove(socket)
        except ValueError:
            raise ValueError(f"{socket!r} is not in this poller") from None

    @property
    def sockets(self) -> list[Socket]:
        """The watched sockets, in the order they were added."""
        return list(self._sockets)

    def wait(self, timeout: float | None = None) -> Socket | None:
        """Return the first socket with a message, or ``None`` on timeout.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait; ``None`` waits forever, 0 only checks.
        """
        ready = _czmq.poll_in(self._sockets, timeout, True)
        return self._sockets[ready[0]] if ready else None

    def poll(self, timeout: float | None = None) -> list[Socket]:
        """Return every socket with a message waiting (empty on timeout)."""
        ready = _czmq.poll_in(self._sockets, timeout, False)
        return [self._sockets[i] for i in ready]

    def __len__(self) -> int:
        return len(self._sockets)

    def __repr__(self) -> str:
        return f"<czmq.Poller {len(self._sockets)} sockets>"
