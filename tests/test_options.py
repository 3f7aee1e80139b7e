"""Socket options: every option of the table, read back after set."""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

import czmq
from czmq import _czmq
from czmq.options import OPTIONS, SocketOptions

PUBLIC_KEY = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
SECRET_KEY = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

# A value libzmq reads back unchanged, per option (default: by kind).
SAMPLES: dict[str, object] = {
    "routing_id": b"\x00peer",
    "curve_publickey": PUBLIC_KEY,
    "curve_secretkey": SECRET_KEY,
    "curve_serverkey": PUBLIC_KEY,
    "tcp_keepalive": 1,
    "tos": 8,
    "heartbeat_ttl": 2000,
    "plain_username": "alice",
    "plain_password": "secret",
    "zap_domain": "global",
    "socks_proxy": "127.0.0.1:1080",
    "bindtodevice": "lo",
    "use_fd": -1,
    "affinity": 3,
    "maxmsgsize": 1 << 40,
}
BY_KIND = {"int": 7, "int64": 7, "uint64": 7, "bool": True, "bytes": b"x", "str": "x"}

# Socket type on which each option is tried (default DEALER).
SOCKET_FOR = {
    "subscribe": "SUB",
    "unsubscribe": "SUB",
    "router_mandatory": "ROUTER",
    "router_raw": "ROUTER",
    "router_handover": "ROUTER",
    "connect_routing_id": "ROUTER",
    "probe_router": "DEALER",
    "req_correlate": "REQ",
    "req_relaxed": "REQ",
    "xpub_verbose": "XPUB",
    "xpub_verboser": "XPUB",
    "xpub_nodrop": "XPUB",
    "xpub_manual": "XPUB",
    "xpub_welcome_msg": "XPUB",
    "stream_notify": "STREAM",
    "invert_matching": "SUB",
}

# Options for transports or mechanisms this libzmq is built without.
NOT_BUILT = {
    name
    for name in OPTIONS
    if name.startswith(("gssapi_", "vmci_"))
}  # fmt: skip


def sample(name: str) -> object:
    return SAMPLES.get(name, BY_KIND.get(OPTIONS[name].kind))


@pytest.fixture
def socket_for(make_socket):  # type: ignore[no-untyped-def]
    def make(name: str) -> czmq.Socket:
        return make_socket(SOCKET_FOR.get(name, "DEALER"))  # type: ignore[no-any-return]

    return make


READ_WRITE = sorted(
    n for n, o in OPTIONS.items() if o.readable and o.writable and n not in NOT_BUILT
)
WRITE_ONLY = sorted(n for n, o in OPTIONS.items() if o.writable and not o.readable)
READ_ONLY = sorted(n for n, o in OPTIONS.items() if o.readable and not o.writable)


@pytest.mark.parametrize("name", READ_WRITE)
def test_option_reads_back_what_was_set(socket_for, name: str) -> None:  # type: ignore[no-untyped-def]
    sock = socket_for(name)
    value = sample(name)
    setattr(sock, name, value)
    assert getattr(sock, name) == value
    assert sock.get_option(name) == value
    assert sock.get_option(OPTIONS[name].id) == value


@pytest.mark.parametrize("name", WRITE_ONLY)
def test_write_only_option_is_accepted_and_not_readable(socket_for, name: str) -> None:  # type: ignore[no-untyped-def]
    sock = socket_for(name)
    setattr(sock, name, sample(name))
    with pytest.raises(AttributeError):
        getattr(sock, name)
    with pytest.raises(ValueError, match="write-only"):
        sock.get_option(name)


@pytest.mark.parametrize("name", READ_ONLY)
def test_read_only_option_reads_and_refuses_writes(make_socket, name: str) -> None:  # type: ignore[no-untyped-def]
    sock = make_socket("DEALER")
    getattr(sock, name)
    with pytest.raises(AttributeError):
        setattr(sock, name, sample(name))
    with pytest.raises(ValueError, match="read-only"):
        sock.set_option(name, sample(name))


@pytest.mark.parametrize("name", sorted(NOT_BUILT))
def test_options_of_missing_features_raise_cleanly(make_socket, name: str) -> None:  # type: ignore[no-untyped-def]
    sock = make_socket("DEALER")
    with pytest.raises(czmq.InvalidArgument, match=name):
        sock.set_option(name, sample(name))
    sock.linger = 0  # the socket still takes options afterwards
    assert sock.linger == 0


def test_subscribe_accepts_bytes_and_str(make_socket) -> None:  # type: ignore[no-untyped-def]
    sock = make_socket("SUB")
    sock.subscribe = b"\x00\xff"
    sock.subscribe = "topic"
    sock.unsubscribe = "topic"


def test_options_at_construction_apply_before_connect(make_socket) -> None:  # type: ignore[no-untyped-def]
    """S8.1: constructor options are set before any bind or connect."""
    sock = make_socket("PUSH", ">tcp://127.0.0.1:1", sndhwm=10, linger=0)
    assert (sock.sndhwm, sock.linger) == (10, 0)


def test_table_covers_every_option_of_the_header() -> None:
    assert {name.lower() for name in _czmq.OPTIONS} == set(OPTIONS)
    assert all(OPTIONS[n.lower()].id == i for n, i in _czmq.OPTIONS.items())


def test_annotations_match_the_table() -> None:
    """Type checkers see exactly the table's options, with matching types."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(SocketOptions)))
    block = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    )
    declared = {}
    for node in block.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared[node.target.id] = (ast.unparse(node.annotation), "settable")
        elif isinstance(node, ast.FunctionDef) and node.returns is not None:
            if [ast.unparse(d) for d in node.decorator_list] == ["property"]:
                declared[node.name] = (ast.unparse(node.returns), "read-only")
    declared.pop("socket_type")
    python_type = {"int64": "int", "uint64": "int", "key": "str | bytes"}
    # Topic prefixes may be given as str too.
    widened = {"subscribe": "bytes | str", "unsubscribe": "bytes | str"}
    expected = {
        n: (
            widened.get(n, python_type.get(o.kind, o.kind)),
            "settable" if o.writable else "read-only",
        )
        for n, o in OPTIONS.items()
    }
    assert declared == expected


def test_unknown_option_names_the_value(make_socket) -> None:  # type: ignore[no-untyped-def]
    sock = make_socket("DEALER")
    with pytest.raises(ValueError, match="'no_such_option'"):
        sock.set_option("no_such_option", 1)
    with pytest.raises(ValueError, match="12345"):
        sock.get_option(12345)
    with pytest.raises(TypeError, match="linger"):
        sock.linger = "long"


def test_use_fd_refuses_what_libzmq_would_abort_on(make_socket, tmp_path) -> None:
    sock = make_socket("PULL")
    with pytest.raises(ValueError, match="use_fd"):
        sock.use_fd = 9999
    with (
        open(tmp_path / "plain", "w") as f,
        pytest.raises(ValueError, match="not a socket"),
    ):
        sock.use_fd = f.fileno()
    assert sock.use_fd == -1
