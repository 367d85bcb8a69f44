import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which web pages may open a WebSocket to the relay from a browser, by the `Origin` header the
 * browser sends: a list of exact origins (`scheme://host[:port]`, or `'*'` alone for every page),
 * or a predicate given the header as sent. Clients that send no Origin are not browsers and are
 * never refused by it.
 *
 * @example
 * const origins: RelayOrigins = ['https://shop.example', 'https://admin.shop.example']
 * const originsOfPreviews: RelayOrigins = (origin) => /^https:\/\/pr-\d+\.preview\.shop\.example$/.test(origin)
 */
export type RelayOrigins = readonly string[] | ((origin: string) => boolean);

/** The entry of an origins list that accepts every page. */
export const ANY_ORIGIN = '*';

/** Most characters of a refused Origin the log shows (a header can be kilobytes long). */
const LOGGED_ORIGIN_CHARS = 300;
/** Distinct refused origins logged one by one; later ones are only counted in metrics. */
const LOGGED_ORIGINS_MAX = 100;

/**
 * The origin an entry names, serialized as browsers send it (`https://Shop.Example:443/` becomes
 * `https://shop.example`); throws an Error saying what is wrong with an entry that names none.
 *
 * @example
 * normalizeOrigin('http://localhost:5173/') // 'http://localhost:5173'
 */
export const normalizeOrigin = (entry: string): string => {
  const example = 'write scheme://host[:port] with nothing after it, e.g. https://shop.example or http://localhost:5173';
  if (entry === 'null')
    throw new Error(
      '"null" is the origin of sandboxed frames and local files, which any site can create; list the origins of your pages instead.',
    );
  if (entry.includes('*'))
    throw new Error(
      `${JSON.stringify(entry)}: wildcards inside an origin are not supported; list each origin, or pass a function (createRelay's origins option) to match a pattern.`,
    );
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`${JSON.stringify(entry)} is not an origin; ${example}.`);
  }
  if (
    url.host === '' ||
    url.username !== '' ||
    url.password !== '' ||
    (url.pathname !== '' && url.pathname !== '/') ||
    url.search !== '' ||
    url.hash !== ''
  )
    throw new Error(`${JSON.stringify(entry)} is not an origin; ${example}.`);
  return `${url.protocol}//${url.host}`;
};

/**
 * Checks an origins list and serializes each entry; throws an Error naming the first bad one.
 *
 * @example
 * normalizeOriginList(['https://shop.example:443']) // ['https://shop.example']
 */
export const normalizeOriginList = (entries: readonly string[]): string[] => {
  const notText = entries.find((entry) => typeof entry !== 'string');
  if (notText !== undefined) throw new Error(`${String(notText)} is not an origin; list origins as text, e.g. 'https://shop.example'.`);
  if (entries.includes(ANY_ORIGIN)) {
    if (entries.length > 1) throw new Error(`'*' accepts every page, so listing other origins beside it means nothing; give '*' alone.`);
    return [ANY_ORIGIN];
  }
  return entries.map(normalizeOrigin);
};

const isLoopbackHostname = (hostname: string): boolean =>
  hostname === 'localhost' ||
  // Browsers resolve every *.localhost name to this machine (RFC 6761).
  hostname.endsWith('.localhost') ||
  hostname === '[::1]' ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** Whether an Origin header names a page served from this machine (http or https on localhost, 127.x.x.x or [::1]). */
export const isLoopbackOrigin = (origin: string): boolean => {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Only a header exactly as a browser serializes it: no path, no second origin joined in.
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') && `${url.protocol}//${url.host}` === origin && isLoopbackHostname(url.hostname)
  );
};

/** Whether the relay's bound address is reachable only from this machine. */
export const isLoopbackAddress = (address: string): boolean =>
  (isIPv4(address) && address.startsWith('127.')) || (isIPv6(address) && (address === '::1' || /^::ffff:127\./i.test(address)));

