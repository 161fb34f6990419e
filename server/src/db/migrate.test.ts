import { expect, it } from 'vitest'
import { listMigrations, splitStatements } from './migrate'

it('splits a migration into statements, ignoring comments', () => {
  const sql = `-- header; with a semicolon\nCREATE TABLE a (x int); -- trailing\nCREATE INDEX ON a (x);\n\nINSERT INTO a VALUES (1), (2);\n`
  expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX ON a (x)', 'INSERT INTO a VALUES (1), (2)'])
})

it('numbers the shipped migrations from 1, strictly increasing (tracks reserve numbers, so gaps are allowed)', () => {
  const versions = listMigrations().map((m) => m.version)
  expect(versions[0]).toBe(1)
  versions.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(versions[i]))
})
