import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row has this height in CSS pixels (windowing needs it fixed). */
  rowHeight: number;
  /** Accessible name of the list. */
  label: string;
  getKey: (item: T) => string;
  /** The content of a row's button. */
  renderRow: (item: T, index: number) => ComponentChildren;
  onActivate: (item: T) => void;
  /** Rows rendered above and below the visible ones, so fast scrolling shows no gap. */
  overscan?: number;
  /** Viewport height assumed before layout (tests, first paint). */
  fallbackHeight?: number;
}

/**
 * A windowed list: only the rows in view (plus overscan) are in the DOM, so 10,000 tickets
 * cost as much as 20. It stays a list for assistive technology (each row says its position in
 * the whole set) and is one Tab stop: arrows, Page Up/Down, Home and End move between rows.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight } = props;
  const overscan = props.overscan ?? 4;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(props.fallbackHeight ?? 480);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const count = items.length;
  const current = Math.min(active, Math.max(0, count - 1));

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const measure = () => {
      if (element.clientHeight > 0) {
        // Never more than the window: if CSS left the list unbounded, still render a screenful.
        setViewport(Math.min(element.clientHeight, window.innerHeight || element.clientHeight));
      }
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!focusPending.current) {
      return;
    }
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${current}"]`)?.focus();
  });

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const indexes: number[] = [];
  // The row holding the Tab stop stays rendered even when scrolled away, so Tab finds it.
  if (current < first && count > 0) {
    indexes.push(current);
  }
  for (let index = first; index < last; index++) {
    indexes.push(index);
  }
  if (current >= last && count > 0) {
    indexes.push(current);
  }

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    const element = scroller.current;
    if (element) {
      const top = next * rowHeight;
      if (top < element.scrollTop) {
        element.scrollTop = top;
      } else if (top + rowHeight > element.scrollTop + viewport) {
        element.scrollTop = top + rowHeight - viewport;
      }
      setScrollTop(element.scrollTop);
    }
    focusPending.current = true;
    setActive(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const target: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: count - 1,
    };
    const index = target[event.key];
    if (index !== undefined) {
      event.preventDefault();
      moveTo(index);
    }
  };

  return (
    <div
      ref={scroller}
      class="vlist"
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ul
        aria-label={props.label}
        class="vlist-items"
        style={{ height: `${count * rowHeight}px` }}
        onKeyDown={onKeyDown}
      >
        {indexes.map((index) => {
          const item = items[index] as T;
          return (
            <li
              key={props.getKey(item)}
              class="vlist-row"
              aria-setsize={count}
              aria-posinset={index + 1}
              style={{ transform: `translateY(${index * rowHeight}px)`, height: `${rowHeight}px` }}
            >
              <button
                type="button"
                class="vlist-button"
                data-index={index}
                tabIndex={index === current ? 0 : -1}
                onClick={() => {
                  setActive(index);
                  props.onActivate(item);
                }}
                onFocus={() => setActive(index)}
              >
                {props.renderRow(item, index)}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
