/**
 * Whether a deal stage label means won, lost or still open, read from its words: "Closed Won",
 * "closedwon", "Won", "Signed" are won; "Closed Lost", "Lost", "Closed-Lost to Competition",
 * "Disqualified" are lost; pipeline steps ("Appointment Scheduled", "Negotiation/Review") are open.
 */
export type StageOutcome = 'won' | 'lost' | 'open';

const WON = /\b(won|win|signed)\b|closedwon/;
const LOST = /\b(lost|loss|disqualified|churned)\b|closedlost/;

export function classifyStage(label: string): StageOutcome {
  const words = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const compact = words.replaceAll(' ', '');
  const won = WON.test(words) || WON.test(compact);
  const lost = LOST.test(words) || LOST.test(compact);
  if (won && !lost) return 'won';
  if (lost && !won) return 'lost';
  return 'open';
}
