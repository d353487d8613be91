// Debian's Chromium as the e2e tests and the UI benchmark run it: headless, no sandbox (root in
// a container), and nothing that reaches out to the network on its own.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `timeout`: how long the launch may take (playwright's default when not given). */
export function launchHeadlessChromium(options: { timeout?: number } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true, ...options });
}
