import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './check.js';
import { initConfig } from './init.js';

const maven = '../shared/datasets/maven-crm-sales-opportunities';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'icp-init-'));
  dirs.push(d);
  return d;
};

describe('initConfig', () => {
  it('recognises the Maven export with no mapping, says what it guessed, and the config loads', async () => {
    const dir = tempDir();
    for (const f of ['accounts.csv', 'sales_pipeline.csv', 'products.csv', 'sales_teams.csv']) {
      copyFileSync(join(maven, f), join(dir, f));
    }
    const result = await initConfig(dir);
    expect(result.notes).toEqual([
      // "revenue" and "office_location" are no longer aliases: they may mean what the customer
      // pays and a city; they stay attributes under their own names.
      'accounts.csv -> accounts (likely: headers "account", "sector", "employees" match the accounts columns): account_id <- "account", industry <- "sector", employees <- "employees"; 4 other columns kept as attributes.',
      'products.csv: did not look like any table (headers: product, series, sales_price); left out.',
      'sales_pipeline.csv -> deals (sure: headers "opportunity_id", "account", "engage_date", "close_date" and 3 more match the deals columns): deal_id <- "opportunity_id", account_id <- "account", created_at <- "engage_date", closed_at <- "close_date", stage <- "deal_stage", amount <- "close_value", owner <- "sales_agent"; 1 other column kept.',
      'sales_pipeline.csv: stages "Won" taken as won, "Lost" as lost, "Engaging", "Prospecting" as open (from the stage names).',
      'sales_teams.csv: did not look like any table (headers: sales_agent, manager, regional_office); left out.',
      'target: won: deals won against lost, since no invoices or subscriptions were found to measure net value per month (target kind "ideal"); add a billing export and remove this target to use it.',
    ]);
    // Without billing the default target (net value per month) cannot be measured: discover
    // would stop, so the starter config asks for won against lost.
    expect(parse(result.yaml).target).toEqual({ kind: 'won' });
    writeFileSync(join(dir, 'icp.config.yaml'), result.yaml);
    const profile = await check(join(dir, 'icp.config.yaml'), { today: '2026-11-23' });
    expect(profile.tables.map((t) => [t.table, t.rows])).toEqual([
      ['accounts', 85],
      ['deals', 8800],
    ]);
  });

  it("takes the account of rows that name another table's record through that table (RavenStack feature usage)", async () => {
    const dir = tempDir();
    const raven = '../shared/datasets/ravenstack-saas';
    for (const f of [
      'ravenstack_accounts.csv',
      'ravenstack_subscriptions.csv',
      'ravenstack_feature_usage.csv',
    ]) {
      copyFileSync(join(raven, f), join(dir, f));
    }
    const result = await initConfig(dir);
    expect(result.notes.filter((n) => n.startsWith('ravenstack_feature_usage.csv'))).toEqual([
      'ravenstack_feature_usage.csv -> usage (likely: headers "usage_date", "feature_name", "usage_count" match the usage columns): date <- "usage_date", metric <- "feature_name", value <- "usage_count"; 5 other columns kept.',
      'ravenstack_feature_usage.csv: rows take their account through "subscription_id", the key of subscriptions (ravenstack_subscriptions.csv); icp check reports how many link.',
    ]);
    expect(parse(result.yaml).sources.usage).toEqual({
      path: 'ravenstack_feature_usage.csv',
      columns: { date: 'usage_date', metric: 'feature_name', value: 'usage_count' },
      account_from: { column: 'subscription_id', table: 'subscriptions' },
    });
    writeFileSync(join(dir, 'icp.config.yaml'), result.yaml);
    const profile = await check(join(dir, 'icp.config.yaml'), { today: '2026-11-23' });
    expect(profile.links.map((l) => [l.table, l.rows, l.linked])).toEqual([
      ['subscriptions', 5000, 5000],
      ['usage', 25000, 25000],
    ]);
  });

  it("leaves out a file that carries another table's key but fits no table", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'accounts.csv'),
      'account_id,name,industry,employees\nA1,Acme,Fintech,50\n',
    );
    writeFileSync(
      join(dir, 'subscriptions.csv'),
      'subscription_id,account_id,start_date,mrr\nS1,A1,2024-01-01,100\n',
    );
    writeFileSync(join(dir, 'seats.csv'), 'subscription_id,seat_colour\nS1,blue\n');
    const result = await initConfig(dir);
    expect(result.notes).toContain(
      'seats.csv: did not look like any table (headers: subscription_id, seat_colour); left out.',
    );
    expect(parse(result.yaml).sources.usage).toBeUndefined();
  });

  it('says a weak guess is weak, in the notes and in the config written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'customers.csv'), 'id,name,tier\n1,Acme,A\n2,Globex,B\n');
    const result = await initConfig(dir);
    expect(result.notes).toEqual([
      'customers.csv -> accounts (weak: only "id", "name" matched accounts columns; the file name says accounts): account_id <- "id", name <- "name"; 1 other column kept as attributes. Check this guess before running icp check.',
    ]);
    expect(result.yaml).toBe(
      [
        '# Written by "icp init" from the files in this folder. Review the guesses, then run:',
        '#   icp check --config icp.config.yaml',
        '',
        'version: 1',
        'currency: USD',
        'sources:',
        '  # weak: only "id", "name" matched accounts columns; the file name says accounts',
        '  accounts:',
        '    path: customers.csv',
        '    columns:',
        '      account_id: id',
        '      name: name',
        '',
      ].join('\n'),
    );
  });

  it('says why a report export with a footer cannot be read, instead of guessing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.csv'), 'Account ID,Account Name\nA1,Acme\n');
    writeFileSync(
      join(dir, 'opportunities.csv'),
      [
        '"Opportunity ID","Account Name","Stage","Amount"',
        '"O1","Acme","Closed Won","100"',
        '',
        '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."',
        '"Generated By:  Jane Roe  5/14/2024 10:23 AM"',
        '',
      ].join('\n'),
    );
    const result = await initConfig(dir);
    expect(result.notes[1]).toBe(
      'opportunities.csv: read as one column ("Opportunity ID,Account Name,Stage,Amount"): its rows do not all have the header\'s fields. Remove any lines after the data (a report export\'s footer) or set the delimiter, then run icp init again; left out.',
    );
  });

  it('checks units against the values: unix times anywhere, cents with decimals, the currency', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.csv'), 'Account ID,Company Name\nA1,Acme\n');
    writeFileSync(
      join(dir, 'invoices.csv'),
      'Invoice ID,Account ID,Date,Amount,Currency\nI1,A1,1706745600,120.50,eur\nI2,A1,1709251200,99,EUR\n',
    );
    const result = await initConfig(dir);
    expect(result.notes.filter((n) => !n.includes(' -> '))).toEqual([
      'invoices.csv: "Date" read as unix times in seconds.',
    ]);
    const yaml = parse(result.yaml) as { sources: Record<string, unknown> };
    expect(yaml.sources.invoices).toEqual({
      path: 'invoices.csv',
      currency: 'EUR',
      columns: {
        invoice_id: 'Invoice ID',
        account_id: 'Account ID',
        date: { column: 'Date', epoch: 'seconds' },
        amount: 'Amount',
      },
    });
    // Headers written like Stripe's API, values not: dates, decimals, two currencies.
    rmSync(join(dir, 'invoices.csv'));
    writeFileSync(
      join(dir, 'stripe_invoices.csv'),
      'id,customer,amount_paid,currency,created\nin_1,A1,1999.50,usd,2024-02-01\nin_2,A1,500,jpy,2024-03-01\n',
    );
    const stripe = await initConfig(dir);
    expect(stripe.notes.filter((n) => !n.includes(' -> '))).toEqual([
      'stripe_invoices.csv: "created" holds dates, not unix times: read as dates.',
      'stripe_invoices.csv: "amount_paid" has decimals, so it is in units, not cents.',
      'stripe_invoices.csv: amounts are in 2 currencies (JPY, USD); the engine reads one currency per file, so convert them or split the file.',
    ]);
  });

  it('refuses a folder without an accounts file, naming the files it saw', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.csv'), 'when,what\n2024-01-01,hello\n');
    await expect(initConfig(dir)).rejects.toThrow(
      `${dir}: none of notes.csv looks like an accounts file (one row per company with an id column). Add one, or write the config by hand (see the README).`,
    );
  });

  it('refuses a folder with no data files', async () => {
    const dir = tempDir();
    await expect(initConfig(dir)).rejects.toThrow(
      `${dir}: no CSV, TSV, Parquet or JSON files here. Put your exports in this folder or pass another one.`,
    );
  });
});
