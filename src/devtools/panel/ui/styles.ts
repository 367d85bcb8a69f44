/** The panel's stylesheet: injected once into the document or shadow root the panel is mounted in. */
export const PANEL_CSS = `
.hb-panel{--bg:#fff;--fg:#1f2328;--muted:#6e7781;--line:#d0d7de;--sel:#cfe3ff;--head:#f6f8fa;--err:#c62828;--warn:#8a6100;--ok:#1a7f37;--accent:#0b57d0;
  font:12px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);display:flex;flex-direction:column;height:100%;min-height:0;box-sizing:border-box}
.hb-panel[data-theme=dark]{--bg:#202124;--fg:#e8eaed;--muted:#9aa0a6;--line:#3c4043;--sel:#213e66;--head:#292a2d;--err:#f28b82;--warn:#fdd663;--ok:#81c995;--accent:#8ab4f8}
.hb-panel *{box-sizing:border-box}
.hb-panel button,.hb-panel input,.hb-panel select,.hb-panel textarea{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:3px;padding:1px 6px}
.hb-panel button{cursor:pointer}
.hb-panel button:disabled{cursor:default;opacity:.5}
.hb-toolbar{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;padding:4px 6px;border-bottom:1px solid var(--line);background:var(--head)}
.hb-views button[aria-selected=true],.hb-tabs button[aria-selected=true]{border-color:var(--accent);color:var(--accent)}
.hb-filters,.hb-actions{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.hb-filters input[type=search]{width:260px}
.hb-actions input[type=number]{width:90px}
.hb-banner{padding:4px 8px;border-bottom:1px solid var(--line);background:var(--head)}
.hb-banner-error{color:var(--err);font-weight:600}
.hb-banner-warning{color:var(--warn)}
.hb-banner ul{margin:0;padding-left:16px}
.hb-main{flex:1;min-height:0;display:flex}
.hb-split{display:flex;flex:1;min-height:0;min-width:0}
.hb-log{flex:3 1 0;display:flex;flex-direction:column;min-width:0;min-height:0;border-right:1px solid var(--line)}
.hb-log-status{padding:2px 6px;color:var(--muted)}
.hb-log-scroll{flex:1 1 0;overflow:auto;min-height:0;outline:none}
.hb-log-scroll:focus-visible{box-shadow:inset 0 0 0 1px var(--accent)}
.hb-row{display:flex;gap:8px;align-items:center;padding:0 6px;white-space:nowrap;cursor:default;border-bottom:1px solid transparent}
.hb-row:hover{background:var(--head)}
.hb-row.hb-selected{background:var(--sel)}
.hb-row.hb-active{outline:1px dotted var(--accent);outline-offset:-1px}
.hb-row-head{color:var(--muted);border-bottom:1px solid var(--line);height:20px}
.hb-cell-time{flex:none;width:84px;font-variant-numeric:tabular-nums;color:var(--muted)}
.hb-cell-type{flex:1 1 0;min-width:100px;overflow:hidden;text-overflow:ellipsis;font-family:ui-monospace,Menlo,monospace}
.hb-cell-instance{flex:0 1 90px;min-width:30px;overflow:hidden;text-overflow:ellipsis;color:var(--muted)}
.hb-cell-handlers{flex:none;width:24px;text-align:right}
.hb-cell-badges{flex:none;min-width:56px;display:flex;gap:4px}
.hb-cell-glance{flex:1 1 0;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--muted)}
.hb-badge{border-radius:8px;padding:0 6px;font-size:11px;border:1px solid currentColor}
.hb-badge-failed,.hb-badge-threw,.hb-badge-storm,.hb-badge-error{color:var(--err)}
.hb-badge-blocked,.hb-badge-leak{color:var(--warn)}
.hb-row-leak td{background:color-mix(in srgb,var(--warn) 12%,transparent)}
.hb-leaks{margin:4px 0;padding-left:16px}
.hb-badge-ok,.hb-badge-passed{color:var(--ok)}
.hb-badge-transformed,.hb-badge-replayed{color:var(--accent)}
.hb-badge-navigation{color:var(--accent)}.hb-row.hb-after-navigation{border-top:2px solid var(--accent)}
.hb-badge-pending{color:var(--muted)}
.hb-detail{flex:2 1 0;overflow:auto;padding:6px 10px;min-width:0;min-height:0}
.hb-detail-head{display:flex;flex-wrap:wrap;gap:0 8px;align-items:center;min-width:0}
.hb-detail-head>*{flex:none;max-width:100%}
.hb-detail h2{font-size:14px;margin:4px 0;font-family:ui-monospace,Menlo,monospace}
.hb-detail-head h2{flex:0 1 auto;min-width:0;overflow:hidden;overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3}
.hb-payload-stages{display:flex;gap:4px;margin:0 0 4px;padding:0;border:0;min-width:0}
.hb-payload-stages button[aria-pressed=true]{border-color:var(--accent);color:var(--accent)}
.hb-payload-note{margin:2px 0 4px}
.hb-diff{list-style:none;margin:0;padding:0;font-family:ui-monospace,Menlo,monospace;overflow-wrap:anywhere}
.hb-diff-added{color:var(--ok)}.hb-diff-removed{color:var(--err)}
.hb-diff-base{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;margin:0 0 4px;min-width:0}
.hb-diff-base select{max-width:100%;min-width:0}
.hb-diff-base button[aria-pressed=true]{border-color:var(--accent);color:var(--accent)}
.hb-meta{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:6px 0}
.hb-meta dt{color:var(--muted)}
.hb-meta dd{margin:0;font-family:ui-monospace,Menlo,monospace;overflow-wrap:anywhere}
.hb-tabs{display:flex;gap:4px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-bottom:6px}
.hb-tree{list-style:none;margin:0;padding-left:14px;font-family:ui-monospace,Menlo,monospace}
.hb-tree-root{padding-left:0}
.hb-tree-toggle{border:none!important;background:none!important;padding:0!important;text-align:left}
.hb-tree-key{color:var(--accent)}
.hb-tree-string{color:#0a7d2c}.hb-panel[data-theme=dark] .hb-tree-string{color:#81c995}
.hb-tree-number,.hb-tree-boolean{color:#9a4dff}
.hb-tree-null,.hb-tree-muted{color:var(--muted)}
.hb-tree-error{color:var(--err)}
.hb-tree-special{font-style:italic}
.hb-steps{margin:0;padding-left:18px}
.hb-step{margin:3px 0}
.hb-step-name{font-weight:600}
.hb-before-after{display:flex;gap:12px}
.hb-before-after h4{margin:2px 0;color:var(--muted);font-weight:normal}
.hb-error-block{margin:3px 0;padding:3px 6px;border-left:3px solid var(--err)}
.hb-error-text{color:var(--err)}
.hb-stack{white-space:pre-wrap;margin:2px 0;font-size:11px}
.hb-muted{color:var(--muted)}
.hb-link{background:none;border:0;padding:0 4px 0 0;color:var(--accent);text-decoration:underline;cursor:pointer;font:inherit}
.hb-left-out{display:inline-block;vertical-align:top}.hb-left-out summary{cursor:pointer}.hb-left-out ul{margin:2px 0 0;padding-left:16px}
.hb-blocked-note{color:var(--warn);overflow-wrap:anywhere}
.hb-tree-note{color:var(--muted);font-style:italic}
.hb-pipeline h3,.hb-scroll-view h3{font-size:12px;margin:8px 0 2px}
.hb-cause-tree,.hb-cause-tree ul{list-style:none;padding-left:14px;margin:0}
.hb-cause-tree{padding-left:0}
.hb-cause-node{border:none!important;background:none!important;font-family:ui-monospace,Menlo,monospace}
.hb-trace{margin:0;padding-left:22px;font-family:ui-monospace,Menlo,monospace}
.hb-trace-frame{border:none!important;background:none!important;padding:0;font:inherit;text-align:left;cursor:pointer;color:var(--accent)}
.hb-cause-node.hb-selected{text-decoration:underline;font-weight:600}
.hb-cause-node.hb-status-failed,.hb-cause-node.hb-status-storm{color:var(--err)}
.hb-scroll-view{flex:1;overflow:auto;padding:6px 10px}
.hb-table{border-collapse:collapse;margin-bottom:8px}
.hb-table th,.hb-table td{border-bottom:1px solid var(--line);padding:1px 10px 1px 0;text-align:left}
.hb-clickable{cursor:pointer}
.hb-dispatch{display:flex;flex-direction:column;gap:6px;max-width:560px}
.hb-dispatch textarea{width:100%;font-family:ui-monospace,Menlo,monospace}
.hb-dispatch-refused{color:var(--err)}
.hb-dispatch-accepted{color:var(--ok)}
.hb-dispatch-notes{margin:0;padding-left:16px;overflow-wrap:anywhere}
.hb-empty{color:var(--muted);padding:8px}
@media (max-width:720px){.hb-split{flex-direction:column}.hb-log{border-right:none;border-bottom:1px solid var(--line)}}
`;
