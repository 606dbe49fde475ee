// Printable HTML pages for the documents the hall hands out (A4, print from the browser). Every
// value printed is escaped: names and opinions come from people.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A complete A4 page: `title` in the head and as the heading, `body` already escaped HTML. */
export function printablePage(title: string, number: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} ${escapeHtml(number)}</title>
<style>
  @page { size: A4; margin: 25mm 20mm; }
  body { font-family: "SimSun", "Songti SC", serif; font-size: 16px; line-height: 1.8; max-width: 170mm; margin: 0 auto; }
  h1 { text-align: center; font-size: 24px; letter-spacing: 4px; margin-bottom: 4px; }
  .number { text-align: center; margin-top: 0; }
  .seal { text-align: right; margin-top: 48px; }
  ol { padding-left: 2em; }
  table { border-collapse: collapse; width: 100%; }
  td { border: 1px solid #000; padding: 6px 10px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="number">${escapeHtml(number)}</p>
${body}
</body>
</html>
`;
}

/** An ordered list of names, escaped. */
export function nameList(names: readonly string[]): string {
  return `<ol>\n${names.map((n) => `  <li>${escapeHtml(n)}</li>`).join('\n')}\n</ol>`;
}
