"""Whole-process behaviour, each case in a child interpreter."""

from __future__ import annotations

import json
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from childproc import assert_clean_exit, run_child

import czmq

BLOCKED_IN_RECV = """
import sys, time, czmq
pull = czmq.Socket("PULL", "@tcp://127.0.0.1:*", linger=0)
print("BLOCKING", flush=True)
try:
    pull.recv()
except KeyboardInterrupt:
    print("INTERRUPTED", time.monotonic(), flush=True)
    pull.close()
    sys.exit(0)
print("RETURNED", flush=True)
sys.exit(3)
"""


def _start(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(proc: subprocess.Popen[str], marker: str, limit: float) -> None:
    """Read the child's stdout until a line equal to marker, within limit seconds."""
    deadline = time.monotonic() + limit
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if sel.select(timeout=deadline - time.monotonic()):
                line = proc.stdout.readline()
                if line.strip() == marker:
                    return
                if not line:
                    break
    pytest.fail(f"child never printed {marker!r}; stderr: {proc.stderr.read()}")


def _finish(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=10)


@pytest.mark.timeout(20)
def test_sigint_interrupts_blocked_recv():
    """Ctrl-C reaches a recv() with no timeout as KeyboardInterrupt within 0.5 s."""
    proc = _start(BLOCKED_IN_RECV)
    try:
        _wait_for_line(proc, "BLOCKING", 10)
        time.sleep(0.5)
        sent_at = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=5)
    finally:
        _finish(proc)
    assert proc.returncode == 0, (proc.returncode, out, err)
    assert "Assertion failed" not in err
    interrupted_at = float(out.split("INTERRUPTED", 1)[1].split()[0])
    assert interrupted_at - sent_at < 0.5


@pytest.mark.timeout(20)
def test_sigterm_ends_blocked_recv():
    """SIGTERM ends a child blocked in recv() by the signal's default action."""
    proc = _start(BLOCKED_IN_RECV)
    try:
        _wait_for_line(proc, "BLOCKING", 10)
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=5)
    finally:
        _finish(proc)
    assert proc.returncode == -signal.SIGTERM, (proc.returncode, out, err)
    assert "RETURNED" not in out


def _unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EXIT_WITH_UNSENT = """
import czmq
push = czmq.Socket("PUSH")
push.connect("tcp://127.0.0.1:{port}")
pull = czmq.Socket("PULL", "@inproc://left-open")
pair = czmq.Socket("PAIR", "@tcp://127.0.0.1:*")
push.send(b"never delivered", timeout=1)
{extra}
print("SENT", flush=True)
"""

EXTRA = {
    "plain": "",
    "context": "ctx = czmq.Context(); kept = ctx.socket('SUB', '>inproc://left-open')",
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("extra", list(EXTRA))
def test_exit_with_open_sockets_and_unsent_message(extra):
    """Exit with open sockets and a queued message is quick, clean and silent."""
    code = EXIT_WITH_UNSENT.format(port=_unused_port(), extra=EXTRA[extra])
    start = time.monotonic()
    proc = run_child(code, timeout=10)
    elapsed = time.monotonic() - start
    assert_clean_exit(proc)
    assert proc.stdout.strip() == "SENT"
    assert proc.stderr == ""
    assert elapsed < 2.0


@pytest.mark.timeout(20)
def test_exit_with_daemon_thread_blocked_in_recv():
    """Exit while a daemon thread is blocked in recv() neither hangs nor crashes."""
    code = EXIT_WITH_UNSENT.format(
        port=_unused_port(),
        extra=textwrap.dedent(
            """
            import threading, time
            def wait():
                try:
                    pull.recv()
                except czmq.ZMQError:
                    pass
            threading.Thread(target=wait, daemon=True).start()
            time.sleep(0.2)
            """
        ),
    )
    start = time.monotonic()
    proc = run_child(code, timeout=10)
    assert_clean_exit(proc)
    assert proc.stdout.strip() == "SENT"
    assert time.monotonic() - start < 2.0


HELD_BY_DAEMON = """
import threading, time, czmq
held = {make}
threading.Thread(target=lambda obj: time.sleep(30), args=(held,), daemon=True).start()
del held
print("done", flush=True)
"""


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "make", ['czmq.Socket("PULL", "@inproc://held")', 'czmq.Frame(b"x")']
)
def test_exit_silent_with_object_held_by_daemon_thread(make):
    """An object still referenced by a daemon thread at exit causes no stderr noise."""
    proc = run_child(HELD_BY_DAEMON.format(make=make), timeout=10)
    assert_clean_exit(proc)
    assert proc.stdout.strip() == "done"
    assert proc.stderr == ""


SHUTDOWN = """
import czmq
s = czmq.Socket("PAIR", "@inproc://shut")
czmq.shutdown()
czmq.shutdown()
{action}
"""


