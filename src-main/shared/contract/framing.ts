// How received bytes become messages (framing), and the checksums a message is sent or checked
// with. Framing changes where log entries begin and end, never the bytes.
import * as v from 'valibot';
import { Int, notArray } from './fields.js';

export const FRAMING_MODES = ['none', 'delimiter', 'length', 'fixed'] as const;
export type FramingMode = (typeof FRAMING_MODES)[number];
export const BYTE_ORDERS = ['big', 'little'] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];
export const PREFIX_SIZES = [1, 2, 4, 8] as const;

export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
/** The largest "Max frame size": frames are held whole until complete, so this bounds memory. */
export const MAX_MAX_FRAME = 256 * 1024 * 1024;
/** A delimiter's bytes (after parsing its text or hex). */
export const MAX_DELIMITER_BYTES = 64;

export const FramingConfig = notArray(
  v.strictObject({
    mode: v.optional(v.picklist(FRAMING_MODES), 'none'),
    /** Delimiter: text with escapes (\r\n) or hex starting with 0x (0x7E). */
    delimiter: v.optional(v.pipe(v.string(), v.maxLength(1024, 'is too long')), '\\n'),
    keepDelimiter: v.optional(v.boolean(), true),
    prefixSize: v.optional(v.picklist(PREFIX_SIZES, 'must be 1, 2, 4 or 8 bytes'), 2),
    byteOrder: v.optional(v.picklist(BYTE_ORDERS), 'big'),
    /** Bytes before the length field. */
    lengthOffset: v.optional(Int(0, 1024, 'must be 0 to 1024 bytes'), 0),
    /** The length counts the whole frame, its header (offset bytes and length field) included. */
    lengthIncludesPrefix: v.optional(v.boolean(), false),
    /** Added to the length read (may be negative). */
    lengthAdjustment: v.optional(Int(-65536, 65536, 'must be -65536 to 65536'), 0),
    frameSize: v.optional(Int(1, MAX_MAX_FRAME, `must be 1 to ${MAX_MAX_FRAME} bytes`), 16),
    maxFrame: v.optional(Int(1, MAX_MAX_FRAME, `must be 1 to ${MAX_MAX_FRAME} bytes`), DEFAULT_MAX_FRAME),
  }),
);
export type FramingConfig = v.InferOutput<typeof FramingConfig>;
export type FramingInput = v.InferInput<typeof FramingConfig>;

export const CHECKSUM_ALGORITHMS = [
  'crc8', 'crc16-modbus', 'crc16-ccitt-false', 'crc16-xmodem', 'crc16-kermit', 'crc32', 'crc32c',
  'lrc', 'xor', 'sum8', 'internet',
] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** A checksum over bytes [from, length - excludeLast) of a message, written in byteOrder. */
export const ChecksumSpec = notArray(
  v.strictObject({
    algorithm: v.picklist(CHECKSUM_ALGORITHMS),
    byteOrder: v.optional(v.picklist(BYTE_ORDERS), 'big'),
    from: v.optional(Int(0, 1_000_000, 'must be 0 to 1000000'), 0),
    excludeLast: v.optional(Int(0, 1_000_000, 'must be 0 to 1000000'), 0),
  }),
);
export type ChecksumSpec = v.InferOutput<typeof ChecksumSpec>;
export type ChecksumSpecInput = v.InferInput<typeof ChecksumSpec>;

/** A session's receive side: how bytes become entries, and the checksum each is verified with. */
export const ReceiveSettings = v.strictObject({
  framing: FramingConfig,
  verify: v.nullable(ChecksumSpec),
});
export type ReceiveSettings = v.InferOutput<typeof ReceiveSettings>;
