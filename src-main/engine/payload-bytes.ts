// The composer's payload -> bytes, checked in main (the renderer is untrusted). With "Expand
// variables", {{...}} are put in first, from the session (its counter, its log's next number,
// what its rules captured) and from files read here.
import { m } from '../shared/i18n/paraglide/messages.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { MAX_SEND_BYTES, type SendPayloadInput } from '../shared/contract.js';
import { encodePayload } from '../shared/codec/payload.js';
import { expandVariables, filesNamed, type VariableContext } from '../shared/codec/variables.js';
import { CodedError } from './errors.js';

/** The bytes to send; throws CodedError (INVALID_HEX, INVALID_PAYLOAD, ...) when they cannot be. */
export function payloadBytes(payload: SendPayloadInput): Uint8Array {
  const encoded = encodePayload(payload);
  if (!encoded.ok) throw new CodedError(encoded.error.code, encoded.error.message);
  if (encoded.value.byteLength > MAX_SEND_BYTES) {
    throw new CodedError(
      'INVALID_PAYLOAD',
      m.e_the_message_is_bytes_at_most({ byteLength: encoded.value.byteLength, MAX_SEND_BYTES }),
    );
  }
  return encoded.value;
}

/** What a session gives its variables. */
export interface VariableSource {
  /** The next value of the tab's send counter (each call counts one send). */
  nextCounter(): number;
  /** The log's next entry number. */
  nextSeq(): number;
  captured(): Readonly<Record<string, string>>;
}

/** A session's variables: its send counter, its log's next number, and the names given. */
export function sessionVariables(
  session: { sendCounter: number; readonly log: { readonly firstSeq: number; readonly count: number } },
  captured: () => Readonly<Record<string, string>>,
): VariableSource {
  return {
    nextCounter: () => ++session.sendCounter,
    nextSeq: () => session.log.firstSeq + session.log.count,
    captured,
  };
}

/** What one expansion reads (it counts one send); files only where they were read beforehand. */
export function variableContext(source: VariableSource, files?: ReadonlyMap<string, Uint8Array>): VariableContext {
  return {
    counter: source.nextCounter(),
    seq: source.nextSeq(),
    now: new Date(),
    random: (n) => new Uint8Array(randomBytes(n)),
    uuid: () => randomUUID(),
    ...(files && { file: (path: string) => files.get(path) }),
    captured: source.captured(),
  };
}

/**
 * A maker of the payload's bytes: each call expands the variables afresh (a repeat counts on),
 * without them the same bytes each time. The first make happens here, so a bad payload (or an
 * unknown variable) is refused before anything is sent; `source` is asked for only with
 * "Expand variables" (so a bad payload is refused as such before its session is looked up).
 */
export async function payloadMaker(payload: SendPayloadInput, source: () => VariableSource): Promise<() => Uint8Array> {
  if (!payload.expand) {
    const bytes = payloadBytes(payload);
    return () => bytes;
  }
  const files = new Map<string, Uint8Array>();
  for (const path of filesNamed(payload.text)) {
    const read = await stat(path)
      .then((s) => (s.size > MAX_SEND_BYTES ? null : readFile(path)))
      .catch(() => null);
    if (read) files.set(path, new Uint8Array(read));
  }
  const variables = source();
  const make = (): Uint8Array => {
    const text = expandVariables(payload.text, payload.format, variableContext(variables, files));
    if (!text.ok) throw new CodedError(text.error.code, text.error.message);
    return payloadBytes({ ...payload, text: text.value });
  };
  const first = make();
  let used = false;
  return () => {
    if (used) return make();
    used = true;
    return first;
  };
}
