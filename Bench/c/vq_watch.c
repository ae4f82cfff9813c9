/* Quorum watcher for stock corosync: what `corosync-quorumtool -m` would print on an expected-votes
 * change, if it reprinted then. corosync-quorumtool -m waits on the quorum service, which notifies
 * only quorate and membership changes, so a `corosync-quorumtool -e` never makes it reprint; this
 * client tracks votequorum instead (CS_TRACK_CHANGES) and, on each expected-votes notification,
 * asks for the local node's votequorum info (as -m does before it prints) and prints
 *
 *   stdout: "Expected votes:   N"   (the line of -m's status block), flushed at once
 *
 * It starts by printing the current value the same way, and runs until killed.
 */
#include <corosync/votequorum.h>
#include <stdio.h>
#include <stdlib.h>

static void print_info(votequorum_handle_t handle) {
    struct votequorum_info info;
    if (votequorum_getinfo(handle, 0, &info) != CS_OK) {
        fprintf(stderr, "votequorum_getinfo failed\n");
        return;
    }
    printf("Expected votes:   %u\n", info.node_expected_votes);
    fflush(stdout);
}

static void expected_changed(votequorum_handle_t handle, uint64_t context, uint32_t expected) {
    (void)context;
    (void)expected;
    print_info(handle);
}

int main(void) {
    votequorum_handle_t handle;
    votequorum_callbacks_t callbacks = {
        .votequorum_quorum_notify_fn = NULL,
        .votequorum_expectedvotes_notify_fn = expected_changed,
        .votequorum_nodelist_notify_fn = NULL,
    };
    if (votequorum_initialize(&handle, &callbacks) != CS_OK) {
        fprintf(stderr, "votequorum_initialize failed\n");
        return 1;
    }
    if (votequorum_trackstart(handle, 0, CS_TRACK_CHANGES) != CS_OK) {
        fprintf(stderr, "votequorum_trackstart failed\n");
        return 1;
    }
    print_info(handle);
    for (;;) {
        if (votequorum_dispatch(handle, CS_DISPATCH_BLOCKING) != CS_OK) {
            fprintf(stderr, "votequorum_dispatch failed\n");
            return 1;
        }
    }
}
