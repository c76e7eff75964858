import Link from 'next/link';

/** A record's key: its ID (a link to the key) with the key's aliases beside it, or a dash. */
export function AuditKeyCell({ keyId, aliases }: { keyId: string | null; aliases: readonly string[] | undefined }) {
  if (!keyId) return <span className="text-gray-500">—</span>;
  return (
    <>
      <Link href={`/keys/${keyId}`} className="font-mono text-xs text-brand-600 hover:underline">
        {keyId}
      </Link>
      {aliases && aliases.length > 0 ? (
        <span className="block max-w-72 truncate font-mono text-xs text-gray-600" title={aliases.join(', ')} data-testid="audit-key-aliases">
          {aliases.join(', ')}
        </span>
      ) : null}
    </>
  );
}
