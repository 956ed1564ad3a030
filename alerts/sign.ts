/**
 * The signature of a webhook body, as GitHub signs its webhooks: HMAC-SHA256 of the exact bytes
 * sent, keyed with the shared secret, in the header `X-Etl-Cycle-Signature: sha256=<hex>`.
 * A receiver recomputes it over the raw body and compares in constant time (docs/alerts.md).
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Etl-Cycle-Signature';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
