/* Native baseline for bench/run.py: the same measurements as bench/worker.py,
 * written against libzmq's C API and linked with the libzmq that czmq
 * bundles (ci/bench builds it).
 *
 *   native thr TRANSPORT SIZE COUNT PARTS MODE CPU
 *       PUSH/PULL throughput.  A sender thread sends COUNT messages of PARTS
 *       frames of SIZE bytes; the main thread receives them and times from
 *       the first message received to the last.  MODE "copy" sends with
 *       zmq_send() (libzmq copies the caller's buffer, like a plain send of
 *       a byte string), "zerocopy" hands libzmq the buffer itself through
 *       zmq_msg_init_data().
 *   native lat TRANSPORT SIZE COUNT CPU
 *       REQ/REP round trips.  An echo thread answers; the main thread makes
 *       one untimed round trip, then times COUNT more.
 *
 * TRANSPORT is "inproc" or "tcp" (127.0.0.1 only).  CPU >= 0 pins the
 * process to that CPU before libzmq starts any thread; -1 leaves it be.
 * The result is one JSON line on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void fail(const char *what)
{
    fprintf(stderr, "native: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* Pins the calling thread (and so every thread it starts later) to `cpu`
 * and prints what the affinity ended up as into `out`. */
static int pin_to(int cpu, char *out, size_t room)
{
    int pinned = 0;
    if (cpu >= 0) {
        cpu_set_t want;
        CPU_ZERO(&want);
        CPU_SET(cpu, &want);
        pinned = sched_setaffinity(0, sizeof want, &want) == 0;
    }
    cpu_set_t have;
    CPU_ZERO(&have);
    size_t used = 0;
    out[0] = '\0';
    if (sched_getaffinity(0, sizeof have, &have) == 0) {
        for (int i = 0; i < CPU_SETSIZE && used + 8 < room; i++)
            if (CPU_ISSET(i, &have))
                used += (size_t) snprintf(out + used, room - used, "%s%d", used ? "," : "", i);
    }
    return pinned;
}

struct job {
    void *ctx;
    char endpoint[128];
    size_t size;
    long count;
    int parts;
    int zerocopy;
    char *payload;
};

static void *pusher(void *arg)
{
    struct job *job = arg;
    void *push = zmq_socket(job->ctx, ZMQ_PUSH);
    if (!push || zmq_connect(push, job->endpoint) != 0)
        fail("connect PUSH");
    for (long i = 0; i < job->count; i++) {
        for (int p = 0; p < job->parts; p++) {
            int flags = p + 1 < job->parts ? ZMQ_SNDMORE : 0;
            if (job->zerocopy) {
                zmq_msg_t msg;
                /* The payload outlives the socket: no free function. */
                if (zmq_msg_init_data(&msg, job->payload, job->size, NULL, NULL) != 0)
                    fail("zmq_msg_init_data");
                if (zmq_msg_send(&msg, push, flags) < 0)
                    fail("zmq_msg_send");
            } else if (zmq_send(push, job->payload, job->size, flags) < 0) {
                fail("zmq_send");
            }
        }
    }
    int linger = -1;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(push);
    return NULL;
}

static void *echoer(void *arg)
{
    struct job *job = arg;
    void *rep = job->payload; /* the REP socket, bound by the main thread */
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (long i = 0; i < job->count; i++) {
        if (zmq_msg_recv(&msg, rep, 0) < 0)
            fail("REP receive");
        if (zmq_msg_send(&msg, rep, 0) < 0)
            fail("REP send");
    }
    zmq_msg_close(&msg);
    return NULL;
}

/* Binds `sock` to a fresh endpoint of `transport` and writes the endpoint
 * that peers connect to into `endpoint`. */
