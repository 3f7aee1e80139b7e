"""Acceptance scenarios S2, S7 and S14 of shared/cases/sockets.md: the process.

Running out of sockets, garbage-collection order of contexts and sockets,
and a second copy of libzmq (pyzmq's) in the same process.  Every case runs
in a child interpreter with a hard timeout: they change process-wide limits,
load libraries with unusual flags or may abort.
"""

from __future__ import annotations

import functools
import gc
import time

import pytest
from childproc import assert_clean_exit as _assert_clean
from childproc import run_child as _run_child

import czmq

# ---- helpers ------------------------------------------------------------------


# ---- S2: running out of sockets ----------------------------------------------

# Lowers the socket limit one of two ways, then fills it.  CZMQ reads
# ZSYS_MAX_SOCKETS when it starts; RLIMIT_NOFILE is lowered after CZMQ's
# threads exist, so that only new sockets run out of descriptors.
_S2_PRELUDE = """
    import os, resource, sys, time
    import czmq

    HOW = sys.argv[1]
    if HOW == "rlimit":
        czmq.Socket("PAIR", linger=0).close()
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))

    def fill():
        made = []
        for _ in range(5000):
            try:
                made.append(czmq.Socket("PAIR", linger=0))
            except czmq.TooManySockets as exc:
                assert isinstance(exc, OSError)
                return made, exc
        raise SystemExit(f"no limit reached after {len(made)} sockets")
"""

_S2_ENV = {"ZSYS_MAX_SOCKETS": "64"}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("how", ["env", "rlimit"])
def test_s2_socket_limit_raises_too_many_sockets(how: str) -> None:
    """S2.1-S2.2: creating sockets past a lowered limit raises TooManySockets, never
    aborts.
    """
    code = (
        _S2_PRELUDE
        + """
    made, exc = fill()
    assert 10 < len(made) <= 64, len(made)
    assert "socket" in str(exc), str(exc)
    for s in made:
        s.close()
    print("OK", len(made))
    """
    )
    proc = _run_child(
        code, timeout=15, args=(how,), env=_S2_ENV if how == "env" else None
    )
    _assert_clean(proc)
    assert proc.stdout.startswith("OK"), proc.stdout


@pytest.mark.timeout(20)
@pytest.mark.parametrize("how", ["env", "rlimit"])
def test_s2_close_ten_then_create_ten(how: str) -> None:
    """S2.3: at the limit, closing ten sockets lets ten new ones be created right away."""
    code = (
        _S2_PRELUDE
        + """
    made, exc = fill()
    for s in made[:10]:
        s.close()
    made = made[10:]
    try:
        for i in range(10):
            made.append(czmq.Socket("PAIR", linger=0))
        print("OK")
    except czmq.TooManySockets as exc:
        print("REFUSED", i, exc)
    for s in made:
        s.close()
    """
    )
    proc = _run_child(
        code, timeout=15, args=(how,), env=_S2_ENV if how == "env" else None
    )
    _assert_clean(proc)
    assert proc.stdout.strip() == "OK", proc.stdout


@pytest.mark.timeout(30)
@pytest.mark.parametrize("how", ["env", "rlimit"])
def test_s2_create_and_close_five_thousand(how: str) -> None:
    """S2.3: under the lowered limit, 5,000 sockets created and closed in a row all work."""
    code = (
        _S2_PRELUDE
        + """
    refused = 0
    for i in range(5000):
        try:
            s = czmq.Socket("PAIR", linger=0)
        except czmq.TooManySockets:
            refused += 1
            continue
        s.close()
    time.sleep(0.5)                       # whatever the loop left is reaped now
    with czmq.Socket("PAIR", "@inproc://s2-after", linger=0) as a, \\
         czmq.Socket("PAIR", ">inproc://s2-after", linger=0) as b:
        b.send(b"alive", timeout=2)
        assert a.recv(timeout=2) == b"alive"
    print("REFUSED", refused)
    """
    )
    proc = _run_child(
        code, timeout=25, args=(how,), env=_S2_ENV if how == "env" else None
    )
    _assert_clean(proc)
    assert proc.stdout.strip() == "REFUSED 0", proc.stdout


