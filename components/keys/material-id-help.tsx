import { useTranslations } from 'next-intl';
import { kcvOpensslCommand } from '@/lib/kms/kcv-command';

/**
 * What the material ID can and cannot tell a person. It is HMAC-SHA256(key ID, material) under a key derived
 * from this Keyfort's root key (lib/kms/README.md), so nobody can compute it from a key file: we say so
 * instead of hinting that it identifies a file. Checking a file offline takes the key check value, which the
 * material versions add; `kcv` is that value once the page has one, and the exact command is shown with it.
 */
export function MaterialIdHelp({ kcv }: { kcv?: string }) {
  const t = useTranslations('keys.material.materialIdHelp');
  return (
    <div className="mt-1.5 space-y-1 text-xs text-gray-600" data-testid="material-id-help">
      <p>{t('secret')}</p>
      {kcv ? (
        <>
          <p>{t('kcv', { kcv })}</p>
          {/* Wrapped, not scrolled: a scrolling box would need to be keyboard-focusable, and on a phone part of the command would be out of sight. */}
          <pre className="rounded bg-gray-950 px-2 py-1 font-mono whitespace-pre-wrap text-gray-100 [overflow-wrap:anywhere]">{kcvOpensslCommand('keyMaterial.bin')}</pre>
        </>
      ) : (
        <p>{t('noKcv')}</p>
      )}
    </div>
  );
}
