import { useState } from 'react';
import { Download } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ListQuery } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useToast } from '../../../ui/Toasts';

/** Every contact not in the trash. */
export const ALL_LIVE_CONTACTS: ListQuery = { filters: [], deleted: 'exclude' };

export type ExportContactsButtonProps = {
  /** The contacts to export; every live one by default. */
  query?: ListQuery;
};

/** Writes the contacts as CSV into the Downloads folder and says where. */
export const ExportContactsButton = ({ query = ALL_LIVE_CONTACTS }: ExportContactsButtonProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [exporting, setExporting] = useState(false);

  const handleExport = async () => {
    setExporting(true);
    try {
      const path = await backend.invoke('contacts_export', { query });
      toast.showSuccess(`Exported to ${path}`);
    } catch (reason) {
      toast.showError('Could not export contacts', toErrorPayload(reason).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Button
      icon={<Download size={14} />}
      disabled={exporting}
      title={
        query === ALL_LIVE_CONTACTS
          ? 'Save every contact (not the trash) as a CSV file in your Downloads folder'
          : 'Save the contacts shown as a CSV file in your Downloads folder'
      }
      onClick={() => void handleExport()}
    >
      {exporting ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
};
