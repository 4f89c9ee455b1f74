import { describe, expect, it } from 'vitest';
import { classifyStage } from './classify-stage.js';
import { headerKey, headerKeys, objectPrefix } from './header-key.js';
import { rankShapes } from './match-shape.js';

const best = (headers: string[], file = '') => {
  const m = rankShapes(headers, { file })[0];
  return m && { id: m.shape.id, confidence: m.confidence, columns: m.columns, reason: m.reason };
};

describe('header keys', () => {
  it('compare headers without case, accents, punctuation, time zones or the shared object prefix', () => {
    expect(headerKey('Société Générale (UTC)')).toBe('societegeneraleutc');
    expect(headerKeys('Created (UTC)', undefined)).toEqual(['createdutc', 'created']);
    const pipedrive = ['Deal - ID', 'Deal - Value', 'Deal - Status', 'Organization - ID'];
    expect(objectPrefix(pipedrive)).toBe('deal');
    expect(headerKeys('Deal - Value', 'deal')).toEqual(['dealvalue', 'value']);
    expect(headerKeys('Organization - ID', 'deal')).toEqual(['organizationid']);
    expect(objectPrefix(['invoices.id', 'invoices.total', 'customers.email'])).toBe('invoices');
    expect(objectPrefix(['Id', 'Account.Name', 'StageName', 'Amount'])).toBeUndefined();
  });
});

describe('export shapes', () => {
  it('tells the Stripe API export (cents, unix times) from the dashboard export by how headers are written', () => {
    expect(best(['id', 'customer', 'amount_paid', 'currency', 'created'])).toEqual({
      id: 'stripe-invoices-api',
      confidence: 'sure',
      reason:
        'sure: headers "customer", "amount_paid", "id", "created" match Stripe invoices (API, cents and unix times)',
      columns: {
        invoice_id: { header: 'id' },
        account_id: { header: 'customer' },
        date: { header: 'created', epoch: 'seconds' },
        amount: { header: 'amount_paid', scale: 0.01 },
      },
    });
    expect(
      best(['id', 'Customer', 'Amount Paid', 'Currency', 'Date (UTC)', 'Customer Email'])?.id,
    ).toBe('stripe-invoices-dashboard');
  });

  it('reads HubSpot internal property names and snake_case labels as HubSpot', () => {
    const deals = best([
      'hs_object_id',
      'dealname',
      'dealstage',
      'pipeline',
      'amount',
      'closedate',
      'createdate',
      'associated_company_ids_primary',
    ]);
    expect(deals?.id).toBe('hubspot-deals');
    expect(deals?.columns).toMatchObject({
      deal_id: { header: 'hs_object_id' },
      account_id: { header: 'associated_company_ids_primary' },
      stage: { header: 'dealstage' },
      closed_at: { header: 'closedate' },
    });
  });

  it("takes amounts in the company currency when a CRM also gives them in each deal's own", () => {
    const hubspot = best([
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Pipeline',
      'Amount',
      'Amount in company currency',
      'Associated Company',
    ]);
    expect(hubspot?.columns.amount).toEqual({ header: 'Amount in company currency' });
    const report = best([
      'Opportunity ID',
      'Opportunity Name',
      'Account Name',
      'Stage',
      'Amount',
      'Amount (converted)',
      'Close Date',
      'Fiscal Period',
    ]);
    expect(report?.columns.amount).toEqual({ header: 'Amount (converted)' });
  });

  it('falls back to the canonical names for a tool it does not know, and says how sure it is', () => {
    // A Zoho CRM deals export: no shape of its own.
    const zoho = best(
      [
        'Record Id',
        'Deal Name',
        'Account Name',
        'Stage',
        'Amount',
        'Closing Date',
        'Created Time',
        'Deal Owner',
      ],
      'Deals_001.csv',
    );
    expect(zoho).toEqual({
      id: 'generic-deals',
      // "Record Id" names the row of any object: without a telling id the guess is likely.
      confidence: 'likely',
      reason:
        'likely: headers "Record Id", "Account Name", "Created Time", "Closing Date" and 3 more match the deals columns',
      columns: {
        deal_id: { header: 'Record Id' },
        account_name: { header: 'Account Name' },
        created_at: { header: 'Created Time' },
        closed_at: { header: 'Closing Date' },
        stage: { header: 'Stage' },
        amount: { header: 'Amount' },
        owner: { header: 'Deal Owner' },
      },
    });
    // Any file with an id can be the accounts: a weak guess, said so.
    expect(best(['id', 'value'], 'stuff.csv')?.reason).toBe(
      'weak: only "id" matched accounts columns',
    );
    expect(best(['when', 'what'], 'notes.csv')).toBeUndefined();
  });

  it('takes an amount per billing interval and seat from the columns that say them', () => {
    const subs = rankShapes(
      [
        'id',
        'Customer ID',
        'Customer Email',
        'Interval',
        'Amount',
        'Start Date (UTC)',
        'Ended At (UTC)',
      ],
      { table: 'subscriptions' },
    )[0];
    expect(subs?.columns.mrr).toEqual({ header: 'Amount', per: 'Interval' });
    expect(subs?.assumptions).toEqual([]);
  });
});

describe('stage labels', () => {
  it.each([
    ['Closed Won', 'won'],
    ['closedwon', 'won'],
    ['Won', 'won'],
    ['Signed', 'won'],
    ['Closed Lost', 'lost'],
    ['Closed-Lost to Competition', 'lost'],
    ['closedlost', 'lost'],
    ['Disqualified', 'lost'],
    ['Appointment Scheduled', 'open'],
    ['Decision Maker Bought-In', 'open'],
    ['Negotiation/Review', 'open'],
    ['Winning', 'open'],
  ])('%s is %s', (label, outcome) => {
    expect(classifyStage(label)).toBe(outcome);
  });
});
