/**
 * The timing shared by the in-process benches (core, call-site): every candidate of a scenario is
 * warmed up and calibrated to about SAMPLE_MS per sample, then sampled in ROUNDS interleaved rounds
 * whose order rotates, so the machine's drift falls on every candidate alike; each gets its median.
 *
 * @example
 * const msPerOp = await medianMsPerOp([{ name: 'mitt', run: (n) => { for (let i = 0; i < n; i++) m.emit('a', i) } }])
 */

/** Runs n operations (may be async: publish benches await). */
export type Op = (n: number) => void | Promise<void>;

export interface Candidate {
  readonly name: string;
  readonly run: Op;
}

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
export const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 25);
/** How long each candidate runs before it is sized (see calibrate). */
export const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? SAMPLE_MS * 8);

/** Times one sample of n operations, in ms. */
const time = async (run: Op, n: number): Promise<number> => {
  const start = performance.now();
  const pending = run(n);
  if (pending) await pending;
  return performance.now() - start;
};

/**
 * Finds how many operations fill about SAMPLE_MS, on warm code: it keeps running the candidate
 * (growing n while a run takes under a quarter of SAMPLE_MS) until it has run for WARMUP_MS, and
 * sizes from the last run. Sized from its first runs instead, before V8 had optimized it, a
 * candidate could get samples 20 times shorter than the others' (1 ms instead of 25), which then
 * measured little more than the cost of resuming cold code after the other candidates ran.
 */
const calibrate = async (run: Op): Promise<number> => {
  let n = 16;
  let spent = 0;
  for (;;) {
    const ms = await time(run, n);
    spent += ms;
    if (ms < SAMPLE_MS / 4 && n < 1 << 26) n *= 4;
    else if (spent >= WARMUP_MS) return Math.max(1, Math.round((n * SAMPLE_MS) / Math.max(ms, 0.001)));
  }
};

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Each candidate's median milliseconds per operation, sampled in interleaved rounds. */
export const medianMsPerOp = async (candidates: readonly Candidate[]): Promise<Map<string, number>> => {
  const sizes = new Map<string, number>();
  for (const candidate of candidates) sizes.set(candidate.name, await calibrate(candidate.run));
  const samples = new Map<string, number[]>(candidates.map((candidate) => [candidate.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let offset = 0; offset < candidates.length; offset++) {
      const candidate = candidates[(round + offset) % candidates.length] as Candidate;
      const n = sizes.get(candidate.name) as number;
      samples.get(candidate.name)?.push((await time(candidate.run, n)) / n);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
};
