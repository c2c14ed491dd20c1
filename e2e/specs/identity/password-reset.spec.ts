import { expect, test } from '@playwright/test';
import { demo, expectAccessible, lastMailTo, login } from '../../fixtures.js';

test('a person who forgot the password resets it through the link received by e-mail', async ({ page }) => {
  const email = demo('formatore');
  await page.goto('/login');
  await page.getByRole('link', { name: 'Password dimenticata?' }).click();
  await expectAccessible(page);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByRole('button', { name: 'Invia link' }).click();
  await expect(page.getByText(/Se l'indirizzo è registrato/)).toBeVisible();

  const body = await lastMailTo(email);
  const link = /http:\/\/\S+\/password\/reset\?token=[\w-]+/.exec(body)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await expectAccessible(page);
  await page.getByLabel('Nuova password').fill('Formatore-nuova-2026');
  await page.getByLabel('Conferma password').fill('Formatore-nuova-2026');
  await page.getByRole('button', { name: 'Reimposta password' }).click();
  await expect(page.getByRole('link', { name: /accedi/i }).first()).toBeVisible();

  await login(page, email, 'Formatore-nuova-2026');
  await page.getByRole('button', { name: 'Esci' }).click();
  await page.goto(link!);
  await page.getByLabel('Nuova password').fill('Ancora-altra-2026');
  await page.getByLabel('Conferma password').fill('Ancora-altra-2026');
  await page.getByRole('button', { name: 'Reimposta password' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
});
