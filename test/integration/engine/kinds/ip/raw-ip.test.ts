// Raw IP sessions on real raw sockets (the tests run as root), on loopback: protocol 253 between
// two sessions with the header decoded, an IP_HDRINCL packet built field by field that arrives
// intact, IPv6, and the errors in words.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry, SessionConfigInput } from '../../../../../src-main/shared/contract.js';
import { splitIpv4Packet, type Ipv4Packet } from '../../../../../src-main/shared/codec/ip-header.js';
import { EngineHarness, codedRejection } from '../../../../helpers/engine-harness.js';

let h: EngineHarness;

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.dispose();
});

type RawInput = Omit<Extract<SessionConfigInput, { kind: 'raw-ip' }>, 'kind'>;

async function openRaw(config: RawInput): Promise<string> {
  const { id } = h.engine.create('raw-ip');
  const snapshot = await h.engine.connect(id, { kind: 'raw-ip', ...config });
  expect(snapshot.status).toBe('open');
  return id;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function packetOf(entry: LogEntry): Ipv4Packet {
  const split = splitIpv4Packet(entry.bytes);
  if (!split.ok) throw new Error(split.error.message);
  return split.value;
}

/** The first 'in' entry of a session that ends with `payload` (other tests' packets may pass by). */
async function received(id: string, payload: Uint8Array): Promise<LogEntry> {
  const tail = hex(payload);
  const find = async (): Promise<LogEntry | undefined> => (await h.entries(id)).find((e) => e.dir === 'in' && hex(e.bytes).endsWith(tail));
  await h.until(id, (s) => s.logCount > 0);
  for (;;) {
    const entry = await find();
    if (entry) return entry;
    const count = h.snapshotOf(id).logCount;
    await h.until(id, (s) => s.logCount > count);
  }
}

describe('IPv4 protocol 253 on 127.0.0.1', () => {
  it('sends a payload that a second session receives with the IP header the kernel wrote', async () => {
    const receiver = await openRaw({ protocol: 253 });
    const sender = await openRaw({ protocol: 253, host: '127.0.0.1' });
    const payload = new Uint8Array([...Buffer.from('wirebench '), ...randomBytes(8)]);

    const sent = await h.engine.session(sender).send(payload);
    expect(sent).toMatchObject({ bytes: payload.length, targets: 1 });
    const out = (await h.entries(sender)).find((e) => e.seq === sent.seq)!;
    expect(out).toMatchObject({ dir: 'out', peer: '127.0.0.1' });
    expect(hex(out.bytes)).toBe(hex(payload));

    const entry = await received(receiver, payload);
    expect(entry.peer).toBe('127.0.0.1');
    const { header, payload: body } = packetOf(entry);
    expect(header).toMatchObject({
      version: 4,
      protocol: 253,
      protocolName: 'Experimental',
      source: '127.0.0.1',
      destination: '127.0.0.1',
      totalLength: 20 + payload.length,
      checksumValid: true,
    });
    expect(hex(body)).toBe(hex(payload));
    expect(h.snapshotOf(receiver).stats.messagesIn).toBeGreaterThanOrEqual(1);
  });

  it('sends an IP_HDRINCL packet built field by field that arrives intact, checksum and all', async () => {
    const receiver = await openRaw({ protocol: 253 });
    const sender = await openRaw({ protocol: 253, host: '127.0.0.1', includeHeader: true });
    expect(h.snapshotOf(sender).notice).toMatch(/Linux fills in the total length and checksum/);
    const payload = randomBytes(24);

    const sent = await h.engine.session(sender).rawSend(payload, { version: 4, ihl: 5, tos: 0x28, id: 0x4242, flags: 2, fragmentOffset: 0, ttl: 17, source: '127.0.0.1' });
    expect(sent.bytes).toBe(44);
    const out = (await h.entries(sender)).find((e) => e.seq === sent.seq)!;
    const built = packetOf(out);
    expect(built.header).toMatchObject({ tos: 0x28, id: 0x4242, dontFragment: true, ttl: 17, protocol: 253, source: '127.0.0.1', destination: '127.0.0.1', totalLength: 44, checksumValid: true });

    const entry = await received(receiver, payload);
    expect(hex(entry.bytes)).toBe(hex(out.bytes));
    expect(packetOf(entry).header).toEqual(built.header);
  });

  it('sends to a host named per send, or to the header\'s destination', async () => {
    const receiver = await openRaw({ protocol: 253 });
    const plain = await openRaw({ protocol: 253 });
    const first = randomBytes(6);
    await h.engine.session(plain).rawSend(first, undefined, '127.0.0.1');
    expect((await received(receiver, first)).peer).toBe('127.0.0.1');

    const withHeader = await openRaw({ protocol: 253, includeHeader: true });
    const second = randomBytes(6);
    await h.engine.session(withHeader).rawSend(second, { version: 4, ihl: 5, tos: 0, id: 7, flags: 0, fragmentOffset: 0, ttl: 64, destination: '127.0.0.1' });
    expect(packetOf(await received(receiver, second)).header.destination).toBe('127.0.0.1');
  });
});

it('IPv6 protocol 253 on ::1: the payload arrives without a header, from ::1', async () => {
  const receiver = await openRaw({ family: 'ipv6', protocol: 253 });
  const sender = await openRaw({ family: 'ipv6', protocol: 253, host: '::1' });
  const payload = randomBytes(12);
  await h.engine.session(sender).send(payload);
  const entry = await received(receiver, payload);
  expect(entry.peer).toBe('::1');
  expect(hex(entry.bytes)).toBe(hex(payload));
});

describe('errors in words', () => {
  it('refuses an IP header on IPv6, a header on a session without one, and a send with no host', async () => {
    const { id } = h.engine.create('raw-ip');
    const v6 = await codedRejection(h.engine.connect(id, { kind: 'raw-ip', family: 'ipv6', protocol: 253, includeHeader: true }));
    expect(v6.code).toBe('INVALID_PAYLOAD');
    expect(v6.message).toMatch(/IPv4 only/);
    expect(h.snapshotOf(id).status).toBe('failed');

    const plain = await openRaw({ protocol: 253 });
    const header = await codedRejection(h.engine.session(plain).rawSend(new Uint8Array([1]), { version: 4, ihl: 5, tos: 0, id: 0, flags: 0, fragmentOffset: 0, ttl: 64 }));
    expect(header.code).toBe('INVALID_PAYLOAD');
    expect(header.message).toMatch(/does not include the IP header/);
    const noHost = await codedRejection(h.engine.session(plain).send(new Uint8Array([1])));
    expect(noHost.code).toBe('NO_TARGET');
    const peers = await codedRejection(h.engine.session(plain).send(new Uint8Array([1]), { type: 'all' }));
    expect(peers.code).toBe('INVALID_PAYLOAD');
  });

  it.skipIf(process.platform !== 'linux')('protocol 255 needs the header on Linux, and says it is send-only', async () => {
    const { id } = h.engine.create('raw-ip');
    const bare = await codedRejection(h.engine.connect(id, { kind: 'raw-ip', protocol: 255, host: '127.0.0.1' }));
    expect(bare.code).toBe('INVALID_PAYLOAD');
    expect(bare.message).toMatch(/turn on Include IP header/);
    const withHeader = await h.engine.connect(id, { kind: 'raw-ip', protocol: 255, host: '127.0.0.1', includeHeader: true });
    expect(withHeader.notice).toMatch(/^Protocol 255 \(IPPROTO_RAW\) is send-only on Linux/);

    // What it sends still arrives at a socket of the protocol the header names.
    const receiver = await openRaw({ protocol: 253 });
    const payload = randomBytes(10);
    await h.engine.session(id).rawSend(payload, { version: 4, ihl: 5, tos: 0, id: 99, flags: 0, fragmentOffset: 0, ttl: 64, protocol: 253 });
    expect(packetOf(await received(receiver, payload)).header.protocol).toBe(253);
  });

  it('closes and reopens, keeping the log', async () => {
    const id = await openRaw({ protocol: 253, host: '127.0.0.1' });
    await h.engine.session(id).send(new Uint8Array([9]));
    const closed = await h.engine.session(id).disconnect();
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'local' });
    const notOpen = await codedRejection(h.engine.session(id).send(new Uint8Array([9])));
    expect(notOpen.code).toBe('NOT_CONNECTED');
    await h.engine.connect(id, { kind: 'raw-ip', protocol: 253, host: '127.0.0.1' });
    expect(h.snapshotOf(id).logCount).toBeGreaterThanOrEqual(1);
  });
});
