"""Socket options: one table, turned into typed properties of :class:`Socket`.

Values go straight to ``zmq_setsockopt`` (never to CZMQ's setters, which
abort the process on a refused value), after a range check here; a value
libzmq refuses raises :class:`~czmq.error.InvalidArgument` naming the option
and the value.

libzmq copies a socket's options into each endpoint when it binds or
connects.  An option set afterwards does not reach that endpoint's
connections, not even peers that connect to a bound endpoint later; it
applies to later ``bind``/``connect`` calls only.  Pass options to the
:class:`Socket` constructor, which applies them before any endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from czmq import _czmq
from czmq.error import ZMQError

__all__ = ["Option", "OPTIONS", "SocketOptions"]

_IDS = _czmq.OPTIONS
_INT_RANGE = {"int": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_INT_RANGE["uint64"] = (0, 2**64 - 1)


class Option(NamedTuple):
    """One libzmq socket option.

    Attributes
    ----------
    name : str
        Lower-case name, also the property name on :class:`Socket`.
    id : int
        libzmq's number for the option.
    kind : str
        ``"int"``, ``"int64"``, ``"uint64"``, ``"bool"``, ``"bytes"``,
        ``"str"`` or ``"key"``.
    readable, writable : bool
        Whether the option can be read and set.
    doc : str
        What the option does.
    types : frozenset of int
        Socket types the option is for; empty means libzmq decides.
    """

    name: str
    id: int
    kind: str
    readable: bool
    writable: bool
    doc: str
    types: frozenset[int] = frozenset()


def _opt(name: str, kind: str, access: str, doc: str, types: str = "") -> Option:
    allowed = frozenset(_czmq.SOCKET_TYPES[t] for t in types.split())
    option_id = _IDS[name.upper()]
    return Option(name, option_id, kind, "r" in access, "w" in access, doc, allowed)


# Every stable libzmq 4.3 socket option (deprecated aliases left out).  kind:
# int (C int), int64, uint64, bool, bytes, str, or key (a CURVE key: 32 bytes
# or 40 characters of Z85; read back as Z85).  access: r, w or rw.  types:
# the socket types the option is for, where libzmq itself does not refuse
# the others.
OPTIONS: dict[str, Option] = {
    o.name: o
    for o in [
        _opt("affinity", "uint64", "rw", "I/O thread affinity bitmap of new connections."),
        _opt("routing_id", "bytes", "rw", "Identity a ROUTER peer sees, 1-255 bytes.", "REQ REP DEALER ROUTER"),
        _opt("subscribe", "bytes", "w", "Add a topic prefix to receive (bytes or str)."),
        _opt("unsubscribe", "bytes", "w", "Remove a topic prefix (bytes or str)."),
        _opt("rate", "int", "rw", "Multicast data rate in kbit/s."),
        _opt("recovery_ivl", "int", "rw", "Multicast recovery interval in ms."),
        _opt("sndbuf", "int", "rw", "Kernel send buffer size in bytes; -1 OS default."),
        _opt("rcvbuf", "int", "rw", "Kernel receive buffer size in bytes; -1 OS default."),
        _opt("rcvmore", "bool", "r", "Whether more parts of the current message follow."),
        _opt("fd", "int", "r", "File descriptor that signals events, for other event loops."),
        _opt("events", "int", "r", "Ready events: 1 (POLLIN) can receive, 2 (POLLOUT) can send."),
        _opt("type", "int", "r", "The socket type number."),
        _opt("linger", "int", "rw", "Milliseconds to keep unsent messages after close; -1 forever."),
        _opt("reconnect_ivl", "int", "rw", "Milliseconds before reconnecting; -1 never."),
        _opt("backlog", "int", "rw", "Queue length of pending incoming connections."),
        _opt("reconnect_ivl_max", "int", "rw", "Upper bound of the reconnect back-off in ms."),
        _opt("maxmsgsize", "int64", "rw", "Largest accepted inbound message in bytes; -1 no limit."),
        _opt("sndhwm", "int", "rw", "High-water mark of outgoing messages per peer; 0 no limit."),
        _opt("rcvhwm", "int", "rw", "High-water mark of incoming messages per peer; 0 no limit."),
        _opt("multicast_hops", "int", "rw", "Multicast time-to-live."),
        _opt("rcvtimeo", "int", "rw", "Default receive timeout in ms; -1 forever."),
        _opt("sndtimeo", "int", "rw", "Default send timeout in ms; -1 forever."),
        _opt("last_endpoint", "str", "r", "The endpoint last bound or connected."),
        _opt("router_mandatory", "bool", "w", "Raise instead of dropping unroutable messages."),
        _opt("tcp_keepalive", "int", "rw", "SO_KEEPALIVE: -1 OS default, 0 off, 1 on."),
        _opt("tcp_keepalive_cnt", "int", "rw", "TCP_KEEPCNT; -1 OS default."),
        _opt("tcp_keepalive_idle", "int", "rw", "TCP_KEEPIDLE in seconds; -1 OS default."),
        _opt("tcp_keepalive_intvl", "int", "rw", "TCP_KEEPINTVL in seconds; -1 OS default."),
        _opt("immediate", "bool", "rw", "Queue messages only to completed connections."),
        _opt("xpub_verbose", "bool", "w", "Pass all subscriptions upstream, not only new ones."),
        _opt("router_raw", "bool", "w", "Raw mode for ROUTER (no framing)."),
        _opt("ipv6", "bool", "rw", "Enable IPv6 on the socket."),
        _opt("mechanism", "int", "r", "Security mechanism: 0 NULL, 1 PLAIN, 2 CURVE, 3 GSSAPI."),
        _opt("plain_server", "bool", "rw", "Act as PLAIN server."),
        _opt("plain_username", "str", "rw", "PLAIN user name (client)."),
        _opt("plain_password", "str", "rw", "PLAIN password (client)."),
        _opt("curve_server", "bool", "rw", "Act as CURVE server."),
        _opt("curve_publickey", "key", "rw", "Own long-term CURVE public key."),
        _opt("curve_secretkey", "key", "rw", "Own long-term CURVE secret key."),
        _opt("curve_serverkey", "key", "rw", "The server's CURVE public key (client)."),
        _opt("probe_router", "bool", "w", "Send an empty message on connect to a ROUTER."),
        _opt("req_correlate", "bool", "w", "Match replies to requests with request ids."),
        _opt("req_relaxed", "bool", "w", "Let REQ send again without waiting for a reply."),
        _opt("conflate", "bool", "w", "Keep only the last message in the queues."),
        _opt("zap_domain", "str", "rw", "ZAP authentication domain."),
        _opt("router_handover", "bool", "w", "Give an identity to the newest peer using it."),
        _opt("tos", "int", "rw", "IP type-of-service of outgoing packets."),
        _opt("connect_routing_id", "bytes", "w", "Routing id of the peer of the next connect.", "ROUTER STREAM"),
        _opt("gssapi_server", "bool", "rw", "Act as GSSAPI server (libzmq built without GSSAPI)."),
        _opt("gssapi_principal", "str", "rw", "GSSAPI principal name."),
        _opt("gssapi_service_principal", "str", "rw", "GSSAPI service principal name."),
        _opt("gssapi_plaintext", "bool", "rw", "Disable GSSAPI encryption."),
        _opt("handshake_ivl", "int", "rw", "Milliseconds allowed for the handshake; 0 none."),
        _opt("socks_proxy", "str", "rw", "SOCKS5 proxy address for outgoing connections."),
        _opt("xpub_nodrop", "bool", "w", "Raise Again instead of dropping at the HWM."),
        _opt("xpub_manual", "bool", "w", "Manage subscriptions by hand on XPUB."),
        _opt("xpub_welcome_msg", "bytes", "w", "Message sent to each new subscriber."),
        _opt("stream_notify", "bool", "w", "Send connect/disconnect notifications on STREAM."),
        _opt("invert_matching", "bool", "rw", "Invert topic matching (PUB, XPUB, SUB)."),
        _opt("heartbeat_ivl", "int", "rw", "Milliseconds between ZMTP heartbeats; 0 off."),
        _opt("heartbeat_ttl", "int", "rw", "Heartbeat time-to-live sent to the peer, in ms."),
        _opt("heartbeat_timeout", "int", "rw", "Milliseconds to wait for a heartbeat reply."),
        _opt("xpub_verboser", "bool", "w", "Pass all subscriptions and unsubscriptions upstream."),
        _opt("connect_timeout", "int", "rw", "TCP connect timeout in ms; 0 OS default."),
        _opt("tcp_maxrt", "int", "rw", "TCP_USER_TIMEOUT in ms; 0 OS default."),
        _opt("thread_safe", "bool", "r", "Whether libzmq considers the socket thread-safe."),
        _opt("multicast_maxtpdu", "int", "rw", "Largest multicast transport data unit."),
        _opt("vmci_buffer_size", "uint64", "rw", "VMCI buffer size (libzmq built without VMCI)."),
        _opt("vmci_buffer_min_size", "uint64", "rw", "VMCI minimum buffer size."),
        _opt("vmci_buffer_max_size", "uint64", "rw", "VMCI maximum buffer size."),
        _opt("vmci_connect_timeout", "int", "rw", "VMCI connect timeout in ms."),
        _opt("use_fd", "int", "rw", "Use this pre-made listening file descriptor on bind."),
        _opt("gssapi_principal_nametype", "int", "rw", "Name type of the GSSAPI principal."),
        _opt("gssapi_service_principal_nametype", "int", "rw", "Name type of the service principal."),
        _opt("bindtodevice", "str", "rw", "Network interface to bind to (SO_BINDTODEVICE)."),
    ]
}  # fmt: skip

# Values never echoed in error messages.
_SECRET = frozenset({"curve_secretkey", "plain_password"})


class SocketOptions:
    """Mixin giving :class:`Socket` a typed property per option and generic access.

    Properties are made from :data:`OPTIONS` below the class; the
    annotations here only tell type checkers about them (a test keeps the
    two in step).  Write-only options raise ``AttributeError`` when read.
    """

    if TYPE_CHECKING:
        socket_type: int
        affinity: int
        routing_id: bytes
        subscribe: bytes | str
        unsubscribe: bytes | str
        rate: int
        recovery_ivl: int
        sndbuf: int
        rcvbuf: int

        @property
        def rcvmore(self) -> bool: ...

        @property
        def fd(self) -> int: ...

        @property
        def events(self) -> int: ...

        @property
        def type(self) -> int: ...

        linger: int
        reconnect_ivl: int
        backlog: int
        reconnect_ivl_max: int
        maxmsgsize: int
        sndhwm: int
        rcvhwm: int
        multicast_hops: int
        rcvtimeo: int
        sndtimeo: int

        @property
        def last_endpoint(self) -> str: ...

        router_mandatory: bool
        tcp_keepalive: int
        tcp_keepalive_cnt: int
        tcp_keepalive_idle: int
        tcp_keepalive_intvl: int
        immediate: bool
        xpub_verbose: bool
        router_raw: bool
        ipv6: bool

        @property
        def mechanism(self) -> int: ...

        plain_server: bool
        plain_username: str
        plain_password: str
        curve_server: bool
        curve_publickey: str | bytes
        curve_secretkey: str | bytes
        curve_serverkey: str | bytes
        probe_router: bool
        req_correlate: bool
        req_relaxed: bool
        conflate: bool
        zap_domain: str
        router_handover: bool
        tos: int
        connect_routing_id: bytes
        gssapi_server: bool
        gssapi_principal: str
        gssapi_service_principal: str
        gssapi_plaintext: bool
        handshake_ivl: int
        socks_proxy: str
        xpub_nodrop: bool
        xpub_manual: bool
        xpub_welcome_msg: bytes
        stream_notify: bool
        invert_matching: bool
        heartbeat_ivl: int
        heartbeat_ttl: int
        heartbeat_timeout: int
        xpub_verboser: bool
        connect_timeout: int
        tcp_maxrt: int

        @property
        def thread_safe(self) -> bool: ...

        multicast_maxtpdu: int
        vmci_buffer_size: int
        vmci_buffer_min_size: int
        vmci_buffer_max_size: int
        vmci_connect_timeout: int
        use_fd: int
        gssapi_principal_nametype: int
        gssapi_service_principal_nametype: int
        bindtodevice: str

    def set_option(self, name: str | int, value: Any) -> None:
        """Set an option by name (``"linger"``) or libzmq number.

        Raises
        ------
        ValueError
            For an unknown or read-only option, an option that is not for
            this socket type, or a value out of range or refused by libzmq
            (then :class:`~czmq.error.InvalidArgument`).
        TypeError
            For a value of the wrong type.
        """
        option = _lookup(name)
        if not option.writable:
            raise ValueError(f"option {option.name} is read-only")
        if option.types and self.socket_type not in option.types:
            kind = self._type_name()
            raise ValueError(
                f"cannot set option {option.name} of {kind} socket to "
                f"{_short_repr(value)}: the option does not apply to {kind} sockets"
            )
        raw = _convert(option, value)
        setter = _SETTERS.get(option.kind, "_set_bytes")
        try:
            getattr(self, setter)(option.id, raw)
        except ZMQError as exc:
            shown = "<secret>" if option.name in _SECRET else _short_repr(value)
            error = self._option_error(exc, f"set option {option.name}", f" to {shown}")
            raise error from None

    def _option_error(self, exc: ZMQError, action: str, detail: str = "") -> ZMQError:
        if exc.errno < 0:  # closed, forked: the original message says it all
            return exc
        message = f"cannot {action} of {self._type_name()} socket{detail}"
        return type(exc)(exc.errno, f"{message}: {exc.strerror}", exc.strerror)

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
        try:
            return self._read(option)
        except ZMQError as exc:
            raise self._option_error(exc, f"read option {option.name}") from None

    def _read(self, option: Option) -> Any:
        if option.kind in ("int", "bool"):
            value = self._get_int(option.id)  # type: ignore[attr-defined]
            return bool(value) if option.kind == "bool" else value
        if option.kind in ("int64", "uint64"):
            return getattr(self, f"_get_{option.kind}")(option.id)
        if option.kind == "key":
            z85: bytes = self._get_bytes(option.id, 41)  # type: ignore[attr-defined]
            return z85.rstrip(b"\0").decode("ascii")
        raw: bytes = self._get_bytes(option.id, 1024)  # type: ignore[attr-defined]
        if option.kind == "str":
            return raw.rstrip(b"\0").decode()
        return raw

    def _type_name(self) -> str:
        return _TYPE_NAMES[self.socket_type]


_SETTERS = {
    "int": "_set_int",
    "bool": "_set_int",
    "int64": "_set_int64",
    "uint64": "_set_uint64",
}
_TYPE_NAMES: dict[int, str] = {
    number: name for name, number in _czmq.SOCKET_TYPES.items()
}


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}... ({len(value)} long)"


def _check_use_fd(value: int) -> None:
    # libzmq aborts the process when bind() meets a descriptor that is not a
    # listening socket; catch what can be caught before that.
    import os
    import stat

    try:
        mode = os.fstat(value).st_mode
    except OSError as exc:
        raise ValueError(
            f"cannot set option use_fd to {value!r}: {exc.strerror}"
        ) from None
    if not stat.S_ISSOCK(mode):
        raise ValueError(f"cannot set option use_fd to {value!r}: not a socket")


def _convert(option: Option, value: Any) -> Any:
    """Check ``value`` for ``option`` and return what the extension takes."""
    kind = option.kind
    if kind == "bool":
        if not isinstance(value, int):
            raise TypeError(f"option {option.name} needs a bool, not {value!r}")
        return int(bool(value))
    if kind in _INT_RANGE:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"option {option.name} needs an int, not {value!r}")
        low, high = _INT_RANGE[kind]
        if not low <= value <= high:
            raise ValueError(
                f"cannot set option {option.name} to {value!r}: "
                f"out of range [{low}, {high}]"
            )
        if option.name == "use_fd" and value != -1:
            _check_use_fd(value)
        return value
    if isinstance(value, str):
        if kind == "bytes" and option.name not in ("subscribe", "unsubscribe"):
            raise TypeError(f"option {option.name} needs bytes, not str {value!r}")
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"option {option.name} needs bytes or str, not {value!r}")


def _lookup(name: str | int) -> Option:
    if not isinstance(name, (str, int)) or isinstance(name, bool):
        raise TypeError(f"an option is named by a str or an int, not {name!r}")
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
