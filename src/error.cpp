// The one error path: every failed libzmq/CZMQ call becomes an Error, and
// one translator turns it into the Python exception that czmq.error picks
// for its errno.

#include "czmq_ext.hpp"

namespace czmq_ext {

namespace {

// czmq.error.from_errno, handed over once at import by _set_error_factory.
// Held for the life of the process on purpose: exceptions can be raised
// until the interpreter is gone.
PyObject *error_factory = nullptr;

void translate(const std::exception_ptr &p, void *) {
    try {
        std::rethrow_exception(p);
    } catch (const Error &e) {
        const char *strerror = e.err > 0 ? zmq_strerror(e.err) : "";
        std::string message = e.what_;
        if (*strerror)
            message += std::string(": ") + strerror;
        if (error_factory == nullptr) {
            PyErr_SetString(PyExc_RuntimeError, message.c_str());
            return;
        }
        nb::object exc = nb::borrow(error_factory)(e.err, message, strerror);
        PyErr_SetObject(reinterpret_cast<PyObject *>(Py_TYPE(exc.ptr())), exc.ptr());
    }
}

}  // namespace

void fail(int err, const std::string &what) {
    throw Error(err, what);
}

void fail_errno(const std::string &what) {
    throw Error(zmq_errno(), what);
}

void bind_errors(nb::module_ &m) {
    nb::register_exception_translator(translate);
    m.def(
        "_set_error_factory",
        [](nb::object factory) {
            Py_XDECREF(error_factory);
            error_factory = factory.release().ptr();
        },
        "Set the callable (errno, message, strerror) -> exception used for errors.");
    m.attr("ERR_CLOSED") = ERR_CLOSED;
    m.attr("ERR_TIMEOUT") = ERR_TIMEOUT;
    m.attr("ERR_FORKED") = ERR_FORKED;
    m.attr("ERR_IN_USE") = ERR_IN_USE;
    m.attr("EFSM") = EFSM;
    m.attr("ETERM") = ETERM;
    m.attr("ENOCOMPATPROTO") = ENOCOMPATPROTO;
    m.attr("EMTHREAD") = EMTHREAD;
}

}  // namespace czmq_ext
