import './style.css';
import { AccountsView } from './accounts-view.js';
import { ApiError, getJson, type IcpDefinition, setApiKey, type Summary } from './api.js';
import { h } from './dom.js';
import { count } from './format.js';
import { icpCard, segmentsCard, tiersCard } from './overview.js';
import { reportCard } from './report-view.js';
import { scoreForm } from './score-form.js';
import { scoreUpload } from './score-upload.js';
import { applyTierColours } from './tier-colours.js';
import { vocCard } from './voc-view.js';

interface Dashboard {
  readonly icp: { readonly id: string; readonly name: string };
  readonly data: Summary | null;
  readonly maxUploadBytes: number;
}

applyTierColours();
const app = document.getElementById('app')!;
const meta = document.getElementById('meta')!;
const nav = document.getElementById('nav')!;

async function start(): Promise<void> {
  let dashboard: Dashboard;
  let icp: IcpDefinition;
  try {
    dashboard = await getJson<Dashboard>('/api/dashboard');
    icp = await getJson<IcpDefinition>('/v1/icp');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return askForKey();
    meta.textContent = (error as Error).message;
    return;
  }
  const { data } = dashboard;
  meta.textContent = data
    ? `${data.name && data.name !== icp.name ? `${data.name}: ` : ''}ICP ${icp.name} (${icp.id}); ${count(data.accounts)} accounts, data as of ${data.asOf}.`
    : `ICP ${icp.name} (${icp.id}).`;
  const sections: HTMLElement[] = [];
  if (data) {
    const accounts = new AccountsView(data);
    sections.push(
      tiersCard(data, (s) => accounts.show(s)),
      segmentsCard(data, (s) => accounts.show(s)),
      vocCard(data, (s) => accounts.show(s)),
      accounts.element,
    );
    accounts.show({ title: 'All accounts' });
  } else {
    sections.push(
      h(
        'section',
        { id: 'no-data', class: 'card notice' },
        h('h2', {}, 'No accounts loaded'),
        h(
          'p',
          {},
          'This server scores leads with the ICP below. Start it with ',
          h('code', {}, 'icp serve --icp icp.json --config icp.config.yaml'),
          ' to add the tiers, segments, accounts and the report of your data.',
        ),
      ),
    );
  }
  sections.push(scoreForm(icp), scoreUpload(dashboard.maxUploadBytes), icpCard(icp));
  if (data) sections.push(reportCard());
  app.replaceChildren(...sections);
  nav.replaceChildren(
    h(
      'ul',
      {},
      sections.map((s) =>
        h('li', {}, h('a', { href: `#${s.id}` }, s.querySelector('h2')?.textContent ?? s.id)),
      ),
    ),
  );
  window.scrollTo(0, 0);
}

/** The server wants ICP_API_KEY: ask for it once per tab, then start again. */
function askForKey(): void {
  meta.textContent = 'This server requires an API key.';
  const input = h('input', {
    id: 'api-key',
    type: 'password',
    autocomplete: 'off',
    required: true,
  });
  const form = h(
    'form',
    { class: 'card toolbar' },
    h('label', { for: 'api-key' }, 'API key (ICP_API_KEY)'),
    input,
    h('button', { type: 'submit' }, 'Open'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey(input.value);
    void start();
  });
  app.replaceChildren(form);
}

void start();
