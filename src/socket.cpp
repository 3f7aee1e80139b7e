// Socket: a libzmq socket made by CZMQ (zsys_socket) in CZMQ's process-wide
// context, safe to share between threads and to close from any thread.
//
// How blocking works.  No call ever blocks inside libzmq.  Each operation
// first tries once without waiting, holding the GIL; if the socket is not
// ready it releases the GIL and the socket's lock and waits on the socket's
// ZMQ_FD in slices of at most SLICE_MS, so that a close from another thread,
// a Python signal handler and the deadline are all noticed within one slice.
// libzmq's own blocking calls could do none of that: closing a socket that
// another thread is blocked on aborts inside libzmq.
//
// Threads.  Every libzmq call on a socket runs under the socket's mutex.  A
// multipart message in progress belongs to the thread that started it:
// another thread that tries to slip its own parts in gets SocketInUse, so
// parts of two messages never interleave.  Whole-message calls
// (send_multipart, recv_multipart) hold the mutex for the whole message.

#include "czmq_ext.hpp"

#include <chrono>
#include <cstring>
#include <new>
#include <poll.h>
#include <sys/un.h>
#include <unistd.h>
#include <unordered_set>

namespace czmq_ext {

namespace {

// Every open socket, so that shutdown() can close the ones Python still
// holds.  Process-wide because CZMQ's context is.
std::mutex registry_lock;
std::unordered_set<Socket *> *registry = new std::unordered_set<Socket *>();

}  // namespace

const char *type_name(int type) {
    switch (type) {
    case ZMQ_PAIR: return "PAIR";
    case ZMQ_PUB: return "PUB";
    case ZMQ_SUB: return "SUB";
    case ZMQ_REQ: return "REQ";
    case ZMQ_REP: return "REP";
    case ZMQ_DEALER: return "DEALER";
    case ZMQ_ROUTER: return "ROUTER";
    case ZMQ_PULL: return "PULL";
    case ZMQ_PUSH: return "PUSH";
    case ZMQ_XPUB: return "XPUB";
    case ZMQ_XSUB: return "XSUB";
    case ZMQ_STREAM: return "STREAM";
    default: return nullptr;
    }
}

namespace {

// What to tell the user when libzmq says EFSM: the order the pattern wants.
std::string efsm_hint(int type, bool sending) {
    if (type == ZMQ_REQ)
        return sending ? "a REQ socket must receive the reply before it sends again"
                       : "a REQ socket must send a request before it can receive";
    if (type == ZMQ_REP)
        return sending ? "a REP socket must receive a request before it can reply"
                       : "a REP socket must send the reply before it receives again";
    return "the operation is not valid in the socket's current state";
}

}  // namespace

Socket::Socket(int type_) : type(type_), generation(fork_count.load()) {
    if (type_name(type_) == nullptr)
        fail(EINVAL, "cannot create a socket of unknown type " + std::to_string(type_));
    int err = 0;
    {
        ReleasedGIL nogil;
        std::shared_lock<std::shared_mutex> alive(lifecycle_lock);
        zsys_context();  // raises after shutdown()
        // libzmq frees a closed socket's slot (and descriptor) a moment
        // later, on its reaper thread: at the limit, wait a little for
        // sockets that are being closed before giving up.
        for (int waited = 0;; waited += 2) {
            handle = zsys_socket(type, "czmq", 0);
            err = handle == nullptr ? zmq_errno() : 0;
            if (handle != nullptr || (err != EMFILE && err != ENFILE) || waited >= 250)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        // Registered before shutdown() can run, so that it closes this one too.
        if (handle != nullptr) {
            size_t len = sizeof fd;
            zmq_getsockopt(handle, ZMQ_FD, &fd, &len);
            std::lock_guard<std::mutex> guard(registry_lock);
            registry->insert(this);
        }
    }
    if (handle == nullptr) {
        std::string what = std::string("cannot create ") + type_name(type) + " socket";
        if (err == EMFILE)
            what +=
                " (at most " + std::to_string(zmq_ctx_get(zsys_context(), ZMQ_MAX_SOCKETS)) +
                " sockets, see czmq.configure(max_sockets=...), or out of file descriptors)";
        fail(err, what);
    }
}

Socket::~Socket() {
    {
        std::lock_guard<std::mutex> guard(registry_lock);
        registry->erase(this);
    }
    // A socket inherited across fork() belongs to the parent: never touch it.
    if (handle == nullptr || inherited())
        return;
    std::shared_lock<std::shared_mutex> alive(lifecycle_lock);
    if (!is_terminated())
        zsys_close(handle, "czmq", 0);
}

void Socket::close() {
    if (closed.exchange(true))
        return;
    if (inherited()) {
        // The parent's socket: leave it and its lock (which a thread of the
        // parent may have held at fork()) alone.
        handle = nullptr;
    } else {
        ReleasedGIL nogil;
        std::shared_lock<std::shared_mutex> alive(lifecycle_lock);
        std::lock_guard<std::mutex> guard(lock);
        if (handle != nullptr && !is_terminated() && !inherited())
            zsys_close(handle, "czmq", 0);
        handle = nullptr;
    }
    std::lock_guard<std::mutex> guard(registry_lock);
    registry->erase(this);
}

// Called by shutdown() with lifecycle_lock held exclusively, GIL released.
void close_all_sockets() {
    std::lock_guard<std::mutex> guard(registry_lock);
    for (Socket *s : *registry) {
        s->closed.store(true);
        std::lock_guard<std::mutex> sguard(s->lock);
        if (s->handle != nullptr && !s->inherited())
            zsys_close(s->handle, "czmq", 0);
        s->handle = nullptr;
    }
}

void reset_socket_registry_after_fork() {
    new (&registry_lock) std::mutex();
}

void Socket::check_usable() {
    if (exiting_elsewhere() && (handle == nullptr || is_terminated())) {
        // A daemon thread after czmq's atexit hook: an exception would only
        // print a traceback while the interpreter exits.  Park instead.
        ReleasedGIL park;
    }
    if (inherited())
        fail(ERR_FORKED, std::string("cannot use a ") + type_name(type) +
                             " socket inherited from the parent process after fork()");
    if (handle == nullptr) {
        if (is_terminated())
            fail(ETERM,
                 std::string("cannot use ") + type_name(type) + " socket: czmq was shut down");
        fail(ERR_CLOSED, std::string("cannot use closed ") + type_name(type) + " socket");
    }
}

void Socket::fail_op(int err, bool out, const char *verb) {
    if (err == EFSM)
        fail(err, describe(verb) + ": " + efsm_hint(type, out));
    fail(err, describe(verb));
}

// A multipart message in progress belongs to the thread that started it;
// another thread may not slip its own parts in between.
void Socket::check_turn(bool out, const char *verb) {
    std::thread::id owner = out ? sending : receiving;
    if (owner != std::thread::id() && owner != std::this_thread::get_id())
        fail(ERR_IN_USE, describe(verb) +
                             ": another thread is in the middle of a multipart message "
                             "on this socket (send and receive whole messages with "
                             "send_multipart()/recv_multipart() to share a socket)");
}

void Socket::finish_part(bool out, bool more) {
    (out ? sending : receiving) = more ? std::this_thread::get_id() : std::thread::id();
}

// Waits at most `ms` for the socket to become ready.  Called with the lock
// held and the GIL released; returns with the lock held.
//
// ZMQ_FD stays readable while libzmq has unprocessed commands, so right
// after a failed attempt polling it cannot miss a message.  After a wake-up
// that delivered nothing, though, a throttled attempt may have left the
// commands unprocessed; ZMQ_EVENTS processes them before polling again
// (`recheck`), or the loop would spin.
int Socket::wait_slice(bool out, int ms, bool recheck) {
    if (recheck) {
        int events = 0;
        size_t len = sizeof events;
        if (zmq_getsockopt(handle, ZMQ_EVENTS, &events, &len) != 0)
            return -1;
        if (events & (out ? ZMQ_POLLOUT : ZMQ_POLLIN))
            return 1;
    }
    lock.unlock();
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, ms);
    lock.lock();
    return 0;
}

template <typename F>
void Socket::complete(bool out, bool dontwait, std::optional<int> timeout_ms, const char *verb,
                      F &&attempt, bool batch) {
    {
        Locked held(*this);
        check_usable();
        check_turn(out, verb);
        // A single message is quicker with the GIL kept; a batch may take
        // long, so other threads get the GIL meanwhile.
        int rc, err;
        if (batch) {
            ReleasedGIL nogil;
            rc = attempt(ZMQ_DONTWAIT);
            err = zmq_errno();
        } else {
            rc = attempt(ZMQ_DONTWAIT);
            err = zmq_errno();
        }
        if (rc >= 0)
            return;
        if (err != EAGAIN)
            fail_op(err, out, verb);
        if (dontwait)
            fail(EAGAIN, describe(verb));
        if (!timeout_ms) {
            int value = -1;
            size_t len = sizeof value;
            zmq_getsockopt(handle, out ? ZMQ_SNDTIMEO : ZMQ_RCVTIMEO, &value, &len);
            timeout_ms = value;
        }
    }
    if (*timeout_ms == 0)
        fail(EAGAIN, describe(verb));
    const bool forever = *timeout_ms < 0;
    int waits = 0;
    const auto deadline = Clock::now() + std::chrono::milliseconds(*timeout_ms);
    for (;;) {
        int rc = -1, err = 0;
        bool usable = true;
        {
            ReleasedGIL nogil;
            std::lock_guard<std::mutex> guard(lock);
            int slice = SLICE_MS;
            if (!forever) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                                  Clock::now())
                                .count() +
                            1;
                slice = static_cast<int>(
                    std::max<long long>(0, std::min<long long>(left, SLICE_MS)));
            }
            if (handle == nullptr || inherited()) {
                usable = false;
            } else if (wait_slice(out, slice, waits++ > 0) >= 0 && handle != nullptr) {
                check_turn(out, verb);
                rc = attempt(ZMQ_DONTWAIT);
                err = rc < 0 ? zmq_errno() : 0;
            } else {
                err = EAGAIN;
            }
            if (handle == nullptr)
                usable = rc >= 0;
        }
        if (rc >= 0)
            return;
        if (!usable) {
            Locked held(*this);
            check_usable();
        }
        if (err != EAGAIN && err != EINTR)
            fail_op(err, out, verb);
        if (PyErr_CheckSignals() != 0)
            throw nb::python_error();
        if (!forever && Clock::now() >= deadline)
            fail(ERR_TIMEOUT,
                 describe(verb) + ": timed out after " + std::to_string(*timeout_ms) + " ms");
    }
}

