import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { CircleAlert, CircleCheck, X } from 'lucide-react';

export type ToastKind = 'error' | 'success';

/** A button in a toast, such as "Undo"; clicking it also dismisses the toast. */
export type ToastAction = { label: string; onAction: () => void };

type Toast = { id: number; kind: ToastKind; title: string; message: string; action?: ToastAction };

export type ToastApi = {
  showError: (title: string, message: string) => void;
  showSuccess: (message: string, action?: ToastAction) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

const TIMEOUT_MS: Record<ToastKind, number> = { error: 8000, success: 3000 };
/** A toast with an action stays long enough to reach its button. */
const ACTION_TIMEOUT_MS = 8000;

export type ToastProviderProps = {
  children: ReactNode;
};

/** The global toast area: failed calls and short confirmations, bottom right. */
export const ToastProvider = ({ children }: ToastProviderProps) => {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const handleDismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const push = useCallback(
    (kind: ToastKind, title: string, message: string, action?: ToastAction) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, kind, title, message, action }]);
      window.setTimeout(() => handleDismiss(id), action ? ACTION_TIMEOUT_MS : TIMEOUT_MS[kind]);
    },
    [handleDismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      showError: (title, message) => push('error', title, message),
      showSuccess: (message, action) => push('success', message, '', action),
    }),
    [push],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
            {toast.kind === 'error' ? <CircleAlert size={16} /> : <CircleCheck size={16} />}
            <div className="toast__text">
              <div className="toast__title">{toast.title}</div>
              {toast.message ? <div className="toast__message">{toast.message}</div> : null}
            </div>
            {toast.action ? (
              <button
                type="button"
                className="button button--ghost toast__action"
                onClick={() => {
                  handleDismiss(toast.id);
                  toast.action?.onAction();
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => handleDismiss(toast.id)}>
              <X size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
};

export const useToast = (): ToastApi => {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside a ToastProvider');
  return api;
};
