import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import type { DataProfile } from '../src/data/profile/profile-dataset.js';

// A HubSpot companies export, a HubSpot deals export, a Stripe invoices export (API: cents and
// unix times) and a Zendesk tickets export of one company (test/fixtures/exports/combined,
// made by its generate.ts). Billing and support carry no CRM id: invoices link by the
// customer's email domain or name, tickets by the requester's email domain or organisation.
const SOURCE = 'test/fixtures/exports/combined';
const dir = mkdtempSync(join(tmpdir(), 'icp-combined-'));
for (const f of readdirSync(SOURCE).filter((f) => f.endsWith('.csv'))) {
  copyFileSync(join(SOURCE, f), join(dir, f));
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'icp.config.yaml');

async function icp(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (s: string) => {
      stdout += s;
    },
    stderr: (s: string) => {
      stderr += s;
    },
    isTTY: false,
  };
  const status = await run(args, io);
  return { status, stdout, stderr };
}

describe('HubSpot + Stripe + Zendesk in one folder', () => {
  it('icp init recognises all four exports and says how sure it is of each', async () => {
    const { status, stdout } = await icp('init', dir);
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(0, -2)).toEqual([
      '- companies.csv -> accounts (sure: headers "Company name", "Company Domain Name", "Number of Employees", "Lifecycle Stage" and 4 more match HubSpot companies): account_id <- "Record ID", name <- "Company name", domain <- "Company Domain Name", industry <- "Industry", employees <- "Number of Employees", country <- "Country/Region", created_at <- "Create Date"; 1 other column kept as attributes.',
      '- deals.csv -> deals (sure: headers "Deal Name", "Deal Stage", "Pipeline", "Deal owner" and 7 more match HubSpot deals): deal_id <- "Record ID", account_id <- "Associated Company IDs (Primary)", account_name <- "Associated Company", stage <- "Deal Stage", amount <- "Amount", created_at <- "Create Date", closed_at <- "Close Date", owner <- "Deal owner", lost_reason <- "Closed Lost Reason"; 2 other columns kept.',
      '- deals.csv: stages "Closed Won" taken as won, "Closed Lost" as lost, "Appointment Scheduled", "Contract Sent", "Qualified To Buy" as open (from the stage names).',
      '- deals.csv: rows whose "Associated Company IDs (Primary)" is no account id will be linked to accounts by "Associated Company" (company name); icp check reports how many link.',
      '- invoices.csv -> invoices (sure: headers "customer", "amount_paid", "amount_due", "customer_email" and 3 more match Stripe invoices (API, cents and unix times)): invoice_id <- "id", account_id <- "customer", account_name <- "customer_name", email <- "customer_email", date <- "created", amount <- "amount_paid"; 3 other columns kept.',
      '- invoices.csv: "created" read as unix times in seconds.',
      '- invoices.csv: "amount_paid" read as cents (divided by 100).',
      '- invoices.csv: rows whose "customer" is no account id will be linked to accounts by "customer_email" (email domain), then "customer_name" (company name); icp check reports how many link.',
      '- tickets.csv -> tickets (sure: headers "Requester email", "Solved at", "Full resolution time in minutes", "Ticket ID" and 4 more match Zendesk tickets): ticket_id <- "Ticket ID", account_name <- "Organization", email <- "Requester email", created_at <- "Created at", priority <- "Priority", subject <- "Subject"; 3 other columns kept.',
      '- tickets.csv: rows will be linked to accounts by "Requester email" (email domain), then "Organization" (company name); icp check reports how many link.',
    ]);
  });

  it('icp check links every table and reports the rates, what is unlinked and why', async () => {
    const { status, stdout } = await icp(
      'check',
      '--config',
      config,
      '--json',
      '--today',
      '2025-07-01',
    );
    expect(status).toBe(0);
    const profile = JSON.parse(stdout) as DataProfile;
    const rates = profile.links.map((l) => [
      l.table,
      l.rows,
      l.linked,
      l.by,
      l.ambiguous,
      l.noKey,
      l.notFound,
      l.amount && [
        Math.round(l.amount.total * 100) / 100,
        Math.round(l.amount.unlinked * 100) / 100,
      ],
    ]);
    // As the generator built them: 24 deals without a company id carry its name; 266 invoices
    // are paid from free-mail addresses under a company's name, 42 under a name two companies
    // share; 18 come from customers missing from the CRM; 345 tickets name nobody.
    expect(rates).toEqual([
      [
        'deals',
        405,
        405,
        { id: 381, column: 0, domain: 0, email: 0, name: 24 },
        0,
        0,
        0,
        [9681900, 0],
      ],
      [
        'invoices',
        1733,
        1673,
        { id: 0, column: 0, domain: 0, email: 1407, name: 266 },
        42,
        0,
        18,
        [3860249.68, 84624.95],
      ],
      [
        'tickets',
        1293,
        946,
        { id: 0, column: 0, domain: 0, email: 609, name: 337 },
        2,
        345,
        0,
        undefined,
      ],
    ]);
    expect(profile.warnings.filter((w) => w.code === 'weak_link').map((w) => w.message)).toEqual([
      'tickets.csv: 27% of the rows (347 of 1,293) belong to no account: 2 ambiguous (their name or domain fits several accounts), first "Blue Media Corp." at row 21; 345 with no account, name, domain or email. Linked 609 by email domain, 337 by company name, below the 80% expected. Add the missing accounts, or say how the rows link in sources.tickets.link (see docs/config.md).',
    ]);
    expect(profile.capabilities.filter((c) => !c.available).map((c) => c.id)).toEqual([
      'handling_time',
      'adoption',
      'buying_committee',
      'satisfaction',
    ]);
  });

  it('icp check prints the links in text', async () => {
    const { stdout } = await icp('check', '--config', config, '--today', '2025-07-01');
    const lines = stdout.split('\n');
    const at = lines.indexOf('Linked to accounts:');
    expect(lines.slice(at, at + 4)).toEqual([
      'Linked to accounts:',
      '  deals: 405 of 405 rows (100%); 9,681,900 of 9,681,900 USD deal amount; 381 by id, 24 by company name',
      '  invoices: 1,673 of 1,733 rows (97%); 3,775,625 of 3,860,250 USD invoice revenue; 1,407 by email domain, 266 by company name; unlinked: 18 not found, first "cus_STRANGER0" at row 911; 42 ambiguous (their name or domain fits several accounts), first "BLUE MEDIA" at row 4',
      '  tickets: 946 of 1,293 rows (73%); 609 by email domain, 337 by company name; unlinked: 2 ambiguous (their name or domain fits several accounts), first "Blue Media Corp." at row 21; 345 with no account, name, domain or email',
    ]);
  });

  it('icp discover runs with the default value target', async () => {
    const out = join(dir, 'icp.json');
    const { status, stdout, stderr } = await icp(
      'discover',
      '--config',
      config,
      '--out',
      out,
      '--json',
      '--today',
      '2025-07-01',
      '--no-registry',
    );
    expect(status).toBe(0);
    // The data's warnings, as icp check lists them: the invoices and tickets linked to no account.
    const checked = await icp('check', '--config', config, '--json', '--today', '2025-07-01');
    const warnings = (JSON.parse(checked.stdout) as DataProfile).warnings;
    expect(warnings.map((w) => w.code)).toEqual(['orphan', 'missing_reference', 'weak_link']);
    expect(stderr).toBe(warnings.map((w) => `warning: ${w.message}\n`).join(''));
    const summary = JSON.parse(stdout) as {
      target: { kind: string; eligible: number; positives: number };
    };
    expect(summary.target).toMatchObject({ kind: 'ideal', eligible: 121, positives: 19 });
    expect(JSON.parse(readFileSync(out, 'utf8')).target.kind).toBe('ideal');
  });
});
