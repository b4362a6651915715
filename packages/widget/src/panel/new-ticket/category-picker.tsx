import { type Catalog, type Category, categoriesByGroup } from '@aide/core';
import { usePanel } from '../context';

const descriptionId = (category: Category) => `aide-cat-${category.key.replace(/\./g, '-')}`;

/** Categories grouped by theme; choosing one opens its form. */
export function CategoryPicker(props: { catalog: Catalog; onPick: (key: string) => void }) {
  const { t } = usePanel();
  const label = (category: Category) => category.label ?? t(category.label_key);
  return (
    <div class="category-picker">
      <h3 class="section-title">{t('new.pickCategory')}</h3>
      {categoriesByGroup(props.catalog).map((group) => (
        <section
          key={group.group}
          class="category-group"
          aria-labelledby={`aide-group-${group.group}`}
        >
          <h4 id={`aide-group-${group.group}`} class="section-title">
            {t(group.label_key)}
          </h4>
          <ul class="category-list plain-list">
            {group.categories.map((category) => (
              <li key={category.key} class="category-item">
                <button
                  type="button"
                  class="category-button"
                  aria-describedby={category.description_key ? descriptionId(category) : undefined}
                  onClick={() => props.onPick(category.key)}
                >
                  {label(category)}
                </button>
                {category.description_key ? (
                  <span id={descriptionId(category)} class="category-description">
                    {t(category.description_key)}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
