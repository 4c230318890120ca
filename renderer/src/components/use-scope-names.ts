/**
 * The catalogue names of scope codes, so chosen items read as words. The catalogue is
 * public, so the names found are cached for the life of the page.
 */
import { useEffect, useState } from 'react';
import type { CatalogueItem, KioskBridge } from '../contract';

const known = new Map<string, string>();

export function rememberScopeNames(items: readonly CatalogueItem[]): void {
  for (const item of items) known.set(item.code, item.name);
}

export function useScopeNames(bridge: KioskBridge, codes: readonly string[]): (code: string) => string {
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
  return (code) => known.get(code) ?? code;
}
