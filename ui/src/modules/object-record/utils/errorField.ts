/**
 * The field a backend error names. Validation messages put the column first:
 * `email: "x" is not an email address`, `first_name: is required and cannot be empty`.
 * When `fields` is given, only one of them counts (a message such as `not allowed: ...`
 * or `contacts: no record with id ...` names no form field).
 */
export const errorField = (message: string, fields?: ReadonlyArray<string>): string | null => {
  const match = /^\s*([a-z_][a-z0-9_]*)\s*:/i.exec(message);
  const field = match?.[1];
  if (!field) return null;
  if (fields && !fields.includes(field)) return null;
  return field;
};

/** The message without its leading field name, for showing next to that field. */
export const errorReason = (message: string, field: string): string => {
  const prefix = `${field}:`;
  const trimmed = message.trimStart();
  return trimmed.startsWith(prefix) ? trimmed.slice(prefix.length).trim() : message;
};
