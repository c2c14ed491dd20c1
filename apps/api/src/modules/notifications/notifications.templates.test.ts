import { describe, expect, it } from 'vitest';
import { can } from './notifications.policy.js';
import {
  dailyDigestKey,
  escapeHtml,
  groupDigest,
  isoWeek,
  moduleLabel,
  renderDigestEmail,
  renderNotificationEmail,
  weeklyDigestKey,
  type DigestItem,
} from './notifications.templates.js';
import { unsubscribeSignature } from './notifications.service.js';

const item = (over: Partial<DigestItem>): DigestItem => ({
  module: 'network',
  recordType: null,
  recordId: null,
  recordTitle: null,
  recordUrl: null,
  title: 'Titolo',
  body: '',
  url: null,
  createdAt: new Date('2026-11-26T08:00:00Z'),
  ...over,
});

describe('digest periods in Europe/Rome', () => {
  it('names the ISO week, with the Thursday deciding the year', () => {
    expect(isoWeek('2026-11-26')).toBe('2026-W48');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('makes the daily digest due from 07:00 Rome time (winter and summer time)', () => {
    expect(dailyDigestKey(new Date('2026-11-26T05:59:00Z'))).toBeNull(); // 06:59 CET
    expect(dailyDigestKey(new Date('2026-11-26T06:00:00Z'))).toBe('2026-11-26'); // 07:00 CET
    expect(dailyDigestKey(new Date('2026-07-01T04:59:00Z'))).toBeNull(); // 06:59 CEST
    expect(dailyDigestKey(new Date('2026-07-01T05:00:00Z'))).toBe('2026-07-01');
    expect(dailyDigestKey(new Date('2026-11-26T22:30:00Z'))).toBe('2026-11-26'); // 23:30 in Rome
    expect(dailyDigestKey(new Date('2026-11-26T23:30:00Z'))).toBeNull(); // 00:30 of the next day in Rome
  });

  it('makes the weekly digest due from Monday 07:00 Rome time for the whole week', () => {
    expect(weeklyDigestKey(new Date('2026-11-23T05:59:00Z'))).toBeNull(); // Monday 06:59
    expect(weeklyDigestKey(new Date('2026-11-23T06:00:00Z'))).toBe('2026-W48');
    expect(weeklyDigestKey(new Date('2026-11-29T20:00:00Z'))).toBe('2026-W48'); // Sunday
    expect(weeklyDigestKey(new Date('2026-11-29T23:30:00Z'))).toBeNull(); // Monday 00:30 in Rome
  });
});

describe('notification e-mail', () => {
  const base = { title: 'Nuovo commento <b>', body: 'Mario ha scritto & chiesto', url: 'https://pc.example.it/rete/1', unsubscribeUrl: 'https://pc.example.it/u?a=1&b=2' };

  it('is Italian with text and an escaped, accessible HTML with the button and the unsubscribe footer', () => {
    const m = renderNotificationEmail({ ...base, locale: 'it', eventLabel: 'Commenti sui miei record' });
    expect(m.subject).toBe('[Province & Comuni] Nuovo commento <b>');
    expect(m.text).toContain('Apri nella piattaforma: https://pc.example.it/rete/1');
    expect(m.text).toContain('Non vuoi più ricevere queste e-mail? Disattiva «Commenti sui miei record»: https://pc.example.it/u?a=1&b=2');
    expect(m.html).toContain('<html lang="it">');
    expect(m.html).toContain('Nuovo commento &lt;b&gt;');
    expect(m.html).not.toContain('<b>');
    expect(m.html).toContain('href="https://pc.example.it/u?a=1&amp;b=2"');
    expect(m.html).toContain('role="presentation"');
  });

  it('is English for English readers', () => {
    const m = renderNotificationEmail({ ...base, locale: 'en', eventLabel: 'Comments on my records' });
    expect(m.text).toContain('Open in the platform');
    expect(m.text).toContain('Turn off “Comments on my records”');
    expect(m.html).toContain('<html lang="en">');
  });

  it('leaves out the button when there is no address', () => {
    const m = renderNotificationEmail({ ...base, url: null, locale: 'it', eventLabel: 'x' });
    expect(m.text).not.toContain('Apri nella piattaforma');
    expect(m.html).not.toContain('Apri nella piattaforma');
  });
});

describe('digest', () => {
  it('groups by module (sorted by label) and by record, keeping the time order', () => {
    const items = [
      item({ module: 'comments', recordType: 'protocol', recordId: 'p1', recordTitle: 'Protocollo Padova', title: 'C2', createdAt: new Date('2026-11-26T10:00:00Z') }),
      item({ module: 'network', title: 'Senza record' }),
      item({ module: 'comments', recordType: 'protocol', recordId: 'p1', recordTitle: 'Protocollo Padova', title: 'C1', createdAt: new Date('2026-11-26T09:00:00Z') }),
      item({ module: 'comments', recordType: 'convention', recordId: 'c1', title: 'Sulla convenzione' }),
      item({ module: 'unknown-module', title: 'Altro' }),
    ];
    const groups = groupDigest(items, 'it');
    expect(groups.map((g) => g.label)).toEqual(['Commenti', 'Rete', 'unknown-module']);
    expect(groups[0]!.records.map((r) => r.title)).toEqual(['Sulla convenzione', 'Protocollo Padova']);
    expect(groups[0]!.records[1]!.items.map((i) => i.title)).toEqual(['C1', 'C2']);
    expect(moduleLabel('calendar', 'en')).toBe('Calendar');
  });

  it('renders sections, records and a link to the preferences', () => {
    const groups = groupDigest([item({ module: 'calendar', title: 'Scadenza', body: 'tra 7 giorni' }), item({ module: 'network', title: 'Protocollo firmato' })], 'it');
    const m = renderDigestEmail({ locale: 'it', mode: 'daily', groups, preferencesUrl: 'https://pc.example.it/notifiche/preferenze' });
    expect(m.subject).toBe('[Province & Comuni] Riepilogo giornaliero: 2 notifiche');
    expect(m.text).toMatch(/== Calendario ==[\s\S]*Scadenza: tra 7 giorni[\s\S]*== Rete ==[\s\S]*Protocollo firmato/);
    expect(m.html).toContain('<h2 style="font-size:20px;margin:24px 0 8px;color:#0066cc;">Calendario</h2>');
    expect(m.text).toContain('https://pc.example.it/notifiche/preferenze');
    const en = renderDigestEmail({ locale: 'en', mode: 'weekly', groups: groupDigest([item({})], 'en'), preferencesUrl: 'x' });
    expect(en.subject).toBe('[Province & Comuni] Weekly digest: 1 notification');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('unsubscribe signature and policy', () => {
  it('depends on the key, the user and the type', () => {
    const s = unsubscribeSignature('k1', 'u1', 'a');
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unsubscribeSignature('k1', 'u1', 'a')).toBe(s);
    expect(unsubscribeSignature('k2', 'u1', 'a')).not.toBe(s);
    expect(unsubscribeSignature('k1', 'u2', 'a')).not.toBe(s);
    expect(unsubscribeSignature('k1', 'u1', 'b')).not.toBe(s);
  });

  it('denies by default: nobody anonymous, nobody on another person’s notifications', () => {
    const actor = { userId: 'u1', email: 'a@x.it', sessionId: 's', memberships: [], activeMembershipId: null };
    expect(can(null, 'list')).toBe(false);
    expect(can(actor, 'list')).toBe(true);
    expect(can(actor, 'mark-read', { userId: 'u1' })).toBe(true);
    expect(can(actor, 'mark-read', { userId: 'u2' })).toBe(false);
    expect(can(actor, 'read')).toBe(false);
    expect(can(actor, 'preferences.update', { userId: 'u2' })).toBe(false);
    expect(can(actor, 'delete' as never)).toBe(false);
  });
});
