import { expect, test } from './fixtures';

test('the server serves the player and /healthz', async ({ page, request }) => {
  const health = await request.get('/healthz');
  expect(health.ok()).toBe(true);
  await page.goto('/');
  await expect(page).toHaveTitle('ReelSync');
});
