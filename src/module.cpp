// The private extension module czmq._czmq.

#include "czmq_ext.hpp"

using namespace czmq_ext;

NB_MODULE(_czmq, m) {
    m.doc() = "Private extension of czmq: thin wrappers over CZMQ and libzmq.";
    bind_errors(m);
    bind_zsys(m);
    bind_frame(m);
    bind_socket(m);

    nb::dict types;
    types["PAIR"] = ZMQ_PAIR;
    types["PUB"] = ZMQ_PUB;
    types["SUB"] = ZMQ_SUB;
    types["REQ"] = ZMQ_REQ;
    types["REP"] = ZMQ_REP;
    types["DEALER"] = ZMQ_DEALER;
    types["ROUTER"] = ZMQ_ROUTER;
    types["PULL"] = ZMQ_PULL;
    types["PUSH"] = ZMQ_PUSH;
    types["XPUB"] = ZMQ_XPUB;
    types["XSUB"] = ZMQ_XSUB;
    types["STREAM"] = ZMQ_STREAM;
    m.attr("SOCKET_TYPES") = types;

    nb::dict options;
    options["AFFINITY"] = ZMQ_AFFINITY;
    options["ROUTING_ID"] = ZMQ_ROUTING_ID;
    options["SUBSCRIBE"] = ZMQ_SUBSCRIBE;
    options["UNSUBSCRIBE"] = ZMQ_UNSUBSCRIBE;
    options["RATE"] = ZMQ_RATE;
    options["SNDBUF"] = ZMQ_SNDBUF;
    options["RCVBUF"] = ZMQ_RCVBUF;
    options["RCVMORE"] = ZMQ_RCVMORE;
    options["FD"] = ZMQ_FD;
    options["EVENTS"] = ZMQ_EVENTS;
    options["TYPE"] = ZMQ_TYPE;
    options["LINGER"] = ZMQ_LINGER;
    options["RECONNECT_IVL"] = ZMQ_RECONNECT_IVL;
    options["BACKLOG"] = ZMQ_BACKLOG;
    options["MAXMSGSIZE"] = ZMQ_MAXMSGSIZE;
    options["SNDHWM"] = ZMQ_SNDHWM;
    options["RCVHWM"] = ZMQ_RCVHWM;
    options["RCVTIMEO"] = ZMQ_RCVTIMEO;
    options["SNDTIMEO"] = ZMQ_SNDTIMEO;
    options["LAST_ENDPOINT"] = ZMQ_LAST_ENDPOINT;
    options["IPV6"] = ZMQ_IPV6;
    m.attr("OPTIONS") = options;
}
