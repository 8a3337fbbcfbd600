import type { FieldType } from '../types';
import { FIELD_TYPES } from '../utils/definition';
import { FieldIcon } from './fieldIcons';

export type FieldPaletteProps = {
  onAdd: (type: FieldType) => void;
};

const GROUPS = [
  { id: 'basic', title: 'Inputs' },
  { id: 'choice', title: 'Choices' },
  { id: 'special', title: 'Special' },
] as const;

/** The field types, grouped; a click adds one below the selected field. */
export const FieldPalette = ({ onAdd }: FieldPaletteProps) => (
  <aside className="field-palette" aria-label="Add a field">
    {GROUPS.map((group) => (
      <section key={group.id} className="field-palette__group">
        <h3 className="field-palette__title">{group.title}</h3>
        <div className="field-palette__items">
          {FIELD_TYPES.filter((entry) => entry.group === group.id).map((entry) => (
            <button
              key={entry.type}
              type="button"
              className="field-palette__item"
              aria-label={`Add ${entry.name} field`}
              title={`Add a ${entry.name.toLowerCase()} field`}
              onClick={() => onAdd(entry.type)}
            >
              <span className={`field-type-icon field-type-icon--${entry.group}`}>
                <FieldIcon type={entry.type} size={14} />
              </span>
              {entry.name}
            </button>
          ))}
        </div>
      </section>
    ))}
  </aside>
);
