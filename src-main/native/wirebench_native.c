// Wirebench's native addon: the socket calls Node itself does not offer (raw IP/ICMP, AF_UNIX
// datagram and seqpacket, getsockopt/setsockopt on any fd). Only Node-API (ABI-stable, so one
// binary loads in Node and in Electron) plus libuv for polling, from the loop Node-API hands us.
//
// The JS side is src-main/native/native.ts; this file keeps to thin system calls and leaves
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

static const napi_type_tag WB_SOCKET_TAG = {0x7769726562656e63ULL, 0x68536f636b657431ULL};

// ---------------------------------------------------------------------------------------------
// Errors

typedef struct {
  int value;
  const char* name;
} wb_errno_name;

#define WB_ERRNO(name) {name, #name},
static const wb_errno_name WB_ERRNO_NAMES[] = {
#ifdef _WIN32
    {WSAEACCES, "EACCES"},         {WSAEADDRINUSE, "EADDRINUSE"},     {WSAEADDRNOTAVAIL, "EADDRNOTAVAIL"},
    {WSAEAFNOSUPPORT, "EAFNOSUPPORT"}, {WSAEWOULDBLOCK, "EAGAIN"},    {WSAEALREADY, "EALREADY"},
    {WSAEBADF, "EBADF"},           {WSAECONNABORTED, "ECONNABORTED"}, {WSAECONNREFUSED, "ECONNREFUSED"},
    {WSAECONNRESET, "ECONNRESET"}, {WSAEDESTADDRREQ, "EDESTADDRREQ"}, {WSAEFAULT, "EFAULT"},
    {WSAEHOSTDOWN, "EHOSTDOWN"},   {WSAEHOSTUNREACH, "EHOSTUNREACH"}, {WSAEINPROGRESS, "EINPROGRESS"},
    {WSAEINTR, "EINTR"},           {WSAEINVAL, "EINVAL"},             {WSAEISCONN, "EISCONN"},
    {WSAEMFILE, "EMFILE"},         {WSAEMSGSIZE, "EMSGSIZE"},         {WSAENAMETOOLONG, "ENAMETOOLONG"},
    {WSAENETDOWN, "ENETDOWN"},     {WSAENETRESET, "ENETRESET"},       {WSAENETUNREACH, "ENETUNREACH"},
    {WSAENOBUFS, "ENOBUFS"},       {WSAENOPROTOOPT, "ENOPROTOOPT"},   {WSAENOTCONN, "ENOTCONN"},
    {WSAENOTSOCK, "ENOTSOCK"},     {WSAEOPNOTSUPP, "EOPNOTSUPP"},     {WSAEPFNOSUPPORT, "EPFNOSUPPORT"},
    {WSAEPROTONOSUPPORT, "EPROTONOSUPPORT"}, {WSAEPROTOTYPE, "EPROTOTYPE"}, {WSAESHUTDOWN, "ESHUTDOWN"},
    {WSAESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"}, {WSAETIMEDOUT, "ETIMEDOUT"},
#endif
#define WB_WANT_ERRNO_NAMES
#include "wirebench_tables.h"
#undef WB_WANT_ERRNO_NAMES
    {0, NULL},
};
#undef WB_ERRNO

static const char* wb_errno_name_of(int err) {
  for (const wb_errno_name* e = WB_ERRNO_NAMES; e->name != NULL; e++) {
    if (e->value == err) return e->name;
  }
  return NULL;
}

static void wb_describe_errno(int err, char* out, size_t size) {
#ifdef _WIN32
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)err, 0, out,
                           (DWORD)size, NULL);
  while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == '.')) out[--n] = '\0';
  if (n == 0) snprintf(out, size, "Windows socket error %d", err);
#else
  snprintf(out, size, "%s", strerror(err));
#endif
}

// An Error like Node's system errors: message "syscall: description", .code, .errno, .syscall.
static napi_value wb_make_error(napi_env env, const char* syscall, int err, const char* detail) {
  char code_buf[16];
  const char* code = wb_errno_name_of(err);
  if (code == NULL) {
    snprintf(code_buf, sizeof code_buf, "E%d", err);
    code = code_buf;
  }
  char description[256];
  if (detail != NULL) snprintf(description, sizeof description, "%s", detail);
  else wb_describe_errno(err, description, sizeof description);
  char message[512];
  snprintf(message, sizeof message, "%s: %s", syscall, description);

  napi_value code_value, message_value, error, errno_value, syscall_value;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_create_int32(env, err, &errno_value);
  napi_set_named_property(env, error, "errno", errno_value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_set_named_property(env, error, "syscall", syscall_value);
  return error;
}

static napi_value wb_throw(napi_env env, const char* syscall, int err, const char* detail) {
  napi_throw(env, wb_make_error(env, syscall, err, detail));
  return NULL;
}

static napi_value wb_throw_errno(napi_env env, const char* syscall) {
  return wb_throw(env, syscall, wb_last_error(), NULL);
}

static napi_value wb_throw_type(napi_env env, const char* message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return NULL;
}

// ---------------------------------------------------------------------------------------------
// Argument helpers

#define WB_ARGS(n)                                                            \
  size_t argc = (n);                                                          \
  napi_value argv[(n) > 0 ? (n) : 1];                                         \
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL

static int wb_get_int(napi_env env, napi_value v, int32_t* out, const char* what) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_number) {
    char message[128];
    snprintf(message, sizeof message, "%s must be a number", what);
    wb_throw_type(env, message);
    return 0;
  }
  napi_get_value_int32(env, v, out);
  return 1;
}

