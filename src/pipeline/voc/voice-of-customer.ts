import type { IcpConfig } from '../../core/config/schema.js';
import type { VocLens, VocResult, VocTheme } from '../../core/text/voc-result.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { PhraseExtractor } from '../../data/text/key-phrases.js';
import type { TableRef } from '../analysis/table-ref.js';
import type { CustomerValueResult } from '../value/customer-value.js';
import { behaviourByTier } from './behaviour.js';
import { extractThemes } from './extract-themes.js';
import { journeyByTier } from './journey.js';
import { roadmapDilution } from './roadmap-dilution.js';
import { FDR, themesByTier } from './themes-by-tier.js';
import { gatherDocuments } from './voc-documents.js';
import { badFitCondition, voiceGroups } from './voc-groups.js';

export const NO_TEXT =
  'No text to read: the data hold no ticket subjects or bodies, feature requests, NPS comments, deal lost or won reasons, churn reasons or call notes. Map such columns (docs/voc.md) and the themes of what customers say appear here.';

/**
 * The voice of the customer by tier, on a dataset the audit has tiered: themes of what
 * customers raise, praise and lose deals over, with their numbers by tier; roadmap dilution;
 * the journey; behaviour. `audited.accounts` is the audit's table of accounts (tier and value
 * per account), `value` its customer value, `tierMethod` its tier source. Long text stays in
 * DuckDB; only counts and a few quotes come back.
 */
export async function voiceOfCustomer(
  dataset: Dataset,
  config: IcpConfig,
  audited: {
    readonly accounts: TableRef;
    readonly value: CustomerValueResult;
    readonly tierMethod: string;
  },
  options: { readonly extractor?: PhraseExtractor } = {},
): Promise<VocResult> {
  const { accounts, value, tierMethod } = audited;
  const settings = config.voc;
  const sources = await gatherDocuments(dataset, settings);
  const ideal = await voiceGroups(dataset, accounts, value, config.target);
  const documents = sources.reduce((s, x) => s + x.documents, 0);
  const { themes, labels } =
    documents > 0
      ? await readThemes(dataset, accounts, settings, ideal.available, options.extractor)
      : { themes: [], labels: new Map<number, string>() };
  const roadmap = await roadmapDilution(dataset, accounts, {
    badFit: badFitCondition(value, tierMethod),
    labels,
  });
  const behaviour = await behaviourByTier(dataset, accounts, {
    asOf: value.asOf,
    ideal: ideal.available,
    fdr: FDR,
  });
  return {
    available: documents > 0,
    reason:
      documents === 0
        ? NO_TEXT
        : themes.length === 0
          ? `No phrase is used by ${settings.min_accounts} accounts or more (voc.min_accounts), so there is no theme.`
          : null,
    sources,
    settings: {
      minAccounts: settings.min_accounts,
      maxThemes: settings.max_themes,
      requestTags: settings.request_tags,
      fdr: FDR,
    },
    ideal,
    themes,
    ...themeLists(themes),
    roadmap,
    journey: await journeyByTier(dataset, accounts, value.asOf),
    behaviour,
    notes: [
      ...(roadmap ? [] : ['No tickets or requests: roadmap dilution unknown.']),
      ...(behaviour ? [] : ['No usage with revenue: behaviour by tier unknown.']),
    ],
  };
}

/** Key phrases into themes, with their numbers by tier; `labels` names the raised themes. */
async function readThemes(
  dataset: Dataset,
  accounts: TableRef,
  settings: IcpConfig['voc'],
  ideal: boolean,
  extractor: PhraseExtractor | undefined,
): Promise<{ themes: VocTheme[]; labels: Map<number, string> }> {
  const extracted = await extractThemes(dataset.db, {
    minAccounts: settings.min_accounts,
    maxThemes: settings.max_themes,
    ...(extractor ? { extractor } : {}),
  });
  const themes = await themesByTier(dataset.db, accounts, extracted.themes, {
    minAccounts: settings.min_accounts,
    quotes: settings.quotes,
    ideal,
  });
  return { themes, labels: new Map(extracted.themes.raised.map((t, i) => [i, t.label])) };
}

/** The ICP's pain points, the bad fit's themes and the jobs, strongest first. */
function themeLists(themes: readonly VocTheme[]) {
  const strongest = (
    lens: VocLens,
    keep: (t: VocTheme) => boolean,
    lift: (t: VocTheme) => number,
  ) =>
    themes
      .filter((t) => t.lens === lens && keep(t))
      .sort((a, b) => lift(b) - lift(a) || a.id.localeCompare(b.id))
      .map((t) => t.id);
  const ratio = (t: VocTheme, g: 'icp' | 'outside' | 'ideal' | 'rest') =>
    t.groups[g].ratio?.ratio ?? 0;
  return {
    painPoints: strongest(
      'raised',
      (t) => t.side === 'icp',
      (t) => ratio(t, 'icp') - ratio(t, 'outside'),
    ),
    badFitThemes: strongest(
      'raised',
      (t) => t.side === 'bad-fit',
      (t) => ratio(t, 'outside') - ratio(t, 'icp'),
    ),
    jobs: strongest(
      'praised',
      () => true,
      (t) => (t.ideal === 'more' || t.side === 'icp' ? 1e6 : 0) + t.accounts,
    ),
  };
}
