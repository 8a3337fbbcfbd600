import { TAG_PALETTE, isHexColour } from './colours';

export type ColourPickerProps = {
  value: string;
  onChange: (colour: string) => void;
};

/** The palette as swatches, plus any hex colour typed in. */
export const ColourPicker = ({ value, onChange }: ColourPickerProps) => {
  const current = value.trim().toLowerCase();
  return (
    <div className="colour-picker">
      <div className="colour-picker__swatches" role="radiogroup" aria-label="Colour">
        {TAG_PALETTE.map((colour) => (
          <button
            key={colour}
            type="button"
            role="radio"
            aria-checked={current === colour}
            aria-label={colour}
            className={`swatch${current === colour ? ' is-selected' : ''}`}
            style={{ backgroundColor: colour }}
            onClick={() => onChange(colour)}
          />
        ))}
      </div>
      <span className="colour-picker__custom">
        <span className="swatch swatch--preview" style={isHexColour(value) ? { backgroundColor: value } : undefined} aria-hidden="true" />
        <input
          type="text"
          className="input mono colour-picker__input"
          aria-label="Hex colour"
          placeholder="#2563eb"
          maxLength={9}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </span>
    </div>
  );
};
