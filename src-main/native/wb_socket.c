// ---------------------------------------------------------------------------------------------
// Socket lifetime

#include "wirebench.h"

const napi_type_tag WB_SOCKET_TAG = {0x7769726562656e63ULL, 0x68536f636b657431ULL};

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

// Starts/stops the poll handle to match what is wanted. Returns a uv error or 0.
int wb_update_poll(wb_socket* s) {
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
void wb_shutdown(wb_socket* s) {
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

napi_value wb_wrap_fd(napi_env env, wb_state* state, wb_fd fd, int type) {
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
int wb_set_nonblocking_cloexec(wb_fd fd) {
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
