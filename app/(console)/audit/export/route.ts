import { getTranslations } from 'next-intl/server';
import { auditExportFilename, AUDIT_EXPORT_CONTENT_TYPES, encodeAuditExport } from '@/lib/audit-export/encode';
import { getPrincipal } from '@/lib/auth/session';
import { exportAuditEvents } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import { AUDIT_EXPORT_FORMATS, type TAuditExportFormat } from '@/lib/kms';
import { parseAuditParams, toAuditFilter } from '@/lib/queries/audit-params';
import { getKmsContext } from '@/lib/server/kms-context';

// GET /audit/export?format=csv|jsonl&<the audit page's filters>: the filtered log as a download, streamed a
// page at a time. Authenticates and authorises itself (audit:read, in the domain, which audits the export
// or its refusal); proxy.ts only redirects browsers without a session cookie.

export const dynamic = 'force-dynamic';

type TRefusal = 'signIn' | 'crossSite' | 'forbidden' | 'filters';

// A browser shows these texts as the page, so they are in the person's language (audit.json `export.refusals`).
async function refusal(status: number, words: TRefusal | { format: readonly string[] } | { filter: string }): Promise<Response> {
  const t = await getTranslations('audit.export.refusals');
  const message = typeof words === 'string' ? t(words) : 'format' in words ? t('format', { formats: words.format.join(', ') }) : t('filter', { filter: words.filter });
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/** A download started by another site (a link or image there) is refused: it would write audit records. */
function crossSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}

export async function GET(request: Request): Promise<Response> {
  const actor = await getPrincipal();
  if (!actor) return refusal(401, 'signIn');
  if (crossSite(request)) return refusal(403, 'crossSite');
  const search = new URL(request.url).searchParams;
  const format = search.get('format') ?? 'csv';
  if (!(AUDIT_EXPORT_FORMATS as readonly string[]).includes(format)) return refusal(400, { format: AUDIT_EXPORT_FORMATS });
  const filter = toAuditFilter(parseAuditParams(Object.fromEntries(search)));
  if (!filter.ok) return refusal(400, { filter: filter.invalid });

  let pages;
  try {
    pages = await exportAuditEvents(await getKmsContext(), { actor, format: format as TAuditExportFormat, ...filter.filter });
  } catch (error) {
    if (isKmsError(error) && error.code === 'FORBIDDEN') return refusal(403, 'forbidden');
    if (isKmsError(error) && error.code === 'VALIDATION') return refusal(400, 'filters');
    throw error;
  }
  const filename = auditExportFilename(format as TAuditExportFormat, new Date());
  return new Response(encodeAuditExport(format as TAuditExportFormat, pages), {
    headers: {
      'content-type': AUDIT_EXPORT_CONTENT_TYPES[format as TAuditExportFormat],
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
