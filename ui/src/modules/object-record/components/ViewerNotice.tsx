import { Eye } from 'lucide-react';

import { VIEWER_NOTE } from '../hooks/useCanEdit';

/** What a viewer is told above a screen whose New, Edit, drag and delete controls are gone. */
export const ViewerNotice = () => (
  <div className="viewer-notice" role="note" data-testid="viewer-notice">
    <Eye size={14} aria-hidden="true" />
    <span>{VIEWER_NOTE}</span>
  </div>
);
