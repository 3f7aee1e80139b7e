// Poller: wait until one of several sockets can receive (CZMQ's zpoller
// role), in the same way a blocking receive waits (see socket.cpp): each
// socket is checked under its own lock, then the GIL is released and the
// sockets' ZMQ_FDs are polled for at most one slice, so Ctrl-C, a close from
// another thread and the deadline are all noticed promptly.

#include "czmq_ext.hpp"

#include <poll.h>

namespace czmq_ext {

namespace {

// Indices of the sockets that can receive now, or the first one only.
// Returns an empty list on timeout; raises SocketClosed for a closed socket.
nb::list poll_in(const std::vector<Socket *> &sockets, std::optional<double> timeout,
                 bool first_only) {
    for (Socket *s : sockets)
        if (s == nullptr)
            throw nb::type_error("poll_in() takes czmq sockets, not None");
    std::optional<int> ms = czmq_ext::timeout_ms(timeout);
    const bool forever = !ms || *ms < 0;
    const auto deadline = Clock::now() + std::chrono::milliseconds(forever ? 0 : *ms);
    std::vector<pollfd> fds(sockets.size());
    for (;;) {
        nb::list ready;
        for (size_t i = 0; i < sockets.size(); ++i) {
            Socket &s = *sockets[i];
            Locked held(s);
            s.check_usable();
            int events = 0;
            size_t len = sizeof events;
            if (zmq_getsockopt(s.handle, ZMQ_EVENTS, &events, &len) != 0)
                fail_errno(s.describe("poll"));
            if (events & ZMQ_POLLIN) {
                ready.append(i);
                if (first_only)
                    return ready;
            }
            fds[i].fd = s.fd;
            fds[i].events = POLLIN;
        }
        if (ready.size() != 0)
            return ready;
        int slice = SLICE_MS;
        if (!forever) {
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                    .count() +
                1;
            if (left <= 1)
                return ready;
            slice = static_cast<int>(std::min<long long>(left, SLICE_MS));
        }
        {
            ReleasedGIL nogil;
            ::poll(fds.data(), fds.size(), slice);
        }
        if (PyErr_CheckSignals() != 0)
            throw nb::python_error();
    }
}

}  // namespace

void bind_poller(nb::module_ &m) {
    m.def("poll_in", &poll_in, "sockets"_a, "timeout"_a.none(), "first_only"_a,
          "Indices of the sockets that can receive, waiting up to timeout seconds.");
}

}  // namespace czmq_ext
