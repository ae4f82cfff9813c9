/* The raw-UDP floor: the smallest program that passes one datagram around N processes.
 *
 *   udp_ring PORT SELF ADDR1 ADDR2 ... ADDRN      (SELF is 1-based; run one process per node)
 *
 * Every process binds ADDR[SELF]:PORT and forwards whatever it receives to the next address
 * (blocking recvfrom/sendto, nothing else). Process 1 injects the datagram and re-injects it
 * when nothing arrived for 200 ms (a peer that was not bound yet). The datagram is 57 bytes with
 * byte 3 = 0, so the bench captures it with the same filter as a totem ORF token. Runs until killed.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: udp_ring PORT SELF ADDR1 ADDR2 ...\n");
        return 2;
    }
    int port = atoi(argv[1]), self = atoi(argv[2]), count = argc - 3;
    if (self < 1 || self > count) return 2;
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(port)};
    struct sockaddr_in next = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, argv[2 + self], &local.sin_addr);
    inet_pton(AF_INET, argv[3 + (self % count)], &next.sin_addr);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("udp_ring: bind");
        return 1;
    }
    unsigned char token[57];
    memset(token, 0, sizeof token);
    token[0] = 0xff; token[1] = 0x22; token[2] = 2; token[3] = 0;
    struct pollfd waiter = {.fd = fd, .events = POLLIN};
    for (;;) {
        if (self == 1 && poll(&waiter, 1, 200) == 0) {
            sendto(fd, token, sizeof token, 0, (struct sockaddr *)&next, sizeof next);
            continue;
        }
        ssize_t n = recvfrom(fd, token, sizeof token, 0, NULL, NULL);
        if (n > 0) sendto(fd, token, (size_t)n, 0, (struct sockaddr *)&next, sizeof next);
    }
}
