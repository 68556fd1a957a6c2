// Saves text as a file from the plugin window. A blob: link with `download` works in a data:
// URL frame (no secure context needed); Figma's desktop app shows its save dialog for it.

export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves bytes as a file from the plugin window. */
export function downloadBytes(filename: string, bytes: Uint8Array): void {
  downloadBlob(filename, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
}

function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
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
