import { useId, useRef } from 'react';
import { seriesFileName, seriesToCsv } from './chartData';
import { downloadText } from './download';
import { checkDraft, MAX_CONFIG_FILE_BYTES } from './labConfig';
import { useLab, useLabApi } from './labContext';
import { errorMessage } from '../engine/errorMessage';

/** Export and import the settings as JSON; export the run's series as CSV. */
export function ConfigFiles() {
  const store = useLabApi();
  const isBusy = useLab((s) => s.progress !== null);
  const hasSeries = useLab((s) => (s.current?.series.length ?? 0) > 0);
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  const exportConfig = (): void => {
    const checked = checkDraft(store.getState().draft);
    if (!checked.ok) {
      store.setState({
        errors: checked.errors,
        notice: {
          tone: 'error',
          text: 'Export refused: fix the settings marked in red first.',
          refusals: checked.errors,
        },
      });
      return;
    }
    downloadText(
      JSON.stringify(checked.config, null, 2) + '\n',
      'cache-aside-lab-config.json',
      'application/json',
    );
  };

  const exportCsv = (): void => {
    const run = store.getState().current;
    if (run) downloadText(seriesToCsv(run.series), seriesFileName(run), 'text/csv');
  };

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    // Let the same file be chosen again after it is fixed.
    if (fileRef.current) fileRef.current.value = '';
    let content: string | { bytes: number };
    try {
      // The size is checked before a byte is read: a 50 MB file is refused at once.
      content = file.size > MAX_CONFIG_FILE_BYTES ? { bytes: file.size } : await file.text();
    } catch (e) {
      // Moved, deleted or locked since it was chosen: said, not a silent rejection.
      store.setState({
        notice: {
          tone: 'error',
          text: `Could not import ${file.name}: the file could not be read (${errorMessage(e)}). Nothing was changed.`,
        },
      });
      return;
    }
    store.getState().configImported(file.name, content);
  };

  return (
    <div className="lab-files" role="group" aria-label="Files">
      <button type="button" onClick={exportConfig}>
        Export config (JSON)
      </button>
      {/* The input comes before its label: the label, drawn as a button, is outlined while the
          hidden input has the keyboard's focus (lab.css). */}
      <input
        ref={fileRef}
        id={`${id}-import`}
        className="visually-hidden"
        type="file"
        accept="application/json,.json"
        disabled={isBusy}
        onChange={(e) => void importFile(e.target.files?.[0])}
      />
      <label className="lab-file-button" htmlFor={`${id}-import`}>
        Import config (JSON)
      </label>
      <button type="button" disabled={!hasSeries} onClick={exportCsv}>
        Export series (CSV)
      </button>
    </div>
  );
}
