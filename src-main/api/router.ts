// validate -> dispatch -> coded result, for every command of the contract alike. Knows no
// transport (ipc.ts and ws.ts both serve it) and no engine: it is given handlers, one per command.
import * as v from 'valibot';
import { commands, isCommandName, type CommandHandlers, type EngineEvent, type Result } from '../shared/contract.js';
import { toWireError } from '../engine/errors.js';

/**
 * What a router serves: handlers for the commands (the app's are every command: see
 * app-server.ts; a test may serve only some, the rest answer UNAVAILABLE) and the events.
 */
export interface CommandServer {
  readonly handlers: Partial<CommandHandlers>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

export interface Router {
  /** Never throws: every outcome, including a malformed payload, is a Result. */
  handle(name: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/** The most of any caller's text a reply quotes: a 4 MB name must not come back as a 4 MB reply. */
export const MAX_QUOTED_CHARS = 120;

/** `text`, cut to MAX_QUOTED_CHARS with "…" when longer. */
export function quoted(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

/** "config.port: must be 1 to 65535" — says where in the payload the problem is. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = quoted(issue.path?.map((p) => String(p.key)).join('.') ?? '');
      return path ? `${path}: ${quoted(issue.message)}` : quoted(issue.message);
    })
    .join('; ');
}

export function createRouter(server: CommandServer): Router {
  return {
    async handle(name, payload) {
      if (typeof name !== 'string' || !isCommandName(name)) {
        // String() of a non-string can throw (null prototype, hostile toString); typeof cannot.
        const label = typeof name === 'string' ? quoted(name) : `(a ${typeof name})`;
        return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Unknown command "${label}".` } };
      }
      // valibot's object schemas accept an array; a command payload is never one.
      if (Array.isArray(payload)) {
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: the payload must be an object, not an array.` } };
      }
      let parsed: v.SafeParseResult<v.GenericSchema>;
      try {
        // The first problem is enough to answer, and stops a frame of a million unknown keys
        // from being checked key by key while every other request waits.
        parsed = v.safeParse(commands[name].input as v.GenericSchema, payload, { abortEarly: true });
      } catch {
        // Only a payload built in-process (a getter that throws, a Proxy) gets here; never a cloned one.
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: the payload could not be read.` } };
      }
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Invalid ${name}: ${describeIssues(parsed.issues)}` } };
      }
      try {
        // The schema of `name` produced this value, so it is the handler's input type.
        const handler = server.handlers[name] as ((input: unknown) => unknown) | undefined;
        if (!handler) return { ok: false, error: { code: 'UNAVAILABLE', message: `${name} is not available in this Wirebench.` } };
        return { ok: true, value: await handler(parsed.output) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    },
    subscribe: (listener) => server.subscribe(listener),
  };
}
