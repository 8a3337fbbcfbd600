import type {
  Column,
  ContactActivity,
  ContactNote,
  ErrorPayload,
  Event as CalendarEvent,
  Filter,
  ListQuery,
  Organization,
  Profile,
  TableDef,
  TableName,
  TimelineItem,
  User,
} from '../../bindings';
import type { Backend, CommandArgs, CommandName, CommandResult } from '../backend';
import { TABLE_DEFS } from '../../bindings';
import { slugify } from '../../ui/slug';

type Row = Record<string, unknown>;

/** What the fake starts with. `failWith` makes every call fail, as a broken database does. */
export type FakeSeed = {
  user: User;
  organizations: Organization[];
  activeOrganizationId: string;
  /** The person's role in the active organisation, as a synced profile knows it (`viewer` reads only). */
  role?: string | null;
  rows?: Partial<Record<TableName, Row[]>>;
  failWith?: ErrorPayload;
  /**
   * Answers for the commands the fake does not model itself (bulk actions, undo, import,
   * duplicates, tags): a test supplies the ones its screen calls and checks `calls`.
   */
  handlers?: Partial<Handlers>;
};

type Handler<K extends CommandName> = (args: CommandArgs<K>) => CommandResult<K>;
export type Handlers = { [K in CommandName]: Handler<K> };

/** The commands the fake models in memory: the generic record path, profile and search. */
type ModelledCommand =
  | 'profile_get'
  | 'organization_switch'
  | 'organization_create'
  | 'schema_tables'
  | 'records_list'
  | 'records_count'
  | 'records_get'
  | 'records_create'
  | 'records_update'
  | 'records_delete'
  | 'records_restore'
  | 'records_write_all'
  | 'search'
  | 'contact_timeline'
  | 'booking_slots_preview';

export type FakeBackend = Backend & {
  /** Every call made, in order. */
  calls: Array<{ cmd: CommandName; args: unknown }>;
  /** The stored rows of a table (all organisations, deleted ones too). */
  rows: (table: TableName) => Row[];
};

