import { FileSpreadsheet } from 'lucide-react';

import type { ImportFile, ImportOptions, ImportTarget, OnDuplicate } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useImportPreview } from '../hooks/useImportPreview';
import { columnSamples, columnUsing, fileSummary, plural, writtenCount } from '../utils/importText';
import { ImportPreviewPanel } from './ImportPreviewPanel';

const CUSTOM_PREFIX = 'custom_fields.';

export type ImportMappingProps = {
  importId: string;
  file: ImportFile;
  options: ImportOptions;
  /** Why the last run failed, if it did. */
  runError: string | null;
  onTargetChange: (index: number, target: string | null) => void;
  onDuplicateChange: (choice: OnDuplicate) => void;
  onChooseAnother: () => void;
  onRun: () => void;
};

type TargetSelectProps = {
  index: number;
  header: string;
  headers: ReadonlyArray<string>;
  targets: ReadonlyArray<ImportTarget>;
  mapping: ReadonlyArray<string | null>;
  onChange: (index: number, target: string | null) => void;
};

/** "Don't import" and every target; a target another column imports into is disabled. */
const TargetSelect = ({ index, header, headers, targets, mapping, onChange }: TargetSelectProps) => {
  const renderOption = (target: ImportTarget) => {
    const user = columnUsing(mapping, target.field, index);
    const usedBy = user === -1 ? null : (headers[user] ?? '');
    return (
      <option key={target.field} value={target.field} disabled={usedBy !== null}>
        {usedBy === null ? target.label : `${target.label} (used by “${usedBy}”)`}
      </option>
    );
  };
  const standard = targets.filter((target) => !target.field.startsWith(CUSTOM_PREFIX));
  const custom = targets.filter((target) => target.field.startsWith(CUSTOM_PREFIX));
  return (
    <select
      className="input"
      aria-label={`Import “${header}” as`}
      value={mapping[index] ?? ''}
      onChange={(event) => onChange(index, event.target.value === '' ? null : event.target.value)}
    >
      <option value="">Don’t import</option>
      {custom.length > 0 ? (
        <>
          <optgroup label="Contact">{standard.map(renderOption)}</optgroup>
          <optgroup label="Custom fields">{custom.map(renderOption)}</optgroup>
        </>
      ) : (
        standard.map(renderOption)
      )}
    </select>
  );
};

/** Step 2: how the file was read, which field each column fills, and what would happen. */
export const ImportMapping = ({
  importId,
  file,
  options,
  runError,
  onTargetChange,
  onDuplicateChange,
  onChooseAnother,
  onRun,
}: ImportMappingProps) => {
  const state = useImportPreview(importId, options);
  const written = state.preview ? writtenCount(state.preview) : 0;
  const ready = state.preview !== null && !state.loading && state.error === null && written > 0;
  const mapped = options.mapping.filter((target) => target !== null).length;

  return (
    <div className="import-step">
      <section className="import-file" aria-label="File">
        <span className="import-file__icon" aria-hidden="true">
          <FileSpreadsheet size={18} />
        </span>
        <div className="import-file__text">
          <div className="import-file__name">{file.file_name}</div>
          <div className="muted" data-testid="import-file-summary">
            Read as {fileSummary(file)}
          </div>
        </div>
        <Button variant="ghost" onClick={onChooseAnother}>
          Choose another file
        </Button>
      </section>

      <section className="import-section" aria-labelledby="import-columns-title">
        <div className="import-section__head">
          <h2 id="import-columns-title">Columns</h2>
          <span className="muted">
            {mapped} of {plural(file.headers.length, 'column')} imported
          </span>
        </div>
        <p className="import-section__hint">
          Choose the contact field each column fills. Each field takes one column; columns set to “Don’t import” are
          left out.
        </p>
        <table className="import-table import-mapping">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Sample values</th>
              <th scope="col">Import as</th>
            </tr>
          </thead>
          <tbody>
            {file.headers.map((header, index) => {
              const samples = columnSamples(file, index);
              return (
                <tr key={`${index}:${header}`} className={options.mapping[index] ? undefined : 'is-skipped'}>
                  <th scope="row" className="import-mapping__header">
                    {header || <span className="muted">Column {index + 1}</span>}
                  </th>
                  <td>
                    <div className="import-mapping__samples">
                      {samples.length > 0 ? (
                        samples.map((sample, position) => (
                          <span key={position} className="import-sample" title={sample}>
                            {sample}
                          </span>
                        ))
                      ) : (
                        <span className="muted">Empty in the first rows</span>
                      )}
                    </div>
                  </td>
                  <td className="import-mapping__target">
                    <TargetSelect
                      index={index}
                      header={header || `Column ${index + 1}`}
                      headers={file.headers}
                      targets={file.targets}
                      mapping={options.mapping}
                      onChange={onTargetChange}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <fieldset className="import-section import-choice">
        <legend>When the email already exists</legend>
        <label className="import-choice__option">
          <input
            type="radio"
            name="on-duplicate"
            value="merge"
            checked={options.on_duplicate === 'merge'}
            onChange={() => onDuplicateChange('merge')}
          />
          <span>
            <span className="import-choice__label">Merge into the existing contact</span>
            <span className="field__hint">The row’s filled-in values update that contact; its tags are added.</span>
          </span>
        </label>
        <label className="import-choice__option">
          <input
            type="radio"
            name="on-duplicate"
            value="skip"
            checked={options.on_duplicate === 'skip'}
            onChange={() => onDuplicateChange('skip')}
          />
          <span>
            <span className="import-choice__label">Skip the row</span>
            <span className="field__hint">The existing contact stays as it is; the row is listed as rejected.</span>
          </span>
        </label>
      </fieldset>

      <ImportPreviewPanel state={state} />

      {runError ? (
        <div className="form-error" role="alert">
          The import failed: {runError}
        </div>
      ) : null}

      <footer className="import-footer">
        <Button onClick={onChooseAnother}>Back</Button>
        <div className="toolbar__spacer" />
        <Button variant="primary" disabled={!ready} onClick={onRun}>
          {written > 0 ? `Import ${plural(written, 'contact')}` : 'Import'}
        </Button>
      </footer>
    </div>
  );
};
