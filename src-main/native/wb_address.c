// ---------------------------------------------------------------------------------------------
// Addresses: JS {family:'unix', path} | {family:'IPv4'|'IPv6', address, port, scopeId?}

#include "wirebench.h"

int wb_address_from_js(napi_env env, napi_value v, const char* syscall, struct sockaddr_storage* ss,
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

napi_value wb_null(napi_env env) {
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

napi_value wb_address_to_js(napi_env env, const struct sockaddr_storage* ss, wb_socklen len) {
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
