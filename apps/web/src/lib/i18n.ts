import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import itCommon from '../locales/it/common.json';
import itIdentity from '../locales/it/identity.json';
import itRegistry from '../locales/it/registry.json';
import itAudit from '../locales/it/audit.json';
import enCommon from '../locales/en/common.json';
import enIdentity from '../locales/en/identity.json';
import enRegistry from '../locales/en/registry.json';
import enAudit from '../locales/en/audit.json';

export const languages = ['it', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'it';
export const namespaces = ['common', 'identity', 'registry', 'audit'] as const;
export const LANGUAGE_STORAGE_KEY = 'pc.language';

export const resources = {
  it: { common: itCommon, identity: itIdentity, registry: itRegistry, audit: itAudit },
  en: { common: enCommon, identity: enIdentity, registry: enRegistry, audit: enAudit },
} as const;

export function isLanguage(value: unknown): value is Language {
  return value === 'it' || value === 'en';
}

function readStoredLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* storage unavailable */
  }
  return defaultLanguage;
}

function syncDocument(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = isLanguage(lng) ? lng : defaultLanguage;
}

/** Creates and initialises the i18next instance (synchronously: resources are bundled). */
export function createI18n(initialLanguage: Language = readStoredLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: initialLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    ns: [...namespaces],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  syncDocument(instance.language);
  instance.on('languageChanged', (lng) => {
    syncDocument(lng);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
    } catch {
      /* storage unavailable */
    }
  });
  return instance;
}

/** it-IT / en-GB for Intl formatting. */
export function intlLocale(lng: string): string {
  return lng === 'en' ? 'en-GB' : 'it-IT';
}
