/**
 * Saves text as a file through the browser's download (an object URL, revoked once the download began).
 *
 * @example
 * download(model.exportJson(), 'hubbub-events.json', 'application/json')
 */
export const download = (text: string, name: string, type: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
