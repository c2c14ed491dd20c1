import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

const csv = (rows: string[]) => ({ name: 'valori-padova.csv', mimeType: 'text/csv', buffer: Buffer.from(['codice_istat;indicatore;anno;valore;data_rilevazione', ...rows].join('\n')) });

test('an operator imports a CSV, reads the report and publishes; a Comune opens its profile and its Province’s benchmark', async ({ page }) => {
  test.setTimeout(180_000);
  // the public catalogue and methodology
  await page.goto('/agenda-digitale');
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda digitale territoriale' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Metodologia' })).toBeVisible();
  await expectAccessible(page);

  // Padova's competence centre loads a file with an error: nothing is imported, the report says where
  await login(page, demo('sit'));
  await page.goto('/agenda-digitale/importa');
  await expect(page.getByRole('heading', { level: 1, name: 'Importa dati' })).toBeVisible();
  await page.getByLabel('File', { exact: true }).setInputFiles(csv(['028001;SRV-02;2026;172;2026-05-10']));
  await page.getByRole('button', { name: 'Verifica il file' }).click();
  await expect(page.getByRole('alert')).toContainText('non è stato importato nulla');
  await expect(page.getByRole('table', { name: 'Errori per riga' })).toContainText('Valore fuori intervallo');
  await expectAccessible(page);

  // a good file: report, then publication
  await page.getByLabel('File', { exact: true }).setInputFiles(csv(['028001;SRV-02;2026;97,5;2026-05-10', '028003;SRV-02;2026;12;2026-05-10']));
  await page.getByRole('button', { name: 'Verifica il file' }).click();
  await expect(page.getByRole('region', { name: 'Rapporto di verifica' })).toContainText('Righe: 2; valide: 2; errori: 0');
  await page.getByRole('button', { name: 'Pubblica 2 valori' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Valori pubblicati' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);

  // the Comune of Abano Terme opens its profile: the published value is there, with its standing
  await login(page, demo('rup'));
  await page.goto('/agenda-digitale/comuni/028001?period=2026');
  await expect(page.getByRole('heading', { level: 1, name: 'Profilo digitale di Abano Terme' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'SRV-02', exact: true }) });
  await expect(row).toContainText('97,5%');
  await expect(page.getByText('Dati del grafico in tabella').first()).toBeVisible();
  await expect(page.locator('[data-testid="percentiles-chart"] svg')).toBeVisible();
  await expectAccessible(page);

  // … and its Province's benchmark, Padova highlighted among Provinces and Città metropolitane
  await page.getByRole('link', { name: 'Provincia di Padova' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Confronto tra territori' })).toBeVisible();
  const table = page.getByRole('table', { name: /aggregati calcolati dai Comuni/ });
  await expect(table.locator('tr[aria-current="true"]')).toContainText('Provincia di Padova');
  await expect(table).toContainText('Città metropolitana');
  await expect(page.locator('[data-testid="benchmark-chart"] svg')).toBeVisible();
  // the analysis of the territory: region map, box plots by population class in the Province, ranking of its
  // Comuni and the heat map areas × Provinces, each with its table
  await expect(page.getByRole('img', { name: /per Regione/ })).toBeVisible();
  await expect(page.getByText(/licenza CC BY 4.0/)).toBeVisible();
  await expect(page.locator('[data-testid="da-boxplot-figure-chart"] svg')).toBeVisible();
  await expect(page.getByRole('table', { name: /per classe di popolazione \(Provincia di Padova\)/, includeHidden: true })).toBeAttached();
  await expect(page.getByRole('table', { name: /Comuni di Provincia di Padova ordinati nella propria classe/ })).toBeVisible();
  await expect(page.locator('[data-testid="da-heatmap-figure-chart"] svg')).toBeVisible();
  await expect(page.getByRole('table', { name: /Punteggio medio per area/, includeHidden: true }).locator('tr[aria-current="true"]')).toContainText('Provincia di Padova');
  await expectAccessible(page);
});
