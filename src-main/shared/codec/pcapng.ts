// pcapng blocks (the file format Wireshark writes and reads; see the IETF draft
// "PCAP Next Generation Dump File Format"): a Section Header, one Interface Description with
// microsecond timestamps, and an Enhanced Packet per packet with its direction and a comment.
// Little endian. Written by hand: no maintained npm writer exists. Pure.

/** Raw IP packets, no link layer (IPv4 or IPv6 by the first nibble). */
export const LINKTYPE_RAW = 101;

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const EPB_FLAGS = 2;

const utf8 = new TextEncoder();
const pad4 = (n: number): number => (n + 3) & ~3;

interface Option {
  code: number;
  value: Uint8Array;
}

function optionsLength(options: Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4;
}

/** A block: type, total length, body, options, total length again. */
function block(type: number, body: Uint8Array, options: Option[]): Uint8Array {
  const length = 12 + pad4(body.length) + optionsLength(options);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  out.set(body, 8);
  let at = 8 + pad4(body.length);
  if (options.length > 0) {
    for (const o of options) {
      view.setUint16(at, o.code, true);
      view.setUint16(at + 2, o.value.length, true);
      out.set(o.value, at + 4);
      at += 4 + pad4(o.value.length);
    }
    view.setUint32(at, OPT_END, true);
    at += 4;
  }
  view.setUint32(at, length, true);
  return out;
}

/** The Section Header Block that starts the file, naming the application. */
export function sectionHeader(application: string): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  // Section length unknown: -1 (64 bits).
  view.setInt32(8, -1, true);
  view.setInt32(12, -1, true);
  return block(SHB, body, [{ code: SHB_USERAPPL, value: utf8.encode(application) }]);
}

/** An Interface Description Block: the link type, no snap length, timestamps in microseconds. */
export function interfaceDescription(linkType: number, name: string): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, linkType, true);
  view.setUint32(4, 0, true);
  return block(IDB, body, [
    { code: IF_NAME, value: utf8.encode(name) },
    { code: IF_TSRESOL, value: Uint8Array.of(6) },
  ]);
}

/**
 * An Enhanced Packet Block on interface 0: the packet at `ts` (ms since the epoch, with
 * microseconds in the fraction), its direction (epb_flags: inbound or outbound) and a comment.
 */
export function enhancedPacket(ts: number, packet: Uint8Array, dir: 'in' | 'out', comment?: string): Uint8Array {
  const body = new Uint8Array(20 + packet.length);
  const view = new DataView(body.buffer);
  const us = Math.round(ts * 1000);
  view.setUint32(0, 0, true);
  view.setUint32(4, Math.floor(us / 2 ** 32), true);
  view.setUint32(8, us >>> 0, true);
  view.setUint32(12, packet.length, true);
  view.setUint32(16, packet.length, true);
  body.set(packet, 20);
  const flags = new Uint8Array(4);
  new DataView(flags.buffer).setUint32(0, dir === 'in' ? 1 : 2, true);
  const options: Option[] = [{ code: EPB_FLAGS, value: flags }];
  if (comment) options.unshift({ code: OPT_COMMENT, value: utf8.encode(comment) });
  return block(EPB, body, options);
}
