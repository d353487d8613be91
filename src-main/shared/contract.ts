// THE contract between the renderer and main: every command (request -> result) and every
// event (main -> renderer push), each with its valibot schema, split by concern under
// contract/. Pure: no node:, electron or DOM import, so the renderer ($shared/contract.js),
// the router, the transports and the tests all import this one module.
export * from './contract/errors.js';
export * from './contract/kinds.js';
export {
  INPUT_FORMATS,
  LINE_ENDINGS,
  MAX_PEER_IDS,
  MAX_SEND_BYTES,
  TEXT_ENCODINGS,
  type InputFormat,
  type LineEnding,
  type TextEncoding,
} from './contract/fields.js';
export * from './contract/framing.js';
export * from './contract/search.js';
export * from './contract/rules.js';
export * from './contract/sequences.js';
export * from './contract/configs.js';
export * from './contract/socket-options.js';
export * from './contract/state.js';
export * from './contract/commands.js';
export * from './contract/events.js';
export * from './contract/api.js';
export * from './contract/workspace.js';
export * from './contract/library.js';
