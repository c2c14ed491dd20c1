import { describe, expect, it } from 'vitest';
import { mentionQueryAt, mentionsInText } from './api';

describe('mention autocomplete', () => {
  it('finds the name being typed after "@" at the caret', () => {
    expect(mentionQueryAt('Ciao @ma', 8)).toEqual({ start: 5, query: 'ma' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('Ciao @Mario Ro', 14)).toEqual({ start: 5, query: 'Mario Ro' });
  });

  it('ignores e-mail addresses and text without "@"', () => {
    expect(mentionQueryAt('scrivi a info@upinet', 20)).toBeNull();
    expect(mentionQueryAt('nessuna menzione', 16)).toBeNull();
  });

  it('keeps only the people still named in the text', () => {
    const chosen = [
      { id: 'a', displayName: 'Mario Rossi' },
      { id: 'b', displayName: 'Luca Bianchi' },
    ];
    expect(mentionsInText('Grazie @Mario Rossi!', chosen)).toEqual(['a']);
  });
});
