import { literal, type Model, type ModelStatic, type Sequelize } from 'sequelize';

/**
 * `column LIKE '%fragment%'` with `!` as the escape character (the same on MySQL and SQLite), so `%` and `_`
 * typed in a keyword match themselves instead of acting as wildcards.
 */
export function containsSql(sequelize: Sequelize, column: string, fragment: string): string {
  const pattern = `%${fragment.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return `${column} LIKE ${sequelize.escape(pattern)} ESCAPE '!'`;
}

/** A WHERE condition: any of the model's columns contains the keyword (list keyword filters). */
export function containsAny(model: ModelStatic<Model>, columns: readonly string[], keyword: string) {
  const sequelize = model.sequelize;
  if (!sequelize) throw new Error(`${model.name} is not initialised`);
  return literal(`(${columns.map((c) => containsSql(sequelize, c, keyword)).join(' OR ')})`);
}