# ---- S7: garbage collection order ---------------------------------------------


@pytest.mark.timeout(10)
def test_s7_socket_from_unreferenced_context_works() -> None:
    """S7.1: Context().socket(PUB) with no reference to the context binds and sends after gc."""
    pub = czmq.Context().socket("PUB", linger=0)
    try:
        for _ in range(3):
            gc.collect()
        endpoint = "inproc://s7-orphan"
        pub.bind(endpoint)
        with czmq.Socket("SUB", f">{endpoint}", linger=0, subscribe=b"") as sub:
            for _ in range(100):
                pub.send(b"tick")
                try:
                    assert sub.recv(timeout=0.02) == b"tick"
                    break
                except czmq.Timeout:
                    continue
            else:
                pytest.fail("PUB of a collected context never delivered")
        assert pub.context is not None and not pub.context.closed
    finally:
        pub.close()


@pytest.mark.timeout(20)
def test_s7_cycle_with_context_and_sockets_collects_quickly() -> None:
    """S7.2: gc.collect() of a cycle holding a context and two sockets (one unsent) takes < 1 s."""
    code = """
        import gc, time
        import czmq

        class Holder:
            pass

        def make_cycle():
            h = Holder()
            h.ctx = czmq.Context()
            h.push = h.ctx.socket("PUSH", ">tcp://127.0.0.1:9")       # default linger
            h.pull = h.ctx.socket("PULL", "@tcp://127.0.0.1:*")
            h.push.send(b"never delivered")
            h.me = h
            h.push.owner = h

        gc.disable()
        for _ in range(5):
            make_cycle()
        before = czmq._czmq.socket_count()
        start = time.monotonic()
        found = gc.collect()
        took = time.monotonic() - start
        assert found > 0
        assert took < 1.0, took
        assert czmq._czmq.socket_count() == before - 10, (before, czmq._czmq.socket_count())
        print("OK", took)
    """
    proc = _run_child(code, timeout=15)
    _assert_clean(proc)
    assert proc.stdout.startswith("OK"), proc.stdout


@pytest.mark.timeout(30)
def test_s7_thousand_contexts_keep_descriptors_stable() -> None:
    """S7.3: 1,000 contexts with sockets created and dropped: no hang, descriptors stable."""
    code = """
        import gc, os, time
        import czmq

        def fds():
            return len(os.listdir("/proc/self/fd"))

        czmq.Socket("PAIR", linger=0).close()      # CZMQ's own descriptors first
        gc.collect()
        time.sleep(0.1)
        start_fds = fds()
        for i in range(1000):
            ctx = czmq.Context()
            a = ctx.socket("PAIR", f"@inproc://s7-{i}", linger=0)
            b = ctx.socket("PUSH", ">tcp://127.0.0.1:9", linger=0)
            c = ctx.socket("PULL", "@tcp://127.0.0.1:*", linger=0)
            if i % 2:
                ctx.destroy()
            del ctx, a, b, c
        gc.collect()
        time.sleep(0.3)           # closed sockets are reaped asynchronously
        end_fds = fds()
        assert end_fds - start_fds <= 2, (start_fds, end_fds)
        print("OK", start_fds, end_fds)
    """
    proc = _run_child(code, timeout=25)
    _assert_clean(proc)
    assert proc.stdout.startswith("OK"), proc.stdout


@pytest.mark.timeout(20)
def test_s7_exit_with_cycles_alive() -> None:
    """S7.3: interpreter exit with context/socket cycles alive ends with status 0 within 5 s."""
    code = """
        import gc
        import czmq

        class Holder:
            pass

        gc.disable()
        for i in range(50):
            h = Holder()
            h.ctx = czmq.Context()
            h.push = h.ctx.socket("PUSH", ">tcp://127.0.0.1:9")
            h.push.send(b"unsent %d" % i)
            h.pull = h.ctx.socket("PULL", "@tcp://127.0.0.1:*")
            h.me = h
        del h
        print("EXITING")
    """
    start = time.monotonic()
    proc = _run_child(code, timeout=10)
    took = time.monotonic() - start
    _assert_clean(proc)
    assert proc.stdout.strip() == "EXITING"
    assert took < 5.0, took


