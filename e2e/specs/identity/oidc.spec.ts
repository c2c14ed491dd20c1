import { expect, test } from '@playwright/test';
import { demo, expectAccessible } from '../../fixtures.js';

test('a person logs in through the OpenID Connect provider (the SPID/CIE gateway path)', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Accedi con SPID/CIE' }).click();
  // the identity provider's own pages
  await page.locator('input[name="login"]').fill(demo('sit'));
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click(); // consent
  await expect(page.getByRole('button', { name: 'Esci' })).toBeVisible();
  await expect(page.getByText('Operatore SIT Padova (demo)').first()).toBeVisible();
  await expectAccessible(page);
});

test('an identity without an account on the platform is refused', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Accedi con SPID/CIE' }).click();
  await page.locator('input[name="login"]').fill('sconosciuto@example.it');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\?error=oidc_not_provisioned/);
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);
});
