import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// lazy pages and i18n bundles load on first render: on a busy CI machine this takes more than the default second
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
