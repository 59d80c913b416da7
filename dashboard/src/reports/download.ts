// Saves text the page made as a file: a Blob behind an object URL and a link clicked for it.

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the URL only after the click's task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
