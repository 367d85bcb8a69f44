import { PAGE_SOURCE, PANEL_SOURCE, PROTOCOL_VERSION } from '../../devtools/protocol';

/** `targetOrigin()` of devtools/target-origin.ts as page source text: a bundled function's text could carry helpers the page lacks. */
const TARGET_ORIGIN = "location.origin && location.origin !== 'null' ? location.origin : '/'";

/**
 * The script the recorder runs inside the page (before the app on every navigation, and once in
 * the current document): it acts as a panel. It forwards the page's devtools messages (posted by
 * this very window, with the page's tag) to a Playwright binding, answers a buffering bus's
 * `hello` with `connect`, and asks buses that already exist to connect. Its viewer id is its binding's name.
 * Each message goes with an id of this document, so the recorder knows when a frame's buses went away
 * (a reload, a navigation). When the binding answers `false` (the recorder was stopped), the script
 * disconnects and goes quiet.
 *
 * Plain ES5 source text, so no bundler or transpiler helper can leak into the page.
 */
export const pageScript = (binding: string): string => `(function (cfg) {
  var flag = Symbol.for('hubbub.recorder.' + cfg.binding);
  if (window[flag]) return;
  var documentId = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  Object.defineProperty(window, flag, { value: documentId });
  var origin = ${TARGET_ORIGIN};
  var send = function (message) { window.postMessage(message, origin); };
  var quiet = false;
  var goQuiet = function (keep) {
    if (keep !== false || quiet) return;
    quiet = true;
    send({ source: cfg.panelSource, version: cfg.version, kind: 'disconnect', viewer: cfg.binding });
  };
  window.addEventListener('message', function (event) {
    var pageMessage = event.data;
    if (quiet || event.source !== window || !pageMessage || typeof pageMessage !== 'object' || pageMessage.source !== cfg.pageSource) return;
    var forward = window[cfg.binding];
    var answer = typeof forward === 'function' ? forward(pageMessage, documentId) : undefined;
    if (answer && typeof answer.then === 'function') answer.then(goQuiet, function () {});
    if (pageMessage.kind === 'hello' && pageMessage.instance && !pageMessage.instance.streaming) {
      send({ source: cfg.panelSource, version: cfg.version, kind: 'connect', instanceId: pageMessage.instanceId, viewer: cfg.binding });
    }
  });
  send({ source: cfg.panelSource, version: cfg.version, kind: 'connect', viewer: cfg.binding });
})(${JSON.stringify({ binding, pageSource: PAGE_SOURCE, panelSource: PANEL_SOURCE, version: PROTOCOL_VERSION })});`;

/** Source of a page function that posts one panel message from the page's own window. */
export const postScript = (message: unknown): string => `window.postMessage(${JSON.stringify(message)}, ${TARGET_ORIGIN})`;

/** Source of a page function that returns the id the page script gave this document (undefined before it ran). */
export const documentIdScript = (binding: string): string => `window[Symbol.for(${JSON.stringify(`hubbub.recorder.${binding}`)})]`;
