// An error's sentence in the language in force. Main and the renderer write their sentences in
// the language set in Settings (naming the address, field or file involved). A sentence that is
// still English while the app speaks 简体中文 (made before a switch, or words from the OS) gives
// way to its code's sentence from the catalogue; the code is shown beside it either way.
import type { WireError } from '$shared/contract.js';
import { i18n, m } from './i18n.svelte.js';

const SENTENCES: Record<string, () => string> = {
  INVALID_PAYLOAD: m.error_invalid_payload,
  UNKNOWN_COMMAND: m.error_unknown_command,
  INVALID_HEX: m.error_invalid_hex,
  INVALID_ESCAPE: m.error_invalid_escape,
  INVALID_BASE64: m.error_invalid_base64,
  UNENCODABLE_TEXT: m.error_unencodable_text,
  INVALID_REGEX: m.error_invalid_regex,
  NO_SUCH_SEARCH: m.error_no_such_search,
  NO_SUCH_SESSION: m.error_no_such_session,
  NO_SUCH_ENTRY: m.error_no_such_entry,
  NO_SUCH_PEER: m.error_no_such_peer,
  NO_TARGET: m.error_no_target,
  STALE_SOCKET: m.error_stale_socket,
  TLS_VERIFY_FAILED: m.error_tls_verify_failed,
  TLS_FILE: m.error_tls_file,
  UNSUPPORTED_ON_OS: m.error_unsupported_on_os,
  NOT_CONNECTED: m.error_not_connected,
  ALREADY_OPEN: m.error_already_open,
  UNSUPPORTED_KIND: m.error_unsupported_kind,
  LOG_SPILL_FAILED: m.error_log_spill_failed,
  NATIVE_UNAVAILABLE: m.error_native_unavailable,
  UNAVAILABLE: m.error_unavailable,
  CANCELLED: m.error_cancelled,
  NO_SUCH_TRANSFER: m.error_no_such_transfer,
  UNKNOWN_OPTION: m.error_unknown_option,
  LIMIT_REACHED: m.error_limit_reached,
  ECONNREFUSED: m.error_econnrefused,
  ECONNRESET: m.error_econnreset,
  ETIMEDOUT: m.error_etimedout,
  ENOTFOUND: m.error_enotfound,
  EAI_AGAIN: m.error_eai_again,
  EHOSTUNREACH: m.error_ehostunreach,
  ENETUNREACH: m.error_enetunreach,
  EADDRINUSE: m.error_eaddrinuse,
  EADDRNOTAVAIL: m.error_eaddrnotavail,
  EACCES: m.error_eacces,
  EPIPE: m.error_epipe,
  EMSGSIZE: m.error_emsgsize,
  ENOENT: m.error_enoent,
  ECONNABORTED: m.error_econnaborted,
  EEXIST: m.error_eexist,
  EISDIR: m.error_eisdir,
  ENOTDIR: m.error_enotdir,
  ENOSPC: m.error_enospc,
  EMFILE: m.error_emfile,
  ENFILE: m.error_enfile,
  EROFS: m.error_erofs,
  EBUSY: m.error_ebusy,
  EPERM_RAW: m.error_eperm_raw,
  ENOPROTOOPT: m.error_enoprotoopt,
  EPROTONOSUPPORT: m.error_eprotonosupport,
  EAGAIN: m.error_eagain,
  FORBIDDEN: m.error_forbidden,
  DISCONNECTED: m.error_disconnected,
  INTERNAL: m.error_internal,
};

/** `text` when it is in the language in force, else `instead` (a schema's English detail, say). */
export function inLanguage(text: string, instead: () => string): string {
  return i18n.locale === 'en' || /[^ -~\s]/.test(text) ? text : instead();
}

export function errorSentence(e: WireError): string {
  if (i18n.locale === 'en' || /[^ -~\s]/.test(e.message)) return e.message;
  const sentence = Object.hasOwn(SENTENCES, e.code) ? SENTENCES[e.code] : undefined;
  return sentence ? sentence() : m.error_other();
}
