#include "listening_server.h"

#include <cerrno>
#include <sys/socket.h>

namespace scatter::searchd {

bool ListeningServer::raise_backlog(int backlog) {
  const socket_t sock = svr_sock_;
  if (sock == INVALID_SOCKET) {
    errno = EBADF;
    return false;
  }
  return ::listen(sock, backlog) == 0;
}

}  // namespace scatter::searchd
