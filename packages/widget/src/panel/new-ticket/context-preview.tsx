import type { ContextItem } from '../../models/captured-context';
import { usePanel } from '../context';
import { Button } from '../ui/button';

/** What will be attached automatically; each line can be removed before sending. */
export function ContextPreview(props: {
  items: readonly ContextItem[];
  removed: ReadonlySet<string>;
  onRemove: (key: string) => void;
  onRestore: () => void;
}) {
  const { t } = usePanel();
  const visible = props.items.filter((item) => !props.removed.has(item.key));
  const label = (item: ContextItem) => item.label ?? t(item.labelKey ?? item.key);
  const lastRemoved = props.items.find((item) => props.removed.has(item.key));
  return (
    <section class="context-preview" aria-labelledby="aide-context-title">
      <h4 id="aide-context-title">{t('new.context.title')}</h4>
      <p class="field-hint">{t('new.context.hint')}</p>
      <ul class="context-list">
        {visible.map((item) => (
          <li key={item.key} class="context-item">
            <span>
              <span class="context-label">{label(item)}</span> : {item.value}
            </span>
            <Button variant="ghost" onClick={() => props.onRemove(item.key)}>
              {t('common.remove')}
              <span class="visually-hidden"> {label(item)}</span>
            </Button>
          </li>
        ))}
      </ul>
      {props.removed.size ? (
        <Button variant="ghost" onClick={props.onRestore}>
          {t('new.context.restore')}
        </Button>
      ) : null}
      <div role="status" class="visually-hidden">
        {lastRemoved ? t('new.context.removed', { label: label(lastRemoved) }) : ''}
      </div>
    </section>
  );
}
