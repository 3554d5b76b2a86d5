import { Diagram } from './Diagram';
import { Narration } from './Narration';
import { NextScenario } from './NextScenario';
import { NextStepPreview } from './NextStepPreview';
import { PanelBoundary } from './PanelBoundary';
import { PlaybackControls } from './PlaybackControls';
import { PresenterButtons } from './PresenterButtons';
import { ScenarioPicker } from './ScenarioPicker';
import { SpeakerNotes } from './SpeakerNotes';
import { StatsStrip } from './StatsStrip';
import { WhenToUsePoints } from './WhenToUsePoints';

/**
 * Presenter mode: one screen for a room. The narration in large type beside the diagram, the
 * next press previewed, speaker notes on demand; settings, consoles and secondary panels hidden.
 */
export function PresenterView() {
  return (
    <>
      <div className="controls-bar presenter-bar">
        <ScenarioPicker />
        <PlaybackControls />
        <PresenterButtons />
      </div>
      <div className="presenter-stage">
        <div className="presenter-words">
          <PanelBoundary name="Narration">
            <Narration />
          </PanelBoundary>
          <NextScenario />
          <WhenToUsePoints />
        </div>
        <div className="presenter-picture">
          <PanelBoundary name="Statistics">
            <StatsStrip />
          </PanelBoundary>
          <PanelBoundary name="Diagram">
            <Diagram />
          </PanelBoundary>
          <NextStepPreview />
          <SpeakerNotes />
        </div>
      </div>
    </>
  );
}