def _terminated(action: str) -> subprocess.CompletedProcess[str]:
    code = SHUTDOWN.format(
        action=textwrap.dedent(
            f"""
            try:
                {action}
            except czmq.ContextTerminated as exc:
                print("terminated:", exc)
            else:
                print("no error")
            """
        )
    )
    return run_child(code, timeout=10)


@pytest.mark.timeout(20)
def test_existing_socket_after_shutdown():
    """After czmq.shutdown() an existing socket raises ContextTerminated."""
    proc = _terminated("s.recv()")
    assert_clean_exit(proc)
    assert proc.stdout.startswith("terminated: "), proc.stdout
    assert "shut down" in proc.stdout
    assert proc.stderr == ""


@pytest.mark.timeout(20)
def test_new_socket_after_shutdown():
    """After czmq.shutdown() no socket can be made (ContextTerminated), silently."""
    proc = _terminated('czmq.Socket("PAIR").close()')
    assert_clean_exit(proc)
    assert proc.stdout.startswith("terminated: "), proc.stdout
    assert "dangling" not in proc.stdout


# ---- pyzmq in the same process ----------------------------------------------

BOTH = """
import json
import {first}, {second}
import czmq, zmq
ctx = zmq.Context()
zpull = ctx.socket(zmq.PULL)
zpull.linger = 0
zpull.rcvtimeo = 5000
port = zpull.bind_to_random_port("tcp://127.0.0.1")
cpush = czmq.Socket("PUSH", ">tcp://127.0.0.1:%d" % port, linger=0)
cpush.send(b"from czmq", timeout=5)
to_pyzmq = zpull.recv()
cpull = czmq.Socket("PULL", linger=0)
port = cpull.bind("tcp://127.0.0.1:*")
zpush = ctx.socket(zmq.PUSH)
zpush.linger = 0
zpush.connect("tcp://127.0.0.1:%d" % port)
zpush.send(b"from pyzmq")
to_czmq = cpull.recv(timeout=5)
for s in (cpush, cpull, zpush, zpull):
    s.close()
ctx.term()
print(json.dumps({{
    "czmq": list(czmq.zmq_version()),
    "pyzmq": zmq.zmq_version(),
    "to_pyzmq": to_pyzmq.decode(),
    "to_czmq": to_czmq.decode(),
}}))
"""


def _solo_version(module: str, expr: str) -> object:
    """What a version call reports in a process that imports only its module."""
    proc = run_child(f"import json, {module}; print(json.dumps({expr}))", timeout=20)
    assert_clean_exit(proc)
    return json.loads(proc.stdout)


@pytest.mark.timeout(40)
@pytest.mark.parametrize("first, second", [("czmq", "zmq"), ("zmq", "czmq")])
def test_coexists_with_pyzmq(first, second):
    """czmq and pyzmq keep their own libzmq and interoperate, in any import order."""
    pytest.importorskip("zmq")
    proc = run_child(BOTH.format(first=first, second=second), timeout=20)
    assert_clean_exit(proc)
    report = json.loads(proc.stdout)
    assert report["czmq"] == _solo_version("czmq", "czmq.zmq_version()")
    assert report["pyzmq"] == _solo_version("zmq", "zmq.zmq_version()")
    assert report["czmq"] == list(czmq.zmq_version())
    assert report["to_pyzmq"] == "from czmq"
    assert report["to_czmq"] == "from pyzmq"


# ---- the module as a program, the binary, the log ----------------------------


@pytest.mark.timeout(20)
def test_python_m_czmq():
    """python -m czmq exits 0 and prints the bundled versions."""
    proc = subprocess.run(
        [sys.executable, "-m", "czmq"], capture_output=True, text=True, timeout=15
    )
    assert_clean_exit(proc)
    libzmq = ".".join(map(str, czmq.zmq_version()))
    bundled = ".".join(map(str, czmq.czmq_version()))
    assert f"libzmq {libzmq}" in proc.stdout
    assert f"CZMQ {bundled}" in proc.stdout
    assert "FAILED" not in proc.stdout


@pytest.mark.timeout(20)
def test_extension_exports_only_module_init():
    """The extension hides libzmq's and CZMQ's symbols: only PyInit__czmq."""
    nm = shutil.which("nm")
    if nm is None:
        pytest.skip("nm not installed")
    proc = subprocess.run(
        [nm, "-D", "--defined-only", czmq._czmq.__file__],
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert proc.returncode == 0, proc.stderr
    names = {line.split()[-1] for line in proc.stdout.splitlines() if line.strip()}
    assert names == {"PyInit__czmq"}


LOG_CODE = """
import logging, time
import czmq
from czmq import _czmq

records = []

class Keep(logging.Handler):
    def emit(self, record):
        records.append(record)

logging.getLogger("czmq").addHandler(Keep())
_czmq._log("W", "MARK" + "ER-7f3a")
{flush}
hits = [r for r in records if r.getMessage() == "MARK" + "ER-7f3a"]
print("captured", len(hits), [(r.name, r.levelname) for r in hits])
"""


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "flush", ["_czmq._flush_log()", "time.sleep(0.2); sum(range(1000))"]
)
def test_czmq_log_goes_to_logger_not_stdout(flush):
    """CZMQ's log lines reach the 'czmq' logger and never stdout."""
    proc = run_child(LOG_CODE.format(flush=flush), timeout=10)
    assert_clean_exit(proc)
    assert "MARKER-7f3a" not in proc.stdout
    assert "MARKER-7f3a" not in proc.stderr
    assert "captured 1 [('czmq', 'WARNING')]" in proc.stdout


