import { expect, it } from 'vitest'
import { listMigrations, splitStatements } from './migrate'

it('splits a migration into statements, ignoring comments', () => {
  const sql = `-- header; with a semicolon\nCREATE TABLE a (x int); -- trailing\nCREATE INDEX ON a (x);\n\nINSERT INTO a VALUES (1), (2);\n`
  expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX ON a (x)', 'INSERT INTO a VALUES (1), (2)'])
})

// Parallel branches reserve their migration numbers up front (004 … 009), so a branch may ship
// 005 before 004 exists: numbers are unique and ascending from 1, not necessarily contiguous.
it('numbers the shipped migrations from 1, each once, in ascending order', () => {
  const versions = listMigrations().map((m) => m.version)
  expect(versions[0]).toBe(1)
  versions.forEach((v, i) => i > 0 && expect(v).toBeGreaterThan(versions[i - 1]))
})
