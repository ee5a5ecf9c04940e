/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A self-contained page: no external stylesheet, font or script. */
export function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ordermock</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}
code{background:#f4f4f4;padding:0 .2rem}.om-bar{padding:.5rem 0;margin:0}</style>
${head}</head>
<body>
${body}
</body></html>
`;
}