namespace {

// ---- send ----------------------------------------------------------------
//
// Payloads become zmq_msg_t parts while the GIL is held.  bytes objects of
// ZERO_COPY_MIN bytes or more are handed to libzmq without a copy: libzmq
// frees them from its I/O thread, which must not take the GIL, so the free
// callback only queues the reference and the queue is emptied under the GIL
// (by a pending call, or by the next send).  Mutable buffers are copied, so
// changing one after send() cannot change a queued message.

constexpr size_t ZERO_COPY_MIN = 64 * 1024;

std::mutex release_lock;
std::vector<PyObject *> *to_release = new std::vector<PyObject *>();
std::atomic<bool> release_scheduled{false};
std::atomic<bool> python_alive{true};

int release_queued(void *) {
    std::vector<PyObject *> batch;
    {
        std::lock_guard<std::mutex> guard(release_lock);
        batch.swap(*to_release);
        release_scheduled.store(false);
    }
    for (PyObject *obj : batch)
        Py_DECREF(obj);
    return 0;
}

void release_later(void *, void *hint) {
    if (!python_alive.load())
        return;  // at exit, after shutdown: let the process reclaim it
    std::lock_guard<std::mutex> guard(release_lock);
    to_release->push_back(static_cast<PyObject *>(hint));
    if (!release_scheduled.exchange(true) && Py_AddPendingCall(release_queued, nullptr) != 0)
        release_scheduled.store(false);
}

// zmq_msg_t parts held by value, closed together.  libzmq moves messages
// by plain copies itself, so a vector may relocate them.
struct Msgs {
    std::vector<zmq_msg_t> v;
    explicit Msgs(size_t expected = 1) { v.reserve(expected); }
    ~Msgs() {
        for (zmq_msg_t &m : v)
            zmq_msg_close(&m);
    }
    Msgs(const Msgs &) = delete;
    zmq_msg_t &add() {
        v.emplace_back();
        zmq_msg_init(&v.back());
        return v.back();
    }
    // An outgoing part from a bytes-like object (see the comment above).
    void add_data(nb::handle data) {
        PyObject *obj = data.ptr();
        zmq_msg_t &m = add();
        if (PyBytes_Check(obj) && static_cast<size_t>(PyBytes_Size(obj)) >= ZERO_COPY_MIN) {
            size_t size = static_cast<size_t>(PyBytes_Size(obj));
            if (size > MAX_FRAME_SIZE)
                Buffer{data};  // raises the size error
            Py_INCREF(obj);
            zmq_msg_init_data(&m, PyBytes_AsString(obj), size, release_later, obj);
            return;
        }
        Buffer buf(data);
        if (zmq_msg_init_size(&m, buf.size()) != 0)
            fail_errno("cannot allocate a frame of " + std::to_string(buf.size()) + " bytes");
        if (buf.size() != 0)
            std::memcpy(zmq_msg_data(&m), buf.data(), buf.size());
    }
    bool more(size_t i) { return zmq_msg_more(&v[i]) != 0; }
    nb::bytes bytes(size_t i) {
        return nb::bytes(static_cast<const char *>(zmq_msg_data(&v[i])), zmq_msg_size(&v[i]));
    }
};

}  // namespace