static int wb_get_bytes(napi_env env, napi_value v, void** data, size_t* length) {
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed) {
    wb_throw_type(env, "data must be a Uint8Array");
    return 0;
  }
  napi_typedarray_type type;
  napi_value array_buffer;
  size_t offset;
  napi_get_typedarray_info(env, v, &type, length, data, &array_buffer, &offset);
  if (type != napi_uint8_array && type != napi_int8_array && type != napi_uint8_clamped_array) {
    wb_throw_type(env, "data must be a Uint8Array");
    return 0;
  }
  return 1;
}

static wb_socket* wb_unwrap(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  bool ours = false;
  if (t == napi_object) napi_check_object_type_tag(env, v, &WB_SOCKET_TAG, &ours);
  void* p = NULL;
  if (!ours || napi_unwrap(env, v, &p) != napi_ok || p == NULL) {
    wb_throw_type(env, "not a native socket");
    return NULL;
  }
  return (wb_socket*)p;
}

// An open socket of ours, or throws EBADF for a closed one.
static wb_socket* wb_open_socket(napi_env env, napi_value v, const char* syscall) {
  wb_socket* s = wb_unwrap(env, v);
  if (s == NULL) return NULL;
  if (s->closed) {
#ifdef _WIN32
    wb_throw(env, syscall, WSAEBADF, "The socket is closed");
#else
    wb_throw(env, syscall, EBADF, "The socket is closed");
#endif
    return NULL;
  }
  return s;
}

static int wb_get_string(napi_env env, napi_value v, char* out, size_t size, size_t* length) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) {
    wb_throw_type(env, "expected a string");
    return 0;
  }
  napi_get_value_string_utf8(env, v, out, size, length);
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Addresses: JS {family:'unix', path} | {family:'IPv4'|'IPv6', address, port, scopeId?}

static int wb_address_from_js(napi_env env, napi_value v, const char* syscall, struct sockaddr_storage* ss,
                              wb_socklen* len) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_object) {
    wb_throw_type(env, "address must be an object");
    return 0;
  }
  memset(ss, 0, sizeof *ss);
  napi_value family_value;
  char family[16];
  size_t family_len = 0;
  napi_get_named_property(env, v, "family", &family_value);
  if (!wb_get_string(env, family_value, family, sizeof family, &family_len)) return 0;

  if (strcmp(family, "unix") == 0) {
    struct sockaddr_un* sun = (struct sockaddr_un*)ss;
    napi_value path_value;
    char path[sizeof sun->sun_path + 2];
    size_t path_len = 0;
    napi_get_named_property(env, v, "path", &path_value);
    if (!wb_get_string(env, path_value, path, sizeof path, &path_len)) return 0;
    sun->sun_family = AF_UNIX;
    size_t base = offsetof(struct sockaddr_un, sun_path);
    if (path_len >= sizeof sun->sun_path) {
      return (wb_throw(env, syscall, ENAMETOOLONG, "The Unix socket path is too long"), 0);
    }
    if (path_len == 0) {
      // Unnamed: bind() with just the family auto-binds on Linux.
      *len = (wb_socklen)base;
    } else if (path[0] == '@') {
#ifdef __linux__
      sun->sun_path[0] = '\0';
      memcpy(sun->sun_path + 1, path + 1, path_len - 1);
      *len = (wb_socklen)(base + path_len);
#else
      return (wb_throw(env, syscall, EINVAL, "Abstract Unix names ('@name') exist only on Linux"), 0);
#endif
    } else {
      memcpy(sun->sun_path, path, path_len);
      *len = (wb_socklen)(base + path_len + 1);
    }
    return 1;
  }

  int is_v4 = strcmp(family, "IPv4") == 0;
  if (!is_v4 && strcmp(family, "IPv6") != 0) {
    return (wb_throw_type(env, "address family must be 'unix', 'IPv4' or 'IPv6'"), 0);
  }
  napi_value address_value, port_value, scope_value;
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  size_t address_len = 0;
  int32_t port = 0;
  napi_get_named_property(env, v, "address", &address_value);
  if (!wb_get_string(env, address_value, address, sizeof address, &address_len)) return 0;
  napi_get_named_property(env, v, "port", &port_value);
  napi_valuetype port_type;
  napi_typeof(env, port_value, &port_type);
  if (port_type != napi_undefined && !wb_get_int(env, port_value, &port, "port")) return 0;
  if (port < 0 || port > 65535) return (wb_throw_type(env, "port must be 0 to 65535"), 0);

  char message[160];
  if (is_v4) {
    struct sockaddr_in* sin = (struct sockaddr_in*)ss;
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, address, &sin->sin_addr) != 1) {
      snprintf(message, sizeof message, "'%s' is not an IPv4 address", address);
      return (wb_throw(env, syscall, EINVAL, message), 0);
    }
    *len = (wb_socklen)sizeof *sin;
    return 1;
  }
  struct sockaddr_in6* sin6 = (struct sockaddr_in6*)ss;
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons((uint16_t)port);
  char* percent = strchr(address, '%');
  uint32_t scope = 0;
  if (percent != NULL) {
    *percent = '\0';
    const char* zone = percent + 1;
    char* end = NULL;
    unsigned long numeric = strtoul(zone, &end, 10);
#ifdef _WIN32
    scope = (end != zone && *end == '\0') ? (uint32_t)numeric : 0;  // names need iphlpapi: numbers only
#else
    scope = (end != zone && *end == '\0') ? (uint32_t)numeric : (uint32_t)if_nametoindex(zone);
#endif
    if (scope == 0) {
      snprintf(message, sizeof message, "there is no network interface '%s'", zone);
      return (wb_throw(env, syscall, EINVAL, message), 0);
    }
  }
  napi_get_named_property(env, v, "scopeId", &scope_value);
  napi_valuetype scope_type;
  napi_typeof(env, scope_value, &scope_type);
  if (scope_type == napi_number) {
    int32_t s = 0;
    napi_get_value_int32(env, scope_value, &s);
    if (s > 0) scope = (uint32_t)s;
  }
  sin6->sin6_scope_id = scope;
  if (inet_pton(AF_INET6, address, &sin6->sin6_addr) != 1) {
    snprintf(message, sizeof message, "'%s' is not an IPv6 address", address);
    return (wb_throw(env, syscall, EINVAL, message), 0);
  }
  *len = (wb_socklen)sizeof *sin6;
  return 1;
}

