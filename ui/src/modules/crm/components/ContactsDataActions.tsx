import { CopyCheck, Upload } from 'lucide-react';

import type { ListQuery } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useIsViewer } from '../../object-record/hooks/useCanEdit';
import type { HeaderActionsProps } from '../../object-record/types/manifest';
import { ExportContactsButton } from './ExportContactsButton';

export type ContactsDataActionsProps = HeaderActionsProps & {
  /** The contacts "Export CSV" writes; every live one by default. */
  exportQuery?: ListQuery;
};

/** The Contacts page's data actions: find duplicates, import and export CSV (a viewer exports only). */
export const ContactsDataActions = ({ onOpenTool, exportQuery }: ContactsDataActionsProps) => {
  const viewer = useIsViewer();
  return (
    <div className="page-header__actions">
      {viewer ? null : (
        <>
          <Button variant="ghost" icon={<CopyCheck size={14} />} onClick={() => onOpenTool('duplicates')}>
            Find duplicates
          </Button>
          <Button icon={<Upload size={14} />} onClick={() => onOpenTool('import')}>
            Import
          </Button>
        </>
      )}
      <ExportContactsButton query={exportQuery} />
    </div>
  );
};
