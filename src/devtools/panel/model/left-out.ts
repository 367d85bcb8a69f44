import type { LeftOutCountsEntry } from '../../protocol';
import type { InstanceRecord } from './instances';

/** The reasons an event is left out, with the words the panel shows for each. */
const REASON_WORDS = { denied: 'denied', 'sampled-out': 'sampled out', 'over-cap': 'over the per-second cap' } as const;

const describeCounts = (counts: LeftOutCountsEntry): string =>
  (Object.keys(REASON_WORDS) as (keyof typeof REASON_WORDS)[])
    .filter((reason) => counts[reason] > 0)
    .map((reason) => `${counts[reason]} ${REASON_WORDS[reason]}`)
    .join(', ');

/**
 * Events the pages' recording controls left out, summed over the live and gone instances: the
 * total, and one line per type and reason (types beyond the page's tracked ones as "other types").
 *
 * @example
 * const { total, lines } = leftOutOf(instances.values()) // 12, ['pointer/move: 12 denied']
 */
export const leftOutOf = (instances: Iterable<InstanceRecord>): { total: number; lines: string[] } => {
  let total = 0;
  const lines: string[] = [];
  for (const { leftOut, info } of instances) {
    if (!leftOut || leftOut.total === 0) continue;
    total += leftOut.total;
    for (const row of leftOut.byType) lines.push(`${row.type}: ${describeCounts(row)}`);
    const others = describeCounts(leftOut.otherTypes);
    if (others) lines.push(`other types on ${info.name}: ${others}`);
  }
  return { total, lines };
};
