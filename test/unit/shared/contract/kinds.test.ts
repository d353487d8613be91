// The kind table is the one description of each session kind: every kind in it has a config
// schema, a group in the Kind chooser, a class in the engine, and rows that agree with each other.
import { describe, expect, it } from 'vitest';
import {
  KIND_GROUPS,
  KINDS,
  NATIVE_KINDS,
  PEER_KINDS,
  SESSION_KINDS,
  SessionConfig,
  isListener,
  kindLabel,
} from '../../../../src-main/shared/contract.js';
import { SESSION_FACTORIES } from '../../../../src-main/engine/kinds/index.js';

describe('the kind table', () => {
  it('has a config schema and an engine class for exactly its kinds', () => {
    const configKinds = SessionConfig.options.map((o) => o.entries.kind.literal).sort();
    expect(configKinds).toEqual([...SESSION_KINDS].sort());
    expect(Object.keys(SESSION_FACTORIES).sort()).toEqual([...SESSION_KINDS].sort());
  });

  it('puts every kind in exactly one Kind chooser group, in table order', () => {
    expect(KIND_GROUPS.flatMap((g) => g.kinds)).toEqual(SESSION_KINDS);
    expect(KIND_GROUPS.map((g) => g.label)).toEqual(['Stream', 'Datagram', 'Sequenced packet', 'Raw IP']);
  });

  it('keeps its rows consistent: listeners have clients, bound sockets have senders, clients have none', () => {
    for (const kind of SESSION_KINDS) {
      const k = KINDS[kind];
      const expected = k.role === 'listener' ? 'clients' : k.role === 'bound' ? 'senders' : null;
      expect(k.peers, kind).toBe(expected);
      expect(isListener(kind), kind).toBe(k.role === 'listener');
      expect(k.start, kind).not.toBe(k.stop);
    }
    expect(PEER_KINDS).toEqual(SESSION_KINDS.filter((k) => KINDS[k].peers !== null));
    expect(NATIVE_KINDS).toEqual(['unix-dgram-client', 'unix-dgram-server', 'unix-seqpacket-client', 'unix-seqpacket-server', 'ping', 'raw-ip']);
  });

  it('names kinds in words, and an unknown name as itself', () => {
    expect(kindLabel('tcp-server')).toBe('TCP server');
    expect(kindLabel('carrier-pigeon')).toBe('carrier-pigeon');
    expect(kindLabel('__proto__')).toBe('__proto__');
  });
});