const SYSTEM_COLUMNS = ['id', 'organization_id', 'created_at', 'updated_at', 'deleted_at'];
/** Given on create only (an imported or hand-logged record keeps its own time), as in the core. */
const SET_ON_CREATE = ['organization_id', 'created_at'];
/** Kept by the database (tag usage counts): never taken from input. */
const DATABASE_COLUMNS = ['usage_count'];
/** The tag type records of a table create, as the core's `tags::ensure_in`. */
const TAG_TYPES: Record<string, 'contact' | 'company'> = { contacts: 'contact', companies: 'company' };
const TAG_PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
const CHECKED_BY_DEFAULT = ['opt_in_email', 'opt_in_sms', 'opt_in_calls', 'opt_in_automations', 'is_active', 'is_visible', 'is_available'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const fail = (code: ErrorPayload['code'], message: string): ErrorPayload => ({ code, message });

let counter = 0;
const newId = (): string => {
  counter += 1;
  const random = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `019a0000-${counter.toString(16).padStart(4, '0')}-7000-8000-${random}0000`;
};

/** Text compares ignoring case first, as the core's `COLLATE NOCASE` sorts do. */
const compare = (a: unknown, b: unknown, numeric: boolean): number => {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (numeric || (typeof a === 'number' && typeof b === 'number')) return Number(a) - Number(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  const [x, y] = [String(a), String(b)];
  const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
  if (lx !== ly) return lx < ly ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A field of a row: a column, or `custom_fields.<key>` inside the custom-field bag. */
const fieldValue = (row: Row, field: string): unknown => {
  if (!field.startsWith('custom_fields.')) return row[field];
  const bag = row.custom_fields;
  return typeof bag === 'object' && bag !== null ? (bag as Row)[field.slice('custom_fields.'.length)] : undefined;
};

const matches = (row: Row, filter: Filter, def: TableDef): boolean => {
  const value = fieldValue(row, filter.field);
  const column = def.columns.find((candidate) => candidate.name === filter.field);
  const numeric = column?.kind.type === 'decimal' || column?.kind.type === 'integer';
  switch (filter.op) {
    case 'eq':
      return compare(value, filter.value, numeric) === 0;
    case 'ne':
      return compare(value, filter.value, numeric) !== 0;
    case 'lt':
      return value != null && compare(value, filter.value, numeric) < 0;
    case 'lte':
      return value != null && compare(value, filter.value, numeric) <= 0;
    case 'gt':
      return value != null && compare(value, filter.value, numeric) > 0;
    case 'gte':
      return value != null && compare(value, filter.value, numeric) >= 0;
    case 'contains':
      return typeof value === 'string' && value.toLowerCase().includes(String(filter.value).toLowerCase());
    case 'starts_with':
      return typeof value === 'string' && value.toLowerCase().startsWith(String(filter.value).toLowerCase());
    case 'ends_with':
      return typeof value === 'string' && value.toLowerCase().endsWith(String(filter.value).toLowerCase());
    case 'in':
      return Array.isArray(filter.value) && filter.value.includes(value);
    case 'is_null':
      return value === null || value === undefined;
    case 'not_null':
      return value !== null && value !== undefined;
    case 'has':
      return Array.isArray(value) && value.includes(filter.value);
  }
};

const defaultValue = (column: Column): unknown => {
  switch (column.kind.type) {
    case 'bool':
      return CHECKED_BY_DEFAULT.includes(column.name);
    case 'object':
      return {};
    case 'array':
    case 'string_array':
      return [];
    case 'integer':
      return 0;
    case 'decimal':
      return '0';
    case 'enum':
      return column.kind.values[0] ?? null;
    case 'timestamp':
      return new Date().toISOString();
    case 'json':
      return null;
    default:
      return '';
  }
};

/** Checks one value the way the Rust core does, with the same `field: reason` messages. */
const checkValue = (column: Column, value: unknown): ErrorPayload | null => {
  const field = column.name;
  if (value === null) {
    return column.nullable ? null : fail('invalid', `${field}: is required and cannot be null`);
  }
  switch (column.kind.type) {
    case 'text':
      if (typeof value !== 'string') return fail('invalid', `${field}: must be a string, got ${JSON.stringify(value)}`);
      if (!column.nullable && !column.has_default && value.trim() === '') {
        return fail('invalid', `${field}: is required and cannot be empty`);
      }
      if ((field === 'email' || field.endsWith('_email')) && value.trim() !== '' && !EMAIL.test(value.trim())) {
        return fail('invalid', `${field}: "${value.trim()}" is not an email address`);
      }
      return null;
    case 'integer':
      return Number.isInteger(value) ? null : fail('invalid', `${field}: must be a whole number, got ${JSON.stringify(value)}`);
    case 'bool':
      return typeof value === 'boolean' ? null : fail('invalid', `${field}: must be true or false, got ${JSON.stringify(value)}`);
    case 'decimal':
      return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(String(value).trim())
        ? null
        : fail('invalid', `${field}: must be a decimal number such as "19.99", got ${JSON.stringify(value)}`);
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : fail('invalid', `${field}: must be an RFC 3339 date-time such as 2026-03-01T09:30:00Z, got ${JSON.stringify(value)}`);
    case 'enum':
      return column.kind.values.includes(String(value))
        ? null
        : fail('invalid', `${field}: must be one of ${column.kind.values.join(', ')}, got "${String(value)}"`);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? null : fail('invalid', `${field}: must be a JSON object, got ${JSON.stringify(value)}`);
    case 'array':
    case 'string_array':
      return Array.isArray(value) ? null : fail('invalid', `${field}: must be a JSON array, got ${JSON.stringify(value)}`);
    default:
      return null;
  }
};

/** An in-memory backend that behaves like the Rust core closely enough for the screens. */
export const createFakeBackend = (seed: FakeSeed): FakeBackend => {
  const defs = TABLE_DEFS;
  const store = new Map<string, Row[]>();
  for (const def of defs) store.set(def.name, [...((seed.rows?.[def.name as TableName] ?? []) as Row[])]);
  const organizations = store.get('organizations') ?? [];
  for (const organization of seed.organizations) {
    if (!organizations.some((row) => row.id === organization.id)) organizations.push({ ...organization });
  }
  const users = store.get('users') ?? [];
  if (!users.some((row) => row.id === seed.user.id)) users.push({ ...seed.user });
  let activeOrganizationId = seed.activeOrganizationId;
  const calls: FakeBackend['calls'] = [];

  const defOf = (table: string): TableDef => {
    const def = defs.find((candidate) => candidate.name === table);
    if (!def) throw fail('invalid', `table: unknown table "${table}"`);
    return def;
  };
  const rowsOf = (table: string): Row[] => store.get(table) ?? [];

  const profile = (): Profile => ({
    user: seed.user,
    organizations: rowsOf('organizations').filter((row) => row.deleted_at == null) as Organization[],
    active_organization_id: activeOrganizationId,
    role: seed.role ?? null,
  });

  const inScope = (def: TableDef, row: Row): boolean =>
    def.scope.type === 'org' ? row.organization_id === activeOrganizationId : true;

  const visible = (table: string, query: ListQuery): Row[] => {
    const def = defOf(table);
    return rowsOf(table).filter((row) => {
      if (!inScope(def, row)) return false;
      const deleted = row.deleted_at != null;
      if (query.deleted === 'exclude' && deleted) return false;
      if (query.deleted === 'only' && !deleted) return false;
      return query.filters.every((filter) => matches(row, filter, def));
    });
  };

  const find = (table: string, id: string): Row => {
    const def = defOf(table);
    const row = rowsOf(table).find((candidate) => candidate.id === id && inScope(def, candidate));
    if (!row) throw fail('not_found', `${table}: no record with id ${id}`);
    return row;
  };

  const checkFields = (def: TableDef, data: Row, mode: 'create' | 'update') => {
    for (const [field, value] of Object.entries(data)) {
      const column = def.columns.find((candidate) => candidate.name === field);
      if (!column || def.hidden.includes(field)) throw fail('invalid', `${field}: is not a field of ${def.name}`);
      if (DATABASE_COLUMNS.includes(field)) throw fail('invalid', `${field}: cannot be set`);
      if (SYSTEM_COLUMNS.includes(field) && !(mode === 'create' && SET_ON_CREATE.includes(field))) {
        throw fail('invalid', `${field}: is managed by the app and cannot be set`);
      }
      const problem = checkValue(column, value);
      if (problem) throw problem;
    }
  };

  const checkUnique = (def: TableDef, row: Row) => {
    if (def.name !== 'contacts' || typeof row.email !== 'string') return;
    const email = row.email.toLowerCase();
    const taken = rowsOf('contacts').some(
      (other) =>
        other.id !== row.id &&
        other.deleted_at == null &&
        other.organization_id === row.organization_id &&
        String(other.email).toLowerCase() === email,
    );
    if (taken) throw fail('conflict', `email: "${row.email}" is already used by another contact`);
  };

  /** Creates the tags a contact or company names that the organisation lacks, as the core does. */
  const ensureTags = (table: string, names: unknown) => {
    const type = TAG_TYPES[table];
    if (!type || !Array.isArray(names)) return;
    const tags = rowsOf('tags');
    for (const name of names) {
      if (typeof name !== 'string' || !name.trim()) continue;
      const exists = tags.some(
        (tag) =>
          tag.organization_id === activeOrganizationId &&
          tag.deleted_at == null &&
          (tag.type === type || tag.type === 'general') &&
          String(tag.name).toLowerCase() === name.toLowerCase(),
      );
      if (exists) continue;
      let hash = 0;
      for (const char of name.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      tags.push({
        id: newId(),
        organization_id: activeOrganizationId,
        name,
        color: TAG_PALETTE[hash % TAG_PALETTE.length],
        type,
        usage_count: 0,
        created_at: new Date().toISOString(),
        deleted_at: null,
      });
    }
  };

  const modelled: { [K in ModelledCommand]: Handler<K> } = {
    profile_get: () => profile(),
    organization_switch: ({ organization }) => {
      const found = rowsOf('organizations').find((row) => row.id === organization || row.slug === organization);
      if (!found) throw fail('not_found', `organizations: no record with id ${organization}`);
      activeOrganizationId = String(found.id);
      return profile();
    },
    organization_create: ({ name, slug: asked, parent }) => {
      if (!name.trim()) throw fail('invalid', 'name: is required and cannot be empty');
      // As the core does: the slug is made from the name when none is given.
      const slug = asked ?? slugify(name);
      if (!SLUG.test(slug)) throw fail('invalid', `slug: "${slug}" is not a valid slug (lowercase letters, digits and dashes)`);
      if (rowsOf('organizations').some((row) => row.slug === slug)) {
        throw fail('conflict', `slug: "${slug}" is already taken`);
      }
      const now = new Date().toISOString();
      const id = newId();
      rowsOf('organizations').push({
        id,
        name: name.trim(),
        slug,
        owner_id: seed.user.id,
        logo_url: null,
        website: null,
        industry: null,
        size: '1-10',
        status: 'active',
        created_at: now,
        updated_at: now,
        deleted_at: null,
        parent_id: parent,
      });
      activeOrganizationId = id;
      return profile();
    },
    schema_tables: () => defs,
    records_list: ({ table, query }) => {
      const def = defOf(table);
      const sort = query.sort ?? { field: 'created_at', desc: true };
      const column = def.columns.find((candidate) => candidate.name === sort.field);
      const numeric = column?.kind.type === 'decimal' || column?.kind.type === 'integer';
      const sorted = [...visible(table, query)].sort((a, b) => {
        const order = compare(fieldValue(a, sort.field), fieldValue(b, sort.field), numeric) || compare(a.id, b.id, false);
        return sort.desc ? -order : order;
      });
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 50;
      const items = sorted.slice(start, start + limit);
      const next = start + limit < sorted.length ? String(start + limit) : null;
      return { items: items.map((row) => ({ ...row })), next_cursor: next };
    },
    records_count: ({ table, query }) => visible(table, query).length,
    // Word-prefix matching over the same fields the core's FTS index covers.
    search: ({ text, limit }) => {
      const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length === 0) return [];
      const matches = (values: unknown[]) => {
        const tokens = values.join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u);
        return words.every((word) => tokens.some((token) => token.startsWith(word)));
      };
      const live = { filters: [], deleted: 'exclude' as const };
      const contacts = visible('contacts', live)
        .filter((row) => matches([row.first_name, row.last_name, row.email, row.phone, row.company]))
        .map((row) => ({ kind: 'contact' as const, id: String(row.id), record: { ...row } }));
      const companies = visible('companies', live)
        .filter((row) => matches([row.name, row.domain, row.phone]))
        .map((row) => ({ kind: 'company' as const, id: String(row.id), record: { ...row } }));
      return [...contacts.slice(0, limit), ...companies.slice(0, limit)];
    },
    // The core's one merged query (timeline.rs): the contact's unpinned notes, activities
    // and events newest first by (at, id, kind), a page continuing after `before`;
    // pinned notes apart, with the first page.
    contact_timeline: ({ contactId, query }) => {
      find('contacts', contactId);
      const own = (table: string) =>
        visible(table, { filters: [{ field: 'contact_id', op: 'eq', value: contactId }], deleted: 'exclude' });
      const notes = own('contact_notes') as ContactNote[];
      const items: TimelineItem[] = [
        ...notes.filter((note) => !note.is_pinned).map((note): TimelineItem => ({ kind: 'note', id: note.id, at: note.created_at, note })),
        ...(own('contact_activities') as ContactActivity[]).map(
          (activity): TimelineItem => ({ kind: 'activity', id: activity.id, at: activity.created_at, activity }),
        ),
        ...(own('events') as CalendarEvent[]).map((event): TimelineItem => ({ kind: 'event', id: event.id, at: event.start_time, event })),
      ];
      const key = (item: TimelineItem) => [item.at, item.id, item.kind];
      const newerFirst = (a: string[], b: string[]) => {
        for (let i = 0; i < a.length; i += 1) {
          const [x, y] = [a[i] ?? '', b[i] ?? ''];
          if (x !== y) return x < y ? 1 : -1;
        }
        return 0;
      };
      const sorted = items.sort((a, b) => newerFirst(key(a), key(b)));
      let after = sorted;
      if (query.before) {
        const [at, kind, ...id] = query.before.split('/');
        if (!at || !kind || id.length === 0) throw fail('invalid', `before: "${query.before}" is not a timeline cursor`);
        const cursor = [at, id.join('/'), kind];
        after = sorted.filter((item) => newerFirst(key(item), cursor) > 0);
      }
      const limit = query.limit ?? 50;
      const page = after.slice(0, limit);
      const last = page[page.length - 1];
      const pinned = query.before
        ? []
        : notes.filter((note) => note.is_pinned).sort((a, b) => newerFirst([a.created_at, a.id], [b.created_at, b.id]));
      return { pinned, items: page, next_cursor: after.length > limit && last ? `${last.at}/${last.kind}/${last.id}` : null };
    },
    // A small model of the core's slot engine for the preview: the type's weekly rules (or
    // the general ones) on each date, stepped by the interval, minus days off. Times are
    // taken as UTC; busy events, notice and limits are the real engine's business.
    booking_slots_preview: ({ slug, from, days }) => {
      const live = { filters: [], deleted: 'exclude' as const };
      const type = visible('booking_types', live).find((row) => row.slug === slug);
      if (!type) throw fail('invalid', `booking_type: no booking type with slug "${slug}" in this organization`);
      if (!type.is_active) throw fail('invalid', `booking_type: "${slug}" is not active`);
      const rules = visible('availability_rules', live);
      const own = rules.filter((rule) => rule.booking_type_id === type.id);
      const chosen = own.length > 0 ? own : rules.filter((rule) => rule.booking_type_id == null);
      const minutes = (time: unknown) => {
        const [h, m] = String(time).split(':').map(Number);
        return (h ?? 0) * 60 + (m ?? 0) || 0;
      };
      const duration = Number(type.duration_minutes);
      const step = Number(type.slot_interval_minutes ?? duration);
      const slots: string[] = [];
      const first = Date.parse(`${from}T00:00:00Z`);
      if (Number.isNaN(first)) throw fail('invalid', `from: "${from}" is not a date (YYYY-MM-DD)`);
      for (let day = 0; day < days; day += 1) {
        const date = new Date(first + day * 86_400_000);
        const text = date.toISOString().slice(0, 10);
        const off = visible('availability_exceptions', live).some((row) => row.date === text && !row.is_available && row.start_time == null);
        if (off) continue;
        for (const rule of chosen.filter((r) => r.day_of_week === date.getUTCDay() && r.is_available)) {
          const end = minutes(rule.end_time) || 1440;
          for (let start = minutes(rule.start_time); start + duration <= end; start += step) {
            const hh = String(Math.floor(start / 60)).padStart(2, '0');
            const mm = String(start % 60).padStart(2, '0');
            slots.push(`${text}T${hh}:${mm}:00+00:00`);
          }
        }
      }
      return slots.sort();
    },
    records_get: ({ table, id }) => ({ ...find(table, id) }),
    records_create: ({ table, data }) => {
      const def = defOf(table);
      if (def.read_only) throw fail('forbidden', `not allowed: ${table} is written by the app only`);
      checkFields(def, data, 'create');
      const now = new Date().toISOString();
      const row: Row = {};
      for (const column of def.columns) {
        if (column.name in data) {
          row[column.name] = data[column.name];
        } else if (column.name === 'id') {
          row.id = newId();
        } else if (column.name === 'organization_id') {
          row.organization_id = activeOrganizationId;
        } else if (column.name === 'created_at' || column.name === 'updated_at') {
          row[column.name] = now;
        } else if (column.meaning === 'actor') {
          row[column.name] = seed.user.id;
        } else if (column.nullable) {
          row[column.name] = null;
        } else if (column.has_default) {
          row[column.name] = def.hidden.includes(column.name) ? undefined : defaultValue(column);
        } else {
          throw fail('invalid', `${column.name}: is required`);
        }
      }
      for (const hidden of def.hidden) delete row[hidden];
      checkUnique(def, row);
      ensureTags(table, row.tags);
      rowsOf(table).push(row);
      return { ...row };
    },
    records_update: ({ table, id, patch }) => {
      const def = defOf(table);
      if (def.read_only) throw fail('forbidden', `not allowed: ${table} is written by the app only`);
      const row = find(table, id);
      if (row.deleted_at != null) throw fail('invalid', `${table}: record ${id} is in the trash; restore it first`);
      checkFields(def, patch, 'update');
      const next = { ...row, ...patch, updated_at: new Date().toISOString() };
      checkUnique(def, next);
      if ('tags' in patch) ensureTags(table, patch.tags);
      Object.assign(row, next);
      return { ...row };
    },
    records_delete: ({ table, id }) => {
      const def = defOf(table);
      if (def.read_only) throw fail('forbidden', `not allowed: ${table} is written by the app only`);
      const row = find(table, id);
      row.deleted_at = new Date().toISOString();
      return { ...row };
    },
    records_write_all: ({ table, changes }) => {
      // All or nothing, as the core's one transaction.
      const saved = structuredClone(rowsOf(table));
      try {
        for (const change of changes) {
          if (change.kind === 'create') modelled.records_create({ table, data: change.data });
          else if (change.kind === 'update') modelled.records_update({ table, id: change.id, patch: change.patch });
          else modelled.records_delete({ table, id: change.id });
        }
      } catch (error) {
        rowsOf(table).splice(0, rowsOf(table).length, ...saved);
        throw error;
      }
      return { batch_id: newId(), changed: changes.length, unchanged: 0 };
    },
    records_restore: ({ table, id }) => {
      const def = defOf(table);
      const row = find(table, id);
      const restored = { ...row, deleted_at: null };
      checkUnique(def, restored);
      row.deleted_at = null;
      return { ...row };
    },
  };

  return {
    calls,
    rows: (table) => rowsOf(table),
    invoke: <K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> => {
      calls.push({ cmd, args });
      if (seed.failWith) return Promise.reject(seed.failWith);
      try {
        const handler = (seed.handlers?.[cmd] ?? (modelled as Partial<Handlers>)[cmd]) as
          | Handler<K>
          | undefined;
        if (!handler) return Promise.reject(fail('internal', `${cmd} is not available in the preview`));
        // A copy, so screens cannot change the store by mutating a result.
        return Promise.resolve(structuredClone(handler(args)));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
};

