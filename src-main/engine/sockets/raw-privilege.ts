// The EPERM_RAW error both raw kinds give when the OS refuses a raw (or datagram ICMP) socket,
// with how to grant the privilege on this OS.
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
      const grant = `run Wirebench as root, or give its binary the capability with \`sudo setcap cap_net_raw+ep ${execPath}\``;
      return options.ping
        ? `To grant it: ${grant}, or allow unprivileged ping (datagram ICMP sockets) for every group with \`sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"\`.`
        : `To grant it: ${grant}.`;
    }
    case 'darwin':
      return options.ping
        ? 'macOS normally allows ping through a datagram ICMP socket without privilege, but it refused here too; run Wirebench with sudo.'
        : 'To grant it: run Wirebench with sudo.';
    case 'win32':
      return 'To grant it: run Wirebench as Administrator.';
    default:
      return 'To grant it: run Wirebench as root.';
  }
}

/** EPERM_RAW for `what` ("Ping", "A Raw IP socket for protocol 253"), with the grant words. */
export function rawPermissionError(what: string, options: { ping: boolean; triedDatagram?: boolean }): CodedError {
  const tried = options.triedDatagram ? ' (and a datagram ICMP socket was not allowed either)' : '';
  return new CodedError(
    'EPERM_RAW',
    `${what} needs a raw socket, which needs privilege this process does not have (root or CAP_NET_RAW on Linux, Administrator on Windows)${tried}. ${rawPrivilegeHelp(options)}`,
  );
}
