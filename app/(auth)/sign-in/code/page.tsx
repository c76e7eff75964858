import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { AUTH_COOKIE_PREFIX } from '@/lib/auth/constants';
import { NEXT_PARAM, safeNextPath, signInPageFor } from '@/lib/auth/next-path';
import { getPrincipal } from '@/lib/auth/session';
import { SignInCodeForm } from './sign-in-code-form';

// Better Auth's two-factor plugin keeps the sign-in that waits for its code in this signed cookie.
const PENDING_SIGN_IN_COOKIES = [`${AUTH_COOKIE_PREFIX}.two_factor`, `__Secure-${AUTH_COOKIE_PREFIX}.two_factor`];

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mfa');
  return { title: t('signInCode.title') };
}

/** The second step of a sign-in with multi-factor on; without a password step in progress, back to the first. */
export default async function SignInCodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const next = safeNextPath((await searchParams)[NEXT_PARAM]);
  if (await getPrincipal()) redirect(next);
  const jar = await cookies();
  if (!PENDING_SIGN_IN_COOKIES.some((name) => jar.has(name))) redirect(signInPageFor(next));
  return <SignInCodeForm next={next} />;
}
