import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

/** A small, well-formed PDF (one empty page). */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
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

test('the UPI administrator marks the protocol sent to a Province as signed, with its PDF, and the dashboard counts it', async ({
  page,
}) => {
  await login(page, demo('admin.upi'));
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Rete' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto della rete' })).toBeVisible();
  const signedLink = page.getByRole('link', { name: /^\d+ di \d+ firmati$/ });
  await expect(signedLink).toBeVisible();
  const [signed, total] = ((await signedLink.innerText()).match(/\d+/g) ?? []).map(Number) as [number, number];
  expect(signed).toBeLessThan(total);
  await expect(page.getByRole('button', { name: 'Invia solleciti' })).toBeVisible();
  await expectAccessible(page);

  await page
    .getByRole('navigation', { name: 'Sezioni della rete' })
    .getByRole('link', { name: "Protocolli d'intesa" })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: "Protocolli d'intesa" })).toBeVisible();
  await page.getByLabel('Stato').selectOption('sent');
  await expect(page).toHaveURL(/state=sent/);
  const pescara = page.getByRole('link', { name: 'Provincia di Pescara' });
  await expect(pescara).toBeVisible();
  await expect(page.getByRole('link', { name: 'Esporta CSV' })).toHaveAttribute('href', /format=csv/);
  await expectAccessible(page);

  await pescara.click();
  await expect(
    page.getByRole('heading', { level: 1, name: "Protocollo d'intesa – Provincia di Pescara" }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Segna come inviato' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Segna come firmato' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Segna come firmato' })).toBeFocused();
  await expect(page.getByLabel('Data di firma')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByLabel('PDF del protocollo firmato').setInputFiles({
    name: 'protocollo-pescara-firmato.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf(),
  });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Carica e segna come firmato' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Stato del protocollo aggiornato: Firmato.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Stato e date' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Segna come firmato' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Scarica il protocollo firmato' })).toHaveAttribute(
    'href',
    /\/api\/v1\/documents\/.+\/content/,
  );
  const documents = page.getByRole('table', { name: 'Documenti del protocollo' });
  await expect(
    documents.getByRole('rowheader', { name: /Protocollo d'intesa firmato – Provincia di Pescara/ }),
  ).toBeVisible();
  await expect(documents.getByRole('link', { name: /Scarica/ })).toHaveAttribute(
    'href',
    /\/api\/v1\/documents\/.+\/content/,
  );
  await expectAccessible(page);

  await page.getByRole('navigation', { name: 'Sezioni della rete' }).getByRole('link', { name: 'Cruscotto' }).click();
  await expect(page.getByRole('link', { name: `${signed + 1} di ${total} firmati` })).toBeVisible();
  await expectAccessible(page);
});
