// Shared declarations of the czmq extension module.
//
// The extension is deliberately thin: it wraps CZMQ and libzmq calls, owns
// their memory, releases the GIL around anything that can block and raises
// typed errors through one path (error.cpp).  Everything else lives in the
// Python package.

#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <czmq.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unistd.h>

namespace nb = nanobind;
using namespace nb::literals;

namespace czmq_ext {

// ---- errors (error.cpp) ----------------------------------------------------

// Error numbers czmq adds to errno's for conditions libzmq has no code for.
// The Python layer maps each to its own exception class.
constexpr int ERR_CLOSED = -1;   // the socket was closed
constexpr int ERR_TIMEOUT = -2;  // a positive timeout expired
constexpr int ERR_FORKED = -3;   // the socket belongs to the parent process
constexpr int ERR_IN_USE = -4;   // another thread is inside a multipart message

// A failed libzmq/CZMQ call: `err` is errno (or one of the codes above) and
// `what` says what was attempted, with the offending value.
struct Error : std::exception {
    int err;
    std::string what_;
    Error(int e, std::string w) : err(e), what_(std::move(w)) {}
    const char *what() const noexcept override { return what_.c_str(); }
};

// Largest frame czmq sends: libzmq 4.3.4's TCP encoder misbehaves past 2 GiB.
constexpr size_t MAX_FRAME_SIZE = (size_t(1) << 31) - 1;

[[noreturn]] void fail(int err, const std::string &what);
[[noreturn]] void fail_errno(const std::string &what);
void bind_errors(nb::module_ &m);

// A contiguous, read-only view of a bytes-like argument (never str).
struct Buffer {
    Py_buffer view{};
    explicit Buffer(nb::handle obj, const char *use = "send") {
        if (PyUnicode_Check(obj.ptr()))
            throw nb::type_error(use[0] == 's' ? "cannot send str: encode it to bytes "
                                                 "first, or use send_string()"
                                               : "a Frame holds bytes, not str: encode "
                                                 "it first");
        if (PyObject_GetBuffer(obj.ptr(), &view, PyBUF_CONTIG_RO) != 0) {
            PyErr_Clear();
            throw nb::type_error(("expected a bytes-like object, got " +
                                  std::string(nb::type_name(obj.type()).c_str()))
                                     .c_str());
        }
        if (static_cast<size_t>(view.len) > MAX_FRAME_SIZE) {
            size_t len = view.len;
            PyBuffer_Release(&view);
            fail(EMSGSIZE, std::string("cannot ") + use + " a frame of " + std::to_string(len) +
                               " bytes (czmq's limit is 2 GiB - 1)");
        }
    }
    ~Buffer() { PyBuffer_Release(&view); }
    Buffer(const Buffer &) = delete;
    const void *data() const { return view.buf; }
    size_t size() const { return static_cast<size_t>(view.len); }
};

// ---- process-wide CZMQ state (zsys.cpp) ------------------------------------

// The CZMQ context, created on first use with CZMQ's signal handling off.
void *zsys_context();
bool is_terminated();

// Lock order, everywhere: lifecycle_lock, init lock, registry lock, a
// socket's lock.  Creating or closing a CZMQ socket holds lifecycle_lock
// shared; shutdown() holds it exclusively, so zsys_shutdown() never runs
// beside zsys_socket() or zsys_close().  No lock is waited for while the
// GIL is held unless its holders never wait for the GIL.
extern std::shared_mutex lifecycle_lock;

// Whether czmq's atexit hook has run, and whether this is the thread
// running it.
bool exiting_elsewhere();

// Counts fork()s, in the child: a socket made before the last fork belongs
// to the parent.  (Cheaper on every call than comparing getpid().)
extern std::atomic<unsigned> fork_count;

// A timeout in seconds (None: the socket's option; inf: forever) as the
// milliseconds the wait loops take (nullopt: the option; -1: forever).
// Raises ValueError for a negative or NaN value.
std::optional<int> timeout_ms(std::optional<double> seconds);

// Releases the GIL for its lifetime, like nb::gil_scoped_release, with two
// differences that matter at interpreter exit.  Once czmq's atexit hook has
// run, another thread coming back parks for good instead of taking the GIL:
// finalisation would end it by unwinding its stack, and the process would
// abort.  And the destructor may let such an unwinding pass (noexcept(false)).
// Threads between deciding to retake the GIL and holding it: czmq's atexit
// hook waits for them to get through before the interpreter finalises.
extern std::atomic<int> retaking_gil;

struct ReleasedGIL {
    PyThreadState *state;
    ReleasedGIL() : state(PyEval_SaveThread()) {}
    ~ReleasedGIL() noexcept(false) {
        retaking_gil.fetch_add(1);
        if (exiting_elsewhere()) {
            retaking_gil.fetch_sub(1);
            for (;;)
                std::this_thread::sleep_for(std::chrono::hours(1));
        }
        PyEval_RestoreThread(state);
        retaking_gil.fetch_sub(1);
    }
    ReleasedGIL(const ReleasedGIL &) = delete;
    ReleasedGIL &operator=(const ReleasedGIL &) = delete;
};
void bind_zsys(nb::module_ &m);

// ---- sockets (socket.cpp) --------------------------------------------------

// Longest a blocking call waits between checks for Ctrl-C, close and its
// deadline (see socket.cpp).
constexpr int SLICE_MS = 50;
using Clock = std::chrono::steady_clock;

const char *type_name(int type);  // nullptr for an unknown type

struct Socket {
    void *handle = nullptr;
    int type;
    int fd = -1;          // ZMQ_FD, fixed for the socket's life
    unsigned generation;  // fork_count when made
    std::mutex lock;
    std::atomic<bool> closed{false};
    std::thread::id sending;    // owner of a multipart send in progress
    std::thread::id receiving;  // owner of a multipart receive in progress

