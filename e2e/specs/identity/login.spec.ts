import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test.describe('login and logout', () => {
  test('a person logs in with e-mail and password, sees their ente, and logs out', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
    await login(page, demo('rup'));
    await expect(page.getByText('RUP Comune di Abano Terme (demo)').first()).toBeVisible();
    await expect(page.getByText(/Abano Terme/).first()).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Esci' }).click();
    await expect(page.getByRole('link', { name: 'Accedi' }).first()).toBeVisible();
    const me = await page.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(401);
  });

  test('a wrong password shows a translated error and does not log in', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Indirizzo e-mail').fill(demo('rup'));
    await page.getByLabel('Password', { exact: true }).fill('password-sbagliata');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect(page.getByText('E-mail o password non corretti').first()).toBeVisible();
    await expectAccessible(page);
    await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);
  });

  test('empty fields are reported next to the inputs', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect(page.getByLabel('Indirizzo e-mail')).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
  });
});
