import { Inbox } from 'lucide-react';

import type { TableName } from '../bindings';
import type { CrmModule, ToolId } from '../modules/app-shell/utils/navigation';
import { BookingTypesPage } from '../modules/calendar/components/BookingTypesPage';
import { CalendarPage } from '../modules/calendar/components/CalendarPage';
import { ContactsDataActions } from '../modules/crm/components/ContactsDataActions';
import { RecordsView } from '../modules/object-record/components/RecordsView';
import { useTableDef } from '../modules/object-record/states/SchemaContext';
import { tableLabel } from '../modules/object-record/utils/labels';
import { EmptyState } from '../ui/EmptyState';
import { Tabs } from '../ui/Tabs';

export type ModulePageProps = {
  module: CrmModule;
  table: TableName;
  /** A record whose details drawer opens, from the route. */
  openId: string | null;
  onTableChange: (table: TableName) => void;
  onOpenClosed: () => void;
  /** A record was opened from the list: put it in the route (`?open=<id>`). */
  onOpenRecord?: (id: string) => void;
  onNewOrganization: () => void;
  /** Opens one of the module's tools (Contacts' import, duplicates). */
  onOpenTool?: (tool: ToolId) => void;
};

/**
 * One module: its title, a tab per table, and the selected table's records; the calendar and
 * the booking types have screens of their own.
 */
export const ModulePage = ({
  module,
  table,
  openId,
  onTableChange,
  onOpenClosed,
  onOpenRecord,
  onNewOrganization,
  onOpenTool,
}: ModulePageProps) => {
  const def = useTableDef(table);
  return (
    <div className="module-page">
      <header className="page-header">
        <h1>{module.label}</h1>
        {table === 'contacts' && onOpenTool ? <ContactsDataActions onOpenTool={onOpenTool} /> : null}
      </header>
      {module.tables.length > 1 ? (
        <Tabs
          label={`${module.label} tables`}
          items={module.tables.map((id) => ({ id, label: tableLabel(id).tab }))}
          selected={table}
          onSelect={onTableChange}
        />
      ) : null}
      {table === 'events' ? (
        <CalendarPage />
      ) : table === 'booking_types' ? (
        <BookingTypesPage />
      ) : def ? (
        <RecordsView
          key={table}
          def={def}
          openId={openId}
          onOpenClosed={onOpenClosed}
          onOpenRecord={onOpenRecord}
          onCreate={table === 'organizations' ? onNewOrganization : undefined}
        />
      ) : (
        <EmptyState
          icon={<Inbox size={20} />}
          title={`${tableLabel(table).tab} are not available`}
          description="This version of the app does not know this table."
        />
      )}
    </div>
  );
};
