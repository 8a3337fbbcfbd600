import type { Backend } from '../../backend/backend';
import type { ListQuery, Page } from '../../bindings';

/**
 * The forms module's calls that are more than the generic record path, in one place:
 * `form_preview` and `form_submission_approve` are the core's desktop commands, and
 * `form_views` the server's per-day count of page views.
 */

/** The exact HTML of the public page for the (unsaved) form, for an iframe's `srcdoc`. */
export const formPreview = (backend: Backend, form: Record<string, unknown>): Promise<string> =>
  backend.invoke('form_preview', { form });

/** Takes a submission out of the spam queue: it is processed as a received one. */
export const approveSubmission = async (backend: Backend, id: string): Promise<void> => {
  await backend.invoke('form_submission_approve', { id });
};

/** Saves a file the UI made into the Downloads folder (the web view cannot download); returns its path. */
export const saveDownload = (backend: Backend, name: string, text: string): Promise<string> => backend.invoke('download_save', { name, text });

/** A day's page views of a form. */
export type DayViews = { day: string; views: number };

/**
 * The form's page views per day since `since` (`YYYY-MM-DD`), or null when this database
 * has no views table yet (views are counted by the server that serves the page).
 */
export const formViews = async (backend: Backend, formId: string, since: string): Promise<DayViews[] | null> => {
  const query: ListQuery = {
    filters: [
      { field: 'form_id', op: 'eq', value: formId },
      { field: 'day', op: 'gte', value: since },
    ],
    sort: { field: 'day', desc: false },
    limit: 1000,
    deleted: 'exclude',
  };
  try {
    const page: Page = await backend.invoke('records_list', { table: 'form_views', query });
    return page.items.map((row) => ({ day: String(row.day).slice(0, 10), views: Number(row.views) || 0 }));
  } catch {
    return null;
  }
};

/** A command the running app does not have (an older build): the caller says so plainly. */
export const isMissingCommand = (message: string): boolean =>
  /not (available|found)|unknown command|no such command/i.test(message);
