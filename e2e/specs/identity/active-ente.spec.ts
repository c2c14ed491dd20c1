import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test('a person with memberships in two Province switches the active ente in the header', async ({ page }) => {
  await login(page, demo('referente'));
  await expect(page.getByText(/Ente attivo: Provincia di Padova/)).toBeVisible();
  const select = page.getByLabel('Amministrazione attiva');
  await select.selectOption({ label: await select.locator('option', { hasText: 'Provincia di Rovigo' }).innerText() });
  await expect(page.getByText(/Ente attivo: Provincia di Rovigo/)).toBeVisible();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByText(/Ente attivo: Provincia di Rovigo/)).toBeVisible();
});
