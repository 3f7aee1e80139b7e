"""Private extension of czmq: thin wrappers over CZMQ and libzmq."""

from collections.abc import Sequence


def _set_error_factory(arg: object, /) -> None:
    """
    Set the callable (errno, message, strerror) -> exception used for errors.
    """

ERR_CLOSED: int = -1

ERR_TIMEOUT: int = -2

ERR_FORKED: int = -3

ERR_IN_USE: int = -4

EFSM: int = 156384763

ETERM: int = 156384765

ENOCOMPATPROTO: int = 156384764

EMTHREAD: int = 156384766

def _configure_startup(io_threads: int | None, max_sockets: int | None) -> None:
    """Set io_threads/max_sockets before CZMQ starts."""

def _set_socket_defaults(linger: int | None, sndhwm: int | None, rcvhwm: int | None, ipv6: bool | None) -> None:
    """Set CZMQ's defaults for new sockets."""

def _socket_defaults() -> dict:
    """czmq's current defaults for new sockets."""

def _startup_settings() -> dict:
    """io_threads and max_sockets in force or pending."""

def shutdown() -> None:
    """Close every socket and terminate CZMQ's context."""

def is_shut_down() -> bool:
    """Whether shutdown() has run."""

def _prepare_exit() -> None:
    """Mark interpreter exit: threads returning from waits park from now on."""

def is_initialised() -> bool:
    """Whether CZMQ's context exists yet."""

def _set_log_sink(arg: object, /) -> None:
    """Set the callable that receives CZMQ's log lines."""

def _flush_log() -> None:
    """Deliver queued CZMQ log lines now."""

def _log(arg0: str, arg1: str, /) -> None:
    """Log through CZMQ's logger (for tests of the routing)."""

def zmq_version() -> tuple:
    """Version of the linked libzmq as (major, minor, patch)."""

def czmq_version() -> tuple:
    """Version of the linked CZMQ as (major, minor, patch)."""

def has(arg: str, /) -> bool:
    """Whether libzmq was built with a capability (curve, ipc, ...)."""

DEFAULT_LINGER_MS: int = 1000

class Frame:
    """One message part owning a zmq_msg_t (private layer)."""

    def __init__(self, data: object = ..., more: bool = False) -> None:
        """Make a frame holding a copy of a bytes-like object."""

    def __len__(self) -> int:
        """Size in bytes."""

    def __buffer__(self, flags: int, /) -> memoryview: ...

    def __bytes__(self) -> bytes:
        """The frame's bytes, copied."""

    @property
    def more(self) -> bool:
        """Whether more parts followed this one when it was received."""

class Socket:
    """A libzmq socket in CZMQ's context (private layer)."""

    def __init__(self, type: int) -> None:
        """Create a socket of a libzmq socket type."""

    def close(self) -> None:
        """Close the socket; safe from any thread, idempotent."""

    @property
    def closed(self) -> bool:
        """Whether the socket is closed."""

    @property
    def socket_type(self) -> int:
        """The libzmq socket type."""

    def _bind(self, endpoint: str) -> str:
        """Bind; return the last endpoint."""

    def _connect(self, endpoint: str) -> str:
        """Connect; return the last endpoint."""

    def _unbind(self, endpoint: str) -> None:
        """Unbind from an endpoint."""

    def _disconnect(self, endpoint: str) -> None:
        """Disconnect from an endpoint."""

    def send(self, data: object | None, *, more: bool = False, dontwait: bool = False, timeout: float | None = None) -> None:
        """
        Send one frame.

        Parameters
        ----------
        data : bytes-like or Frame
            ``bytes``, ``bytearray``, ``memoryview``, a contiguous array, or a
            :class:`~czmq.Frame` (which stays valid).  ``str`` raises ``TypeError``
            (see :meth:`send_string`).  ``bytes`` of 64 KiB or more are sent
            without a copy.
        more : bool
            More parts of the same message follow.
        dontwait : bool
            Raise :class:`~czmq.Again` instead of waiting.
        timeout : float, optional
            Seconds to wait; ``None`` uses the ``sndtimeo`` option (by default
            forever), ``math.inf`` waits forever.  On expiry :class:`~czmq.Timeout`.

        Raises
        ------
        SocketClosed
            If the socket is closed, also by another thread during the wait.
        SocketInUse
            If another thread is in the middle of a multipart message.
        MessageTooLarge
            For a frame over 2 GiB - 1.
        """

    def _send_multipart(self, parts: Sequence, dontwait: bool, timeout: float | None) -> None:
        """Send a sequence of bytes-like objects as one message."""

    def _send_frames(self, frames: Sequence, more: bool, dontwait: bool, timeout: float | None) -> None:
        """Send a sequence of Frames as one message."""

    def recv(self, *, dontwait: bool = False, timeout: float | None = None) -> bytes:
        """
        Receive one frame as ``bytes``.

        Parameters
        ----------
        dontwait : bool
            Raise :class:`~czmq.Again` if nothing is waiting.
        timeout : float, optional
            Seconds to wait; ``None`` uses the ``rcvtimeo`` option (by default
            forever), ``math.inf`` waits forever.  On expiry :class:`~czmq.Timeout`.

        Returns
        -------
        bytes
            The frame; the ``rcvmore`` option says whether more parts follow.

        Raises
        ------
        SocketClosed
            If the socket is closed, also by another thread during the wait.
        """

    def _recv_multipart(self, dontwait: bool, timeout: float | None) -> list:
        """Receive all parts of a message as bytes."""

    def _send_many(self, items: Sequence, dontwait: bool, timeout: float | None) -> int:
        """Send each bytes-like item as a one-part message; return the count."""

    def _recv_many(self, limit: int, dontwait: bool, timeout: float | None) -> list:
        """Receive up to limit frames: wait for one, then take what is queued."""

    def _recv_frame(self, cls: object, dontwait: bool, timeout: float | None) -> object:
        """Receive one frame as an instance of cls."""

    def _recv_frames(self, cls: object, dontwait: bool, timeout: float | None) -> list:
        """Receive all parts of a message as instances of cls."""

    def _get_int(self, option: int) -> int:
        """Read an int option."""

    def _set_int(self, option: int, value: int) -> None:
        """Set an int option."""

    def _get_int64(self, option: int) -> int:
        """Read an int64 option."""

    def _set_int64(self, option: int, value: int) -> None:
        """Set an int64 option."""

    def _get_uint64(self, option: int) -> int:
        """Read a uint64 option."""

    def _set_uint64(self, option: int, value: int) -> None:
        """Set a uint64 option."""

    def _get_bytes(self, option: int, capacity: int = 256) -> bytes:
        """Read a binary option."""

    def _set_bytes(self, option: int, value: object) -> None:
        """Set a binary option."""

def socket_count() -> int:
    """Number of czmq sockets not yet closed or collected."""

def poll_in(sockets: Sequence[Socket], timeout: float | None, first_only: bool) -> list:
    """
    Indices of the sockets that can receive, waiting up to timeout seconds.
    """

SOCKET_TYPES: dict = ...

OPTIONS: dict = ...
