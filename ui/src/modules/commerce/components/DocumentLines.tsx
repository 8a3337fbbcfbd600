import { formatAmount } from '../utils/documents';

export type ShownLine = {
  id: string;
  description: string | null;
  quantity: string | number;
  unitPrice: string;
  discount: string | null;
  taxRate: string | null;
  total: string;
};

export type ShownTotals = {
  subtotal: string;
  discount: string;
  shipping: string;
  taxes: ReadonlyArray<{ name: string; rate: string; inclusive: boolean; tax: string }>;
  total: string;
};

export type DocumentLinesProps = {
  lines: ReadonlyArray<ShownLine>;
  currency: string;
  totals: ShownTotals;
  /** Rows under the total (paid, amount due). */
  extra?: ReadonlyArray<{ label: string; value: string; strong?: boolean; testId?: string }>;
};

const nonZero = (amount: string) => /[1-9]/.test(amount);

/** A saved order's or invoice's lines and totals, as the core stored them. */
export const DocumentLines = ({ lines, currency, totals, extra = [] }: DocumentLinesProps) => (
  <table className="records commerce-doc-lines" aria-label="Lines">
    <thead>
      <tr>
        <th>Item</th>
        <th className="align-right">Qty</th>
        <th className="align-right">Unit price</th>
        <th className="align-right">Discount</th>
        <th className="align-right">Tax</th>
        <th className="align-right">Amount</th>
      </tr>
    </thead>
    <tbody>
      {lines.map((line) => (
        <tr key={line.id}>
          <td>{line.description || 'Item'}</td>
          <td className="align-right">{line.quantity}</td>
          <td className="align-right commerce-amount">{formatAmount(line.unitPrice, currency)}</td>
          <td className="align-right commerce-amount">{line.discount && nonZero(line.discount) ? formatAmount(line.discount, currency) : ''}</td>
          <td className="align-right">{line.taxRate ? `${line.taxRate}%` : ''}</td>
          <td className="align-right commerce-amount">{formatAmount(line.total, currency)}</td>
        </tr>
      ))}
    </tbody>
    <tfoot>
      <tr>
        <td colSpan={5}>Subtotal</td>
        <td className="align-right commerce-amount">{formatAmount(totals.subtotal, currency)}</td>
      </tr>
      {nonZero(totals.discount) ? (
        <tr>
          <td colSpan={5}>Discount</td>
          <td className="align-right commerce-amount">−{formatAmount(totals.discount, currency)}</td>
        </tr>
      ) : null}
      {totals.taxes.map((tax) => (
        <tr key={`${tax.name}-${tax.rate}-${tax.inclusive}`}>
          <td colSpan={5}>
            {tax.name} {tax.rate}%{tax.inclusive ? ' (included)' : ''}
          </td>
          <td className="align-right commerce-amount">{formatAmount(tax.tax, currency)}</td>
        </tr>
      ))}
      {nonZero(totals.shipping) ? (
        <tr>
          <td colSpan={5}>Shipping</td>
          <td className="align-right commerce-amount">{formatAmount(totals.shipping, currency)}</td>
        </tr>
      ) : null}
      <tr className="commerce-doc-lines__total">
        <td colSpan={5}>Total</td>
        <td className="align-right commerce-amount" data-testid="document-total">
          {formatAmount(totals.total, currency)}
        </td>
      </tr>
      {extra.map((row) => (
        <tr key={row.label} className={row.strong ? 'commerce-doc-lines__total' : undefined}>
          <td colSpan={5}>{row.label}</td>
          <td className="align-right commerce-amount" data-testid={row.testId}>
            {row.value}
          </td>
        </tr>
      ))}
    </tfoot>
  </table>
);
