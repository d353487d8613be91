// `npm test`: type checks, lint, build, then every vitest project (unit, integration,
// renderer, e2e) on Node 24. Ends with one plain line "N passed, N failed" from real counts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeForTests } from './node24.mjs';

const bin = (name) => join('node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const node = nodeForTests();
const extraArgs = process.argv.slice(2);

const checks = [
  // The typed message functions the type checks and the build import (git-ignored output).
  ['messages (i18n)', process.execPath, ['scripts/i18n.mjs']],
  ['typecheck (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['typecheck (svelte-check)', bin('svelte-check'), ['--tsconfig', 'src-renderer/tsconfig.json', '--fail-on-warnings', '--output', 'human']],
  ['lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']],
  // Under CI=true a missing or unloadable native addon fails here, by name, not as skipped tests.
  ['native addon', process.execPath, ['scripts/build-native.mjs', '--check']],
  ['build', process.execPath, ['scripts/build.mjs']],
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  const ok = r.status === 0;
  if (ok) passed++;
  else {
    failed++;
    failures.push(label);
  }
  return ok;
}

const onlyVitest = extraArgs.length > 0;
if (!onlyVitest) for (const [label, cmd, args] of checks) run(label, cmd, args);

console.log(`\n=== vitest (Node ${spawnSync(node, ['--version']).stdout.toString().trim()})`);
const dir = mkdtempSync(join(tmpdir(), 'wirebench-test-'));
const report = join(dir, 'vitest.json');
const v = spawnSync(
  node,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
  { stdio: 'inherit' },
);
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A file that fails to load has no tests to count: count it as a failure.
  for (const file of json.testResults) {
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failed++;
      failures.push(`vitest: ${file.name} (failed to run)`);
    }
  }
  for (const file of json.testResults)
    for (const t of file.assertionResults) if (t.status === 'failed') failures.push(`vitest: ${t.fullName}`);
} catch {
  failed++;
  failures.push(`vitest exited ${v.status} without a report`);
}
rmSync(dir, { recursive: true, force: true });
if (v.status !== 0 && failed === 0) {
  failed++;
  failures.push(`vitest exited ${v.status}`);
}
if (process.env.CI === 'true' && skipped > 0) {
  failed += skipped;
  failures.push(`${skipped} test(s) skipped under CI=true: install what they need instead`);
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