static void bind_fresh(void *sock, const char *transport, char *endpoint, size_t room)
{
    if (strcmp(transport, "inproc") == 0) {
        snprintf(endpoint, room, "inproc://native-bench-%ld", (long) getpid());
        if (zmq_bind(sock, endpoint) != 0)
            fail("bind inproc");
    } else if (strcmp(transport, "tcp") == 0) {
        if (zmq_bind(sock, "tcp://127.0.0.1:*") != 0)
            fail("bind tcp");
        size_t len = room;
        if (zmq_getsockopt(sock, ZMQ_LAST_ENDPOINT, endpoint, &len) != 0)
            fail("ZMQ_LAST_ENDPOINT");
    } else {
        fprintf(stderr, "native: unknown transport %s\n", transport);
        exit(2);
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: native thr TRANSPORT SIZE COUNT PARTS copy|zerocopy CPU\n"
                    "       native lat TRANSPORT SIZE COUNT CPU\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    int is_thr = strcmp(argv[1], "thr") == 0;
    if (!(is_thr ? argc == 8 : strcmp(argv[1], "lat") == 0 && argc == 6))
        return usage();
    const char *transport = argv[2];
    size_t size = (size_t) strtoull(argv[3], NULL, 10);
    long count = strtol(argv[4], NULL, 10);
    int parts = is_thr ? atoi(argv[5]) : 1;
    int zerocopy = is_thr && strcmp(argv[6], "zerocopy") == 0;
    int cpu = atoi(argv[is_thr ? 7 : 5]);
    if (count < 2 || parts < 1)
        return usage();

    char affinity[512];
    int pinned = pin_to(cpu, affinity, sizeof affinity);

    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    void *ctx = zmq_ctx_new();
    if (!ctx)
        fail("zmq_ctx_new");

    struct job job;
    memset(&job, 0, sizeof job);
    job.ctx = ctx;
    job.size = size;
    job.parts = parts;
    job.zerocopy = zerocopy;
    pthread_t thread;
    double elapsed;
    long measured;

    if (is_thr) {
        job.count = count;
        job.payload = malloc(size ? size : 1);
        if (!job.payload)
            return 1;
        memset(job.payload, 'x', size);
        void *pull = zmq_socket(ctx, ZMQ_PULL);
        if (!pull)
            fail("PULL socket");
        bind_fresh(pull, transport, job.endpoint, sizeof job.endpoint);
        if (pthread_create(&thread, NULL, pusher, &job) != 0)
            return 1;
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        double start = 0;
        for (long i = 0; i < count; i++) {
            for (int p = 0; p < parts; p++)
                if (zmq_msg_recv(&msg, pull, 0) < 0)
                    fail("zmq_msg_recv");
            if (i == 0)
                start = seconds_now();
        }
        elapsed = seconds_now() - start;
        measured = count - 1;
        zmq_msg_close(&msg);
        pthread_join(thread, NULL);
        zmq_close(pull);
        free(job.payload);
    } else {
        job.count = count + 1;
        void *rep = zmq_socket(ctx, ZMQ_REP);
        void *req = zmq_socket(ctx, ZMQ_REQ);
        if (!rep || !req)
            fail("REQ/REP sockets");
        bind_fresh(rep, transport, job.endpoint, sizeof job.endpoint);
        if (zmq_connect(req, job.endpoint) != 0)
            fail("connect REQ");
        job.payload = rep;
        if (pthread_create(&thread, NULL, echoer, &job) != 0)
            return 1;
        char *out = malloc(size ? size : 1);
        if (!out)
            return 1;
        memset(out, 'x', size);
        zmq_msg_t reply;
        zmq_msg_init(&reply);
        double start = 0;
        for (long i = 0; i <= count; i++) {
            if (i == 1)
                start = seconds_now();
            if (zmq_send(req, out, size, 0) < 0)
                fail("REQ send");
            if (zmq_msg_recv(&reply, req, 0) < 0)
                fail("REQ receive");
        }
        elapsed = seconds_now() - start;
        measured = count;
        zmq_msg_close(&reply);
        pthread_join(thread, NULL);
        zmq_close(req);
        zmq_close(rep);
        free(out);
    }
    zmq_ctx_term(ctx);
    printf("{\"elapsed\": %.9f, \"measured\": %ld, \"pinned\": %s, \"affinity\": [%s], "
           "\"libzmq\": \"%d.%d.%d\"}\n",
           elapsed, measured, pinned ? "true" : "false", affinity, major, minor, patch);
    return 0;
}
