// The EPERM_RAW error both raw kinds give when the OS refuses a raw (or datagram ICMP) socket,
// with how to grant the privilege on this OS.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';

/** True for the OS's "not allowed" answers to socket(). */
export function isPermissionError(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'EPERM' || code === 'EACCES';
}

/**
 * How to get raw-socket privilege here. `ping`: also how to allow datagram ICMP sockets, which
 * need no capability where the OS offers them.
 */
export function rawPrivilegeHelp(options: { ping: boolean; platform?: NodeJS.Platform; execPath?: string }): string {
  const platform = options.platform ?? process.platform;
  const execPath = options.execPath ?? process.execPath;
  switch (platform) {
    case 'linux': {
      const setcap = `sudo setcap cap_net_raw+ep ${execPath}`;
      return options.ping ? m.grant_linux_ping({ setcap, sysctl: 'sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"' }) : m.grant_linux({ setcap });
    }
    case 'darwin':
      return options.ping ? m.grant_macos_ping() : m.grant_sudo();
    case 'win32':
      return m.grant_windows();
    default:
      return m.grant_root();
  }
}

/** EPERM_RAW for `what` ("Ping", "A Raw IP socket for protocol 253"), with the grant words. */
export function rawPermissionError(what: string, options: { ping: boolean; triedDatagram?: boolean }): CodedError {
  const tried = options.triedDatagram ? m.grant_tried_datagram() : '';
  return new CodedError(
    'EPERM_RAW',
    m.e_needs_a_raw_socket_which_needs({ what, tried, value: rawPrivilegeHelp(options) }),
  );
}
