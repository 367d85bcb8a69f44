import { createHash } from 'node:crypto';
import type { Engine } from './engine';

interface Claim {
  readonly proof: string;
  /** Open connections of this relay using the source. */
  holders: number;
  /** While nobody holds it: when the claim lapses (ms since 1970). */
  expiresAt: number;
}

/** Claims one relay remembers at most (about 200 bytes each); connected sources always stay. */
export const MAX_CLAIMS = 100_000;

/**
 * Who may publish under which CloudEvents `source`: the first client to say hello with a source
 * binds it to the hash of its secret; a hello with another secret is refused until the claim
 * lapses, `leaseMs` after the source's last connection closed (or earlier, for the oldest, once
 * more than `maxClaims` are remembered). Engines with `claimSource`
 * (Redis) hold claims for every relay sharing them; otherwise this relay keeps its own table.
 *
 * @example
 * const claims = createSourceClaims(engine, 3_600_000)
 * if (!(await claims.claim('tab-1', secret))) refuse()
 */
export const createSourceClaims = (engine: Engine, leaseMs: number, maxClaims = MAX_CLAIMS) => {
  const claims = new Map<string, Claim>();
  /** Past the cap, the oldest claims nobody holds are forgotten early (memory stays bounded). */
  const trim = () => {
    for (const [source, claim] of claims) {
      if (claims.size <= maxClaims) return;
      if (claim.holders === 0) claims.delete(source);
    }
  };
  const sweep = () => {
    const now = Date.now();
    for (const [source, claim] of claims) if (claim.holders === 0 && claim.expiresAt < now) claims.delete(source);
    // Shared claims of connected sources are renewed well before they lapse.
    if (engine.claimSource)
      for (const [source, claim] of claims) if (claim.holders > 0) engine.claimSource(source, claim.proof, leaseMs).catch(() => {});
  };
  const sweeper = setInterval(sweep, Math.min(leaseMs / 3, 60_000)).unref();

  return {
    /** Proof of a secret (what is stored: never the secret itself). */
    proofOf: (secret: string): string => createHash('sha256').update(secret).digest('base64url'),
    /** Binds or re-enters `source` with `proof`; false when another proof holds it. Rejects when shared storage fails. */
    async claim(source: string, proof: string): Promise<boolean> {
      const local = claims.get(source);
      if (local && local.proof !== proof && (local.holders > 0 || local.expiresAt >= Date.now())) return false;
      if (engine.claimSource && !(await engine.claimSource(source, proof, leaseMs))) return false;
      const current = claims.get(source);
      if (current && current.proof !== proof && current.holders > 0) return false;
      if (current?.proof === proof) current.holders++;
      else {
        claims.set(source, { proof, holders: 1, expiresAt: 0 });
        if (claims.size > maxClaims) trim();
      }
      return true;
    },
    /** A connection using `source` closed; the claim lapses `leaseMs` after the last one. */
    release(source: string): void {
      const claim = claims.get(source);
      if (!claim || --claim.holders > 0) return;
      claim.expiresAt = Date.now() + leaseMs;
      engine.claimSource?.(source, claim.proof, leaseMs).catch(() => {});
    },
    close(): void {
      clearInterval(sweeper);
    },
  };
};

/** The claim table of one relay. */
export type SourceClaims = ReturnType<typeof createSourceClaims>;
