import { CopyButton } from '@/components/ui/copy-button';

/** A titled, copyable block of text the person runs or pastes (commands, a PEM key), as the wizard shows them. */
export function CommandBlock({ id, title, copyLabel, text, hint, testId }: { id: string; title: string; copyLabel: string; text: string; hint?: string; testId: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h5 id={id} className="text-[13px] font-medium text-gray-800">
          {title}
        </h5>
        <CopyButton value={text} label={copyLabel} />
      </div>
      {hint ? <p className="text-xs text-gray-600">{hint}</p> : null}
      <pre
        aria-labelledby={id}
        tabIndex={0}
        data-testid={testId}
        // Wrapped rather than scrolled sideways, so no part of a command is out of sight on a narrow screen; the
        // wrapping is only visual (copying the text gives the lines as they are).
        className="max-h-72 overflow-auto rounded border border-gray-200 bg-gray-950 px-3 py-2 font-mono text-xs leading-5 whitespace-pre-wrap text-gray-100 [overflow-wrap:anywhere]"
      >
        {text}
      </pre>
    </div>
  );
}
