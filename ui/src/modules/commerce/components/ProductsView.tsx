import type { TableName } from '../../../bindings';
import { Spinner } from '../../../ui/Spinner';
import { RecordsView } from '../../object-record/components/RecordsView';
import { useTableDef } from '../../object-record/states/SchemaContext';

export type TableViewProps = {
  table: TableName;
  openId: string | null;
  onOpen: (id: string | null) => void;
};

/** One of the module's tables on the generic record list, with its forms for editing. */
export const TableView = ({ table, openId, onOpen }: TableViewProps) => {
  const def = useTableDef(table);
  if (!def) return <Spinner />;
  return <RecordsView key={table} def={def} openId={openId} onOpenClosed={() => onOpen(null)} onOpenRecord={(id) => onOpen(id)} />;
};

export type ProductsViewProps = Omit<TableViewProps, 'table'>;

/** The catalogue: the generic list of products (name, SKU, type, price, stock, active), with its forms for editing. */
export const ProductsView = (props: ProductsViewProps) => <TableView table="products" {...props} />;
