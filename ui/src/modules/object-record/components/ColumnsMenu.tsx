import { useState } from 'react';
import { Columns3 } from 'lucide-react';

import { Button } from '../../../ui/Button';
import { Popover } from '../../../ui/Popover';
import type { FieldColumn } from '../utils/listFields';

export type ColumnsMenuProps = {
  available: ReadonlyArray<FieldColumn>;
  /** Ids of the shown columns, in order. */
  chosen: ReadonlyArray<string>;
  onChange: (columns: string[]) => void;
  onReset: () => void;
};

/** "Columns": a checkbox per field and custom field; a newly ticked column goes last. */
export const ColumnsMenu = ({ available, chosen, onChange, onReset }: ColumnsMenuProps) => {
  const [open, setOpen] = useState(false);
  const own = available.filter((column) => !column.custom);
  const custom = available.filter((column) => column.custom);

  const toggle = (id: string) =>
    onChange(chosen.includes(id) ? chosen.filter((item) => item !== id) : [...chosen, id]);

  const renderList = (list: ReadonlyArray<FieldColumn>) =>
    list.map((column) => (
      <label key={column.id} className="option-row">
        <input type="checkbox" className="checkbox" checked={chosen.includes(column.id)} onChange={() => toggle(column.id)} />
        <span>{column.label}</span>
      </label>
    ));

  return (
    <div className="popover-anchor">
      <Button variant="ghost" icon={<Columns3 size={14} />} aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        Columns
      </Button>
      {open ? (
        <Popover label="Columns" align="right" onClose={() => setOpen(false)}>
          <div className="popover__title">Columns</div>
          <div className="option-list option-list--tall">
            {renderList(own)}
            {custom.length > 0 ? <div className="menu__label">Custom fields</div> : null}
            {renderList(custom)}
          </div>
          <div className="filter-editor__footer">
            <Button variant="ghost" onClick={onReset}>
              Reset to default
            </Button>
          </div>
        </Popover>
      ) : null}
    </div>
  );
};
