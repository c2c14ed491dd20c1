import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../fixtures.js';

test('anyone browses the enti and filters the 76 Provinces of the programme', async ({ page }) => {
  await page.goto('/enti');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByText('Solo Province del programma').click();
  await expect(page.getByLabel(/Solo Province del programma/)).toBeChecked();
  await expect(page.getByText(/\b76\b/).first()).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Provincia di Ancona' })).toBeVisible();
  await page.getByText('Solo Province del programma').click();
  await page.getByLabel('Cerca per nome').fill('Abano');
  await expect(page.getByRole('rowheader', { name: 'Abano Terme' })).toBeVisible();
  await expectAccessible(page);
});
