import { createContext, useContext, useMemo, type ReactNode } from 'react';

import type { TableDef } from '../../../bindings';

const SchemaContext = createContext<ReadonlyMap<string, TableDef>>(new Map());

export type SchemaProviderProps = {
  tables: ReadonlyArray<TableDef>;
  children: ReactNode;
};

/** The backend's table definitions (`schema_tables`), by table name. */
export const SchemaProvider = ({ tables, children }: SchemaProviderProps) => {
  const byName = useMemo(() => new Map(tables.map((def) => [def.name, def])), [tables]);
  return <SchemaContext.Provider value={byName}>{children}</SchemaContext.Provider>;
};

export const useTableDef = (table: string): TableDef | undefined => useContext(SchemaContext).get(table);

/** Every table definition, by name. */
export const useSchema = (): ReadonlyMap<string, TableDef> => useContext(SchemaContext);
