/** Loads something once when a tab opens, and again on refresh; never by itself, so an abandoned screen still idles out. */
import { useCallback, useEffect, useState } from 'react';

export function useLoaded<T>(load: () => Promise<T | undefined>): { value: T | undefined; refresh(): void } {
  const [value, setValue] = useState<T>();
  const refresh = useCallback(() => {
    void load().then((loaded) => {
      if (loaded !== undefined) setValue(loaded);
    });
    // The loader is a fresh closure each render; loading once per mount is the point.
  }, []);
  useEffect(refresh, [refresh]);
  return { value, refresh };
}
