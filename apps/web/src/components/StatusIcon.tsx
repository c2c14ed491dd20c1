/** The tone of a status: fine, needs attention, ended or refused, or neither. */
export type Tone = 'ok' | 'warn' | 'off' | 'neutral';

const PATHS: Record<Tone, string> = {
  ok: 'M3 8.5l3.2 3.2L13 5',
  off: 'M4 4l8 8M12 4l-8 8',
  warn: 'M8 4v4.5l3 2',
  neutral: 'M4 8h8',
};

/** The icon shown next to a status's words, so that a status never relies on colour alone. */
export function StatusIcon({ tone, className }: { tone: Tone; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {tone === 'warn' && <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />}
      <path d={PATHS[tone]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