FORK = """
import os, sys, warnings, czmq
warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads, 3.12+
pull = czmq.Socket("PULL", "@inproc://before-fork", linger=0)
push = czmq.Socket("PUSH", ">inproc://before-fork", linger=0)
pid = os.fork()
if pid == 0:
    try:
        pull.recv(dontwait=True)
    except czmq.ForkedSocket as exc:
        print("forked:", exc, flush=True)
    sys.exit(0)
_, status = os.waitpid(pid, 0)
push.send(b"parent still works")
print("parent:", pull.recv(timeout=5).decode(), os.waitstatus_to_exitcode(status))
"""


@pytest.mark.timeout(20)
def test_socket_used_after_fork():
    """A forked child gets ForkedSocket; the parent's sockets keep working."""
    proc = run_child(FORK, timeout=10)
    assert_clean_exit(proc)
    assert "forked: cannot use a PULL socket inherited" in proc.stdout
    assert "parent: parent still works 0" in proc.stdout
    assert proc.stderr == ""


def test_versions_and_features():
    """Versions are (major, minor, patch) ints; has() answers with a bool."""
    for version in (czmq.zmq_version(), czmq.czmq_version()):
        assert isinstance(version, tuple) and len(version) == 3
        assert all(isinstance(n, int) and n >= 0 for n in version)
    assert czmq.zmq_version()[0] == 4
    assert isinstance(czmq.has("curve"), bool)
    assert czmq.has("ipc") is True
    assert czmq.has("no-such-capability") is False


SHUTDOWN_RACE = """
import sys, threading, czmq
made, stop = [], threading.Event()
def churn():
    while not stop.is_set():
        try:
            made.append(czmq.Socket("PAIR", linger=0))
        except czmq.ZMQError:
            pass
threads = [threading.Thread(target=churn) for _ in range(2)]
for t in threads: t.start()
czmq.shutdown()
stop.set()
for t in threads: t.join()
for s in made:
    try:
        s.send(b"x", dontwait=True)
    except (czmq.ContextTerminated, czmq.SocketClosed):
        continue
    sys.exit(f"a socket still works after shutdown(): {s!r}")
try:
    czmq.configure(linger=0)
except czmq.ContextTerminated:
    pass
else:
    sys.exit("configure() accepted settings after shutdown()")
print("ok", len(made))
"""


@pytest.mark.timeout(60)
def test_no_socket_escapes_shutdown_from_another_thread():
    """Sockets made while shutdown() runs are closed with the rest; no stderr."""
    for _ in range(5):
        proc = run_child(SHUTDOWN_RACE, timeout=20)
        assert_clean_exit(proc)
        assert proc.stdout.startswith("ok"), proc.stdout
        assert "dangling" not in proc.stderr + proc.stdout


FORK_WITH_BUSY_SOCKET = """
import os, threading, time, czmq
pull = czmq.Socket("PULL", "@inproc://busy", linger=0)
push = czmq.Socket("PUSH", ">inproc://busy", linger=0, sndhwm=0)
stop = threading.Event()
def flood():
    while not stop.is_set():
        push.send_many([b"x"] * 20000, dontwait=True)
        pull.recv_many(20000, timeout=1)
t = threading.Thread(target=flood)
t.start()
time.sleep(0.05)
pid = os.fork()
if pid == 0:
    try:
        push.send(b"y")
    except czmq.ForkedSocket:
        push.close()
        os._exit(0)
    os._exit(3)
_, status = os.waitpid(pid, 0)
stop.set(); t.join()
pull.close(); push.close()
print("child", os.waitstatus_to_exitcode(status))
"""


@pytest.mark.timeout(60)
def test_inherited_socket_raises_even_if_its_lock_was_held_at_fork():
    """A child never waits for a lock that a parent thread held at fork()."""
    for _ in range(3):
        proc = run_child(FORK_WITH_BUSY_SOCKET, timeout=20)
        assert_clean_exit(proc)
        assert proc.stdout.strip() == "child 0"


def test_configure_refuses_values_it_would_ignore():
    with pytest.raises(ValueError, match="io_threads"):
        czmq.configure(io_threads=0)
    with pytest.raises(TypeError, match="ipv6"):
        czmq.configure(ipv6="no")  # type: ignore[arg-type]
