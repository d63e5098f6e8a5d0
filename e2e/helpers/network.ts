// Collaboration e2e helpers: a "person" (own browser context) opening the player, creating and
// joining rooms through the network panel, and reading the page's sync state.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { sampleFrame } from './frameStrip';

export interface Person {
  context: BrowserContext;
  page: Page;
}

export interface OpenOptions {
  /** Display name remembered in localStorage before the page loads. */
  name?: string;
  /** Path and query to open (default '/'). */
  path?: string;
  /** window.REELSYNC_CONFIG for the page (e.g. a short reconnect schedule). */
  config?: Record<string, unknown>;
  /** Wait until the first frame is on the canvas (default true). */
  waitForFrame?: boolean;
}

/** A new person: own context (own storage, like another machine) and page at `baseURL`. */
export async function openPerson(
  browser: Browser,
  baseURL: string,
  options: OpenOptions = {},
): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript(
    ({ name, config }) => {
      if (name && !localStorage.getItem('reelsync.displayName'))
        localStorage.setItem('reelsync.displayName', name);
      if (config) (window as { REELSYNC_CONFIG?: unknown }).REELSYNC_CONFIG = config;
    },
    { name: options.name ?? null, config: options.config ?? null },
  );
  const page = await context.newPage();
  await page.goto(options.path ?? '/');
  if (options.waitForFrame !== false)
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
  return { context, page };
}

export const byId = (page: Page, id: string) => page.getByTestId(id);

/** Presses a shortcut with nothing focused (a focused button would take Space, a field the letters). */
export async function pressKey(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

/**
 * Runs `(r) => …` (source text) against the page's window.reelsync and returns its result.
 * The source goes to Playwright as an expression (evaluated over the DevTools protocol), not
 * through the page's eval, which the player's Content-Security-Policy forbids.
 */
export const api = <T>(page: Page, source: string): Promise<T> =>
  page.evaluate(`(() => {
    const reelsync = window.reelsync;
    if (!reelsync) throw new Error('window.reelsync is missing');
    return (${source})(reelsync);
  })()`) as Promise<T>;

export async function openPanel(page: Page): Promise<void> {
  if (!(await byId(page, 'network-panel').isVisible())) await byId(page, 'network-button').click();
  await expect(byId(page, 'network-panel')).toBeVisible();
}

/**
 * Turns sync categories on or off on each page through the panel's checkboxes (in/out, loop
 * and channel are off by default, so tests that need them to follow turn them on).
 */
export async function followCategories(
  pages: readonly Page[],
  categories: Partial<Record<string, boolean>>,
): Promise<void> {
  for (const page of pages) {
    await openPanel(page);
    for (const [key, on] of Object.entries(categories)) {
      const box = byId(page, `network-sync-${key}`);
      if (on) await box.check();
      else await box.uncheck();
    }
  }
}

/** Closes the network panel (docked beside the picture, it takes room from it). */
export async function closePanel(page: Page): Promise<void> {
  if (await byId(page, 'network-panel').isVisible()) await byId(page, 'network-button').click();
  await expect(byId(page, 'network-panel')).toBeHidden();
}

/** Creates a room through the panel; returns its code. */
export async function createRoom(page: Page, options: { pin?: string } = {}): Promise<string> {
  await openPanel(page);
  if (options.pin) await byId(page, 'network-pin-input').fill(options.pin);
  await byId(page, 'network-create-room-button').click();
  const display = byId(page, 'network-room-code-display');
  await expect(display).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return (await display.textContent()) ?? '';
}

/** Joins `code` through the panel and waits until connected. */
export async function joinRoom(page: Page, code: string, pin?: string): Promise<void> {
  await openPanel(page);
  await byId(page, 'network-room-code-input').fill(code);
  if (pin) await byId(page, 'network-pin-input').fill(pin);
  await byId(page, 'network-join-room-button').click();
  await expect(byId(page, 'network-room-code-display')).toHaveText(code);
  await expect(byId(page, 'network-button')).toHaveAttribute('data-state', 'connected');
}

/** Host creates, guests join; waits until everybody sees everybody. */
export async function room(host: Page, ...guests: Page[]): Promise<string> {
  const code = await createRoom(host);
  for (const guest of guests) await joinRoom(guest, code);
  for (const page of [host, ...guests])
    await expect.poll(() => usersCount(page)).toBe(guests.length + 1);
  return code;
}

export const usersCount = (page: Page) =>
  page.evaluate(() => window.reelsync?.network.users.length ?? 0);

export const selfId = (page: Page) => page.evaluate(() => window.reelsync?.network.userId ?? null);

export const playback = (page: Page) =>
  page.evaluate(() => {
    const s = window.reelsync?.session;
    if (!s) throw new Error('window.reelsync is missing');
    return {
      frame: s.currentFrame,
      playing: s.isPlaying,
      speed: s.speed,
      direction: s.direction,
      loopMode: s.loopMode,
      inPoint: s.inPoint,
      outPoint: s.outPoint,
    };
  });

export const viewState = (page: Page) =>
  page.evaluate(() => {
    const v = window.reelsync?.viewer;
    if (!v) throw new Error('window.reelsync is missing');
    return { zoom: v.zoom, pan: v.pan, channel: v.channel };
  });

/** The frame decoded from the page's canvas pixels (null when the strip did not read). */
export const shownFrame = async (page: Page) => (await sampleFrame(page)).decoded;

/** Texts of the toasts on screen. */
export const toastTexts = (page: Page) => page.getByTestId('toast-message').allTextContents();

/**
 * Starts remembering every toast text the page shows, so a check does not race a toast's own
 * timeout on a slow machine; read them with `seenToasts`.
 */
export const recordToasts = (page: Page) =>
  page.evaluate(() => {
    const seen: string[] = [];
    (window as { __seenToasts?: string[] }).__seenToasts = seen;
    const collect = () => {
      for (const node of document.querySelectorAll('[data-testid="toast-message"]')) {
        const text = node.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(collect).observe(document.body, { childList: true, subtree: true });
    collect();
  });

export const seenToasts = (page: Page) =>
  page.evaluate(() => (window as { __seenToasts?: string[] }).__seenToasts ?? []);

export async function closeAll(...people: Person[]): Promise<void> {
  await Promise.all(people.map((person) => person.context.close()));
}
