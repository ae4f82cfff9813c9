/* The parts of libqb (Debian's libqb-dev) that totemd's CorosyncIPC target uses: the IPC
 * server, its main loop, the message headers; and eventfd, which wakes that loop. The client
 * API (qbipcc.h) is for tests that connect as stock clients do. */
#include <sys/types.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <qb/qbdefs.h>
#include <qb/qbloop.h>
#include <qb/qbipcs.h>
#include <qb/qbipcc.h>
#include <qb/qbipc_common.h>
