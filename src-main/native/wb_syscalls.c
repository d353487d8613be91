// ---------------------------------------------------------------------------------------------
// Exported functions: the system calls (socket, bind, connect, listen, accept, send, names, options)

#include "wirebench.h"

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
napi_value wb_js_socket(napi_env env, napi_callback_info info) {
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

napi_value wb_js_fd(napi_env env, napi_callback_info info) {
  WB_ARGS(1);
  wb_socket* s = wb_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  napi_value result;
  napi_create_double(env, s->closed ? -1.0 : (double)s->fd, &result);
  return result;
}

napi_value wb_js_bind(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "bind");
  if (s == NULL) return NULL;
  struct sockaddr_storage ss;
  wb_socklen len;
  if (!wb_address_from_js(env, argv[1], "bind", &ss, &len)) return NULL;
  if (bind(s->fd, (struct sockaddr*)&ss, len) != 0) return wb_throw_errno(env, "bind");
  return NULL;
}

napi_value wb_js_connect(napi_env env, napi_callback_info info) {
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

napi_value wb_js_listen(napi_env env, napi_callback_info info) {
  WB_ARGS(2);
  wb_socket* s = wb_open_socket(env, argv[0], "listen");
  int32_t backlog;
  if (s == NULL || !wb_get_int(env, argv[1], &backlog, "backlog")) return NULL;
  if (listen(s->fd, backlog) != 0) return wb_throw_errno(env, "listen");
  return NULL;
}

// accept(socket) -> [socket, address | null] | null when nothing is waiting
napi_value wb_js_accept(napi_env env, napi_callback_info info) {
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
napi_value wb_js_send(napi_env env, napi_callback_info info) {
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

napi_value wb_js_sockname(napi_env env, napi_callback_info info) { return wb_name(env, info, 0); }
napi_value wb_js_peername(napi_env env, napi_callback_info info) { return wb_name(env, info, 1); }

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

napi_value wb_js_setsockopt(napi_env env, napi_callback_info info) {
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

napi_value wb_js_getsockopt(napi_env env, napi_callback_info info) {
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
