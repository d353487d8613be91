// JSON that carries bytes, for the WebSocket transport (IPC clones Uint8Array natively).
// A Uint8Array anywhere in a value travels as {"$bytes": "<base64>"}. Pure: the renderer
// imports this file too.
import type { Result } from '../contract.js';
import { base64ToBytes, bytesToBase64 } from '../codec/base64.js';

const BYTES_KEY = '$bytes';

/** Value -> JSON text. Throws on what JSON cannot hold (cycles, BigInt), like JSON.stringify. */
export function encodeWire(value: unknown): string {
  // `this[key]` is the value before toJSON ran, so a Node Buffer (which has toJSON) is seen
  // as the Uint8Array it is rather than as {type:'Buffer', data:[...]}.
  return JSON.stringify(value, function (this: unknown, key: string, jsonValue: unknown): unknown {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Uint8Array) return { [BYTES_KEY]: bytesToBase64(raw) };
    return jsonValue;
  });
}

function isBytesMarker(value: unknown): value is { [BYTES_KEY]: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BYTES_KEY && typeof (value as Record<string, unknown>)[BYTES_KEY] === 'string';
}

class BadBytes extends Error {}

/** JSON text -> value of unknown shape (the caller validates it); bytes markers become Uint8Array. */
export function decodeWire(text: string): Result<unknown> {
  try {
    const value: unknown = JSON.parse(text, (_key, parsed: unknown) => {
      if (!isBytesMarker(parsed)) return parsed;
      try {
        return base64ToBytes(parsed[BYTES_KEY]);
      } catch {
        throw new BadBytes();
      }
    });
    return { ok: true, value };
  } catch (err) {
    const message =
      err instanceof BadBytes
        ? 'The message holds bytes that are not valid base64.'
        : 'The message is not valid JSON.';
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message } };
  }
}
