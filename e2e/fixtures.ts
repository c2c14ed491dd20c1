import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { E2E } from './ports.js';

export const DEMO_PASSWORD = 'Demo-2026!pc';
export const demo = (local: string) => `${local}@demo.provincecomuni.it`;

/** Fails with the list of WCAG 2.1 A/AA violations of the current page. */
export async function expectAccessible(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Logs in through the login form. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('button', { name: 'Esci' })).toBeVisible();
}

/** Waits for a mail to `to` at the SMTP peer and answers its decoded body. */
export async function lastMailTo(to: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const mails = (await (await fetch(`http://127.0.0.1:${E2E.mailboxPort}/?to=${encodeURIComponent(to)}`)).json()) as { body: string }[];
    if (mails.length) return mails[mails.length - 1]!.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to}`);
}
