// Reply rules on real sockets: each client of a server gets its own replies, UDP replies go to
// the sender, a delay holds a reply back, "Reply and close" closes, and a real HTTP client (curl)
// gets the reply built from a regex capture.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FramingConfig, Rule, type RuleInput } from '../../../../src-main/shared/contract.js';
import { Teardown, waitFor } from '../../../helpers/net.js';
import { codedRejection, EngineHarness } from '../../../helpers/engine-harness.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

function harness(): EngineHarness {
  const h = new EngineHarness({ growthTickMs: 5 });
  teardown.add(() => h.dispose());
  return h;
}

function setRules(h: EngineHarness, id: string, rules: RuleInput[]): { hits: number[] } {
  return h.engine.handlers['session.rules']({ id, rules: rules.map((r) => v.parse(Rule, r)), encoding: 'utf-8' }) as { hits: number[] };
}

async function server(h: EngineHarness, rules: RuleInput[], lines = true): Promise<{ id: string; port: number }> {
  const { id } = h.engine.create('tcp-server');
  if (lines) h.engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\n', keepDelimiter: false }), verify: null });
  setRules(h, id, rules);
  const snap = await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 });
  return { id, port: snap.local!.port };
}

interface Client {
  socket: Socket;
  received: () => string;
  closed: () => boolean;
}

async function client(port: number): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  teardown.add(() => socket.destroy());
  await waitFor(socket, 'connect');
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed: () => closed };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('reply rules', () => {
  it('answers each of 3 interleaving clients with its own capture; the first matching rule acts; Ignore stops', async () => {
    const h = harness();
    const { id, port } = await server(h, [
      { when: 'equals', pattern: 'quiet', then: 'ignore' },
      { when: 'regex', pattern: '^hello (?<name>\\w+)$', reply: 'hi ${name}\\n' },
      { when: 'contains', pattern: 'hello', reply: 'never: the rule above matched first\\n' },
    ]);
    const clients = [await client(port), await client(port), await client(port)];
    const names = ['ann', 'bob', 'cy'];
    // Interleaved, split mid-line.
    for (const c of clients) c.socket.write('hel');
    for (const [i, c] of clients.entries()) c.socket.write(`lo ${names[i]}\nquiet\n`);
    for (const [i, c] of clients.entries()) await until(() => c.received() === `hi ${names[i]}\n`);
    await h.until(id, (s) => s.stats.messagesOut === 3 && s.stats.messagesIn === 6);
    expect(h.engine.session(id).reception.rules.hits).toEqual([3, 3, 0]);
    // Each reply is logged as sent, after the frame it answers, to the client that sent it.
    const entries = await h.entries(id);
    for (const name of names) {
      const asked = entries.findIndex((e) => Buffer.from(e.bytes).toString().startsWith(`hello ${name}`));
      const reply = entries.findIndex((e) => e.dir === 'out' && Buffer.from(e.bytes).toString() === `hi ${name}\n`);
      expect(reply).toBeGreaterThan(asked);
      expect(entries[reply]!.peerId).toBe(entries[asked]!.peerId);
      // Marked with the rule that sent it; what it answers is not marked.
      expect(entries[reply]!.rule).toBe(2);
      expect(entries[asked]!.rule).toBeUndefined();
    }
  });

  it('replies to a UDP sender, after the delay, and Reply and close closes a TCP client', async () => {
    const h = harness();
    const { id } = h.engine.create('udp');
    setRules(h, id, [{ when: 'starts-with', pattern: 'ping', reply: 'pong', delayMs: 50 }]);
    const port = (await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const peer = createSocket('udp4');
    teardown.add(() => peer.close());
    peer.bind(0, '127.0.0.1');
    await waitFor(peer, 'listening');
    const got = new Promise<{ text: string; at: number }>((resolve) => peer.once('message', (m) => resolve({ text: m.toString(), at: performance.now() })));
    const sent = performance.now();
    peer.send('ping 1', port, '127.0.0.1');
    const reply = await got;
    expect(reply.text).toBe('pong');
    expect(reply.at - sent).toBeGreaterThanOrEqual(45);

    const tcp = await server(h, [{ when: 'equals', pattern: 'bye', then: 'reply-close', reply: 'goodbye\\n' }]);
    const c = await client(tcp.port);
    c.socket.write('bye\n');
    await until(() => c.closed());
    expect(c.received()).toBe('goodbye\n');
  });

  it('refuses a rule that does not compile, naming it, and keeps the rules it had', async () => {
    const h = harness();
    const { id } = h.engine.create('tcp-server');
    setRules(h, id, [{ when: 'contains', pattern: 'x', reply: 'y' }]);
    const err = await codedRejection(Promise.resolve().then(() => setRules(h, id, [{ when: 'contains', pattern: 'a' }, { when: 'regex', pattern: '(' }])));
    expect(err.code).toBe('INVALID_REGEX');
    expect(err.message).toMatch(/^Rule 2: Pattern: the regular expression is invalid at position 1/);
    expect(h.engine.session(id).reception.rules.hits).toEqual([0]);
  });

  it('curl asking GET /hello gets the reply built from the capture', async () => {
    const h = harness();
    // Unframed: an HTTP request arrives as one chunk; the regex captures the path.
    const { port } = await server(
      h,
      [{ when: 'regex', pattern: '^GET /(\\w+) HTTP', then: 'reply-close', reply: 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nyou asked for $1\\n' }],
      false,
    );
    const curl = spawn('curl', ['-s', '--max-time', '10', `http://127.0.0.1:${port}/hello`]);
    let out = '';
    curl.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => curl.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toBe('you asked for hello\n');
  });
});

describe('variables in payloads', () => {
  it('expands per send in main: the counter counts on, and a name a rule captured goes into a later send', async () => {
    const h = harness();
    const { id, port } = await server(h, [{ when: 'regex', pattern: '^login (?<user>\\w+)$', reply: 'ok {{user}} #{{counter}}\\n', expand: true }]);
    const c = await client(port);
    c.socket.write('login ann\n');
    // The rule's reply expands variables too: the name it just captured, the tab's counter.
    await until(() => c.received() === 'ok ann #1\n');
    const send = (text: string): Promise<unknown> =>
      Promise.resolve(h.engine.handlers['session.send']({ id, payload: { format: 'text', text, lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: true }, to: { type: 'all' } }));
    await send('#{{counter}} for {{user}}\\n');
    await send('#{{counter}} at {{seq}}\\n');
    await until(() => c.received().split('\n').length === 4);
    const lines = c.received().split('\n');
    expect(lines[1]).toBe('#2 for ann');
    expect(lines[2]).toMatch(/^#3 at \d+$/);
    // An unknown variable is refused in words, and nothing is sent.
    const err = await codedRejection(send('{{nope}}'));
    expect(err.message).toMatch(/Unknown variable \{\{nope\}\}/);
  });
});
