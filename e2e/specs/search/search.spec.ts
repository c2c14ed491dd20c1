import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

async function openPadovaProtocol(page: Page) {
  await page.goto('/rete/protocolli');
  await page.getByRole('link', { name: 'Provincia di Padova' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Commenti' })).toBeVisible();
}

test('a Province writes a comment with Markdown and a mention on its protocol, edits it, and sees it marked as edited', async ({ page }) => {
  await login(page, demo('admin.provincia'));
  await openPadovaProtocol(page);
  const box = page.getByRole('combobox', { name: 'Scrivi un commento' });
  await box.fill('Serve la **delibera** di giunta, ');
  await box.pressSequentially('@Operatore SU');
  const option = page.getByRole('option', { name: 'Operatore SUA Padova (demo)' });
  await expect(option).toBeVisible();
  await expectAccessible(page);
  await option.click();
  await expect(box).toHaveValue('Serve la **delibera** di giunta, @Operatore SUA Padova (demo) ');
  await page.getByRole('button', { name: 'Anteprima' }).click();
  await expect(page.locator('strong', { hasText: 'delibera' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Scrivi' }).click();
  await page.getByRole('button', { name: 'Pubblica il commento' }).click();
  const comment = page.locator('.pc-comment').filter({ hasText: 'di giunta' }).last();
  await expect(comment.locator('strong', { hasText: 'delibera' })).toBeVisible();
  await expect(page.getByText('Segui questa discussione')).toBeVisible();
  await expectAccessible(page);

  await comment.getByRole('button', { name: /^Modifica/ }).click();
  const edit = comment.getByRole('combobox', { name: 'Modifica il commento' });
  await edit.fill('Serve la *delibera* di giunta entro venerdì');
  await comment.getByRole('button', { name: 'Salva' }).click();
  const edited = page.locator('.pc-comment').filter({ hasText: 'entro venerdì' });
  await expect(edited.getByText('modificato')).toBeVisible();
  await edited.getByText('Versioni precedenti').click();
  await expect(edited.locator('details strong', { hasText: 'delibera' })).toBeVisible();
  await expectAccessible(page);
});

test('the search box finds the ente and a comment written on a protocol, grouped by kind', async ({ page }) => {
  await login(page, demo('admin.provincia'));
  await openPadovaProtocol(page);
  await page.getByRole('combobox', { name: 'Scrivi un commento' }).fill('Il cronoprogramma della centrale di committenza è approvato');
  await page.getByRole('button', { name: 'Pubblica il commento' }).click();
  await expect(page.locator('.pc-comment').filter({ hasText: 'cronoprogramma' }).first()).toBeVisible();

  const box = page.getByRole('search', { name: 'Cerca nel portale' });
  await box.getByLabel('Cerca nel portale').fill('padova');
  await box.getByRole('button', { name: 'Cerca' }).click();
  await expect(page).toHaveURL(/\/cerca\?q=padova/);
  await expect(page.getByRole('heading', { level: 2, name: /^Enti \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Provincia di Padova', exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Cosa cerchi?').fill('cronoprogrammi committenza');
  await page.getByRole('main').getByRole('button', { name: 'Cerca' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Commenti \(\d+\)$/ })).toBeVisible();
  const hit = page.getByRole('link', { name: "Protocollo d'intesa — Provincia di Padova" }).first();
  await expect(hit).toBeVisible();
  await expect(page.locator('mark', { hasText: 'cronoprogramma' }).first()).toBeVisible();
  await expectAccessible(page);
  await hit.click();
  await expect(page.getByRole('heading', { level: 2, name: 'Commenti' })).toBeVisible();
});
