import { RecordsView } from '../../object-record/components/RecordsView';
import { useTableDef } from '../../object-record/states/SchemaContext';
import { Spinner } from '../../../ui/Spinner';

export type ProductsViewProps = {
  openId: string | null;
  onOpen: (id: string | null) => void;
};

/** The catalogue: the generic list of products (name, SKU, type, price, stock, active), with its forms for editing. */
export const ProductsView = ({ openId, onOpen }: ProductsViewProps) => {
  const def = useTableDef('products');
  if (!def) return <Spinner />;
  return <RecordsView def={def} openId={openId} onOpenClosed={() => onOpen(null)} onOpenRecord={(id) => onOpen(id)} />;
};
