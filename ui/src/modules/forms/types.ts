/**
 * The shape of a form's definition (`forms.fields`, `forms.settings`) as the core validates
 * it (issue 15's contract). The stored columns are plain JSON; `utils/definition.ts` reads
 * them into these types and writes them back.
 */

export type FieldType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'number'
  | 'date'
  | 'select'
  | 'multi_select'
  | 'checkbox'
  | 'consent'
  | 'hidden'
  | 'rating'
  | 'file';

export type ConditionOp = 'equals' | 'not_equals' | 'contains' | 'is_empty' | 'is_not_empty' | 'greater_than' | 'less_than';

/** Show the field only when an earlier field's answer meets the condition. */
export type Condition = { field: string; op: ConditionOp; value?: string | number };

export type ConsentTo = 'email' | 'sms' | 'calls' | 'automations';

export type FormField = {
  /** Unique in the form, `[a-z0-9_]+`: the answer's key in a submission's `data`. */
  id: string;
  type: FieldType;
  label: string;
  required: boolean;
  placeholder?: string;
  help?: string;
  /** The choices of a select or multi-select field. */
  options?: string[];
  /** A contact column, or `custom_fields.<key>`. */
  map_to?: string;
  show_if?: Condition;
  /** The rating's scale (5 by default). */
  max?: number;
  /** The opt-in a consent field sets on the contact. */
  consent_to?: ConsentTo;
  /** A file field's accepted types (extensions or MIME types); a safe list by default. */
  accept?: string[];
  /** A file field's largest upload in MB (10 by default, at most 25). */
  max_mb?: number;
};

export type ContactAction = 'create_or_update' | 'update_only' | 'none';

export type FormSettings = {
  contact_action: ContactAction;
  overwrite: boolean;
  /** Tag names added to the contact. */
  tags: string[];
  owner_id: string | null;
  notify_user_ids: string[];
  double_opt_in: boolean;
  submission_limit: number | null;
  /** RFC 3339. */
  closes_at: string | null;
  min_fill_seconds: number;
  /** `#rrggbb`. */
  accent_color: string;
  submit_label: string;
};

/** What the builder edits: the form's columns except its publication state. */
export type FormDraft = {
  name: string;
  slug: string;
  description: string;
  fields: FormField[];
  settings: FormSettings;
  /** After a submission: a message, or a redirect to `redirect_url`. */
  after_submit: 'message' | 'redirect';
  thank_you_message: string;
  redirect_url: string;
};

export type { SubmissionStatus } from '../../bindings';
