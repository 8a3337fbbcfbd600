import { useMemo, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ToolPageProps } from '../../object-record/types/manifest';
import type { ImportOpened, ImportReport, OnDuplicate } from '../../../bindings';
import { bytesToBase64 } from '../utils/base64';
import { withTarget } from '../utils/importText';
import { ImportFilePicker } from './ImportFilePicker';
import { ImportMapping } from './ImportMapping';
import { ImportReportView } from './ImportReportView';
import { ImportRunning } from './ImportRunning';
import { ImportStepper } from './ImportStepper';

type Step =
  | { name: 'choose' }
  | { name: 'map'; opened: ImportOpened }
  | { name: 'run'; opened: ImportOpened }
  | { name: 'done'; opened: ImportOpened; report: ImportReport };

const STEP_INDEX: Record<Step['name'], number> = { choose: 0, map: 1, run: 2, done: 3 };

export type ImportPageProps = {
  /** Leave for the contacts list. */
  onViewContacts: () => void;
};

/**
 * The CSV import wizard: choose a file, map its columns with a live preview, run the
 * import with a progress bar, then read the report, save it or undo the whole import.
 */
export const ImportPage = ({ onViewContacts }: ImportPageProps) => {
  const backend = useBackend();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [opening, setOpening] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Array<string | null>>([]);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('merge');
  const [runError, setRunError] = useState<string | null>(null);
  const options = useMemo(() => ({ mapping, on_duplicate: onDuplicate }), [mapping, onDuplicate]);

  const handleFile = async (file: File) => {
    setOpening(file.name);
    setOpenError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const opened = await backend.invoke('import_open', { fileName: file.name, dataBase64: bytesToBase64(bytes) });
      setMapping(opened.file.mapping);
      setOnDuplicate('merge');
      setRunError(null);
      setStep({ name: 'map', opened });
    } catch (reason) {
      setOpenError(`${file.name} could not be read: ${toErrorPayload(reason).message}`);
    } finally {
      setOpening(null);
    }
  };

  const handleRun = async (opened: ImportOpened) => {
    setRunError(null);
    setStep({ name: 'run', opened });
    try {
      const report = await backend.invoke('import_run', { importId: opened.import_id, options });
      setStep({ name: 'done', opened, report });
    } catch (reason) {
      setRunError(toErrorPayload(reason).message);
      setStep({ name: 'map', opened });
    }
  };

  const handleStartOver = () => {
    setOpenError(null);
    setStep({ name: 'choose' });
  };

  const renderStep = () => {
    switch (step.name) {
      case 'choose':
        return <ImportFilePicker opening={opening} error={openError} onFile={(file) => void handleFile(file)} />;
      case 'map':
        return (
          <ImportMapping
            key={step.opened.import_id}
            importId={step.opened.import_id}
            file={step.opened.file}
            options={options}
            runError={runError}
            onTargetChange={(index, target) => setMapping((current) => withTarget(current, index, target))}
            onDuplicateChange={setOnDuplicate}
            onChooseAnother={handleStartOver}
            onRun={() => void handleRun(step.opened)}
          />
        );
      case 'run':
        return <ImportRunning importId={step.opened.import_id} fileName={step.opened.file.file_name} />;
      case 'done':
        return (
          <ImportReportView
            importId={step.opened.import_id}
            file={step.opened.file}
            report={step.report}
            onImportAnother={handleStartOver}
            onViewContacts={onViewContacts}
          />
        );
    }
  };

  return (
    <div className="import-page">
      <ImportStepper current={STEP_INDEX[step.name]} />
      {renderStep()}
    </div>
  );
};

/** Import contacts as a tool page of Contacts: "View contacts" goes back to the list. */
export const ImportTool = ({ onBack }: ToolPageProps) => <ImportPage onViewContacts={onBack} />;
