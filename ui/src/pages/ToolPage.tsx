import { ChevronRight } from 'lucide-react';

import { routeHash, type CrmModule, type ToolId } from '../modules/app-shell/utils/navigation';
import { DuplicatesPage } from '../modules/crm/components/DuplicatesPage';
import { ImportPage } from '../modules/crm/components/ImportPage';
import { GoogleCalendarPanel } from '../modules/calendar/components/GoogleCalendarPanel';

export type ToolPageProps = {
  module: CrmModule;
  tool: ToolId;
  /** Back to the module's tables. */
  onBack: () => void;
};

/** A module's tool (Contacts' import, duplicates; Google Calendar) under a breadcrumb back to the module. */
export const ToolPage = ({ module, tool, onBack }: ToolPageProps) => {
  const title = module.tools?.find((candidate) => candidate.id === tool)?.title ?? module.label;
  return (
    <div className="module-page">
      <header className="page-header">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <a
            href={routeHash(module)}
            onClick={(event) => {
              event.preventDefault();
              onBack();
            }}
          >
            {module.label}
          </a>
          <ChevronRight size={14} aria-hidden="true" />
        </nav>
        <h1>{title}</h1>
      </header>
      <div className="tool-page">
        {tool === 'import' ? (
          <ImportPage onViewContacts={onBack} />
        ) : tool === 'google-calendar' ? (
          <GoogleCalendarPanel />
        ) : (
          <DuplicatesPage />
        )}
      </div>
    </div>
  );
};
