// "Save log" as pcapng for Wireshark: each entry becomes the packets it was on the wire, from what
// the session knows about its ends. TCP, TLS (its plaintext) and Unix stream sessions become TCP
// flows (one per server client) with a handshake, sequence numbers, ACKs and a FIN or RST as the
// connection ended; UDP and Unix datagram sessions UDP; Raw IP its packets as they are (a header
// added where the log holds the payload only); Ping its ICMP echo requests and replies. Unix
// sessions get made-up loopback addresses, named in each packet's comment.
import { KINDS, type Endpoint, type LogEntry, type PeerInfo, type SessionKind } from '../../shared/contract.js';
import { commentBytes, enhancedPacket, interfaceDescription, LINKTYPE_RAW, sectionHeader } from '../../shared/codec/pcapng.js';
import { icmpPacket, ipPacket, parseIpAddress, udpPacket, unmapped, type PacketEndpoint } from '../../shared/codec/packets.js';
import { TcpFlow, type FlowPacket } from '../../shared/codec/tcp-flow.js';
import type { Session } from '../session.js';

/** What the export knows of the session besides its log. */
export interface CaptureContext {
  id: string;
  kind: SessionKind;
  local: Endpoint | null;
  remote: Endpoint | null;
  closedBy: 'local' | 'peer' | null;
  failed: boolean;
  /** Raw IP: the protocol number. */
  protocol?: number;
  /** Peers by id (servers, UDP). */
  peers: ReadonlyMap<string, PeerInfo>;
}

/** Turns entries into a file's pieces (pcapng blocks, CSV lines), in order. */
export interface BlockEncoder {
  head(): (string | Uint8Array)[];
  entry(e: LogEntry): (string | Uint8Array)[];
  tail(): (string | Uint8Array)[];
}

const UNSPECIFIED_V4 = new Uint8Array(4);
/** Unix sessions: made-up loopback ends (the socket path is in the comment). */
const UNIX_SERVER: PacketEndpoint = { address: Uint8Array.of(127, 0, 0, 1), port: 1 };

function endpointOf(e: Endpoint | null | undefined, fallback: PacketEndpoint): PacketEndpoint {
  if (!e || e.family === 'unix') return fallback;
  const address = parseIpAddress(e.address);
  return address ? { address: unmapped(address), port: e.port } : fallback;
}

/** A peer's end from its label ("host:port", "[v6]:port"), when the log has no peer table entry. */
function endpointOfLabel(label: string | null, fallback: PacketEndpoint): PacketEndpoint {
  const m = label ? /^\[?([^\]]+?)\]?:(\d+)$/.exec(label) : null;
  const address = m ? parseIpAddress(m[1]!) : label ? parseIpAddress(label) : null;
  return address ? { address: unmapped(address), port: m ? Number(m[2]) : 0 } : fallback;
}

