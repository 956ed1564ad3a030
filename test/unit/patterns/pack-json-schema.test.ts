import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderPackJsonSchema } from '../../../patterns/catalogue/render-pack-json-schema.js';

const committed = fileURLToPath(new URL('../../../schema/pattern-pack.schema.json', import.meta.url));

describe('schema/pattern-pack.schema.json', () => {
  it('is generated from the zod schema (update with `npx vitest run test/unit/patterns/pack-json-schema.test.ts -u`)', async () => {
    await expect(renderPackJsonSchema()).toMatchFileSnapshot(committed);
  });

  it('describes the documented fields and the error-class ids', async () => {
    const schema = JSON.parse(await readFile(committed, 'utf8')) as {
      required: string[];
      properties: {
        tier: { enum: string[] };
        patterns: { items: { required: string[]; properties: { class: { enum: string[] }; tier: { enum: string[] } } } };
      };
    };
    expect(schema.properties.tier.enum).toEqual(['product', 'generic']);
    expect(schema.properties.patterns.items.properties.tier.enum).toEqual(['product', 'generic']);
    expect(schema.required).toEqual(['pack', 'patterns']);
    expect(schema.properties.patterns.items.required).toEqual(['id', 'class', 'regex', 'hint', 'examples']);
    expect(schema.properties.patterns.items.properties.class.enum).toContain('missing_table');
    expect(schema.properties.patterns.items.properties.class.enum).not.toContain('unknown');
  });
});
