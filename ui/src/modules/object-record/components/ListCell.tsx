import { createContext, useContext } from 'react';

import type { CustomFieldDefinition } from '../../../bindings';
import { peopleTable } from '../states/registry';
import { ValueView } from './ValueView';
import { initials } from '../utils/displayName';
import { formatDate, formatTimestamp } from '../utils/format';
import type { FieldColumn } from '../utils/listFields';

type Row = Record<string, unknown>;

/** What cells look up outside their row: tag colours, people's and linked records' names. */
export type CellLookups = {
  tagColors: ReadonlyMap<string, string | null>;
  ownerNames: ReadonlyMap<string, string>;
  linkNames: ReadonlyMap<string, string>;
};

export const CellLookupsContext = createContext<CellLookups>({
  tagColors: new Map(),
  ownerNames: new Map(),
  linkNames: new Map(),
});

const MAX_CHIPS = 3;

/** Multi-select options have no colours of their own. */
const NO_COLORS: ReadonlyMap<string, string | null> = new Map();

export type TagChipsProps = {
  tags: ReadonlyArray<string>;
  colors: ReadonlyMap<string, string | null>;
  max?: number;
};

/** Tags as chips with their colour from the tags table; beyond `max`, a "+n". */
export const TagChips = ({ tags, colors, max = MAX_CHIPS }: TagChipsProps) => {
  const shown = tags.slice(0, max);
  return (
    <span className="chips chips--nowrap">
      {shown.map((tag) => (
        <span key={tag} className="chip tag-chip">
          <span className="tag-chip__dot" style={{ background: colors.get(tag.toLowerCase()) ?? undefined }} aria-hidden="true" />
          {tag}
        </span>
      ))}
      {tags.length > shown.length ? <span className="muted">+{tags.length - shown.length}</span> : null}
    </span>
  );
};

/** Lists show the day of an instant, in local time; the time is in the tooltip. */
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const InstantValue = ({ value }: { value: string }) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span className="muted">{value}</span>;
  return (
    <time className="muted" dateTime={value} title={formatTimestamp(value)}>
      {dayFormat.format(date)}
    </time>
  );
};

const textList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : [];

const CustomValue = ({ definition, value }: { definition: CustomFieldDefinition; value: unknown }) => {
  if (value === null || value === undefined || value === '') return null;
  switch (definition.field_type) {
    case 'checkbox':
      return value === true ? (
        <span className="check" aria-label="Yes">
          ✓
        </span>
      ) : null;
    case 'select':
      return <span className="chip">{String(value)}</span>;
    case 'multi_select':
      return <TagChips tags={textList(value)} colors={NO_COLORS} />;
    case 'number':
      return <span>{typeof value === 'number' ? value.toLocaleString() : String(value)}</span>;
    case 'date':
      return <span className="muted">{typeof value === 'string' ? formatDate(value) : String(value)}</span>;
    default:
      return <span title={String(value)}>{String(value)}</span>;
  }
};

/** A person, by name with initials; the id while the name is unknown. */
const PersonValue = ({ name, id }: { name: string | undefined; id: string }) =>
  name ? (
    <span className="person-cell">
      <span className="avatar avatar--tiny" aria-hidden="true">
        {initials(name) || '?'}
      </span>
      <span className="person-cell__name">{name}</span>
    </span>
  ) : (
    <span className="mono muted" title={id}>
      {id.slice(0, 8)}
    </span>
  );

export type ListCellProps = {
  column: FieldColumn;
  row: Row;
};

/** One field of a row as the list shows it: badges, coloured tags, people by name. */
export const ListCell = ({ column, row }: ListCellProps) => {
  const lookups = useContext(CellLookupsContext);
  if (column.custom) {
    const bag = row.custom_fields;
    const value = typeof bag === 'object' && bag !== null ? (bag as Record<string, unknown>)[column.custom.key] : undefined;
    return <CustomValue definition={column.custom} value={value} />;
  }
  const field = column.column;
  if (!field) return null;
  const value = row[field.name];
  if (field.kind.type === 'string_array' && field.meaning === 'tag_list') {
    return Array.isArray(value) && value.length > 0 ? <TagChips tags={value.map(String)} colors={lookups.tagColors} /> : null;
  }
  if (field.kind.type === 'uuid' && field.references && typeof value === 'string') {
    if (field.references === peopleTable()) return <PersonValue name={lookups.ownerNames.get(value)} id={value} />;
    const name = lookups.linkNames.get(value);
    return name ? <span>{name}</span> : <span className="mono muted">{value.slice(0, 8)}</span>;
  }
  if (field.kind.type === 'timestamp' && typeof value === 'string') return <InstantValue value={value} />;
  return <ValueView column={field} value={value} compact />;
};
