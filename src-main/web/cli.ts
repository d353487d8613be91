// `npm run web`: the engine, the router and the web server in one Node process. Bundled to
// dist/main/web.cjs, so paths are found from the script's own location (process.argv[1]).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appServer } from '../api/app-server.js';
import { createRouter } from '../api/router.js';
import { Engine } from '../engine/engine.js';
import { LibraryStore } from '../store/library-store.js';
import { WorkspaceStore } from '../store/workspace-store.js';
import { defaultDataDir, parseWebArgs, WEB_USAGE } from './args.js';
import { startWebServer, type WebServer } from './server.js';
import { keepServingOnCrash } from '../crash-log.js';
import { injectThrowingSend, injectUncaught } from './test-hooks.js';

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`wirebench web: ${parsed.message}\n`);
    process.exit(2);
  }
  const { args } = parsed;
  if (args.help) {
    process.stdout.write(WEB_USAGE);
    return;
  }
  const rendererDir = path.resolve(args.rendererDir ?? path.join(path.dirname(process.argv[1] ?? '.'), '../renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(`wirebench web: no built UI in ${rendererDir} (index.html is missing). Run "npm run build" first, or pass --renderer DIR.\n`);
    process.exit(1);
  }

  const engine = new Engine({
    ...(args.spillDir ? { spillDir: args.spillDir } : {}),
    ...(args.logMemoryMib !== null ? { logMemoryBytes: args.logMemoryMib * 1024 * 1024 } : {}),
  });
  const dataDir = args.dataDir ?? defaultDataDir();
  keepServingOnCrash(dataDir);
  if (process.env['WIREBENCH_TEST_THROWING_SEND'] === '1') injectThrowingSend(engine);
  const stores = { workspace: new WorkspaceStore(dataDir), library: new LibraryStore(dataDir) };
  let server: WebServer | null = null;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // The server first, so no request reaches an engine that is shutting down.
    void Promise.resolve(server?.close())
      .then(() => Promise.all([engine.dispose(), stores.workspace.flushed(), stores.library.flushed()]))
      .catch(() => undefined)
      .then(() => process.exit(0));
  };
  // Listening before the URL is printed: whoever reads the line may signal at once.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  server = await startWebServer({ host: args.host, port: args.port, rendererDir, router: createRouter(appServer(engine, stores)) });
  if (stopping) {
    await server.close();
    return;
  }
  process.stdout.write(`Wirebench web UI: ${server.url}\n`);
  // Tests prove the process survives a bug nobody caught: this throws one outside every handler.
  if (process.env['WIREBENCH_TEST_UNCAUGHT'] === '1') injectUncaught();
}

main().catch((err: unknown) => {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const hint = code === 'EADDRINUSE' ? ' (that port is in use: pick another with --port, or --port 0)' : '';
  process.stderr.write(`wirebench web: could not start: ${err instanceof Error ? err.message : String(err)}${hint}\n`);
  process.exit(1);
});
