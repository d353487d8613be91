// Sending a file through the engine's commands, a piece at a time, on real sockets on loopback:
// 64 MiB over TCP arrives equal by SHA-256; over UDP it arrives as datagrams of the chosen size,
// in order (pieces that do not line up with datagrams included); Cancel stops it.
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FILE_CHUNK_BYTES } from '../../../../src-main/shared/contract.js';
import { CodedError } from '../../../../src-main/engine/errors.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { Teardown } from '../../../helpers/net.js';
import { countingPeer } from '../../../helpers/tcp-peer.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

function harness(): EngineHarness {
  const h = new EngineHarness({ growthTickMs: 20 });
  teardown.add(() => h.dispose());
  return h;
}

/** Sends `file` in pieces of `piece` bytes through the commands, as the renderer does. */
async function sendFile(h: EngineHarness, id: string, file: Buffer, piece: number, datagramSize = 1024): Promise<void> {
  const { transferId } = await h.engine.handlers['file.start']({ id, name: 'test.bin', size: file.byteLength, datagramSize, everyMs: 0, to: undefined });
  for (let offset = 0; offset < file.byteLength; offset += piece) {
    const chunk = file.subarray(offset, offset + piece);
    const result = await h.engine.handlers['file.chunk']({ transferId, offset, base64: chunk.toString('base64') });
    expect(result).toEqual({ sent: offset + chunk.byteLength, done: offset + chunk.byteLength === file.byteLength });
  }
}

describe('sending a file', () => {
  it('over TCP: 64 MiB arrive byte for byte (SHA-256), as one stream', async () => {
    const h = harness();
    const peer = await countingPeer(teardown);
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: peer.port });
    const file = randomBytes(64 * 1024 * 1024);
    await sendFile(h, id, file, MAX_FILE_CHUNK_BYTES);
    await peer.until(file.byteLength);
    expect(peer.received()).toBe(file.byteLength);
    expect(peer.digest()).toBe(createHash('sha256').update(file).digest('hex'));
    expect(h.snapshotOf(id).stats.bytesOut).toBe(file.byteLength);
  }, 120_000);

  it('over UDP: datagrams of the chosen size, in order, even when pieces do not line up with them', async () => {
    const h = harness();
    const receiver = createSocket('udp4');
    const datagrams: Buffer[] = [];
    let wake: () => void = () => {};
    receiver.on('message', (msg) => {
      datagrams.push(msg);
      wake();
    });
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    teardown.add(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const { id } = h.engine.create('udp');
    await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', remoteHost: '127.0.0.1', remotePort: receiver.address().port });

    const file = randomBytes(10_500);
    await sendFile(h, id, file, 3000, 1000);
    while (datagrams.length < 11) await new Promise<void>((resolve) => (wake = resolve));
    expect(datagrams.map((d) => d.byteLength)).toEqual([...Array.from({ length: 10 }, () => 1000), 500]);
    expect(Buffer.concat(datagrams).equals(file)).toBe(true);
    const out = (await h.entries(id)).filter((e) => e.dir === 'out');
    expect(out.map((e) => e.size)).toEqual(datagrams.map((d) => d.byteLength));
  });

  it('Cancel stops it: what was sent arrived, and the transfer is gone', async () => {
    const h = harness();
    const peer = await countingPeer(teardown);
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: peer.port });
    const file = randomBytes(4 * 65536);
    const { transferId } = await h.engine.handlers['file.start']({ id, name: 'big.bin', size: file.byteLength, datagramSize: 1024, everyMs: 0, to: undefined });
    await h.engine.handlers['file.chunk']({ transferId, offset: 0, base64: file.subarray(0, 65536).toString('base64') });
    expect(h.engine.handlers['file.cancel']({ transferId })).toEqual({ sent: 65536 });
    const after = await Promise.resolve(h.engine.handlers['file.chunk']({ transferId, offset: 65536, base64: 'AA==' })).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(CodedError);
    expect(after).toMatchObject({ code: 'NO_SUCH_TRANSFER' });
    await peer.until(65536);
    expect(peer.digest()).toBe(createHash('sha256').update(file.subarray(0, 65536)).digest('hex'));
  });

  it('refuses pieces out of order, past the size, or on a session that is not open, in words', async () => {
    const h = harness();
    const peer = await countingPeer(teardown);
    const { id } = h.engine.create('tcp-client');
    expect(() => h.engine.handlers['file.start']({ id, name: 'x.bin', size: 4, datagramSize: 1024, everyMs: 0, to: undefined })).toThrow(/not open: connect first/);
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: peer.port });
    const { transferId } = await h.engine.handlers['file.start']({ id, name: 'x.bin', size: 4, datagramSize: 1024, everyMs: 0, to: undefined });
    await expect(h.engine.handlers['file.chunk']({ transferId, offset: 2, base64: 'AAE=' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', message: 'The next piece of x.bin starts at byte 0, not 2.' });
    const second = await h.engine.handlers['file.start']({ id, name: 'y.bin', size: 1, datagramSize: 1024, everyMs: 0, to: undefined });
    await expect(h.engine.handlers['file.chunk']({ transferId: second.transferId, offset: 0, base64: 'AAEC' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });
});
