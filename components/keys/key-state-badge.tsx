import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { KeyState } from '@/lib/kms/types';

const TONES: Record<KeyState, BadgeTone> = {
  ENABLED: 'green',
  DISABLED: 'gray',
  PENDING_DELETION: 'red',
  PENDING_IMPORT: 'amber',
};

export function KeyStateBadge({ state }: { state: KeyState }) {
  const t = useTranslations('keys.state');
  return <Badge tone={TONES[state]}>{t(state)}</Badge>;
}
