import type { SnapshotResult } from '../../../bindings';
import { enumLabel } from '../../object-record/utils/format';

/** "3 pipelines, 12 pipeline stages, 2 forms": what a snapshot copied. */
export const copiedSummary = (result: SnapshotResult): string =>
  result.copied.length === 0
    ? 'The template workspace has no setup to copy.'
    : result.copied.map((c) => `${c.rows} ${enumLabel(c.table).toLowerCase()}`).join(', ');
