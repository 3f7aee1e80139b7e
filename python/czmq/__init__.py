"""czmq: ZeroMQ for Python through CZMQ and libzmq, bundled and statically linked."""

from __future__ import annotations

from czmq import _czmq
from czmq.constants import SocketType
from czmq.context import Context
from czmq.error import (
    AddressInUse,
    Again,
    ContextTerminated,
    ForkedSocket,
    InvalidArgument,
    InvalidState,
    MessageTooLarge,
    SocketClosed,
    SocketInUse,
    Timeout,
    TooManySockets,
    ZMQError,
)
from czmq.frame import Frame
from czmq.message import Message
from czmq.poller import Poller
from czmq.socket import Socket
from czmq.system import configure, czmq_version, has, settings, shutdown, zmq_version

__version__ = "0.1.0"

PAIR = SocketType.PAIR
PUB = SocketType.PUB
SUB = SocketType.SUB
REQ = SocketType.REQ
REP = SocketType.REP
DEALER = SocketType.DEALER
ROUTER = SocketType.ROUTER
PULL = SocketType.PULL
PUSH = SocketType.PUSH
XPUB = SocketType.XPUB
XSUB = SocketType.XSUB
STREAM = SocketType.STREAM

DEFAULT_LINGER_MS: int = _czmq.DEFAULT_LINGER_MS

__all__ = [
    "AddressInUse",
    "Again",
    "Context",
    "ContextTerminated",
    "DEALER",
    "DEFAULT_LINGER_MS",
    "ForkedSocket",
    "Frame",
    "InvalidArgument",
    "InvalidState",
    "Message",
    "MessageTooLarge",
    "PAIR",
    "Poller",
    "PUB",
    "PULL",
    "PUSH",
    "REP",
    "REQ",
    "ROUTER",
    "STREAM",
    "SUB",
    "Socket",
    "SocketClosed",
    "SocketInUse",
    "SocketType",
    "Timeout",
    "TooManySockets",
    "XPUB",
    "XSUB",
    "ZMQError",
    "__version__",
    "configure",
    "czmq_version",
    "has",
    "settings",
    "shutdown",
    "zmq_version",
]
