import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

/** A small, well-formed PDF (one empty page); `tag` makes two files differ. */
function minimalPdf(tag = ''): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = `%PDF-1.4\n%${tag}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A word of letters only, unlikely to be found elsewhere. */
function uniqueWord(): string {
  const letters = 'bcdfghlmnprstvz';
  let w = 'relazione';
  for (let i = 0; i < 8; i++) w += letters[Math.floor(Math.random() * letters.length)];
  return w;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigazione principale' });

test('the UPI administrator uploads a document, describes it, versions it, files it in a fascicolo and finds it', async ({
  page,
}) => {
  const word = uniqueWord();
  const title = `Verbale di ${word}`;
  await login(page, demo('admin.upi'));

  // 1. upload a PDF to the documents of a protocol
  await page.goto('/rete/protocolli?region=05');
  await page.getByRole('link', { name: 'Provincia di Padova' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: "Protocollo d'intesa – Provincia di Padova" }),
  ).toBeVisible();
  const upload = page.getByRole('form', { name: 'Carica un documento' });
  await upload.getByLabel('File', { exact: true }).setInputFiles({
    name: 'verbale.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf('v1'),
  });
  await upload.getByLabel('Titolo del documento').fill(title);
  await upload.getByRole('button', { name: 'Carica' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Documento caricato.' })).toBeVisible();
  const docLink = page
    .getByRole('table', { name: 'Documenti del protocollo' })
    .getByRole('link', { name: title, exact: true });
  await expect(docLink).toBeVisible();
  await expectAccessible(page);

  // 2. the document page: versions, signatures, metadata
  await docLink.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const versions = page.getByRole('table', { name: 'Versioni del documento, dalla prima' });
  await expect(versions.getByRole('rowheader')).toHaveCount(1);
  await expect(page.getByText('Nessuna versione del documento è firmata digitalmente.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Impronta (SHA-256)' })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByLabel('Modalità di formazione').selectOption('a');
  await page.getByLabel('Tipologia documentale').fill('Verbale');
  await page.getByLabel('Oggetto').fill(`Verbale della riunione ${word}`);
  await page.getByLabel('Parole chiave').fill('rete, verbale');
  await page.locator('label', { hasText: 'Firmato digitalmente' }).click();
  await expect(page.getByRole('checkbox', { name: 'Firmato digitalmente' })).toBeChecked();
  await page.getByRole('button', { name: 'Salva i metadati' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Metadati salvati sulla versione 1.' })).toBeVisible();
  await expectAccessible(page);

  // 3. a new version
  await page.getByLabel('File della nuova versione').setInputFiles({
    name: 'verbale-rev.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf('v2'),
  });
  await page.getByRole('button', { name: 'Carica la nuova versione' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nuova versione 2 caricata.' })).toBeVisible();
  await expect(versions.getByRole('rowheader')).toHaveCount(2);
  await expect(versions.getByRole('link', { name: /Scarica versione 2/ })).toHaveAttribute('href', /version=2/);
  await page.getByRole('button', { name: 'Confronta' }).click();
  await expect(page.getByText(/Campi cambiati|Nessuna differenza/)).toBeVisible();
  await expectAccessible(page);

  // 4. full-text search by a word of the title
  await nav(page).getByRole('link', { name: 'Documenti' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cerca nei documenti' })).toBeVisible();
  const search = page.getByRole('search', { name: 'Cerca nei documenti' });
  await search.getByLabel('Testo da cercare').fill(word);
  await search.getByRole('button', { name: 'Cerca' }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  await expectAccessible(page);

  // 5. a fascicolo with the document, exported as a ZIP
  await nav(page).getByRole('link', { name: 'Fascicoli' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fascicoli' })).toBeVisible();
  const fascicoloTitle = `Fascicolo ${word}`;
  await page.getByLabel('Titolo', { exact: true }).fill(fascicoloTitle);
  await page.getByLabel('Tipo di fascicolo').selectOption('affare');
  await page.getByLabel('Indice di classificazione').fill('1.2');
  await page.getByLabel('Responsabile').fill('Anna Bianchi');
  await page.getByRole('button', { name: 'Apri il fascicolo' }).click();
  await expect(
    page.getByRole('table', { name: 'Fascicoli' }).getByRole('link', { name: fascicoloTitle, exact: true }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('table', { name: 'Fascicoli' }).getByRole('link', { name: fascicoloTitle, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: fascicoloTitle })).toBeVisible();
  const add = page.getByRole('search', { name: 'Aggiungi un documento' });
  await add.getByLabel('Cerca il documento da aggiungere').fill(word);
  await add.getByRole('button', { name: 'Cerca' }).click();
  await page.getByRole('button', { name: `Aggiungi ${title} al fascicolo` }).click();
  await expect(
    page.getByRole('table', { name: 'Documenti nel fascicolo' }).getByRole('link', { name: title, exact: true }),
  ).toBeVisible();
  await expectAccessible(page);

  const href = await page.getByRole('link', { name: 'Esporta pacchetto (ZIP)' }).getAttribute('href');
  expect(href).toMatch(/\/api\/v1\/fascicoli\/.+\/export$/);
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toContain('application/zip');
  expect(zip.headers()['content-disposition']).toContain('attachment');
  expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');
});

test('the UPI administrator sees the document templates and what the server can convert', async ({ page }) => {
  await login(page, demo('admin.upi'));
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Modelli' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modelli di documento' })).toBeVisible();
  await expect(page.getByText(/LibreOffice/).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Carica un modello DOCX' })).toBeVisible();
  await expectAccessible(page);
});
