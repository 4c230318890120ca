/**
 * The catalogue entries of scope codes, so chosen items read as words and offer their
 * industry wordings. The catalogue is public, so the entries found are cached for the
 * life of the page.
 */
import { useEffect, useState } from 'react';
import type { CatalogueItem, KioskBridge } from '../contract';

const known = new Map<string, CatalogueItem>();

export function rememberScopeNames(items: readonly CatalogueItem[]): void {
  for (const item of items) known.set(item.code, item);
}

/** Looks codes up (asking the core for those not seen yet) and re-renders when they arrive. */
export function useScopeItems(bridge: KioskBridge, codes: readonly string[]): (code: string) => CatalogueItem | undefined {
  const [, setFound] = useState(0);
  const missing = codes.filter((code) => !known.has(code)).join(' ');
  useEffect(() => {
    if (!missing) return;
    let live = true;
    void Promise.all(missing.split(' ').map((code) => bridge.call('catalogue.search', { text: code }).then(rememberScopeNames))).then(() => {
      if (live) setFound((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [bridge, missing]);
  return (code) => known.get(code);
}

export function useScopeNames(bridge: KioskBridge, codes: readonly string[]): (code: string) => string {
  const itemOf = useScopeItems(bridge, codes);
  return (code) => itemOf(code)?.name ?? code;
}
