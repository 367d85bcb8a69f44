// The floating panel's page (app.ts) with a "Save" button low in the viewport, under the open sheet.
import './app';

const save = document.getElementById('covered');
const saved = document.getElementById('saved');
save?.addEventListener('click', () => {
  if (saved) saved.textContent = 'saved';
});
