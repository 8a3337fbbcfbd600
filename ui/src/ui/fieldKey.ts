/** What the database takes as a custom field key: a lower-case letter, then letters, digits, `_`. */
export const FIELD_KEY = /^[a-z][a-z0-9_]*$/;

export const isFieldKey = (key: string): boolean => FIELD_KEY.test(key);

/**
 * The key a label gives: "Preferred channel" → `preferred_channel`, "Crème brûlée" →
 * `creme_brulee`, "2nd phone" → `field_2nd_phone` (keys start with a letter).
 */
export const fieldKeyFromLabel = (label: string): string => {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!words) return '';
  return /^[a-z]/.test(words) ? words.slice(0, 60) : `field_${words}`.slice(0, 60);
};
