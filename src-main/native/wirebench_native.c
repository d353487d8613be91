// Wirebench's native addon: exported functions that watch sockets, and module setup/teardown.
// The shared types and the map of the other files are in wirebench.h.

#include "wirebench.h"

// ---------------------------------------------------------------------------------------------
// Exported functions: watching (watch, readStart, readStop, writable, close)

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
