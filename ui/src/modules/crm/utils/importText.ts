import type { ImportFile, ImportPreview, ImportReport, UndoResult } from '../../../bindings';

const SEPARATORS: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** `;` → "semicolon-separated". */
export const separatorLabel = (delimiter: string): string =>
  `${SEPARATORS[delimiter] ?? `“${delimiter}”`}-separated`;

/** The core's encoding names as people write them: "utf-8 (BOM)" → "UTF-8 (BOM)". */
export const encodingLabel = (encoding: string): string =>
  encoding.replace(/^utf/i, 'UTF').replace(/^windows/i, 'Windows');

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** How the file was read: "UTF-8 · semicolon-separated · 1,239 rows". */
export const fileSummary = (file: ImportFile): string =>
  [encodingLabel(file.encoding), separatorLabel(file.delimiter), plural(file.rows, 'row')].join(' · ');

/** "1,204 new · 33 merged · 2 rejected". */
export const previewSummary = (preview: ImportPreview): string =>
  [
    `${preview.create.toLocaleString()} new`,
    `${preview.merge.toLocaleString()} merged`,
    `${preview.reject.toLocaleString()} rejected`,
  ].join(' · ');

/** Up to `count` non-empty values of column `index` from the file's first rows. */
export const columnSamples = (file: ImportFile, index: number, count = 3): string[] =>
  file.sample
    .map((row) => (row[index] ?? '').trim())
    .filter((value) => value.length > 0)
    .slice(0, count);

/** `mapping` with column `index` importing into `target` (null: not imported). */
export const withTarget = (
  mapping: ReadonlyArray<string | null>,
  index: number,
  target: string | null,
): Array<string | null> => mapping.map((current, position) => (position === index ? target : current));

/** The column (other than `index`) that already imports into `target`, or -1. */
export const columnUsing = (mapping: ReadonlyArray<string | null>, target: string, index: number): number =>
  mapping.findIndex((current, position) => position !== index && current === target);

/** A rejected row's values as "Header: value" pairs, leaving out empty cells. */
export const rowValues = (headers: ReadonlyArray<string>, fields: ReadonlyArray<string>): string[] =>
  fields
    .map((value, index) => ({ header: headers[index] ?? `Column ${index + 1}`, value: value.trim() }))
    .filter((cell) => cell.value.length > 0)
    .map((cell) => `${cell.header}: ${cell.value}`);

/** What "Undo import" did, in a sentence. */
export const undoSummary = (result: UndoResult): string => {
  const reverted = `${plural(result.reverted, 'contact')} put back as ${result.reverted === 1 ? 'it was' : 'they were'} before the import`;
  return result.kept > 0
    ? `${reverted}; ${plural(result.kept, 'field')} changed since the import ${result.kept === 1 ? 'was' : 'were'} kept.`
    : `${reverted}.`;
};

/** How many rows the import would write. */
export const writtenCount = (preview: ImportPreview): number => preview.create + preview.merge;

/** Whether anything was written, so the import can be undone. */
export const canUndo = (report: ImportReport): report is ImportReport & { batch_id: string } =>
  report.batch_id !== null;
