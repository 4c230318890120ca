/**
 * Origin of a URL as scheme://host. Node's URL reports "null" as the origin of
 * non-special schemes such as our app://, so `.origin` cannot be compared directly.
 */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

export function isSameOrigin(url: string, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && origin === originOf(appOrigin);
}
