// ---------------------------------------------------------------------------------------------
// Errors

#include "wirebench.h"

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
napi_value wb_make_error(napi_env env, const char* syscall, int err, const char* detail) {
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

napi_value wb_throw(napi_env env, const char* syscall, int err, const char* detail) {
  napi_throw(env, wb_make_error(env, syscall, err, detail));
  return NULL;
}

napi_value wb_throw_errno(napi_env env, const char* syscall) {
  return wb_throw(env, syscall, wb_last_error(), NULL);
}

napi_value wb_throw_type(napi_env env, const char* message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return NULL;
}
