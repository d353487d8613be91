// TLS key logging: the secrets of each handshake (Node's 'keylog' event: one line of the NSS key
// log format) appended to the session's "Write TLS keys to" file and to the file the
// SSLKEYLOGFILE environment variable names, as browsers and curl do. Wireshark decrypts a capture
// of the session with it. Lines are appended as they come (a few per connection), in order.
import { appendFileSync } from 'node:fs';

/** Writes key log lines to the files named (deduplicated); `failed` hears about a file that cannot be written. Null when there is none. */
export function keyLogWriter(file: string | undefined, failed: (message: string) => void): ((line: Buffer) => void) | null {
  const env = process.env['SSLKEYLOGFILE'];
  const files = [...new Set([file, env].filter((f): f is string => typeof f === 'string' && f !== ''))];
  if (files.length === 0) return null;
  const broken = new Set<string>();
  return (line) => {
    for (const f of files) {
      if (broken.has(f)) continue;
      try {
        // Secrets: readable by this user only when the file is new.
        appendFileSync(f, line, { mode: 0o600 });
      } catch (err) {
        broken.add(f);
        failed(`TLS keys cannot be written to ${f}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
}
