// Next calls register() once when a server process starts, before it serves requests.
export async function register(): Promise<void> {
  // The edge runtime has no file system or database drivers; Keyfort's start-up belongs to Node only.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` runs this too, while prerendering: no database, root key or jobs belong to a build.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startKeyfort } = await import('./lib/server/startup');
  await startKeyfort();
}