void stop_deferred_release() {
    python_alive.store(false);
}

void reset_release_queue_after_fork() {
    new (&release_lock) std::mutex();
    to_release->clear();  // the parent's references: the parent frees them
    release_scheduled.store(false);
    python_alive.store(true);
}

namespace {

void drain_releases() {
    if (release_scheduled.load(std::memory_order_relaxed))
        release_queued(nullptr);
}

// Sends parts [next, end) as one message (or its rest); `next` keeps the
// progress if libzmq takes only some before it would block.  Parts after
// the first never wait in libzmq (a message is admitted whole).
int send_parts(Socket &s, zmq_msg_t *parts, size_t count, size_t &next, int flags,
               bool more_after) {
    for (; next < count; ++next) {
        bool more = next + 1 < count || more_after;
        if (zmq_msg_send(&parts[next], s.handle, flags | (more ? ZMQ_SNDMORE : 0)) < 0)
            return -1;
        s.finish_part(true, more);
    }
    return 0;
}

// Frames stay valid after a send: libzmq gets a zmq_msg_copy(), which
// shares (does not copy) the data of frames above 33 bytes.
void add_frame_copy(Msgs &msgs, nb::handle frame) {
    if (!nb::isinstance<Frame>(frame))
        throw nb::type_error(
            ("expected a Frame, got " + std::string(nb::type_name(frame.type()).c_str()))
                .c_str());
    zmq_msg_copy(&msgs.add(), &nb::cast<Frame &>(frame).msg);
}

void send(Socket &s, nb::handle data, bool more, bool dontwait, std::optional<double> timeout) {
    drain_releases();
    Msgs msg;
    if (nb::isinstance<Frame>(data))
        add_frame_copy(msg, data);
    else
        msg.add_data(data);
    size_t next = 0;
    s.complete(true, dontwait, timeout_ms(timeout), "send",
               [&](int f) { return send_parts(s, msg.v.data(), 1, next, f, more); });
}

void send_multipart(Socket &s, nb::sequence parts, bool dontwait,
                    std::optional<double> timeout) {
    drain_releases();
    Msgs msgs(nb::len(parts));
    for (nb::handle part : parts)
        msgs.add_data(part);
    if (msgs.v.empty())
        fail(EINVAL, s.describe("send") + ": a message needs at least one frame");
    size_t next = 0;
    s.complete(true, dontwait, timeout_ms(timeout), "send", [&](int f) {
        return send_parts(s, msgs.v.data(), msgs.v.size(), next, f, false);
    });
}

void send_frames(Socket &s, nb::sequence frames, bool more_after, bool dontwait,
                 std::optional<double> timeout) {
    Msgs msgs(nb::len(frames));
    for (nb::handle f : frames)
        add_frame_copy(msgs, f);
    if (msgs.v.empty())
        fail(EINVAL, s.describe("send") + ": a message needs at least one frame");
    size_t next = 0;
    s.complete(true, dontwait, timeout_ms(timeout), "send", [&](int f) {
        return send_parts(s, msgs.v.data(), msgs.v.size(), next, f, more_after);
    });
}

// ---- batches ---------------------------------------------------------------

// Sends each item as a one-part message, all in one call: items become
// zmq_msg_t parts with the GIL held, then go to libzmq without it.
size_t send_many(Socket &s, nb::sequence items, bool dontwait, std::optional<double> timeout) {
    drain_releases();
    Msgs msgs(nb::len(items));
    for (nb::handle item : items)
        msgs.add_data(item);
    size_t next = 0;
    if (msgs.v.empty())
        return 0;
    try {
        s.complete(
            true, dontwait, timeout_ms(timeout), "send",
            [&](int f) {
                for (; next < msgs.v.size(); ++next)
                    if (zmq_msg_send(&msgs.v[next], s.handle, f) < 0)
                        return -1;
                return 0;
            },
            true);
    } catch (const Error &e) {
        // Out of room or time after some messages went: say how many.
        if (next == 0 || (e.err != EAGAIN && e.err != ERR_TIMEOUT))
            throw;
    }
    return next;
}

// Receives one frame into `m`, waiting as the socket's options and the
// arguments say.
void recv_one(Socket &s, zmq_msg_t &m, bool dontwait, std::optional<double> timeout) {
    s.complete(false, dontwait, timeout_ms(timeout), "receive", [&](int f) {
        int rc = zmq_msg_recv(&m, s.handle, f);
        if (rc >= 0)
            s.finish_part(false, zmq_msg_more(&m) != 0);
        return rc;
    });
}

// Receives up to `limit` frames in one call: waits (like recv) for the
// first, then takes what is already queued.  It never stops inside a
// multipart message, so that may go past `limit`.
nb::list recv_many(Socket &s, size_t limit, bool dontwait, std::optional<double> timeout) {
    if (limit == 0)
        fail(EINVAL, s.describe("receive") + ": limit must be at least 1");
    nb::list out;
    Msgs first;
    zmq_msg_t &m = first.add();
    recv_one(s, m, dontwait, timeout);
    bool more = zmq_msg_more(&m) != 0;
    out.append(first.bytes(0));
    // The rest is already queued: take it with the GIL held, turning each
    // frame into bytes at once.
    Locked held(s);
    size_t count = 1;
    while ((count < limit || more) && s.handle != nullptr) {
        if (zmq_msg_recv(&m, s.handle, ZMQ_DONTWAIT) < 0)
            break;
        more = zmq_msg_more(&m) != 0;
        s.finish_part(false, more);
        out.append(first.bytes(0));
        ++count;
    }
    return out;
}

// ---- receive -------------------------------------------------------------

nb::bytes recv(Socket &s, bool dontwait, std::optional<double> timeout) {
    Msgs msg;
    zmq_msg_t &m = msg.add();
    recv_one(s, m, dontwait, timeout);
    return msg.bytes(0);
}

// Receives all parts of one message (or what remains of one whose first
// parts were taken with recv()).
void recv_all(Socket &s, Msgs &parts, bool dontwait, std::optional<double> timeout) {
    s.complete(false, dontwait, timeout_ms(timeout), "receive", [&](int f) {
        for (;;) {
            if (parts.v.empty() || parts.more(parts.v.size() - 1))
                parts.add();
            if (zmq_msg_recv(&parts.v.back(), s.handle, f) < 0)
                return -1;
            bool more = parts.more(parts.v.size() - 1);
            s.finish_part(false, more);
            if (!more)
                return 0;
        }
    });
}

nb::list recv_multipart(Socket &s, bool dontwait, std::optional<double> timeout) {
    Msgs parts(4);
    recv_all(s, parts, dontwait, timeout);
    nb::list out;
    for (size_t i = 0; i < parts.v.size(); ++i)
        out.append(parts.bytes(i));
    return out;
}

nb::object recv_frame(Socket &s, nb::handle cls, bool dontwait, std::optional<double> timeout) {
    Msgs msg;
    zmq_msg_t &m = msg.add();
    recv_one(s, m, dontwait, timeout);
    return frame_from_msg(cls, &m, zmq_msg_more(&m) != 0);
}

nb::list recv_frames(Socket &s, nb::handle cls, bool dontwait, std::optional<double> timeout) {
    Msgs parts(4);
    recv_all(s, parts, dontwait, timeout);
    nb::list out;
    for (size_t i = 0; i < parts.v.size(); ++i)
        out.append(frame_from_msg(cls, &parts.v[i], parts.more(i)));
    return out;
}

// ---- endpoints and options -----------------------------------------------

std::string endpoint_call(Socket &s, int (*call)(void *, const char *), const char *verb,
                          const std::string &endpoint) {
    Locked held(s);
    s.check_usable();
    if (call(s.handle, endpoint.c_str()) != 0) {
        int err = zmq_errno();
        std::string what = std::string("cannot ") + verb + " " + type_name(s.type) +
                           " socket " + (verb[0] == 'u' || verb[0] == 'd' ? "from" : "to") +
                           " '" + endpoint + "'";
        if (err == ENAMETOOLONG)
            what += " (an ipc path may have at most " +
                    std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes here)";
        fail(err, what);
    }
    char last[1024] = "";
    size_t len = sizeof last;
    zmq_getsockopt(s.handle, ZMQ_LAST_ENDPOINT, last, &len);
    return std::string(last);
}