static napi_value wb_null(napi_env env) {
  napi_value nothing;
  napi_get_null(env, &nothing);
  return nothing;
}

// Both IP families describe an address the same way: { family, address, port }.
static void wb_set_ip_fields(napi_env env, napi_value object, const char* family, const char* address, uint32_t port) {
  napi_value value;
  napi_create_string_utf8(env, family, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, object, "family", value);
  napi_create_string_utf8(env, address, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, object, "address", value);
  napi_create_uint32(env, port, &value);
  napi_set_named_property(env, object, "port", value);
}

static napi_value wb_address_to_js(napi_env env, const struct sockaddr_storage* ss, wb_socklen len) {
  napi_value result, value;
  if (len <= 0) return wb_null(env);
  napi_create_object(env, &result);
  if (ss->ss_family == AF_UNIX) {
    const struct sockaddr_un* sun = (const struct sockaddr_un*)ss;
    size_t base = offsetof(struct sockaddr_un, sun_path);
    size_t n = (size_t)len > base ? (size_t)len - base : 0;
    if (n > sizeof sun->sun_path) n = sizeof sun->sun_path;
    napi_create_string_utf8(env, "unix", NAPI_AUTO_LENGTH, &value);
    napi_set_named_property(env, result, "family", value);
    if (n > 0 && sun->sun_path[0] == '\0') {
#ifdef __linux__
      char name[sizeof sun->sun_path + 1];
      name[0] = '@';
      memcpy(name + 1, sun->sun_path + 1, n - 1);
      napi_create_string_utf8(env, name, n, &value);
#else
      napi_create_string_utf8(env, "", 0, &value);
#endif
    } else {
      size_t path_len = 0;
      while (path_len < n && sun->sun_path[path_len] != '\0') path_len++;
      napi_create_string_utf8(env, sun->sun_path, path_len, &value);
    }
    napi_set_named_property(env, result, "path", value);
    return result;
  }
  char text[INET6_ADDRSTRLEN];
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in* sin = (const struct sockaddr_in*)ss;
    inet_ntop(AF_INET, (void*)&sin->sin_addr, text, sizeof text);
    wb_set_ip_fields(env, result, "IPv4", text, ntohs(sin->sin_port));
    return result;
  }
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6* sin6 = (const struct sockaddr_in6*)ss;
    inet_ntop(AF_INET6, (void*)&sin6->sin6_addr, text, sizeof text);
    wb_set_ip_fields(env, result, "IPv6", text, ntohs(sin6->sin6_port));
    if (sin6->sin6_scope_id != 0) {
      napi_create_uint32(env, sin6->sin6_scope_id, &value);
      napi_set_named_property(env, result, "scopeId", value);
    }
    return result;
  }
  // A family this addon does not describe (AF_PACKET, ...).
  return wb_null(env);
}

// ---------------------------------------------------------------------------------------------
// Socket lifetime

static void wb_list_remove(wb_socket* s) {
  if (s->prev) s->prev->next = s->next;
  else if (s->state->sockets == s) s->state->sockets = s->next;
  if (s->next) s->next->prev = s->prev;
  s->prev = s->next = NULL;
}

static void wb_maybe_free(wb_socket* s) {
  if (s->js_alive) return;
  if (s->poll_init && !s->poll_closed) return;
  wb_list_remove(s);
  free(s);
}

static void wb_set_callback_strength(wb_socket* s, int strong) {
  if (s->callback == NULL || s->callback_strong == strong) return;
  uint32_t count;
  if (strong) napi_reference_ref(s->state->env, s->callback, &count);
  else napi_reference_unref(s->state->env, s->callback, &count);
  s->callback_strong = strong;
}

static void wb_on_poll(uv_poll_t* handle, int status, int events);

