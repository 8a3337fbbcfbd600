export type TabItem<T extends string> = { id: T; label: string };

export type TabsProps<T extends string> = {
  items: ReadonlyArray<TabItem<T>>;
  selected: T;
  onSelect: (id: T) => void;
  label: string;
};

export const Tabs = <T extends string>({ items, selected, onSelect, label }: TabsProps<T>) => (
  <div className="tabs" role="tablist" aria-label={label}>
    {items.map((item) => (
      <button
        key={item.id}
        type="button"
        role="tab"
        aria-selected={item.id === selected}
        className={`tabs__tab${item.id === selected ? ' tabs__tab--selected' : ''}`}
        onClick={() => onSelect(item.id)}
      >
        {item.label}
      </button>
    ))}
  </div>
);