/** How the relay judges an Origin header, and how it explains a refusal. */
export interface OriginRule {
  /** Whether a page of this origin may connect. Never throws. */
  allows(origin: string): { allowed: true } | { allowed: false; why: string };
}

/**
 * The rule for `createRelay`'s `origins` option, or undefined when every origin is accepted (no
 * check). Without the option, a relay bound to a loopback address accepts only pages served from
 * this machine; a relay bound elsewhere accepts every page.
 *
 * @example
 * const rule = createOriginRule(undefined, true); rule?.allows('https://evil.example').allowed // false
 */
export const createOriginRule = (origins: RelayOrigins | undefined, loopbackOnly: boolean): OriginRule | undefined => {
  if (origins === undefined) {
    if (!loopbackOnly) return undefined;
    return {
      allows: (origin) =>
        isLoopbackOrigin(origin)
          ? { allowed: true }
          : {
              allowed: false,
              why: 'this relay listens on this machine only and, without an origins option, accepts only pages served from this machine (localhost, 127.0.0.1, [::1])',
            },
    };
  }
  if (typeof origins === 'function') {
    return {
      allows: (origin) => {
        try {
          return origins(origin) === true ? { allowed: true } : { allowed: false, why: "the relay's origins function refused it" };
        } catch (error) {
          return {
            allowed: false,
            why: `the relay's origins function threw: ${(error instanceof Error ? error.message : String(error)).slice(0, LOGGED_ORIGIN_CHARS)}`,
          };
        }
      },
    };
  }
  const listed = new Set(origins);
  if (listed.has(ANY_ORIGIN)) return undefined;
  return {
    allows: (origin) => (listed.has(origin) ? { allowed: true } : { allowed: false, why: "it is not in the relay's origins list" }),
  };
};

const normalizedOrUndefined = (origin: string): string | undefined => {
  try {
    return normalizeOrigin(origin);
  } catch {
    return undefined;
  }
};

/** The header as the log shows it: quoted, control characters escaped, and cut to a bounded length. */
const shownOrigin = (origin: string): string =>
  origin.length <= LOGGED_ORIGIN_CHARS
    ? JSON.stringify(origin)
    : `${JSON.stringify(origin.slice(0, LOGGED_ORIGIN_CHARS))}… (${origin.length} characters)`;

/**
 * Logs each refused origin once, with the fix, and stops naming new ones after
 * {@link LOGGED_ORIGINS_MAX} (a hostile client can send any number of them).
 *
 * @example
 * const report = createRefusalLog(console.warn); report('https://evil.example', 'it is not in the list')
 */
export const createRefusalLog = (log: (message: string) => void): ((origin: string, why: string) => void) => {
  const logged = new Set<string>();
  let stoppedNaming = false;
  return (origin, why) => {
    const key = origin.slice(0, LOGGED_ORIGIN_CHARS);
    if (logged.has(key)) return;
    if (logged.size >= LOGGED_ORIGINS_MAX) {
      if (!stoppedNaming)
        log(
          `[hubbub/relay] refused browser connections from ${LOGGED_ORIGINS_MAX} different origins; further origins are refused without a log line (see metrics().refusedOrigins).`,
        );
      stoppedNaming = true;
      return;
    }
    logged.add(key);
    let fix: string;
    if (origin === 'null')
      fix = 'Sandboxed frames and local files send "null", and any site can make one: serve the page from a real origin and list that.';
    else if (origin.length <= LOGGED_ORIGIN_CHARS && normalizedOrUndefined(origin) === origin)
      fix = `If that page is yours, add its origin to the relay's origins option: origins: ['${origin}'] (start npx hubbub-relay with --origin ${origin}).`;
    else fix = 'It is not an origin as a browser writes it (scheme://host[:port]), so no origins entry names it.';
    log(`[hubbub/relay] refused a browser connection (HTTP 403) from origin ${shownOrigin(origin)}: ${why}. ${fix}`);
  };
};
