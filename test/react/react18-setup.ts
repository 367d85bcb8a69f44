import { version } from 'react';
import { version as domVersion } from 'react-dom';

// The run is only worth its name if what renders is React 18: fail at once, not with 84 passing tests on React 19.
if (!version.startsWith('18.') || !domVersion.startsWith('18.')) {
  throw new Error(`test:react18 resolved react ${version} and react-dom ${domVersion}; run npx tsx scripts/install-react18.ts.`);
}
