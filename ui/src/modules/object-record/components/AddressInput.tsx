import { ADDRESS_PARTS, parseAddress, withAddressPart } from '../utils/address';

export type AddressInputProps = {
  /** The `address` object's JSON text, as a form holds it ('' for none). */
  value: string;
  /** Prefix of the inputs' ids and names (`address.street`, …). */
  name: string;
  invalid: boolean;
  onChange: (value: string) => void;
};

/** An address as separate street, city, state, postal code and country inputs. */
export const AddressInput = ({ value, name, invalid, onChange }: AddressInputProps) => {
  const address = parseAddress(value);
  return (
    <div className="address-input">
      {ADDRESS_PARTS.map((part) => {
        const id = `field-${name}-${part.key}`;
        const current = address[part.key];
        return (
          <div key={part.key} className={`field address-input__${part.key}`}>
            <label htmlFor={id} className="field__label field__label--small">
              {part.label}
            </label>
            <input
              id={id}
              name={`${name}.${part.key}`}
              className="input"
              type="text"
              autoComplete="off"
              aria-invalid={invalid || undefined}
              value={typeof current === 'string' || typeof current === 'number' ? String(current) : ''}
              onChange={(event) => onChange(JSON.stringify(withAddressPart(address, part.key, event.target.value), null, 2))}
            />
          </div>
        );
      })}
    </div>
  );
};
