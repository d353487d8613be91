// Wirebench's native addon: the socket calls Node itself does not offer (raw IP/ICMP, AF_UNIX
// datagram and seqpacket, getsockopt/setsockopt on any fd). Only Node-API (ABI-stable, so one
// binary loads in Node and in Electron) plus libuv for polling, from the loop Node-API hands us.
//
// The JS side is src-main/native/native.ts; this addon keeps to thin system calls and leaves
// policy (what to watch, when to stop) to it. A socket is a JS object wrapping a wb_socket.
//
// Lifetime rules (the tricky part):
// - A wb_socket is freed only when its JS object is gone AND its uv_poll_t has finished closing.
// - close() closes the fd at once (after uv_poll_stop, so epoll forgets it) and starts uv_close.
// - JS may call close() from inside one of our callbacks; every callback re-checks `closed`.
// - The JS callback is held strongly only while something is being watched, so an unwatched,
//   forgotten socket can be collected (its fd is then closed by the finalizer).
// - On environment teardown (process/worker exit) an async cleanup hook closes everything and
//   tells Node when the last poll handle has closed.
//
// Files (one per concern; all share this header):
//   wb_errors.c        errno names and Node-style system errors
//   wb_args.c          checking and unwrapping arguments from JS
//   wb_address.c       JS address objects <-> struct sockaddr
//   wb_socket.c        a wb_socket's lifetime: wrapping, polling, closing, freeing
//   wb_dispatch.c      calling back into JS from the loop (reading, events)
//   wb_syscalls.c      exported functions: the system calls
//   wirebench_native.c exported functions that watch sockets; module setup and teardown
//   wirebench_tables.h the constants and errno names, each only where the OS defines it

#ifndef WIREBENCH_H
#define WIREBENCH_H

#if defined(__linux__) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE  // accept4
#endif
#ifndef NAPI_VERSION
#  define NAPI_VERSION 8
#endif
#include <node_api.h>
#include <uv.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <winsock2.h>
#  include <ws2tcpip.h>
#  include <afunix.h>
#  include <errno.h>
typedef SOCKET wb_fd;
typedef int wb_socklen;
#  define WB_BAD_FD INVALID_SOCKET
#  define wb_last_error() ((int)WSAGetLastError())
#  define wb_close_fd(fd) closesocket(fd)
#  define WB_WOULDBLOCK(e) ((e) == WSAEWOULDBLOCK)
#  define WB_INTERRUPTED(e) ((e) == WSAEINTR)
#else
#  include <arpa/inet.h>
#  include <errno.h>
#  include <fcntl.h>
#  include <net/if.h>
#  include <netinet/in.h>
#  include <netinet/icmp6.h>
#  include <netinet/tcp.h>
#  include <poll.h>
#  include <sys/socket.h>
#  include <sys/types.h>
#  include <sys/un.h>
#  include <unistd.h>
typedef int wb_fd;
typedef socklen_t wb_socklen;
#  define WB_BAD_FD (-1)
#  define wb_last_error() errno
#  define wb_close_fd(fd) close(fd)
#  define WB_WOULDBLOCK(e) ((e) == EAGAIN || (e) == EWOULDBLOCK)
#  define WB_INTERRUPTED(e) ((e) == EINTR)
#endif

#ifndef MSG_NOSIGNAL
#  define MSG_NOSIGNAL 0
#endif
#ifndef IF_NAMESIZE
#  define IF_NAMESIZE 16
#endif

// Enough for any IPv4/IPv6 packet (65535) and for the larger datagrams AF_UNIX allows.
#define WB_RECV_BUFFER (256 * 1024)
// Per readable wakeup, so a flood cannot starve the rest of the event loop.
#define WB_MAX_MESSAGES_PER_WAKEUP 256
#define WB_MAX_BYTES_PER_WAKEUP (4 * 1024 * 1024)
#define WB_MAX_OPTION_SIZE 65536

