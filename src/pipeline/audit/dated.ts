import type { IcpConfig } from '../../core/config/schema.js';
import type { Dataset } from '../../data/load/load-dataset.js';

/** Whether the data hold a dated record (or the config names the date): else there is no "as of". */
export function dated(config: IcpConfig, dataset: Dataset): boolean {
  const t = dataset.tables;
  return (
    config.value.as_of !== undefined ||
    ['invoices', 'subscriptions', 'churn_events', 'usage'].some((n) =>
      t.has(n as Parameters<typeof t.has>[0]),
    ) ||
    t.get('deals')?.columns.created_at !== undefined ||
    t.get('deals')?.columns.closed_at !== undefined ||
    t.get('tickets')?.columns.created_at !== undefined
  );
}
