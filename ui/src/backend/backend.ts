import type { Commands, ErrorPayload } from '../bindings';

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Commands[K]['args'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

/**
 * The one typed client the screens talk to. The desktop shell implements it over Tauri's
 * IPC (`createTauriBackend`); tests and the browser preview use an in-memory fake.
 * A failed call rejects with an `ErrorPayload`.
 */
export type Backend = {
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
};

const CODES: ReadonlyArray<ErrorPayload['code']> = [
  'invalid',
  'conflict',
  'not_found',
  'forbidden',
  'database',
  'internal',
];

export const isErrorPayload = (value: unknown): value is ErrorPayload => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.message === 'string' &&
    typeof candidate.code === 'string' &&
    (CODES as ReadonlyArray<string>).includes(candidate.code)
  );
};

/** Whatever a call rejected with, as the one error shape the UI shows. */
export const toErrorPayload = (error: unknown): ErrorPayload => {
  if (isErrorPayload(error)) return error;
  if (error instanceof Error) return { code: 'internal', message: error.message };
  if (typeof error === 'string') return { code: 'internal', message: error };
  return { code: 'internal', message: 'Unexpected error' };
};
