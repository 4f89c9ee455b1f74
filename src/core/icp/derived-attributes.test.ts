import { describe, expect, it } from 'vitest';
import { derivedFrom, derivedNote, sqlColumnsComment } from './derived-attributes.js';

describe('attributes computed from other tables', () => {
  it('are named by where they come from', () => {
    expect(derivedFrom('Contacts')).toBe('the contacts table (contacts per account)');
    expect(derivedFrom('Has Economic Buyer')).toBe(
      "the contacts table (whether a contact's role is Economic Buyer)",
    );
    expect(derivedFrom('Industry')).toBeNull();
    expect(derivedNote(['Industry'], 'fix.')).toBe('');
    expect(derivedNote(['Contacts', 'Industry', 'Has Legal'], 'fix.')).toBe(
      'Contacts and Has Legal come from the contacts table, not from one file of accounts: fix.',
    );
  });

  it('are listed, with the columns icp sql reads, above a SELECT compiled without --columns', () => {
    expect(
      sqlColumnsComment('abc123', 'crm.accounts', [
        { name: 'Industry', kind: 'categorical' },
        { name: 'Contacts', kind: 'numeric' },
      ]),
    ).toBe(
      [
        '-- Scores crm.accounts against ICP abc123. It reads these columns of crm.accounts, named exactly so:',
        '--   "Industry" (text)',
        '--   "Contacts" (a number): computed from the contacts table (contacts per account); add it to the table (a view joining it) or it cannot be read',
        '-- A column crm.accounts lacks makes the database stop ("column not found"): pass the table\'s columns with',
        '-- --columns a,b,c and the attributes without one are scored as missing.',
        '',
      ].join('\n'),
    );
  });
});
