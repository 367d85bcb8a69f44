// The devtools page only creates the panel; everything else lives in panel.html.
chrome.devtools.panels.create('Hubbub', '', 'panel.html');
