import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sezioni della rete' }).getByRole('link', { name, exact: true });

test('the UPI administrator browses every page of the network registry', async ({ page }) => {
  await login(page, demo('admin.upi'));
  await page.goto('/rete');
  await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto della rete' })).toBeVisible();

  await section(page, 'Convenzioni').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Convenzioni' })).toBeVisible();
  await expect(page.getByText(/convenzion[ei] in scadenza entro 60 giorni/)).toBeVisible();
  await page.getByLabel('Provincia', { exact: true }).selectOption({ label: 'Provincia di Padova' });
  await expect(page).toHaveURL(/provincia=028/);
  await expectAccessible(page);
  await page
    .getByRole('link', { name: 'Convenzione per la Stazione Unica Appaltante della Provincia di Padova' })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: /Stazione Unica Appaltante della Provincia di Padova/ }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: /enti aderenti/ })).toBeVisible();
  await expectAccessible(page);

  await section(page, 'Territorio e adesioni').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Territorio e adesioni' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Provincia', { exact: true }).selectOption({ label: 'Provincia di Rovigo' });
  await expect(
    page.getByRole('heading', { level: 1, name: 'Territorio e adesioni – Provincia di Rovigo' }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: /Adesione dei Comuni della Provincia di Rovigo/ })).toBeVisible();
  await expectAccessible(page);

  await section(page, 'Referenti').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referenti' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Province senza referente/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Elenco dei referenti' })).toBeVisible();
  await page.getByRole('button', { name: 'Aggiungi referente' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Nuovo referente' })).toBeFocused();
  await expectAccessible(page);

  await section(page, 'Organi di governo').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organi di governo' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Comitato di Indirizzo Strategico' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comitato di Indirizzo Strategico' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Riunioni' })).toBeVisible();
  await page.getByRole('button', { name: 'Nuova riunione' }).click();
  await expectAccessible(page);

  await section(page, 'Decisioni').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Decisioni degli organi di governo' })).toBeVisible();
  await page.getByLabel("Cerca nel numero, nell'oggetto o nel testo").fill('Protocollo');
  await expect(page.getByRole('rowheader', { name: /Protocollo d'intesa/ }).first()).toBeVisible();
  await expectAccessible(page);

  await section(page, 'Gruppi di lavoro').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gruppi di lavoro' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('table', { name: 'Elenco dei gruppi di lavoro' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Componenti' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Storico delle adesioni' })).toBeVisible();
  await expectAccessible(page);

  await section(page, 'Tavoli locali').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tavoli locali' })).toBeVisible();
  await page.getByRole('button', { name: 'Apri un nuovo tavolo' }).click();
  await expectAccessible(page);

  await page.goto('/enti?type=provincia');
  await page.getByLabel('Cerca per nome').fill('Padova');
  await page.getByRole('link', { name: 'Provincia di Padova' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Provincia di Padova' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'La rete' })).toBeVisible();
  await expect(page.getByRole('link', { name: "Apri il protocollo d'intesa" })).toBeVisible();
  await expectAccessible(page);
});

test('a Province administrator adds, edits and removes a referent of its own Province', async ({ page }) => {
  await login(page, demo('admin.provincia'));
  await page.goto('/rete/referenti');
  await expect(page.getByRole('heading', { level: 1, name: 'Referenti' })).toBeVisible();
  await page.getByRole('button', { name: 'Aggiungi referente' }).click();
  const name = `Giulia Bianchi ${Date.now()}`;
  const form = page.getByRole('region', { name: 'Nuovo referente' });
  await form.getByLabel('Area').selectOption('sit');
  await form.getByLabel('Nome e cognome').fill(name);
  await form.getByLabel('E-mail').fill('non-una-email');
  await form.getByRole('button', { name: 'Aggiungi referente' }).click();
  await expect(form.getByRole('alert')).toContainText('Il modulo contiene errori');
  await expect(form.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await form.getByLabel('E-mail').fill('giulia.bianchi@provincia.padova.it');
  await form.getByLabel('Telefono').fill('049 820 1111');
  await form.getByRole('button', { name: 'Aggiungi referente' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Referente ${name} aggiunto.` })).toBeVisible();

  await page.getByRole('search').getByLabel('Provincia').selectOption({ label: 'Provincia di Padova' });
  await page.getByRole('button', { name: `Modifica ${name}` }).click();
  const edit = page.getByRole('region', { name: `Modifica referente: ${name}` });
  await edit.getByLabel('Ruolo').fill('Responsabile SIT');
  await edit.getByRole('button', { name: 'Salva' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Referente ${name} aggiornato.` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Responsabile SIT');
  await expectAccessible(page);

  await page.getByRole('button', { name: `Elimina ${name}` }).click();
  await page.getByRole('button', { name: 'Elimina definitivamente' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Referente ${name} eliminato.` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
});

test("a Province administrator reads its signed protocol's commitments and reviews a draft convention", async ({
  page,
}) => {
  await login(page, demo('admin.provincia'));
  await page.goto('/rete/protocolli');
  await page.getByRole('link', { name: 'Provincia di Padova' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: "Protocollo d'intesa – Provincia di Padova" }),
  ).toBeVisible();
  // the workflow belongs to UPI, and a signed protocol's commitments are closed
  await expect(page.getByRole('button', { name: 'Segna come firmato' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Impegni' })).toBeVisible();
  await expect(page.getByText('Aree di impegno')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Salva impegni' })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/rete/convenzioni?state=draft');
  await page.getByRole('link', { name: 'Convenzione per il Servizio Associato Politiche Europee' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Convenzione per il Servizio Associato Politiche Europee' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Modifica la bozza' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Modifica della bozza' })).toBeFocused();
  await expect(page.getByText(/^\d+ Comuni? selezionat[oi] ·/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Annulla' }).first().click();
  await expect(page.getByRole('button', { name: 'Modifica la bozza' })).toBeFocused();
});
