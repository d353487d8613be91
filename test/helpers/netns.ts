// Private network namespaces for tests that need more than loopback (broadcast, IPv6 multicast
// on a link): two namespaces joined by a veth pair, addressed only inside them. Needs root.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NetnsPair {
  /** Namespace names; `ip netns exec <name> ...` runs inside. */
  a: string;
  b: string;
  /** The veth ends: `ifA` lives in `a`, `ifB` in `b`. */
  ifA: string;
  ifB: string;
  /** Deletes both namespaces (and with them the veth pair). Never throws. */
  remove(): Promise<void>;
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/**
 * Two namespaces wb-<random>-a and -b with lo up, joined by a veth pair:
 * a: 10.213.0.1/24 and fd00:213::1/64, b: 10.213.0.2/24 and fd00:213::2/64 (no DAD, so IPv6
 * is usable at once). Nothing is added to the root namespace.
 */
export async function createNetnsPair(): Promise<NetnsPair> {
  const tag = randomBytes(3).toString('hex');
  const a = `wb-${tag}-a`;
  const b = `wb-${tag}-b`;
  const ifA = `wb${tag}a`;
  const ifB = `wb${tag}b`;
  const remove = async (): Promise<void> => {
    for (const ns of [a, b]) await ip('netns', 'del', ns).catch(() => {});
  };
  try {
    for (const ns of [a, b]) {
      await ip('netns', 'add', ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    }
    await ip('-n', a, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', b);
    await ip('-n', a, 'addr', 'add', '10.213.0.1/24', 'brd', '10.213.0.255', 'dev', ifA);
    await ip('-n', b, 'addr', 'add', '10.213.0.2/24', 'brd', '10.213.0.255', 'dev', ifB);
    await ip('-n', a, '-6', 'addr', 'add', 'fd00:213::1/64', 'dev', ifA, 'nodad');
    await ip('-n', b, '-6', 'addr', 'add', 'fd00:213::2/64', 'dev', ifB, 'nodad');
    await ip('-n', a, 'link', 'set', ifA, 'up');
    await ip('-n', b, 'link', 'set', ifB, 'up');
  } catch (err) {
    await remove();
    throw err;
  }
  return { a, b, ifA, ifB, remove };
}

/** Whether namespaces can be made here (root, `ip` present); tests skip otherwise, except under CI. */
export async function canCreateNetns(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await run('ip', ['-V']);
    return true;
  } catch {
    return false;
  }
}
