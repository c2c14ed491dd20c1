import { describe, expect, it } from 'vitest';
import type { NotificationPreference } from '@app/contracts';
import { notificationsResources } from './i18n';
import { groupByModule } from './PreferencesPage';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const pref = (type: string, module: string, moduleLabel: string): NotificationPreference => ({
  type,
  module,
  moduleLabel,
  label: type,
  inApp: true,
  email: 'off',
  isDefault: true,
});

describe('notifications in the web app', () => {
  it('has the same keys in Italian and English', () => {
    expect(keys(notificationsResources.en).sort()).toEqual(keys(notificationsResources.it).sort());
  });

  it('groups the preference rows by module, keeping the order of the list', () => {
    const groups = groupByModule([pref('a', 'comments', 'Commenti'), pref('b', 'network', 'Rete'), pref('c', 'comments', 'Commenti')]);
    expect(groups.map((g) => [g.label, g.items.map((i) => i.type)])).toEqual([
      ['Commenti', ['a', 'c']],
      ['Rete', ['b']],
    ]);
  });
});
