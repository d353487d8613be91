// `wirebench`: the engine, codecs, framing, rules and sequences on the command line, without
// Electron. Bundled to dist/cli/wirebench.cjs (bin/wirebench.mjs builds it on first use).
// Exit codes (README, --help): 0 success, 1 failed expectation or sequence, 2 usage, 3 network,
// 4 TLS verification, 5 bind.
import { EXIT, parseCli, UsageError, USAGE } from './cli-args.js';
import { connectCommand, listenCommand, pingCommand, runCommand } from './cli-commands.js';
import { Printer, stdio } from './cli-output.js';
import { CliFailure, failureOf } from './cli-session.js';

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stdio.error(`wirebench: USAGE: ${err.message} (wirebench --help shows how)\n`);
    return EXIT.usage;
  }
  if (command.cmd === 'help') {
    stdio.write(USAGE);
    return EXIT.ok;
  }
  const printer = new Printer(command.json);
  try {
    switch (command.cmd) {
      case 'connect':
        return await connectCommand(command, printer);
      case 'listen':
        return await listenCommand(command, printer);
      case 'ping':
        return await pingCommand(command, printer);
      case 'run':
        return await runCommand(command, printer);
    }
  } catch (err) {
    const failure = err instanceof CliFailure ? err : failureOf(err, false);
    printer.failure(failure.code, failure.message, failure.exit);
    return failure.exit;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Open handles (a socket closing) must not keep a finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (err: unknown) => {
    process.stderr.write(`wirebench: INTERNAL: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT.network);
  },
);
