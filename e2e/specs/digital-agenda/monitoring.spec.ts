import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test('the centre publishes a service and reads its dashboard; a Comune fills its self-assessment in part and asks for the service', async ({ page }) => {
  test.setTimeout(240_000);
  // Padova's SIT operator adds a service to the centre's catalogue
  await login(page, demo('sit'));
  await page.goto('/agenda-digitale/centri/028');
  await expect(page.getByRole('heading', { level: 1, name: 'Centro di competenza – Provincia di Padova' })).toBeVisible();
  await page.getByLabel('Nome (italiano)').fill('Supporto pagoPA');
  await page.getByLabel('Nome (inglese)').fill('pagoPA support');
  await page.getByLabel('Livello di servizio').fill('Presa in carico entro 2 giorni lavorativi');
  await page.getByLabel('Categoria di richiesta SIT').selectOption({ label: 'PagoPA e app IO' });
  await page.getByLabel('Indicatori collegati').fill('PAY-01, PAY-06');
  await page.getByRole('button', { name: 'Aggiungi il servizio' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Servizio aggiunto al catalogo.' })).toBeVisible();
  const catalogue = page.getByRole('table', { name: 'Servizi digitali per i Comuni – Provincia di Padova' });
  await expect(catalogue).toContainText('Supporto pagoPA');
  await expect(catalogue).toContainText('Convenzione');
  await expectAccessible(page);

  // … opens the centre's dashboard: the Comuni it serves with indicators and requests
  await page.getByRole('link', { name: 'Cruscotto del centro' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto del centro di competenza – Provincia di Padova' })).toBeVisible();
  const dashboard = page.getByRole('table', { name: /Comuni serviti, 2026/ });
  await expect(dashboard.getByRole('rowheader', { name: 'Abano Terme' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Comuni in ritardo' })).toBeVisible();
  await expectAccessible(page);

  // … and the Province's progress over time: chart, data table, targets
  await page.getByRole('link', { name: 'Andamento della Provincia' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Monitoraggio' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Andamento: Provincia di Padova' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Indicatori con obiettivo – Provincia di Padova/ })).toBeVisible();
  await expectAccessible(page);
  // a Comune chosen by its name
  await page.getByLabel('Livello').selectOption('comune');
  await page.getByLabel('Territorio (nome o codice ISTAT)').fill('Abano Terme');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page.getByRole('heading', { name: 'Andamento: Abano Terme' })).toBeVisible();
  await expect(page).toHaveURL(/code=028001/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);

  // Abano Terme changes one answer of its (pre-filled) self-assessment and saves only that one
  await login(page, demo('rup'));
  await page.goto('/agenda-digitale/comuni/028001/autovalutazione?period=2026');
  await expect(page.getByRole('heading', { level: 1, name: 'Autovalutazione 2026 – Abano Terme' })).toBeVisible();
  const legend = (await page.locator('fieldset:has(input[value="1"]:checked) legend').first().innerText()).trim();
  const answered = page.getByRole('group', { name: legend });
  // the styled radio's label takes the click, as it does for a person
  await answered.locator('label', { hasText: /^No$/ }).click();
  await expect(answered.getByLabel('No', { exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Salva le risposte' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Salvata 1 risposta' })).toBeVisible();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByRole('group', { name: legend }).getByLabel('No', { exact: true })).toBeChecked();

  // … and asks its Province's centre for the new service: the request form opens pre-filled
  await page.goto('/agenda-digitale/centri/028');
  await page.getByRole('link', { name: 'Richiedi Supporto pagoPA' }).click();
  await expect(page.getByLabel('Oggetto')).toHaveValue('Supporto pagoPA');
  await expect(page.getByLabel('Categoria')).toHaveValue(/.+/);
  await expect(page.getByLabel('Categoria').locator('option:checked')).toHaveText('PagoPA e app IO');
  await expectAccessible(page);
});
