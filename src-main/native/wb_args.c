// ---------------------------------------------------------------------------------------------
// Argument helpers

#include "wirebench.h"

int wb_get_int(napi_env env, napi_value v, int32_t* out, const char* what) {
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

int wb_get_bytes(napi_env env, napi_value v, void** data, size_t* length) {
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

wb_socket* wb_unwrap(napi_env env, napi_value v) {
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
wb_socket* wb_open_socket(napi_env env, napi_value v, const char* syscall) {
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

int wb_get_string(napi_env env, napi_value v, char* out, size_t size, size_t* length) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) {
    wb_throw_type(env, "expected a string");
    return 0;
  }
  napi_get_value_string_utf8(env, v, out, size, length);
  return 1;
}
