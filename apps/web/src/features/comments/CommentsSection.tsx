import { CommentsPanel } from './CommentsPanel';
import { useCommentsTranslation } from './i18n';

/** A page section "Commenti" with the conversation on a record. */
export function CommentsSection({ recordType, recordId, idPrefix = 'comments' }: { recordType: string; recordId: string; idPrefix?: string }) {
  const { t } = useCommentsTranslation();
  return (
    <section className="mb-5" aria-labelledby={`${idPrefix}-title`}>
      <h2 id={`${idPrefix}-title`} className="h4">
        {t('title')}
      </h2>
      <CommentsPanel recordType={recordType} recordId={recordId} idPrefix={idPrefix} />
    </section>
  );
}
