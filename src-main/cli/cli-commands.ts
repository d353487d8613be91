// The four commands of `wirebench`: connect (send, then expect or listen a while), listen (a
// server with reply rules), ping, and run (a sequence from a library file). Each resolves with
// its exit code or throws a CliFailure (see cli-session.ts).
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { Rules, type LogEntry, type Rule, type SavedSequence } from '../shared/contract.js';
import { parseLibraryImport } from '../shared/codec/library-import.js';
import { decodeText } from '../shared/codec/text-encoding.js';
import { EXIT, type CliCommand } from './cli-args.js';
import type { Printer } from './cli-output.js';
import { clientConfig, CliFailure, CliSession, failureOf, payloadBytes } from './cli-session.js';

type Of<K extends CliCommand['cmd']> = Extract<CliCommand, { cmd: K }>;

/** Stops on Ctrl+C or SIGTERM, or after `ms`. */
function stopSignal(ms: number | null): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      if (timer) clearTimeout(timer);
      resolve();
    };
    const timer = ms === null ? null : setTimeout(done, ms);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

async function open(s: CliSession, config: Parameters<typeof clientConfig>[0], printer: Printer, binding = false): Promise<void> {
  try {
    const snap = await s.engine.connect(s.id, clientConfig(config));
    const where = snap.remote ? `${snap.remote.address}${snap.remote.family === 'unix' ? '' : `:${snap.remote.port}`}` : '';
    printer.event('connected', { local: snap.local, remote: snap.remote }, `Connected to ${where || 'the server'}`);
  } catch (err) {
    throw failureOf(err, binding);
  }
}

export async function connectCommand(c: Of<'connect'>, printer: Printer): Promise<number> {
  const bytes = await payloadBytes(c.payload);
  const s = new CliSession(clientConfig(c.transport).kind, printer);
  try {
    if (c.framing) s.engine.handlers['session.receive']({ id: s.id, framing: c.framing, verify: null });
    let received = '';
    let matched: LogEntry | null = null;
    s.onEntry = (e) => {
      if (e.dir !== 'in' || matched || !c.expect) return;
      received += decodeText(e.bytes, 'utf-8');
      if (c.expect.test(received)) matched = e;
    };
    await open(s, c.transport, printer);
    for (let i = 0; i < c.count; i++) {
      if (i > 0 && c.intervalMs > 0) await new Promise((r) => setTimeout(r, c.intervalMs));
      try {
        await s.session.send(bytes);
      } catch (err) {
        throw failureOf(err, false);
      }
    }
    await s.drained();
    const peerClosed = (): boolean => s.state?.status === 'closed' || s.state?.status === 'failed';
    if (!c.expect) {
      // Print what comes back until the peer closes or it has been quiet for --timeout.
      await s.until(peerClosed, c.timeoutMs);
      await s.drained();
      return EXIT.ok;
    }
    const found = await s.until(() => matched !== null || peerClosed(), c.timeoutMs);
    await s.drained();
    if (matched) {
      const m = matched as LogEntry;
      printer.event('matched', { pattern: c.expect.source, seq: m.seq }, `Matched /${c.expect.source}/ in entry #${m.seq}`);
      return EXIT.ok;
    }
    const last = received === '' ? 'nothing was received' : `last received: ${JSON.stringify(received.slice(-200))}`;
    const why = found ? 'the connection closed' : `no match within ${c.timeoutMs} ms`;
    throw new CliFailure('EXPECT_FAILED', `Expected /${c.expect.source}/: ${why}; ${last}.`, EXIT.failed);
  } finally {
    await s.dispose();
  }
}

