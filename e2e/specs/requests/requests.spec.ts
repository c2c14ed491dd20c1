import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

async function switchUser(page: Page, local: string) {
  await page.context().clearCookies();
  await login(page, demo(local));
}

test('a Comune asks the SIT of its Province for help; the operator takes it in charge with its SLA, answers and resolves it; the Comune is notified and closes it with a rating', async ({
  page,
}) => {
  const subject = `Attivazione pagoPA per la mensa scolastica (${Date.now()})`;

  // the RUP of Abano Terme opens a SIT request
  await login(page, demo('rup'));
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Assistenza' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assistenza' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nuova richiesta' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nuova richiesta di assistenza' })).toBeVisible();
  await page.getByLabel('Servizio').selectOption('sit');
  await page.getByLabel('Categoria').selectOption({ label: 'PagoPA e app IO' });
  await expect(page.getByText('Prima risposta entro 8 ore lavorative, risoluzione entro 10 giorni lavorativi')).toBeVisible();
  await page.getByLabel('Oggetto').fill(subject);
  await page.getByLabel('Descrizione').fill('Chiediamo supporto per attivare gli avvisi pagoPA della mensa scolastica e i messaggi su app IO.');
  await page.getByLabel('Priorità').selectOption('high');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Invia la richiesta' }).click();

  const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^SIT-PD-\\d{4}-\\d{5} — ${subject.replace(/[()]/g, '\\$&')}$`) });
  await expect(heading).toBeVisible();
  const number = (await heading.textContent())!.split(' — ')[0]!;
  const url = page.url();
  const sla = page.getByRole('region', { name: 'Livelli di servizio' });
  await expect(sla.getByText('Prima risposta', { exact: true })).toBeVisible();
  await expect(sla.locator('[data-sla]').first()).toHaveText(/Nei tempi|In scadenza/);
  await expect(page.getByRole('region', { name: 'Conversazione' })).toBeVisible();
  await expectAccessible(page);

  // the SIT operator of Padova sees it in the dashboard and in the queue, with its SLA
  await switchUser(page, 'sit');
  await page.goto('/assistenza/cruscotto');
  await expect(page.getByRole('heading', { level: 1, name: "Cruscotto dell'operatore" })).toBeVisible();
  await expect(page.locator('[data-counter="unassigned"] .pc-req-counter-value')).not.toHaveText('0');
  await expectAccessible(page);
  await page.goto('/assistenza?view=queue');
  const table = page.getByRole('table', { name: 'Richieste in coda ai servizi che opero' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: number }) });
  await expect(row).toContainText(subject);
  await expect(row.locator('[data-sla]')).toHaveText(/Nei tempi|In scadenza/);
  await expectAccessible(page);
  await row.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${number} — ${subject}` })).toBeVisible();
  await page.getByLabel('Operatore').selectOption({ label: 'Operatore SIT Padova (demo)' });
  await page.getByRole('button', { name: 'Assegna' }).click();
  await expect(page.getByTestId('request-assignee')).toHaveText('Operatore SIT Padova (demo)');
  await page.getByRole('button', { name: 'Avvia la lavorazione' }).click();
  await page.locator('#request-action-panel').getByRole('button', { name: 'Avvia la lavorazione' }).click();
  await expect(page.getByRole('button', { name: 'Segna come risolta' })).toBeVisible();
  // the operator answers in the request's conversation
  const conversation = page.getByRole('region', { name: 'Conversazione' });
  await conversation.getByRole('combobox', { name: 'Scrivi un commento' }).fill('Buongiorno, attiviamo gli avvisi: ci servono i **codici IPA** dei servizi.');
  await conversation.getByRole('button', { name: 'Pubblica il commento' }).click();
  await expect(conversation.getByText('codici IPA')).toBeVisible();
  // the answer is the first response: the SLA box shows it met
  await expect(sla.locator('[data-clock="first_response"] [data-sla]')).toHaveText('Rispettata');
  await page.getByRole('button', { name: 'Segna come risolta' }).click();
  await page.getByLabel('Nota (facoltativa)').fill('Servizio attivato: gli avvisi arrivano su app IO.');
  // the pointer leaves the buttons: axe reads colours at rest, not during a hover transition
  await page.mouse.move(0, 0);
  await expectAccessible(page);
  await page.locator('#request-action-panel').getByRole('button', { name: 'Segna come risolta' }).click();
  const details = page.getByRole('region', { name: 'Dati della richiesta' });
  await expect(details.getByText('Risolta', { exact: true })).toBeVisible();
  await expect(sla.locator('[data-clock="first_response"] [data-sla]')).toHaveText('Rispettata');
  await expectAccessible(page);

  // the RUP is told of the answer: the bell counts it and leads to the request
  await switchUser(page, 'rup');
  const bell = page.getByRole('link', { name: /^Notifiche: / });
  await expect(bell).not.toHaveAccessibleName(/nessuna/, { timeout: 15_000 });
  await bell.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifiche' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Nuovo commento di Operatore SIT Padova (demo) su «${number} — ${subject}»` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${number} — ${subject}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Conversazione' }).getByText('codici IPA')).toBeVisible();

  // the RUP closes it with a rating
  await page.goto(url);
  const rating = page.getByRole('region', { name: 'Chiudi e valuta il servizio' });
  await expect(rating).toBeVisible();
  await expectAccessible(page);
  await rating.getByRole('button', { name: 'Chiudi la richiesta' }).click();
  await expect(rating.getByText('Scegli un valore da 1 a 5')).toBeVisible();
  await rating.locator('label[for="rating-4"]').click();
  await expect(rating.getByRole('radio', { name: '4' })).toBeChecked();
  await rating.getByLabel('Commento (facoltativo)').fill('Rapidi e chiari.');
  await rating.getByRole('button', { name: 'Chiudi la richiesta' }).click();
  await expect(details.getByText('Chiusa', { exact: true })).toBeVisible();
  await expect(details.getByText('Valutazione: 4 su 5')).toBeVisible();
  await expectAccessible(page);

  // UPI sees only the aggregated figures
  await switchUser(page, 'admin.upi');
  await page.goto('/assistenza/statistiche');
  const stats = page.getByRole('table', { name: 'Richieste per Provincia e servizio' });
  await expect(stats.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Provincia di Padova' }) }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Catalogo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Catalogo dei servizi' })).toBeVisible();
  await expectAccessible(page);
  const days = page.getByLabel('Risoluzione in giorni lavorativi: Indicatori e monitoraggio');
  await days.fill('12');
  await page.getByRole('button', { name: 'Salva Indicatori e monitoraggio' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Catalogo aggiornato.' })).toBeVisible();
  await expect(page.getByLabel('Risoluzione in giorni lavorativi: Indicatori e monitoraggio')).toHaveValue('12');
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(number) })).toHaveCount(0);
});

test('the SIT operator reads the dashboard in English, with the overdue demo request and its status in words', async ({ page }) => {
  await login(page, demo('sit'));
  await page.goto('/assistenza/cruscotto');
  await expect(page.getByRole('heading', { level: 1, name: "Cruscotto dell'operatore" })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Operator dashboard' })).toBeVisible();
  const overdue = page.getByRole('table', { name: 'Overdue' });
  const row = overdue.getByRole('row').filter({ hasText: 'E-mail di phishing ricevute dagli uffici' });
  await expect(row.locator('[data-sla]')).toHaveText('Overdue');
  await expectAccessible(page);
  await row.getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Service levels' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Conversation' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Italiano' }).click();
});