// Starts/stops the poll handle to match what is wanted. Returns a uv error or 0.
static int wb_update_poll(wb_socket* s) {
  int wanted = 0;
  if (!s->closed) {
    if (s->reading) wanted |= UV_READABLE;
    if (s->want_writable) wanted |= UV_WRITABLE;
  }
  int rc = 0;
  if (wanted != 0 && !s->poll_init) {
#ifdef _WIN32
    rc = uv_poll_init_socket(s->state->loop, &s->poll, s->fd);
#else
    rc = uv_poll_init(s->state->loop, &s->poll, s->fd);
#endif
    if (rc != 0) return rc;
    s->poll.data = s;
    s->poll_init = 1;
  }
  if (s->poll_init && !s->poll_closing && wanted != s->poll_events) {
    rc = wanted ? uv_poll_start(&s->poll, wanted, wb_on_poll) : uv_poll_stop(&s->poll);
    if (rc == 0) s->poll_events = wanted;
  }
  wb_set_callback_strength(s, s->poll_events != 0);
  return rc;
}

static void wb_on_poll_closed(uv_handle_t* handle) {
  wb_socket* s = (wb_socket*)handle->data;
  wb_state* state = s->state;
  s->poll_closed = 1;
  if (state->tearing_down && --state->closes_pending == 0 && state->cleanup_hook != NULL) {
    napi_async_cleanup_hook_handle hook = state->cleanup_hook;
    state->cleanup_hook = NULL;
    napi_remove_async_cleanup_hook(hook);
  }
  wb_maybe_free(s);
}

// Stops watching, closes the fd and starts closing the poll handle. Safe to call twice.
static void wb_shutdown(wb_socket* s) {
  if (s->closed) return;
  s->closed = 1;
  s->reading = 0;
  s->want_writable = 0;
  if (s->poll_init && !s->poll_closing) {
    uv_poll_stop(&s->poll);  // before closing the fd, so the loop no longer watches it
    s->poll_events = 0;
  }
  wb_close_fd(s->fd);
  if (s->poll_init && !s->poll_closing) {
    s->poll_closing = 1;
    if (s->state->tearing_down) s->state->closes_pending++;
    uv_close((uv_handle_t*)&s->poll, wb_on_poll_closed);
  }
  if (s->callback != NULL) {
    napi_delete_reference(s->state->env, s->callback);
    s->callback = NULL;
    s->callback_strong = 0;
  }
}

static void wb_finalize_socket(napi_env env, void* data, void* hint) {
  wb_socket* s = (wb_socket*)data;
  // Forgotten without close(): nobody can reach the fd any more.
  wb_shutdown(s);
  s->js_alive = 0;
  wb_maybe_free(s);
}

static napi_value wb_wrap_fd(napi_env env, wb_state* state, wb_fd fd, int type) {
  wb_socket* s = (wb_socket*)calloc(1, sizeof *s);
  if (s == NULL) {
    wb_close_fd(fd);
    return wb_throw(env, "socket", ENOMEM, NULL);
  }
  s->state = state;
  s->fd = fd;
  s->type = type;
  s->js_alive = 1;
  napi_value object;
  napi_create_object(env, &object);
  if (napi_wrap(env, object, s, wb_finalize_socket, NULL, NULL) != napi_ok) {
    wb_close_fd(fd);
    free(s);
    return NULL;
  }
  napi_type_tag_object(env, object, &WB_SOCKET_TAG);
  s->next = state->sockets;
  if (state->sockets) state->sockets->prev = s;
  state->sockets = s;
  return object;
}

#if !defined(__linux__)  // Linux sets both flags in socket()/accept4()
static int wb_set_nonblocking_cloexec(wb_fd fd) {
#ifdef _WIN32
  u_long on = 1;
  return ioctlsocket(fd, FIONBIO, &on) == 0 ? 0 : -1;
#else
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return -1;
  int fd_flags = fcntl(fd, F_GETFD);
  if (fd_flags < 0 || fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0) return -1;
#  ifdef SO_NOSIGPIPE
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#  endif
  return 0;
#endif
}
#endif

// ---------------------------------------------------------------------------------------------
// Calling back into JS from the loop

