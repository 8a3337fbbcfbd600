import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { tableSpec } from './modules/object-record/states/registry';

/**
 * The generic record screens and the app shell name no table of a module (DESIGN.md §7):
 * what is particular to a table is declared in its module's manifest (`TableSpec`, or a
 * service in `provides`) and read through the registry. This test reads their source and
 * fails on a table's name as a string ('contacts', "users", `tags`, 'contacts.status') or as
 * the key of a per-table entry (`contacts: [...]`, `users: { … }`).
 */

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** The generic places, relative to `ui/src`. */
const GENERIC = ['modules/object-record', 'modules/app-shell', 'pages', 'App.tsx'];

const isSource = (path: string) => /\.(ts|tsx)$/.test(path) && !/\.test\.(ts|tsx)$/.test(path);

const sourceFiles = (path: string): string[] =>
  statSync(path).isDirectory()
    ? readdirSync(path).flatMap((name) => sourceFiles(join(path, name)))
    : isSource(path)
      ? [path]
      : [];

/** Every table the core declares, from the generated `TableName` union. */
const tableNames = (): string[] => {
  const bindings = readFileSync(join(SRC, 'bindings.ts'), 'utf8');
  const union = /export type TableName = ([^;]+);/.exec(bindings)?.[1] ?? '';
  return [...union.matchAll(/"([a-z_]+)"/g)].map((match) => match[1] as string);
};

/** `file:line: text` for each place in `source` that names one of `tables`. */
const tableMentions = (file: string, source: string, tables: ReadonlyArray<string>): string[] => {
  const names = tables.join('|');
  // 'contacts', "users", `tags`, or a qualified column such as 'contacts.status'.
  const quoted = new RegExp(`['"\`](${names})(['"\`]|\\.)`);
  const entryKey = new RegExp(`^\\s*(${names})\\s*:\\s*[[{('"\`]`);
  return source.split('\n').flatMap((line, index) =>
    quoted.test(line) || entryKey.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
  );
};

describe('generic code', () => {
  const tables = tableNames();

  it('knows the tables (the TableName union was found)', () => {
    expect(tables.length).toBeGreaterThan(30);
    expect(tables).toContain('contacts');
  });

  it('catches a table named as a string or as a per-table entry', () => {
    expect(tableMentions('x.ts', "if (def.name === 'contacts') return;", tables)).toHaveLength(1);
    expect(tableMentions('x.ts', '  users: { tab: "Users" },', tables)).toHaveLength(1);
    expect(tableMentions('x.ts', "  'contacts.status': 'lead',", tables)).toHaveLength(1);
    expect(tableMentions('x.ts', '  tags: ReadonlyArray<string>;', tables)).toEqual([]);
    expect(tableMentions('x.ts', "const x = 'contact_name';", tables)).toEqual([]);
  });

  it('names no table of a module in the generic record screens and the app shell', () => {
    const files = GENERIC.flatMap((path) => sourceFiles(join(SRC, path)));
    expect(files.length).toBeGreaterThan(20);
    const mentions = files.flatMap((file) => tableMentions(relative(SRC, file), readFileSync(file, 'utf8'), tables));
    expect(mentions).toEqual([]);
  });

  it('has every table named by its module (the labels moved out of the generic code)', () => {
    expect(tables.filter((table) => !tableSpec(table).labels)).toEqual([]);
  });
});
