/** One step of a dialect's schema history. Versions only grow; an applied step never changes. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Refuses a history with gaps, duplicates or disorder, so a bad edit fails at start-up. */
export function checkHistory(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
