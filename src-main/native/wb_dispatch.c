// ---------------------------------------------------------------------------------------------
// Calling back into JS from the loop

#include "wirebench.h"

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

void wb_on_poll(uv_poll_t* handle, int status, int events) {
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
