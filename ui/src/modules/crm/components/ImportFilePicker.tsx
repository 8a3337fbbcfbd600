import { useState, type ChangeEvent, type DragEvent } from 'react';
import { FileUp } from 'lucide-react';

import { Spinner } from '../../../ui/Spinner';

export type ImportFilePickerProps = {
  /** The name of the file being read, while it is. */
  opening: string | null;
  /** Why the last file could not be read. */
  error: string | null;
  onFile: (file: File) => void;
};

/** Step 1: a drop zone with a file button. */
export const ImportFilePicker = ({ opening, error, onFile }: ImportFilePickerProps) => {
  const [dragging, setDragging] = useState(false);

  const handleDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const handleDragLeave = (event: DragEvent<HTMLDivElement>) => {
    // Leaving for a child of the zone is not leaving the zone.
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDragging(false);
  };

  const handleDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !opening) onFile(file);
  };

  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so choosing the same file again after fixing it still reads it.
    event.target.value = '';
    if (file) onFile(file);
  };

  return (
    <div className="import-step">
      <div
        className={`import-drop${dragging ? ' import-drop--active' : ''}`}
        onDragOver={handleDragOver}
        onDragEnter={handleDragOver}
        onDragLeave={handleDragLeave}
        onDrop={handleDrop}
      >
        <span className="import-drop__icon" aria-hidden="true">
          <FileUp size={22} />
        </span>
        {opening ? (
          <div className="import-drop__reading">
            <Spinner label={`Reading ${opening}…`} />
            <span>Reading {opening}…</span>
          </div>
        ) : (
          <>
            <p className="import-drop__title">Drop a CSV file here</p>
            <p className="muted">or</p>
            <label className="button button--primary import-drop__button">
              Choose a CSV file
              <input
                type="file"
                accept=".csv,text/csv"
                className="visually-hidden"
                onChange={handleChange}
              />
            </label>
          </>
        )}
      </div>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <ul className="import-hints">
        <li>The first line names the columns; each other line becomes a contact.</li>
        <li>Contacts are matched by email, so a file can add new contacts and update existing ones.</li>
        <li>UTF-8, UTF-16 and Windows-1252 files; comma, semicolon, tab or pipe separated.</li>
      </ul>
    </div>
  );
};