static void wb_dispatch(wb_socket* s, napi_value callback, int event, napi_value payload) {
  napi_env env = s->state->env;
  napi_value argv[2], recv;
  napi_create_int32(env, event, &argv[0]);
  if (payload == NULL) napi_get_undefined(env, &argv[1]);
  else argv[1] = payload;
  napi_get_global(env, &recv);  // make_callback wants an object as `this`
  // make_callback (not call_function): runs process.nextTick and promise jobs afterwards, and keeps
  // async context, as Node's own handles do.
  napi_status status = napi_make_callback(env, s->state->async_context, recv, callback, 2, argv, NULL);
  if (status == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
}

#ifndef _WIN32
// A zero-length read on a seqpacket socket is either an empty message or end of stream; the
// peer having hung up tells them apart.
static int wb_peer_hung_up(wb_fd fd) {
  short hangup = POLLHUP;
#  ifdef POLLRDHUP
  hangup |= POLLRDHUP;
#  endif
  struct pollfd p;
  p.fd = fd;
  p.events = POLLIN | hangup;
  p.revents = 0;
  if (poll(&p, 1, 0) <= 0) return 0;
  return (p.revents & hangup) != 0;
}
#endif

// Errors that a datagram socket reports once (from an ICMP error or a full buffer) and then carries on.
static int wb_error_is_transient(int err) {
#ifdef _WIN32
  return err == WSAECONNREFUSED || err == WSAEHOSTUNREACH || err == WSAENETUNREACH || err == WSAECONNRESET ||
         err == WSAEMSGSIZE || err == WSAENOBUFS || err == WSAENETRESET;
#else
  return err == ECONNREFUSED || err == EHOSTUNREACH || err == ENETUNREACH || err == ECONNRESET || err == EMSGSIZE ||
         err == ENOBUFS || err == ENOMEM || err == EPROTO
#  ifdef EHOSTDOWN
         || err == EHOSTDOWN
#  endif
#  ifdef ENETDOWN
         || err == ENETDOWN
#  endif
      ;
#endif
}

static napi_value wb_message(napi_env env, const char* data, size_t length, napi_value from, int ttl, int truncated) {
  napi_value message, value;
  napi_create_object(env, &message);
  void* copy;
  napi_create_buffer_copy(env, length, length > 0 ? data : "", &copy, &value);
  napi_set_named_property(env, message, "data", value);
  napi_set_named_property(env, message, "from", from);
  if (ttl >= 0) napi_create_int32(env, ttl, &value);
  else napi_get_null(env, &value);
  napi_set_named_property(env, message, "ttl", value);
  napi_get_boolean(env, truncated != 0, &value);
  napi_set_named_property(env, message, "truncated", value);
  return message;
}

// One recvmsg. Returns bytes read (>= 0) or -1 with *err set; fills *from, *ttl, *truncated.
static long wb_receive_one(wb_socket* s, char* buffer, struct sockaddr_storage* from, wb_socklen* from_len, int* ttl,
                           int* truncated, int* err) {
  *ttl = -1;
  *truncated = 0;
#ifdef _WIN32
  *from_len = sizeof *from;
  int r = recvfrom(s->fd, buffer, WB_RECV_BUFFER, 0, (struct sockaddr*)from, from_len);
  if (r == SOCKET_ERROR) {
    *err = WSAGetLastError();
    if (*err == WSAEMSGSIZE) {
      *truncated = 1;
      return WB_RECV_BUFFER;
    }
    return -1;
  }
  return r;
#else
  struct iovec iov;
  iov.iov_base = buffer;
  iov.iov_len = WB_RECV_BUFFER;
  union {
    struct cmsghdr align;
    char bytes[256];
  } control;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_name = from;
  msg.msg_namelen = sizeof *from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.bytes;
  msg.msg_controllen = sizeof control.bytes;
  ssize_t r;
  do {
    r = recvmsg(s->fd, &msg, 0);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    *err = errno;
    return -1;
  }
  *from_len = msg.msg_namelen;
  *truncated = (msg.msg_flags & MSG_TRUNC) != 0;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
    const unsigned char* p = CMSG_DATA(c);
    size_t n = c->cmsg_len - (size_t)(p - (const unsigned char*)c);
    if (c->cmsg_level == IPPROTO_IP) {
      // Linux sends the TTL as an int under IP_TTL; the BSDs as one byte under IP_RECVTTL.
#  ifdef IP_RECVTTL
      if (c->cmsg_type == IP_RECVTTL && n >= 1) *ttl = n >= sizeof(int) ? *(const int*)p : p[0];
#  endif
      if (c->cmsg_type == IP_TTL && n >= 1) *ttl = n >= sizeof(int) ? *(const int*)p : p[0];
    }
#  ifdef IPV6_HOPLIMIT
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT && n >= sizeof(int)) *ttl = *(const int*)p;
#  endif
  }
  return (long)r;
#endif
}

static void wb_drain(wb_socket* s, napi_value callback) {
  napi_env env = s->state->env;
  char* buffer = s->state->recv_buffer;
  napi_value batch;
  napi_create_array(env, &batch);
  uint32_t count = 0;
  size_t bytes = 0;
  int ended = 0, err = 0;
  while (count < WB_MAX_MESSAGES_PER_WAKEUP && bytes < WB_MAX_BYTES_PER_WAKEUP) {
    struct sockaddr_storage from;
    wb_socklen from_len = 0;
    int ttl, truncated;
    long n = wb_receive_one(s, buffer, &from, &from_len, &ttl, &truncated, &err);
    if (n < 0) {
      if (WB_WOULDBLOCK(err)) err = 0;
      break;
    }
    if (n == 0 && s->type == SOCK_STREAM) ended = 1;
#ifndef _WIN32
    if (n == 0 && s->type == SOCK_SEQPACKET && wb_peer_hung_up(s->fd)) ended = 1;
#endif
    napi_value from_value = wb_address_to_js(env, &from, from_len);
    napi_set_element(env, batch, count++, wb_message(env, buffer, (size_t)n, from_value, ttl, truncated));
    bytes += (size_t)n;
    if (ended) break;
  }
  if (count > 0) wb_dispatch(s, callback, WB_EV_MESSAGES, batch);
  if (s->closed) return;
  if (ended) {
    s->reading = 0;
    wb_update_poll(s);
    wb_dispatch(s, callback, WB_EV_END, NULL);
    return;
  }
  if (err != 0) {
    napi_value error = wb_make_error(env, "recvmsg", err, NULL);
    if (!wb_error_is_transient(err)) {
      s->reading = 0;
      wb_update_poll(s);
    }
    wb_dispatch(s, callback, WB_EV_ERROR, error);
  }
}

