/**
 * "↑ More above" or "↓ More below: scroll this column": what a presenter column says over the
 * edge where it cuts its content. It takes no room in the column (`teaching.css` lays it over
 * the edge), so its coming and going moves nothing under it.
 */
export function MoreCue({ where, testId }: { where: 'above' | 'below'; testId: string }) {
  return (
    <div className={`words-more-${where}`}>
      <p className="words-more" data-testid={testId}>
        {where === 'above' ? '↑ More above' : '↓ More below'}: scroll this column
      </p>
    </div>
  );
}
