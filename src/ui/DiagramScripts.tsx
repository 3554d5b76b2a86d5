import { ENGINE_SCRIPTS } from '../engine/programs/scriptNames';
import { GlossaryTerm } from './GlossaryTerm';
import { FloatingDefinitions } from './useFloatingDefinition';

/**
 * The engine scripts the diagram's labels name (`EVAL INVALIDATE_IF_OLDER ...`), each a glossary
 * button with the registry's one line: an SVG label cannot take the keyboard's focus, and
 * presenter mode has no code panel to look the name up in.
 */
export function DiagramScripts({ names }: { names: readonly string[] }) {
  const named = ENGINE_SCRIPTS.filter((s) => names.includes(s.name));
  if (named.length === 0) return null;
  return (
    <p className="diagram-scripts" data-testid="diagram.scripts">
      {named.length === 1 ? 'Engine script drawn: ' : 'Engine scripts drawn: '}
      <FloatingDefinitions.Provider value={true}>
        {named.map((s, i) => (
          <span key={s.name}>
            {i > 0 && ', '}
            <GlossaryTerm id={s.name} />
          </span>
        ))}
      </FloatingDefinitions.Provider>
    </p>
  );
}
