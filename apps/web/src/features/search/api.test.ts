import { describe, expect, it } from 'vitest';
import { orderKinds } from './api';

describe('search result groups', () => {
  it('shows enti first, then documents and comments, then kinds added later in alphabetical order', () => {
    expect(orderKinds(['comment', 'zeta', 'document', 'alpha', 'ente'])).toEqual(['ente', 'document', 'comment', 'alpha', 'zeta']);
  });
});
