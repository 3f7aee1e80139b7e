"""The exceptions czmq raises.

Every failure of a libzmq or CZMQ call arrives here through one path: the
extension reports an error number and a message, and :func:`from_errno`
picks the class.  Classes also inherit the matching Python builtin where the
meaning matches, so ``except TimeoutError`` or ``except ValueError`` work.
"""

from __future__ import annotations

import errno as _errno

from czmq import _czmq

__all__ = [
    "ZMQError",
    "Again",
    "Timeout",
    "ContextTerminated",
    "SocketClosed",
    "ForkedSocket",
    "SocketInUse",
    "InvalidState",
    "AddressInUse",
    "TooManySockets",
    "InvalidArgument",
    "MessageTooLarge",
    "from_errno",
]


# The classes that also inherit an OSError subclass keep errno an int
# (OSError declares int | None), hence the type: ignore on those lines.
class ZMQError(Exception):
    """Base class of every error raised by a libzmq or CZMQ call.

    Attributes
    ----------
    errno : int
        The error number (a libzmq or OS ``errno``, or a negative czmq code
        for conditions libzmq has no number for).
    strerror : str
        libzmq's description of ``errno`` (empty for czmq's own codes).
    """

    def __init__(self, errno: int, message: str, strerror: str = "") -> None:
        Exception.__init__(self, message)
        self.errno = errno
        self.strerror = strerror
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[ZMQError], tuple[int, str, str]]:
        # Rebuilt from all three values (pickle, multiprocessing).
        return (type(self), (self.errno, self.message, self.strerror))


class Again(ZMQError, BlockingIOError):  # type: ignore[misc]
    """The operation would block (a non-blocking call, or a zero timeout)."""


class Timeout(Again, TimeoutError):  # type: ignore[misc]
    """A blocking call reached its timeout."""


class ContextTerminated(ZMQError):
    """CZMQ's context was terminated by :func:`czmq.shutdown`."""


class SocketClosed(ZMQError):
    """The socket is closed (possibly by another thread during the call)."""


class ForkedSocket(ZMQError):
    """The socket was inherited from the parent process through ``fork()``."""


class SocketInUse(ZMQError):
    """Another thread is in the middle of a multipart message on the socket.

    A multipart message sent or received part by part (``more=True``)
    belongs to the thread that started it until its last part.  Threads
    sharing a socket should use :meth:`~czmq.Socket.send_multipart` and
    :meth:`~czmq.Socket.recv_multipart`, which take whole messages.
    """


class InvalidState(ZMQError):
    """The call is out of order for the socket's pattern (libzmq's EFSM)."""


class AddressInUse(ZMQError, OSError):  # type: ignore[misc]
    """The endpoint is already bound."""


class TooManySockets(ZMQError, OSError):  # type: ignore[misc]
    """libzmq refused a new socket: the socket or file limit was reached."""


class InvalidArgument(ZMQError, ValueError):
    """libzmq refused a value: an endpoint, option or size."""


class MessageTooLarge(InvalidArgument):
    """A frame is larger than czmq or the socket accepts."""


_BY_ERRNO: dict[int, type[ZMQError]] = {
    _errno.EAGAIN: Again,
    _czmq.ERR_TIMEOUT: Timeout,
    _czmq.ERR_CLOSED: SocketClosed,
    _czmq.ERR_FORKED: ForkedSocket,
    _czmq.ERR_IN_USE: SocketInUse,
    _errno.ENAMETOOLONG: InvalidArgument,
    _errno.EADDRINUSE: AddressInUse,
    _errno.EMFILE: TooManySockets,
    _errno.ENFILE: TooManySockets,
    _errno.EINVAL: InvalidArgument,
    _errno.EPROTONOSUPPORT: InvalidArgument,
    _errno.EMSGSIZE: MessageTooLarge,
    _errno.ENOENT: InvalidArgument,
    _czmq.EFSM: InvalidState,
    _czmq.ETERM: ContextTerminated,
    _czmq.ENOCOMPATPROTO: InvalidArgument,
    _czmq.EMTHREAD: TooManySockets,
}


def from_errno(errno: int, message: str, strerror: str = "") -> ZMQError:
    """Return the exception for an error number and message.

    Parameters
    ----------
    errno : int
        The error number reported by the call.
    message : str
        What was attempted, with the offending value.
    strerror : str, optional
        libzmq's description of ``errno``.

    Returns
    -------
    ZMQError
        An instance of the most specific class for ``errno``.
    """
    return _BY_ERRNO.get(errno, ZMQError)(errno, message, strerror)


_czmq._set_error_factory(from_errno)
