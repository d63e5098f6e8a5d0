// Serves a file to a page through page.route with HTTP Range support (206 + Content-Range), like
// the media server or studio storage does, and records the ranges asked for.
import type { Page, Route } from '@playwright/test';

/** Serves `bytes` at URLs matching `pattern`; returns the Range headers requested (live list). */
export async function serveWithRanges(
  page: Page,
  pattern: string,
  bytes: Buffer,
  contentType = 'video/webm',
): Promise<string[]> {
  const ranges: string[] = [];
  await page.route(pattern, async (route: Route) => {
    const request = route.request();
    const range = request.headers()['range'];
    const headers = { 'Accept-Ranges': 'bytes', 'Content-Type': contentType };
    if (request.method() === 'HEAD') {
      await route.fulfill({
        status: 200,
        headers: { ...headers, 'Content-Length': `${bytes.length}` },
      });
      return;
    }
    const match = /bytes=(\d+)-(\d*)/.exec(range ?? '');
    if (!match) {
      await route.fulfill({ status: 200, headers, body: bytes });
      return;
    }
    ranges.push(range ?? '');
    const start = Number(match[1]);
    const end = match[2] ? Math.min(Number(match[2]), bytes.length - 1) : bytes.length - 1;
    await route.fulfill({
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${bytes.length}` },
      body: bytes.subarray(start, end + 1),
    });
  });
  return ranges;
}
