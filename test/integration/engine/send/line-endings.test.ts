// Every input format with every line ending, sent through the router to a real TCP peer: the
// peer reads the parsed bytes and then the ending (Hex and Base64 included, with and without
// "Expand variables"), and the log's sent entry holds the same bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputFormat, LineEnding } from '../../../../src-main/shared/contract.js';
import { createRouter, type Router } from '../../../../src-main/api/router.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { readBytes, startServer, Teardown, type TestServer } from '../../../helpers/net.js';
import type { Socket } from 'node:net';

const teardown = new Teardown();
let h: EngineHarness;
let router: Router;
let peer: TestServer;
let socket: Socket;
let id: string;

beforeAll(async () => {
  h = new EngineHarness();
  teardown.add(() => h.dispose());
  router = createRouter(h.engine);
  peer = await startServer(teardown);
  id = h.engine.create('tcp-client').id;
  await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: peer.port });
  socket = await peer.nextConnection();
});
afterAll(() => teardown.run());

const TEXT: Record<InputFormat, string> = { text: 'Hi', hex: '48 69', base64: 'SGk=' };
const ENDING: Record<LineEnding, number[]> = { none: [], lf: [0x0a], crlf: [0x0d, 0x0a], cr: [0x0d] };

describe('a send with a line ending, each format', () => {
  const cases = (['text', 'hex', 'base64'] as const).flatMap((format) =>
    (['none', 'lf', 'crlf', 'cr'] as const).flatMap((lineEnding) => [false, true].map((expand) => [format, lineEnding, expand] as const)),
  );
  it.each(cases)('%s with %s (expand %s): the peer gets the bytes, then the ending', async (format, lineEnding, expand) => {
    const expected = Buffer.from([0x48, 0x69, ...ENDING[lineEnding]]);
    const reading = readBytes(socket, expected.length);
    const sent = await router.handle('session.send', { id, payload: { format, text: TEXT[format], lineEnding, expand } });
    expect(sent).toMatchObject({ ok: true, value: { bytes: expected.length } });
    expect((await reading).toString('hex')).toBe(expected.toString('hex'));
    if (!sent.ok) return;
    const seq = (sent.value as { seq: number }).seq;
    const bytes = await router.handle('log.bytes', { id, seq, offset: 0, length: 16 });
    expect(bytes.ok && Buffer.from((bytes.value as { bytes: Uint8Array }).bytes).toString('hex')).toBe(expected.toString('hex'));
  });
});
