// Where decisions go besides the JSON log: the SQLite store's recordAction (docs/history.md).
// The store is imported lazily (native module); when it is missing or unavailable the decision is
// still in the JSON log and the daemon's log.
import type { Logger } from '../core/types.ts';
import type { ActionRecord as StoreActionRecord } from '../store/types.ts';
import { ledgerRow } from './ledger-row.ts';
import type { ActionRecord } from './types.ts';

/** The store's row shape (docs/history.md, `recordAction`): one definition, in src/store. */
export type StoreActionRow = StoreActionRecord;

export interface ActionStore {
  recordAction(row: StoreActionRow): boolean;
  /** Who records history (docs/history.md "Exactly one recorder"). */
  recorderInfo?(): { pid: number; role: string; alive: boolean } | null;
  close(): void;
}

/** Our record → the store's row (the ledger's mapping: ledger-row.ts). */
export function toStoreRow(rec: ActionRecord, mode: string): StoreActionRow {
  return ledgerRow(rec, mode);
}

/** Open the store for recording actions, or null (logged once) when it cannot be used. */
export async function openActionStore(dataDir: string, log: Logger): Promise<ActionStore | null> {
  try {
    const mod = (await import('../store/index.ts')) as unknown as {
      openStore(dir: string, opts: { log: Logger }): ActionStore & { status(): { available: boolean } };
    };
    const store = mod.openStore(dataDir, { log });
    if (!store.status().available) {
      store.close();
      log.once('actions-store', 'warn', 'history store unavailable; actions go to the JSON log only', {});
      return null;
    }
    return store;
  } catch (err) {
    log.once('actions-store', 'warn', 'history store unavailable; actions go to the JSON log only', {
      error: (err as Error).message,
    });
    return null;
  }
}

/**
 * A recorder for ActionDeps that writes to the store (for the TUI and other hosts):
 * `const r = await storeRecorder(dataDir, log, () => config.general.mode)`, pass `r?.recorder`,
 * call `r?.close()` on exit. Null when the store cannot be used (the JSON log still has it all).
 */
export async function storeRecorder(
  dataDir: string,
  log: Logger,
  mode: () => string,
): Promise<{ recorder: (rec: ActionRecord) => void; close(): void } | null> {
  const store = await openActionStore(dataDir, log);
  if (!store) return null;
  return { recorder: (rec) => void store.recordAction(toStoreRow(rec, mode())), close: () => store.close() };
}
