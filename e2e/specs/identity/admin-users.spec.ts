import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test('the UPI administrator creates a user and gives them a role on a Comune', async ({ page }) => {
  await login(page, demo('admin.upi'));
  await page.getByRole('link', { name: 'Utenti' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Utenti' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nuovo utente' }).click();
  const email = `giulia.neri.${Date.now()}@comune.example.it`;
  await page.getByLabel('Nome e cognome').fill('Giulia Neri');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password iniziale').fill('Giulia-password-2026');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Crea utente' }).click();
  await expect(page.getByRole('status')).toContainText('Giulia Neri');
  await page.getByRole('link', { name: 'Giulia Neri' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Giulia Neri/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Ente').fill('Albignasego');
  await page.getByLabel('Ruolo').selectOption('comune_user');
  await page.getByRole('button', { name: 'Aggiungi appartenenza' }).click();
  await expect(page.getByText(/Albignasego/).first()).toBeVisible();
  await expect(page.getByText(/Utente comunale/).first()).toBeVisible();

  await page.goto('/admin/audit');
  await expectAccessible(page);
  await expect(page.getByText('membership.create').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Esporta CSV/ })).toBeVisible();

  // logging out from a guarded page lands on the home page
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('link', { name: 'Accedi alla piattaforma' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('Giulia-password-2026');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByText(/Albignasego/).first()).toBeVisible();
});

test('a Comune user does not see the administration', async ({ page }) => {
  await login(page, demo('rup'));
  await expect(page.getByRole('link', { name: 'Utenti' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nuovo utente' })).toHaveCount(0);
  await expectAccessible(page);
});
