import { expect, test } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

test('a signed-in user finds the bell, reads the notifications page and saves notification preferences', async ({ page }) => {
  await login(page, demo('admin.upi'));

  const bell = page.getByRole('link', { name: /^Notifiche: / });
  await expect(bell).toBeVisible();
  const unread = await page.evaluate(async () => ((await (await fetch('/api/v1/notifications/unread-count')).json()) as { unread: number }).unread);
  await expect(bell).toHaveAccessibleName(unread > 0 ? `Notifiche: ${unread} non lette` : 'Notifiche: nessuna non letta');

  await bell.click();
  await expect(page).toHaveURL(/\/notifiche$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Notifiche' })).toBeVisible();
  if (unread === 0) await expect(page.getByText('Non hai notifiche.')).toBeVisible();
  await page.getByLabel('Mostra').selectOption('unread');
  await expect(page.getByRole('button', { name: 'Segna tutte come lette' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Preferenze di notifica' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Preferenze di notifica' })).toBeVisible();
  const types = await page.evaluate(async () => ((await (await fetch('/api/v1/notifications/preferences')).json()) as { items: { label: string; email: string }[] }).items);
  if (types.length === 0) {
    await expect(page.getByText('Non ci sono ancora tipi di notifica.')).toBeVisible();
  } else {
    const first = types[0]!;
    const next = first.email === 'weekly' ? 'daily' : 'weekly';
    const select = page.getByRole('combobox', { name: `E-mail: ${first.label}` });
    await select.selectOption(next);
    await page.getByRole('button', { name: 'Salva le preferenze' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Preferenze salvate.' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('combobox', { name: `E-mail: ${first.label}` })).toHaveValue(next);
  }
  await expectAccessible(page);
});

test('the unsubscribe page answers without login, in Italian, also for a broken link', async ({ page }) => {
  await page.goto('/api/v1/notifications/unsubscribe?u=00000000-0000-4000-8000-000000000000&type=x&sig=forged');
  await expect(page).toHaveURL(/\/notifiche\/disiscrizione\?type=x&ok=0$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Disiscrizione dalle e-mail' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Il collegamento non è valido');
  await expectAccessible(page);
});
