import { Eye } from 'lucide-react';

import { CLIENT_NOTE, VIEWER_NOTE } from '../hooks/useCanEdit';
import { useProfile } from '../hooks/useProfile';

/** What a viewer (or client) is told above a screen whose New, Edit, drag and delete controls are gone. */
export const ViewerNotice = () => {
  const client = useProfile().data?.role === 'client';
  return (
    <div className="viewer-notice" role="note" data-testid="viewer-notice">
      <Eye size={14} aria-hidden="true" />
      <span>{client ? CLIENT_NOTE : VIEWER_NOTE}</span>
    </div>
  );
};
