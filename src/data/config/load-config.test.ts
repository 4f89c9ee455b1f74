import { describe, expect, it } from 'vitest';
import { IcpError } from '../../core/errors/icp-error.js';
import { parseConfig } from './load-config.js';

const fail = (text: string): string => {
  try {
    parseConfig(text, 'icp.config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(IcpError);
    expect((error as IcpError).code).toBe('CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

describe('parseConfig', () => {
  it('accepts a minimal config and fills the defaults', () => {
    expect(parseConfig('sources:\n  accounts:\n    path: a.csv\n', 'x')).toEqual({
      version: 1,
      currency: 'USD',
      sources: { accounts: { path: 'a.csv' } },
      value: {
        gross_margin: 0.8,
        support_cost_per_minute: 1,
        support_cost_per_ticket: 30,
        onboarding_cost: 0,
        churn_after_days: 45,
      },
      target: { kind: 'ideal', top_share: 0.2, max_cost_share: 0.25 },
      discover: { keep: [], exclude: [], seed: 1, folds: 5, max_attributes: 20 },
      voc: {
        request_tags: [
          'feature request',
          'feature requests',
          'enhancement',
          'idea',
          'product idea',
        ],
        min_accounts: 5,
        max_themes: 30,
        quotes: 3,
      },
    });
  });

  it('accepts scaled mappings and account_from', () => {
    const c = parseConfig(
      'sources:\n  accounts: { path: a.csv }\n  usage:\n    path: u.csv\n    account_from: { column: sub, table: subscriptions }\n    columns: { value: { column: hours, scale: 60 } }\n',
      'x',
    );
    expect(c.sources.usage).toEqual({
      path: 'u.csv',
      account_from: { column: 'sub', table: 'subscriptions' },
      columns: { value: { column: 'hours', scale: 60 } },
    });
  });

  it('names every problem with its key and a fix, suggesting near keys', () => {
    expect(fail('sources:\n  acounts:\n    path: a.csv\n  deals:\n    path: 3\n')).toBe(
      [
        'icp.config.yaml: 3 problems in the config:',
        '  sources.accounts: required. Add it (see the example config in the README).',
        '  sources.deals.path: expected string, got 3.',
        '  sources.acounts: unknown key. Did you mean "accounts"? Known keys: accounts, deals, invoices, subscriptions, tickets, requests, usage, contacts, deal_contacts, churn_events, feedback, activities, deal_stages.',
      ].join('\n'),
    );
  });

  it('does not suggest a far-fetched key', () => {
    expect(fail('sources:\n  accounts: { path: a.csv }\nweather: sunny\n')).toBe(
      'icp.config.yaml: 1 problem in the config:\n  weather: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.',
    );
  });

  it('rejects a bad stage mapping and a non-positive scale', () => {
    expect(
      fail(
        'sources:\n  accounts: { path: a.csv, columns: { employees: { column: e, scale: 0 } } }\n  deals: { path: d.csv, values: { stage: { won: [] } } }\n',
      ),
    ).toBe(
      [
        'icp.config.yaml: 2 problems in the config:',
        '  sources.accounts.columns.employees.scale: 0 is too small. Use a number above 0.',
        '  sources.deals.values.stage.won: the list is empty. List at least 1 value.',
      ].join('\n'),
    );
  });

  it('points at the line of a YAML syntax error', () => {
    expect(fail('sources:\n  accounts:\n    path: "a.csv\n')).toMatch(
      /^icp\.config\.yaml line \d: not valid YAML \(/,
    );
  });
});