static void wb_on_poll(uv_poll_t* handle, int status, int events) {
  wb_socket* s = (wb_socket*)handle->data;
  if (s->closed || s->callback == NULL) return;
  napi_env env = s->state->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback = NULL;
  napi_get_reference_value(env, s->callback, &callback);
  if (callback == NULL) goto done;

  if (status < 0) {
    s->reading = 0;
    s->want_writable = 0;
    wb_update_poll(s);
    char detail[128];
    snprintf(detail, sizeof detail, "%s", uv_strerror(status));
#ifdef _WIN32
    int err = status;
#else
    int err = -status;
#endif
    wb_dispatch(s, callback, WB_EV_ERROR, wb_make_error(env, "poll", err, detail));
    goto done;
  }
  if ((events & UV_WRITABLE) && s->want_writable) {
    s->want_writable = 0;
    wb_update_poll(s);
    wb_dispatch(s, callback, WB_EV_WRITABLE, NULL);
  }
  if (!s->closed && s->reading && (events & UV_READABLE)) {
    if (s->listener) wb_dispatch(s, callback, WB_EV_ACCEPTABLE, NULL);
    else wb_drain(s, callback);
  }
done:
  napi_close_handle_scope(env, scope);
}

// ---------------------------------------------------------------------------------------------
// Exported functions

static wb_state* wb_state_of(napi_env env) {
  void* data = NULL;
  napi_get_instance_data(env, &data);
  return (wb_state*)data;
}

static int wb_socket_type(wb_fd fd, int fallback) {
  int type = fallback;
  wb_socklen len = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, (char*)&type, &len) != 0) type = fallback;
  return type;
}

// socket(domain, type, protocol) -> socket object
static napi_value wb_js_socket(napi_env env, napi_callback_info info) {
  WB_ARGS(3);
  int32_t domain, type, protocol;
  if (argc < 3 || !wb_get_int(env, argv[0], &domain, "domain") || !wb_get_int(env, argv[1], &type, "type") ||
      !wb_get_int(env, argv[2], &protocol, "protocol"))
    return NULL;
#ifdef _WIN32
  wb_fd fd = WSASocketW(domain, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (fd == WB_BAD_FD) return wb_throw_errno(env, "socket");
  if (wb_set_nonblocking_cloexec(fd) != 0) {
    int err = wb_last_error();
    wb_close_fd(fd);
    return wb_throw(env, "socket", err, NULL);
  }
#elif defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
  wb_fd fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) return wb_throw_errno(env, "socket");
#else
  wb_fd fd = socket(domain, type, protocol);
  if (fd < 0) return wb_throw_errno(env, "socket");
  if (wb_set_nonblocking_cloexec(fd) != 0) {
    int err = errno;
    close(fd);
    return wb_throw(env, "socket", err, NULL);
  }
#endif
  return wb_wrap_fd(env, wb_state_of(env), fd, wb_socket_type(fd, type));
}

static napi_value wb_js_fd(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  napi_value result;
  napi_create_double(env, s->closed ? -1.0 : (double)s->fd, &result);
  return result;
}

static napi_value wb_js_bind(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "bind");
  if (s == NULL) return NULL;
  struct sockaddr_storage ss;
  wb_socklen len;
  if (!wb_address_from_js(env, argv[1], "bind", &ss, &len)) return NULL;
  if (bind(s->fd, (struct sockaddr*)&ss, len) != 0) return wb_throw_errno(env, "bind");
  return NULL;
}

static napi_value wb_js_connect(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "connect");
  if (s == NULL) return NULL;
  struct sockaddr_storage ss;
  wb_socklen len;
  if (!wb_address_from_js(env, argv[1], "connect", &ss, &len)) return NULL;
  int rc;
  do {
    rc = connect(s->fd, (struct sockaddr*)&ss, len);
  } while (rc != 0 && WB_INTERRUPTED(wb_last_error()));
  if (rc != 0) return wb_throw_errno(env, "connect");
  return NULL;
}

static napi_value wb_js_listen(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "listen");
  int32_t backlog;
  if (s == NULL || !wb_get_int(env, argv[1], &backlog, "backlog")) return NULL;
  if (listen(s->fd, backlog) != 0) return wb_throw_errno(env, "listen");
  return NULL;
}

