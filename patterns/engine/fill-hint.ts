const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `Table "{table}" does not exist` → `Table "public.x" does not exist`; a capture that took no part shows as `?`. */
export function fillHint(hint: string, captures: Readonly<Record<string, string>>): string {
  return hint.replace(PLACEHOLDER, (_whole, name: string) => captures[name] ?? '?');
}
