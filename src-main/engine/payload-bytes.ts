// The composer's payload -> bytes, checked in main (the renderer is untrusted).
import { MAX_SEND_BYTES, type SendPayloadInput } from '../shared/contract.js';
import { encodePayload } from '../shared/codec/payload.js';
import { CodedError } from './errors.js';

/** The bytes to send; throws CodedError (INVALID_HEX, INVALID_PAYLOAD, ...) when they cannot be. */
export function payloadBytes(payload: SendPayloadInput): Uint8Array {
  const encoded = encodePayload(payload);
  if (!encoded.ok) throw new CodedError(encoded.error.code, encoded.error.message);
  if (encoded.value.byteLength > MAX_SEND_BYTES) {
    throw new CodedError(
      'INVALID_PAYLOAD',
      `The message is ${encoded.value.byteLength} bytes; at most ${MAX_SEND_BYTES} can be sent at once.`,
    );
  }
  return encoded.value;
}
