// What the raw kinds (ping, raw IP) share around their native sockets: a host resolved for one
// address family, the addon's address form, and integer socket options.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { NativeAddress, NativeModule, NativeSocket } from '../../native/native-api.js';
import { intOption } from '../../native/native.js';
import { CodedError, toWireError } from '../errors.js';
import { nativeConstant } from './require-native.js';

export type IpFamily = 'IPv4' | 'IPv6';
export type FamilyChoice = 'any' | 'ipv4' | 'ipv6';

export interface ResolvedHost {
  /** The address used: the first one of the chosen family. */
  address: string;
  family: IpFamily;
  /** Every address of that family the name resolved to, in order. */
  all: string[];
}

const FAMILY_NUMBER: Record<FamilyChoice, 0 | 4 | 6> = { any: 0, ipv4: 4, ipv6: 6 };

/** Resolves `host` to addresses of the chosen family; ENOTFOUND etc. come back in words. */
export async function resolveIpHost(host: string, choice: FamilyChoice): Promise<ResolvedHost> {
  const literal = isIP(host.split('%')[0]!);
  if (literal) {
    const family: IpFamily = literal === 4 ? 'IPv4' : 'IPv6';
    if (choice !== 'any' && FAMILY_NUMBER[choice] !== literal) {
      throw new CodedError('INVALID_PAYLOAD', m.e_is_an_address_but_the_family({ host, family, value: choice === 'ipv4' ? 'IPv4' : 'IPv6' }));
    }
    return { address: host, family, all: [host] };
  }
  let results: { address: string; family: number }[];
  try {
    results = await lookup(host, { all: true, family: FAMILY_NUMBER[choice], order: 'verbatim' });
  } catch (err) {
    const wire = toWireError(err, host);
    throw new CodedError(wire.code, wire.message);
  }
  const first = results[0];
  if (!first) throw new CodedError('ENOTFOUND', m.e_unknown_host_it_has_no_address({ host, value: choice === 'any' ? '' : choice === 'ipv4' ? 'IPv4 ' : 'IPv6 ' }));
  const family: IpFamily = first.family === 6 ? 'IPv6' : 'IPv4';
  return { address: first.address, family, all: results.filter((r) => r.family === first.family).map((r) => r.address) };
}

/**
 * The addon's form of an IP address. IPv6 "fe80::1%eth0" (or "%2") carries its zone as a scope
 * id, looked up among this machine's interfaces.
 */
export function nativeIpAddress(address: string, family: IpFamily, port = 0): NativeAddress {
  if (family === 'IPv4') return { family, address, port };
  const [bare, zone] = address.split('%') as [string, string | undefined];
  if (zone === undefined || zone === '') return { family, address: bare, port };
  if (/^\d+$/.test(zone)) return { family, address: bare, port, scopeId: Number(zone) };
  const scopeId = networkInterfaces()[zone]?.find((i) => i.family === 'IPv6' && i.scopeid !== undefined)?.scopeid;
  if (scopeId === undefined) throw new CodedError('EADDRNOTAVAIL', m.e_there_is_no_network_interface_on({ zone, address }));
  return { family, address: bare, port, scopeId };
}

/** setsockopt(level, name, int) by the OS's constant names; UNSUPPORTED_ON_OS when missing. */
export function setIntOption(native: NativeModule, socket: NativeSocket, level: string, name: string, value: number, what: string): void {
  socket.setOption(nativeConstant(native, level, what), nativeConstant(native, name, what), intOption(value));
}

