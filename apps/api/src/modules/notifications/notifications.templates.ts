/** E-mail texts of notifications and digests (Italian and English), and the periods of the digests. Pure functions. */

export type Locale = 'it' | 'en';
export type DigestMode = 'daily' | 'weekly';

export const PLATFORM_NAME = 'Province & Comuni';

/** Section headings of the digests, by module code; an unknown module is shown by its code. */
const MODULE_LABELS: Record<string, Record<Locale, string>> = {
  network: { it: 'Rete', en: 'Network' },
  registry: { it: 'Anagrafe degli enti', en: 'Registry' },
  requests: { it: 'Assistenza', en: 'Support' },
  'service-requests': { it: 'Assistenza', en: 'Support' },
  assistance: { it: 'Assistenza', en: 'Support' },
  comments: { it: 'Commenti', en: 'Comments' },
  collaboration: { it: 'Collaborazione', en: 'Collaboration' },
  calendar: { it: 'Calendario', en: 'Calendar' },
  documents: { it: 'Documenti', en: 'Documents' },
  identity: { it: 'Account', en: 'Account' },
  procurement: { it: 'SUA – Appalti', en: 'SUA – Procurement' },
  'eu-funding': { it: 'SAPE – Fondi europei', en: 'SAPE – EU funding' },
  'digital-agenda': { it: 'SIT – Agenda digitale', en: 'SIT – Digital agenda' },
  research: { it: 'Ricerca', en: 'Research' },
  communities: { it: 'Comunità', en: 'Communities' },
  training: { it: 'Formazione', en: 'Training' },
  programme: { it: 'Programma', en: 'Programme' },
};

export const moduleLabel = (module: string, locale: Locale): string => MODULE_LABELS[module]?.[locale] ?? module;

export const asLocale = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'it');

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// ---------------------------------------------------------------- periods (Europe/Rome)

const romeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The date (YYYY-MM-DD) and hour in Rome of an instant. */
export function romeClock(now: Date): { date: string; hour: number } {
  const parts = Object.fromEntries(romeFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The ISO week (e.g. 2026-W48) of a calendar date. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of the week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const DIGEST_HOUR = 7;

/** The daily digest due now: today's date in Rome from 07:00, else null. */
export function dailyDigestKey(now: Date): string | null {
  const { date, hour } = romeClock(now);
  return hour >= DIGEST_HOUR ? date : null;
}

/**
 * The weekly digest due now: the ISO week from Monday 07:00 in Rome (until the end of Sunday, so a server
 * down on Monday morning still sends it once), else null.
 */
export function weeklyDigestKey(now: Date): string | null {
  const { date, hour } = romeClock(now);
  const monday = new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
  if (monday && hour < DIGEST_HOUR) return null;
  return isoWeek(date);
}

// ---------------------------------------------------------------- e-mail layout

const T = {
  it: {
    open: 'Apri nella piattaforma',
    unsubscribe: (label: string) => `Non vuoi più ricevere queste e-mail? Disattiva «${label}»`,
    digestUnsubscribe: 'Non vuoi più ricevere questi riepiloghi? Cambia le preferenze di notifica',
    sentBy: `Messaggio inviato da ${PLATFORM_NAME}, la piattaforma collaborativa delle Province e dei Comuni.`,
    digestSubject: (mode: DigestMode, n: number) =>
      `${mode === 'daily' ? 'Riepilogo giornaliero' : 'Riepilogo settimanale'}: ${n} ${n === 1 ? 'notifica' : 'notifiche'}`,
    digestIntro: (mode: DigestMode, n: number) =>
      `Ecco ${n === 1 ? "l'aggiornamento" : `i ${n} aggiornamenti`} ${mode === 'daily' ? 'del giorno' : 'della settimana'}.`,
  },
  en: {
    open: 'Open in the platform',
    unsubscribe: (label: string) => `Don't want these e-mails any more? Turn off “${label}”`,
    digestUnsubscribe: "Don't want these digests any more? Change your notification preferences",
    sentBy: `Sent by ${PLATFORM_NAME}, the collaborative platform of the Provinces and Comuni.`,
    digestSubject: (mode: DigestMode, n: number) =>
      `${mode === 'daily' ? 'Daily digest' : 'Weekly digest'}: ${n} ${n === 1 ? 'notification' : 'notifications'}`,
    digestIntro: (mode: DigestMode, n: number) => `Here ${n === 1 ? 'is the update' : `are the ${n} updates`} of the ${mode === 'daily' ? 'day' : 'week'}.`,
  },
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const page = (locale: Locale, title: string, content: string, footer: string) => `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f2f7fc;font-family:'Titillium Web',Geneva,Tahoma,sans-serif;color:#1a1a1a;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f7fc;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:4px;">
<tr><td style="background:#0066cc;padding:16px 24px;color:#ffffff;font-size:20px;font-weight:bold;">${escapeHtml(PLATFORM_NAME)}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5;">${content}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #d9dadb;font-size:14px;line-height:1.5;color:#5c6f82;">${footer}</td></tr>
</table></td></tr></table>
</body></html>`;

const button = (href: string, label: string) =>
  `<p style="margin:24px 0;"><a href="${escapeHtml(href)}" style="display:inline-block;background:#0066cc;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 24px;border-radius:4px;">${escapeHtml(label)}</a></p>`;

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#0066cc;">${escapeHtml(label)}</a>`;

/** The e-mail of one notification, sent as soon as it happens. */
export function renderNotificationEmail(n: {
  locale: Locale;
  title: string;
  body: string;
  /** Absolute address of the record, or null. */
  url: string | null;
  eventLabel: string;
  unsubscribeUrl: string;
}): RenderedMail {
  const t = T[n.locale];
  const unsubscribe = t.unsubscribe(n.eventLabel);
  const text = [
    n.title,
    '',
    ...(n.body ? [n.body, ''] : []),
    ...(n.url ? [`${t.open}: ${n.url}`, ''] : []),
    '-- ',
    t.sentBy,
    `${unsubscribe}: ${n.unsubscribeUrl}`,
    '',
  ].join('\n');
  const content = [
    `<h1 style="font-size:22px;margin:0 0 16px;">${escapeHtml(n.title)}</h1>`,
    n.body ? `<p style="margin:0 0 16px;white-space:pre-line;">${escapeHtml(n.body)}</p>` : '',
    n.url ? button(n.url, t.open) : '',
  ].join('\n');
  const footer = `<p style="margin:0 0 8px;">${escapeHtml(t.sentBy)}</p><p style="margin:0;">${link(n.unsubscribeUrl, unsubscribe)}</p>`;
  return { subject: `[${PLATFORM_NAME}] ${n.title}`, text, html: page(n.locale, n.title, content, footer) };
}

// ---------------------------------------------------------------- digests

export interface DigestItem {
  module: string;
  recordType: string | null;
  recordId: string | null;
  /** The record's title (or null when the record does not describe itself). */
  recordTitle: string | null;
  /** Absolute address of the record. */
  recordUrl: string | null;
  title: string;
  body: string;
  /** Absolute address of the notification. */
  url: string | null;
  createdAt: Date;
}

export interface DigestRecordGroup {
  title: string;
  url: string | null;
  items: DigestItem[];
}
export interface DigestModuleGroup {
  module: string;
  label: string;
  records: DigestRecordGroup[];
}

/**
 * Groups digest items by module (sections in order of label) and, within a module, by record (the record's
 * title, else the notification's); items keep their time order.
 */
export function groupDigest(items: DigestItem[], locale: Locale): DigestModuleGroup[] {
  const byModule = new Map<string, Map<string, DigestRecordGroup>>();
  const sorted = [...items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const item of sorted) {
    let records = byModule.get(item.module);
    if (!records) byModule.set(item.module, (records = new Map()));
    const key = item.recordType && item.recordId ? `${item.recordType}:${item.recordId}` : `item:${records.size}:${item.title}`;
    let group = records.get(key);
    if (!group) records.set(key, (group = { title: item.recordTitle ?? item.title, url: item.recordUrl ?? item.url, items: [] }));
    group.items.push(item);
  }
  return [...byModule.entries()]
    .map(([module, records]) => ({ module, label: moduleLabel(module, locale), records: [...records.values()] }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** One e-mail with all the notifications of a period, by module and record. */
export function renderDigestEmail(d: { locale: Locale; mode: DigestMode; groups: DigestModuleGroup[]; preferencesUrl: string }): RenderedMail {
  const t = T[d.locale];
  const count = d.groups.reduce((n, g) => n + g.records.reduce((m, r) => m + r.items.length, 0), 0);
  const subject = `[${PLATFORM_NAME}] ${t.digestSubject(d.mode, count)}`;
  const lines: string[] = [t.digestIntro(d.mode, count), ''];
  const html: string[] = [`<p style="margin:0 0 16px;">${escapeHtml(t.digestIntro(d.mode, count))}</p>`];
  for (const g of d.groups) {
    lines.push(`== ${g.label} ==`, '');
    html.push(`<h2 style="font-size:20px;margin:24px 0 8px;color:#0066cc;">${escapeHtml(g.label)}</h2>`);
    for (const r of g.records) {
      lines.push(`* ${r.title}${r.url ? ` <${r.url}>` : ''}`);
      html.push(`<h3 style="font-size:17px;margin:16px 0 4px;">${r.url ? link(r.url, r.title) : escapeHtml(r.title)}</h3>`, '<ul style="margin:0 0 8px;padding-left:20px;">');
      for (const i of r.items) {
        lines.push(`  - ${i.title}${i.body ? `: ${i.body}` : ''}`);
        html.push(`<li style="margin:0 0 4px;"><strong>${escapeHtml(i.title)}</strong>${i.body ? ` – ${escapeHtml(i.body)}` : ''}</li>`);
      }
      html.push('</ul>');
      lines.push('');
    }
  }
  lines.push('-- ', t.sentBy, `${t.digestUnsubscribe}: ${d.preferencesUrl}`, '');
  const footer = `<p style="margin:0 0 8px;">${escapeHtml(t.sentBy)}</p><p style="margin:0;">${link(d.preferencesUrl, t.digestUnsubscribe)}</p>`;
  return { subject, text: lines.join('\n'), html: page(d.locale, subject, html.join('\n'), footer) };
}
