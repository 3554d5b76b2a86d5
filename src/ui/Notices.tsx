import { useSandbox, useSandboxApi } from './storeContext';

/** Messages about refused input or ignored link settings; nothing is lost when they appear. */
export function Notices() {
  const store = useSandboxApi();
  const notices = useSandbox((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((n) => (
        <li
          key={n.id}
          className={`notice notice-${n.tone}`}
          role={n.tone === 'error' ? 'alert' : 'status'}
        >
          <span>{n.text}</span>
          <button
            type="button"
            aria-label="Dismiss notice"
            onClick={() => store.getState().dismissNotice(n.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