// accept(socket) -> [socket, address | null] | null when nothing is waiting
static napi_value wb_js_accept(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_open_socket(env, argv[0], "accept");
  if (s == NULL) return NULL;
  struct sockaddr_storage ss;
  wb_socklen len;
  wb_fd fd;
  for (;;) {
    len = sizeof ss;
    memset(&ss, 0, sizeof ss);
#if defined(__linux__)
    fd = accept4(s->fd, (struct sockaddr*)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    fd = accept(s->fd, (struct sockaddr*)&ss, &len);
#endif
    if (fd != WB_BAD_FD) break;
    int err = wb_last_error();
    if (WB_INTERRUPTED(err)) continue;
#ifndef _WIN32
    if (err == ECONNABORTED) continue;  // the client gave up while queued: try the next one
#endif
    if (WB_WOULDBLOCK(err)) return wb_null(env);
    return wb_throw(env, "accept", err, NULL);
  }
#if !defined(__linux__)
  if (wb_set_nonblocking_cloexec(fd) != 0) {
    int err = wb_last_error();
    wb_close_fd(fd);
    return wb_throw(env, "accept", err, NULL);
  }
#endif
  napi_value socket = wb_wrap_fd(env, s->state, fd, s->type);
  if (socket == NULL) return NULL;
  napi_value pair;
  napi_create_array_with_length(env, 2, &pair);
  napi_set_element(env, pair, 0, socket);
  napi_set_element(env, pair, 1, wb_address_to_js(env, &ss, len));
  return pair;
}

// send(socket, data, address?) -> bytes sent
static napi_value wb_js_send(napi_env env, napi_callback_info info) {
  WB_ARGS(3);
  wb_socket* s = wb_open_socket(env, argv[0], "send");
  if (s == NULL) return NULL;
  void* data;
  size_t length;
  if (argc < 2 || !wb_get_bytes(env, argv[1], &data, &length)) return NULL;
  struct sockaddr_storage ss;
  wb_socklen len = 0;
  napi_valuetype to_type = napi_undefined;
  if (argc >= 3) napi_typeof(env, argv[2], &to_type);
  int has_to = to_type != napi_undefined && to_type != napi_null;
  if (has_to && !wb_address_from_js(env, argv[2], "sendto", &ss, &len)) return NULL;
  long sent;
  do {
    sent = has_to ? (long)sendto(s->fd, (const char*)data, (int)length, MSG_NOSIGNAL, (struct sockaddr*)&ss, len)
                  : (long)send(s->fd, (const char*)data, (int)length, MSG_NOSIGNAL);
  } while (sent < 0 && WB_INTERRUPTED(wb_last_error()));
  if (sent < 0) return wb_throw_errno(env, has_to ? "sendto" : "send");
  napi_value result;
  napi_create_double(env, (double)sent, &result);
  return result;
}

static napi_value wb_name(napi_env env, napi_callback_info info, int peer) {
  WB_ARGS(1);
  const char* syscall = peer ? "getpeername" : "getsockname";
  wb_socket* s = wb_open_socket(env, argv[0], syscall);
  if (s == NULL) return NULL;
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  wb_socklen len = sizeof ss;
  int rc = peer ? getpeername(s->fd, (struct sockaddr*)&ss, &len) : getsockname(s->fd, (struct sockaddr*)&ss, &len);
  if (rc != 0) {
    int err = wb_last_error();
#ifdef _WIN32
    int not_connected = err == WSAENOTCONN;
#else
    int not_connected = err == ENOTCONN;
#endif
    if (not_connected) return wb_null(env);
    return wb_throw(env, syscall, err, NULL);
  }
  return wb_address_to_js(env, &ss, len);
}

static napi_value wb_js_sockname(napi_env env, napi_callback_info info) { return wb_name(env, info, 0); }
static napi_value wb_js_peername(napi_env env, napi_callback_info info) { return wb_name(env, info, 1); }

// The first argument of get/setsockopt: one of our sockets or a plain fd number (a Node socket's).
static int wb_target_fd(napi_env env, napi_value v, const char* syscall, wb_fd* fd) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (d < 0) return (wb_throw_type(env, "fd must be a non-negative number"), 0);
    *fd = (wb_fd)d;
    return 1;
  }
  wb_socket* s = wb_open_socket(env, v, syscall);
  if (s == NULL) return 0;
  *fd = s->fd;
  return 1;
}

static napi_value wb_js_setsockopt(napi_env env, napi_callback_info info) {
  WB_ARGS(4);
  wb_fd fd;
  int32_t level, name;
  void* data;
  size_t length;
  if (argc < 4 || !wb_target_fd(env, argv[0], "setsockopt", &fd) || !wb_get_int(env, argv[1], &level, "level") ||
      !wb_get_int(env, argv[2], &name, "name") || !wb_get_bytes(env, argv[3], &data, &length))
    return NULL;
  if (setsockopt(fd, level, name, (const char*)data, (wb_socklen)length) != 0) return wb_throw_errno(env, "setsockopt");
  return NULL;
}

static napi_value wb_js_getsockopt(napi_env env, napi_callback_info info) {
  WB_ARGS(4);
  wb_fd fd;
  int32_t level, name, size;
  if (argc < 4 || !wb_target_fd(env, argv[0], "getsockopt", &fd) || !wb_get_int(env, argv[1], &level, "level") ||
      !wb_get_int(env, argv[2], &name, "name") || !wb_get_int(env, argv[3], &size, "size"))
    return NULL;
  if (size < 0 || size > WB_MAX_OPTION_SIZE) return wb_throw_type(env, "size must be 0 to 65536");
  char* value = (char*)calloc(1, size > 0 ? (size_t)size : 1);
  if (value == NULL) return wb_throw(env, "getsockopt", ENOMEM, NULL);
  wb_socklen len = (wb_socklen)size;
  if (getsockopt(fd, level, name, value, &len) != 0) {
    int err = wb_last_error();
    free(value);
    return wb_throw(env, "getsockopt", err, NULL);
  }
  napi_value result;
  void* copy;
  napi_create_buffer_copy(env, (size_t)len, value, &copy, &result);
  free(value);
  return result;
}

// watch(socket, dispatcher(event, payload)): who to call; held strongly only while watching.
static napi_value wb_js_watch(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "watch");
  if (s == NULL) return NULL;
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t != napi_function) return wb_throw_type(env, "callback must be a function");
  if (s->callback != NULL) napi_delete_reference(env, s->callback);
  s->callback_strong = s->poll_events != 0;
  napi_create_reference(env, argv[1], s->callback_strong ? 1 : 0, &s->callback);
  return NULL;
}

static napi_value wb_apply_poll(napi_env env, wb_socket* s) {
  int rc = wb_update_poll(s);
  if (rc != 0) {
    s->reading = 0;
    s->want_writable = 0;
    wb_update_poll(s);
#ifdef _WIN32
    return wb_throw(env, "poll", rc, uv_strerror(rc));
#else
    return wb_throw(env, "poll", -rc, uv_strerror(rc));
#endif
  }
  return NULL;
}

