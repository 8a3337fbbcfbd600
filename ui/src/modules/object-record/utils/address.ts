/** The parts of a postal address the CRM keeps in its `address` JSON object, in order. */
export const ADDRESS_PARTS = [
  { key: 'street', label: 'Street' },
  { key: 'city', label: 'City' },
  { key: 'state', label: 'State / region' },
  { key: 'postal_code', label: 'Postal code' },
  { key: 'country', label: 'Country' },
] as const;

export type AddressKey = (typeof ADDRESS_PARTS)[number]['key'];

export type Address = { [key: string]: unknown };

/** An `address` value (object, or the JSON text a form holds) as an object. */
export const parseAddress = (value: unknown): Address => {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Address) : {};
};

const part = (address: Address, key: string): string => {
  const value = address[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
};

/** `address` with one part set; an emptied part is removed, other keys are kept. */
export const withAddressPart = (address: Address, key: AddressKey, value: string): Address => {
  const next = { ...address };
  if (value.trim() === '') delete next[key];
  else next[key] = value;
  return next;
};

/** The address as the lines of an envelope: street; postal code and city, state; country. */
export const addressLines = (value: unknown): string[] => {
  const address = parseAddress(value);
  const street = part(address, 'street');
  const city = [part(address, 'postal_code'), part(address, 'city')].filter(Boolean).join(' ');
  const region = [city, part(address, 'state')].filter(Boolean).join(', ');
  return [street, region, part(address, 'country')].filter(Boolean);
};