// Event numbers passed to the JS dispatcher (mirrored in native.ts).
enum { WB_EV_MESSAGES = 1, WB_EV_ACCEPTABLE = 2, WB_EV_END = 3, WB_EV_ERROR = 4, WB_EV_WRITABLE = 5 };

typedef struct wb_state wb_state;

typedef struct wb_socket {
  wb_state* state;
  wb_fd fd;
  int type;            // SOCK_* as the OS reports it (SO_TYPE)
  int closed;          // fd closed
  int js_alive;        // the wrapping JS object still exists
  int poll_init;       // uv_poll_init done
  int poll_closing;    // uv_close called
  int poll_closed;     // uv_close callback ran
  int reading;         // watching for readable
  int listener;        // readable means "accept()able", not data
  int want_writable;   // one-shot writable watch
  int poll_events;     // events currently started on the poll handle
  napi_ref callback;   // the JS dispatcher, or NULL
  int callback_strong;
  struct wb_socket* prev;
  struct wb_socket* next;
  uv_poll_t poll;
} wb_socket;

struct wb_state {
  napi_env env;
  uv_loop_t* loop;
  char* recv_buffer;
  napi_async_context async_context;
  napi_async_cleanup_hook_handle cleanup_hook;
  int tearing_down;
  int closes_pending;
  wb_socket* sockets;
};

extern const napi_type_tag WB_SOCKET_TAG;

// Declares argc and argv[n] for a napi_callback; returns NULL from it when that fails.
#define WB_ARGS(n)                                                            \
  size_t argc = (n);                                                          \
  napi_value argv[(n) > 0 ? (n) : 1];                                         \
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL

// wb_errors.c
napi_value wb_make_error(napi_env env, const char* syscall, int err, const char* detail);
napi_value wb_throw(napi_env env, const char* syscall, int err, const char* detail);
napi_value wb_throw_errno(napi_env env, const char* syscall);
napi_value wb_throw_type(napi_env env, const char* message);

// wb_args.c: each returns 0/NULL after throwing when the argument is wrong.
int wb_get_int(napi_env env, napi_value v, int32_t* out, const char* what);
int wb_get_bytes(napi_env env, napi_value v, void** data, size_t* length);
wb_socket* wb_unwrap(napi_env env, napi_value v);
wb_socket* wb_open_socket(napi_env env, napi_value v, const char* syscall);
int wb_get_string(napi_env env, napi_value v, char* out, size_t size, size_t* length);

// wb_address.c
int wb_address_from_js(napi_env env, napi_value v, const char* syscall, struct sockaddr_storage* ss,
                       wb_socklen* len);
napi_value wb_null(napi_env env);
napi_value wb_address_to_js(napi_env env, const struct sockaddr_storage* ss, wb_socklen len);

// wb_socket.c
int wb_update_poll(wb_socket* s);
void wb_shutdown(wb_socket* s);
napi_value wb_wrap_fd(napi_env env, wb_state* state, wb_fd fd, int type);
#if !defined(__linux__)  // Linux sets both flags in socket()/accept4()
int wb_set_nonblocking_cloexec(wb_fd fd);
#endif

// wb_dispatch.c
void wb_on_poll(uv_poll_t* handle, int status, int events);

// wb_syscalls.c
napi_value wb_js_socket(napi_env env, napi_callback_info info);
napi_value wb_js_fd(napi_env env, napi_callback_info info);
napi_value wb_js_bind(napi_env env, napi_callback_info info);
napi_value wb_js_connect(napi_env env, napi_callback_info info);
napi_value wb_js_listen(napi_env env, napi_callback_info info);
napi_value wb_js_accept(napi_env env, napi_callback_info info);
napi_value wb_js_send(napi_env env, napi_callback_info info);
napi_value wb_js_sockname(napi_env env, napi_callback_info info);
napi_value wb_js_peername(napi_env env, napi_callback_info info);
napi_value wb_js_setsockopt(napi_env env, napi_callback_info info);
napi_value wb_js_getsockopt(napi_env env, napi_callback_info info);

#endif  // WIREBENCH_H
