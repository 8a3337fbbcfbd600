import { invoke, type InvokeArgs } from '@tauri-apps/api/core';

import type { Backend } from './backend';

/** The desktop shell's backend: each call is one Tauri command of `src-tauri/src/commands.rs`. */
export const createTauriBackend = (): Backend => ({
  invoke: (cmd, args) => invoke(cmd, args as InvokeArgs),
});