template <typename T>
T get_option(Socket &s, int option) {
    Locked held(s);
    s.check_usable();
    T value{};
    size_t len = sizeof value;
    if (zmq_getsockopt(s.handle, option, &value, &len) != 0)
        fail_errno("cannot read option " + std::to_string(option) + " of " + type_name(s.type) +
                   " socket");
    return value;
}

template <typename T>
void set_option(Socket &s, int option, T value) {
    Locked held(s);
    s.check_usable();
    if (zmq_setsockopt(s.handle, option, &value, sizeof value) != 0)
        fail_errno("cannot set option " + std::to_string(option) + " of " + type_name(s.type) +
                   " socket to " + std::to_string(value));
}

nb::bytes get_bytes_option(Socket &s, int option, size_t capacity) {
    Locked held(s);
    s.check_usable();
    std::string value(capacity, '\0');
    size_t len = capacity;
    if (zmq_getsockopt(s.handle, option, value.data(), &len) != 0)
        fail_errno("cannot read option " + std::to_string(option) + " of " + type_name(s.type) +
                   " socket");
    return nb::bytes(value.data(), len);
}

void set_bytes_option(Socket &s, int option, nb::handle data) {
    Buffer buf(data);
    Locked held(s);
    s.check_usable();
    if (zmq_setsockopt(s.handle, option, buf.data(), buf.size()) != 0)
        fail_errno("cannot set option " + std::to_string(option) + " of " + type_name(s.type) +
                   " socket to " + nb::repr(data).c_str());
}

}  // namespace

