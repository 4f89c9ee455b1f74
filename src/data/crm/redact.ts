/**
 * Replaces every occurrence of a secret in `text` with "[redacted]", so a token the API
 * echoes back in an error message (or a URL that carries one) never reaches a log. Secrets
 * shorter than 8 characters are left alone: they would redact ordinary words.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}
