// Process-wide CZMQ state (zsys): initialisation, shutdown, versions and the
// routing of CZMQ's log lines to Python.

#include "czmq_ext.hpp"

#include <cmath>
#include <deque>
#include <new>
#include <pthread.h>
#include <stdio.h>

namespace czmq_ext {

std::shared_mutex lifecycle_lock;
std::atomic<unsigned> fork_count{0};
std::atomic<int> retaking_gil{0};

std::optional<int> timeout_ms(std::optional<double> seconds) {
    if (!seconds)
        return std::nullopt;
    double t = *seconds;
    if (std::isinf(t) && t > 0)
        return -1;  // forever, whatever the socket's option says
    if (!(t >= 0))  // negative or NaN
        throw nb::value_error(("timeout must be None or at least 0 seconds, not " +
                               std::string(nb::repr(nb::float_(t)).c_str()))
                                  .c_str());
    return static_cast<int>(std::min(std::ceil(t * 1000.0), 2147483647.0));
}

namespace {

std::atomic<bool> exiting{false};
std::thread::id exit_thread;

std::mutex init_lock;
std::atomic<bool> initialised{false};
std::atomic<bool> terminated{false};
void *context = nullptr;

// Settings that libzmq only takes before its context starts; applied when
// CZMQ is initialised (on the first socket).  0 means "CZMQ's default".
size_t startup_io_threads = 0;
size_t startup_max_sockets = 0;

// Default linger of czmq sockets, in milliseconds.  CZMQ's own default of 0
// drops a message sent just before close; this delivers it to a live peer
// and still bounds how long exit can wait for an absent one.
constexpr int DEFAULT_LINGER_MS = 1000;

// CZMQ has no stable getters for its socket defaults: remember what was set.
struct {
    int linger = DEFAULT_LINGER_MS, sndhwm = 1000, rcvhwm = 1000;
    bool ipv6 = false;
} socket_defaults;

// CZMQ stores linger as size_t and hands it to libzmq as int, so -1
// (linger forever) survives the round trip.
void apply_socket_defaults() {
    zsys_set_linger(static_cast<size_t>(socket_defaults.linger));
    zsys_set_sndhwm(static_cast<size_t>(socket_defaults.sndhwm));
    zsys_set_rcvhwm(static_cast<size_t>(socket_defaults.rcvhwm));
    zsys_set_ipv6(socket_defaults.ipv6 ? 1 : 0);
}

// ---- log routing -------------------------------------------------------
//
// CZMQ writes log lines to a FILE.  czmq gives it a FILE whose writes land
// in a queue; a pending call drains the queue into the Python callable on
// the main thread.  The writer never takes the GIL: CZMQ may log from its
// own threads while holding its internal locks.

std::mutex log_lock;
std::deque<std::string> log_lines;
std::string log_partial;
bool drain_scheduled = false;
PyObject *log_sink = nullptr;  // czmq.system._czmq_log, held for the process
std::atomic<bool> log_open{false};

void drain_log_lines() {
    std::deque<std::string> lines;
    {
        std::lock_guard<std::mutex> guard(log_lock);
        lines.swap(log_lines);
        drain_scheduled = false;
    }
    if (log_sink == nullptr)
        return;
    for (const std::string &line : lines) {
        PyObject *text = PyUnicode_DecodeUTF8(line.data(), (Py_ssize_t)line.size(), "replace");
        PyObject *r = text ? PyObject_CallFunctionObjArgs(log_sink, text, nullptr) : nullptr;
        if (r == nullptr)
            PyErr_WriteUnraisable(log_sink);
        Py_XDECREF(r);
        Py_XDECREF(text);
    }
}

int drain_pending(void *) {
    drain_log_lines();
    return 0;
}

ssize_t log_write(void *, const char *buf, size_t size) {
    std::lock_guard<std::mutex> guard(log_lock);
    log_partial.append(buf, size);
    size_t end;
    while ((end = log_partial.find('\n')) != std::string::npos) {
        log_lines.emplace_back(log_partial, 0, end);
        log_partial.erase(0, end + 1);
    }
    if (!log_lines.empty() && !drain_scheduled && log_open.load()) {
        drain_scheduled = Py_AddPendingCall(drain_pending, nullptr) == 0;
    }
    return static_cast<ssize_t>(size);
}

FILE *open_log_stream() {
#if defined(__GLIBC__)
    cookie_io_functions_t io = {nullptr, log_write, nullptr, nullptr};
    FILE *f = fopencookie(nullptr, "w", io);
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
    FILE *f = funopen(
        nullptr, nullptr,
        [](void *c, const char *b, int n) { return static_cast<int>(log_write(c, b, n)); },
        nullptr, nullptr);
#else
    FILE *f = nullptr;  // no custom streams here: CZMQ's log lines are dropped
#endif
    if (f != nullptr)
        setvbuf(f, nullptr, _IOLBF, 0);
    return f;
}

void shutdown() {
    {
        ReleasedGIL nogil;
        std::unique_lock<std::shared_mutex> sole(lifecycle_lock);
        std::lock_guard<std::mutex> guard(init_lock);
        if (terminated.exchange(true) || !initialised.load())
            return;
        close_all_sockets();
        zsys_shutdown();
        stop_deferred_release();
    }
    log_open.store(false);
    drain_log_lines();
}

// Called first by czmq's atexit hook, on the thread running it.
void prepare_exit() {
    exit_thread = std::this_thread::get_id();
    exiting.store(true);
    // A thread that decided to retake the GIL just before the flag was set
    // is waiting for it now: let it through, so that none retakes it while
    // the interpreter finalises (which would end it by unwinding).  Those
    // that come later see the flag and park.
    ReleasedGIL nogil;
    while (retaking_gil.load() > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace

void *zsys_context() {
    if (terminated.load())
        fail(ETERM, "cannot create a socket after czmq.shutdown()");
    if (initialised.load())
        return context;
    std::lock_guard<std::mutex> guard(init_lock);
    if (terminated.load())
        fail(ETERM, "cannot create a socket after czmq.shutdown()");
    if (!initialised.load()) {
        zsys_handler_set(nullptr);
        context = zsys_init();
        if (context == nullptr)
            fail_errno("cannot initialise CZMQ");
        if (startup_io_threads != 0)
            zsys_set_io_threads(startup_io_threads);
        if (startup_max_sockets != 0)
            zsys_set_max_sockets(startup_max_sockets);
        zsys_set_logstream(open_log_stream());
        apply_socket_defaults();
        log_open.store(true);
        initialised.store(true);
    }
    return context;
}

bool is_terminated() {
    return terminated.load();
}

bool exiting_elsewhere() {
    return exiting.load() && std::this_thread::get_id() != exit_thread;
}

namespace {

// In a forked child CZMQ forgets its context (its own atfork handler) and
// would re-enable its signal handlers; forget ours too so that the next
// socket initialises CZMQ afresh through zsys_context().  Locks another
// thread may have held at fork() are remade.
void after_fork_in_child() {
    fork_count.fetch_add(1);
    new (&lifecycle_lock) std::shared_mutex();
    new (&init_lock) std::mutex();
    new (&log_lock) std::mutex();
    initialised.store(false);
    terminated.store(false);
    context = nullptr;
    log_open.store(false);
    drain_scheduled = false;
    log_lines.clear();
    log_partial.clear();
    reset_socket_registry_after_fork();
    reset_release_queue_after_fork();
}

void configure_startup(std::optional<size_t> io_threads, std::optional<size_t> max_sockets) {
    std::lock_guard<std::mutex> guard(init_lock);
    if (initialised.load())
        fail(EFSM, "cannot change io_threads or max_sockets after the first socket was "
                   "created");
    if (io_threads)
        startup_io_threads = *io_threads;
    if (max_sockets)
        startup_max_sockets = *max_sockets;
}

// Record new defaults for sockets made from now on, and hand them to CZMQ
// if it is running (zsys_init applies them otherwise).
void set_socket_defaults(std::optional<int> linger, std::optional<int> sndhwm,
                         std::optional<int> rcvhwm, std::optional<bool> ipv6) {
    std::lock_guard<std::mutex> guard(init_lock);
    if (linger)
        socket_defaults.linger = *linger;
    if (sndhwm)
        socket_defaults.sndhwm = *sndhwm;
    if (rcvhwm)
        socket_defaults.rcvhwm = *rcvhwm;
    if (ipv6)
        socket_defaults.ipv6 = *ipv6;
    if (initialised.load())
        apply_socket_defaults();
}

nb::dict settings() {
    nb::dict d;
    bool live = initialised.load() && !terminated.load();
    d["io_threads"] = live ? zmq_ctx_get(context, ZMQ_IO_THREADS) : (int)startup_io_threads;
    d["max_sockets"] = live ? zmq_ctx_get(context, ZMQ_MAX_SOCKETS) : (int)startup_max_sockets;
    return d;
}

}  // namespace

void bind_zsys(nb::module_ &m) {
    // Off before anything can initialise CZMQ: its SIGINT/SIGTERM handlers
    // would swallow Ctrl-C and stop SIGTERM from ending the process.
    zsys_handler_set(nullptr);
    pthread_atfork(nullptr, nullptr, after_fork_in_child);

    m.def("_configure_startup", &configure_startup, "io_threads"_a.none(),
          "max_sockets"_a.none(), "Set io_threads/max_sockets before CZMQ starts.");
    m.def("_set_socket_defaults", &set_socket_defaults, "linger"_a.none(), "sndhwm"_a.none(),
          "rcvhwm"_a.none(), "ipv6"_a.none(), "Set CZMQ's defaults for new sockets.");
    m.def(
        "_socket_defaults",
        [] {
            nb::dict d;
            d["linger"] = socket_defaults.linger;
            d["sndhwm"] = socket_defaults.sndhwm;
            d["rcvhwm"] = socket_defaults.rcvhwm;
            d["ipv6"] = socket_defaults.ipv6;
            return d;
        },
        "czmq's current defaults for new sockets.");
    m.def("_startup_settings", &settings, "io_threads and max_sockets in force or pending.");

    m.def("shutdown", &shutdown, "Close every socket and terminate CZMQ's context.");
    m.def("is_shut_down", [] { return terminated.load(); }, "Whether shutdown() has run.");
    m.def("_prepare_exit", &prepare_exit,
          "Mark interpreter exit: threads returning from waits park from now on.");
    m.def(
        "is_initialised", [] { return initialised.load(); },
        "Whether CZMQ's context exists yet.");
    m.def(
        "_set_log_sink",
        [](nb::object sink) {
            Py_XDECREF(log_sink);
            log_sink = sink.release().ptr();
        },
        "Set the callable that receives CZMQ's log lines.");
    m.def("_flush_log", &drain_log_lines, "Deliver queued CZMQ log lines now.");
    m.def(
        "_log",
        [](const std::string &level, const std::string &text) {
            zsys_context();
            switch (level.empty() ? 'I' : level[0]) {
            case 'E': zsys_error("%s", text.c_str()); break;
            case 'W': zsys_warning("%s", text.c_str()); break;
            case 'D': zsys_debug("%s", text.c_str()); break;
            default: zsys_info("%s", text.c_str()); break;
            }
        },
        "Log through CZMQ's logger (for tests of the routing).");
    m.def(
        "zmq_version",
        [] {
            int major, minor, patch;
            zmq_version(&major, &minor, &patch);
            return nb::make_tuple(major, minor, patch);
        },
        "Version of the linked libzmq as (major, minor, patch).");
    m.def(
        "czmq_version",
        [] {
            int major, minor, patch;
            zsys_version(&major, &minor, &patch);
            return nb::make_tuple(major, minor, patch);
        },
        "Version of the linked CZMQ as (major, minor, patch).");
    m.def(
        "has", [](const std::string &capability) { return zmq_has(capability.c_str()) == 1; },
        "Whether libzmq was built with a capability (curve, ipc, ...).");
    m.attr("DEFAULT_LINGER_MS") = DEFAULT_LINGER_MS;
}

}  // namespace czmq_ext
