import type { Column, TableName } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { useReference } from '../hooks/useReferences';
import { badgeTone, enumLabel, formatValue } from '../utils/format';

export type ValueViewProps = {
  column: Column;
  value: unknown;
  /** In a table cell: booleans as ✓, JSON shortened, no reference look-ups. */
  compact?: boolean;
};

const MAX_CHIPS = 3;

export const ReferenceValue = ({ table, id }: { table: TableName; id: string }) => {
  // The name while it loads is a quiet dots, never the raw id; a record that cannot be
  // read (out of scope or gone) shows its id.
  const { label, missing } = useReference(table, id);
  if (label === null && !missing) return <span className="muted" aria-busy="true">…</span>;
  return <span title={id}>{label ?? id}</span>;
};

/** A stored value the way a person reads it: badges, ✓, chips, local dates, money. */
export const ValueView = ({ column, value, compact = false }: ValueViewProps) => {
  if (value === null || value === undefined || value === '') {
    return compact ? null : <span className="muted">—</span>;
  }
  switch (column.kind.type) {
    case 'bool':
      if (compact) {
        return value === true ? (
          <span className="check" aria-label="Yes">
            ✓
          </span>
        ) : null;
      }
      return <span>{value === true ? 'Yes' : 'No'}</span>;
    case 'enum':
      return <Badge tone={badgeTone(String(value))}>{enumLabel(String(value))}</Badge>;
    case 'string_array': {
      if (!Array.isArray(value) || value.length === 0) return compact ? null : <span className="muted">—</span>;
      const shown = compact ? value.slice(0, MAX_CHIPS) : value;
      return (
        <span className="chips">
          {shown.map((item) => (
            <span key={String(item)} className="chip">
              {String(item)}
            </span>
          ))}
          {value.length > shown.length ? <span className="muted">+{value.length - shown.length}</span> : null}
        </span>
      );
    }
    case 'object':
    case 'array':
    case 'json':
      return compact ? (
        <span className="mono muted">{formatValue(column, value)}</span>
      ) : (
        <pre className="json">{JSON.stringify(value, null, 2)}</pre>
      );
    case 'uuid':
      if (!compact && column.references && typeof value === 'string') {
        return <ReferenceValue table={column.references as TableName} id={value} />;
      }
      return <span className="mono">{String(value)}</span>;
    case 'timestamp':
    case 'date':
      return <span className={compact ? 'muted' : undefined}>{formatValue(column, value)}</span>;
    default:
      return <span>{formatValue(column, value)}</span>;
  }
};
