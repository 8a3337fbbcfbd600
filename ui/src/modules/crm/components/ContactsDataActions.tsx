import { CopyCheck, Upload } from 'lucide-react';

import type { ListQuery } from '../../../bindings';
import { Button } from '../../../ui/Button';
import type { HeaderActionsProps } from '../../object-record/types/manifest';
import { ExportContactsButton } from './ExportContactsButton';

export type ContactsDataActionsProps = HeaderActionsProps & {
  /** The contacts "Export CSV" writes; every live one by default. */
  exportQuery?: ListQuery;
};

/** The Contacts page's data actions: find duplicates, import and export CSV. */
export const ContactsDataActions = ({ onOpenTool, exportQuery }: ContactsDataActionsProps) => (
  <div className="page-header__actions">
    <Button variant="ghost" icon={<CopyCheck size={14} />} onClick={() => onOpenTool('duplicates')}>
      Find duplicates
    </Button>
    <Button icon={<Upload size={14} />} onClick={() => onOpenTool('import')}>
      Import
    </Button>
    <ExportContactsButton query={exportQuery} />
  </div>
);
