/* Load client for stock corosync: joins CPG group "bench" and speaks the same line protocol on
 * stdin/stdout as totem-probe, so the bench drives both systems the same way.
 *
 *   stdout: "members K"           on every configuration change of the group
 *   stdin:  "load SIZE RATE GUARANTEE START_NS DURATION_MS WARMUP_MS"
 *           RATE is messages/s from this node (0 = as fast as cpg_mcast_joined allows, retrying
 *           on CS_ERR_TRY_AGAIN); GUARANTEE is agreed or safe; START_NS is CLOCK_REALTIME.
 *   stdout, once deliveries stopped for 500 ms after the window (at most 9.3 s after it):
 *           "result DELIVERED SENT TRYAGAIN FIRST_NS LAST_NS" (every message of this run delivered,
 *           and when the first and last were) then "lat K ns..." (submit-to-delivery latency of
 *           messages submitted inside the window, evenly thinned to at most 2000), then "end".
 *   stdin:  "quit"
 * Payload: u32 magic, u32 sender, u64 submit time (CLOCK_REALTIME ns), then zeros.
 */
#include <corosync/cpg.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAGIC 0x42454e43u
static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t run_start, win_start, win_end, delivered, sent, tryagain, first_at, last_at;
static uint64_t *lat;
static size_t lat_count, lat_cap;

static void deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t nodeid, uint32_t pid, void *msg, size_t len) {
    (void)h; (void)g; (void)nodeid; (void)pid;
    uint64_t t = now_ns();
    if (len < 16) return;
    uint32_t magic;
    uint64_t submitted;
    memcpy(&magic, msg, 4);
    memcpy(&submitted, (char *)msg + 8, 8);
    if (magic != MAGIC) return;
    if (submitted >= run_start) {
        if (delivered++ == 0) first_at = t;
        last_at = t;
    }
    if (submitted >= win_start && submitted <= win_end) {
        if (lat_count == lat_cap) {
            lat_cap = lat_cap ? lat_cap * 2 : 65536;
            lat = realloc(lat, lat_cap * sizeof *lat);
        }
        lat[lat_count++] = t - submitted;
    }
}

static void confchg(cpg_handle_t h, const struct cpg_name *g, const struct cpg_address *m, size_t mn,
                    const struct cpg_address *l, size_t ln, const struct cpg_address *j, size_t jn) {
    (void)h; (void)g; (void)m; (void)l; (void)ln; (void)j; (void)jn;
    printf("members %zu\n", mn);
    fflush(stdout);
}

int main(void) {
    cpg_handle_t handle;
    cpg_callbacks_t callbacks = {.cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg};
    struct cpg_name group = {.length = 5};
    memcpy(group.value, "bench", 5);
    int tries = 0;
    while (cpg_initialize(&handle, &callbacks) != CS_OK) {
        if (++tries > 200) { fprintf(stderr, "cpg_initialize failed\n"); return 1; }
        usleep(50000);
    }
    while (cpg_join(handle, &group) == CS_ERR_TRY_AGAIN) usleep(10000);
    int cpg_fd;
    cpg_fd_get(handle, &cpg_fd);
    uint32_t self = 0;
    cpg_local_get(handle, &self);
    char *buf = calloc(1, 1 << 20);
    size_t size = 0; double rate = 0; int safe = 0;
    uint64_t start = 0, stop = 0, report_at = 0;
    int loading = 0, pending_report = 0;
    char line[256];
    size_t line_len = 0;
    for (;;) {
        uint64_t t = now_ns();
        if (loading && t >= start) {
            if (t >= stop) loading = 0;
            else {
                uint64_t due = rate > 0 ? (uint64_t)((double)(t - start) * rate / 1e9) + 1 : UINT64_MAX;
                while (sent < due) {
                    uint64_t stamp = now_ns();
                    uint32_t magic = MAGIC;
                    memcpy(buf, &magic, 4); memcpy(buf + 4, &self, 4); memcpy(buf + 8, &stamp, 8);
                    struct iovec iov = {.iov_base = buf, .iov_len = size};
                    cs_error_t r = cpg_mcast_joined(handle, safe ? CPG_TYPE_SAFE : CPG_TYPE_AGREED, &iov, 1);
                    if (r == CS_ERR_TRY_AGAIN) { tryagain++; break; }
                    if (r != CS_OK) break;
                    sent++;
                    if (now_ns() >= stop) break;
                }
            }
        }
        if (pending_report && t >= report_at && (t >= report_at + 9000000000ull || t - last_at >= 500000000ull)) {
            pending_report = 0;
            printf("result %llu %llu %llu %llu %llu\n", (unsigned long long)delivered, (unsigned long long)sent,
                   (unsigned long long)tryagain, (unsigned long long)first_at, (unsigned long long)last_at);
            size_t step = lat_count > 2000 ? lat_count / 2000 : 1, shown = 0;
            for (size_t i = 0; i < lat_count; i += step) shown++;
            printf("lat %zu", shown);
            for (size_t i = 0; i < lat_count; i += step) printf(" %llu", (unsigned long long)lat[i]);
            printf("\nend\n");
            fflush(stdout);
        }
        struct pollfd fds[2] = {{.fd = 0, .events = POLLIN}, {.fd = cpg_fd, .events = POLLIN}};
        int timeout = loading ? 1 : (pending_report ? 5 : 100);
        poll(fds, 2, timeout);
        if (fds[1].revents && cpg_dispatch(handle, CS_DISPATCH_ALL) != CS_OK) break;
        if (fds[0].revents) {
            char c;
            if (read(0, &c, 1) <= 0) break;
            if (c != '\n') { if (line_len < sizeof line - 1) line[line_len++] = c; continue; }
            line[line_len] = 0; line_len = 0;
            char guarantee[16];
            unsigned long long s, d, w;
            if (strncmp(line, "quit", 4) == 0) break;
            if (sscanf(line, "load %zu %lf %15s %llu %llu %llu", &size, &rate, guarantee, &s, &d, &w) == 6) {
                if (size < 16) size = 16;
                safe = strcmp(guarantee, "safe") == 0;
                start = s; stop = s + d * 1000000ull;
                win_start = s + w * 1000000ull; win_end = stop;
                report_at = stop + 300000000ull;
                run_start = s;
                delivered = sent = tryagain = first_at = last_at = 0; lat_count = 0;
                loading = 1; pending_report = 1;
            }
        }
    }
    cpg_finalize(handle);
    return 0;
}
