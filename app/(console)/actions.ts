'use server';

import { z } from 'zod';
import { saveLocalePreference, setLocaleCookie } from '@/lib/auth/locale-preference';
import { ZLocale } from '@/lib/i18n/locales';
import { defineAction } from '@/lib/server/action';

/**
 * The console header's language switch: any signed-in person, whatever their role, sets their own language
 * (never anyone else's: the row is the actor's). Saved on their row, so it follows them to other browsers,
 * and in this browser's cookie, so the sign-in page after signing out speaks it too. Open before
 * multi-factor enrolment too: the console frame, switch included, is drawn around the enrolment page, which
 * a person the policy sends there must be able to read.
 */
export const setLocaleAction = defineAction(
  'setLocale',
  z.strictObject({ locale: ZLocale }),
  async (_ctx, actor, { locale }) => {
    await saveLocalePreference(actor.id, locale);
    await setLocaleCookie(locale);
    return { locale };
  },
  { beforeMfaEnrolment: true },
);
