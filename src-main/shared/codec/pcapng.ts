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

function le32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
  out[at + 3] = (v >>> 24) & 0xff;
}

/** A comment once encoded, for the packets that share it. */
export function commentBytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/**
 * An Enhanced Packet Block on interface 0: the packet at `ts` (ms since the epoch, with
 * microseconds in the fraction), its direction (epb_flags: inbound or outbound) and a comment
 * (text, or bytes from commentBytes). Written in one buffer: a capture has millions.
 */
export function enhancedPacket(ts: number, packet: Uint8Array, dir: 'in' | 'out', comment?: string | Uint8Array): Uint8Array {
  const note = typeof comment === 'string' ? utf8.encode(comment) : comment;
  const data = pad4(packet.length);
  const length = 8 + 20 + data + (note ? 4 + pad4(note.length) : 0) + 8 + 4 + 4;
  const out = new Uint8Array(length);
  le32(out, 0, EPB);
  le32(out, 4, length);
  const us = Math.round(ts * 1000);
  le32(out, 12, Math.floor(us / 2 ** 32));
  le32(out, 16, us >>> 0);
  le32(out, 20, packet.length);
  le32(out, 24, packet.length);
  out.set(packet, 28);
  let at = 28 + data;
  if (note) {
    out[at] = OPT_COMMENT;
    out[at + 2] = note.length & 0xff;
    out[at + 3] = note.length >>> 8;
    out.set(note, at + 4);
    at += 4 + pad4(note.length);
  }
  out[at] = EPB_FLAGS;
  out[at + 2] = 4;
  out[at + 4] = dir === 'in' ? 1 : 2;
  at += 8 + 4; // the flags, then opt_endofopt (zeros)
  le32(out, at, length);
  return out;
}