const char *SEND_DOC = R"(Send one frame.

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
    For a frame over 2 GiB - 1.)";

const char *RECV_DOC = R"(Receive one frame as ``bytes``.

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
    If the socket is closed, also by another thread during the wait.)";

void bind_socket(nb::module_ &m) {
    nb::class_<Socket>(m, "Socket", "A libzmq socket in CZMQ's context (private layer).")
        .def(nb::init<int>(), "type"_a, "Create a socket of a libzmq socket type.")
        .def("close", &Socket::close, "Close the socket; safe from any thread, idempotent.")
        .def_prop_ro(
            "closed", [](Socket &s) { return s.closed.load() || s.handle == nullptr; },
            "Whether the socket is closed.")
        .def_prop_ro(
            "socket_type", [](Socket &s) { return s.type; }, "The libzmq socket type.")
        .def(
            "_bind",
            [](Socket &s, const std::string &e) {
                return endpoint_call(s, zmq_bind, "bind", e);
            },
            "endpoint"_a, "Bind; return the last endpoint.")
        .def(
            "_connect",
            [](Socket &s, const std::string &e) {
                return endpoint_call(s, zmq_connect, "connect", e);
            },
            "endpoint"_a, "Connect; return the last endpoint.")
        .def(
            "_unbind",
            [](Socket &s, const std::string &e) { endpoint_call(s, zmq_unbind, "unbind", e); },
            "endpoint"_a, "Unbind from an endpoint.")
        .def(
            "_disconnect",
            [](Socket &s, const std::string &e) {
                endpoint_call(s, zmq_disconnect, "disconnect", e);
            },
            "endpoint"_a, "Disconnect from an endpoint.")
        // send and recv are bound directly (not wrapped in Python): they are
        // the hot path, where a Python-level call costs as much as libzmq.
        .def("send", &send, "data"_a.none(), nb::kw_only(), "more"_a = false,
             "dontwait"_a = false, "timeout"_a.none() = nb::none(), SEND_DOC)
        .def("_send_multipart", &send_multipart, "parts"_a, "dontwait"_a, "timeout"_a.none(),
             "Send a sequence of bytes-like objects as one message.")
        .def("_send_frames", &send_frames, "frames"_a, "more"_a, "dontwait"_a,
             "timeout"_a.none(), "Send a sequence of Frames as one message.")
        .def("recv", &recv, nb::kw_only(), "dontwait"_a = false,
             "timeout"_a.none() = nb::none(), RECV_DOC)
        .def("_recv_multipart", &recv_multipart, "dontwait"_a, "timeout"_a.none(),
             "Receive all parts of a message as bytes.")
        .def("_send_many", &send_many, "items"_a, "dontwait"_a, "timeout"_a.none(),
             "Send each bytes-like item as a one-part message; return the count.")
        .def("_recv_many", &recv_many, "limit"_a, "dontwait"_a, "timeout"_a.none(),
             "Receive up to limit frames: wait for one, then take what is queued.")
        .def("_recv_frame", &recv_frame, "cls"_a, "dontwait"_a, "timeout"_a.none(),
             "Receive one frame as an instance of cls.")
        .def("_recv_frames", &recv_frames, "cls"_a, "dontwait"_a, "timeout"_a.none(),
             "Receive all parts of a message as instances of cls.")
        .def("_get_int", &get_option<int>, "option"_a, "Read an int option.")
        .def("_set_int", &set_option<int>, "option"_a, "value"_a, "Set an int option.")
        .def("_get_int64", &get_option<int64_t>, "option"_a, "Read an int64 option.")
        .def("_set_int64", &set_option<int64_t>, "option"_a, "value"_a, "Set an int64 option.")
        .def("_get_uint64", &get_option<uint64_t>, "option"_a, "Read a uint64 option.")
        .def("_set_uint64", &set_option<uint64_t>, "option"_a, "value"_a,
             "Set a uint64 option.")
        .def("_get_bytes", &get_bytes_option, "option"_a, "capacity"_a = 256,
             "Read a binary option.")
        .def("_set_bytes", &set_bytes_option, "option"_a, "value"_a, "Set a binary option.");

    m.def(
        "socket_count",
        [] {
            std::lock_guard<std::mutex> guard(registry_lock);
            return registry->size();
        },
        "Number of czmq sockets not yet closed or collected.");
}

}  // namespace czmq_ext
