import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../../locales/en/network.json';
import it from '../../locales/it/network.json';

/** The `network` namespace travels with the network pages, not with the initial bundle. */
export const networkResources = { it, en } as const;

export const NETWORK_NS = 'network';

export function ensureNetworkNamespace(i18n: I18n): void {
  for (const lng of ['it', 'en'] as const) {
    if (!i18n.hasResourceBundle(lng, NETWORK_NS)) {
      i18n.addResourceBundle(lng, NETWORK_NS, networkResources[lng], true, true);
    }
  }
}

/** `useTranslation('network')`, adding the namespace to the i18n instance on first use. */
export function useNetworkTranslation() {
  const { i18n } = useTranslation('common');
  ensureNetworkNamespace(i18n);
  return useTranslation(NETWORK_NS);
}
