import { type AccountPage, call, getJson, type Summary } from './api.js';
import { h, saveBlob } from './dom.js';
import { cell, count } from './format.js';

export interface Selection {
  readonly tier?: string;
  readonly segment?: string;
  readonly title: string;
}

const PAGE = 50;

/**
 * The accounts behind a tier or segment, read a page at a time from /api/accounts: sorted by
 * clicking a column header (again to reverse), filtered by text, exported to CSV.
 */
export class AccountsView {
  readonly element: HTMLElement;
  private selection: Selection = { title: 'All accounts' };
  private sort = '-score';
  private q = '';
  private offset = 0;
  private timer: number | undefined;
  private readonly heading = h('h2', { id: 'accounts-title' }, 'Accounts');
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly table = h('table', { class: 'accounts', 'aria-labelledby': 'accounts-title' });
  private readonly pager = h('div', { class: 'pager' });
  private readonly filter = h('input', {
    type: 'search',
    placeholder: 'Filter: any text in the row',
    'aria-label': 'Filter accounts',
  });

  constructor(private readonly summary: Summary) {
    this.filter.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => {
        this.q = this.filter.value.trim();
        this.offset = 0;
        void this.load();
      }, 250);
    });
    this.element = h(
      'section',
      { id: 'accounts', class: 'card' },
      this.heading,
      h(
        'div',
        { class: 'toolbar' },
        this.filter,
        h(
          'button',
          { type: 'button', id: 'export-csv', onclick: () => void this.exportCsv() },
          'Download CSV',
        ),
      ),
      this.status,
      h('div', { class: 'scroll' }, this.table),
      this.pager,
    );
  }

  /** Shows the accounts of a tier or segment (or all), from the first page. */
  show(selection: Selection): void {
    this.selection = selection;
    this.offset = 0;
    void this.load();
    this.element.scrollIntoView({ behavior: 'instant', block: 'start' });
  }

  private params(page: boolean): URLSearchParams {
    const p = new URLSearchParams();
    if (this.selection.tier) p.set('tier', this.selection.tier);
    if (this.selection.segment) p.set('segment', this.selection.segment);
    if (this.q) p.set('q', this.q);
    p.set('sort', this.sort);
    if (page) {
      p.set('limit', String(PAGE));
      p.set('offset', String(this.offset));
    }
    return p;
  }

  private async load(): Promise<void> {
    this.heading.textContent = this.selection.title;
    this.status.textContent = 'Loading…';
    try {
      const page = await getJson<AccountPage>(`/api/accounts?${this.params(true)}`);
      this.render(page);
    } catch (error) {
      this.status.textContent = (error as Error).message;
    }
  }

  private render(page: AccountPage): void {
    const { columns, currency } = this.summary;
    const key = this.sort.replace(/^-/, '');
    const desc = this.sort.startsWith('-');
    const head = h(
      'tr',
      {},
      columns.map((c) =>
        h(
          'th',
          {
            scope: 'col',
            class: c.kind === 'number' ? 'num' : undefined,
            'aria-sort': c.key === key ? (desc ? 'descending' : 'ascending') : undefined,
          },
          h(
            'button',
            {
              type: 'button',
              'data-column': c.key,
              onclick: () => {
                // A number is most useful largest first; text A to Z.
                this.sort =
                  c.key === key
                    ? desc
                      ? c.key
                      : `-${c.key}`
                    : c.kind === 'text'
                      ? c.key
                      : `-${c.key}`;
                this.offset = 0;
                void this.load();
              },
            },
            c.label,
            c.key === key ? (desc ? ' ▼' : ' ▲') : '',
          ),
        ),
      ),
    );
    const body = page.rows.map((r) =>
      h(
        'tr',
        {},
        columns.map((c) =>
          h(
            'td',
            {
              class: c.kind === 'number' ? 'num' : c.key === 'reasons' ? 'reasons' : undefined,
              // The reasons are long: one line here, all of them on hover and in the CSV.
              title: c.key === 'reasons' ? String(r[c.key] ?? '') : undefined,
            },
            cell(r[c.key], c, currency),
          ),
        ),
      ),
    );
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, body));
    const last = Math.min(page.offset + page.rows.length, page.total);
    this.status.textContent =
      page.total === 0
        ? 'No account matches.'
        : `${count(page.total)} accounts; showing ${count(page.offset + 1)} to ${count(last)}.`;
    this.status.dataset.total = String(page.total);
    this.pager.replaceChildren(
      h(
        'button',
        {
          type: 'button',
          disabled: page.offset === 0,
          onclick: () => {
            this.offset = Math.max(0, this.offset - PAGE);
            void this.load();
          },
        },
        '← Previous',
      ),
      h(
        'button',
        {
          type: 'button',
          disabled: last >= page.total,
          onclick: () => {
            this.offset += PAGE;
            void this.load();
          },
        },
        'Next →',
      ),
    );
  }

  private async exportCsv(): Promise<void> {
    try {
      const res = await call(`/api/accounts.csv?${this.params(false)}`);
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
        'accounts.csv';
      saveBlob(await res.blob(), name);
    } catch (error) {
      this.status.textContent = (error as Error).message;
    }
  }
}
