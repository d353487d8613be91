// The IPv4 header editor's fields as typed, read into the header raw.send takes, with each
// field's problem in words. Empty means "computed" or "default", as the contract says.
import { m } from '../i18n/i18n.svelte.js';
import type { CommandInput } from '$shared/contract.js';
import { parseIpv4 } from '$shared/codec/ip-address.js';
import { IPV4_FLAG_DF, IPV4_FLAG_MF, IPV4_FLAG_RESERVED, encodeIpv4Header } from '$shared/codec/ip-header.js';
import { parseWholeNumber } from '../ui/whole-number.js';

/** The header raw.send takes (every field optional). */
export type IpHeaderInput = NonNullable<CommandInput<'raw.send'>['header']>;

export interface IpHeaderForm {
  version: string;
  ihl: string;
  tos: string;
  totalLength: string;
  id: string;
  reserved: boolean;
  df: boolean;
  mf: boolean;
  fragmentOffset: string;
  ttl: string;
  protocol: string;
  source: string;
  destination: string;
  checksum: string;
}

export type IpHeaderNumberField = 'version' | 'ihl' | 'tos' | 'totalLength' | 'id' | 'fragmentOffset' | 'ttl' | 'protocol' | 'checksum';
export type IpHeaderAddressField = 'source' | 'destination';
export type IpHeaderTextField = IpHeaderNumberField | IpHeaderAddressField;
export type IpHeaderErrors = Partial<Record<IpHeaderTextField, string>>;

interface NumberRule {
  label: () => string;
  min: number;
  max: number;
}

export const IP_HEADER_NUMBERS: Readonly<Record<IpHeaderNumberField, NumberRule>> = {
  version: { label: m.version, min: 0, max: 15 },
  ihl: { label: () => 'IHL', min: 5, max: 15 },
  tos: { label: () => 'TOS', min: 0, max: 255 },
  totalLength: { label: m.total_length, min: 0, max: 65535 },
  id: { label: () => 'ID', min: 0, max: 65535 },
  fragmentOffset: { label: m.fragment_offset, min: 0, max: 8191 },
  ttl: { label: () => 'TTL', min: 0, max: 255 },
  protocol: { label: m.protocol, min: 0, max: 255 },
  checksum: { label: m.checksum, min: 0, max: 65535 },
};

const NUMBER_FIELDS = Object.keys(IP_HEADER_NUMBERS) as IpHeaderNumberField[];

/** A fresh form: the usual values, lengths and checksum left to be computed. */
export function defaultIpHeaderForm(): IpHeaderForm {
  return {
    version: '4',
    ihl: '5',
    tos: '0',
    totalLength: '',
    id: '0',
    reserved: false,
    df: false,
    mf: false,
    fragmentOffset: '0',
    ttl: '64',
    protocol: '',
    source: '',
    destination: '',
    checksum: '',
  };
}

/** The header the form describes (fields left empty are absent) and what is wrong with it. */
export function readIpHeaderForm(form: IpHeaderForm): { header: IpHeaderInput; errors: IpHeaderErrors } {
  const header: IpHeaderInput = {};
  const errors: IpHeaderErrors = {};
  for (const field of NUMBER_FIELDS) {
    const text = form[field].trim();
    if (text === '') continue;
    const rule = IP_HEADER_NUMBERS[field];
    const value = parseWholeNumber(text, rule.min, rule.max, { hex: true });
    if (value === null) errors[field] = m.ip_field_range({ field: rule.label(), min: rule.min, max: rule.max });
    else header[field] = value;
  }
  for (const field of ['source', 'destination'] as const) {
    const text = form[field].trim();
    if (text === '') continue;
    if (parseIpv4(text)) header[field] = text;
    else errors[field] = m.ip_field_address({ field: field === 'source' ? m.source() : m.destination() });
  }
  const flags = (form.reserved ? IPV4_FLAG_RESERVED : 0) | (form.df ? IPV4_FLAG_DF : 0) | (form.mf ? IPV4_FLAG_MF : 0);
  header.flags = flags;
  return { header, errors };
}

export interface IpHeaderPreview {
  bytes: Uint8Array;
  /** The checksum the header computes to (what is sent when Checksum is empty). */
  computedChecksum: number;
  /** The checksum in the bytes: the computed one, or the override. */
  checksum: number;
  overridden: boolean;
}

/**
 * The header bytes as they would be sent with a payload of `payloadLength` bytes to
 * `destination` (an IPv4 address, else 0.0.0.0 stands in for it).
 */
export function previewIpHeader(header: IpHeaderInput, payloadLength: number, protocol: number, destination: string | null): IpHeaderPreview {
  const defaults = destination && parseIpv4(destination) ? { protocol, destination } : { protocol };
  const { checksum: override, ...rest } = header;
  const computed = encodeIpv4Header(rest, payloadLength, defaults);
  const computedChecksum = (computed[10]! << 8) | computed[11]!;
  if (override === undefined) return { bytes: computed, computedChecksum, checksum: computedChecksum, overridden: false };
  return { bytes: encodeIpv4Header(header, payloadLength, defaults), computedChecksum, checksum: override, overridden: true };
}

/** "0x1c46". */
export function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}
