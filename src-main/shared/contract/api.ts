// The API both transports expose to the renderer, as named functions (the preload's shape),
// derived from the command and event names: 'session.create' -> sessionCreate, 'log.grew' -> onLogGrew.
import type { Result } from './errors.js';
import type { CommandInput, CommandName, CommandOutput } from './commands.js';
import type { EventName, EventPayloads } from './events.js';

export type WirebenchApi = {
  [K in CommandName as ApiFunctionName<K>]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
} & {
  /** One subscriber function per event (onSessionState, onLogGrew, ...); each returns its disposer. */
  [E in EventName as `on${Capitalize1<ApiFunctionName<E>>}`]: (listener: (payload: EventPayloads[E]) => void) => () => void;
};

type Capitalize1<S extends string> = S extends `${infer H}${infer T}` ? `${Uppercase<H>}${T}` : S;
export type ApiFunctionName<K extends string> = K extends `${infer A}.${infer B}` ? `${A}${Capitalize1<B>}` : K;

/** 'session.create' -> 'sessionCreate' (the preload's function names). */
export function apiFunctionName<K extends CommandName>(name: K): ApiFunctionName<K> {
  return name.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase()) as ApiFunctionName<K>;
}

/** 'session.state' -> 'onSessionState' (the preload's subscriber names). */
export function eventFunctionName<E extends EventName>(name: E): `on${Capitalize1<ApiFunctionName<E>>}` {
  const camel = name.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase());
  return `on${camel[0]!.toUpperCase()}${camel.slice(1)}` as `on${Capitalize1<ApiFunctionName<E>>}`;
}

/** The IPC channel a command travels on (Electron transport). */
export const ipcChannel = (name: CommandName): string => `wirebench:${name}`;
export const IPC_EVENT_CHANNEL = 'wirebench:event';
