/* libcpg test client for CPGInteropTests (built by the test with cc ... -lcpg).
 *
 *   cpg_peer GROUP COUNT TOTAL   exchange: join GROUP; once another member is in the group, send
 *                                COUNT messages (u32 own nodeid, u32 seq); print every delivery;
 *                                after TOTAL deliveries print "done", then wait for the peer to
 *                                leave and join again, then leave.
 *   cpg_peer GROUP 0 0           observe: join GROUP, print membership changes until a member
 *                                of another node is seen, then leave.
 * Output lines (stdout):
 *   self NODEID PID
 *   confchg members=N:P,... joined=N:P:R,... left=N:P:R,...
 *   d NODEID SEQ                 a delivered message (sender's node id, its seq)
 *   done | peer-left N P R | peer-joined N P | left
 * Exit status 0 on success, 2 on timeout (120 s), 1 on a libcpg error.
 */
#include <corosync/cpg.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint32_t self_node, count, total, sent, delivered;
static int peer_present, peer_left, peer_rejoined, observed_remote;

static void print_list(const char *label, const struct cpg_address *list, size_t n, int with_reason) {
    printf(" %s=", label);
    for (size_t i = 0; i < n; i++) {
        if (with_reason) printf("%s%u:%u:%u", i ? "," : "", list[i].nodeid, list[i].pid, list[i].reason);
        else printf("%s%u:%u", i ? "," : "", list[i].nodeid, list[i].pid);
    }
}

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid, uint32_t pid, void *msg, size_t len) {
    (void)h; (void)g; (void)pid;
    if (len != 8) { printf("bad-length %zu from %u\n", len, nodeid); return; }
    uint32_t tag, seq;
    memcpy(&tag, msg, 4);
    memcpy(&seq, (char *)msg + 4, 4);
    printf("d %u %u\n", tag, seq);
    if (++delivered == total && total) { printf("done\n"); fflush(stdout); }
}

static void confchg(cpg_handle_t h, const struct cpg_name *g, const struct cpg_address *m, size_t mn,
                    const struct cpg_address *l, size_t ln, const struct cpg_address *j, size_t jn) {
    (void)h; (void)g;
    printf("confchg");
    print_list("members", m, mn, 0);
    print_list("joined", j, jn, 1);
    print_list("left", l, ln, 1);
    printf("\n");
    int remote = 0;
    for (size_t i = 0; i < mn; i++) if (m[i].nodeid != self_node) remote = 1;
    if (remote) { peer_present = 1; observed_remote = 1; }
    for (size_t i = 0; i < ln; i++) if (l[i].nodeid != self_node && delivered == total && total) {
        printf("peer-left %u %u %u\n", l[i].nodeid, l[i].pid, l[i].reason);
        peer_left = 1;
    }
    for (size_t i = 0; i < jn; i++) if (j[i].nodeid != self_node && peer_left) {
        printf("peer-joined %u %u\n", j[i].nodeid, j[i].pid);
        peer_rejoined = 1;
    }
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: cpg_peer GROUP COUNT TOTAL\n"); return 1; }
    struct cpg_name group = {.length = (uint32_t)strlen(argv[1])};
    memcpy(group.value, argv[1], group.length);
    count = (uint32_t)atoi(argv[2]);
    total = (uint32_t)atoi(argv[3]);
    static char out[1 << 20];
    setvbuf(stdout, out, _IOFBF, sizeof out);
    cpg_handle_t handle;
    cpg_callbacks_t callbacks = {.cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg};
    int tries = 0;
    while (cpg_initialize(&handle, &callbacks) != CS_OK) {
        if (++tries > 200) { fprintf(stderr, "cpg_initialize failed\n"); return 1; }
        usleep(50000);
    }
    cpg_local_get(handle, &self_node);
    printf("self %u %u\n", self_node, (unsigned)getpid());
    fflush(stdout);
    cs_error_t r;
    while ((r = cpg_join(handle, &group)) == CS_ERR_TRY_AGAIN) usleep(10000);
    if (r != CS_OK) { fprintf(stderr, "cpg_join: %d\n", r); return 1; }
    int fd;
    cpg_fd_get(handle, &fd);
    time_t deadline = time(NULL) + 120;
    for (;;) {
        if (time(NULL) > deadline) { printf("timeout\n"); fflush(stdout); return 2; }
        if (total == 0 && observed_remote) break;
        if (total && peer_rejoined) break;
        while (total && peer_present && sent < count) {
            uint32_t payload[2] = {self_node, sent};
            struct iovec iov = {.iov_base = payload, .iov_len = sizeof payload};
            r = cpg_mcast_joined(handle, CPG_TYPE_AGREED, &iov, 1);
            if (r == CS_ERR_TRY_AGAIN) break;
            if (r != CS_OK) { fprintf(stderr, "cpg_mcast_joined: %d\n", r); return 1; }
            sent++;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, sent < count && peer_present ? 1 : 100);
        if (p.revents && cpg_dispatch(handle, CS_DISPATCH_ALL) != CS_OK) { fprintf(stderr, "cpg_dispatch failed\n"); return 1; }
    }
    while ((r = cpg_leave(handle, &group)) == CS_ERR_TRY_AGAIN) usleep(10000);
    printf("left %d\n", r);
    fflush(stdout);
    cpg_finalize(handle);
    return r == CS_OK ? 0 : 1;
}
