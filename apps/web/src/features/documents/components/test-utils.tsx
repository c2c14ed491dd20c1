import { render } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createQueryClient } from '../../../app/query-client';
import { createI18n } from '../../../lib/i18n';

/** Renders a component of the documents pages with i18n (Italian) and a query client. */
export function renderWithProviders(ui: ReactNode) {
  const i18n = createI18n('it');
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </QueryClientProvider>,
  );
}
