// `npm run fuzz`: the contract fuzzers (test/unit/api/fuzz.test.ts, fuzz-paths.test.ts) with 100,000 cases (or
// FUZZ_RUNS), on Node 24 like the tests; prints the tally of reply codes.
import { spawnSync } from 'node:child_process';
import { nodeForTests } from './node24.mjs';

const runs = process.env.FUZZ_RUNS ?? '100000';
const result = spawnSync(
  nodeForTests(),
  ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', 'test/unit/api/fuzz.test.ts', 'test/unit/api/fuzz-paths.test.ts', '--testTimeout', '3600000'],
  { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs } },
);
process.exit(result.status ?? 1);