    explicit Socket(int type_);
    ~Socket();
    void close();

    // Runs `attempt` until it succeeds; see the comment at the top.
    // `verb` names the operation for error messages, built only on failure.
    template <typename F>
    void complete(bool out, bool dontwait, std::optional<int> timeout_ms, const char *verb,
                  F &&attempt, bool batch = false);
    void check_usable();
    bool inherited() const { return generation != fork_count.load(std::memory_order_relaxed); }
    [[noreturn]] void fail_op(int err, bool out, const char *verb);
    void check_turn(bool out, const char *verb);
    void finish_part(bool out, bool more);
    int wait_slice(bool out, int ms, bool recheck);

    std::string describe(const char *verb) const {
        return std::string("cannot ") + verb + " on " + type_name(type) + " socket";
    }
};

// Locks a socket's mutex, called with the GIL held.  It never waits for the
// mutex while holding the GIL, and never holds the mutex while waiting for
// the GIL: it waits, GIL released, until the mutex is free, then tries again.
struct Locked {
    Socket &s;
    explicit Locked(Socket &s_) : s(s_) {
        // A thread of the parent may have held the lock at fork(): never
        // wait for it in the child.
        if (s.inherited())
            s.check_usable();
        while (!s.lock.try_lock()) {
            ReleasedGIL nogil;
            std::lock_guard<std::mutex> wait_turn(s.lock);
        }
    }
    ~Locked() { s.lock.unlock(); }
    Locked(const Locked &) = delete;
};

void bind_socket(nb::module_ &m);
void bind_poller(nb::module_ &m);
void close_all_sockets();
void reset_socket_registry_after_fork();
void stop_deferred_release();
void reset_release_queue_after_fork();

// ---- frames (frame.cpp) ----------------------------------------------------

// One message part, owning a zmq_msg_t.  Immutable once made.
struct Frame {
    zmq_msg_t msg;
    bool more = false;

    Frame() { zmq_msg_init(&msg); }
    ~Frame() { zmq_msg_close(&msg); }
    Frame(const Frame &) = delete;
    Frame &operator=(const Frame &) = delete;

    const char *data() { return static_cast<const char *>(zmq_msg_data(&msg)); }
    size_t size() { return zmq_msg_size(&msg); }
};

// Make an instance of `cls` (Frame or a Python subclass) taking over `msg`.
nb::object frame_from_msg(nb::handle cls, zmq_msg_t *msg, bool more);
void bind_frame(nb::module_ &m);

}  // namespace czmq_ext
