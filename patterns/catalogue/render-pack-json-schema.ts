import { z } from 'zod';
import { packSchema } from './pack-schema.js';

/**
 * The text of schema/pattern-pack.schema.json. Generated from the zod schema so the two cannot
 * disagree; test/unit/patterns/pack-json-schema.test.ts compares it with the committed file
 * (update the file with `npx vitest run test/unit/patterns/pack-json-schema.test.ts -u`).
 */
export function renderPackJsonSchema(): string {
  const schema = z.toJSONSchema(packSchema, { io: 'input' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
