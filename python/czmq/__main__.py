"""``python -m czmq``: report the bundled versions and prove a round trip."""

from __future__ import annotations

import sys

import czmq


def _round_trip(transport: str) -> None:
    endpoint = (
        "inproc://czmq-selfcheck" if transport == "inproc" else "tcp://127.0.0.1:*"
    )
    with czmq.Socket("PAIR", linger=0) as a, czmq.Socket("PAIR", linger=0) as b:
        port = a.bind(endpoint)
        b.connect(endpoint if port is None else f"tcp://127.0.0.1:{port}")
        payload = [b"czmq", b"\x00binary\xff", b""]
        b.send_multipart(payload, timeout=5)
        got = a.recv_multipart(timeout=5)
        if got != payload:
            raise RuntimeError(f"{transport} round trip returned {got!r}")


def main() -> int:
    """Print versions and features, run round trips; return the exit status."""
    print(f"czmq {czmq.__version__}")
    print(f"libzmq {'.'.join(map(str, czmq.zmq_version()))}")
    print(f"CZMQ {'.'.join(map(str, czmq.czmq_version()))}")
    features = ["curve", "ipc", "tipc", "norm", "pgm", "gssapi", "draft"]
    print("features: " + ", ".join(f for f in features if czmq.has(f)))
    status = 0
    for transport in ("inproc", "tcp"):
        try:
            _round_trip(transport)
            print(f"round trip over {transport}: ok")
        except Exception as exc:  # report every failure, then fail
            print(f"round trip over {transport}: FAILED: {exc}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