/** Rules from a file: a JSON array of rules, { "rules": [...] }, or a library file (its first rule set). */
async function rulesFrom(path: string): Promise<Rule[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CliFailure('INVALID_PAYLOAD', `--rules ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
  }
  const obj = data as { rules?: unknown; ruleSets?: { rules?: unknown }[] } | null;
  const list = Array.isArray(data) ? data : (obj?.rules ?? obj?.ruleSets?.[0]?.rules);
  const parsed = v.safeParse(Rules, list);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new CliFailure('INVALID_PAYLOAD', `--rules ${path}: ${where ? `${where} ` : ''}${issue?.message ?? 'is not a list of rules'}.`, EXIT.usage);
  }
  return parsed.output;
}

export async function listenCommand(c: Of<'listen'>, printer: Printer): Promise<number> {
  const rules = c.rules ? await rulesFrom(c.rules) : [];
  const s = new CliSession(c.tls ? 'tls-server' : 'tcp-server', printer);
  try {
    if (rules.length > 0) {
      try {
        s.engine.handlers['session.rules']({ id: s.id, rules, encoding: 'utf-8' });
      } catch (err) {
        throw failureOf(err, false);
      }
    }
    let snap;
    try {
      snap = await s.engine.connect(s.id, { kind: c.tls ? 'tls-server' : 'tcp-server', localAddress: c.host, localPort: c.port, server: { echo: c.echo, maxClients: c.maxClients } });
    } catch (err) {
      throw failureOf(err, true);
    }
    const port = snap.local?.port ?? c.port;
    printer.event('listening', { local: snap.local, port }, `Listening on ${snap.local?.address ?? c.host}:${port}${c.tls ? ' (TLS)' : ''}`);
    await stopSignal(c.durationMs);
    await s.drained();
    printer.event('closed', { by: 'local' }, 'Stopped listening');
    return EXIT.ok;
  } finally {
    await s.dispose();
  }
}

export async function pingCommand(c: Of<'ping'>, printer: Printer): Promise<number> {
  const s = new CliSession('ping', printer);
  try {
    try {
      await s.engine.connect(s.id, { kind: 'ping', host: c.host, count: c.count, intervalMs: c.intervalMs, timeoutMs: c.timeoutMs });
    } catch (err) {
      throw failureOf(err, false);
    }
    await s.until(() => s.state?.ping?.running === false, c.count * c.intervalMs + c.timeoutMs + 5000);
    await s.drained();
    const summary = s.session.snapshot().ping;
    const received = summary?.received ?? 0;
    printer.event('summary', { sent: summary?.sent ?? 0, received }, `${summary?.sent ?? 0} sent, ${received} received`);
    if (received === 0) throw new CliFailure('ETIMEDOUT', `No reply from ${c.host} to ${summary?.sent ?? 0} echo requests.`, EXIT.failed);
    return EXIT.ok;
  } finally {
    await s.dispose();
  }
}

/** The sequence named (or with that id) in a library file. */
async function sequenceFrom(path: string, name: string): Promise<SavedSequence> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliFailure('ENOENT', `--library ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
  }
  const parsed = parseLibraryImport(text);
  if (!parsed.ok) throw new CliFailure(parsed.error.code, `--library ${path}: ${parsed.error.message}`, EXIT.usage);
  const sequences = parsed.value.sequences ?? [];
  const found = sequences.find((q) => q.name === name) ?? sequences.find((q) => q.id === name);
  if (!found) {
    const names = sequences.map((q) => JSON.stringify(q.name)).join(', ');
    throw new CliFailure('NO_SUCH_SEQUENCE', `No sequence "${name}" in ${path}${names ? `; it has ${names}` : ''}.`, EXIT.usage);
  }
  return found;
}

export async function runCommand(c: Of<'run'>, printer: Printer): Promise<number> {
  const sequence = await sequenceFrom(c.library, c.sequence);
  const s = new CliSession(clientConfig(c.transport).kind, printer);
  try {
    if (c.framing) s.engine.handlers['session.receive']({ id: s.id, framing: c.framing, verify: null });
    await open(s, c.transport, printer);
    let states: string[] = [];
    const result = await new Promise<{ passed: boolean; text: string }>((resolve) => {
      const stop = s.engine.subscribe((event) => {
        if (event.name !== 'sequence.progress' || event.payload.id !== s.id) return;
        const p = event.payload;
        p.steps.forEach((state, i) => {
          if (state !== states[i] && state !== 'pending') printer.event('step', { step: i + 1, state }, `Step ${i + 1}: ${state}`);
        });
        states = [...p.steps];
        if (p.done) {
          stop();
          resolve({ passed: p.passed ?? false, text: p.result ?? '' });
        }
      });
      try {
        s.engine.handlers['sequence.run']({ id: s.id, steps: sequence.steps, encoding: 'utf-8' });
      } catch (err) {
        stop();
        throw failureOf(err, false);
      }
    });
    await s.drained();
    if (!result.passed) throw new CliFailure('SEQUENCE_FAILED', `Sequence "${sequence.name}": ${result.text}`, EXIT.failed);
    printer.event('passed', { sequence: sequence.name, result: result.text }, `Sequence "${sequence.name}": ${result.text}`);
    return EXIT.ok;
  } finally {
    await s.dispose();
  }
}
