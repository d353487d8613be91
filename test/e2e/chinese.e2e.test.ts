// 简体中文 end to end in Chromium through web mode: a browser that prefers Chinese gets it on
// "System"; then every kind's form (with its Options, Receiving and Rules), a server with a client
// and its traffic, an entry's detail, Find, Save log, the Library with a sequence, Settings and an
// error from main show no English a translator should have translated.
import { connect as netConnect, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { SESSION_KINDS } from '../../src-main/shared/contract.js';
import { haveChromium, useWebModePage } from './harness.js';

/**
 * English words in what the page shows: text and the text attributes (title, placeholder,
 * aria-label) of every element shown. Identifiers in capitals (TCP, SO_RCVBUF, ECONNREFUSED),
 * hex, numbers, addresses and paths pass, as do the names that stay the same in Chinese UIs.
 */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const same = new Set(
      ('Unix Ping Base64 English Wirebench Wireshark Linux Windows macOS Python Ctrl Shift Enter Delete Tab ms µs px MiB KiB GiB B s ' +
        'Latin UTF GBK Big5 Shift_JIS EBCDIC IBM037 Internet RFC CCITT XMODEM KERMIT JSON Lines Linger h2 http ' +
        'pcapng setsockopt xHH e.g int bool linger text pipe name').split(' '),
    );
    const found = new Set<string>();
    const check = (text: string, where: string): void => {
      const cleaned = text
        .replace(/\b[\w.-]+@[\w.-]+\b/g, ' ')
        .replace(/(^|\s)(\/|[A-Z]:\\)[^\s，。；）]*/g, ' ')
        .replace(/\\[a-z0-9\\]+/gi, ' ')
        .replace(/\b0x[0-9a-f]+\b/gi, ' ')
        .replace(/\$\{\w+\}|\{\{\w+\}\}/g, ' ')
        .replace(/\[[0-9a-f:.]*\]|\b[0-9a-f]*:[0-9a-f:.]*\b/gi, ' ');
      for (const word of cleaned.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []) {
        // Capitals (TCP, SO_RCVBUF), names with digits (IPv6, Big5) and hex bytes are not words.
        if (same.has(word) || /^[A-Z0-9_]+$/.test(word) || /\d/.test(word) || /^[a-fA-F]{1,2}$/.test(word)) continue;
        found.add(`${word} — in ${where}: ${text.trim().slice(0, 100)}`);
      }
    };
    const shown = (el: Element): boolean => {
      const e = el as HTMLElement;
      if (e.closest('[hidden], [aria-hidden="true"], details:not([open]) > :not(summary), template, script, style')) return false;
      // Bytes the user sent or received, and the encodings' own names, are data, not words.
      if (e.closest('.hex, .bytes, .text-dump, .dump, [data-user-data], select[id$="-encoding"], datalist')) return false;
      return e.offsetParent !== null || e.tagName === 'OPTION' || getComputedStyle(e).position === 'fixed';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && node.textContent?.trim() && shown(parent)) check(node.textContent, parent.tagName.toLowerCase());
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      if (!shown(el)) continue;
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const value = el.getAttribute(attr);
        if (value) check(value, `${el.tagName.toLowerCase()}[${attr}]`);
      }
    }
    return [...found].sort();
  });
}

function connectClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

describe.skipIf(!haveChromium)('简体中文, end to end in Chromium through web mode', () => {
  const browser = useWebModePage(() => [], { locale: 'zh-CN' });
  let client: Socket | null = null;

  afterEach(() => {
    client?.destroy();
    client = null;
  });

  test('System follows a Chinese browser, and no screen shows untranslated text', async () => {
    const { page } = browser;
    // "System" (the default) and a browser that prefers 简体中文.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.getByRole('button', { name: '新建连接' }).count()).toBe(1);
    expect(await untranslated(page)).toEqual([]);

    const missing: string[] = [];
    const look = async (screen: string): Promise<void> => {
      for (const word of await untranslated(page)) missing.push(`${screen}: ${word}`);
    };

    // Every kind's form, with Options, Receiving and Rules open and a rule added.
    await page.getByRole('button', { name: '新建连接' }).click();
    const panel = page.getByRole('tabpanel');
    for (const kind of SESSION_KINDS) {
      await panel.getByLabel('类型').selectOption(kind);
      await expect.poll(() => panel.getByLabel('类型').inputValue()).toBe(kind);
      const closed = panel.locator('details:not([open]) > summary');
      // Open every section until none is closed (the form may still be re-rendering for the kind).
      await expect
        .poll(async () => {
          const n = await closed.count();
          if (n > 0) await closed.first().click();
          return n;
        })
        .toBe(0);
      const addRule = panel.getByRole('button', { name: '添加规则' });
      if ((await addRule.count()) > 0) await addRule.click();
      await look(kind);
    }

    // A TCP server with a client: Clients, the traffic, an entry's detail, Find and Save log.
    await panel.getByLabel('类型').selectOption('tcp-server');
    await panel.getByLabel('本地地址').fill('127.0.0.1');
    await panel.getByRole('button', { name: '监听' }).click();
    const status = panel.getByRole('status', { name: '连接状态' });
    await expect.poll(() => status.textContent()).toMatch(/正在 127\.0\.0\.1:(\d+) 上监听/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    client = await connectClient(port);
    client.write('12345\n');
    const traffic = panel.getByRole('region', { name: '流量' });
    await expect.poll(() => traffic.getByRole('row').count()).toBeGreaterThan(1);
    await traffic.getByRole('row').nth(1).click();
    await panel.getByRole('region', { name: '条目详情' }).waitFor();
    await traffic.getByRole('button', { name: '查找' }).click();
    await traffic.getByRole('button', { name: '保存日志…' }).click();
    await look('tcp-server with a client');

    // An error from main: a client where nothing listens.
    await page.getByRole('button', { name: '新建连接' }).click();
    await panel.getByLabel('类型').selectOption('tcp-client');
    await panel.getByLabel('主机', { exact: true }).fill('127.0.0.1');
    await panel.getByLabel('端口', { exact: true }).fill('1');
    await panel.getByRole('button', { name: '连接' }).click();
    await expect.poll(() => panel.getByRole('status', { name: '连接状态' }).textContent()).toContain('ECONNREFUSED');
    expect(await panel.getByRole('status', { name: '连接状态' }).textContent()).toContain('连接被 127.0.0.1:1 拒绝');
    await look('a refused connection');

    // The Library with a sequence of every step, and Settings.
    await page.getByRole('button', { name: '报文库' }).click();
    await page.getByRole('button', { name: '新建序列' }).click();
    const ask = page.getByRole('group', { name: '新建序列' });
    await ask.getByLabel('名称').fill('序列一');
    await ask.getByRole('button', { name: '保存' }).click();
    const editor = page.getByRole('group', { name: '序列' });
    for (const step of ['expect', 'wait', 'repeat', 'disconnect', 'reconnect']) {
      await editor.getByRole('button', { name: '添加步骤' }).click();
      await editor.getByRole('listitem').last().getByLabel('步骤').selectOption(step);
    }
    await page.getByRole('button', { name: '设置' }).click();
    await look('the Library and Settings');

    expect(missing).toEqual([]);
  });
});
