// Process-wide CZMQ state (zsys): initialisation, shutdown, versions and the
// routing of CZMQ's log lines to Python.

#include "czmq_ext.hpp"

#include <deque>
#include <stdio.h>

namespace czmq_ext {

namespace {

std::mutex init_lock;
std::atomic<bool> initialised{false};
std::atomic<bool> terminated{false};
void *context = nullptr;

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
        PyObject *text = PyUnicode_DecodeUTF8(line.data(), (Py_ssize_t) line.size(), "replace");
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

// Default linger of czmq sockets, in milliseconds.  CZMQ's own default of 0
// drops a message sent just before close; this delivers it to a live peer
// and still bounds how long exit can wait for an absent one.
constexpr int DEFAULT_LINGER_MS = 1000;

void shutdown() {
    std::lock_guard<std::mutex> guard(init_lock);
    if (!initialised.load() || terminated.load())
        return;
    terminated.store(true);
    {
        nb::gil_scoped_release nogil;
        close_all_sockets();
        zsys_shutdown();
    }
    log_open.store(false);
    drain_log_lines();
}

}  // namespace

void *zsys_context() {
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
        zsys_set_logstream(open_log_stream());
        zsys_set_linger(DEFAULT_LINGER_MS);
        log_open.store(true);
        initialised.store(true);
    }
    return context;
}

bool is_terminated() { return terminated.load(); }

void bind_zsys(nb::module_ &m) {
    // Off before anything can initialise CZMQ: its SIGINT/SIGTERM handlers
    // would swallow Ctrl-C and stop SIGTERM from ending the process.
    zsys_handler_set(nullptr);

    m.def("shutdown", &shutdown, "Close every socket and terminate CZMQ's context.");
    m.def("is_terminated", &is_terminated, "Whether shutdown() has run.");
    m.def("is_initialised", [] { return initialised.load(); },
          "Whether CZMQ's context exists yet.");
    m.def(
        "_set_log_sink",
        [](nb::object sink) {
            Py_XDECREF(log_sink);
            log_sink = sink.release().ptr();
        },
        "Set the callable that receives CZMQ's log lines.");
    m.def("_flush_log", &drain_log_lines, "Deliver queued CZMQ log lines now.");
    m.def("_log", [](const std::string &level, const std::string &text) {
        zsys_context();
        switch (level.empty() ? 'I' : level[0]) {
        case 'E': zsys_error("%s", text.c_str()); break;
        case 'W': zsys_warning("%s", text.c_str()); break;
        case 'D': zsys_debug("%s", text.c_str()); break;
        default: zsys_info("%s", text.c_str()); break;
        }
    }, "Log through CZMQ's logger (for tests of the routing).");
    m.def("zmq_version", [] {
        int major, minor, patch;
        zmq_version(&major, &minor, &patch);
        return nb::make_tuple(major, minor, patch);
    }, "Version of the linked libzmq as (major, minor, patch).");
    m.def("czmq_version", [] {
        int major, minor, patch;
        zsys_version(&major, &minor, &patch);
        return nb::make_tuple(major, minor, patch);
    }, "Version of the linked CZMQ as (major, minor, patch).");
    m.def("has", [](const std::string &capability) {
        return zmq_has(capability.c_str()) == 1;
    }, "Whether libzmq was built with a capability (curve, ipc, ...).");
    m.attr("DEFAULT_LINGER_MS") = DEFAULT_LINGER_MS;
}

}  // namespace czmq_ext
