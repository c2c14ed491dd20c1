import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

/** `YYYY-MM-DD` in Rome, `days` from today. */
function romeDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

async function logout(page: Page) {
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);
}

/** Ticks a box unless it is ticked already (bootstrap-italia draws the box on the label). */
async function tick(page: Page, name: string) {
  const box = page.getByRole('checkbox', { name, exact: true });
  if (!(await box.isChecked())) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  await expect(box).toBeChecked();
}

async function step(page: Page, state: string, fill?: () => Promise<void>) {
  await page.getByLabel('Nuova fase').selectOption({ label: state });
  await page.getByLabel('Data', { exact: true }).first().fill(romeDay());
  if (fill) await fill();
  await page.getByRole('button', { name: 'Registra il passo' }).click();
  await expect(page.getByTestId('project-state')).toHaveText(state);
}

test('a SAPE officer adds a call; a Comune finds it "per te", follows it, builds a project with two partners, is funded, reports expenditures and claims them', async ({ page }) => {
  // the PDF/A of the claim statement goes through LibreOffice: slow on a busy machine
  test.setTimeout(180_000);
  const code = `PR-FESR-VEN-E2E-${Date.now()}`;
  const title = `Efficientamento energetico delle scuole ${code.slice(-6)}`;

  // the SAPE officer of Padova publishes the call
  await login(page, demo('sape'));
  await page.goto('/fondi-ue');
  await expect(page.getByRole('heading', { name: 'Fondi europei: bandi' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nuovo bando' }).click();
  await expect(page.getByRole('heading', { name: 'Nuovo bando' })).toBeVisible();
  await page.getByLabel('Codice del bando').fill(code);
  await page.getByLabel('Programma dal catalogo').selectOption({ label: 'PR FESR Veneto 2021-2027' });
  await expect(page.getByLabel('Programma', { exact: true })).toHaveValue('PR FESR Veneto 2021-2027');
  await page.getByLabel('Titolo').fill(title);
  await page.getByLabel('Data di apertura').fill(romeDay(-1));
  await page.getByLabel('Data di scadenza').fill(romeDay(20));
  await page.getByLabel('Dotazione in euro').fill('5000000');
  await page.getByLabel('Tasso di cofinanziamento (%)').fill('80');
  await tick(page, 'Energia');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Pubblica il bando' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText('80.00%')).toBeVisible();
  await expectAccessible(page);
  // the SAPE officer's view of the territory of Padova
  await page.getByRole('link', { name: 'Territorio' }).click();
  await expect(page.getByRole('heading', { name: 'Territorio e ufficio SAPE' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Comuni della Provincia' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sostenibilità dell’ufficio SAPE' })).toBeVisible();
  await expectAccessible(page);
  // the services the office publishes for its Comuni, with their kind and adhesion convention
  await page.getByRole('link', { name: 'Servizi SAPE' }).click();
  await expect(page.getByRole('table', { name: 'Servizi dell’ufficio SAPE (anche in bozza)' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Scrittura della proposta' })).toBeVisible();
  await expectAccessible(page);
  await logout(page);

  // Abano Terme reads what its Province's SAPE offers, declares its interest in energy and sees the call under "per te"
  await login(page, demo('rup'));
  await page.goto('/fondi-ue/servizi');
  await expect(page.getByRole('heading', { name: "Servizi dell'ufficio SAPE" })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Rendicontazione' })).toBeVisible();
  await expectAccessible(page);
  // "Richiedi" opens the assistance request form with the SAPE service and its category chosen
  await page.getByRole('link', { name: 'Richiedi: Rendicontazione' }).click();
  await expect(page.getByRole('heading', { name: 'Nuova richiesta di assistenza' })).toBeVisible();
  await expect(page.getByLabel('Categoria').locator('option:checked')).toHaveText('Rendicontazione');
  await expect(page.getByLabel('Oggetto')).toHaveValue('Rendicontazione');
  await page.goto('/fondi-ue/per-te');
  await expect(page.getByRole('heading', { name: 'Bandi per te' })).toBeVisible();
  await tick(page, 'Energia');
  await page.getByRole('button', { name: 'Salva i temi' }).click();
  await expect(page.getByText('Temi salvati.')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: 'Segui il bando' }).click();
  await expect(page.getByRole('button', { name: 'Smetti di seguire' })).toBeVisible();
  await expectAccessible(page);

  // a project with two partner Comuni, budget and co-financing that match
  await page.getByRole('link', { name: 'Crea un progetto per questo bando' }).click();
  await expect(page.getByRole('heading', { name: 'Nuovo progetto' })).toBeVisible();
  await page.getByLabel('Titolo del progetto').fill('Scuole a energia quasi zero');
  for (const partner of ['Albignasego', 'Adria']) {
    await page.getByLabel('Cerca un Comune partner').fill(partner);
    await page.getByRole('button', { name: `Aggiungi ${partner}`, exact: true }).click();
    await expect(page.getByRole('button', { name: `Togli ${partner}` })).toBeVisible();
  }
  await page.locator('#budget-0-amount').fill('100000');
  await page.locator('#cofin-0-amount').fill('80000');
  await page.getByRole('button', { name: 'Aggiungi una fonte' }).click();
  await page.locator('#cofin-1-amount').fill('20000');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Crea il progetto' }).click();
  await expect(page.getByRole('heading', { name: 'Scuole a energia quasi zero' })).toBeVisible();
  await expect(page.getByText('Adria, Albignasego')).toBeVisible();
  await expectAccessible(page);

  // through the life-cycle: application, ranking, funding decree, CUP
  await step(page, 'Candidatura presentata');
  await step(page, 'Ammissibilità / graduatoria');
  await step(page, 'Finanziato (decreto)', async () => {
    await page.getByLabel('Decreto di finanziamento').fill('DDR 45/2026');
    await page.getByLabel('Importo concesso').fill('80000');
  });
  await step(page, 'CUP assegnato', async () => {
    await page.getByLabel('CUP', { exact: true }).fill('J51B26000010006');
  });
  await expectAccessible(page);

  // expenditures and the payment claim
  await page.getByLabel('Giustificativo').fill('Fattura 12/2026 Impianti Srl');
  await page.locator('#exp-amount').fill('30000.10');
  await page.getByLabel('Pagata il').fill(romeDay());
  await page.getByRole('button', { name: 'Registra la spesa' }).click();
  await expect(page.getByRole('rowheader', { name: 'Fattura 12/2026 Impianti Srl' })).toBeVisible();
  await expect(page.getByTestId('total-eligible')).toContainText('30.000,10');
  await page.getByRole('button', { name: 'Presenta la domanda di rimborso' }).click();
  await expect(page.getByRole('rowheader', { name: 'Domanda n. 1' })).toBeVisible();
  await expect(page.getByTestId('total-claimed')).toContainText('30.000,10');
  await expect(page.getByTestId('total-remaining')).toContainText('69.999,90');
  await expect(page.getByRole('link', { name: 'Scarica il rendiconto della domanda n. 1 (CSV)' })).toBeVisible();
  await expectAccessible(page);
  // the statement filed as a PDF/A document of the project
  await page.getByRole('button', { name: 'Genera il rendiconto PDF/A della domanda n. 1' }).click();
  const pdf = page.getByRole('link', { name: /Scarica il rendiconto della domanda n\. 1 \((PDF\/A|DOCX)\)/ });
  await expect(pdf).toBeVisible({ timeout: 120_000 });
  const download = await page.request.get(String(await pdf.getAttribute('href')));
  expect(download.status()).toBe(200);
  await expectAccessible(page);
});