# ---- S14: two copies of libzmq in one process ---------------------------------


@functools.lru_cache(maxsize=1)
def _versions_alone() -> tuple[str, str]:
    """The libzmq versions czmq and pyzmq report when each is loaded alone."""
    czmq_alone = _run_child("import czmq; print(czmq.zmq_version())", timeout=15)
    pyzmq_alone = _run_child("import zmq; print(zmq.zmq_version_info())", timeout=15)
    _assert_clean(czmq_alone)
    _assert_clean(pyzmq_alone)
    return czmq_alone.stdout.strip(), pyzmq_alone.stdout.strip()


_S14_CHILD = """
    import os, sys

    order, rtld_global = sys.argv[1], sys.argv[2] == "1"
    if rtld_global:
        sys.setdlopenflags(sys.getdlopenflags() | os.RTLD_GLOBAL)
    if order == "pyzmq-first":
        import zmq, czmq
    else:
        import czmq, zmq
    print("VERSIONS", czmq.zmq_version(), "|", zmq.zmq_version_info(), flush=True)

    ctx = zmq.Context()
    try:
        # Each library alone, over inproc.
        with czmq.Socket("PAIR", "@inproc://s14", linger=0) as a, \\
             czmq.Socket("PAIR", ">inproc://s14", linger=0) as b:
            b.send(b"czmq-inproc", timeout=2)
            assert a.recv(timeout=2) == b"czmq-inproc"
        za, zb = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
        za.linger = zb.linger = 0
        za.bind("inproc://s14")
        zb.connect("inproc://s14")
        zb.send(b"pyzmq-inproc")
        za.RCVTIMEO = 2000
        assert za.recv() == b"pyzmq-inproc"
        za.close(); zb.close()

        # Each to the other over tcp loopback, both ways.
        zpull = ctx.socket(zmq.PULL)
        zpull.linger = 0
        zpull.RCVTIMEO = 2000
        port = zpull.bind_to_random_port("tcp://127.0.0.1")
        zpush = ctx.socket(zmq.PUSH)
        zpush.linger = 0
        with czmq.Socket("PUSH", f">tcp://127.0.0.1:{port}", linger=0) as cpush, \\
             czmq.Socket("PULL", "@tcp://127.0.0.1:*", linger=0) as cpull:
            cpush.send_multipart([b"czmq", b"\\x00to pyzmq"], timeout=2)
            assert zpull.recv_multipart() == [b"czmq", b"\\x00to pyzmq"]
            zpush.connect(cpull.last_endpoint)
            zpush.send_multipart([b"pyzmq", b"\\x00to czmq"])
            assert cpull.recv_multipart(timeout=2) == [b"pyzmq", b"\\x00to czmq"]
        zpush.close(); zpull.close()
    finally:
        ctx.term()
    print("OK", flush=True)
"""


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "rtld_global", ["0", "1"], ids=["default-flags", "RTLD_GLOBAL"]
)
@pytest.mark.parametrize("order", ["czmq-first", "pyzmq-first"])
def test_s14_czmq_and_pyzmq_share_a_process(order: str, rtld_global: str) -> None:
    """S14.1: czmq and pyzmq in either order, with or without RTLD_GLOBAL, each use their own libzmq."""
    pytest.importorskip("zmq")
    czmq_version, pyzmq_version = _versions_alone()
    proc = _run_child(_S14_CHILD, timeout=20, args=(order, rtld_global))
    _assert_clean(proc)
    lines = proc.stdout.splitlines()
    assert lines[0] == f"VERSIONS {czmq_version} | {pyzmq_version}", lines[0]
    assert lines[-1] == "OK"
