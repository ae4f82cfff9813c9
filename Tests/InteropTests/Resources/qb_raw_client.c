/*
 * A raw libqb client of one corosync service, for the libqb interop tests: it connects to the
 * service named by argv[1] (e.g. "cmap") with libcorosync's buffer size (1 MiB) and, for each
 * line of standard input holding a request in hex, sends exactly those bytes and prints
 *   RES <length> <hex>   the response, or
 *   ERR <code>           when libqb reports an error (negative errno),
 * then any events that arrived, one "EVT <length> <hex>" line each. A line "WAIT <ms>" waits
 * that long for events and prints them. It lets a test send what libcmap never sends: unknown
 * ids, short messages, sizes that lie.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <qb/qbipcc.h>
#include <qb/qbipc_common.h>

#define BUFFER_SIZE (1 << 20)

static unsigned char buffer[BUFFER_SIZE];

static void print_hex(const char *tag, const unsigned char *bytes, size_t length)
{
	printf("%s %zu ", tag, length);
	for (size_t i = 0; i < length; i++) {
		printf("%02x", bytes[i]);
	}
	printf("\n");
}

static void drain_events(qb_ipcc_connection_t *connection, int32_t timeout_ms)
{
	ssize_t received;

	while ((received = qb_ipcc_event_recv(connection, buffer, BUFFER_SIZE, timeout_ms)) > 0) {
		print_hex("EVT", buffer, (size_t)received);
		timeout_ms = 0;
	}
}

static size_t parse_hex(const char *text, unsigned char *out, size_t capacity)
{
	size_t length = 0;
	unsigned int byte;

	while (text[0] && text[1] && length < capacity && sscanf(text, "%2x", &byte) == 1) {
		out[length++] = (unsigned char)byte;
		text += 2;
	}
	return length;
}

int main(int argc, char *argv[])
{
	static char line[4 * BUFFER_SIZE];
	static unsigned char request[BUFFER_SIZE];
	qb_ipcc_connection_t *connection;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SERVICE < requests\n", argv[0]);
		return 2;
	}
	connection = qb_ipcc_connect(argv[1], BUFFER_SIZE);
	if (connection == NULL) {
		printf("CONNECT %d\n", -errno);
		return 1;
	}
	printf("CONNECT 0\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		struct iovec iov;
		ssize_t received;
		int wait_ms;

		line[strcspn(line, "\r\n")] = '\0';
		if (sscanf(line, "WAIT %d", &wait_ms) == 1) {
			drain_events(connection, wait_ms);
			fflush(stdout);
			continue;
		}
		iov.iov_base = request;
		iov.iov_len = parse_hex(line, request, sizeof(request));
		if (iov.iov_len == 0) {
			continue;
		}
		received = qb_ipcc_sendv_recv(connection, &iov, 1, buffer, BUFFER_SIZE, 5000);
		if (received < 0) {
			printf("ERR %zd\n", received);
		} else {
			print_hex("RES", buffer, (size_t)received);
		}
		drain_events(connection, 0);
		fflush(stdout);
	}
	qb_ipcc_disconnect(connection);
	return 0;
}
