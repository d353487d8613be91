// Every number a command takes has a range, read from the contract's own schemas: the router
// refuses one past either end (naming the field) and lets the ends themselves through. A field
// that loses its bound, or a read count whose cap grows, fails here with the command's name.
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, MAX_READ_BYTES, MAX_READ_ENTRIES, commands, type CommandName } from '../../../src-main/shared/contract.js';
import { createRouter, type Router } from '../../../src-main/api/router.js';
import { Engine } from '../../../src-main/engine/engine.js';
import { VALID, withValue, type Json } from '../../helpers/valid-payloads.js';

interface NumberField {
  name: CommandName;
  path: (string | number)[];
  min: number | null;
  max: number | null;
}

interface SchemaNode {
  type: string;
  entries?: Record<string, SchemaNode>;
  wrapped?: SchemaNode;
  options?: SchemaNode[];
  item?: SchemaNode;
  pipe?: { type: string; requirement?: unknown }[];
}

/** The number fields the valid sample uses, with the bounds their schema states. */
function numberFields(name: CommandName, schema: SchemaNode, value: Json, path: (string | number)[] = []): NumberField[] {
  if (schema.wrapped && (schema.type === 'optional' || schema.type === 'nullable' || schema.type === 'nullish')) {
    return numberFields(name, schema.wrapped, value, path);
  }
  if (schema.options && (schema.type === 'variant' || schema.type === 'union')) {
    const option = schema.options.find((o) => v.safeParse(o as unknown as v.GenericSchema, value).success);
    return option ? numberFields(name, option, value, path) : [];
  }
  if (schema.entries && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => (schema.entries![key] ? numberFields(name, schema.entries![key], inner, [...path, key]) : []));
  }
  if (schema.item && Array.isArray(value)) return value.flatMap((inner, i) => numberFields(name, schema.item!, inner, [...path, i]));
  if (schema.type === 'number' && typeof value === 'number') {
    const bound = (type: string): number | null => {
      const action = schema.pipe?.find((a) => a.type === type);
      return typeof action?.requirement === 'number' ? action.requirement : null;
    };
    return [{ name, path, min: bound('min_value'), max: bound('max_value') }];
  }
  return [];
}

const FIELDS = COMMAND_NAMES.flatMap((name) => numberFields(name, commands[name].input as unknown as SchemaNode, VALID[name]));
const label = (f: NumberField): string => `${f.name} ${f.path.join('.')}`;

let engine: Engine;
let router: Router;
beforeAll(() => {
  engine = new Engine();
  router = createRouter(engine);
});
afterAll(() => engine.dispose());

describe('number ranges, from the schemas', () => {
  it('finds the number fields of the commands that take numbers', () => {
    const names = new Set(FIELDS.map((f) => f.name));
    for (const name of ['log.read', 'log.bytes', 'peers.read', 'ping.read', 'session.repeat', 'file.start', 'session.connect'] as const) {
      expect(names, name).toContain(name);
    }
  });

  it('gives every number field a lower and an upper bound', () => {
    expect(FIELDS.filter((f) => f.min === null || f.max === null).map(label)).toEqual([]);
  });

  it('caps every read: counts at MAX_READ_ENTRIES, byte lengths at MAX_READ_BYTES', () => {
    const counts = FIELDS.filter((f) => f.path.at(-1) === 'count');
    expect(counts.map((f) => f.name).sort()).toEqual(['log.read', 'peers.read', 'ping.read']);
    for (const f of counts) expect({ field: label(f), max: f.max }).toEqual({ field: label(f), max: MAX_READ_ENTRIES });
    for (const f of FIELDS.filter((g) => g.path.at(-1) === 'length' || g.path.at(-1) === 'maxBytes')) {
      expect({ field: label(f), max: f.max }).toEqual({ field: label(f), max: MAX_READ_BYTES });
    }
  });

  it.each(FIELDS.map((f) => [label(f), f] as const))('%s: refuses one past each end, allows each end', async (_label, f) => {
    const field = f.path.join('.');
    const refused = [f.min! - 1, f.max! + 1, f.max! * 2 + 1e9];
    for (const value of refused) {
      const result = await router.handle(f.name, withValue(VALID[f.name], f.path, value));
      expect(result.ok ? { value, ok: true } : { value, code: result.error.code, names: result.error.message.includes(`${field}:`) }).toEqual({ value, code: 'INVALID_PAYLOAD', names: true });
    }
    for (const value of [f.min!, f.max!]) {
      const result = await router.handle(f.name, withValue(VALID[f.name], f.path, value));
      expect(result.ok ? { value, field } : { value, field, code: result.error.code }).not.toMatchObject({ code: 'INVALID_PAYLOAD' });
    }
  });
});
