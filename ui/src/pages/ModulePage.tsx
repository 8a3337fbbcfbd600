import { useState } from 'react';
import { Inbox } from 'lucide-react';
import { useNavigate, useSearchParams } from 'react-router';

import type { TableName } from '../bindings';
import { RecordsView } from '../modules/object-record/components/RecordsView';
import { useTableDef } from '../modules/object-record/states/SchemaContext';
import { entryPath, entryTools, tableSpec, toolPath } from '../modules/object-record/states/registry';
import type { SidebarEntry } from '../modules/object-record/types/manifest';
import { tableLabel } from '../modules/object-record/utils/labels';
import { EmptyState } from '../ui/EmptyState';
import { Tabs } from '../ui/Tabs';

export type ModulePageProps = {
  entry: SidebarEntry;
  table: TableName;
};

/**
 * A sidebar entry: its title, a tab per table, and the selected table's records (or the
 * screen its module declares for it, such as the calendar); `?open=<id>` opens a record.
 */
export const ModulePage = ({ entry, table }: ModulePageProps) => {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const openId = params.get('open') || null;
  const def = useTableDef(table);
  const [creating, setCreating] = useState(false);
  const { Screen, HeaderActions, CreateDialog } = tableSpec(table);

  const handleTableChange = (next: TableName) => navigate(entryPath(entry, next));
  const handleOpenTool = (id: string) => {
    const tool = entryTools(entry.id).find((candidate) => candidate.id === id);
    if (tool) navigate(toolPath(tool));
  };

  if (entry.Screen) return <entry.Screen table={table} onTableChange={handleTableChange} />;

  return (
    <div className="module-page">
      <header className="page-header">
        <h1>{entry.label}</h1>
        {HeaderActions ? <HeaderActions onOpenTool={handleOpenTool} /> : null}
      </header>
      {entry.tables.length > 1 ? (
        <Tabs
          label={`${entry.label} tables`}
          items={entry.tables.map((id) => ({ id, label: tableLabel(id).tab }))}
          selected={table}
          onSelect={handleTableChange}
        />
      ) : null}
      {Screen ? (
        <Screen />
      ) : def ? (
        <RecordsView
          key={table}
          def={def}
          openId={openId}
          onOpenClosed={() => navigate(entryPath(entry, table), { replace: true })}
          onOpenRecord={(id) => navigate(entryPath(entry, table, id))}
          onCreate={CreateDialog ? () => setCreating(true) : undefined}
        />
      ) : (
        <EmptyState
          icon={<Inbox size={20} />}
          title={`${tableLabel(table).tab} are not available`}
          description="This version of the app does not know this table."
        />
      )}
      {creating && CreateDialog ? <CreateDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
};