export function captureEncoder(ctx: CaptureContext): BlockEncoder {
  const kind = KINDS[ctx.kind];
  const isUnix = ctx.kind.startsWith('unix');
  const local = endpointOf(ctx.local, isUnix ? (kind.role === 'listener' ? UNIX_SERVER : { address: UNIX_SERVER.address, port: 2 }) : { address: UNSPECIFIED_V4, port: 0 });
  const flows = new Map<string, { flow: TcpFlow; peer: PeerInfo | null; lastTs: number; text: string }>();
  let unixPorts = 40000;
  const commentText = (e: LogEntry): string => {
    const where = isUnix ? ` (Unix socket ${ctx.local?.address ?? ctx.remote?.address ?? ''}; addresses made up)` : '';
    return `Wirebench session ${ctx.id} (${kind.label})${e.peer && kind.role === 'listener' ? `, client ${e.peer}` : ''}${where}`;
  };
  // One comment per peer, encoded once: a capture has millions of packets.
  const comments = new Map<string, Uint8Array>();
  const comment = (e: LogEntry): Uint8Array => {
    const key = e.peer ?? '';
    let bytes = comments.get(key);
    if (!bytes) comments.set(key, (bytes = commentBytes(commentText(e))));
    return bytes;
  };
  const blocks = (packets: FlowPacket[], note: string | Uint8Array | undefined): Uint8Array[] =>
    packets.map((p, i) => enhancedPacket(p.ts, p.bytes, p.dir, i === packets.length - 1 ? note : undefined));

  const stream = (e: LogEntry): Uint8Array[] => {
    const key = e.peerId ?? e.peer ?? '';
    let f = flows.get(key);
    if (!f) {
      const peer = e.peerId ? (ctx.peers.get(e.peerId) ?? null) : null;
      const remote = isUnix
        ? kind.role === 'listener'
          ? { address: UNIX_SERVER.address, port: unixPorts++ }
          : UNIX_SERVER
        : kind.role === 'listener'
          ? endpointOf(peer?.remote, endpointOfLabel(e.peer, { address: UNSPECIFIED_V4, port: 0 }))
          : endpointOf(ctx.remote, endpointOfLabel(e.peer, { address: UNSPECIFIED_V4, port: 0 }));
      f = { flow: new TcpFlow(local, remote, kind.role !== 'listener'), peer, lastTs: e.ts, text: commentText(e) };
      flows.set(key, f);
    }
    f.lastTs = e.ts;
    return blocks(f.flow.data(e.dir, e.bytes, e.ts), comment(e));
  };

  const datagram = (e: LogEntry): Uint8Array[] => {
    const peer = e.peerId ? ctx.peers.get(e.peerId) : undefined;
    const remote = isUnix ? { address: UNIX_SERVER.address, port: kind.role === 'listener' ? 3 : 1 } : endpointOf(peer?.remote, endpointOfLabel(e.peer, endpointOf(ctx.remote, { address: UNSPECIFIED_V4, port: 0 })));
    const [from, to] = e.dir === 'out' ? [local, remote] : [remote, local];
    return [enhancedPacket(e.ts, udpPacket(from, to, e.bytes), e.dir, comment(e))];
  };

  const ip = (e: LogEntry): Uint8Array[] => {
    const other = endpointOfLabel(e.peer, { address: UNSPECIFIED_V4, port: 0 }).address;
    const [src, dst] = e.dir === 'out' ? [local.address, other] : [other, local.address];
    let packet: Uint8Array;
    if (ctx.kind === 'ping') packet = icmpPacket(src, dst, e.bytes);
    else packet = isWholeIpv4(e.bytes) ? e.bytes : ipPacket(src, dst, ctx.protocol ?? 0, e.bytes);
    return [enhancedPacket(e.ts, packet, e.dir, comment(e))];
  };

  const perEntry = kind.group === 'Stream' ? stream : ctx.kind === 'ping' || ctx.kind === 'raw-ip' ? ip : datagram;
  return {
    head: () => [sectionHeader('Wirebench'), interfaceDescription(LINKTYPE_RAW, `wirebench ${ctx.id}`)],
    entry: perEntry,
    tail: () => {
      const out: Uint8Array[] = [];
      for (const f of flows.values()) {
        // How it ended: a peer table says per client; a client session for its one connection.
        const closedBy = f.peer ? f.peer.closedBy : kind.role === 'listener' ? null : ctx.closedBy;
        const failed = f.peer ? f.peer.error !== null : ctx.failed;
        const open = f.peer ? f.peer.status === 'open' : closedBy === null && !failed;
        if (open) continue;
        const ts = Math.max(f.lastTs, f.peer?.lastSeenAt ?? 0);
        const packets = failed ? f.flow.reset(closedBy === 'local' ? 'out' : 'in', ts) : f.flow.close(closedBy === 'local' ? 'out' : 'in', ts);
        out.push(...blocks(packets, `${f.text}, connection closed`));
      }
      return out;
    },
  };
}

/** The bytes are a whole IPv4 packet (a raw socket delivers IPv4 with its header). */
function isWholeIpv4(bytes: Uint8Array): boolean {
  return bytes.length >= 20 && bytes[0]! >> 4 === 4 && (bytes[0]! & 0x0f) >= 5 && ((bytes[2]! << 8) | bytes[3]!) === bytes.length;
}

/** What a session knows of its ends, for its capture: its snapshot and every peer it listed. */
export async function captureContextOf(session: Session): Promise<CaptureContext> {
  const snap = session.snapshot();
  const peers = new Map<string, PeerInfo>();
  const PAGE = 10_000;
  for (let from = 0; KINDS[session.kind].peers !== null; from += PAGE) {
    const { peers: page } = await session.readPeers(from, PAGE);
    for (const p of page) peers.set(p.id, p);
    if (page.length < PAGE) break;
  }
  return {
    id: session.id,
    kind: session.kind,
    local: snap.local,
    remote: snap.remote,
    closedBy: snap.closedBy,
    failed: snap.status === 'failed' || snap.error !== null,
    protocol: snap.config?.kind === 'raw-ip' ? snap.config.protocol : undefined,
    peers,
  };
}
