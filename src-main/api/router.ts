// validate -> dispatch -> coded result. Knows no transport: ipc.ts and ws.ts both serve it.
import * as v from 'valibot';
import {
  commands,
  MAX_SEND_BYTES,
  type CommandName,
  type CommandOutputs,
  type Result,
  type SendPayload,
  type WireError,
} from '../shared/contract.js';
import { encodePayload } from '../shared/codec/payload.js';
import type { EngineApi, EngineEvent } from '../engine/engine-api.js';
import { toWireError } from '../engine/errors.js';

export interface Router {
  /** Never throws: every outcome, including a malformed payload, is a Result. */
  handle(name: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

type Parsed<K extends CommandName> = v.InferOutput<(typeof commands)[K]>;
type Handlers = { [K in CommandName]: (input: Parsed<K>) => Promise<CommandOutputs[K]> | CommandOutputs[K] };

class SendError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/** "config.port: must be 1 to 65535" — says where in the payload the problem is. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** The composer's payload -> bytes, checked here in main (the renderer is untrusted). */
function encode(payload: SendPayload): Uint8Array {
  const encoded = encodePayload(payload);
  if (!encoded.ok) throw new SendError(encoded.error);
  if (encoded.value.byteLength > MAX_SEND_BYTES) {
    throw new SendError({
      code: 'INVALID_PAYLOAD',
      message: `The message is ${encoded.value.byteLength} bytes; at most ${MAX_SEND_BYTES} can be sent at once.`,
    });
  }
  return encoded.value;
}

export function createRouter(engine: EngineApi): Router {
  const handlers: Handlers = {
    'session.create': ({ kind }) => engine.create(kind),
    'session.list': () => engine.list(),
    'session.connect': ({ id, config }) => engine.connect(id, config),
    'session.disconnect': ({ id, closeClients }) => engine.disconnect(id, { closeClients }),
    'session.close': async ({ id }) => {
      await engine.close(id);
      return null;
    },
    'session.send': ({ id, payload, to }) => engine.send(id, encode(payload), to),
    'log.read': ({ id, from, count, maxBytes, peerId }) => engine.read(id, from, count, maxBytes, peerId),
    'log.bytes': ({ id, seq, offset, length }) => engine.readBytes(id, seq, offset, length),
    'log.save': ({ id, path, format, overwrite }) => engine.saveLog(id, { path, format, overwrite }),
    'peers.read': ({ id, from, count }) => engine.readPeers(id, from, count),
    'peers.disconnect': ({ id, peers }) => engine.disconnectPeers(id, peers),
    'peers.clear': ({ id }) => engine.clearPeers(id),
    'udp.membership': ({ id, action, group, interface: iface }) => engine.membership(id, action, group, iface),
    'system.capabilities': () => engine.capabilities(),
    'ping.read': ({ id, from, count }) => engine.readPing(id, from, count),
    'raw.send': ({ id, payload, header, host }) => engine.rawSend(id, encode(payload), header, host),
    'sockopt.get': ({ id, peerId, option }) => engine.getOption(id, option, peerId),
    'sockopt.set': ({ id, peerId, option, value }) => engine.setOption(id, option, value, peerId),
  };

  return {
    async handle(name, payload) {
      if (typeof name !== 'string' || !isCommandName(name)) {
        // String() of a non-string can throw (null prototype, hostile toString); typeof cannot.
        const label = typeof name === 'string' ? name : `(a ${typeof name})`;
        return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Unknown command "${label}".` } };
      }
      // valibot's object schemas accept an array; a command payload is never one.
      if (Array.isArray(payload)) {
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: the payload must be an object, not an array.` } };
      }
      let parsed: ReturnType<typeof v.safeParse<(typeof commands)[typeof name]>>;
      try {
        parsed = v.safeParse(commands[name], payload);
      } catch {
        // Only a payload built in-process (a getter that throws, a Proxy) gets here; never a cloned one.
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: the payload could not be read.` } };
      }
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: ${describeIssues(parsed.issues)}` } };
      }
      try {
        const handler = handlers[name] as (input: unknown) => Promise<unknown> | unknown;
        return { ok: true, value: await handler(parsed.output) };
      } catch (err) {
        return { ok: false, error: err instanceof SendError ? err.wire : toWireError(err) };
      }
    },
    subscribe: (listener) => engine.subscribe(listener),
  };
}
