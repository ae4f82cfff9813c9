/*
 * stall_probe: how late does this machine wake a sleeping thread?
 *
 * Sleeps 10 ms in poll() forever and prints one line "stall <late_ms> <realtime_ns>" whenever
 * it woke more than 10 ms late. Run under the same pinning and scheduling class as the ring
 * nodes, it shows the timer floor no token timeout can go below: a ring node that is not run for
 * longer than its token timeout loses the token whatever its protocol does.
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>

static double ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (;;) {
        double before = ms(CLOCK_MONOTONIC);
        poll(NULL, 0, 10);
        double late = ms(CLOCK_MONOTONIC) - before - 10;
        if (late > 10) {
            struct timespec now;
            clock_gettime(CLOCK_REALTIME, &now);
            printf("stall %.1f %lld\n", late, (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
        }
    }
}
