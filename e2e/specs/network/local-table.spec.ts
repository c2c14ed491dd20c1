import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test('the Padova Province administrator applies to an open local table, and the UPI administrator accepts', async ({
  page,
}) => {
  await login(page, demo('admin.provincia'));
  await page.goto('/rete/tavoli');
  await expect(page.getByRole('heading', { level: 1, name: 'Tavoli locali' })).toBeVisible();
  await expectAccessible(page);
  const open = page.getByRole('row').filter({ hasText: 'Aperto' }).first().getByRole('link');
  const title = await open.innerText();
  await open.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByLabel('Motivazione')
    .fill('La Provincia coordina già la SUA per dieci Comuni e vuole confrontarsi sulla qualificazione.');
  await page.getByRole('button', { name: 'Invia candidatura' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Candidatura della Provincia di Padova inviata.' }),
  ).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Provincia di Padova' }) });
  await expect(row).toContainText('Presentata');
  await expect(page.getByRole('button', { name: 'Invia candidatura' })).toHaveCount(0);
  await expectAccessible(page);
  const tableUrl = page.url();

  await page.getByRole('button', { name: 'Esci' }).click();
  await login(page, demo('admin.upi'));
  await page.goto(tableUrl);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Accetta candidatura della Provincia di Padova' }).click();
  await expect(
    page.getByRole('heading', { level: 3, name: /Accettare la candidatura della Provincia di Padova/ }),
  ).toBeFocused();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Conferma accettazione' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Candidatura della Provincia di Padova: Accettata.' }),
  ).toBeVisible();
  await expect(
    page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Provincia di Padova' }) }),
  ).toContainText('Accettata');
  const participants = page.getByRole('region', { name: 'Partecipanti' });
  await expect(participants.getByRole('link', { name: 'Provincia di Padova' })).toBeVisible();
  await expectAccessible(page);
});
