// Frame: one message part, owning a zmq_msg_t and exposing its bytes through
// the buffer protocol without copying.  A Frame never changes after it is
// made; sending one sends a zmq_msg_copy(), so it stays valid and re-sendable.

#include "czmq_ext.hpp"

#include <cstring>

namespace czmq_ext {

namespace {

int frame_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    if (flags & PyBUF_WRITABLE) {
        PyErr_SetString(PyExc_BufferError, "a Frame is read-only");
        view->obj = nullptr;
        return -1;
    }
    if (!nb::inst_ready(self)) {  // a subclass whose __init__ skipped Frame's
        PyErr_SetString(PyExc_TypeError, "the Frame was never initialised (a subclass's "
                                         "__init__ must call super().__init__())");
        view->obj = nullptr;
        return -1;
    }
    Frame *f = nb::inst_ptr<Frame>(self);
    return PyBuffer_FillInfo(view, self, const_cast<char *>(f->data()),
                             static_cast<Py_ssize_t>(f->size()), 1, flags);
}

void frame_releasebuffer(PyObject *, Py_buffer *) {}

PyType_Slot frame_slots[] = {
    {Py_bf_getbuffer, reinterpret_cast<void *>(frame_getbuffer)},
    {Py_bf_releasebuffer, reinterpret_cast<void *>(frame_releasebuffer)},
    {0, nullptr}};

void frame_init(Frame *self, nb::handle data, bool more) {
    Buffer buf(data, "make");
    new (self) Frame();
    if (zmq_msg_init_size(&self->msg, buf.size()) != 0)
        fail_errno("cannot allocate a frame of " + std::to_string(buf.size()) + " bytes");
    if (buf.size() != 0)
        std::memcpy(zmq_msg_data(&self->msg), buf.data(), buf.size());
    self->more = more;
}

}  // namespace

nb::object frame_from_msg(nb::handle cls, zmq_msg_t *msg, bool more) {
    nb::object obj = nb::inst_alloc(cls);
    Frame *f = nb::inst_ptr<Frame>(obj);
    new (f) Frame();
    zmq_msg_move(&f->msg, msg);
    f->more = more;
    nb::inst_mark_ready(obj);
    return obj;
}

void bind_frame(nb::module_ &m) {
    nb::class_<Frame>(m, "Frame", nb::type_slots(frame_slots),
                      "One message part owning a zmq_msg_t (private layer).")
        .def("__init__", &frame_init, "data"_a = nb::bytes(""), "more"_a = false,
             "Make a frame holding a copy of a bytes-like object.")
        .def("__len__", &Frame::size, "Size in bytes.")
        .def(
            "__bytes__", [](Frame &f) { return nb::bytes(f.data(), f.size()); },
            "The frame's bytes, copied.")
        .def_prop_ro(
            "more", [](Frame &f) { return f.more; },
            "Whether more parts followed this one when it was received.");
}

}  // namespace czmq_ext
