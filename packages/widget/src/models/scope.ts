/** Anything a model owns (effects, timers, listeners) is released by dispose(). */
export interface Disposable {
  dispose(): void;
}

/**
 * The models of one widget instance, created on first use and disposed together at unmount, so
 * two widgets on a page never share state and nothing outlives its widget.
 */
export interface ModelScope {
  use<T extends Disposable>(key: string, create: () => T): T;
  dispose(): void;
}

export function createModelScope(): ModelScope {
  const models = new Map<string, Disposable>();
  return {
    use<T extends Disposable>(key: string, create: () => T): T {
      let model = models.get(key);
      if (!model) {
        model = create();
        models.set(key, model);
      }
      return model as T;
    },
    dispose() {
      for (const model of models.values()) {
        model.dispose();
      }
      models.clear();
    },
  };
}
