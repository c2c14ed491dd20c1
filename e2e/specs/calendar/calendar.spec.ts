import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

const TITLE = 'Scadenza della convenzione: Convenzione per il Servizio Innovazione Tecnologica – annualità pilota';

/** The demo SIT convention of Padova ends 40 days after the day the demo was loaded (today, in Rome). */
function expiryDay(): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 40);
  return d.toISOString().slice(0, 10);
}

test('a Province administrator sees a convention expiry in the agenda and in its month, and subscribes to the feed', async ({
  page,
}) => {
  await login(page, demo('admin.provincia'));
  await page
    .getByRole('navigation', { name: 'Navigazione principale' })
    .getByRole('link', { name: 'Calendario' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendario delle scadenze' })).toBeVisible();
  await expectAccessible(page);

  // agenda: grouped by day, the expiry 40 days ahead
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Prossimi 60 giorni' })).toBeVisible();
  const day = expiryDay();
  const heading = page.locator(`h3:has(time[datetime="${day}"])`);
  await expect(heading).toBeVisible();
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await expectAccessible(page);

  // month view of that day
  await page.goto(`/calendario?view=mese&month=${day.slice(0, 7)}`);
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveCount(7);
  const cell = table.getByRole('cell').filter({ has: page.getByRole('link', { name: TITLE }) });
  await expect(cell).toHaveCount(1);
  await expect(cell).toContainText(String(Number(day.slice(8))));
  await expect(cell).toContainText('tutto il giorno');
  await expectAccessible(page);

  // the private feed address serves iCalendar with the event
  const address = page.getByLabel('Indirizzo privato del calendario (iCalendar)');
  await expect(address).toHaveValue(/\/api\/v1\/calendar\/feed\.ics\?token=/);
  const url = await address.inputValue();
  const res = await page.request.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const body = await res.text();
  expect(body).toContain('BEGIN:VEVENT');
  expect(body).toContain(`DTSTART;VALUE=DATE:${day.replace(/-/g, '')}`);

  // a new address: the old one stops working
  await page.getByRole('button', { name: 'Genera un nuovo indirizzo' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sì, genera un nuovo indirizzo' }).click();
  await expect(page.getByText('Nuovo indirizzo generato: il precedente non funziona più.')).toBeVisible();
  await expect(address).not.toHaveValue(url);
  expect((await page.request.get(url)).status()).toBe(404);
  expect((await page.request.get(await address.inputValue())).status()).toBe(200);
});
