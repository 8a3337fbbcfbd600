import type { Hit } from '../../../bindings';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A full-text hit's second line: the given fields that are filled in, joined with " · ". */
export const hitDetail =
  (fields: ReadonlyArray<string>) =>
  (hit: Hit): string =>
    fields
      .map((field) => text(hit.record[field]))
      .filter((value) => value.length > 0)
      .join(' · ');

/** A contact's email · company · phone. */
export const contactHitDetail = hitDetail(['email', 'company', 'phone']);

/** A company's domain. */
export const companyHitDetail = hitDetail(['domain']);
