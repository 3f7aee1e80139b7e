"""One measurement in a fresh process, for bench/run.py.

Usage: python bench/worker.py '<json spec>'

The spec names the library ("czmq" or "pyzmq"), the kind of measurement
and its parameters.  The process pins itself to ``spec["cpu"]`` *before*
importing the library, so that libzmq's I/O thread, started later, inherits
the pinning; then it runs the measurement and prints one JSON line.

Kinds:

``thr``
    PUSH/PULL throughput.  A sender thread sends ``count`` messages (of
    ``parts`` frames of ``size`` bytes); the main thread receives them and
    times from the first message received to the last.  For pyzmq,
    ``copy`` and ``recv_copy`` (default true) are the ``copy=`` arguments of
    ``send`` and ``recv``; for czmq, ``frame: true`` receives with
    ``recv_frame()``, which does not copy the received data.
``batch``
    The same with czmq's ``send_many``/``recv_many``.
``lat``
    REQ/REP round trips: an echo thread answers, the main thread makes one
    untimed round trip and then times ``count`` more.
``mem``
    RSS growth of this process over ``count`` messages sent and received
    (after a warm-up), read from /proc/self/statm.

Every socket is on 127.0.0.1 or inproc://.  Every loop is bounded.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
from time import perf_counter

BATCH = 1000  # messages per send_many call, and recv_many's limit
MEM_CHUNK = 100  # messages in flight at once in the memory test


def pin(cpu: int) -> bool:
    if cpu < 0 or not hasattr(os, "sched_setaffinity"):
        return False
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return False
    return os.sched_getaffinity(0) == {cpu}


# ---- czmq -------------------------------------------------------------------


class CzmqLib:
    name = "czmq"

    def __init__(self) -> None:
        import czmq

        self.czmq = czmq

    def version(self) -> str:
        major, minor, patch = self.czmq.zmq_version()
        return f"czmq {self.czmq.__version__}, libzmq {major}.{minor}.{patch}"

    def pair(self, bind_type: str, connect_type: str, transport: str):
        czmq = self.czmq
        server = czmq.Socket(bind_type, linger=0)
        if transport == "tcp":
            port = server.bind("tcp://127.0.0.1:*")
            endpoint = f"tcp://127.0.0.1:{port}"
        else:
            endpoint = f"inproc://bench-{os.getpid()}"
            server.bind(endpoint)
        client = czmq.Socket(connect_type, ">" + endpoint, linger=0)
        return server, client

    @staticmethod
    def close(*sockets) -> None:
        for s in sockets:
            s.close()


# ---- pyzmq ------------------------------------------------------------------


class PyzmqLib:
    name = "pyzmq"

    def __init__(self) -> None:
        import zmq

        self.zmq = zmq
        self.ctx = zmq.Context()

    def version(self) -> str:
        return f"pyzmq {self.zmq.__version__}, libzmq {self.zmq.zmq_version()}"

    def pair(self, bind_type: str, connect_type: str, transport: str):
        zmq = self.zmq
        server = self.ctx.socket(getattr(zmq, bind_type))
        server.linger = 0
        if transport == "tcp":
            port = server.bind_to_random_port("tcp://127.0.0.1")
            endpoint = f"tcp://127.0.0.1:{port}"
        else:
            endpoint = f"inproc://bench-{os.getpid()}"
            server.bind(endpoint)
        client = self.ctx.socket(getattr(zmq, connect_type))
        client.linger = 0
        client.connect(endpoint)
        return server, client

    def close(self, *sockets) -> None:
        for s in sockets:
            s.close()


# ---- measurements -------------------------------------------------------------


def run_thread(target) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def body() -> None:
        try:
            target()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread, errors


def finish(thread: threading.Thread, errors: list[BaseException]) -> None:
    thread.join(60)
    if thread.is_alive():
        raise RuntimeError("the helper thread did not finish")
    if errors:
        raise errors[0]


def throughput(lib, spec: dict) -> dict:
    size, count, parts = spec["size"], spec["count"], spec["parts"]
    copy = spec.get("copy", True)
    recv_copy = spec.get("recv_copy", True)
    payload = b"x" * size
    pull, push = lib.pair("PULL", "PUSH", spec["transport"])

    if parts > 1:
        message = [payload] * parts

        def sender() -> None:
            send = push.send_multipart
            for _ in range(count):
                send(message)

        receive = pull.recv_multipart
    elif lib.name == "pyzmq" and not (copy and recv_copy):

        def sender() -> None:
            send = push.send
            for _ in range(count):
                send(payload, copy=copy)

        def receive():
            return pull.recv(copy=recv_copy)

    else:

        def sender() -> None:
            send = push.send
            for _ in range(count):
                send(payload)

        # czmq's recv_frame() exposes the received bytes without a copy.
        receive = pull.recv_frame if spec.get("frame") else pull.recv

    thread, errors = run_thread(sender)
    receive()
    start = perf_counter()
    for _ in range(count - 1):
        receive()
    elapsed = perf_counter() - start
    finish(thread, errors)
    lib.close(push, pull)
    return {"elapsed": elapsed, "measured": count - 1}


def batch_throughput(lib, spec: dict) -> dict:
    if lib.name != "czmq":
        raise ValueError("only czmq has a batch API")
    size, count = spec["size"], spec["count"]
    payload = b"x" * size
    full = [payload] * BATCH
    pull, push = lib.pair("PULL", "PUSH", spec["transport"])

    def sender() -> None:
        send_many = push.send_many
        left = count
        while left >= BATCH:
            send_many(full)
            left -= BATCH
        if left:
            send_many(full[:left])

    thread, errors = run_thread(sender)
    recv_many = pull.recv_many
    got = len(recv_many(BATCH))
    first = got
    start = perf_counter()
    calls = 0
    while got < count:
        got += len(recv_many(BATCH))
        calls += 1
    elapsed = perf_counter() - start
    finish(thread, errors)
    lib.close(push, pull)
    if got != count:
        raise RuntimeError(f"received {got} messages, sent {count}")
    return {
        "elapsed": elapsed,
        "measured": count - first,
        "recv_calls": calls,
        "mean_batch": (count - first) / calls if calls else None,
    }


def latency(lib, spec: dict) -> dict:
    size, count = spec["size"], spec["count"]
    payload = b"x" * size
    rep, req = lib.pair("REP", "REQ", spec["transport"])

    def echo() -> None:
        recv, send = rep.recv, rep.send
        for _ in range(count + 1):
            send(recv())

    thread, errors = run_thread(echo)
    send, recv = req.send, req.recv
    send(payload)
    recv()
    start = perf_counter()
    for _ in range(count):
        send(payload)
        recv()
    elapsed = perf_counter() - start
    finish(thread, errors)
    lib.close(req, rep)
    return {"elapsed": elapsed, "measured": count}


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory(lib, spec: dict) -> dict:
    """RSS growth over spec["count"] messages in chunks of MEM_CHUNK."""
    size, count = spec["size"], spec["count"]
    batch = spec.get("batch", False)
    payload = b"x" * size
    chunk = [payload] * MEM_CHUNK
    pull, push = lib.pair("PULL", "PUSH", "inproc")

    def run(total: int) -> None:
        if batch:
            send_many, recv_many = push.send_many, pull.recv_many
            for _ in range(total // MEM_CHUNK):
                send_many(chunk)
                got = 0
                while got < MEM_CHUNK:
                    got += len(recv_many(MEM_CHUNK))
        else:
            send, recv = push.send, pull.recv
            for _ in range(total // MEM_CHUNK):
                for _ in range(MEM_CHUNK):
                    send(payload)
                for _ in range(MEM_CHUNK):
                    recv()

    run(spec.get("warmup", 20_000))
    gc.collect()
    before = rss_bytes()
    start = perf_counter()
    run(count)
    elapsed = perf_counter() - start
    gc.collect()
    after = rss_bytes()
    lib.close(push, pull)
    return {
        "elapsed": elapsed,
        "measured": count,
        "rss_before": before,
        "rss_after": after,
        "growth_mb": (after - before) / 1e6,
    }


KINDS = {"thr": throughput, "batch": batch_throughput, "lat": latency, "mem": memory}


def main() -> None:
    spec = json.loads(sys.argv[1])
    pinned = pin(spec.get("cpu", -1))
    affinity = (
        sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    )
    lib = CzmqLib() if spec["lib"] == "czmq" else PyzmqLib()
    result = KINDS[spec["kind"]](lib, spec)
    result.update(pinned=pinned, affinity=affinity, version=lib.version())
    if spec["lib"] == "pyzmq":
        lib.ctx.term()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
