import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

const COMUNI = ['Abano Terme', 'Albignasego', 'Cadoneghe'];

/** Ticks a Comune of the checklist (bootstrap-italia draws the box on the label). */
async function chooseComune(page: Page, name: string) {
  await page.getByLabel('Cerca un Comune').fill(name);
  const box = page.getByRole('checkbox', { name, exact: true });
  await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  await expect(box).toBeChecked();
}

test('the Padova Province administrator creates a SUA convention with three of its Comuni, and the territory shows them joined', async ({
  page,
}) => {
  await login(page, demo('admin.provincia'));
  await page.goto('/rete/convenzioni');
  await expect(page.getByRole('heading', { level: 1, name: 'Convenzioni' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Elenco delle convenzioni' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Nuova convenzione' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nuova convenzione' })).toBeVisible();
  const title = `Convenzione SUA con Abano Terme, Albignasego e Cadoneghe (${Date.now()})`;
  await page.getByLabel('Titolo').fill(title);
  await page.locator('label', { hasText: 'SUA – Stazione Unica Appaltante' }).click();
  await expect(page.getByRole('checkbox', { name: 'SUA – Stazione Unica Appaltante' })).toBeChecked();
  await expect(page.getByRole('list', { name: 'Comuni della Provincia' })).toBeVisible();
  for (const name of COMUNI) await chooseComune(page, name);
  await page.getByLabel('Cerca un Comune').fill('');
  await expect(page.getByText(/^3 Comuni selezionati/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Crea convenzione' }).click();

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const parties = page.getByRole('table', { name: '3 enti aderenti' });
  for (const name of COMUNI) await expect(parties.getByRole('rowheader', { name })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Attiva la convenzione' }).click();
  await page.getByRole('button', { name: 'Conferma attivazione' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Stato della convenzione aggiornato: Attiva.' }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Adesioni dei Comuni della Provincia di Padova' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Territorio e adesioni – Provincia di Padova' }),
  ).toBeVisible();
  await page.getByLabel('Servizio', { exact: true }).selectOption('sua');
  await page.getByLabel('Mostra').selectOption('joined');
  const grid = page.getByRole('table', { name: 'Adesione dei Comuni della Provincia di Padova ai servizi' });
  for (const name of COMUNI) {
    const row = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(row.getByRole('cell').last()).toHaveText('Aderisce');
  }
  await expectAccessible(page);
});
