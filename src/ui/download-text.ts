// Saves text as a file from the plugin window. A blob: link with `download` works in a data:
// URL frame (no secure context needed); Figma's desktop app shows its save dialog for it.

export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.dataset.testid = 'download-link';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    a.remove();
    URL.revokeObjectURL(url);
  }, 60_000);
}
