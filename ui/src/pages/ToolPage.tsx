import { ChevronRight } from 'lucide-react';
import { Link, useNavigate } from 'react-router';

import { entryPath } from '../modules/object-record/states/registry';
import type { ModuleTool, SidebarEntry } from '../modules/object-record/types/manifest';

export type ToolPageProps = {
  entry: SidebarEntry;
  tool: ModuleTool;
};

/** A tool of a sidebar entry (Contacts' import, duplicates; Google Calendar) under a breadcrumb back to the entry. */
export const ToolPage = ({ entry, tool }: ToolPageProps) => {
  const navigate = useNavigate();
  return (
    <div className="module-page">
      <header className="page-header">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link to={entryPath(entry)}>{entry.label}</Link>
          <ChevronRight size={14} aria-hidden="true" />
        </nav>
        <h1>{tool.title}</h1>
      </header>
      <div className="tool-page">
        <tool.Page onBack={() => navigate(entryPath(entry))} />
      </div>
    </div>
  );
};
