// What a listening server sends by itself (welcome, echo; answers are reply rules) and its client limit,
// encoded once per listen. Stream servers and the Unix seqpacket server share it.
import type { ServerOptions } from '../../shared/contract.js';
import { encodePayload } from '../../shared/codec/payload.js';
import { CodedError } from '../errors.js';

export interface ServerReplies {
  welcome: Uint8Array | null;
  echo: boolean;
  maxClients: number;
}

/** Before the first listen: nothing to send, no limit. */
export const NO_REPLIES: ServerReplies = { welcome: null, echo: false, maxClients: 0 };

/** Encodes the server options' payloads; an invalid one fails the listen with words naming it. */
export function encodeReplies(server: ServerOptions): ServerReplies {
  const encode = (payload: ServerOptions['welcome'], what: string): Uint8Array | null => {
    if (!payload) return null;
    const result = encodePayload(payload);
    if (!result.ok) throw new CodedError(result.error.code, `The ${what} is not valid: ${result.error.message}`);
    return result.value;
  };
  return {
    welcome: encode(server.welcome, 'welcome message'),
    echo: server.echo,
    maxClients: server.maxClients,
  };
}
