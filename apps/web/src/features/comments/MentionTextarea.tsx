import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type Ref } from 'react';
import { useDebounced } from '../../lib/use-debounced';
import { commentsApi, mentionQueryAt } from './api';
import { useCommentsTranslation } from './i18n';

export interface Person {
  id: string;
  displayName: string;
}

interface Props {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
  /** Called when a person is chosen from the suggestions. */
  onMention: (person: Person) => void;
  recordType: string;
  recordId: string;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

/**
 * A textarea that suggests people to mention after "@": an ARIA combobox whose listbox shows the people who
 * may see the record; arrows move, Enter or a click inserts "@Nome Cognome", Escape closes.
 */
export function MentionTextarea({ id, label, hint, error, value, onChange, onMention, recordType, recordId, textareaRef }: Props) {
  const { t } = useCommentsTranslation();
  const own = useRef<HTMLTextAreaElement | null>(null);
  const [trigger, setTrigger] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const q = useDebounced(trigger?.query ?? '', 200);
  const open = trigger !== null;
  const people = useQuery({
    queryKey: ['comments', 'mentionable', recordType, recordId, q],
    queryFn: ({ signal }) => commentsApi.mentionable(recordType, recordId, q, signal),
    enabled: open,
  });
  const items = open ? (people.data?.items ?? []) : [];
  const listId = `${id}-mentions`;

  const update = (text: string, caret: number) => {
    onChange(text);
    const found = mentionQueryAt(text, caret);
    setTrigger(found);
    setActive(0);
  };
  const choose = (p: Person) => {
    if (!trigger) return;
    const el = own.current;
    const caret = el?.selectionStart ?? value.length;
    const next = `${value.slice(0, trigger.start)}@${p.displayName} ${value.slice(caret)}`;
    onChange(next);
    onMention(p);
    setTrigger(null);
    const pos = trigger.start + p.displayName.length + 2;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(pos, pos);
    });
  };
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className="mb-3 pc-field position-relative">
      <label htmlFor={id} className="form-label pc-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="form-text pc-hint mb-1">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        ref={(el) => {
          own.current = el;
          if (typeof textareaRef === 'function') textareaRef(el);
          else if (textareaRef) (textareaRef as { current: HTMLTextAreaElement | null }).current = el;
        }}
        className={`form-control pc-input${error ? ' is-invalid' : ''}`}
        rows={4}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && items[active] ? `${listId}-${items[active].id}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(e) => update(e.target.value, e.target.selectionStart)}
        onKeyDown={(e) => {
          if (!open || items.length === 0) {
            if (e.key === 'Escape' && open) setTrigger(null);
            return;
          }
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => (a + 1) % items.length);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => (a - 1 + items.length) % items.length);
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault();
            choose(items[active]!);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setTrigger(null);
          }
        }}
        onBlur={() => setTimeout(() => setTrigger(null), 150)}
      />
      <ul id={listId} role="listbox" aria-label={t('suggestions')} className="list-group pc-mentions" hidden={!open || items.length === 0}>
        {items.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${p.id}`}
            role="option"
            aria-selected={i === active}
            className={`list-group-item list-group-item-action${i === active ? ' active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(p);
            }}
          >
            {p.displayName}
          </li>
        ))}
      </ul>
      <div aria-live="polite" className="visually-hidden">
        {open && people.isSuccess ? (items.length === 0 ? t('no_suggestions') : `${t('suggestions')}: ${items.length}`) : ''}
      </div>
      {error && (
        <p id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </p>
      )}
    </div>
  );
}