// readStart(socket, listener)
static napi_value wb_js_read_start(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "readStart");
  if (s == NULL) return NULL;
  if (s->callback == NULL) return wb_throw_type(env, "watch() must come before readStart()");
  bool listener = false;
  napi_get_value_bool(env, argv[1], &listener);
  s->listener = listener;
  s->reading = 1;
  return wb_apply_poll(env, s);
}

static napi_value wb_js_read_stop(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_unwrap(env, argv[0]);
  if (s == NULL || s->closed) return NULL;
  s->reading = 0;
  return wb_apply_poll(env, s);
}

// writable(socket): one WB_EV_WRITABLE when the socket can take more.
static napi_value wb_js_writable(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_open_socket(env, argv[0], "onWritable");
  if (s == NULL) return NULL;
  if (s->callback == NULL) return wb_throw_type(env, "watch() must come before writable()");
  s->want_writable = 1;
  return wb_apply_poll(env, s);
}

static napi_value wb_js_close(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_unwrap(env, argv[0]);
  if (s != NULL) wb_shutdown(s);
  return NULL;
}

// ---------------------------------------------------------------------------------------------
// Module setup and teardown

static void wb_on_teardown(napi_async_cleanup_hook_handle handle, void* arg) {
  wb_state* state = (wb_state*)arg;
  state->tearing_down = 1;
  state->closes_pending = 0;
  for (wb_socket* s = state->sockets; s != NULL; s = s->next) {
    if (s->poll_closing && !s->poll_closed) state->closes_pending++;
  }
  for (wb_socket* s = state->sockets; s != NULL;) {
    wb_socket* next = s->next;  // wb_shutdown never frees, but keep the walk obviously safe
    wb_shutdown(s);
    s = next;
  }
  if (state->async_context != NULL) {
    napi_async_destroy(state->env, state->async_context);
    state->async_context = NULL;
  }
  if (state->closes_pending == 0) {
    state->cleanup_hook = NULL;
    napi_remove_async_cleanup_hook(handle);
  }
}

static void wb_finalize_state(napi_env env, void* data, void* hint) {
  wb_state* state = (wb_state*)data;
  free(state->recv_buffer);
  // Sockets still listed belong to JS objects that were never collected; Node is exiting.
  if (state->sockets == NULL) free(state);
}

static void wb_set_int_property(napi_env env, napi_value object, const char* name, int64_t value) {
  napi_value v;
  napi_create_int64(env, value, &v);
  napi_set_named_property(env, object, name, v);
}

static napi_value wb_constants(napi_env env) {
  napi_value constants;
  napi_create_object(env, &constants);
#define WB_CONSTANT(name) wb_set_int_property(env, constants, #name, (int64_t)(name));
#define WB_WANT_CONSTANTS
#include "wirebench_tables.h"
#undef WB_WANT_CONSTANTS
#ifdef _WIN32
  // Winsock declares these as enum members, invisible to #ifdef.
  WB_CONSTANT(IPPROTO_IP)
  WB_CONSTANT(IPPROTO_ICMP)
  WB_CONSTANT(IPPROTO_TCP)
  WB_CONSTANT(IPPROTO_UDP)
  WB_CONSTANT(IPPROTO_IPV6)
  WB_CONSTANT(IPPROTO_ICMPV6)
  WB_CONSTANT(IPPROTO_RAW)
#endif
#undef WB_CONSTANT
  return constants;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  wb_state* state = (wb_state*)calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  state->env = env;
  state->recv_buffer = (char*)malloc(WB_RECV_BUFFER);
  if (state->recv_buffer == NULL || napi_get_uv_event_loop(env, &state->loop) != napi_ok) {
    free(state->recv_buffer);
    free(state);
    napi_throw_error(env, NULL, "wirebench_native: could not set up (out of memory or no event loop)");
    return NULL;
  }
  napi_value resource, resource_name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "WirebenchNativeSocket", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, resource, resource_name, &state->async_context);
  napi_set_instance_data(env, state, wb_finalize_state, NULL);
  napi_add_async_cleanup_hook(env, wb_on_teardown, state, &state->cleanup_hook);

  napi_property_descriptor functions[] = {
      {"socket", NULL, wb_js_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fd", NULL, wb_js_fd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bind", NULL, wb_js_bind, NULL, NULL, NULL, napi_enumerable, NULL},
      {"connect", NULL, wb_js_connect, NULL, NULL, NULL, napi_enumerable, NULL},
      {"listen", NULL, wb_js_listen, NULL, NULL, NULL, napi_enumerable, NULL},
      {"accept", NULL, wb_js_accept, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, wb_js_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sockname", NULL, wb_js_sockname, NULL, NULL, NULL, napi_enumerable, NULL},
      {"peername", NULL, wb_js_peername, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setsockopt", NULL, wb_js_setsockopt, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getsockopt", NULL, wb_js_getsockopt, NULL, NULL, NULL, napi_enumerable, NULL},
      {"watch", NULL, wb_js_watch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readStart", NULL, wb_js_read_start, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readStop", NULL, wb_js_read_stop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"writable", NULL, wb_js_writable, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, wb_js_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"constants", NULL, NULL, NULL, NULL, wb_constants(env), napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}
