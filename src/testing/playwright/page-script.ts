import { PAGE_SOURCE, PANEL_SOURCE, PROTOCOL_VERSION } from '../../devtools/protocol';

/**
 * The script the recorder runs inside the page (before the app on every navigation, and once in
 * the current document): it acts as a panel. It forwards the page's devtools messages (posted by
 * this very window, with the page's tag) to a Playwright binding, answers a buffering bus's
 * `hello` with `connect`, and asks buses that already exist to connect. Its viewer id is its binding's name.
 *
 * Plain ES5 source text, so no bundler or transpiler helper can leak into the page.
 */
export const pageScript = (binding: string): string => `(function (cfg) {
  var flag = Symbol.for('hubbub.recorder.' + cfg.binding);
  if (window[flag]) return;
  Object.defineProperty(window, flag, { value: true });
  var origin = location.origin && location.origin !== 'null' ? location.origin : '/';
  var send = function (message) { window.postMessage(message, origin); };
  window.addEventListener('message', function (event) {
    var m = event.data;
    if (event.source !== window || !m || typeof m !== 'object' || m.source !== cfg.pageSource) return;
    var forward = window[cfg.binding];
    if (typeof forward === 'function') forward(m);
    if (m.kind === 'hello' && m.instance && !m.instance.streaming) {
      send({ source: cfg.panelSource, version: cfg.version, kind: 'connect', instanceId: m.instanceId, viewer: cfg.binding });
    }
  });
  send({ source: cfg.panelSource, version: cfg.version, kind: 'connect', viewer: cfg.binding });
})(${JSON.stringify({ binding, pageSource: PAGE_SOURCE, panelSource: PANEL_SOURCE, version: PROTOCOL_VERSION })});`;

/** Source of a page function that posts one panel message from the page's own window. */
export const postScript = (message: unknown): string =>
  `window.postMessage(${JSON.stringify(message)}, location.origin && location.origin !== 'null' ? location.origin : '/')`;
